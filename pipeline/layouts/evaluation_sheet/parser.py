"""Layout `evaluation-sheet`: 施策評価シート of a comprehensive plan (e.g. 北斗市, 基本目標4, 令和5年度
実績 / 令和6年度 計画), one sheet per 主要施策, flattened by PDF text extraction.

Step 1 (evaluation_lines) names the lines, step 2 (evaluation_blocks) reads rows and paragraphs, and
this module cuts the document into sheets and reads each one:

- a sheet starts at its 主要施策 or 基本目標 header, whichever comes first (the other follows later);
- a row with 方向性 belongs to the 実施計画 of the planned year (予算額), one without to the 事業実績 of
  the evaluated year (決算額); the first printed 計 closes the 事業実績, the second the 実施計画;
- a paragraph right after a heading (施策の概要, 成果・課題, 事業の改善点及び方向性, 補足) is its text; a
  paragraph elsewhere is placed where exactly one place is left empty (a row without content, or a
  heading without text), else reported;
- a 単独事業/補助事業 standing alone goes to the one row of its sheet that has none (preferring rows
  with an amount), else it is left out and reported.

Errors (nothing is published): a sheet cut off (no grade, or fewer than two printed 計: the last
sheet so cut off is the document's end, incomplete-document), a grade that is not a known grade, an
amount that does not parse. The grades, the unit and the parts a sheet has are data in layout.toml.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ... import eras, prose
from ... import normalize as jn
from ...records import (
    Amount,
    Document,
    Goal,
    Issue,
    Listing,
    Measure,
    Phase,
    PrintedTotal,
    Severity,
)
from .description import described
from .records import EvaluationSheet, EvaluationSheets, SheetRow
from ...parse import LayoutError
from .blocks import Paragraph, RawRow, read_items
from .grid import UNWRAPPED, is_grid, read_grid
from .lines import TEXT_HEADINGS, Tok, infer_pages, tokenize

LAYOUT = "evaluation-sheet"
_TABLES = {Phase.SETTLEMENT: "事業実績", Phase.BUDGET: "実施計画"}
_KIND = {Phase.SETTLEMENT: "results", Phase.BUDGET: "plans"}


@dataclass(frozen=True)
class Years:
    result: int  # 事業実績 (決算額)
    plan: int  # 実施計画 (予算額)
    directions: tuple[int, ...]  # the years of the two 方向性 columns


@dataclass
class _Parts:
    """What one sheet's items are, before they become an EvaluationSheet."""

    headers: dict[str, Tok] = field(default_factory=dict)
    texts: dict[str, list[Paragraph]] = field(default_factory=lambda: {k: [] for k in TEXT_HEADINGS})
    seen: set[str] = field(default_factory=set)
    rows: list[RawRow] = field(default_factory=list)
    orphans: list[Paragraph] = field(default_factory=list)
    markers: list[Paragraph] = field(default_factory=list)
    totals: list[Tok] = field(default_factory=list)
    grade: Tok | None = None
    related: tuple[str, ...] = ()


def split_sheets(toks: list[Tok]) -> tuple[list[Tok], list[list[Tok]]]:
    """(tokens before the first sheet, the tokens of each sheet). A 主要施策 or 基本目標 header starts
    a new sheet when the current one already has one of that kind."""
    prelude: list[Tok] = []
    sheets: list[list[Tok]] = []
    kinds: set[str] = set()
    for tok in toks:
        if tok.kind in ("goal", "measure") and (not sheets or tok.kind in kinds):
            sheets.append([])
            kinds = set()
        kinds.add(tok.kind)
        (sheets[-1] if sheets else prelude).append(tok)
    return prelude, sheets


def document_years(toks: list[Tok], fiscal_year: int | None) -> Years | None:
    """The years the headings print (令和5年度 事業実績, 令和6年度 実施計画, 令和7/8年度 方向性)."""
    def common(name):
        found = Counter(t.value[1] for t in toks if t.kind == "heading" and t.value[0] == name and t.value[1])
        return found.most_common(1)[0][0] if found else None
    result = common("year") or fiscal_year
    plan = common("plans") or (result + 1 if result else None)
    if result is None or plan is None:
        return None
    printed = sorted({y for t in toks if t.kind == "debris" for y in t.value if y > plan})
    return Years(result, plan, tuple(printed[:2]) if len(printed) >= 2 else (plan + 1, plan + 2))


