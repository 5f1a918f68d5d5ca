"""Cell text as people paste it: HTML copied from a web page or a CMS export made text.

A directory exported from a website carries `<p>`, `<br>`, `<ul><li>` and `&nbsp;` in its
description cells. They are turned into plain text (paragraphs and list items on their
own lines, entities decoded, scripts and styles dropped); the caller tells the user which
rows were changed this way.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

TAG = re.compile(
    r"<\s*/?\s*(p|br|div|span|b|i|u|em|strong|ul|ol|li|a|table|tr|td|th|tbody|thead|h[1-6]"
    r"|font|sup|sub|hr|img|blockquote|pre|code|small|center|script|style)\b[^<>]*>",
    re.IGNORECASE,
)
ENTITY = re.compile(r"&(nbsp|amp|lt|gt|quot|apos|#\d{1,6}|#x[0-9a-f]{1,6});", re.IGNORECASE)
BLOCKS = {"p", "div", "tr", "table", "ul", "ol", "blockquote", "pre", "hr", "center"}
BLOCKS |= {f"h{n}" for n in range(1, 7)}


def has_html(text: str) -> bool:
    return (
        bool(text)
        and ("<" in text or "&" in text)
        and bool(TAG.search(text) or ENTITY.search(text))
    )


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag == "br" or tag in BLOCKS:
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)
        elif tag in BLOCKS or tag == "li":
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def html_to_text(text: str) -> str:
    """Plain text of a cell holding HTML; other text is returned unchanged."""
    if not has_html(text):
        return text
    if TAG.search(text):
        parser = _Text()
        parser.feed(text)
        parser.close()
        text = "".join(parser.parts)
    else:
        text = html.unescape(text)
    text = text.replace("\xa0", " ")
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{2,}", "\n", text).strip()
