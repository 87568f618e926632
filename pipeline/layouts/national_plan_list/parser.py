"""Layout `national-plan-list`: 内閣府's list of certified 地域再生計画, from any front end (CSV, Excel, a
ruled PDF table over many pages, or its text).

The header row names the columns (layout.toml [columns]); the lines above it are the title (with its
as-of date, and whether the list holds the plans whose 計画期間 has ended). Each row below is one plan,
or — in the 都道府県別 edition — one change of a plan listed before (認定回 "第07回(2) 変更1"). A PDF
repeats the header and prints page numbers on each page: both are read and skipped. A row whose
identifying cells are empty continues the row above (a row broken over two pages).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from ... import eras
from ... import normalize as jn
from ...parse import LayoutError
from ...records import Document, Issue, Line, Severity, SourceRef
from ..regional_plan.records import Amendment
from .records import NationalList, NationalPlan, PrintedMeasure, Round

SPEC = tomllib.loads((Path(__file__).resolve().parent / "layout.toml").read_text(encoding="utf-8"))
COLUMNS = [(field, re.compile(p)) for field, p in SPEC["columns"].items()]
ROUND = re.compile(SPEC["round"])
SHORT_DATE = re.compile(SPEC["short_date"])
CODE = re.compile(SPEC["support_code"])
AS_OF = re.compile(SPEC["as_of"])
PAGE_NUMBER = re.compile(SPEC["page_number"])
ERAS = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}
_SPLIT = re.compile(r"\n|、|,|，|;|；")


def header_columns(line: Line) -> dict[str, int] | None:
    """field → cell index of a header row (change columns as change1, change2 …), or None."""
    found: dict[str, int] = {}
    for i, cell in enumerate(line.cells):
        key = jn.squeeze(cell)
        for field, pattern in COLUMNS:
            m = pattern.search(key)
            if m and key:
                name = f"change{int(m.group(1))}" if field == "change" else field
                if name not in found:
                    found[name] = i
                break
    return found if all(f in found for f in SPEC["required"]) else None


def parse_list_date(text: str) -> "eras.dt.date":
    """H27.10.2, R2.3.31 or 令和2年8月21日 → a date; an impossible one raises NormalizeError."""
    t = jn.squeeze(text)
    m = SHORT_DATE.match(t)
    if m is None:
        return eras.parse_date(t)
    era, year, month, day = m.groups()
    try:
        return eras.parse_date(f"{ERAS[era]}{year}年{month}月{day}日")
    except jn.NormalizeError as e:
        raise jn.NormalizeError(f"{str(e).split(' ')[0]} date {text!r}" if "impossible" in str(e)
                                else f"{text!r}: {e}") from None


def parse_round(text: str) -> Round:
    m = ROUND.match(jn.squeeze(text))
    if m is None:
        raise jn.NormalizeError(f"not a 認定回 (第N回): {text!r}")
    number, batch, date, change = m.groups()
    return Round(int(number), int(batch) if batch else None, parse_list_date(date) if date else None,
                 int(change) if change else None)


_BRACKETED = re.compile(r"\s*(.*?)\s*[【\[]\s*([A-Z]\d{4})\s*[】\]]")


def split_measures(names: str, codes: str, ref: SourceRef) -> tuple[PrintedMeasure, ...]:
    """支援措置の名称 and 支援措置の番号 → measures. Names with their code in brackets
    ("地方創生推進交付金【A3007】", several in a cell even when a PDF joined their lines) pair themselves;
    otherwise names (one a line, or 、-separated) pair with the codes in order."""
    t = jn.nfkc(names)
    numbers = [p.strip() for p in _SPLIT.split(jn.nfkc(codes)) if p.strip()]
    bracketed = list(_BRACKETED.finditer(t))
    if bracketed:
        rest = _BRACKETED.sub("", t).strip()
        labels = [(jn.clean_text(m.group(1)) or None, m.group(2)) for m in bracketed]
        labels += [(p.strip(), None) for p in _SPLIT.split(rest) if p.strip()]
    else:
        parts = [p.strip() for p in _SPLIT.split(t) if p.strip()]
        paired = len(numbers) == len(parts)
        labels = [(p, numbers[i] if paired else None) for i, p in enumerate(parts)]
        if not paired:
            labels += [(None, n) for n in numbers]
        numbers = []
    seen = {code for _label, code in labels}
    labels += [(None, n) for n in numbers if n not in seen]
    return tuple(PrintedMeasure(label, code, ref) for label, code in labels)


class _Rows:
    """The table's rows as cell dicts, a row broken over two pages joined back."""

    def __init__(self, doc: Document, cols: dict[str, int]):
        self.doc, self.cols, self.issues = doc, cols, []
        self.rows: list[tuple[dict[str, str], Line]] = []

    def cell(self, line: Line, field: str) -> str:
        i = self.cols.get(field)
        return line.cells[i].strip() if i is not None and i < len(line.cells) else ""

    def add(self, line: Line) -> None:
        cells = {f: self.cell(line, f) for f in self.cols}
        for i in line.merged:
            field = next((f for f, j in self.cols.items() if j == i), None)
            if field and field not in SPEC["fill_down"] and cells.get(field):
                self.issues.append(Issue("merged-cell-spans-plans", Severity.ERROR,
                                         f"a merged cell fills column {field} of this row from the row above: "
                                         f"it spans two plans, so it is not clear whose it is {cells[field]!r}",
                                         self.doc.ref(line, i)))
        if not any(cells.get(f) for f in SPEC["required"]) and self.rows and any(cells.values()):
            prev, first = self.rows[-1]
            for f, text in cells.items():
                if text:
                    prev[f] = (prev[f] + "\n" + text).strip()
            self.issues.append(Issue("continued-row", Severity.INFO, "a row continued from the page before, "
                                     "joined to its row", self.doc.ref(line)))
            return
        self.rows.append((cells, line))


