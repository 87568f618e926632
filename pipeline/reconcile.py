"""Domain invariants: one project per re-listed (再掲) row, printed totals reconciled against the rows.

Pure functions over records. Mismatches are not exceptions: they come back as Reconciliation records
(published as data-quality annotations) and as warning Issues (printed by the build).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from .records import Amount, Issue, Listing, PrintedTotal, Severity, SourceRef


@dataclass(frozen=True)
class Project:
    """A 事業 once, however many rows list it. Its budget is the amount of its original (non-再掲) row."""

    key: str
    label: str
    department: str | None
    description: str | None
    amount: Amount | None
    is_new: bool
    listings: tuple[Listing, ...]
    source: SourceRef  # the row that defines it


def consolidate(listings: tuple[Listing, ...], originals_elsewhere: bool = False) -> tuple[list[Project], list[Issue]]:
    """Group rows by project name: a 再掲 row is the same project listed again under another measure.

    Two rows of one name that are both originals (no 再掲) under different departments are two
    projects of the same name: reported, and kept apart (their keys carry the department).
    `originals_elsewhere`: the document is an excerpt (e.g. the sheets of one 基本目標), so a project
    listed only as 再掲 has its original listing in a part not at hand; that is not reported.
    """
    groups: dict[str, list[Listing]] = {}
    placed: dict[tuple, Listing] = {}
    projects, issues = [], []
    for row in listings:
        where = (row.goal, row.measure, row.project)
        if where in placed:  # one project twice under one measure: a listing only once
            issues.append(Issue("duplicate-listing", Severity.WARNING,
                                f"事業 {row.label!r} is already listed under this measure at "
                                f"{placed[where].source}; this row is counted in totals but not listed again",
                                row.source))
            continue
        placed[where] = row
        groups.setdefault(row.project, []).append(row)
    for key, rows in groups.items():
        for sub_key, sub_rows, found in split_homonyms(key, rows):
            issues += found
            project, found = _project(sub_key, sub_rows, originals_elsewhere)
            projects.append(project)
            issues += found
    return projects, issues


def split_homonyms(key: str, rows: list[Listing]) -> list[tuple[str, list[Listing], list[Issue]]]:
    """One name's rows as one project, or as several when originals of that name name different
    departments (two projects of the same name); 再掲 rows go with the original of their department."""
    depts = sorted({r.department for r in rows if not r.relisted and r.department})
    if len(depts) < 2:
        return [(key, rows, [])]
    out = []
    for d in depts:
        mine = [r for r in rows if r.department == d]
        first = next(r for r in mine if not r.relisted)
        others = ", ".join(f"{o} ({next(r for r in rows if r.department == o and not r.relisted).source})"
                           for o in depts if o != d)
        out.append((homonym_key(key, d), mine, [Issue(
            "same-name-projects", Severity.WARNING,
            f"事業 {first.label!r} of {d} has the name of another project of this municipality under {others}; "
            f"published as a separate project, its IRI qualified by its department", first.source)]))
    rest = [r for r in rows if r.department not in depts]
    if rest:
        out[0][1].extend(rest)
        out[0][2].extend(Issue("relisted-homonym", Severity.WARNING,
                               f"事業 {r.label!r} (再掲, 部局 {r.department!r}) names several projects; "
                               f"listed with the one of {depts[0]}", r.source) for r in rest)
    return out


def homonym_key(key: str, department: str) -> str:
    """The key of one of several projects of the same name: its name qualified by its department."""
    return f"{key}({department})"


def _project(key: str, rows: list[Listing], originals_elsewhere: bool) -> tuple[Project, list[Issue]]:
    """The project of one group of rows; each row that prints it otherwise than the first is reported."""
    issues = []
    originals = [r for r in rows if not r.relisted]
    if not originals and not originals_elsewhere:
        issues.append(Issue("relisted-without-original", Severity.WARNING,
                            f"事業 {rows[0].label!r} is only listed as 再掲; its first row defines it",
                            rows[0].source))
    elif len(originals) > 1:
        issues.append(Issue("listed-twice", Severity.WARNING,
                            f"事業 {key!r} is listed {len(originals)} times without 再掲; "
                            f"budget taken once, from {originals[0].source}", originals[1].source))
    first = (originals or rows)[0]
    for r in rows:
        if r is first:
            continue
        if r.amount != first.amount:
            issues.append(Issue("relisted-amount-differs", Severity.WARNING,
                                f"事業 {key!r}: {_yen(r.amount)} here, {_yen(first.amount)} at {first.source}",
                                r.source))
        if r.department != first.department:
            issues.append(Issue("relisted-department-differs", Severity.WARNING,
                                f"事業 {key!r}: 部局 {r.department!r} here, {first.department!r} at {first.source}",
                                r.source))
        if (detail := description_differs(first, r)) is not None:
            issues.append(Issue("relisted-description-differs", Severity.WARNING,
                                f"事業 {key!r}: {detail} (original row at {first.source}); "
                                "each is published on its own listing", r.source))
    project = Project(key, first.label, first.department, first.description, first.amount,
                      any(r.is_new for r in rows), tuple(rows), first.source)
    return project, issues


def description_differs(original: Listing, row: Listing) -> str | None:
    """How a row's 事業内容 differs from its project's original row's, without locations (the same
    words whichever format the document was read from); None when it does not."""
    a, b = row.description, original.description
    if row is original or not a or not b or a == b:
        return None
    return f"事業内容 {_excerpt(a, b)} here, {_excerpt(b, a)} on the original row"


def _excerpt(text: str, other: str, context: int = 8) -> str:
    """Where `text` differs from `other`: the differing span with a few characters either side."""
    ops = [op for op in difflib.SequenceMatcher(None, text, other, autojunk=False).get_opcodes() if op[0] != "equal"]
    start, end = max(ops[0][1] - context, 0), min(ops[-1][2] + context, len(text))
    return repr(("…" if start else "") + text[start:end] + ("…" if end < len(text) else ""))


def _yen(amount: Amount | None) -> str:
    return "no amount" if amount is None else f"{amount.yen:,} yen"


@dataclass(frozen=True)
class Figures:
    rows: int | None
    relisted: int | None
    yen: int | None


@dataclass(frozen=True)
class Reconciliation:
    """A printed total beside what its rows add up to. `matches` is False when any printed figure differs."""

    total: PrintedTotal
    computed: Figures
    subtotals: Figures | None = None  # a 合計: what its printed 小計 add up to

    @property
    def printed(self) -> Figures:
        t = self.total
        return Figures(t.rows, t.relisted, t.amount.yen if t.amount else None)

    @property
    def mismatches(self) -> list[str]:
        out = []
        for name in ("rows", "relisted", "yen"):
            p, c = getattr(self.printed, name), getattr(self.computed, name)
            if p is not None and p != c:
                out.append(f"{name}: printed {p:,}, rows give {c:,}")
            s = getattr(self.subtotals, name) if self.subtotals else None
            if p is not None and s is not None and p != s:
                out.append(f"{name}: printed {p:,}, its 小計 give {s:,}")
        return out

    @property
    def matches(self) -> bool:
        return not self.mismatches


def reconcile_totals(listings: tuple[Listing, ...], totals: tuple[PrintedTotal, ...]) -> tuple[list[Reconciliation], list[Issue]]:
    """Check each 小計 against the rows of its goal and each 合計 against all rows and against the sum
    of the printed 小計 (a misprinted 小計 shows in both its own check and the 合計's).

    The document's own convention, seen in every matching 小計, is that a total counts every row it
    closes, 再掲 rows included (their amounts too).
    """
    out, issues = [], []
    subtotals = [t for t in totals if t.goal is not None]
    for t in totals:
        rows = [r for r in listings if t.goal is None or r.goal == t.goal]
        rec, found = reconcile_total(t, rows, subtotals if t.goal is None and subtotals else None)
        out.append(rec)
        issues.extend(found)
    return out, issues


def reconcile_total(total: PrintedTotal, rows: list[Listing],
                    subtotals: list[PrintedTotal] | None = None) -> tuple[Reconciliation, list[Issue]]:
    """One printed total against the rows it closes (再掲 rows and their amounts included), and a
    合計 against its printed 小計 too; a mismatch is a warning, published with every figure."""
    computed = Figures(len(rows), sum(r.relisted for r in rows),
                       sum(r.amount.yen for r in rows if r.amount is not None))
    rec = Reconciliation(total, computed, _sum_printed(subtotals) if subtotals else None)
    if rec.matches:
        return rec, []
    return rec, [Issue("total-mismatch", Severity.WARNING,
                       f"{total.label} does not match {'its rows or 小計' if rec.subtotals else 'its rows'} ({'; '.join(rec.mismatches)}); "
                       "published with both figures as a data-quality annotation", total.source)]


def _sum_printed(totals: list[PrintedTotal]) -> Figures:
    """What printed totals add up to; a figure is None where any of them does not print it."""
    def add(values):
        return None if any(v is None for v in values) else sum(values)
    return Figures(add([t.rows for t in totals]), add([t.relisted for t in totals]),
                   add([t.amount.yen if t.amount else None for t in totals]))
