"""Layout `strategy-project-list`: a 総合戦略 関連事業一覧 (e.g. 旭川市, 令和6年度).

A table with the columns 施策体系 | 番号 | 再掲 | 事業名 | 部局名 | 予算事業費 | 事業内容 (found by their
header names, so a reordered edition still parses). Hierarchy rows: 基本目標N → ア/イ/ウ… (施策) → ①②…
(sub-measure) → numbered 事業 rows; 小計N closes a goal, 合計 the list. Page header "(単位:千円)" and
the column header repeat on every page; in some sections the 番号 sits one column left, with 再掲 in the
番号 column.

What other publishers print differently — the header names (予算額, 当初予算額, R6予算; 担当課, 所管課;
事業概要), the unit, the goal and measure marks ((1)(2), 施策1, 具体的な施策), the markers and the
closing rows a whole list has — is data in layout.toml, compiled by description.py. KPI columns beside
the projects (指標名 | 単位 | 基準値 | 現状値 | 目標値) are read by kpis.py.
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
from . import kpis
from .description import Description, described

LAYOUT = "strategy-project-list"

_NUMBER = re.compile(r"^\d+$")


@dataclass(frozen=True)
class Columns:
    """Cell indexes found from the header row. Cells left of `name` hold 施策体系, 番号 and 再掲."""

    name: int
    amount: int
    department: int | None = None  # optional columns: a list may print no 部局名 or 事業内容
    description: int | None = None
    kpi: int | None = None  # KPI columns beside the projects (kpis.py)
    kpi_unit: int | None = None
    kpi_baseline: int | None = None
    kpi_current: int | None = None
    kpi_target: int | None = None
    unit: str | None = None  # the unit printed in the amount column's header ("予算額(千円)")
    years: tuple[tuple[str, str], ...] = ()  # (KPI value field, year printed in its header: 目標値(R11))
    unread: tuple[int, ...] = ()  # header cells naming a column already found: their cells are not read

    def get(self, line: Line, index: int | None) -> str:
        return line.cells[index].strip() if index is not None and index < len(line.cells) else ""


def header_columns(line: Line, desc: Description | None = None) -> Columns | None:
    """The Columns of a header row (事業名, 部局名, …事業費, 事業内容 or the names layout.toml gives
    them), or None if `line` is not one."""
    desc = desc or described()
    found: dict[str, int] = {}
    unit, years, unread = None, [], []
    for i, cell in enumerate(line.cells):
        hit = desc.header_field(jn.squeeze(cell))
        if hit is not None and hit[0] in found:
            unread.append(i)
        elif hit is not None:
            found[hit[0]] = i
            unit = unit or hit[1]
            if hit[2]:
                years.append((hit[0], hit[2]))
    if any(f not in found for f in desc.required):
        return None
    return Columns(**found, unit=unit, years=tuple(years), unread=tuple(unread))


def infer_pages(lines: tuple[Line, ...], desc: Description | None = None) -> tuple[Line, ...]:
    """Number pages where the front end could not: each repeated "(単位:…)" page header starts a page."""
    desc = desc or described()
    if any(line.page is not None for line in lines):
        return lines
    page, seen, out = 1, False, []
    for line in lines:
        if desc.unit_line(jn.squeeze(line.text)):
            if seen:
                page += 1
            seen = True
        out.append(Line(line.lineno, line.cells, page))
    return tuple(out)


def key_cells(line: Line, cols: Columns, desc: Description | None = None) -> tuple[str | None, bool]:
    """(番号, 再掲) from the cells left of 事業名, wherever the extraction shifted them."""
    desc = desc or described()
    keys = [jn.squeeze(c) for c in line.cells[: cols.name]]
    number = next((k for k in keys if _NUMBER.match(k)), None)
    return number, any(k in desc.relisted for k in keys)


def _int_or_none(text: str) -> int | None:
    t = jn.squeeze(text)
    return int(t) if _NUMBER.match(t) else None


class _State:
    """The parser's cursor: where in the hierarchy the current row stands."""

    def __init__(self, doc: Document, fiscal_year: int, plan: str | None, desc: Description | None = None):
        self.doc = doc
        self.desc = desc or described()
        self.fiscal_year = fiscal_year
        self.plan = plan
        self.cols: Columns | None = None
        self.multiplier = jn.unit_multiplier(self.desc.default_unit)  # unless a page header says otherwise
        self.unit_line: Line | None = None  # the page header that set the unit
        self.title: str | None = None
        self.goal: Goal | None = None
        self.path: tuple[str, ...] = ()
        self.styles: list[int] = []  # the measure mark styles met, in order: their index is their level
        self.goals: list[Goal] = []
        self.measures: list[Measure] = []
        self.listings: list[Listing] = []
        self.totals: list[PrintedTotal] = []
        self.issues: list[Issue] = []
        self.cells: list[dict[str, str]] = []  # each listing's cells as printed (wrapped lines joined)
        self.kpis: list[tuple[Columns, list[kpis.KpiCells]]] = []  # each listing's KPI cells (kpis.py)
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


