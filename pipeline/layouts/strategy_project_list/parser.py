"""Layout `strategy-project-list`: a 総合戦略 関連事業一覧 (e.g. 旭川市, 令和6年度).

A table with the columns 施策体系 | 番号 | 再掲 | 事業名 | 部局名 | 予算事業費 | 事業内容 (found by their
header names, so a reordered edition still parses). Hierarchy rows: 基本目標N → ア/イ/ウ… (施策) → ①②…
(sub-measure) → numbered 事業 rows; 小計N closes a goal, 合計 the list. Page header "(単位:千円)" and
the column header repeat on every page; in some sections the 番号 sits one column left, with 再掲 in the
番号 column.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ... import eras
from ... import normalize as jn
from ...records import (
    Amount,
    Document,
    Goal,
    Issue,
    Line,
    Listing,
    Measure,
    Phase,
    PrintedTotal,
    ProjectList,
    Severity,
)
from ...parse import LayoutError

LAYOUT = "strategy-project-list"

_GOAL = re.compile(r"^基本目標\s*(\d+)\s*(.*)$")
_MEASURE = re.compile(r"^([ア-ヶ])[\s　]+(\S.*)$")
_SUBTOTAL = re.compile(r"^小計\s*(\d*)$")
_TOTAL = re.compile(r"^(合計|総計)$")
_UNIT = re.compile(r"^[\(（]\s*単位\s*[:：]\s*(\S+?)\s*[\)）]$")
_NUMBER = re.compile(r"^\d+$")
_TITLE = re.compile(r"^(?:令和|平成)\s*(?:元|\d+)\s*年度(.+?)関連事業一覧$")


@dataclass(frozen=True)
class Columns:
    """Cell indexes found from the header row. Cells left of `name` hold 施策体系, 番号 and 再掲."""

    name: int
    department: int
    amount: int
    description: int

    def get(self, line: Line, index: int) -> str:
        return line.cells[index].strip() if index < len(line.cells) else ""


def header_columns(line: Line) -> Columns | None:
    """The Columns of a header row (事業名, 部局名, …事業費, 事業内容), or None if `line` is not one."""
    keys = [jn.squeeze(c) for c in line.cells]
    try:
        name = keys.index("事業名")
        dept = keys.index("部局名")
    except ValueError:
        return None
    amount = next((i for i, k in enumerate(keys) if k.endswith("事業費") or k in ("予算額", "金額")), None)
    desc = next((i for i, k in enumerate(keys) if k in ("事業内容", "事業概要", "内容")), None)
    if amount is None or desc is None:
        return None
    return Columns(name, dept, amount, desc)


def infer_pages(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """Number pages where the front end could not: each repeated "(単位:…)" page header starts a page."""
    if any(line.page is not None for line in lines):
        return lines
    page, seen, out = 1, False, []
    for line in lines:
        if _UNIT.match(jn.clean_text(line.text)):
            if seen:
                page += 1
            seen = True
        out.append(Line(line.lineno, line.cells, page))
    return tuple(out)


def key_cells(line: Line, cols: Columns) -> tuple[str | None, bool]:
    """(番号, 再掲) from the cells left of 事業名, wherever the extraction shifted them."""
    keys = [jn.squeeze(c) for c in line.cells[: cols.name]]
    number = next((k for k in keys if _NUMBER.match(k)), None)
    return number, "再掲" in keys


def _int_or_none(text: str) -> int | None:
    t = jn.squeeze(text)
    return int(t) if _NUMBER.match(t) else None


class _State:
    """The parser's cursor: where in the hierarchy the current row stands."""

    def __init__(self, doc: Document, fiscal_year: int, plan: str | None):
        self.doc = doc
        self.fiscal_year = fiscal_year
        self.plan = plan
        self.cols: Columns | None = None
        self.multiplier = 1_000  # 千円 unless the page header says otherwise
        self.title: str | None = None
        self.goal: Goal | None = None
        self.path: tuple[str, ...] = ()
        self.goals: list[Goal] = []
        self.measures: list[Measure] = []
        self.listings: list[Listing] = []
        self.totals: list[PrintedTotal] = []
        self.issues: list[Issue] = []
        self.cells: list[dict[str, str]] = []  # each listing's cells as printed (wrapped lines joined)
        self.last: Line | None = None  # the last line read, where a cut-off document ends
        self.row_end = 0  # the last line of the latest 事業 row (its wrapped lines included)

    def issue(self, line: Line, code: str, message: str, severity=Severity.ERROR) -> None:
        self.issues.append(Issue(code, severity, message, self.doc.ref(line)))

    def amount(self, line: Line, text: str) -> Amount | None:
        try:
            value = jn.parse_amount(text)
        except jn.NormalizeError as e:
            self.issue(line, "bad-amount", f"{e}; expected digits with commas, 0, or a dash for none")
            return None
        if value is None:
            return None
        return Amount(value * self.multiplier, self.fiscal_year, Phase.BUDGET)


