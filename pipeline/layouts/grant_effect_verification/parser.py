"""Layout `grant-effect-verification`: a municipality's 交付金 効果検証 report, in either shape it comes in.

- Table: one row per KPI and fiscal year (事業名 / 交付金 / 年度 / 事業費 / 交付対象事業費 / 交付金額 / KPI /
  単位 / 基準値 / 目標値 / 実績値 / 達成状況 / 事業の効果 / 外部有識者の意見 / 今後の方針); a project's cells are
  printed on its first row, or repeated, or merged down. Or one row per KPI with a target and a result
  column per fiscal year (R4年度目標 / R4年度実績 …). A header cell no rule reads is an error (unread-column).
- Form: one block per project opened by 事業名, its fields as "label：value" lines, "【label】value" lines
  (or label and value in two cells), ■ headings, and two small tables under their header rows: amounts per
  年度, KPIs per 年度 (a KPI's name printed on its first row only). A form whose PDF extraction lost its
  line breaks is split back into its lines first (unflatten).

Both shapes give the same records. Amounts in a column headed (千円) are thousands of yen. Header synonyms,
labels, headings and extra wordings of the effect and policy vocabularies are data (layout.toml). A document
that ends inside its last project (no 事業の効果 / 今後の方針) is an incomplete-document.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from ... import eras
from ... import normalize as jn
from ...parse import LayoutError
from ...records import Document, Issue, Line, Severity, SourceRef
from ...schemes import SUPPORT_SCHEME, VOCAB, concept_labels, labels
from .records import GrantKpi, GrantProject, GrantReport, KpiYear, YearAmounts

SPEC = tomllib.loads((Path(__file__).resolve().parent / "layout.toml").read_text(encoding="utf-8"))
COLUMNS = [(f, re.compile(p)) for f, p in SPEC["columns"].items()]
YEAR_COLUMNS = [(f, re.compile(p)) for f, p in SPEC["year_columns"].items()]
HEADINGS = [re.compile(p) for p in SPEC["form_headings"]]
YEAR_CELL = re.compile(SPEC["year_cell"])
UNIT_LINE = re.compile(SPEC["unit_line"])
VOCABULARY = {scheme: {jn.squeeze(k): v for k, v in SPEC["vocabulary"][key].items()}
              for scheme, key in ((VOCAB + "grant-effect", "effect"), (VOCAB + "grant-policy", "policy"))}
EFFECT, POLICY = VOCAB + "grant-effect", VOCAB + "grant-policy"
_FIELD = re.compile(r"^\s*[【\[]?([^:：】\]]+)[】\]]?\s*[:：]?\s*(.*)$")
_LABELLED = re.compile(r"^\s*(?:[【\[]([^】\]]+)[】\]]|([^:：]+?)\s*[:：])")


@dataclass
class Block:
    """One project as read from either shape: its fields, amount rows and KPI rows (cells by field)."""

    fields: dict[str, tuple[str, SourceRef]] = field(default_factory=dict)
    amounts: list[tuple[dict[str, str], SourceRef]] = field(default_factory=list)
    kpis: list[tuple[dict[str, str], SourceRef]] = field(default_factory=list)
    source: SourceRef | None = None


def columns(line: Line) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(line.cells):
        key = jn.squeeze(cell)
        for f, pattern in COLUMNS:
            if key and pattern.search(key) and f not in found:
                found[f] = i
                break
    return found


def year_columns(line: Line) -> list[tuple[str, str, int]]:
    """Cells naming a KPI field of one fiscal year (R4年度目標, R4年度実績): (year, field, index) each."""
    found = []
    for i, cell in enumerate(line.cells):
        for f, pattern in YEAR_COLUMNS:
            if m := pattern.search(jn.squeeze(cell)):
                found.append((m.group("year"), f, i))
                break
    return found


def _label(text: str) -> str | None:
    """The form field a run of flattened text starts with, by its label: 事業名：…, 【事業名】…."""
    m = _LABELLED.match(text)
    return label if m and (label := jn.squeeze(m.group(1) or m.group(2))) in SPEC["form_fields"] else None


def _table_header(cols: dict[str, int]) -> bool:
    return "year" in cols and bool({"cost", "eligible", "amount"} & cols.keys() or {"target", "actual"} <= cols.keys())


def _heading(token: str) -> bool:
    """A line of its own that carries no field: a ■ heading, or the amounts' unit (単位：千円)."""
    return any(h.fullmatch(jn.squeeze(token)) for h in HEADINGS) or bool(UNIT_LINE.fullmatch(jn.squeeze(token)))


