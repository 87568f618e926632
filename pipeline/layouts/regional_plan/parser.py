"""Layout `regional-plan`: a 地域再生計画 document (the form of the 地域再生計画認定申請マニュアル).

Numbered sections found by number and title as layout.toml declares them (headings.py): 1 名称,
2 作成主体, 3 区域 (全域 or 区域の一部(…地区)), 4 目標 (4-1 現状, 4-2 課題, 4-3 目標, with 【数値目標】),
5-1 全体の概要, 5-2 第5章の特別の措置を適用して行う事業 (per support measure line
"地方創生推進交付金（内閣府）：【A3007】": ① 事業主体 … ④ 【地域間連携】 … ⑤ KPI … ⑦ 総事業費 and the legal
provisions … ⑧ 事業実施期間), 5-3-1 other support measures, 5-3-2 独自の取組, 6 計画期間 and 7 評価 (7-1 手法,
7-2 時期, 7-3 公表). KPI tables are read wherever they are printed (kpi_table). Flattened text (line
breaks lost) is laid out again first (flat.py). A document that ends before its required parts is
reported (incomplete-document).
"""

from __future__ import annotations

import re

from ... import eras
from ... import normalize as jn
from ...records import Document, Issue, Line, Severity, SourceRef
from .records import FundedProject, Kpi, Period, RegionalPlan, SupportMeasure
from ...parse import LayoutError, describe
from .kpi_table import find_tables, merge, row_kpi
from .common import schemes, split_authors
from .flat import Flattener, unwrap
from .headings import Headings, Section, find, sections

LAYOUT = "regional-plan"

_MEASURE = re.compile(r"^(?P<label>[^：:【】]+?)\s*(?:[（(](?P<ministry>[^（()）]*[府省庁])[）)])?\s*[:：]?\s*"
                      r"【(?P<code>[A-Z]\d{4})】$")  # the label may hold brackets: …交付金（地方創生推進タイプ）
_COST = re.compile(r"総事業費\s*[:：]?\s*(.+)$")
_TARGET_NO = re.compile(r"^目標\s*\d+$")
_ITEM_MARK = re.compile(r"^(?:[-‐・･]\s*)+|^[\(（]?\d{1,2}[\)）.]\s*")

DESCRIPTION = describe(__file__)


class _Reader:
    def __init__(self, doc: Document, data=DESCRIPTION):
        self.doc, self.issues, self.data = doc, [], data
        self.tables = {}  # id of the header Line → KpiTable (not its number: every line of a flattened text is line 1)
        self.kpis: list[Kpi] = []

    def error(self, code: str, message: str, line: Line | None, severity=Severity.ERROR) -> None:
        ref = self.doc.ref(line) if line is not None else self.doc.head_ref()
        self.issues.append(Issue(code, severity, message, ref))

    def read_kpis(self) -> None:
        for table in find_tables(self.doc, self.doc.lines, self.issues):
            self.tables[id(table.header)] = table
            for row in table.rows:
                kpi = row_kpi(self.doc, table, row, self.issues)
                if kpi is not None:
                    self.kpis.append(kpi)

    def kpi_names(self, lines: list[Line]) -> tuple[str, ...]:
        held = {id(ln) for ln in lines}
        return tuple(n for key, t in self.tables.items() if key in held for n in t.names())

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
    provisions, partners = (), ()
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
            provisions = tuple(dict.fromkeys(re.findall(r.data["markers"]["provision"], jn.nfkc(
                " ".join(ln.text for ln in body)))))
        elif "先導的" in title:
            partners = partners_of(r, body)
        elif "実施期間" in title:
            period = r.period(text, line, "事業実施期間")
    if not name:
        r.error("missing-project-name", "support measure without ② 事業の名称", head)
        return None
    return FundedProject(jn.squeeze(name), operators, measure, cost, cost_ref, period, kpis, evaluation,
                         r.doc.ref(head), provisions, partners)


def partners_of(r: _Reader, lines: list[Line]) -> tuple:
    """【地域間連携】: its bulleted items that name local governments ("・ 北海道東川町"); an item naming
    something else (…管内市町村) stays text."""
    out, inside = [], False
    for line in lines:
        text = jn.clean_text(line.text)
        if text.startswith("【"):
            inside = text.strip("【】") == r.data["markers"]["partners"]
        elif inside and re.match(r"^(?:[-‐]\s*)?[・･]", text):
            try:
                out += split_authors(_ITEM_MARK.sub("", text))
            except jn.NormalizeError:
                continue
    return tuple(dict.fromkeys(out))


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