def _column_unit(st: _State, line: Line, unit: str) -> None:
    """The unit printed in the amount column's header; it must agree with the page header's."""
    multiplier = jn.unit_multiplier(unit)
    if st.unit_line is not None and multiplier != st.multiplier:
        st.issue(line, "unit-conflict", f"the amount column says {unit}, the page header at "
                 f"{st.doc.ref(st.unit_line)} says otherwise; the amounts cannot be converted to yen")
    st.multiplier = multiplier


def _goal(st: _State, line: Line, number: str, name: str) -> None:
    st.goal = Goal(number, jn.clean_text(name), st.doc.ref(line))
    st.goals.append(st.goal)
    st.path = ()


def _measure(st: _State, line: Line, style: int, notation: str, name: str) -> None:
    """A measure line; its level is the order in which its mark style was first met (ア → ①, (1) → ア)."""
    if st.goal is None:
        st.issue(line, "measure-outside-goal", f"measure {notation} appears before any 基本目標")
        return
    if style not in st.styles:
        st.styles.append(style)
    level = st.styles.index(style)
    if level > len(st.path):
        st.issue(line, "submeasure-outside-measure", f"{notation} appears before any measure above it")
        return
    if jn.circled_number(notation) is not None:
        value = str(jn.circled_number(notation))
    else:
        notation = jn.nfkc(notation)
        value = str(int(notation)) if notation.isdigit() else notation
    path = st.path[:level] + (value,)
    st.path = path
    st.measures.append(Measure(st.goal.number, path, notation, jn.clean_text(name), st.doc.ref(line)))


def _listing(st: _State, line: Line, number: str | None, relisted: bool) -> None:
    cols = st.cols
    printed = cols.get(line, cols.name)
    relisted = relisted or st.desc.strip_marks(jn.clean_text(printed))[2]
    if st.goal is None or not st.path:
        st.issue(line, "row-outside-measure", f"事業 {printed!r} appears before its 基本目標 and 施策")
        return
    cells = {"name": printed, "department": cols.get(line, cols.department),
             "amount": cols.get(line, cols.amount), "description": cols.get(line, cols.description)}
    st.cells.append(cells)
    st.kpis.append((cols, [k] if (k := kpis.row_cells(cols, line)) is not None else []))
    st.row_end = line.lineno
    st.listings.append(Listing(goal=st.goal.number, measure=st.path, number=number, relisted=relisted,
                               project="", label="", is_new=False, department=None, description=None,
                               amount=None, source=st.doc.ref(line)))


def finish_listing(st: _State, listing: Listing, cells: dict[str, str]) -> Listing:
    """A listing from its cells once every wrapped line is joined: a row without 予算事業費 is an error
    (a row missing required cells), its amount checked."""
    line = Line(listing.source.line or 0, (), listing.source.page)
    label, is_new, _marked = st.desc.strip_marks(jn.clean_text(cells["name"]))
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
    kpi_cols = set(kpis.columns_of(cols))
    filled = {i for i, c in enumerate(line.cells) if c.strip()}
    base = filled - kpi_cols
    if not st.listings or not filled or not base <= set(columns):
        return False
    prev, cells = st.listings[-1], st.cells[-1]
    if st.last is None or st.last.lineno != st.row_end:
        return False  # only the lines right below a row continue it
    if any(cells[columns[i]] and columns[i] not in _TEXT_FIELDS for i in base):
        return False  # a second amount or department: not a wrapped cell
    joined = kpis.continue_row(cols, line, filled & kpi_cols, st.kpis[-1][1]) if filled & kpi_cols else "joined"
    if joined is None:
        return False  # a second value for a KPI cell: not a wrapped cell
    for i in sorted(base):
        field, more = columns[i], line.cells[i].strip()
        cells[field] = _join(cells[field], more) if field in _TEXT_FIELDS else more
    if base or joined == "joined":
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
    if (unit := st.desc.unit_line(jn.squeeze(text))) is not None:
        try:
            st.multiplier, st.unit_line = jn.unit_multiplier(unit), line
        except jn.NormalizeError as e:
            st.issue(line, "unknown-unit", str(e))
        return
    if (cols := header_columns(line, st.desc)) is not None:
        if st.cols is None and cols.unread:
            st.issue(line, "unread-column", f"columns {', '.join(line.cells[i].strip() for i in cols.unread)} "
                     f"name a column already found in this header: their cells would be lost")
        st.cols = cols
        if cols.unit is not None:
            try:
                _column_unit(st, line, cols.unit)
            except jn.NormalizeError as e:
                st.issue(line, "unknown-unit", str(e))
        return
    if st.cols is None:
        if st.title is None:
            st.title = text
        return
    rest_empty = not any(c.strip() for c in line.cells[1:])
    raw_first = line.cells[0].strip()
    if rest_empty and (goal := st.desc.goal(raw_first)) is not None:
        return _goal(st, line, *goal)
    if (m := st.desc.subtotal.fullmatch(jn.squeeze(line.cells[0]))) is not None:
        goal = m.group("goal") or (st.goal.number if st.goal else None)  # an unnumbered 小計 closes the current goal
        return _total(st, line, jn.squeeze(line.cells[0]) + ("" if m.group("goal") else goal or ""), goal)
    if st.desc.total.fullmatch(jn.squeeze(line.cells[0])):
        return _total(st, line, jn.squeeze(line.cells[0]), None)
    if rest_empty and (level := st.desc.level(raw_first)) is not None:
        return _measure(st, line, *level)
    number, relisted = key_cells(line, st.cols, st.desc)
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