def _goal(st: _State, line: Line, m: re.Match) -> None:
    st.goal = Goal(m.group(1), jn.clean_text(m.group(2)), st.doc.ref(line))
    st.goals.append(st.goal)
    st.path = ()


def _measure(st: _State, line: Line, notation: str, name: str, sub: bool) -> None:
    if st.goal is None:
        st.issue(line, "measure-outside-goal", f"measure {notation} appears before any 基本目標")
        return
    if sub:
        if not st.path:
            st.issue(line, "submeasure-outside-measure", f"{notation} appears before any 施策 (ア, イ, …)")
            return
        path = (st.path[0], str(jn.circled_number(notation)))
    else:
        path = (notation,)
    st.path = path
    st.measures.append(Measure(st.goal.number, path, notation, jn.clean_text(name), st.doc.ref(line)))


def _listing(st: _State, line: Line, number: str | None, relisted: bool) -> None:
    cols = st.cols
    printed = cols.get(line, cols.name)
    if st.goal is None or not st.path:
        st.issue(line, "row-outside-measure", f"事業 {printed!r} appears before its 基本目標 and 施策")
        return
    cells = {"name": printed, "department": cols.get(line, cols.department),
             "amount": cols.get(line, cols.amount), "description": cols.get(line, cols.description)}
    st.cells.append(cells)
    st.row_end = line.lineno
    st.listings.append(Listing(goal=st.goal.number, measure=st.path, number=number, relisted=relisted,
                               project="", label="", is_new=False, department=None, description=None,
                               amount=None, source=st.doc.ref(line)))


def finish_listing(st: _State, listing: Listing, cells: dict[str, str]) -> Listing:
    """A listing from its cells once every wrapped line is joined: a row without 予算事業費 is an error
    (a row missing required cells), its amount checked."""
    line = Line(listing.source.line or 0, (), listing.source.page)
    label, is_new = jn.strip_new_marker(jn.clean_text(cells["name"]))
    if not cells["amount"]:
        st.issue(line, "missing-cells", f"事業 {label!r} has no 予算事業費 (cut off, or a cell left empty?); "
                 "write 0 or a dash for none")
    dept = cells["department"]
    return Listing(**{**listing.__dict__, "project": jn.squeeze(label), "label": label, "is_new": is_new,
                      "department": jn.department_name(dept) if dept else None,
                      "description": jn.clean_text(cells["description"]) or None,
                      "amount": st.amount(line, cells["amount"]) if cells["amount"] else None})


def _total(st: _State, line: Line, label: str, goal: str | None) -> None:
    cols = st.cols
    keys = [c for c in line.cells[1 : cols.name]]
    rows = _int_or_none(keys[0]) if keys else None
    relisted = _int_or_none(keys[1]) if len(keys) > 1 else None
    amount = st.amount(line, cols.get(line, cols.amount))
    st.totals.append(PrintedTotal(label, goal, rows, relisted, amount, st.doc.ref(line)))


_TEXT_FIELDS = ("name", "description")


def _continuation(st: _State, line: Line) -> bool:
    """A wrapped row: a line with no 番号 right after a 事業 row, whose cells continue that row's text
    (事業名, 事業内容) or fill the cells it left empty (a row the extraction split in two). Joined to the
    row, and said at info level."""
    cols = st.cols
    columns = {cols.name: "name", cols.department: "department", cols.amount: "amount",
               cols.description: "description"}
    filled = {i for i, c in enumerate(line.cells) if c.strip()}
    if not st.listings or not filled or not filled <= set(columns):
        return False
    prev, cells = st.listings[-1], st.cells[-1]
    if st.last is None or st.last.lineno != st.row_end:
        return False  # only the lines right below a row continue it
    if any(cells[columns[i]] and columns[i] not in _TEXT_FIELDS for i in filled):
        return False  # a second amount or department: not a wrapped cell
    for i in sorted(filled):
        field, more = columns[i], line.cells[i].strip()
        cells[field] = _join(cells[field], more) if field in _TEXT_FIELDS else more
    st.issue(line, "wrapped-cell", f"joined to the row at {prev.source} (a cell wrapped onto this line): "
             f"{jn.clean_text(line.text)[:60]!r}", Severity.INFO)
    st.row_end = line.lineno
    return True


def _join(text: str, more: str) -> str:
    """Wrapped cell text joined back: no space between Japanese characters, one between Latin words."""
    if not text:
        return more
    wide = unicodedata.east_asian_width(text[-1]) in "WF" or unicodedata.east_asian_width(more[0]) in "WF"
    return text + ("" if wide else " ") + more