def _unit_scale(doc: Document, issues: list[Issue]) -> dict[str, int]:
    """Yen per printed unit of the amount columns, where a line of its own gives the unit (単位：千円)."""
    for line in doc.lines:
        if len(line.filled) == 1 and (m := UNIT_LINE.fullmatch(jn.squeeze(line.filled[0]))):
            try:
                return dict.fromkeys(("cost", "eligible", "amount"), jn.unit_multiplier(m["unit"]))
            except jn.NormalizeError as e:
                issues.append(Issue("unknown-unit", Severity.ERROR, str(e), doc.ref(line)))
    return {}


def _header_at(tokens: list[str], i: int) -> tuple[int, dict[str, int]]:
    """The small table header that starts at tokens[i]: its length and columns (0 and {} when none does)."""
    n = 0
    while i + n < len(tokens) and columns(Line(0, (tokens[i + n],))):
        n += 1
    cols = columns(Line(0, tuple(tokens[i:i + n])))
    return (n, cols) if n >= 3 and _table_header(cols) else (0, {})


def flat_rows(tokens: list[str]) -> list[tuple[str, ...]]:
    """A form's lines put back from its words: a line at each field label (事業名：, 【事業名】) and ■ heading,
    and a table at each small header (年度 事業費 …, KPI 単位 …), a row per header's length of words; a row
    printed without the KPI's name starts at its 年度. A blank line ends each table."""
    rows: list[tuple[str, ...]] = []
    text: list[str] = []
    i = 0
    while i < len(tokens):
        n, cols = _header_at(tokens, i)
        if not (n or _heading(tokens[i]) or _label(tokens[i])):
            text.append(tokens[i])
            i += 1
            continue
        rows.extend([(" ".join(text),)] if text else [])
        text = []
        if _label(tokens[i]):
            text, i = [tokens[i]], i + 1
            continue
        if not n:  # a ■ heading
            rows.append((tokens[i],))
            i += 1
            continue
        rows.append(tuple(tokens[i:i + n]))
        i += n
        while i < len(tokens) and not (_label(tokens[i]) or _heading(tokens[i]) or columns(Line(0, (tokens[i],)))):
            at = cols["year"] if YEAR_CELL.fullmatch(tokens[i]) else 0
            rows.append(("",) * at + tuple(tokens[i:i + n - at]))
            i += n - at
        rows.append(("",))
    return rows + ([(" ".join(text),)] if text else [])


def unflatten(doc: Document) -> Document:
    """The document with each line that holds a whole form run into one (a PDF extraction that lost its line
    breaks: two field labels or more) split back into its lines, each keeping the line number it was read from."""
    out: list[Line] = []
    for line in doc.lines:
        tokens = line.cells[0].split() if len(line.filled) == 1 else []
        if sum(_label(t) is not None for t in tokens) < 2:
            out.append(line)
            continue
        out.extend(Line(line.lineno, cells, line.page) for cells in flat_rows(tokens))
    return replace(doc, lines=tuple(out))


def _cells(line: Line, cols: dict[str, int]) -> dict[str, str]:
    return {f: line.cells[i].strip() for f, i in cols.items() if i < len(line.cells) and line.cells[i].strip()}


def _scales(line: Line, cols: dict[str, int]) -> dict[str, int]:
    return {f: 1000 for f, i in cols.items() if "千円" in line.cells[i]}


