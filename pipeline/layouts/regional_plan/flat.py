"""Flattened text: a PDF extraction that lost its line breaks (the whole plan in one or a few long
lines) laid out again as the lines a laid-out extraction has, so the parser reads both the same way.

A document is flattened when a section heading (layout.toml's numbering forms and titles) is found
inside a line (or inside a cell of a tab-separated line) rather than at its start. Each line is then
cut before and after headings, the numbered items of a project (① 事業主体 …; an item whose text
follows a colon, "② 事業の名称：…", stays one line), bracketed markers (【数値目標】, 《…》),
support-measure codes (and before a support measure's heading, after the text before it), 目標 N, bullets ("・", "- ・"; a bullet naming one thing before a sentence of
its own is cut after its first word, `bullet_item`) and after a sentence that a space follows (a
line break the extraction turned into a space; "。" inside a paragraph is not followed by one); a KPI
table run into the text (a row of reference dates, then a name and one value with its unit per
date, repeated) becomes a header line and one line of cells per row; a KPI name wrapped over two
rows comes back as the laid-out table reads it (`Flattener.wrapped`, told by the names the
document's other printings of the table give). Every piece keeps its source line's number.

A flattened text that kept its tabs is one line of many cells: the rows of its tables run into the
text around them. Its cells are cut again (`Flattener.rows`): a cell after the first starts with
the value, date or rule the row has in that column and what follows (after a space) starts new
lines; a cell that ends in a space before the next tab ends its line there (the next row starts with
an empty cell: a table header), one that begins with a space ends the line before it (the row above
ended with an empty cell: a wrapped KPI name).

Without the spaces a line break left, paragraph breaks are lost: the sentences of several paragraphs
come back as one line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ... import normalize as jn
from ...records import Document, Line
from .headings import Headings

_DATE = r"(?:令和|平成|R|H)\s*(?:元|\d{1,2})\s*年\s*\d{1,2}\s*月\s*(?:\d{1,2}\s*日|末)(?:時点)?"
_HEADER = re.compile(rf"(?:^|(?<=\s)|(?<=】))(?:{_DATE}\s*)+")
_ONE_DATE = re.compile(_DATE)
_RULE = r"[-‐－—─━=＝_]{3,}"  # a table's rule row, printed as cells of dashes
_CIRCLED = re.compile("([\u2460-\u2473])")


@dataclass(frozen=True)
class Printed:
    """What a document prints outside its inline tables: KPI names, and its running text (squeezed)."""

    names: frozenset[str] = frozenset()
    text: str = ""

    def __contains__(self, name: str) -> bool:
        key = jn.squeeze(name)
        return bool(key) and (key in self.names or key in self.text)


class Flattener:
    def __init__(self, data: Mapping[str, Any]):
        h = Headings.of(data)
        self.inline = h.pattern(anchored=False)
        items = "|".join(re.escape(jn.nfkc(t)) for t in sorted(data["project"]["items"], key=len, reverse=True))
        code = data["markers"]["code"]
        self.cuts = [
            (self.inline, "around"),
            (re.compile(rf"[\u2460-\u2473]\s*(?:{items})"), "before"),
            (re.compile(rf"[\u2460-\u2473]\s*(?>{items})(?!\s*:)"), "after"),  # not "② 事業の名称：…"
            (re.compile(r"【(?![A-Z]\d{4}】)[^】]{1,20}】|《[^》]{1,20}》"), "around"),
            (re.compile(r"(?:^|(?<=\s)|(?<=。))【[^】]{21,60}】(?=\s|$)"), "around"),  # a long one on a line of its own
            (re.compile(code), "after"),
            # a support measure's heading after the text before it ("特になし 地方創生推進交付金（内閣府）：【A3007】"),
            # not an item's ("① 法第5条…事業【A3007】", "(1) 企業版ふるさと納税（内閣府）【B2007】")
            (re.compile(rf"(?<=\s)(?<![\u2460-\u2473]\s)(?<![)）]\s)(?<!\d\s)[^\s：:【】。・]+?"
                        rf"(?:[（(][^（()）\s]*[府省庁][）)])?\s*[:：]?\s*{code}"), "before"),
            (re.compile(r"(?:^|(?<=\s)|(?<=。))目標\s*\d{1,2}(?![\d年.,])"), "around"),
            (re.compile(r"。(?=\s|$)"), "after"),
            (re.compile(r"(?<=\s)(?:[-‐]\s+)?・"), "before"),
        ]
        units = "|".join(re.escape(u) for u in sorted(data["kpi"]["units"], key=len, reverse=True))
        self.value = rf"(\d[\d,]*(?:\.\d+)?\s*(?:{units}))"
        self.head = re.compile(rf"\s*(?:{_DATE}|{self.value}|{_RULE})(?=\s|$)")

    def is_flat(self, doc: Document) -> bool:
        """A heading inside a line, or inside a cell of a tab-separated line, not at its start."""
        return any(self.inline.search(_fold(cell).strip(), 1) is not None for line in doc.lines for cell in line.cells)

    def relayout(self, doc: Document) -> Document:
        rows = [(line, cells) for line in doc.lines for cells in self.rows(line)]
        known = self.printed(rows)
        out: list[Line] = []
        for line, cells in rows:
            if len(cells) == 1:
                out += self.table(line, cells[0], known) or [Line(line.lineno, cells, line.page)]
            else:
                out.append(Line(line.lineno, cells, line.page))
        return Document(doc.path, doc.sha256, doc.media_type, tuple(out))

    def printed(self, rows: list[tuple[Line, tuple[str, ...]]]) -> Printed:
        """What the document prints outside its inline KPI tables (its running text, a tab-separated
        row's first cell) and the names those tables print with nothing to tell apart."""
        names, texts = set(), []
        for line, cells in rows:
            found = self.plain_names(line, cells[0]) if len(cells) == 1 else None
            if found is None:
                texts.append(cells[0])
            names.update(found or ())
        return Printed(frozenset(jn.squeeze(n) for n in names), "\n".join(jn.squeeze(t) for t in texts))

    def rows(self, line: Line) -> list[tuple[str, ...]]:
        """The lines a flattened line held, as tuples of cells: a running text's pieces one cell each;
        a tab-separated line's cells cut where a row ends inside them (`segments`)."""
        if len(line.cells) == 1:
            return [(piece,) for piece in self.cut(_fold(line.text))]
        out: list[list[str]] = [[]]
        last = len(line.cells) - 1
        for i, cell in enumerate(line.cells):
            first, *more = self.segments(_fold(cell), i == 0, i == last)
            out[-1].append(first)
            out += [[m] for m in more]
        return [tuple(r) for r in out if any(c.strip() for c in r)]

    def segments(self, cell: str, first: bool, last: bool) -> list[str]:
        """A cell of a run-together row as the lines it spans: the first continues the row the cells
        before it are in, each other one starts a line (and the last goes on with the next cell)."""
        if not cell.strip():
            return [""]
        head: list[str] = []
        text = cell
        if not first:
            if (m := self.head.match(cell)) is not None:
                head, text = [m.group(0).strip()], cell[m.end():]
            elif cell[0].isspace():
                head = [""]  # the row above ended with an empty cell
        out = head + self.cut(text)
        if not last and cell[-1].isspace():
            out.append("")  # the next row starts with an empty cell
        return out or [""]

    def cut(self, text: str) -> list[str]:
        points = {0, len(text)}
        for pattern, where in self.cuts:
            for m in pattern.finditer(text):
                if where in ("around", "before"):
                    points.add(m.start())
                if where in ("around", "after"):
                    points.add(m.end())
        bounds = sorted(points)
        return [b for p in (text[a:b].strip() for a, b in zip(bounds, bounds[1:])) if p for b in bullet_item(p)]

    def inline_rows(self, line: Line, text: str) -> tuple[re.Match, list[Line], int] | None:
        """The header of a KPI table run into `text`, its rows as printed (name, values) and where they end."""
        m = _HEADER.search(text)
        if m is None:
            return None
        dates = _ONE_DATE.findall(m.group(0))
        row = re.compile(r"\s*(?P<name>[^\s。][^。]*?)\s*" + r"\s*".join([self.value] * len(dates)) + r"(?=\s|$)")
        rows, at = [], m.end()
        while (r := row.match(text, at)) is not None:
            rows.append(Line(line.lineno, (r.group("name"), *(jn.clean_text(v) for v in r.groups()[1:])), line.page))
            at = r.end()
        return (m, rows, at) if rows else None

    def plain_names(self, line: Line, text: str) -> list[str] | None:
        """The KPI names a table run into `text` prints with nothing to tell apart: not a row whose
        name holds a space (the rest of the row above's name, or a name with a space?) nor that row
        above; None when no table is run into `text`."""
        found = self.inline_rows(line, text)
        if found is None:
            return None
        _m, rows, at = found
        spaced = {i for i, r in enumerate(rows) if re.search(r"\s", r.cells[0])}
        read, _at = self.wrapped(line, rows, text, at)
        return [r.cells[0] for i, r in enumerate(read) if not spaced & {i, i + 1}]

    def table(self, line: Line, text: str, known: Printed = Printed()) -> list[Line] | None:
        """A KPI table run into `text`: the text before it, its header, its rows, the text after."""
        found = self.inline_rows(line, text)
        if found is None:
            return None
        m, rows, at = found
        dates = _ONE_DATE.findall(m.group(0))
        rows, at = self.wrapped(line, rows, text, at, known)
        out = [Line(line.lineno, (text[: m.start()].strip(),), line.page)] if text[: m.start()].strip() else []
        out.append(Line(line.lineno, ("", *dates), line.page))
        out += rows
        if text[at:].strip():
            out.append(Line(line.lineno, (text[at:].strip(),), line.page))
        return out


    def wrapped(self, line: Line, rows: list[Line], text: str, at: int,
                known: Printed = Printed()) -> tuple[list[Line], int]:
        """KPI names wrapped over two rows, as the laid-out table reads them (kpi_table.read_table): the
        text between a row's last value and the next row's values is the rest of the row above's name
        (its first word, when a space follows it) and then the next name, unless what the document
        prints elsewhere (`known`) says it is one name with a space in it (`_one_name`); a last word after the last row (no sentence: no 。, no space) is the rest of the last name."""
        out = [rows[0]]
        for row in rows[1:]:
            name = row.cells[0]
            head, sep, tail = name.partition(" ")
            if sep and tail.strip() and not _one_name(out[-1].cells[0], head, tail, known):
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


def _one_name(prev: str, head: str, tail: str, known: Printed) -> bool:
    """Whether "head tail" after the row `prev` is one name with a space rather than the rest of
    `prev` (head) and a name (tail): when the document prints "head tail" elsewhere and not prev + head
    (the tail alone says nothing: it is part of both)."""
    return f"{head}{tail}" in known and f"{prev}{head}" not in known


_BULLET_WORD = re.compile(r"^((?:[-‐]\s*)?・\s*[^\s。]+)\s+(\S.*。)$")


def bullet_item(piece: str) -> list[str]:
    """A bullet that names one thing, then a sentence of its own ("・ 北海道東川町 首都圏の…する。"): its
    line and the sentence's, cut at the space between two Japanese characters after its first word."""
    m = _BULLET_WORD.match(piece)
    if m is None or not (_wide(m.group(1)[-1]) and _wide(m.group(2)[0])):
        return [piece]
    return [m.group(1), m.group(2)]


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


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
