"""What varies between publishers of strategy project lists, compiled from layout.toml (Layout.data,
read once by pipeline/parse.py): header names of each column, the unit of the amounts, the goal and
measure patterns, markers, total rows and the parts a whole list has. Bad patterns fail at import.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ... import normalize as jn

FIELDS = ("name", "department", "amount", "description", "kpi", "kpi_unit", "kpi_baseline", "kpi_current",
          "kpi_target")
KPI_VALUES = ("kpi_baseline", "kpi_current", "kpi_target")  # each a KPI value at the end of a fiscal year
CLOSINGS = ("total", "last-subtotal")


@dataclass(frozen=True)
class Description:
    headers: Mapping[str, tuple[re.Pattern, ...]]  # field → header-name patterns (squeezed cells)
    required: tuple[str, ...]  # fields a header row must have
    unit_lines: tuple[re.Pattern, ...]  # page headers giving the unit (squeezed line)
    default_unit: str
    goals: tuple[re.Pattern, ...]  # groups number, name (stripped cell)
    levels: tuple[re.Pattern, ...]  # groups notation, name
    relisted: frozenset[str]
    new: tuple[str, ...]  # longest first
    subtotal: re.Pattern
    total: re.Pattern
    closing: tuple[str, ...]
    titles: tuple[re.Pattern, ...]  # group plan (squeezed title)
    value_years: tuple[re.Pattern, ...] = ()  # groups value, year (a squeezed KPI cell printing its year)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Description:
        cols, req = data["columns"], data["columns"]["required"]
        unknown = (set(cols) - {"required"} - set(FIELDS)) | (set(req["fields"]) - set(FIELDS))
        closing = tuple(data["completeness"]["closing"])
        if unknown or set(closing) - set(CLOSINGS):
            raise ValueError(f"strategy-project-list layout.toml: unknown fields {sorted(unknown | set(closing))}")
        jn.unit_multiplier(data["units"]["default"])  # a unit sosei knows
        full = lambda ps: tuple(re.compile(p) for p in ps)  # noqa: E731
        return cls(
            headers={f: full(cols.get(f, ())) for f in FIELDS},
            required=tuple(req["fields"]),
            unit_lines=full(data["units"]["page_header"]),
            default_unit=data["units"]["default"],
            goals=full(data["hierarchy"]["goal"]),
            levels=full(data["hierarchy"]["levels"]),
            relisted=frozenset(jn.squeeze(m) for m in data["markers"]["relisted"]),
            new=tuple(sorted((jn.squeeze(m) for m in data["markers"]["new"]), key=len, reverse=True)),
            subtotal=re.compile(data["totals"]["subtotal"]),
            total=re.compile(data["totals"]["total"]),
            closing=closing,
            titles=full(data["title"]["plan"]),
            value_years=full(data.get("kpi", {}).get("value_year", ())),
        )

    def header_field(self, key: str) -> tuple[str, str | None, str | None] | None:
        """(field, unit, year printed in the header or None) of a squeezed header cell, or None."""
        for name, patterns in self.headers.items():
            for p in patterns:
                if m := p.fullmatch(key):
                    return name, m.groupdict().get("unit"), m.groupdict().get("year")
        return None

    def value_year(self, squeezed: str) -> tuple[str, str | None]:
        """(value, year) of a KPI cell: "500人(R11)" → ("500人", "R11"); a cell without a year → (cell, None)."""
        return next(((m.group("value"), m.group("year")) for p in self.value_years if (m := p.fullmatch(squeezed))),
                    (squeezed, None))

    def unit_line(self, squeezed: str) -> str | None:
        """The unit a page header line gives ("(単位:千円)" → "千円"), or None."""
        return next((m.group("unit") for p in self.unit_lines if (m := p.fullmatch(squeezed))), None)

    def goal(self, cell: str) -> tuple[str, str] | None:
        """(number, name) of a goal cell: "基本目標１ 若い世代…" → ("1", "若い世代…"); Roman numerals → digits."""
        for p in self.goals:
            if m := p.fullmatch(cell):
                number = jn.nfkc(m.group("number"))
                if not number.isdigit():
                    from ...marks import roman_value
                    number = str(roman_value(number))
                return str(int(number)), m.group("name")
        return None

    def level(self, cell: str) -> tuple[int, str, str] | None:
        """(style, notation as printed, name) of a measure cell, `style` the index of the pattern."""
        for i, p in enumerate(self.levels):
            if m := p.fullmatch(cell):
                return i, m.group("notation"), m.group("name")
        return None

    def strip_marks(self, name: str) -> tuple[str, bool, bool]:
        """(name, is_new, relisted) of a printed 事業名 with its leading marks ((新), 【再掲】 …) removed."""
        label, is_new, relisted = name.strip(), False, False
        marks = sorted(self.new + tuple(self.relisted), key=len, reverse=True)
        while (hit := next(((m, c) for m in marks if (c := _cut(label, m)) is not None), None)) is not None:
            mark, label = hit
            is_new, relisted = is_new or mark in self.new, relisted or mark in self.relisted
        return label, is_new, relisted


def _cut(label: str, mark: str) -> str | None:
    """`label` without its leading `mark` (compared after NFKC, spaces ignored), or None."""
    taken = ""
    for i, ch in enumerate(label):
        if not ch.isspace():
            taken += jn.nfkc(ch)
        if taken == mark:
            rest = label[i + 1:].strip()
            return rest or None
        if not mark.startswith(taken):
            return None
    return None


@lru_cache(maxsize=1)
def described() -> Description:
    """The layout's own Description, compiled once from its Layout.data."""
    from . import LAYOUT

    return Description.from_data(LAYOUT.data)
