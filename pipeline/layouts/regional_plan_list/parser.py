"""Layout `regional-plan-list`: a municipality's web page listing its certified 地域再生計画.

Five columns, found by their header names: 認定年月日(認定回) | 作成主体 | 地域再生計画の名称 | 地域再生計画の概要 |
活用する支援制度. Read from either front end:

- HTML: a real table; each row is a Line with the five cells.
- Text extraction of the page: the table is flattened into running text — per entry a date line, a
  (第N回) line, optionally ※…変更認定, then one line "作成主体 名称(PDF形式 NNNキロバイト) 概要 支援制度",
  the 概要 sometimes wrapped over the next lines. The entry is rebuilt into the same five cells.

Both give the same records, so the same graph (apart from source lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ... import eras
from ... import normalize as jn
from ...records import Document, Issue, Line, Severity, SourceRef
from ..regional_plan.records import Amendment, ListedPlan, PlanList
from ..regional_plan.flat import unwrap
from ...parse import LayoutError, describe
from ..regional_plan.common import (
    certification_round,
    find_document_marker,
    linked_document,
    schemes,
    split_authors,
)

LAYOUT = "regional-plan-list"
DESCRIPTION = describe(__file__)
COLUMNS = ("認定年月日", "作成主体", "名称", "概要", "支援制度")

_DATE = r"(?:[\u4e00-\u9fff]{2}\s*(?:元|\d+)|(?:19|20)\d\d)\s*年\s*\d+\s*月\s*\d+\s*日"
_HEAD = re.compile(rf"\s*(?:(?P<date>{_DATE})(?=\s|$|[\(（※])|(?P<round>[\(（]\s*第\s*\d+\s*回\s*[\)）])"
                   rf"|(?P<amend>※\s*{_DATE}\s*(?:に)?\s*変更認定))")
_AMEND = re.compile(rf"※?\s*({_DATE})\s*(?:に)?\s*変更認定")
_BODY_CONTINUATION_LIMIT = 6


@dataclass(frozen=True)
class Cells:
    """One entry as the five cells of the table; the date cell as (text, line) segments."""

    date: tuple[tuple[str, SourceRef], ...]
    author: str
    name: str
    summary: str
    schemes: str
    source: SourceRef


def table_columns(line: Line) -> tuple[int, ...] | None:
    """Cell indexes of the five columns in a header row, or None if `line` is not one."""
    keys = [jn.squeeze(c) for c in line.cells]
    found = []
    for name in COLUMNS:
        i = next((i for i, k in enumerate(keys) if name in k and i not in found), None)
        if i is None:
            return None
        found.append(i)
    return tuple(found)


def flat_header_end(lines: tuple[Line, ...]) -> int | None:
    """Index after the header of a flattened table: the five header names on consecutive text lines
    (認定年月日, an optional (認定回), 作成主体, …名称, …概要, …支援制度)."""
    filled = [(i, jn.squeeze(ln.text)) for i, ln in enumerate(lines) if ln.text.strip()]
    for k, (_i, text) in enumerate(filled):
        if not text.startswith(COLUMNS[0]):
            continue
        names = [(j, t) for j, t in filled[k + 1: k + 6] if t != "(認定回)"][:4]
        if len(names) == 4 and all(c in t for c, (_j, t) in zip(COLUMNS[1:], names)):
            return names[-1][0] + 1
    return None


def split_head(text: str) -> tuple[str, str]:
    """Leading 認定年月日 / (第N回) / ※…変更認定 tokens of a line, and the rest."""
    pos, t = 0, jn.nfkc(text)
    while (m := _HEAD.match(t, pos)) is not None:
        pos = m.end()
    return t[:pos].strip(), t[pos:].strip()


def _complete(rest: str) -> tuple[str, str] | None:
    """Split what follows the name into (概要, 支援制度), or None while the entry is incomplete.

    The schemes are the longest tail after a space or line break that names only known schemes;
    failing that, the tail after the last 。 followed by a space or break (an unknown scheme)."""
    gaps = list(re.finditer(r"\s+", rest))
    for gap in gaps:
        tail = rest[gap.end():]
        found = schemes(tail)
        if tail.strip() and "。" not in tail and found.concepts and not found.unknown:
            return rest[: gap.start()], tail
    for gap in reversed(gaps):
        tail = rest[gap.end():].strip()
        if gap.start() > 0 and rest[gap.start() - 1] == "。" and tail and "。" not in tail and tail[-1] not in "、,":
            return rest[: gap.start()], tail
    return None


def _unwrap(text: str) -> str:
    """Lines a cell wrapped over, joined without spaces (Japanese), each line's own spaces kept."""
    return jn.clean_text("".join(part.strip() for part in text.split("\n")))


