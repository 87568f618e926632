"""What varies between publishers of progress lists, compiled from layout.toml (Layout.data, read once
by pipeline/parse.py): header names of each column, printed status marks → scheme concepts, goal and
measure patterns, and the parts a whole list has. Bad patterns or unknown concepts fail at import.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ... import marks
from ... import normalize as jn

FIELDS = ("status", "target", "goal", "measure", "item", "content")
CLOSINGS = ("footnote",)


@dataclass(frozen=True)
class Description:
    headers: Mapping[str, tuple[re.Pattern, ...]]  # field → header-name patterns (squeezed cells)
    required: tuple[str, ...]
    statuses: Mapping[str, str]  # printed mark (squeezed) → status notation, besides the scheme's labels
    goals: tuple[re.Pattern, ...]  # groups number, name
    measures: tuple[re.Pattern, ...]  # groups number, name
    closing: tuple[str, ...]

    @classmethod
    def from_data(cls, data: Mapping[str, Any], known: Mapping[str, str]) -> Description:
        """`known`: the scheme's labels (printed → notation); every mapped concept must be one of them."""
        cols = data["columns"]
        fields = set(cols) - {"required"}
        bad = (fields | set(cols["required"])) - set(FIELDS)
        statuses = {jn.squeeze(k): v for k, v in data.get("statuses", {}).items()}
        bad |= {v for v in statuses.values() if v not in set(known.values())}
        closing = tuple(data["completeness"]["closing"])
        bad |= set(closing) - set(CLOSINGS)
        if bad:
            raise ValueError(f"progress-list layout.toml: unknown fields or concepts {sorted(bad)}")
        full = lambda ps: tuple(re.compile(p) for p in ps)  # noqa: E731
        return cls({f: full(cols.get(f, ())) for f in FIELDS}, tuple(cols["required"]), statuses,
                   full(data["hierarchy"]["goal"]), full(data["hierarchy"]["measure"]), closing)

    def header_field(self, key: str) -> str | None:
        return next((f for f, ps in self.headers.items() if any(p.fullmatch(key) for p in ps)), None)

    def goal(self, cell: str) -> tuple[int, str, str] | None:
        """(value, numeral as printed after NFKC, name) of a 大項目: "Ⅵ改革から…" → (6, "VI", "改革から…")."""
        for p in self.goals:
            if m := p.fullmatch(cell.strip()):
                numeral = jn.nfkc(m.group("number"))
                try:
                    value = int(numeral) if numeral.isdigit() else marks.roman_value(numeral)
                except jn.NormalizeError:
                    continue
                return value, numeral, m.group("name")
        return None

    def measure(self, cell: str) -> tuple[int, str, str] | None:
        """(number, mark as printed, name) of a 中項目: "①DX…" → (1, "①", "DX…"), "(2)防災" → (2, "(2)", "防災")."""
        for p in self.measures:
            if m := p.fullmatch(cell.strip()):
                mark = m.group("number")
                if (n := jn.circled_number(mark)) is not None:
                    return n, mark, m.group("name")
                printed = jn.squeeze(cell.strip()[: m.start("name")])  # the mark before the name: "(2)", "1-2"
                return int(jn.nfkc(mark)), printed, m.group("name")
        return None


@lru_cache(maxsize=1)
def described() -> Description:
    """The layout's own Description, compiled once from its Layout.data and the status scheme."""
    from ...schemes import labels
    from ...uris import PROGRESS_STATUS_SCHEME
    from . import LAYOUT

    return Description.from_data(LAYOUT.data, labels(PROGRESS_STATUS_SCHEME))
