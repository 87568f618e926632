"""What changed between two editions of one strategy project list (`sosei diff OLD NEW`): new, dropped,
renamed and moved projects, budgets up or down (amount and %), department changes.

Pure over two Editions (pipeline/editions.py): projects are matched by identity key (their first name,
renames in sources/renames.toml followed), never by row order.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from .editions import Edition, EditionProject

KINDS = ("new", "dropped", "renamed", "moved", "budget", "department")
COLUMNS = ("change", "project", "old", "new", "difference_yen", "difference_percent")


@dataclass(frozen=True)
class Change:
    kind: str  # one of KINDS
    key: str  # the project's identity key
    project: str  # its name (the newer edition's where it has one)
    old: str = ""
    new: str = ""
    difference_yen: int | None = None
    difference_percent: Decimal | None = None  # None where the old amount is 0 or missing
    old_project: EditionProject | None = None
    new_project: EditionProject | None = None

    def cells(self) -> tuple[str, ...]:
        """The row as `sosei diff` prints it (amounts with thousands separators, signed differences)."""
        yen = "" if self.difference_yen is None else f"{self.difference_yen:+,}"
        pct = "" if self.difference_percent is None else f"{self.difference_percent:+}"
        old, new = (_show(self.old), _show(self.new)) if self.kind == "budget" else (self.old, self.new)
        return (self.kind, self.project, old, new, yen, pct)


def diff(old: Edition, new: Edition) -> list[Change]:
    """Every change from `old` to `new`, in KINDS order, then by project name."""
    if old.spec.publisher != new.spec.publisher:
        raise ValueError(f"{old.spec.id} and {new.spec.id} are published by different municipalities")
    out: list[Change] = []
    for key in sorted(set(old.projects) | set(new.projects)):
        a, b = old.projects.get(key), new.projects.get(key)
        if a is None:
            out.append(Change("new", key, b.name, "", " ".join(b.measures), _yen(b), None, None, b))
        elif b is None:
            out.append(Change("dropped", key, a.name, " ".join(a.measures), "", _neg(_yen(a)), None, a))
        else:
            out.extend(_compared(key, a, b))
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(out, key=lambda c: (order[c.kind], c.project, c.key))


def _compared(key: str, a: EditionProject, b: EditionProject) -> list[Change]:
    name = b.name
    out = []
    if a.project.label != b.project.label:
        out.append(Change("renamed", key, name, a.project.label, b.project.label, None, None, a, b))
    if a.measures != b.measures:
        out.append(Change("moved", key, name, " ".join(a.measures), " ".join(b.measures), None, None, a, b))
    ya, yb = _yen(a), _yen(b)
    if ya != yb:
        d = None if ya is None or yb is None else yb - ya
        pct = None if d is None or not ya else (Decimal(d) * 100 / Decimal(ya)).quantize(Decimal("0.1"), ROUND_HALF_EVEN)
        out.append(Change("budget", key, name, _raw(ya), _raw(yb), d, pct, a, b))
    da, db = a.project.department or "", b.project.department or ""
    if da != db:
        out.append(Change("department", key, name, da, db, None, None, a, b))
    return out


def _yen(p: EditionProject) -> int | None:
    return p.project.amount.yen if p.project.amount is not None else None


def _neg(n: int | None) -> int | None:
    return None if n is None else -n


def _raw(n: int | None) -> str:
    return "" if n is None else str(n)


def _show(text: str) -> str:
    return f"{int(text):,}" if text else ""


def to_csv(changes: list[Change]) -> str:
    """The changes as CSV (one header row, then one row each; amounts in yen, signed)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for c in changes:
        w.writerow((c.kind, c.project, c.old, c.new,
                    "" if c.difference_yen is None else c.difference_yen,
                    "" if c.difference_percent is None else c.difference_percent))
    return buf.getvalue()


def summary(changes: list[Change]) -> str:
    """One line: how many changes of each kind."""
    counts = {k: sum(c.kind == k for c in changes) for k in KINDS}
    return ", ".join(f"{n} {k}" for k, n in counts.items())
