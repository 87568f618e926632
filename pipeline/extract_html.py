"""HTML front end: a web page's bytes → the same format-neutral Document of Lines as the text front end.

A table row becomes one Line whose cells are the row's <td>/<th> texts (colspan and rowspan filled out
so columns line up); every other block of text (heading, paragraph, list item, caption) becomes a
Line of one cell, <br> starting a new one. Line numbers are the HTML source lines, so every record and
SHACL result leads back to the line of the page it came from. Scripts, styles and comments are dropped.

The encoding is taken from the BOM or <meta charset> (beautifulsoup4's UnicodeDammit), else UTF-8 or
Shift_JIS; the tree and its source lines come from lxml.
"""

from __future__ import annotations

import re

import lxml.html
from bs4 import UnicodeDammit
from lxml import etree

from .extract import InputError, sha256
from .records import Document, Line

BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "ul",
})
SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object"})
_SPACE = re.compile(r"\s+")


def decode_html(data: bytes, path: str) -> str:
    if not data.strip():
        raise InputError(path, "the file is empty; give the saved HTML page")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "the file is binary, not HTML; give the saved HTML page")
    dammit = UnicodeDammit(data, user_encodings=["utf-8", "cp932"], is_html=True)
    if dammit.unicode_markup is None or dammit.contains_replacement_characters:
        raise InputError(path, "cannot tell the page's encoding; save it as UTF-8 or declare <meta charset>")
    return dammit.unicode_markup


def _text(node) -> str:
    """The inline text of a node, <br> as a line break, scripts left out."""
    parts = [node.text or ""]
    for child in node:
        tag = child.tag if isinstance(child.tag, str) else None
        if tag == "br":
            parts.append("\n")
        elif tag in BLOCKS:  # a paragraph inside a cell is a line of its own
            parts.append("\n" + _text(child) + "\n")
        elif tag is not None and tag not in SKIP:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def cell_text(cell) -> str:
    """A table cell on one line: <br> and runs of whitespace become one space."""
    return _SPACE.sub(" ", _text(cell)).strip()


def _rows(table) -> list:
    return table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")


def table_lines(table) -> list[Line]:
    """One Line per row, cells spread over the columns their colspan/rowspan cover."""
    out, pending = [], {}  # column → (rows left, text) carried down by rowspan
    caption = table.find("caption")
    if caption is not None and cell_text(caption):
        out.append(Line(caption.sourceline or 0, (cell_text(caption),)))
    for tr in _rows(table):
        cells: list[str] = []
        col = 0
        for cell in tr.xpath("./td|./th"):
            while col in pending:
                cells.append(_carry(pending, col))
                col += 1
            text = cell_text(cell)
            span, down = _span(cell, "colspan"), _span(cell, "rowspan")
            for _ in range(span):
                cells.append(text if _ == 0 else "")
                if down > 1:
                    pending[col] = (down - 1, text if _ == 0 else "")
                col += 1
        while col in pending:
            cells.append(_carry(pending, col))
            col += 1
        if any(cells):
            out.append(Line(tr.sourceline or 0, tuple(cells)))
    return out


def _carry(pending: dict, col: int) -> str:
    left, text = pending[col]
    if left > 1:
        pending[col] = (left - 1, text)
    else:
        del pending[col]
    return text


def _span(cell, attr: str) -> int:
    try:
        return max(1, min(int(cell.get(attr, "1")), 1000))
    except ValueError:
        return 1


def block_lines(el, out: list[Line]) -> None:
    """Lines of a block element: its own text runs, nested blocks and tables in document order."""
    buf, line = [el.text or ""], el.sourceline or 0

    def flush():
        for part in "".join(buf).split("\n"):
            text = _SPACE.sub(" ", part).strip()
            if text:
                out.append(Line(line, (text,)))
        buf.clear()

    for child in el:
        tag = child.tag if isinstance(child.tag, str) else None
        if tag == "table":
            flush()
            out.extend(table_lines(child))
        elif tag in BLOCKS:
            flush()
            block_lines(child, out)
        elif tag == "br":
            buf.append("\n")
        elif tag is not None and tag not in SKIP:
            if not "".join(buf).strip():
                line = child.sourceline or line
            buf.append(_text(child))
        if child.tail and child.tail.strip():
            if not "".join(buf).strip():
                line = child.sourceline or line
        buf.append(child.tail or "")
    flush()


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def html_document(data: bytes, path: str) -> Document:
    text = _XML_DECLARATION.sub("", decode_html(data, path))  # XHTML: lxml refuses it in a str
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as e:
        raise InputError(path, f"not an HTML page: {e}") from None
    lines: list[Line] = []
    title = root.find("./head/title")
    if title is not None and cell_text(title):
        lines.append(Line(title.sourceline or 0, (cell_text(title),)))
    body = root.find("body")
    if body is None:
        raise InputError(path, "not an HTML page: no <body>")
    block_lines(body, lines)
    return Document(path, sha256(data), "text/html", tuple(lines))
