"""Layout `evaluation-sheet`, step 1 for a ruled-grid PDF form: table-row Lines → the tokens of lines.py.

pdfplumber's table path gives one Line per table row, one cell per column (pipeline/extract_pdf.py).
A sheet drawn as a grid prints its headers as labelled cells (基本目標 | ４ | name), its text parts as a
heading cell beside a text cell (成果・課題 | …, continued in rows with an empty heading cell), the grade
beside 評価, and its 事業実績 and 実施計画 as tables under a title row (令和５年度 事業実績) with a column
header row (事業名 / 内容 / 決算額 / 財源; 予算額 and 令和７年度 方向性 …). This module turns those rows
into the tokens the flattened text gives (lines.Tok: headers, headings with their year, text lines of a
row in the order blocks.py reads them — name, amount, 方向性 with the content, 単独事業/補助事業 — and a
blank between rows), so the same blocks and sheet reader read both. The cell names that vary between
publishers are layout.toml's [grid] and [headings]. One-cell lines (text outside the grid) are named
by lines.py as in a text extraction.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ... import normalize as jn
from ...records import Document, Issue, Line, Severity
from .description import described
from .lines import _PLANS, Tok, _single_token, _years

_TEXT_PARTS = ("outline", "outcome", "improvement", "supplement")
# A cell's text is whole (the extraction joined its wrapped lines): each line the grid gives is a
# paragraph of its own, never to be joined to the next as a wrapped line (prose.join_wrapped's width).
UNWRAPPED = {k: 10**9 for k in ("results", "plans", *_TEXT_PARTS)}


@dataclass(frozen=True)
class Grid:
    headers: frozenset[str]
    titles: frozenset[str]  # the form's title printed above the grid (施策評価シート), debris
    columns: dict[str, frozenset[str]]  # name, content, amount, funding → column header texts
    directions: tuple[str, ...]


@lru_cache(maxsize=1)
def grid() -> Grid:
    from . import LAYOUT

    data = LAYOUT.data["grid"]
    return Grid(frozenset(jn.squeeze(h) for h in data["headers"]), frozenset(jn.squeeze(h) for h in data["title"]),
                {k: frozenset(jn.squeeze(h) for h in data[k]) for k in ("name", "content", "amount", "funding")},
                tuple(jn.squeeze(h) for h in data["directions"]))


def _tok(kind: str, line: Line, text: str, value=None) -> Tok:
    """A token of one cell's text (or one paragraph of it), located at its row."""
    return Tok(kind, Line(line.lineno, (text,), line.page), text, value)


def _joined(line: Line) -> Tok:
    """A row whose cells read as one line of the text (a header, 計, 関連施策), named by lines.py."""
    text = " ".join(c.strip() for c in line.cells if c.strip())
    return _single_token(Line(line.lineno, (text,), line.page), text, jn.squeeze(text))


def is_grid(lines: tuple[Line, ...]) -> bool:
    """Whether the document is a grid form: some row's first cell is a header cell (基本目標 …) and the
    row has more cells."""
    heads = grid().headers
    return any(len(line.cells) > 1 and jn.squeeze(line.cells[0]) in heads for line in lines)


def _part(key: str) -> str | None:
    """The part a heading cell heads (outline, outcome, …, grade, related), or None."""
    headings = described().headings
    return next((name for name in (*_TEXT_PARTS, "grade", "related") if key in headings[name]), None)


def _title(key: str) -> tuple[str, int | None] | None:
    """A table's title cell ("令和５年度事業実績" or "令和６年度実施計画") → (part, year)."""
    headings = described().headings
    years = _years(key)
    year = years[0] if years else None
    if (m := _PLANS.match(key)) and m.group(1) in headings["plans"]:
        return "plans", year
    rest = key.split("年度", 1)[-1] if year else key
    return ("year", year) if rest in headings["results"] else None


def _columns(cells: tuple[str, ...]) -> dict[str, int | list[int]] | None:
    """A table's column header row → the index of each column, or None if the row is not one."""
    g, keys = grid(), [jn.squeeze(c) for c in cells]
    found: dict[str, int | list[int]] = {}
    for kind, names in g.columns.items():
        idx = next((i for i, k in enumerate(keys) if k in names or (kind == "amount" and k.endswith(tuple(names)))), None)
        if idx is not None:
            found[kind] = idx
    found["directions"] = [i for i, k in enumerate(keys) if any(d in k for d in g.directions)]
    return found if {"name", "amount"} <= found.keys() else None


