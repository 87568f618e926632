"""Layout `regional-plan`: a 地域再生計画 document (the form of the 地域再生計画認定申請マニュアル).

Numbered sections found by their titles, not their numbers: 地域再生計画の名称, 作成主体の名称, 区域,
目標 (with 【数値目標】), 全体の概要, 第5章の特別の措置を適用して行う事業 (per support measure line
"地方創生推進交付金（内閣府）：【A3007】": ① 事業主体 … ⑤ KPI … ⑦ 総事業費 … ⑧ 事業実施期間), 計画期間 and the
evaluation (目標の達成状況に係る評価). KPI tables are read wherever they are printed (kpi_table).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ... import eras
from ... import normalize as jn
from ...records import Document, Issue, Line, Severity, SourceRef
from .records import FundedProject, Kpi, Period, RegionalPlan, SupportMeasure
from ...parse import LayoutError
from .kpi_table import find_tables, merge, row_kpi
from .common import schemes, split_authors

LAYOUT = "regional-plan"

_HEADING = re.compile(r"^(\d{1,2}(?:\s*-\s*\d{1,2}){0,3})\s+(\S.{0,60})$")
_MEASURE = re.compile(r"^(?P<label>[^（(：:【】]+?)\s*(?:[（(](?P<ministry>[^）)]+)[）)])?\s*[:：]?\s*"
                      r"【(?P<code>[A-Z]\d{4})】$")
_COST = re.compile(r"総事業費\s*[:：]?\s*(.+)$")
_TARGET_NO = re.compile(r"^目標\s*\d+$")


@dataclass
class Section:
    number: str
    title: str
    heading: Line
    lines: list[Line] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [jn.clean_text(ln.text) for ln in self.lines if ln.text.strip()]

    def text(self) -> str | None:
        return "\n".join(self.texts()) or None


def sections(lines: tuple[Line, ...]) -> list[Section]:
    out: list[Section] = []
    for line in lines:
        raw = line.text.strip()
        numbered = len(line.cells) == 1 and raw and jn.circled_number(raw[0]) is None  # ① folds to 1
        m = _HEADING.match(jn.clean_text(raw)) if numbered else None
        if m:
            out.append(Section(re.sub(r"\s", "", m.group(1)), jn.squeeze(m.group(2)), line))
        elif out:
            out[-1].lines.append(line)
    return out


def find(secs: list[Section], *words: str) -> Section | None:
    return next((s for s in secs if all(w in s.title for w in words)), None)


class _Reader:
    def __init__(self, doc: Document):
        self.doc, self.issues = doc, []
        self.tables = {}  # header line number → KpiTable
        self.kpis: list[Kpi] = []

    def error(self, code: str, message: str, line: Line | None, severity=Severity.ERROR) -> None:
        ref = self.doc.ref(line) if line is not None else self.doc.head_ref()
        self.issues.append(Issue(code, severity, message, ref))

    def read_kpis(self) -> None:
        for table in find_tables(self.doc, self.doc.lines, self.issues):
            self.tables[table.header.lineno] = table
            for row in table.rows:
                kpi = row_kpi(self.doc, table, row, self.issues)
                if kpi is not None:
                    self.kpis.append(kpi)

    def kpi_names(self, lines: list[Line]) -> tuple[str, ...]:
        numbers = {ln.lineno for ln in lines}
        return tuple(n for no, t in self.tables.items() if no in numbers for n in t.names())

    def authors(self, text: str | None, line: Line):
        try:
            return split_authors(text or "")
        except jn.NormalizeError as e:
            self.error("bad-author", f"作成主体: {e}", line)
            return ()

    def period(self, text: str | None, line: Line, what: str) -> Period | None:
        if not text:
            return None
        try:
            return Period(jn.clean_text(text), eras.parse_period(text), self.doc.ref(line))
        except jn.NormalizeError as e:
            self.error("bad-period", f"{what}: {e}", line)
            return None


def _paragraphs(lines: list[Line], stop=lambda text: False) -> str | None:
    out = []
    for line in lines:
        text = jn.clean_text(line.text)
        if len(line.cells) > 1 or stop(text):
            break
        if text:
            out.append(text)
    return "\n".join(out) or None


def _subsections(lines: list[Line]) -> list[tuple[str, Line, list[Line]]]:
    """①②… of a project block, in sequence (a ① inside ⑦ is content, not a new subsection)."""
    out, expected = [], 1
    for line in lines:
        text = line.text.strip()  # before NFKC, which folds ① into 1
        if text and jn.circled_number(text[0]) == expected:
            out.append((jn.squeeze(text[1:]), line, []))
            expected += 1
        elif out:
            out[-1][2].append(line)
    return out


def measure_line(text: str) -> tuple[str, str | None, str | None] | None:
    """"地方創生推進交付金（内閣府）：【A3007】" → (scheme, ministry, code); a ①… item ending in a code is not one."""
    raw = text.strip()
    if not raw or jn.circled_number(raw[0]) is not None or raw[0] in "・-‐※":
        return None
    m = _MEASURE.match(jn.nfkc(raw))
    if m:
        return jn.squeeze(m.group("label")), m.group("ministry"), m.group("code")
    return None


def funded_projects(r: _Reader, sec: Section) -> list[FundedProject]:
    blocks: list[tuple[Line, tuple, list[Line]]] = []
    for line in sec.lines:
        found = measure_line(line.text) if len(line.cells) == 1 else None
        if found:
            blocks.append((line, found, []))
        elif blocks:
            blocks[-1][2].append(line)
    return [p for p in (project(r, *b) for b in blocks) if p is not None]


def project(r: _Reader, head: Line, found, lines: list[Line]) -> FundedProject | None:
    label, ministry, code = found
    match = schemes(label)
    if match.unknown or not match.concepts:
        r.error("unknown-scheme", f"support measure {label!r} not in the support-scheme vocabulary "
                "(add the name to ontology/schemes-support.ttl)", head, Severity.WARNING)
    measure = SupportMeasure(label, str(match.concepts[0]) if len(match.concepts) == 1 else None,
                             jn.clean_text(ministry) if ministry else None, code, r.doc.ref(head))
    name, operators, cost, cost_ref, period, kpis, evaluation = None, (), None, None, None, (), None
    for title, line, body in _subsections(lines):
        text = _paragraphs(body)
        if "事業の名称" in title:
            name = title.split(":", 1)[1] if ":" in title else text  # squeeze made "：" a ":"
        elif "事業主体" in title:
            operators = r.authors(text, line)
        elif "重要業績評価指標" in title or "KPI" in title:
            kpis = r.kpi_names(body)
        elif "評価の方法" in title:
            evaluation = text
        elif "要する費用" in title:
            cost, cost_ref = total_cost(r, body, code)
        elif "実施期間" in title:
            period = r.period(text, line, "事業実施期間")
    if not name:
        r.error("missing-project-name", "support measure without ② 事業の名称", head)
        return None
    return FundedProject(jn.squeeze(name), operators, measure, cost, cost_ref, period, kpis, evaluation,
                         r.doc.ref(head))


def total_cost(r: _Reader, lines: list[Line], code: str | None) -> tuple[int | None, SourceRef | None]:
    for line in lines:
        text = jn.clean_text(line.text)
        if code and (m := re.search(r"【([A-Z]\d{4})】", text)) and m.group(1) != code:
            r.error("code-mismatch", f"cost printed for 【{m.group(1)}】 under the support measure 【{code}】",
                    line, Severity.WARNING)
        if (m := _COST.search(text)) is None:
            continue
        try:
            q = jn.parse_quantity(m.group(1))
        except jn.NormalizeError as e:
            r.error("bad-cost", f"総事業費: {e}", line)
            return None, None
        if q is None or q.unit != "円" or not q.integral:
            r.error("bad-cost", f"総事業費 is not an amount of money: {m.group(1)!r}", line)
            return None, None
        return int(q.value), r.doc.ref(line)
    return None, None


def measurement_methods(sec: Section | None, kpis: list[Kpi]) -> tuple[str | None, list[Kpi]]:
    """7-1: the evaluation method (before 目標 1), and each 目標 N paragraph onto the KPI it names."""
    if sec is None:
        return None, kpis
    texts = sec.texts()
    first = next((i for i, t in enumerate(texts) if _TARGET_NO.match(t)), len(texts))
    methods = {}
    for t in texts[first:]:
        for k in kpis:
            if jn.squeeze(t).startswith(k.name) and k.name not in methods:
                methods[k.name] = t
    out = [Kpi(k.name, k.unit, k.targets, k.sources, methods.get(k.name, k.method)) for k in kpis]
    return "\n".join(texts[:first]) or None, out


def parse(doc: Document) -> tuple[RegionalPlan, list[Issue]]:
    secs = sections(doc.lines)
    name_sec = find(secs, "地域再生計画の名称")
    if name_sec is None or not name_sec.texts():
        raise LayoutError(doc.head_ref(), f"not a {LAYOUT}: no section '1 地域再生計画の名称' followed by the "
                          "name; check the layout named for this file in the sources manifest")
    r = _Reader(doc)
    r.read_kpis()
    kpis = merge(r.kpis, r.issues)
    author_sec = find(secs, "作成主体")
    authors = r.authors(author_sec.text() if author_sec else None, author_sec.heading if author_sec else name_sec.heading)
    area, goal = find(secs, "区域"), find(secs, "計画の目標")
    overview, special = find(secs, "全体の概要"), find(secs, "特別の措置")
    period_sec = find(secs, "計画期間")
    evaluation, kpis = measurement_methods(find(secs, "評価の手法"), kpis)
    name_line = next(ln for ln in name_sec.lines if ln.text.strip())
    plan = RegionalPlan(
        name=jn.squeeze(name_sec.texts()[0]),
        authors=authors,
        area=area.text() if area else None,
        objective=_paragraphs(goal.lines, lambda t: t.startswith("【")) if goal else None,
        summary=overview.text() if overview else None,
        kpis=tuple(kpis),
        period=r.period(period_sec.text(), period_sec.heading, "計画期間") if period_sec else None,
        projects=tuple(funded_projects(r, special)) if special else (),
        evaluation=evaluation,
        source=doc.ref(name_line),
    )
    return plan, r.issues
