"""Likely renames between two editions (`sosei link suggest OLD NEW`), with their evidence, for a person
to accept into sources/renames.toml. Nothing here changes identity by itself.

A candidate pairs a project the older edition lists and the newer does not with one the newer lists
and the older does not. Evidence: the same position (goal, measure and printed number), the same
department, the same or a close amount (within 20%), and how alike the names are (difflib's ratio).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from .editions import Edition, EditionProject

CLOSE = 0.2  # amounts within 20% of each other are close
ALIKE = 0.6  # names this alike (difflib ratio) are evidence on their own


@dataclass(frozen=True)
class Suggestion:
    old: EditionProject
    new: EditionProject
    evidence: tuple[str, ...]  # kinds: position, department, amount-same, amount-close, name
    name_ratio: float
    score: float

    def describe(self) -> str:
        parts = []
        for kind in self.evidence:
            if kind == "position":
                parts.append(f"same position {_position(self.new)}")
            elif kind == "department":
                parts.append(f"same department {self.new.project.department}")
            elif kind == "amount-same":
                parts.append(f"same amount {_yen(self.new):,} yen")
            elif kind == "amount-close":
                parts.append(f"close amount {_yen(self.old):,} → {_yen(self.new):,} yen")
            elif kind == "name":
                parts.append(f"names {self.name_ratio:.0%} alike")
        return "; ".join(parts)

    def toml(self, code: str, year: int) -> str:
        """The entry for sources/renames.toml, should a person accept it."""
        return (f'[[rename]]\nmunicipality = "{code}"\nold = "{self.old.project.label}"\n'
                f'new = "{self.new.project.label}"\nfrom_year = {year}\n')


def suggest(old: Edition, new: Edition) -> list[Suggestion]:
    """Likely renames, best first; each project in at most one suggestion."""
    gone = [p for k, p in sorted(old.projects.items()) if k not in new.projects]
    came = [p for k, p in sorted(new.projects.items()) if k not in old.projects]
    candidates = [s for a in gone for b in came if (s := _candidate(a, b)) is not None]
    candidates.sort(key=lambda s: (-s.score, s.old.key, s.new.key))
    out, used = [], set()
    for s in candidates:
        if s.old.key in used or s.new.key in used:
            continue
        used |= {s.old.key, s.new.key}
        out.append(s)
    return out


def _candidate(a: EditionProject, b: EditionProject) -> Suggestion | None:
    ratio = difflib.SequenceMatcher(None, a.project.label, b.project.label, autojunk=False).ratio()
    evidence = []
    if _position(a) == _position(b) and a.original.number is not None:
        evidence.append("position")
    if a.project.department and a.project.department == b.project.department:
        evidence.append("department")
    ya, yb = _yen(a), _yen(b)
    if ya is not None and ya == yb:
        evidence.append("amount-same")
    elif ya and yb and abs(yb - ya) <= CLOSE * max(ya, yb):
        evidence.append("amount-close")
    if ratio >= ALIKE:
        evidence.append("name")
    # a name alone, or at least two other pieces of evidence agreeing
    if "name" not in evidence and len(evidence) < 2:
        return None
    score = ratio + 0.5 * len([e for e in evidence if e != "name"])
    return Suggestion(a, b, tuple(evidence), ratio, round(score, 6))


def _position(p: EditionProject) -> str:
    r = p.original
    return "-".join((r.goal, *r.measure, r.number or "?"))


def _yen(p: EditionProject) -> int | None:
    return p.project.amount.yen if p.project.amount is not None else None