def unread_cells(line: Line, cols: dict) -> list[str]:
    """The printed cells of a table row under no column the grid reads (a 備考 column, a shifted cell)."""
    read = {i for k, i in cols.items() if k != "directions"} | set(cols["directions"])
    return [c.strip() for i, c in enumerate(line.cells) if i not in read and c.strip()]


def _row_tokens(line: Line, cols: dict) -> tuple[list[Tok], int]:
    """A table row as blocks.py reads a row: name, amount, (方向性 and) content, 単独事業/補助事業, blank;
    and the index after its content (where a continued paragraph goes)."""
    cells = line.cells

    def cell(kind):
        i = cols.get(kind)
        return cells[i].strip() if i is not None and i < len(cells) else ""
    out = [_tok("text", line, cell("name")), _tok("text", line, cell("amount"))]
    directions = [cells[i].strip() for i in cols["directions"] if i < len(cells) and cells[i].strip()]
    content = " ".join(directions + [cell("content")]).strip()
    if content:
        out.append(_tok("text", line, content))
    ends = len(out)
    if funding := cell("funding"):
        out.append(_tok("text", line, funding))
    return out + [_tok("blank", line, "")], ends


def _is_continuation(line: Line, cols: dict) -> bool:
    """A row that continues the content of the row above: only its 内容 cell printed (a new paragraph)."""
    i = cols.get("content")
    return i is not None and i < len(line.cells) and all(not c.strip() for j, c in enumerate(line.cells) if j != i)


def read_grid(doc: Document) -> tuple[list[Tok], list[Issue]]:
    """The tokens of a grid form in document order (see the module's docstring), and an unread-cell
    error for each table cell under no column it reads: content no rule reads is not published."""
    toks, unread = grid_tokens(doc.lines)
    return toks, [Issue("unread-cell", Severity.ERROR, f"a cell under no column the 施策評価シート grid reads "
                        "(事業名, 内容, 決算額/予算額, 方向性, 財源 — layout.toml [grid]): " + repr(text[:40]),
                        doc.ref(line)) for line, text in unread]


def grid_tokens(lines: tuple[Line, ...]) -> tuple[list[Tok], list[tuple[Line, str]]]:
    """The tokens of a grid form, and the table cells it does not read (line, text)."""
    heads, titles = grid().headers, grid().titles
    out: list[Tok] = []
    unread: list[tuple[Line, str]] = []
    cols: dict | None = None
    part: str | None = None  # the text part whose continuation rows follow
    content_end = 0  # where a continuation row's paragraph goes: after the last content of the row above
    for line in lines:
        cells = line.cells
        if len(cells) <= 1:
            text = line.text.strip()
            key = jn.squeeze(text)
            # the form's title is read and has no part in the records: a blank, as between the sheets
            out.append(_tok("blank", line, "") if key in titles else _single_token(line, text, key))
            cols = part = None
            continue
        first, rest = jn.squeeze(cells[0]), [c.strip() for c in cells[1:] if c.strip()]
        if first in heads:
            out.append(_joined(line))
            cols = part = None
        elif (name := _part(first)) is not None:
            if name == "grade":
                out.append(_tok("grade", line, rest[0] if rest else first, jn.nfkc(jn.squeeze(rest[0])) if rest else None))
            elif name == "related":
                out.append(_joined(line))
            else:
                out.append(_tok("heading", line, cells[0].strip(), (name, None)))
                out += [_tok("text", line, c) for c in rest]
                part = name
            cols = None
        elif not first and part and rest:
            out += [_tok("text", line, c) for c in rest]
        elif (title := _title(first)) is not None and not rest:
            out.append(_tok("heading", line, first, title))
            cols = part = None
        elif (found := _columns(cells)) is not None:
            out.append(_tok("debris", line, " ".join(cells), _years("".join(jn.squeeze(c) for c in cells))))
            cols, part = found, None
        elif first == "計":  # a table's printed total (計 | | 9,005)
            out.append(_joined(line))
        elif cols is not None and _is_continuation(line, cols) and content_end:
            out.insert(content_end, _tok("text", line, cells[cols["content"]].strip()))
            content_end += 1
        elif cols is not None:
            row, ends = _row_tokens(line, cols)
            content_end = len(out) + ends
            out += row
            unread += [(line, text) for text in unread_cells(line, cols)]
        else:
            out.append(_joined(line))
    return out, unread

