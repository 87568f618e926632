"""Flattened text: a PDF extraction that lost its line breaks (the whole plan in one or a few long
lines) laid out again as the lines a laid-out extraction has, so the parser reads both the same way.

A document is flattened when a section heading (layout.toml's numbering forms and titles) is found
inside a line rather than at its start. Each line is then cut before and after headings, the
numbered items of a project (① 事業主体 …), bracketed markers (【数値目標】), support-measure codes,
目標 N, bullets (・) and after every sentence (。); a KPI table run into the text (a row of reference
dates, then a name and one value with its unit per date, repeated) becomes a header line and one
line of cells per row; a KPI name wrapped over two rows comes back as the laid-out table reads it
(`Flattener.wrapped`). Every piece keeps its source line's number.

Paragraph breaks are lost in such text: a paragraph of several sentences comes back as one line per
sentence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from ... import normalize as jn
from ...records import Document, Line
from .headings import Headings

_DATE = r"(?:令和|平成|R|H)\s*(?:元|\d{1,2})\s*年\s*\d{1,2}\s*月\s*(?:\d{1,2}\s*日|末)(?:時点)?"
_HEADER = re.compile(rf"(?:^|(?<=\s)|(?<=】))(?:{_DATE}\s*)+")
_ONE_DATE = re.compile(_DATE)
_CIRCLED = re.compile("([\u2460-\u2473])")


class Flattener:
    def __init__(self, data: Mapping[str, Any]):
        h = Headings.of(data)
        self.inline = h.pattern(anchored=False)
        items = "|".join(re.escape(jn.nfkc(t)) for t in sorted(data["project"]["items"], key=len, reverse=True))
        code = data["markers"]["code"]
        self.cuts = [
            (self.inline, "around"),
            (re.compile(rf"[\u2460-\u2473]\s*(?:{items})"), "around"),
            (re.compile(r"【(?![A-Z]\d{4}】)[^】]{1,20}】"), "around"),
            (re.compile(code), "after"),
            (re.compile(r"(?:^|(?<=\s)|(?<=。))目標\s*\d{1,2}(?![\d年.,])"), "around"),
            (re.compile(r"。"), "after"),
            (re.compile(r"(?<=\s)・"), "before"),
        ]
        units = "|".join(re.escape(u) for u in sorted(data["kpi"]["units"], key=len, reverse=True))
        self.value = rf"(\d[\d,]*(?:\.\d+)?\s*(?:{units}))"

    def is_flat(self, doc: Document) -> bool:
        for line in doc.lines:
            if len(line.cells) == 1:
                m = self.inline.search(_fold(line.text).strip(), 1)
                if m is not None:
                    return True
        return False

    def relayout(self, doc: Document) -> Document:
        out: list[Line] = []
        for line in doc.lines:
            if len(line.cells) != 1:
                out.append(line)
                continue
            for piece in self.cut(_fold(line.text)):
                out += self.table(line, piece) or [Line(line.lineno, (piece,), line.page)]
        return Document(doc.path, doc.sha256, doc.media_type, tuple(out))

    def cut(self, text: str) -> list[str]:
        points = {0, len(text)}
        for pattern, where in self.cuts:
            for m in pattern.finditer(text):
                if where in ("around", "before"):
                    points.add(m.start())
                if where in ("around", "after"):
                    points.add(m.end())
        bounds = sorted(points)
        return [p for p in (text[a:b].strip() for a, b in zip(bounds, bounds[1:])) if p]

    def table(self, line: Line, text: str) -> list[Line] | None:
        """A KPI table run into `text`: the text before it, its header, its rows, the text after."""
        m = _HEADER.search(text)
        if m is None:
            return None
        dates = _ONE_DATE.findall(m.group(0))
        row = re.compile(r"\s*(?P<name>[^\s。][^。]*?)\s*" + r"\s*".join([self.value] * len(dates)) + r"(?=\s|$)")
        rows, at = [], m.end()
        while (r := row.match(text, at)) is not None:
            rows.append(Line(line.lineno, (r.group("name"), *(jn.clean_text(v) for v in r.groups()[1:])), line.page))
            at = r.end()
        if not rows:
            return None
        rows, at = self.wrapped(line, rows, text, at)
        out = [Line(line.lineno, (text[: m.start()].strip(),), line.page)] if text[: m.start()].strip() else []
        out.append(Line(line.lineno, ("", *dates), line.page))
        out += rows
        if text[at:].strip():
            out.append(Line(line.lineno, (text[at:].strip(),), line.page))
        return out


    def wrapped(self, line: Line, rows: list[Line], text: str, at: int) -> tuple[list[Line], int]:
        """KPI names wrapped over two rows, as the laid-out table reads them (kpi_table.read_table): the
        text between a row's last value and the next row's values is the rest of the row above's name
        (its first word, when a space follows it) and then the next name; a last word after the last row
        (no sentence: no 。, no space) is the rest of the last name."""
        out = [rows[0]]
        for row in rows[1:]:
            name = row.cells[0]
            head, sep, tail = name.partition(" ")
            if sep and tail.strip():
                prev = out[-1]
                out[-1] = Line(prev.lineno, (prev.cells[0] + head, *prev.cells[1:]), prev.page)
                name = tail.strip()
            out.append(Line(row.lineno, (name, *row.cells[1:]), row.page))
        rest = text[at:].strip()
        if rest and len(rest) <= 20 and not re.search(r"[\s。]", rest):
            last = out[-1]
            out[-1] = Line(last.lineno, (last.cells[0] + rest, *last.cells[1:]), last.page)
            at = len(text)
        return out, at


def unwrap(doc: Document) -> Document:
    """A PDF's paragraphs as a laid-out text has them, one line each: a text line that runs to the right
    edge of the print (Line.wraps, set by the PDF front end) is joined to the text line after it, with no
    space between Japanese characters (as a PDF table cell's wrapped text is joined), unless it ends a
    sentence or the next line starts a part of its own (_continues). The joined line
    keeps the first line's page and number. Table rows, blank lines and other documents are unchanged."""
    if not any(line.wraps for line in doc.lines):
        return doc
    out: list[Line] = []
    for line in doc.lines:
        prev = out[-1] if out else None
        if prev is not None and prev.wraps and len(prev.cells) == 1 and len(line.cells) == 1 and _continues(prev, line):
            head, more = prev.cells[0].rstrip(), line.cells[0].strip()
            wide = unicodedata.east_asian_width(head[-1:] or "あ") in "WF" or unicodedata.east_asian_width(more[0]) in "WF"
            joined = head + ("" if wide else " ") + more
            out[-1] = Line(prev.lineno, (joined,), prev.page, wraps=line.wraps)
        else:
            out.append(line)
    return Document(doc.path, doc.sha256, doc.media_type, tuple(out), doc.sheets)


_ENDS = re.compile(r"[。．.!！?？]\s*$")
_STARTS = re.compile(r"^\s*(?:[【\[［(（・･\-‐※●○◆■□]|[\u2460-\u2473]|第?\s*[0-9０-９]{1,2}(?:\s|[-‐−－.．、]))")


def _continues(prev: Line, line: Line) -> bool:
    """Whether `line` goes on with the paragraph `prev` runs into: not after a sentence that ends at the
    edge (。), and not when `line` starts a part of its own (a heading, 【marker】, bullet or ①)."""
    return bool(line.text.strip()) and not _ENDS.search(prev.text) and not _STARTS.match(line.text)


def _fold(text: str) -> str:
    """NFKC except circled numbers (①), which the parser reads as items before it folds them."""
    return "".join(p if _CIRCLED.fullmatch(p) else jn.nfkc(p) for p in _CIRCLED.split(text))