def parse_line(st: _State, line: Line) -> None:
    """Advance the cursor by one line."""
    text = jn.clean_text(line.text)
    if not text or set(text) <= set("- \t"):
        return
    if (unit := _UNIT.match(text)) is not None:
        try:
            st.multiplier = jn.unit_multiplier(unit.group(1))
        except jn.NormalizeError as e:
            st.issue(line, "unknown-unit", str(e))
        return
    if (cols := header_columns(line)) is not None:
        st.cols = cols
        return
    if st.cols is None:
        if st.title is None:
            st.title = text
        return
    first = jn.clean_text(line.cells[0])
    rest_empty = not any(c.strip() for c in line.cells[1:])
    if (m := _GOAL.match(first)) and rest_empty:
        return _goal(st, line, m)
    if (m := _SUBTOTAL.match(jn.squeeze(line.cells[0]))) is not None:
        return _total(st, line, jn.squeeze(line.cells[0]), m.group(1) or (st.goal.number if st.goal else None))
    if _TOTAL.match(jn.squeeze(line.cells[0])):
        return _total(st, line, jn.squeeze(line.cells[0]), None)
    raw_first = line.cells[0].strip()
    if rest_empty and raw_first and jn.circled_number(raw_first[0]) is not None:
        return _measure(st, line, raw_first[0], raw_first[1:], sub=True)
    if rest_empty and (m := _MEASURE.match(raw_first)):
        return _measure(st, line, m.group(1), m.group(2), sub=False)
    number, relisted = key_cells(line, st.cols)
    if number is not None and st.cols.get(line, st.cols.name):
        return _listing(st, line, number, relisted)
    if _continuation(st, line):
        return
    st.issue(line, "unread-line", f"no rule of the {LAYOUT} layout reads this line, so its text would be "
             f"lost: {text[:60]!r}")


def _check_closed(st: _State) -> None:
    """A list ends with the 小計 or 合計 that closes its last rows; without it, it was cut off."""
    def order(ref):  # PDF lines are numbered per page
        return (ref.page or 0, ref.line or 0)

    last_total = max((order(t.source) for t in st.totals), default=(0, 0))
    last_row = max((order(li.source) for li in st.listings), default=(0, 0))
    if st.last is not None and last_row > last_total:
        st.issue(st.last, "incomplete-document", f"the list ends here, after 事業 rows that no 小計 or 合計 "
                 f"closes (cut off?): {jn.clean_text(st.last.text)[:60]!r}; give the whole document")


def plan_name(title: str) -> str | None:
    """The plan a list belongs to, from its title: 令和6年度旭川市…総合戦略関連事業一覧 → 旭川市…総合戦略."""
    m = _TITLE.match(jn.squeeze(title))
    return m.group(1) if m else None


def parse(doc: Document, fiscal_year: int | None = None, plan: str | None = None) -> tuple[ProjectList, list[Issue]]:
    """Parse a strategy project list. `fiscal_year` and `plan` come from the manifest when the title lacks them."""
    lines = infer_pages(doc.lines)
    if not any(header_columns(line) for line in lines):
        raise LayoutError(
            doc.head_ref(),
            f"not a {LAYOUT}: no header row with 事業名, 部局名, 予算事業費 and 事業内容 columns; "
            "check the layout named for this file in the sources manifest",
        )
    title_line = next((ln for ln in lines if ln.filled), None)
    title = jn.clean_text(title_line.text) if title_line else ""
    year = fiscal_year
    try:
        printed_year = eras.fiscal_year(title)
    except jn.NormalizeError:
        printed_year = None
    st = _State(doc, printed_year or year or 0, plan)
    if printed_year and year and printed_year != year:
        st.issue(title_line, "fiscal-year-conflict", f"title says FY{printed_year}, manifest says FY{year}")
    if not (printed_year or year):
        raise LayoutError(doc.head_ref(), "no fiscal year in the title and none in the sources manifest")
    for line in lines:
        parse_line(st, line)
        if jn.clean_text(line.text):
            st.last = line
    st.listings = [finish_listing(st, li, c) for li, c in zip(st.listings, st.cells)]
    _check_closed(st)
    if not st.listings:
        raise LayoutError(doc.head_ref(), f"not a {LAYOUT}: the header is there but no 事業 row was found")
    plan_label = plan or plan_name(title) or title
    result = ProjectList(
        title=title,
        plan=plan_label,
        fiscal_year=st.fiscal_year,
        goals=tuple(st.goals),
        measures=tuple(st.measures),
        listings=tuple(st.listings),
        totals=tuple(st.totals),
        source=doc.head_ref(),
    )
    return result, st.issues
