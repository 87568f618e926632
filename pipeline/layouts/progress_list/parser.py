"""Layout `progress-list`: a plan's progress list (e.g. 安中市 あんなか再起動プロジェクト一覧, 令和5年10月末時点).

A table with the columns 区分 | 目標年度 | 大項目 | 中項目 | 小項目 | 実施内容, found by their header names
(目標年度 and 実施内容 may be missing). One row per item: 区分 is a status of the progress-status scheme
(達成, 短期, 中期, 長期 — the scheme file lists the spellings known), 目標年度 a fiscal year (R5, 令和5年度),
大項目 a goal led by a Roman numeral (VI and Ⅵ are the same goal), 中項目 a measure led by a circled
number (①), 小項目 an item led by its number ("1フリーWi-Fi…"), 実施内容 text that may carry raw HTML.
Title, header and footnotes repeat on every page; pages are counted from the repeated title (or header).
The as-of date is read from the footnote that says 時点 ("※令和5年10月末時点の状況です。").

What other publishers print differently — header names (進捗状況, 基本目標, 施策, 取組内容 …), status
marks (◎○△×) mapped to the scheme's concepts, goal and measure numbering, and the parts a whole list
has — is data in layout.toml, compiled by description.py.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, replace
from typing import Mapping

from ... import eras, marks
from ... import normalize as jn
from ...records import Document, Issue, Line, Severity
from .records import ProgressGoal, ProgressItem, ProgressList, ProgressMeasure
from ...text import text_block
from ...parse import LayoutError
from .description import Description, described

LAYOUT = "progress-list"


@dataclass(frozen=True)
class Columns:
    status: int
    target: int | None
    goal: int
    measure: int
    item: int
    content: int | None

    def get(self, line: Line, index: int | None) -> str:
        return line.cells[index].strip() if index is not None and index < len(line.cells) else ""


def header_columns(line: Line, desc: Description | None = None) -> Columns | None:
    """The Columns of a header row (区分, 大項目, 中項目, 小項目 … or the names layout.toml gives them),
    or None if `line` is not one."""
    desc = desc or described()
    found: dict[str, int | None] = dict.fromkeys(("status", "target", "goal", "measure", "item", "content"))
    for i, cell in enumerate(line.cells):
        field = desc.header_field(jn.squeeze(cell))
        if field is not None and found[field] is None:
            found[field] = i
    if any(found[f] is None for f in desc.required):
        return None
    return Columns(**found)


def title_of(lines: tuple[Line, ...]) -> str | None:
    """The title: the last filled line before the first header row."""
    title = None
    for line in lines:
        if header_columns(line) is not None:
            return title
        if line.filled:
            title = jn.clean_text(line.text)
    return None


def infer_pages(lines: tuple[Line, ...], title: str | None) -> tuple[Line, ...]:
    """Number pages where the front end could not: each repeated title (or header, without a title) starts one."""
    if any(line.page is not None for line in lines):
        return lines
    page, seen, out = 1, False, []
    for line in lines:
        starts = jn.clean_text(line.text) == title if title else header_columns(line) is not None
        if starts:
            page += 1 if seen else 0
            seen = True
        out.append(Line(line.lineno, line.cells, page))
    return tuple(out)


def plan_name(title: str) -> str | None:
    """The plan a list is of, from its title: あんなか再起動プロジェクト一覧（達成済み…） → あんなか再起動プロジェクト."""
    t = jn.squeeze(title)
    if t.endswith(")") and "(" in t:
        t = t[: t.rindex("(")]
    return t.removesuffix("一覧") or None


class _State:
    """The parser's cursor and what it has read so far."""

    def __init__(self, doc: Document, statuses: Mapping[str, str], title: str | None):
        self.doc, self.statuses, self.title = doc, statuses, title
        self.cols: Columns | None = None
        self.in_footer = False
        self.as_of: tuple[dt.date, Line] | None = None
        self.goals: dict[int, ProgressGoal] = {}
        self.measures: dict[tuple[int, int], ProgressMeasure] = {}
        self.items: list[ProgressItem] = []
        self.placed: set[tuple[int, int, str]] = set()  # (goal, measure, item key) already listed
        self.raw_content = ""  # the last item's 実施内容 as printed, for continuation lines
        self.raw_item = ""  # the last item's name, for a wrapped 小項目
        self.last = 0  # the line number of the last non-blank line read before this one
        self.row_end = 0  # the last line of the latest item row (its wrapped lines included)
        self.last_line: Line | None = None
        self.issues: list[Issue] = []
        self.desc = described()

    def issue(self, line: Line, code: str, message: str, severity=Severity.ERROR) -> None:
        self.issues.append(Issue(code, severity, message, self.doc.ref(line)))