class _Flat:
    """Rebuilds the entries of a flattened table into Cells."""

    def __init__(self, doc: Document):
        self.doc, self.issues, self.entries = doc, [], []
        self.head: list[tuple[str, SourceRef]] = []
        self.body: list[Line] = []

    def close(self) -> None:
        if not self.head:
            return
        ref = self.head[0][1]
        body = "\n".join(jn.nfkc(line.text).strip() for line in self.body)
        cells = self.cells(body, ref)
        if cells is not None:
            self.entries.append(cells)
        self.head, self.body = [], []

    def cells(self, body: str, ref: SourceRef) -> Cells | None:
        where = self.doc.ref(self.body[0]) if self.body else ref
        marker = find_document_marker(body)
        before = body[: marker.start()] if marker else body.split("\n")[0]
        parts = before.strip().split(None, 1)
        if len(parts) != 2:
            self.issues.append(Issue("bad-entry", Severity.ERROR, "entry without 作成主体 and 地域再生計画の名称 "
                                     f"(expected '作成主体 名称(PDF形式 …)'): {body[:60]!r}", where))
            return None
        rest = body[marker.end():] if marker else ""
        split = _complete(rest)
        if split is None:
            self.issues.append(Issue("missing-scheme", Severity.ERROR, "entry without 活用する支援制度 after "
                                     f"its 概要: {parts[1][:40]!r}", where))
            return None
        summary, tail = split
        return Cells(tuple(self.head), parts[0], parts[1] + (marker.group(0) if marker else ""),
                     _unwrap(summary), _unwrap(tail), ref)

    def complete(self) -> bool:
        body = "\n".join(jn.nfkc(line.text).strip() for line in self.body)
        marker = find_document_marker(body)
        return marker is not None and _complete(body[marker.end():]) is not None

    def feed(self, line: Line) -> bool:
        """Take one line; False when the table has ended."""
        text = " ".join(jn.nfkc(line.text).split())  # not clean_text: "作成主体 名称" keeps its space
        if not text:
            return True
        head, rest = split_head(text)
        if head:
            if self.body:
                self.close()
            self.head.append((head, self.doc.ref(line)))
            if rest:
                self.body.append(Line(line.lineno, (rest,), line.page))
            return True
        if not self.head:
            return True  # text between the header and the first entry
        if not self.body or (not self.complete() and len(self.body) < _BODY_CONTINUATION_LIMIT):
            self.body.append(line)
            return True
        return False


def flat_entries(doc: Document, lines: tuple[Line, ...]) -> tuple[list[Cells], list[Issue], int]:
    """The entries of a flattened table starting at lines[0], its issues, and the lines it took."""
    flat, used = _Flat(doc), len(lines)
    for i, line in enumerate(lines):
        if not flat.feed(line):
            used = i
            break
    flat.close()
    return flat.entries, flat.issues, used


def entries_of(doc: Document) -> tuple[list[Cells], list[Issue]] | None:
    """Every entry of every table on the page (a page may split its list over several tables), or
    None when there is no table with the five columns, as a table or flattened into text."""
    lines = doc.lines
    headers = [(i, cols) for i, ln in enumerate(lines) if (cols := table_columns(ln)) is not None]
    if headers:
        return [c for i, cols in headers for c in table_entries(doc, lines[i + 1:], cols)], []
    entries, issues, start, found = [], [], 0, False
    while (end := flat_header_end(lines[start:])) is not None:
        found = True
        more, more_issues, used = flat_entries(doc, lines[start + end:])
        entries += more
        issues += more_issues
        start += end + used
    return (entries, issues) if found else None