def collect(toks: list[Tok]) -> _Parts:
    """Sort a sheet's items into its parts; paragraphs go to the heading right before them."""
    parts, pending = _Parts(), None
    for item in read_items(toks):
        if item.kind == "paragraph":
            (parts.texts[pending] if pending else parts.orphans).append(item.paragraph)
            continue
        if item.kind == "page-number":
            continue
        pending = None
        tok = item.tok
        if item.kind == "heading":
            parts.seen.add(tok.value[0])
            pending = tok.value[0] if tok.value[0] in TEXT_HEADINGS else None
        elif item.kind == "row":
            parts.rows.append(item.row)
        elif item.kind == "marker":
            parts.markers.append(item.paragraph)
        elif item.kind == "total":
            parts.totals.append(tok)
        elif item.kind == "grade":
            parts.grade = tok
        elif item.kind == "related":
            parts.related = tuple(jn.squeeze(r) for r in tok.value)
        elif item.kind in ("goal", "policy", "measure"):
            parts.headers.setdefault(item.kind, tok)
    return parts


def place_strays(parts: _Parts) -> list[Paragraph]:
    """Put orphan paragraphs and lone markers where exactly one place is left for them; return the
    paragraphs and markers that could not be placed."""
    unplaced = []
    for para in parts.orphans:
        rows = [r for r in parts.rows if not r.content]
        texts = [k for k in ("improvement", "outline", "outcome") if k in parts.seen and not parts.texts[k]]
        if para.marker:  # ends in 単独事業/補助事業: the content of a row
            texts = []
        if len(rows) + len(texts) != 1:
            unplaced.append(para)
        elif rows:
            lines = [t.raw for t in para.lines]
            if para.marker:
                lines[-1] = lines[-1].rsplit(para.marker, 1)[0]
            rows[0].content.extend(lines)
            rows[0].marker = rows[0].marker or para.marker
        else:
            parts.texts[texts[0]].append(Paragraph(para.lines))
    for marker in parts.markers:
        bare = [r for r in parts.rows if r.marker is None]
        paid = [r for r in bare if jn.squeeze(r.amount) not in jn.NO_AMOUNT]
        target = paid if len(paid) == 1 else bare if len(bare) == 1 else []
        if target:
            target[0].marker = marker.marker
        else:
            unplaced.append(marker)
    return unplaced


def column_widths(all_parts: list[_Parts]) -> dict[str, int]:
    """The printed width (display columns) of each text column of the form, estimated from the lines
    that were wrapped (all but the last of each paragraph): most of them fill their column."""
    lines: dict[str, list[str]] = {}
    for parts in all_parts:
        for row in parts.rows:
            lines.setdefault("plans" if row.directions else "results", []).extend(row.content[:-1])
        for kind, paras in parts.texts.items():
            lines.setdefault(kind, []).extend(t.text for p in paras for t in p.lines[:-1])
    out = {}
    for kind, found in lines.items():
        widths = sorted(prose.display_width(x.strip()) for x in found)
        if len(widths) >= 5:
            out[kind] = widths[int(len(widths) * 0.9)]
    return out