def _footnote(st: _State, line: Line, text: str) -> None:
    """A ※ footnote; the one saying 時点 gives the as-of date."""
    if "時点" not in text:
        return
    try:
        date = eras.parse_date(text)
    except jn.NormalizeError as e:
        return st.issue(line, "bad-as-of", f"{e}; the as-of footnote should read like ※令和5年10月末時点")
    if st.as_of is None:
        st.as_of = (date, line)
    elif st.as_of[0] != date:
        st.issue(line, "as-of-conflict", f"as-of date {date} here, {st.as_of[0]} at {st.doc.ref(st.as_of[1])}")


def _goal(st: _State, line: Line, text: str) -> ProgressGoal | None:
    parsed = st.desc.goal(text)
    if parsed is None or not parsed[2]:
        st.issue(line, "bad-goal", f"大項目 {text!r} is not a Roman numeral (I, II, Ⅲ …) or a number followed by a name")
        return None
    value, numeral, name = parsed
    goal = st.goals.setdefault(value, ProgressGoal(value, numeral, jn.clean_text(name), st.doc.ref(line)))
    if jn.squeeze(goal.name) != jn.squeeze(name):
        st.issue(line, "goal-name-differs", f"大項目 {numeral} is {name!r} here, {goal.name!r} at {goal.source}",
                 Severity.WARNING)
    return goal


def _measure(st: _State, line: Line, goal: ProgressGoal, text: str) -> ProgressMeasure | None:
    parsed = st.desc.measure(text)
    if parsed is None or not parsed[2]:
        st.issue(line, "bad-measure", f"中項目 {text!r} is not a circled number (①, ② …) followed by a name")
        return None
    number, mark, name = parsed
    key = (goal.number, number)
    measure = st.measures.setdefault(key, ProgressMeasure(*key, mark, jn.clean_text(name), st.doc.ref(line)))
    if jn.squeeze(measure.name) != jn.squeeze(name):
        st.issue(line, "measure-name-differs", f"中項目 {goal.notation}{mark} is {name!r} here, "
                 f"{measure.name!r} at {measure.source}", Severity.WARNING)
    return measure


def _status(st: _State, line: Line, text: str) -> str | None:
    status = st.statuses.get(jn.squeeze(text))
    if status is None:
        known = ", ".join(sorted(k for k in st.statuses if not k.isascii()))
        st.issue(line, "unknown-status", f"区分 {text!r} is not a known status ({known}); "
                 "add it to ontology/schemes-status.ttl if it is a new word, "
                 "or to [statuses] in the progress-list layout.toml if it is a mark")
    return status


def _target(st: _State, line: Line, text: str) -> tuple[bool, int | None]:
    """(ok, fiscal year) of a 目標年度 cell; a blank cell is ok and gives None."""
    if not text:
        return True, None
    try:
        return True, eras.fiscal_year(text)
    except jn.NormalizeError as e:
        st.issue(line, "bad-target-year", f"目標年度: {e}; expected an era year such as R5 or 令和5年度")
        return False, None


def _row(st: _State, line: Line) -> None:
    c = st.cols
    cells = {f: c.get(line, getattr(c, f)) for f in ("status", "target", "goal", "measure", "item", "content")}
    missing = [h for f, h in (("status", "区分"), ("goal", "大項目"), ("measure", "中項目"), ("item", "小項目"))
               if not cells[f]]
    if missing:
        return st.issue(line, "missing-cells", f"row without {', '.join(missing)}: {' | '.join(line.filled)[:60]!r}")
    status = _status(st, line, cells["status"])
    year_ok, target = _target(st, line, cells["target"])
    goal = _goal(st, line, cells["goal"])
    measure = _measure(st, line, goal, cells["measure"]) if goal else None
    if status is None or not year_ok or measure is None:
        return
    parsed = marks.number_prefix(cells["item"])
    if parsed is None:
        st.issue(line, "item-without-number", f"小項目 {cells['item']!r} has no leading number", Severity.WARNING)
    number, name = parsed or (None, jn.clean_text(cells["item"]))
    name = jn.clean_text(name)
    if (key := (goal.number, measure.number, jn.squeeze(name))) in st.placed:
        return st.issue(line, "duplicate-item", f"小項目 {name!r} is already listed under this 中項目; row skipped",
                        Severity.WARNING)
    st.placed.add(key)
    st.raw_content, st.raw_item = cells["content"], name
    st.row_end = line.lineno
    st.items.append(ProgressItem(goal.number, measure.number, number, name, status, jn.clean_text(cells["status"]),
                                 target, text_block(cells["content"]) or None, st.doc.ref(line)))


def _continuation(st: _State, line: Line) -> bool:
    """A wrapped cell: text only in the 小項目 or 実施内容 column, right after a row. Joined to that row
    and said at info level."""
    c = st.cols
    filled = {i for i, cell in enumerate(line.cells) if cell.strip()}
    if not st.items or not filled or not filled <= {c.content, c.item} - {None} or st.last != st.row_end:
        return False
    item = st.items[-1]
    if c.item in filled:
        more = jn.clean_text(c.get(line, c.item))
        wide = unicodedata.east_asian_width(st.raw_item[-1:] or "あ") in "WF" or unicodedata.east_asian_width(more[0]) in "WF"
        st.raw_item = st.raw_item + ("" if wide else " ") + more
        item = replace(item, name=st.raw_item)
    if c.content in filled:
        st.raw_content = f"{st.raw_content}\n{c.get(line, c.content)}"
        item = replace(item, description=text_block(st.raw_content) or None)
    st.items[-1] = item
    st.row_end = line.lineno
    if c.item in filled:  # the 実施内容 of a form wraps by design; a wrapped 小項目 is worth saying
        st.issue(line, "wrapped-cell", f"joined to the row at {item.source} (a cell wrapped onto this line): "
                 f"{jn.clean_text(line.text)[:60]!r}", Severity.INFO)
    return True