def _plan(cells: dict[str, str], line: Line, doc: Document, cols) -> tuple[NationalPlan | None, list[Issue]]:
    ref = doc.ref(line)
    missing = [f for f in SPEC["required"] if not cells.get(f)]
    if missing:
        return None, [Issue("missing-cells", Severity.ERROR, f"row without {', '.join(missing)}: "
                            f"{' | '.join(c for c in line.cells if c)!r}", ref)]
    issues: list[Issue] = []
    try:
        first = parse_round(cells["first"])
    except jn.NormalizeError as e:
        return None, [Issue("bad-round", Severity.ERROR, f"当初認定回: {e}", doc.ref(line, cols["first"]))]
    amendments = []
    for f in sorted((f for f in cells if f.startswith("change") and cells[f]), key=lambda f: int(f[6:])):
        try:
            amendments.append(Amendment(parse_list_date(cells[f]), doc.ref(line, cols[f])))
        except jn.NormalizeError as e:
            issues.append(Issue("bad-date", Severity.ERROR, f"変更{f[6:]}: {e}", doc.ref(line, cols[f])))
    codes = tuple(c for c in (cells.get("code1", ""), cells.get("code2", "")) if c)
    plan = NationalPlan(
        name=jn.clean_text(jn.nfkc(cells["name"])), prefecture=cells.get("prefecture") or None,
        authors=jn.nfkc(cells["author"]), codes=codes, area=jn.clean_text(cells["area"]) if cells.get("area") else None,
        summary=jn.clean_text(cells["summary"]) if cells.get("summary") else None,
        measures=split_measures(cells.get("measure_name", ""), cells.get("measure_code", ""), ref),
        first=first, amendments=tuple(amendments), change_rounds=(), source=ref)
    return plan, issues


def _title(lines: list[Line], doc: Document) -> tuple[str, "eras.dt.date | None", bool, list[Issue]]:
    title, as_of, ended, issues = "", None, False, []
    for line in lines:
        text = " ".join(line.filled).strip()
        if not text or PAGE_NUMBER.match(text):
            continue
        if SPEC["title"] not in text and SPEC["ended"] not in text and not AS_OF.search(text):
            issues.append(Issue("unread-line", Severity.ERROR, f"a line above the table no rule reads {text!r}",
                                doc.ref(line)))
            continue
        title = title or text
        ended = ended or SPEC["ended"] in text
        if (m := AS_OF.search(jn.nfkc(text))) is not None:
            try:
                as_of = parse_list_date(m.group(1))
            except jn.NormalizeError as e:
                issues.append(Issue("bad-date", Severity.ERROR, f"as-of date: {e}", doc.ref(line)))
    return title, as_of, ended, issues


def _merge_changes(plans: list[NationalPlan], issues: list[Issue]) -> list[NationalPlan]:
    """Change rows (第07回(2) 変更1) join their plan; a plan listed twice otherwise is an error."""
    out: dict[tuple, NationalPlan] = {}
    for p in plans:
        key = (p.prefecture, p.authors, p.codes, p.name)  # 美郷町 is a town of 秋田県, 島根県 and 宮崎県
        if p.first.change is not None:
            base = out.get(key)
            if base is None:
                issues.append(Issue("orphan-change", Severity.ERROR, f"変更{p.first.change} of a plan not listed "
                                    f"before it: {p.name!r}", p.source))
                continue
            seen = {(m.label, m.code) for m in base.measures}
            out[key] = NationalPlan(**{**base.__dict__, "change_rounds": base.change_rounds + (p.first.number,),
                                       "measures": base.measures + tuple(m for m in p.measures if (m.label, m.code) not in seen)})
        elif key in out:
            issues.append(Issue("duplicate-plan", Severity.ERROR, f"the plan {p.name!r} of {p.authors} is listed "
                                f"twice (first at {out[key].source})", p.source))
        else:
            out[key] = p
    return list(out.values())


def parse(doc: Document) -> tuple[NationalList, list[Issue]]:
    head = next(((i, cols) for i, line in enumerate(doc.lines) if (cols := header_columns(line))), None)
    if head is None:
        raise LayoutError(doc.head_ref(), "no header row with 作成主体名, 地域再生計画の名称 and 当初認定回: "
                          "not a national list of certified 地域再生計画")
    start, cols = head
    title, as_of, ended, issues = _title(list(doc.lines[:start]), doc)
    header = doc.lines[start].cells
    rows = _Rows(doc, cols)
    for line in doc.lines[start + 1:]:
        text = " ".join(line.filled).strip()
        if not text or line.cells == header or PAGE_NUMBER.match(text) or (len(line.filled) == 1 and text == title):
            continue
        if len(line.cells) == 1 and len(header) > 1:  # text outside the table's cells
            issues.append(Issue("unread-line", Severity.ERROR, f"a line below the header that is not a row of "
                                f"the table {text!r}", doc.ref(line)))
            continue
        rows.add(line)
    issues += rows.issues
    plans = []
    for cells, line in rows.rows:
        plan, found = _plan(cells, line, doc, cols)
        issues += found
        if plan is not None:
            plans.append(plan)
    plans = _merge_changes(plans, issues)
    return NationalList(title, as_of, ended, tuple(plans), doc.head_ref()), issues