def other_measures(r: _Reader, sec: Section | None) -> tuple[SupportMeasure, ...]:
    """5-3-1: each support measure printed with its code ("(1) 企業版ふるさと納税（内閣府）【B2007】")."""
    out = []
    for line in sec.lines if sec else ():
        text = _ITEM_MARK.sub("", jn.clean_text(line.text))
        if (m := re.search(r.data["markers"]["code"], text)) is None:
            continue
        found = measure_line(text[: m.end()])
        label, ministry, code = found if found else (jn.squeeze(text[: m.start()]), None, m.group("code"))
        match = schemes(label)
        scheme = str(match.concepts[0]) if len(match.concepts) == 1 and not match.unknown else None
        out.append(SupportMeasure(label, scheme, jn.clean_text(ministry) if ministry else None, code, r.doc.ref(line)))
    return tuple(out)


def _said(sec: Section | None, data) -> str | None:
    """A section's running text; None when absent or when it says there is nothing (該当なし)."""
    text = sec.prose() if sec else None
    return None if text is None or text in data["nothing"] else text


def area_scope(text: str | None, data) -> tuple[bool | None, tuple[str, ...]]:
    """区域: 全域 → (True, ()); 区域の一部(○○地区、△△地区) → (False, (○○地区, △△地区))."""
    t = jn.nfkc(text or "")
    if data["markers"]["part_area"] in t:
        m = re.search(r"\(([^)]+)\)", t.split(data["markers"]["part_area"], 1)[1])
        return False, tuple(jn.squeeze(d) for d in re.split(r"[、,及びと]+", m.group(1)) if d.strip()) if m else ()
    if data["markers"]["whole_area"] in t:
        return True, ()
    return None, ()


def incomplete(doc: Document, h: Headings, secs: list[Section], data) -> Issue | None:
    """The first required part a document ends before (the whole plan has sections 1–6)."""
    present = {s["key"] for s in h.sections if (sec := find(h, secs, s["key"])) is not None
               and (sec.texts() or any(x.number.startswith(sec.number + "-") for x in secs))}
    missing = [k for k in data["required"] if k not in present]
    if not missing:
        return None
    last = next((ln for ln in reversed(doc.lines) if ln.text.strip()), None)
    spec = {s["key"]: s for s in h.sections}
    parts = ", ".join(f"{spec[k]['number']} {spec[k]['titles'][0]}" for k in missing)
    quoted = jn.clean_text(last.text)[:60] if last else ""
    return Issue("incomplete-document", Severity.ERROR, f"the document ends before its required part(s) {parts}; "
                 f"last line read: {quoted!r}", doc.ref(last) if last else doc.head_ref())


def parse(doc: Document, data=DESCRIPTION) -> tuple[RegionalPlan, list[Issue]]:
    doc = unwrap(doc)  # a PDF's paragraphs wrapped over several lines, one line each
    flat = Flattener(data)
    if flat.is_flat(doc):
        doc = flat.relayout(doc)
    h = Headings.of(data)
    secs = sections(h, doc.lines)
    name_sec = find(h, secs, "name")
    if name_sec is None or not name_sec.texts():
        raise LayoutError(doc.head_ref(), f"not a {LAYOUT}: no section '1 地域再生計画の名称' followed by the "
                          "name; check the layout named for this file in the sources manifest")
    r = _Reader(doc, data)
    r.read_kpis()
    kpis = merge(r.kpis, r.issues)
    if (gap := incomplete(doc, h, secs, data)) is not None:
        r.issues.append(gap)
    author_sec = find(h, secs, "author")
    authors = r.authors(author_sec.text() if author_sec else None, author_sec.heading if author_sec else name_sec.heading)
    area = find(h, secs, "area")
    goal = find(h, secs, "objective") or find(h, secs, "goal")
    overview, special = find(h, secs, "overview"), find(h, secs, "special")
    period_sec = find(h, secs, "period")
    evaluation, kpis = measurement_methods(find(h, secs, "method"), kpis)
    name_line = next(ln for ln in name_sec.lines if ln.text.strip())
    whole, districts = area_scope(area.text() if area else None, data)
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
        situation=_said(find(h, secs, "situation"), data),
        challenges=_said(find(h, secs, "challenges"), data),
        whole_area=whole,
        districts=districts,
        other_measures=other_measures(r, find(h, secs, "other_measures")),
        own_initiatives=_said(find(h, secs, "own_initiatives"), data),
        timing=_said(find(h, secs, "timing"), data),
        publication=_said(find(h, secs, "publication"), data),
    )
    return plan, r.issues


def plan_name(doc: Document) -> str | None:
    """The plan's name as section 1 (名称) prints it, for `sosei add`'s title (a plan's first line is
    the word 地域再生計画); None when the document is not a plan this layout reads."""
    try:
        plan, _issues = parse(doc)
    except LayoutError:
        return None
    return plan.name or None
