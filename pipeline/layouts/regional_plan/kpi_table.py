"""KPI tables (数値目標, 重要業績評価指標(KPI)) as plans print them, and their merge into one KPI each.

A table is a header row of reference dates (平成29年3月末 …, first cell empty) and one row per KPI:
its name, then one value with its unit per date ("9,930 人"). A name wrapped onto the next row (the
other cells empty) is joined, and so is a name whose first part sits alone above the first row's values; blank rows and rows of dashes are skipped; a line without tabs ends it.
The same table is often printed several times: each KPI is kept once, and printings that disagree are
an error naming both lines.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ... import eras
from ... import normalize as jn
from ...records import Document, Issue, Line, Severity
from .records import Kpi, Target

_RULE = re.compile(r"^[-‐－ー—─━=＝_\s]+$")


@dataclass
class KpiRow:
    name: str
    cells: tuple[str, ...]
    line: Line


@dataclass
class KpiTable:
    dates: tuple[dt.date, ...]
    header: Line
    rows: list[KpiRow] = field(default_factory=list)
    last: int = 0  # index (in the lines given) of the table's last line

    def names(self) -> tuple[str, ...]:
        return tuple(jn.squeeze(r.name) for r in self.rows)


def is_header(line: Line) -> bool:
    """A row of dates after an empty first cell: the header of a KPI table."""
    cells = [c.strip() for c in line.cells]
    return len(cells) >= 2 and not cells[0] and all(cells[1:]) and all(eras.looks_like_date(c) for c in cells[1:])


def header_dates(doc: Document, line: Line, issues: list[Issue]) -> tuple[dt.date, ...] | None:
    """The reference dates of a KPI header row, or None when `line` is not one (or a date is wrong)."""
    if not is_header(line):
        return None
    dates = []
    for c in (c.strip() for c in line.cells[1:]):
        try:
            dates.append(eras.parse_date(c))
        except jn.NormalizeError as e:
            issues.append(Issue("bad-date", Severity.ERROR, f"KPI reference date: {e}", doc.ref(line)))
            return None
    return tuple(dates)


def read_table(doc: Document, lines: tuple[Line, ...], start: int, dates, issues) -> KpiTable:
    """The rows below a header. A row with a name and no value is a wrapped name: the rest of the row
    above's, or, above the first row, the start of the first row's name."""
    table = KpiTable(dates, lines[start], last=start)
    leading = ""  # a name wrapped above the first row's values
    for i in range(start + 1, len(lines)):
        line = lines[i]
        cells = [c.strip() for c in line.cells]
        if not any(cells) or all(_RULE.match(c) for c in cells if c):
            continue
        if len(line.cells) == 1 or is_header(line):
            break
        table.last = i
        values = tuple(cells[1:])
        if not any(values):
            if table.rows:
                table.rows[-1].name += cells[0]
            else:
                leading += cells[0]
            continue
        table.rows.append(KpiRow(leading + cells[0], values, line))
        leading = ""
    return table


def find_tables(doc: Document, lines: tuple[Line, ...], issues: list[Issue]) -> list[KpiTable]:
    tables, i = [], 0
    while i < len(lines):
        dates = header_dates(doc, lines[i], issues)
        if dates is not None:
            table = read_table(doc, lines, i, dates, issues)
            tables.append(table)
            i = table.last + 1
        else:
            i += 1
    return tables


def row_kpi(doc: Document, table: KpiTable, row: KpiRow, issues: list[Issue]) -> Kpi | None:
    """One row as a Kpi; a value that does not parse or a missing value is an error on its line."""
    name = jn.squeeze(row.name)
    ref = doc.ref(row.line)
    if not name:
        issues.append(Issue("bad-kpi-row", Severity.ERROR, "KPI row without a name", ref))
        return None
    filled = [c for c in row.cells if c]
    if len(row.cells) < len(table.dates) or len(filled) != len(table.dates):
        issues.append(Issue("bad-kpi-row", Severity.ERROR, f"KPI {name!r}: {len(filled)} value(s) for "
                            f"{len(table.dates)} reference date(s)", ref))
        return None
    targets, units = [], set()
    for date, cell in zip(table.dates, row.cells):
        try:
            q = jn.parse_quantity(cell)
        except jn.NormalizeError as e:
            issues.append(Issue("bad-kpi-value", Severity.ERROR, f"KPI {name!r} at {date}: {e}", ref))
            return None
        if q is not None:
            targets.append(Target(date, q.value, q.unit))
            units.add(q.unit)
    if len(units) > 1:
        issues.append(Issue("kpi-unit", Severity.ERROR, f"KPI {name!r} mixes units {sorted(units)}", ref))
        return None
    return Kpi(name, units.pop() if units else "", tuple(targets), (ref,))


def merge(kpis: list[Kpi], issues: list[Issue]) -> list[Kpi]:
    """Each KPI once: printings of the same name must agree on unit and on every shared date."""
    out: dict[str, Kpi] = {}
    for k in kpis:
        seen = out.get(k.name)
        if seen is None:
            out[k.name] = k
            continue
        old = {t.date: t.value for t in seen.targets}
        clash = [f"{t.date}: {old[t.date]} vs {t.value}" for t in k.targets if t.date in old and old[t.date] != t.value]
        if clash or (seen.unit != k.unit and seen.targets and k.targets):
            why = "; ".join(clash) or f"unit {seen.unit!r} vs {k.unit!r}"
            issues.append(Issue("kpi-conflict", Severity.ERROR, f"KPI {k.name!r} printed differently here "
                                f"and at {seen.sources[0]}: {why}", k.sources[0]))
            continue
        extra = tuple(t for t in k.targets if t.date not in old)
        targets = tuple(sorted(seen.targets + extra, key=lambda t: t.date))
        out[k.name] = Kpi(k.name, seen.unit or k.unit, targets, seen.sources + k.sources, seen.method)
    return list(out.values())