def parse_line(st: _State, line: Line) -> None:
    """Advance the cursor by one line."""
    text = jn.clean_text(line.text)
    if not text:
        return
    if (cols := header_columns(line, st.desc)) is not None:
        st.cols, st.in_footer = cols, False
        return
    if text == st.title:
        st.in_footer = False
        return
    if st.cols is None:
        return st.issue(line, "unread-line", f"no rule reads this line before the table, so its text would be "
                        f"lost: {text[:60]!r}")
    if text.startswith("※"):
        st.in_footer = True
        return _footnote(st, line, text)
    if st.in_footer and len(line.filled) == 1:
        return  # a footnote wrapped onto the next line
    if _continuation(st, line):
        return
    if len(line.filled) > 1:
        return _row(st, line)
    st.issue(line, "unread-line", f"no rule of the {LAYOUT} layout reads this line, so its text would be "
             f"lost: {text[:60]!r}")


def _status_text(item: ProgressItem) -> str:
    return item.status_label + (f" (target FY{item.target_year})" if item.target_year else "")


def check_items(items: list[ProgressItem]) -> list[Issue]:
    """An item listed under several measures is one project: its status and target year must agree."""
    first: dict[str, ProgressItem] = {}
    issues = []
    for item in items:
        seen = first.setdefault(jn.squeeze(item.name), item)
        if (seen.status, seen.target_year) != (item.status, item.target_year):
            issues.append(Issue("status-conflict", Severity.ERROR,
                                f"小項目 {item.name!r} is {_status_text(item)} here, {_status_text(seen)} at "
                                f"{seen.source}; one project has one status per list", item.source))
    return issues


def check_complete(st: _State) -> list[Issue]:
    """The parts a whole list has (layout.toml [completeness]): its last page ends with the ※ footnotes
    (the as-of note) after its last row. A list that ends on a row or a header was cut off: one error
    naming where it ends."""
    if "footnote" not in st.desc.closing or not st.items or st.in_footer or st.last_line is None:
        return []
    return [Issue("incomplete-document", Severity.ERROR, "the list ends before the ※ footnotes that close "
                  f"its pages: the document is cut off after its last line read "
                  f"{jn.clean_text(st.last_line.text)[:40]!r}", st.doc.ref(st.last_line))]


def parse(doc: Document, statuses: Mapping[str, str], fiscal_year: int | None = None,
          plan: str | None = None) -> tuple[ProgressList, list[Issue]]:
    """Parse a progress list. `statuses`: printed 区分 (squeezed) → status notation, from the scheme file.

    `fiscal_year` and `plan` come from the manifest: the edition's fiscal year must agree with the as-of
    date, and `plan` names the plan when the title does not.
    """
    statuses = {**statuses, **described().statuses}
    if not any(header_columns(line) for line in doc.lines):
        raise LayoutError(doc.head_ref(), f"not a {LAYOUT}: no header row with 区分, 大項目, 中項目 and 小項目 "
                          "columns; check the layout named for this file in the sources manifest")
    title = title_of(doc.lines)
    plan_label = plan or (plan_name(title) if title else None)
    if not plan_label:
        raise LayoutError(doc.head_ref(), "no title naming the plan above the table and no `plan` in the manifest")
    st = _State(doc, statuses, title)
    for line in infer_pages(doc.lines, title):
        parse_line(st, line)
        if jn.clean_text(line.text):
            st.last, st.last_line = line.lineno, line
    if not st.items and not st.issues:
        raise LayoutError(doc.head_ref(), f"not a {LAYOUT}: the header is there but no item row was found")
    as_of = st.as_of[0] if st.as_of else None
    year = eras.fiscal_year_of(as_of) if as_of else fiscal_year
    if as_of is None:
        st.issues.append(Issue("missing-as-of", Severity.ERROR, "no footnote gives the as-of date "
                               "(※令和5年10月末時点の状況です。); the statuses cannot be dated", doc.head_ref()))
    elif fiscal_year and fiscal_year != year:
        st.issue(st.as_of[1], "fiscal-year-conflict", f"as-of date {as_of} is in FY{year}, manifest says FY{fiscal_year}")
    result = ProgressList(title or plan_label, plan_label, as_of, year, tuple(st.goals.values()),
                          tuple(st.measures.values()), tuple(st.items), doc.head_ref())
    return result, st.issues + check_items(st.items) + check_complete(st)
