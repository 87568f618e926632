"""KPI columns beside the projects of a strategy project list (指標名 | 単位 | 基準値 | 現状値 | 目標値).

A 事業 row may print one KPI in those columns; a line below it with only KPI cells filled prints a
further KPI of the same project when it has a value, or continues the KPI name (wrapped) when it has
none. Each value is the KPI's value at the end of a fiscal year: the year printed in the cell
("500人(R11)") or else in the column's header ("目標値(R11)"). Values are read as the regional plan's
KPI targets are (`pipeline/layouts/regional_plan/kpi_table.py`): one KPI per name, merged over the rows
that print it; a value that cannot be read, or has no year, is an error at its cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ... import eras
from ... import normalize as jn
from ...records import Document, Issue, Line, Severity
from ..regional_plan.kpi_table import merge
from ..regional_plan.records import Kpi, Target
from .description import KPI_VALUES, Description

KPI_FIELDS = ("kpi", "kpi_unit") + KPI_VALUES
_LABELS = {"kpi": "KPI", "kpi_unit": "単位", "kpi_baseline": "基準値", "kpi_current": "現状値", "kpi_target": "目標値"}


@dataclass
class KpiCells:
    """One KPI as a row prints it: each KPI column's text, and the line and column it was read at."""

    cells: dict[str, str] = field(default_factory=dict)
    where: dict[str, tuple[Line, int]] = field(default_factory=dict)

    def put(self, name: str, line: Line, index: int) -> None:
        text = line.cells[index].strip()
        self.cells[name] = jn.clean_text(self.cells[name] + text) if name == "kpi" and name in self.cells else text
        self.where.setdefault(name, (line, index))

    def has_value(self) -> bool:
        return any(self.cells.get(f) for f in KPI_VALUES)


def columns_of(cols) -> dict[int, str]:
    """The KPI columns the header has: cell index → field."""
    return {i: f for f in KPI_FIELDS if (i := getattr(cols, f)) is not None}


def row_cells(cols, line: Line) -> KpiCells | None:
    """The KPI printed on a 事業 row, or None when its KPI cells are empty."""
    kc = KpiCells()
    for i, f in columns_of(cols).items():
        if i < len(line.cells) and line.cells[i].strip():
            kc.put(f, line, i)
    return kc if kc.cells else None


def continue_row(cols, line: Line, filled: set[int], printed: list[KpiCells]) -> str | None:
    """KPI cells on a line below a 事業 row: a further KPI of the project when they give a name and a
    value after a KPI that has values ("new"), else the rest of the last KPI: a wrapped name, or values
    it left empty ("joined").
    None when they would overwrite a value the KPI has."""
    kcols = columns_of(cols)
    fields = {kcols[i]: i for i in filled}
    new = not printed or "kpi" in fields and any(f in fields for f in KPI_VALUES) and printed[-1].has_value()
    last = KpiCells() if new else printed[-1]
    if any(last.cells.get(f) for f in fields if f != "kpi"):
        return None
    for f, i in fields.items():
        last.put(f, line, i)
    if new:
        printed.append(last)
    return "new" if new else "joined"


def read(doc: Document, desc: Description, cols, project: str, printed: list[KpiCells],
         issues: list[Issue]) -> list[Kpi]:
    """The KPIs a row printed, as regional-plan Kpi records (each value a Target at the end of its fiscal
    year). A KPI with values and no name, a value that does not parse or has no year, and a unit the cell
    and the 単位 column disagree on are errors at the cell."""
    years = dict(cols.years)
    out = []
    for kc in printed:
        name = jn.squeeze(kc.cells.get("kpi", ""))
        if not name:
            line, i = next(iter(kc.where.values()))
            issues.append(Issue("bad-kpi-row", Severity.ERROR, f"事業 {project!r}: KPI values without a KPI name "
                                f"(the {_LABELS['kpi']} cell is empty)", doc.ref(line, i)))
            continue
        unit_cell = jn.squeeze(kc.cells.get("kpi_unit", ""))
        unit_cell = "" if unit_cell in jn.NO_AMOUNT else unit_cell  # a dash: a figure without a unit (率)
        targets, units, ok = [], set(), True
        for f in KPI_VALUES:
            if not kc.cells.get(f):
                continue
            line, i = kc.where[f]
            target = _value(desc, name, f, kc.cells[f], unit_cell, years.get(f))
            if isinstance(target, str):
                issues.append(Issue("bad-kpi-value", Severity.ERROR, target, doc.ref(line, i)))
                ok = False
            elif target is not None:
                clash = next((t for t in targets if t.date == target.date and t.value != target.value), None)
                if clash is not None:
                    issues.append(Issue("kpi-conflict", Severity.ERROR, f"KPI {name!r}: two values for "
                                        f"{target.date}: {clash.value} and {target.value}", doc.ref(line, i)))
                    ok = False
                elif all(t.date != target.date for t in targets):
                    targets.append(target)
                    units.add(target.unit)
        if len(units) > 1:
            line, i = kc.where["kpi"]
            issues.append(Issue("kpi-unit", Severity.ERROR, f"KPI {name!r} mixes units {sorted(units)}",
                                doc.ref(line, i)))
            ok = False
        if ok:
            unit = units.pop() if units else unit_cell
            line, i = kc.where["kpi"]
            out.append(Kpi(name, unit, tuple(sorted(targets, key=lambda t: t.date)), (doc.ref(line),)))
    return out


def _value(desc: Description, name: str, field_: str, text: str, unit: str, header_year: str | None):
    """A KPI cell as a Target, None for a dash (no value), or the reason it cannot be read (a str)."""
    label = _LABELS[field_]
    value, year_text = desc.value_year(jn.squeeze(text))
    year_text = year_text or header_year
    try:
        q = jn.parse_quantity(value + unit if unit and _bare(value) else value)
        want = jn.parse_quantity("1" + unit).unit if unit else None  # the 単位 column in sosei's units (千円 → 円)
    except jn.NormalizeError as e:
        return f"KPI {name!r} {label}: {e}"
    if q is None:
        return None
    if want is not None and q.unit != want:
        return f"KPI {name!r} {label}: the cell says {q.unit!r}, the 単位 column {unit!r}"
    if year_text is None:
        return (f"KPI {name!r} {label} {text!r}: no fiscal year for it, in the cell (500人(R11)) or in the "
                f"column header ({label}(R11))")
    try:
        year = eras.fiscal_year(year_text)
    except jn.NormalizeError as e:
        return f"KPI {name!r} {label}: {e}"
    return Target(eras.fiscal_year_bounds(year)[1], q.value, q.unit)


def _bare(value: str) -> bool:
    """A figure without a unit ("500", "1,200")."""
    try:
        q = jn.parse_quantity(value)
    except jn.NormalizeError:
        return False
    return q is not None and q.unit == ""


def merged(kpis: list[Kpi], issues: list[Issue]) -> list[Kpi]:
    """Each KPI once, however many 事業 rows print it; printings that disagree are an error (kpi-conflict)."""
    return merge(kpis, issues)