def table_blocks(doc: Document, start: int, cols: dict[str, int], issues: list[Issue]) -> list[Block]:
    blocks: list[Block] = []
    ycols = year_columns(doc.lines[start])
    read = set(cols.values()) | {i for _y, _f, i in ycols}
    for i, cell in enumerate(doc.lines[start].cells):
        if cell.strip() and i not in read:
            issues.append(Issue("unread-column", Severity.ERROR, f"a column no rule reads {cell!r}",
                                doc.ref(doc.lines[start], i)))
    for line in doc.lines[start + 1:]:
        cells, ref = _cells(line, cols), doc.ref(line)
        if not cells or line.cells == doc.lines[start].cells:
            continue
        if "name" in cells and (not blocks or blocks[-1].fields["name"][0] != cells["name"]):
            blocks.append(Block(source=ref))
        if not blocks:
            issues.append(Issue("missing-cells", Severity.ERROR, "a row before the first 事業名", ref))
            continue
        b = blocks[-1]
        for f in ("name", "grant", "plan", "attainment", "effect", "opinion", "policy"):
            if f in cells:
                if f in b.fields and b.fields[f][0] != cells[f]:
                    issues.append(Issue("conflicting-cells", Severity.ERROR, f"{f} of {b.fields['name'][0]!r} printed "
                                        f"as {b.fields[f][0]!r} and as {cells[f]!r}", doc.ref(line, cols[f])))
                b.fields.setdefault(f, (cells[f], doc.ref(line, cols[f])))
        if any(f in cells for f in ("cost", "eligible", "amount")):
            b.amounts.append(({f: cells[f] for f in ("year", "cost", "eligible", "amount") if f in cells}, ref))
        if ycols:
            per: dict[str, dict[str, str]] = {}
            for y, f, i in ycols:
                if i < len(line.cells) and line.cells[i].strip():
                    per.setdefault(y, {})[f] = line.cells[i].strip()
            kpi = {f: cells[f] for f in ("kpi", "unit", "base") if f in cells}
            if kpi or per:
                b.kpis.extend([({**kpi, "year": y, **v}, ref) for y, v in per.items()] or [(kpi, ref)])
        elif any(f in cells for f in ("kpi", "unit", "base", "target", "actual")):
            b.kpis.append(({f: cells[f] for f in ("kpi", "year", "unit", "base", "target", "actual") if f in cells}, ref))
    return blocks


def form_blocks(doc: Document, issues: list[Issue]) -> list[Block]:
    names = SPEC["form_fields"]
    blocks: list[Block] = []
    table: tuple[str, dict[str, int]] | None = None
    for line in doc.lines:
        filled = [c.strip() for c in line.cells if c.strip()]
        if not filled:
            table = None
            continue
        ref = doc.ref(line)
        cols = columns(line)
        if _table_header(cols):
            table = ("kpis" if "target" in cols else "amounts", cols)
            continue
        if len(filled) == 1 and _heading(filled[0]):
            table = None
            continue
        m = _FIELD.match(filled[0])
        label = jn.squeeze(m.group(1)) if m else ""
        if label in names and (table is None or len(filled) <= 2):
            value = (m.group(2) or (filled[1] if len(filled) > 1 else "")).strip()
            if names[label] == "name":
                blocks.append(Block(source=ref))
                table = None
            if not blocks:
                issues.append(Issue("unread-line", Severity.ERROR, f"a field before the first 事業名 {filled[0]!r}", ref))
                continue
            blocks[-1].fields[names[label]] = (value, ref)
            table = None
            continue
        if table is not None and blocks:
            kind, tcols = table
            getattr(blocks[-1], kind).append((_cells(line, tcols), ref))
            continue
        if SPEC["title"] in " ".join(filled) and not blocks:
            continue
        issues.append(Issue("unread-line", Severity.ERROR, f"a line no rule reads {' '.join(filled)!r}", ref))
    return blocks


def _number(text: str | None, what: str, ref: SourceRef) -> Decimal | None:
    if text is None:
        return None
    q = jn.parse_quantity(text)
    if q is None:
        return None
    return q.value


def _amounts(b: Block, scale: dict[str, int], issues: list[Issue]) -> tuple[YearAmounts, ...]:
    out = {}
    for cells, ref in b.amounts:
        try:
            year = eras.fiscal_year(cells.get("year", ""))
            values = [jn.parse_amount(cells[f]) * scale.get(f, 1) if cells.get(f) and jn.parse_amount(cells[f]) is not None
                      else None for f in ("cost", "eligible", "amount")]
        except jn.NormalizeError as e:
            issues.append(Issue("bad-amount", Severity.ERROR, f"{b.fields['name'][0]!r}: {e}", ref))
            continue
        row = YearAmounts(year, *values, ref)
        if year in out and (out[year].cost, out[year].eligible, out[year].grant) != (row.cost, row.eligible, row.grant):
            issues.append(Issue("conflicting-cells", Severity.ERROR, f"amounts of {year} printed twice, differently", ref))
        out.setdefault(year, row)
    return tuple(out[y] for y in sorted(out))


