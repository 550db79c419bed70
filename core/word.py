"""Word documents (.docx, python-docx) written from a report's HTML: the same page the
PDF is rendered from, so the two never say different things. Headings become Word's
heading styles (the navigation pane and a table of contents work), tables real Word
tables with a header row, lists Word lists, *emphasis* italic; the document is marked
Swedish. What only the printed page needs (running titles, the draft mark, the PDF's
table of contents) is left out; a draft says so at its top and in its header.
"""

from io import BytesIO

from bs4 import BeautifulSoup, NavigableString, Tag
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

LANGUAGE = "sv-SE"
SKIPPED_CLASSES = {"draft-mark", "running-title", "running-organisation", "running-board"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BLOCKS = {"section", "div", "article", "header", "footer", "main", "body", "figure"}


def html_to_docx(html: str, *, title: str, author: str = "", draft_note: str = "") -> bytes:
    """The .docx of a report page: `title` and `author` go in its properties, and
    `draft_note` (if any) at the top of the text and in every page's header."""
    document = Document()
    _swedish(document)
    document.core_properties.title = title
    document.core_properties.author = author
    document.core_properties.language = LANGUAGE
    if draft_note:
        document.sections[0].header.paragraphs[0].text = draft_note
        document.add_paragraph(draft_note, style="Intense Quote")
    soup = BeautifulSoup(html, "html.parser")
    _blocks(document, soup.body or soup)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _swedish(document) -> None:
    """Every style's text in Swedish (spelling, hyphenation, screen readers)."""
    for style in document.styles:
        element = getattr(style, "element", None)
        if element is None or style.type is None:
            continue
        properties = element.get_or_add_rPr()
        language = properties.find(qn("w:lang"))
        if language is None:
            language = OxmlElement("w:lang")
            properties.append(language)
        language.set(qn("w:val"), LANGUAGE)
    document.styles["Normal"].font.size = Pt(11)


def _skipped(tag: Tag) -> bool:
    classes = set(tag.get("class") or [])
    return (
        tag.name in ("head", "style", "script", "nav")
        or bool(classes & SKIPPED_CLASSES)
        or tag.get("aria-hidden") == "true"
    )


def _blocks(document, parent: Tag) -> None:
    for child in parent.children:
        if isinstance(child, NavigableString):
            if child.strip():
                document.add_paragraph(child.strip())
            continue
        if not isinstance(child, Tag) or _skipped(child):
            continue
        if child.name in HEADINGS:
            document.add_heading(_text(child), level=HEADINGS[child.name])
        elif child.name == "p":
            _inline(document.add_paragraph(), child)
        elif child.name in ("ul", "ol"):
            _list(document, child, level=1)
        elif child.name == "table":
            _table(document, child)
        elif child.name == "dl":
            for term in child.find_all("dt"):
                definition = term.find_next_sibling("dd")
                paragraph = document.add_paragraph()
                paragraph.add_run(f"{_text(term)}: ").bold = True
                if definition is not None:
                    _inline(paragraph, definition)
        elif child.name in BLOCKS:
            _blocks(document, child)
        else:
            _inline(document.add_paragraph(), child)


def _list(document, element: Tag, *, level: int) -> None:
    kind = "List Number" if element.name == "ol" else "List Bullet"
    style = kind if level == 1 else f"{kind} {min(level, 3)}"
    for item in element.find_all("li", recursive=False):
        paragraph = document.add_paragraph(style=style)
        nested = []
        for child in item.children:
            if isinstance(child, Tag) and child.name in ("ul", "ol"):
                nested.append(child)
            elif isinstance(child, Tag) and child.name in ("p", "div"):
                _inline(paragraph, child)
            else:
                _inline_node(paragraph, child, bold=False, italic=False)
        for sublist in nested:
            _list(document, sublist, level=level + 1)


def _table(document, element: Tag) -> None:
    caption = element.find("caption")
    if caption is not None:
        document.add_paragraph(_text(caption), style="Caption")
    rows = element.find_all("tr")
    if not rows:
        return
    width = max(
        sum(int(cell.get("colspan", 1) or 1) for cell in row.find_all(["th", "td"])) for row in rows
    )
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    for row in rows:
        cells = table.add_row().cells
        column = 0
        for cell in row.find_all(["th", "td"]):
            span = int(cell.get("colspan", 1) or 1)
            target = cells[column]
            if span > 1:
                target = target.merge(cells[min(column + span, width) - 1])
            paragraph = target.paragraphs[0]
            _inline(paragraph, cell, bold=cell.name == "th")
            column += span
        if row.parent.name == "thead":
            _repeat_as_header(table.rows[-1])


def _repeat_as_header(row) -> None:
    """A header row Word repeats on every page and reads as the header to screen readers."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _inline(paragraph, element: Tag, *, bold: bool = False, italic: bool = False) -> None:
    for child in element.children:
        _inline_node(paragraph, child, bold=bold, italic=italic)


def _inline_node(paragraph, node, *, bold: bool, italic: bool) -> None:
    if isinstance(node, NavigableString):
        text = " ".join(str(node).split())
        if text:
            leading = " " if str(node)[:1].isspace() and paragraph.text else ""
            trailing = " " if str(node)[-1:].isspace() else ""
            run = paragraph.add_run(leading + text + trailing)
            run.bold, run.italic = bold or None, italic or None
        return
    if not isinstance(node, Tag) or _skipped(node):
        return
    if node.name == "br":
        paragraph.add_run().add_break()
        return
    _inline(
        paragraph,
        node,
        bold=bold or node.name in ("strong", "b", "th"),
        italic=italic or node.name in ("em", "i"),
    )


def _text(element: Tag) -> str:
    return " ".join(element.get_text(" ").split())