class SheetReader:
    """Reads the sheets of one document into EvaluationSheets, collecting Issues."""

    def __init__(self, doc: Document, years: Years, widths: dict[str, int]):
        self.doc, self.years, self.widths = doc, years, widths
        self.issues: list[Issue] = []
        self.desc = described()
        self.last_sheet = False  # whether the sheet being read is the document's last

    def issue(self, tok: Tok, code: str, message: str, severity=Severity.ERROR) -> None:
        self.issues.append(Issue(code, severity, message, self.doc.ref(tok.line)))

    def amount(self, tok: Tok, text: str, phase: Phase) -> Amount | None:
        try:
            value = jn.parse_amount(text)
        except jn.NormalizeError as e:
            self.issue(tok, "bad-amount", f"{e}; expected digits with commas, 0, or a dash for none")
            return None
        year = self.years.result if phase is Phase.SETTLEMENT else self.years.plan
        return None if value is None else Amount(value * self.desc.multiplier, year, phase)  # printed in 千円

    def row(self, raw: RawRow, goal: str, path: tuple[str, ...]) -> SheetRow:
        phase = Phase.BUDGET if raw.directions else Phase.SETTLEMENT
        label, marks = prose.project_marks(raw.name)
        listing = Listing(goal=goal, measure=path, number=None, relisted="再掲" in marks, project=jn.squeeze(label),
                          label=label, is_new="新規" in marks, department=None,
                          description=prose.join_wrapped(raw.content, self.widths.get(_KIND[phase])) or None,
                          amount=self.amount(raw.amount_tok, raw.amount, phase), source=self.doc.ref(raw.start.line))
        return SheetRow(listing, raw.marker, tuple(zip(self.years.directions, raw.directions)))

    def totals(self, parts: _Parts, path: tuple[str, ...], goal: str, last: Tok) -> tuple[PrintedTotal, ...]:
        where = f"主要施策 {'-'.join(path)}"
        if len(parts.totals) > 2:
            self.issue(parts.totals[2], "unexpected-total", f"{where} prints a third 計; a sheet has two")
        out = []
        for tok, phase in zip(parts.totals, (Phase.SETTLEMENT, Phase.BUDGET)):
            year = self.years.result if phase is Phase.SETTLEMENT else self.years.plan
            label = f"{where} {eras.era_label(year)} {_TABLES[phase]} 計"
            out.append(PrintedTotal(label, goal, None, None, self.amount(tok, tok.value, phase), self.doc.ref(tok.line)))
        for phase in list(_TABLES)[len(parts.totals):] if "totals" in self.desc.parts else ():
            self.issue(last, *self.cut_off(f"{where} ends without the printed 計 of its {_TABLES[phase]}",
                                           "mid-table", last))
        return tuple(out)

    def grade(self, parts: _Parts, where: str, last: Tok) -> str | None:
        tok = parts.grade
        if (tok is None or tok.value is None) and "grade" in self.desc.parts:
            self.issue(tok or last, *self.cut_off(f"{where} has no grade under 評価", "", tok or last))
            return None
        if tok is None or tok.value is None:
            return None
        if tok.value not in self.desc.grades:
            self.issue(tok, "unknown-grade", f"{where}: grade {tok.text!r} is not one of "
                       f"{', '.join(self.desc.grades)}; add it to [grades] in the evaluation-sheet layout.toml")
            return None
        return self.desc.grades[tok.value]

    def cut_off(self, what: str, where: str, last: Tok) -> tuple[str, str]:
        """(code, message) of a sheet without a part it must have: the last sheet so cut off is where
        the document ends (incomplete-document), an earlier one an incomplete sheet."""
        if self.last_sheet:
            return "incomplete-document", (f"{what}: the document is cut off{' ' + where if where else ''}, "
                                           f"after its last line read {last.text[:40]!r}")
        return "incomplete-sheet", f"{what}: the sheet is cut off{' ' + where if where else ''}"

    def sheet(self, parts: _Parts, toks: list[Tok]) -> EvaluationSheet | None:
        last = next((t for t in reversed(toks) if t.kind != "blank"), toks[-1])
        missing = [name for kind, name in (("goal", "基本目標"), ("policy", "基本計画"), ("measure", "主要施策"))
                   if kind not in parts.headers]
        if missing:
            self.issue(toks[0], "incomplete-sheet", f"a sheet without its {' and '.join(missing)} header: cut off?")
            return None
        (g_no, g_name), (p_no, p_name) = parts.headers["goal"].value, parts.headers["policy"].value
        m_no, m_name, priority = parts.headers["measure"].value
        path, where = (p_no, m_no), f"主要施策 {p_no}-{m_no}"
        for para in place_strays(parts):
            code, what = (("unplaced-marker", "a 単独事業/補助事業 that more than one row could take")
                          if para in parts.markers else
                          ("unplaced-text", "a paragraph that is neither a row nor under a heading"))
            self.issue(para.lines[0], code, f"{where}: {what} would be lost: {para.lines[0].text[:40]!r}")
        rows = [self.row(r, g_no, path) for r in parts.rows]
        text = {k: prose.join_wrapped((t.raw for p in v for t in p.lines), self.widths.get(k)) or None
                for k, v in parts.texts.items()}
        ref = self.doc.ref
        return EvaluationSheet(
            goal=Goal(g_no, g_name, ref(parts.headers["goal"].line)),
            policy=Measure(g_no, (p_no,), p_no, p_name, ref(parts.headers["policy"].line)),
            measure=Measure(g_no, path, m_no, m_name, ref(parts.headers["measure"].line)),
            priority=priority, outline=text["outline"], related=parts.related,
            results=tuple(r for r in rows if not r.directions), plans=tuple(r for r in rows if r.directions),
            totals=self.totals(parts, path, g_no, last), outcome=text["outcome"],
            grade=self.grade(parts, where, last), grade_source=ref(parts.grade.line) if parts.grade else None,
            improvement=text["improvement"], supplement=text["supplement"],
            source=ref(parts.headers["measure"].line))


