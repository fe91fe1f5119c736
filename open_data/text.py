"""Plain text <-> the directory's rich text, so a text survives export and re-import unchanged.

HSDS text fields are plain strings. Paragraphs are separated by a blank line, line breaks
inside a paragraph are kept, list items become "- item" lines. `rich_text(plain_text(x))`
gives the same plain text again, which keeps the round trip stable.
"""

import html
import re
from html.parser import HTMLParser

BLOCKS = {"p", "ul", "ol", "h2", "h3", "h4", "h5", "h6", "blockquote", "div"}


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.current = []

    def _flush(self):
        text = "".join(self.current)
        lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self._flush()
        elif tag == "br":
            self.current.append("\n")
        elif tag == "li":
            self.current.append("\n- ")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self._flush()

    def handle_data(self, data):
        self.current.append(data.replace("\n", " "))


def plain_text(rich: str) -> str:
    if not rich:
        return ""
    parser = _TextParser()
    parser.feed(rich)
    parser.close()
    parser._flush()
    return "\n\n".join(parser.blocks)


def normalise(text: str) -> str:
    """The plain text as it will come back out: paragraphs trimmed, no empty lines inside."""
    return plain_text(rich_text(text))


def rich_text(text: str) -> str:
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", (text or "").strip()) if part.strip()]
    return "".join(
        "<p>" + "<br/>".join(html.escape(line, quote=False) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
    )