def _kpis(b: Block, issues: list[Issue]) -> tuple[GrantKpi, ...]:
    kpis: dict[str, dict] = {}
    current = None
    for cells, ref in b.kpis:
        name = cells.get("kpi") or current
        if name is None:
            issues.append(Issue("missing-cells", Severity.ERROR, "a KPI row without the KPI's name", ref))
            continue
        current = name
        k = kpis.setdefault(name, {"unit": None, "base": None, "years": {}, "source": ref})
        if cells.get("unit"):
            k["unit"] = jn.squeeze(cells["unit"])
        elif k["unit"] is None:
            issues.append(Issue("missing-unit", Severity.ERROR, f"KPI {name!r} without its 単位", ref))
            k["unit"] = ""
        try:
            if cells.get("base"):
                k["base"] = _number(cells["base"], "基準値", ref)
            if cells.get("year"):
                year = eras.fiscal_year(cells["year"])
                k["years"][year] = KpiYear(year, _number(cells.get("target"), "目標値", ref),
                                           _number(cells.get("actual"), "実績値", ref), ref)
            elif cells.get("target") or cells.get("actual"):
                issues.append(Issue("missing-cells", Severity.ERROR, f"KPI {name!r}: a value without its 年度", ref))
        except jn.NormalizeError as e:
            issues.append(Issue("bad-value", Severity.ERROR, f"KPI {name!r}: {e}", ref))
    return tuple(GrantKpi(n, k["unit"], k["base"], tuple(k["years"][y] for y in sorted(k["years"])), k["source"])
                 for n, k in kpis.items())


def _concept(scheme: str, text: str, what: str, ref: SourceRef, issues: list[Issue]) -> str | None:
    notation = labels(scheme).get(jn.squeeze(text)) or VOCABULARY[scheme].get(jn.squeeze(text))
    if notation is None:
        issues.append(Issue("unknown-value", Severity.ERROR, f"{what} {text!r} is not in {scheme} "
                            f"(known: {', '.join(sorted(k for k in labels(scheme) if not k.isascii()))})", ref))
    return notation


def project(b: Block, scale: dict[str, int], issues: list[Issue]) -> GrantProject | None:
    missing = [f for f in SPEC["required"] if not b.fields.get(f, ("",))[0]]
    if missing:
        issues.append(Issue("missing-cells", Severity.ERROR, f"project without {', '.join(missing)}", b.source))
        return None
    grant, gref = b.fields["grant"]
    table = concept_labels(SUPPORT_SCHEME)
    base = re.sub(r"[\(（].*$", "", jn.squeeze(grant))
    concept = table.get(base)
    if concept is None:
        issues.append(Issue("unknown-scheme", Severity.ERROR, f"交付金 {grant!r} is not in the support-scheme "
                            "vocabulary (ontology/schemes-support.ttl)", gref))
    effect = _concept(EFFECT, *b.fields["effect"][:1], "事業の効果", b.fields["effect"][1], issues)
    policy = _concept(POLICY, *b.fields["policy"][:1], "今後の方針", b.fields["policy"][1], issues)
    text = {f: b.fields[f][0] or None for f in ("plan", "attainment", "opinion") if f in b.fields}
    return GrantProject(jn.clean_text(b.fields["name"][0]), grant, str(concept) if concept else None,
                        text.get("plan"), _amounts(b, scale, issues), _kpis(b, issues), text.get("attainment"),
                        effect or "", text.get("opinion"), policy or "", b.source)


def parse(doc: Document) -> tuple[GrantReport, list[Issue]]:
    issues: list[Issue] = []
    doc = unflatten(doc)
    head = next(((i, c) for i, line in enumerate(doc.lines) if {"name", "kpi"} <= (c := columns(line)).keys()
                 and ({"target", "actual"} <= c.keys() or year_columns(line))), None)
    if head is not None:
        start, cols = head
        blocks, scale = table_blocks(doc, start, cols, issues), _unit_scale(doc, issues)
        scale.update(_scales(doc.lines[start], cols))
        title = " ".join(" ".join(line.filled) for line in doc.lines[:start]).strip()
    else:
        blocks = form_blocks(doc, issues)
        scale = _unit_scale(doc, issues)
        for line in doc.lines:
            scale.update(_scales(line, columns(line)) if "year" in columns(line) else {})
        title = ""
    if not blocks:
        raise LayoutError(doc.head_ref(), "no 事業名 with KPIs (表) and no project form (事業名：…): not a 交付金 "
                          "効果検証 report")
    last = blocks[-1]
    cut = [f for f in SPEC["completeness"]["project"] if not last.fields.get(f, ("",))[0]]
    if cut:
        end = next(line for line in reversed(doc.lines) if line.filled)
        names = {f: label for label, f in reversed(SPEC["form_fields"].items())}
        issues.append(Issue("incomplete-document", Severity.ERROR, f"project {last.fields['name'][0]!r} without its "
                            f"{', '.join(names[f] for f in cut)}: the document is cut off after its last line",
                            doc.ref(end)))
        blocks = blocks[:-1]
    projects = [p for b in blocks if (p := project(b, scale, issues)) is not None]
    return GrantReport(title, tuple(projects), doc.head_ref()), issues