def check_consistency(sheets: list[EvaluationSheet]) -> list[Issue]:
    """One sheet per 主要施策; one name per 基本目標 and 基本計画 number."""
    issues, seen, names = [], {}, {}
    for s in sheets:
        if s.measure.path in seen:
            issues.append(Issue("duplicate-sheet", Severity.ERROR, f"主要施策 {'-'.join(s.measure.path)} has a "
                                f"second sheet (first at {seen[s.measure.path]})", s.source))
        seen.setdefault(s.measure.path, s.source)
        for key, item in ((("goal", s.goal.number), s.goal), (("policy", s.policy.notation), s.policy)):
            first = names.setdefault(key, item)
            if first.name != item.name:
                issues.append(Issue("name-differs", Severity.WARNING, f"{item.name!r} here, {first.name!r} at "
                                    f"{first.source}; the first is kept", item.source))
    return issues


def parse(doc: Document, fiscal_year: int | None = None, plan: str | None = None) -> tuple[EvaluationSheets, list[Issue]]:
    """Parse evaluation sheets. `fiscal_year` (the evaluated year) and `plan` come from the manifest
    where the document does not print them (it never prints the plan's name)."""
    grid_form = is_grid(doc.lines)  # a ruled-grid PDF form (grid.py), else a flattened text
    toks, grid_issues = read_grid(doc) if grid_form else (tokenize(infer_pages(doc.lines)), [])
    if not any(t.kind == "measure" for t in toks) or not any(t.kind == "grade" for t in toks):
        raise LayoutError(doc.head_ref(), f"not an {LAYOUT}: no 主要施策 header and no 評価; "
                          "check the layout named for this file in the sources manifest")
    if not plan:
        raise LayoutError(doc.head_ref(), "evaluation sheets do not print their plan's name; give `plan` "
                          "(e.g. 北斗市総合計画) for this file in the sources manifest")
    years = document_years(toks, fiscal_year)
    if years is None:
        raise LayoutError(doc.head_ref(), "no 令和N年度 heading and no fiscal_year in the sources manifest")
    prelude, chunks = split_sheets(toks)
    all_parts = [collect(c) for c in chunks]
    reader = SheetReader(doc, years, UNWRAPPED if grid_form else column_widths(all_parts))
    for tok in toks:
        if tok.kind == "heading" and tok.value[0] == "year" and fiscal_year and tok.value[1] != fiscal_year:
            reader.issue(tok, "fiscal-year-conflict", f"the 事業実績 heading says FY{tok.value[1]}, "
                         f"the sources manifest says FY{fiscal_year}")
            break
    for tok in prelude:
        if tok.kind != "blank":
            reader.issue(tok, "unread-line", f"no rule reads this line before the first sheet, so its text would "
                         f"be lost: {tok.text[:40]!r}")
    sheets = []
    for n, (p, c) in enumerate(zip(all_parts, chunks), 1):
        reader.last_sheet = n == len(chunks)
        if (s := reader.sheet(p, c)) is not None:
            sheets.append(s)
    result = EvaluationSheets(plan, years.result, years.plan, tuple(sheets), doc.head_ref())
    return result, grid_issues + reader.issues + check_consistency(sheets)
