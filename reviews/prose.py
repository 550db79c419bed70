"""Texts users type, shown as text: paragraphs, "- " lists and *emphasis*, nothing else.

Everything is escaped first, so a tag or a URL typed into a findings field stays
characters on the page and in the PDF; the only markup is what this module adds.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BULLET = re.compile(r"^\s*[-•–]\s+")
EMPHASIS = re.compile(r"\*(?=\S)([^*\n]+?)(?<=\S)\*")


def render_prose(text: str) -> SafeString:
    blocks = []
    for block in re.split(r"\n\s*\n", (text or "").strip().replace("\r\n", "\n")):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        # A block may open with a sentence and go on as a list ("…genom:" then "- …").
        lead = []
        while lines and not BULLET.match(lines[0]):
            lead.append(lines.pop(0))
        if lead:
            blocks.append("<p>" + "<br>".join(_inline(line) for line in lead) + "</p>")
        if lines:
            items = "".join(f"<li>{_inline(BULLET.sub('', line))}</li>" for line in lines)
            blocks.append(f"<ul>{items}</ul>")
    return mark_safe("\n".join(blocks))


def _inline(line: str) -> str:
    return EMPHASIS.sub(r"<em>\1</em>", escape(line.strip()))