def table_entries(doc: Document, lines: tuple[Line, ...], cols: tuple[int, ...]) -> list[Cells]:
    out = []
    for line in lines:
        if not any(c.strip() for c in line.cells):
            continue
        if table_columns(line) is not None:
            break  # the next table's header
        if len(line.cells) <= max(cols):
            if out:
                break  # the first line that is not a row after the rows: the table has ended
            continue
        date, author, name, summary, schemes_ = (line.cells[i] for i in cols)
        ref = doc.ref(line)
        out.append(Cells(((date, ref),), author, name, jn.clean_text(summary), schemes_, ref))
    return out


def _date(text: str, ref: SourceRef, issues: list[Issue], what: str):
    try:
        return eras.parse_date(text)
    except jn.NormalizeError as e:
        issues.append(Issue("bad-date", Severity.ERROR, f"{what}: {e}", ref))
        return None


def plan_from_cells(c: Cells) -> tuple[ListedPlan | None, list[Issue]]:
    issues: list[Issue] = []
    certified, round_, amendments = None, None, []
    for text, ref in c.date:
        for m in _AMEND.finditer(text):
            if (d := _date(m.group(1), ref, issues, "変更認定")) is not None:
                amendments.append(Amendment(d, ref))
        plain = _AMEND.sub("", text)
        if certified is None and eras.looks_like_date(plain):
            certified = _date(plain, ref, issues, "認定年月日")
        round_ = round_ or certification_round(plain)
    dated = any(text.strip() for text, _ref in c.date)  # a page without the column prints no date
    if dated and certified is None and not any(i.code == "bad-date" for i in issues):
        issues.append(Issue("missing-date", Severity.ERROR, "entry without 認定年月日", c.source))
    if dated and round_ is None:
        issues.append(Issue("missing-round", Severity.WARNING, "entry without 認定回 (第N回)", c.source))
    try:
        authors = split_authors(c.author) if c.author.strip() else ()  # none printed: the publisher's
    except jn.NormalizeError as e:
        issues.append(Issue("bad-author", Severity.ERROR, f"作成主体: {e}", c.source))
        return None, issues
    name, document = linked_document(c.name)
    found = schemes(c.schemes)
    if found.unknown:
        issues.append(Issue("unknown-scheme", Severity.WARNING, f"活用する支援制度 not in the support-scheme "
                            f"vocabulary: {', '.join(found.unknown)} (add the name to ontology/schemes-support.ttl)",
                            c.source))
    plan = ListedPlan(name, authors, certified, round_, tuple(amendments), document, c.summary or None,
                      tuple(str(s) for s in found.concepts), c.source)
    return plan, issues


def parse(doc: Document) -> tuple[PlanList, list[Issue]]:
    doc = unwrap(doc)  # a PDF's paragraphs wrapped over several lines, one line each (as a plan's)
    title = next((jn.clean_text(ln.text) for ln in doc.lines if ln.text.strip()), "")
    found = entries_of(doc)
    if found is None:
        from .variants import read  # the other editions build on this module's Cells

        if (other := read(doc, DESCRIPTION)) is not None:
            return other
        raise LayoutError(doc.head_ref(), f"not a {LAYOUT}: no table with the columns "
                          f"{' / '.join(COLUMNS)}; check the layout named for this file in the sources manifest")
    entries, issues = found
    if not entries and not issues:
        raise LayoutError(doc.head_ref(), f"not a {LAYOUT}: the table has a header but no entries")
    plans = []
    for cells in entries:
        plan, found = plan_from_cells(cells)
        issues.extend(found)
        if plan is not None:
            plans.append(plan)
    return PlanList(title, tuple(plans), doc.head_ref()), issues
