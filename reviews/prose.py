"""Texts users type, shown as text: paragraphs, headings, lists and *emphasis*, nothing else.

Syntax: blank line = paragraph, "# Heading", "## Subheading", "- item" (indent to nest), *emphasis*.

- A blank line starts a new paragraph; the lines of a paragraph are kept apart with <br>.
- A line starting "# " is a heading (<h4 class="prose-heading">), "## " a smaller one (<h5>);
  "#1" or "#tag" stay text. A heading may open a paragraph: the lines after it go on as usual.
- Lines starting "- ", "• " or "– " are a list item. A bullet indented at least two spaces (a tab
  counts as four) deeper than the bullet before it starts a list inside that item; a bullet
  indented less than the list it is in goes back out. Lists nest at most six deep.
- Words between asterisks are emphasised (<em>).

Everything is escaped first, so a tag or a URL typed into a findings field stays
characters on the page and in the PDF; the only markup is what this module adds.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BULLET = re.compile(r"^\s*[-•–]\s+")
# The space is required so that "#1" and "#hashtag" stay ordinary text.
HEADING = re.compile(r"^\s*(#{1,2}) +(?=\S)")
EMPHASIS = re.compile(r"\*(?=\S)([^*\n]+?)(?<=\S)\*")

NEST_STEP = 2  # one stray space of indentation should not open a sublist
TAB_WIDTH = 4
MAX_DEPTH = 6  # deeper than this is unreadable in a PDF table cell


def render_prose(text: str) -> SafeString:
    blocks = []
    # Only the end is stripped: the first line's indentation counts when a list is nested, so
    # "  - a\n  - b" stays one flat list. Blank lines at the start make empty blocks, skipped.
    for block in re.split(r"\n\s*\n", (text or "").rstrip().replace("\r\n", "\n")):
        lines = []
        for line in block.split("\n"):
            if not line.strip():
                continue
            heading = HEADING.match(line)
            if heading:
                # A heading ends what came before it, so text and lists never straddle it.
                blocks += _text(lines)
                lines = []
                blocks.append(_heading(len(heading.group(1)), line[heading.end() :]))
            else:
                lines.append(line)
        blocks += _text(lines)
    return mark_safe("\n".join(blocks))


def _text(lines: list[str]) -> list[str]:
    # A block may open with a sentence and go on as a list ("…genom:" then "- …").
    lead = []
    while lines and not BULLET.match(lines[0]):
        lead.append(lines.pop(0))
    blocks = []
    if lead:
        blocks.append("<p>" + "<br>".join(_inline(line) for line in lead) + "</p>")
    if lines:
        blocks.append(_list(lines))
    return blocks


def _heading(level: int, text: str) -> str:
    # h4/h5 so that a user's heading ranks below the page's and the PDF's own headings.
    tag = f"h{level + 3}"
    return f'<{tag} class="prose-heading">{_inline(text)}</{tag}>'


def _list(lines: list[str]) -> str:
    # Each open list remembers the indent of the bullet that opened it, to know where a dedent
    # goes back to; the innermost <li> stays open until we know whether a sublist follows.
    opened = [_indent(lines[0])]
    previous = opened[0]
    html = ["<ul>"]
    for number, line in enumerate(lines):
        bullet = BULLET.match(line)
        indent = _indent(line)
        if number and bullet and indent >= previous + NEST_STEP and len(opened) < MAX_DEPTH:
            opened.append(indent)
            html.append("<ul>")
        elif number:
            while bullet and len(opened) > 1 and indent < opened[-1]:
                opened.pop()
                html.append("</li></ul>")
            html.append("</li>")
        # A line without a bullet has always been an item of its own; it keeps its level so
        # that a wrapped, indented continuation line does not turn into a sublist.
        if bullet:
            previous = indent
        html.append(f"<li>{_inline(BULLET.sub('', line))}")
    html.append("</li></ul>" * len(opened))
    return "".join(html)


def _indent(line: str) -> int:
    leading = line[: len(line) - len(line.lstrip())]
    return sum(TAB_WIDTH if char == "\t" else 1 for char in leading)


def _inline(line: str) -> str:
    return EMPHASIS.sub(r"<em>\1</em>", escape(line.strip()))