def plan_name(title: str, desc: Description | None = None) -> str | None:
    """The plan a list belongs to, from its title: 令和6年度旭川市…総合戦略関連事業一覧 → 旭川市…総合戦略."""
    key = jn.squeeze(title)
    return next((m.group("plan") for p in (desc or described()).titles if (m := p.fullmatch(key))), None)


def check_complete(st: _State) -> list[Issue]:
    """The closing rows a whole list has (layout.toml [completeness]): the 合計, or the 小計 of the
    last 基本目標. A list that ends before them was cut off: one error naming where it ends."""
    last_goal = st.goal.number if st.goal else None
    found = {"total": any(t.goal is None for t in st.totals),
             "last-subtotal": last_goal is not None and any(t.goal == last_goal for t in st.totals)}
    if not st.desc.closing or any(found[c] for c in st.desc.closing):
        return []
    wanted = " or ".join({"total": "its 合計", "last-subtotal": f"the 小計 of 基本目標 {last_goal}"}[c]
                         for c in st.desc.closing)
    text = jn.clean_text(st.last.text)[:40] if st.last else ""
    return [Issue("incomplete-document", Severity.ERROR, f"the list ends before {wanted}: the document is cut "
                  f"off after its last line read {text!r}", st.doc.ref(st.last) if st.last else st.doc.head_ref())]


def parse(doc: Document, fiscal_year: int | None = None, plan: str | None = None) -> tuple[ProjectList, list[Issue]]:
    """Parse a strategy project list. `fiscal_year` and `plan` come from the manifest when the title lacks them."""
    desc = described()
    lines = infer_pages(doc.lines, desc)
    if not any(header_columns(line, desc) for line in lines):
        raise LayoutError(
            doc.head_ref(),
            f"not a {LAYOUT}: no header row with 事業名, 部局名, 予算事業費 and 事業内容 columns "
            "(or the names layout.toml gives them); check the layout named for this file in the sources manifest",
        )
    title_line = next((ln for ln in lines if ln.filled), None)
    title = jn.clean_text(title_line.text) if title_line else ""
    year = fiscal_year
    try:
        printed_year = eras.fiscal_year(title)
    except jn.NormalizeError:
        printed_year = None
    st = _State(doc, printed_year or year or 0, plan, desc)
    if printed_year and year and printed_year != year:
        st.issue(title_line, "fiscal-year-conflict", f"title says FY{printed_year}, manifest says FY{year}")
    if not (printed_year or year):
        raise LayoutError(doc.head_ref(), "no fiscal year in the title and none in the sources manifest")
    for line in lines:
        parse_line(st, line)
        if jn.clean_text(line.text):
            st.last = line
    st.listings = [finish_listing(st, li, c) for li, c in zip(st.listings, st.cells)]
    read: list = []
    for i, (li, (cols, printed)) in enumerate(zip(st.listings, st.kpis)):
        found = kpis.read(doc, desc, cols, li.label, printed, st.issues)
        read += found
        st.listings[i] = Listing(**{**li.__dict__, "kpis": tuple(dict.fromkeys(k.name for k in found))})
    if not st.listings:
        raise LayoutError(doc.head_ref(), f"not a {LAYOUT}: the header is there but no 事業 row was found")
    plan_label = plan or plan_name(title, desc) or title
    result = ProjectList(
        title=title,
        plan=plan_label,
        fiscal_year=st.fiscal_year,
        goals=tuple(st.goals),
        measures=tuple(st.measures),
        listings=tuple(st.listings),
        totals=tuple(st.totals),
        source=doc.head_ref(),
        kpis=tuple(kpis.merged(read, st.issues)),
    )
    closing = check_complete(st)
    if not closing:  # its closing rows are there, but rows may follow the last of them
        _check_closed(st)
    return result, st.issues + closing
