"""Text fields (実施内容, 事業内容, 成果・課題 …) as clean literals.

A cell may carry raw HTML from the web page a table was copied from (`<ul style="list-style-type:
none"> ・…`). Markup is removed with an HTML parser (BeautifulSoup), never with patterns over the
markup: block elements and <br> become line breaks, entities are decoded. Bullets (・) that start an
item become one line each, the bullet kept; within a line whitespace is collapsed (NFKC, as
normalize.clean_text) and the space a PDF or HTML extraction leaves after a Japanese full stop is dropped.
"""

from __future__ import annotations

import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

from .normalize import clean_text, nfkc

BULLET = "・"
# Elements whose start and end break a line; everything else (span, a, strong …) is inline.
_BLOCKS = frozenset({
    "address", "article", "blockquote", "dd", "div", "dl", "dt", "h1", "h2", "h3", "h4", "h5", "h6",
    "li", "ol", "p", "section", "table", "tr", "td", "th", "ul",
})


def looks_like_html(text: str) -> bool:
    """True when text holds a tag or an entity an HTML parser would change."""
    return "<" in text or ("&" in text and ";" in text)


def html_to_lines(fragment: str) -> list[str]:
    """The text of an HTML fragment, one string per block (li, p, br …), markup and entities removed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(fragment, "html.parser")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(_BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return soup.get_text().split("\n")


def split_bullets(line: str) -> list[str]:
    """Split a line before every bullet that starts an item: at the start, after a space or after 。.

    A ・ inside a phrase (文化・スポーツ, 宅地・新築住宅) is a separator, not a bullet, and stays.
    """
    parts, start = [], 0
    for i, ch in enumerate(line):
        if ch == BULLET and i > start and (line[i - 1].isspace() or line[i - 1] == "。"):
            parts.append(line[start:i])
            start = i
    parts.append(line[start:])
    return parts


def _tidy(line: str) -> str:
    t = clean_text(line)
    return t.replace("。 ", "。")


def text_block(cell: str) -> str:
    """A text cell as a clean literal: HTML removed, one line per block or bullet item, tidy spaces."""
    lines = html_to_lines(cell) if looks_like_html(cell) else cell.splitlines()
    out = []
    for line in lines:  # bullets are found before clean_text drops the space in front of them
        out.extend(t for part in split_bullets(nfkc(line)) if (t := _tidy(part)))
    return "\n".join(out)
