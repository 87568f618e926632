"""What varies between publishers of evaluation sheets, compiled from layout.toml (Layout.data, read
once by pipeline/parse.py): the grades printed under 評価 → concepts of the evaluation-grade scheme, the
unit of the amounts, and the parts a whole sheet has. Unknown concepts or parts fail at import.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ... import normalize as jn

PARTS = ("grade", "totals")
HEADINGS = ("results", "plans", "outline", "outcome", "supplement", "improvement", "grade", "related")


@dataclass(frozen=True)
class Description:
    grades: Mapping[str, str]  # printed grade (NFKC) → notation of an evaluation-grade concept
    multiplier: int  # yen per printed unit of 決算額 and 予算額
    parts: tuple[str, ...]  # what a whole sheet has
    headers: Mapping[str, tuple[re.Pattern, ...]]  # goal, policy, measure → header-line patterns
    headings: Mapping[str, frozenset[str]]  # part → its heading texts (squeezed)
    table: tuple[str, ...]  # table headers (squeezed), debris
    glued: frozenset[str]  # table headers the next line may be glued to

    @classmethod
    def from_data(cls, data: Mapping[str, Any], notations: set[str]) -> Description:
        grades = {jn.nfkc(k): v for k, v in data["grades"].items()}
        parts = tuple(data["completeness"]["sheet"])
        bad = {v for v in grades.values() if v not in notations} | (set(parts) - set(PARTS))
        if bad:
            raise ValueError(f"evaluation-sheet layout.toml: unknown grades or parts {sorted(bad)}")
        heads = data["headings"]
        if set(HEADINGS) - set(heads):
            raise ValueError(f"evaluation-sheet layout.toml: [headings] lacks {sorted(set(HEADINGS) - set(heads))}")
        return cls(grades, jn.unit_multiplier(data["units"]["default"]), parts,
                   {k: tuple(re.compile(p) for p in data["headers"][k]) for k in ("goal", "policy", "measure")},
                   {k: frozenset(jn.squeeze(h) for h in heads[k]) for k in HEADINGS},
                   tuple(jn.squeeze(h) for h in heads["table"]), frozenset(jn.squeeze(h) for h in heads["glued"]))

    def header(self, kind: str, clean: str) -> re.Match | None:
        """The match of a goal, policy or measure header line, or None."""
        return next((m for p in self.headers[kind] if (m := p.fullmatch(clean))), None)


@lru_cache(maxsize=1)
def described() -> Description:
    """The layout's own Description, compiled once from its Layout.data and the grade scheme."""
    from ...schemes import concepts
    from ...uris import VOCAB
    from . import LAYOUT

    return Description.from_data(LAYOUT.data, set(concepts(VOCAB + "evaluation-grade")))
