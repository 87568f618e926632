"""Other publishers' editions of a certification list page, as layout.toml's [columns] and [variants]
describe them:

- a table (HTML or tab-separated) with any subset of the columns 認定年月日 / 認定回 / 作成主体 / 区域 /
  名称 / 計画期間 / 概要 / 支援措置, found by their header synonyms;
- blocks, one plan per block: its name, "第31回(平成27年3月27日)", then labelled lines 区域:, 期間:
  ("平成28年度~平成32年度", era years past the era's end read as the years they count), 概要:,
  支援措置: (codes in brackets, 【A3002】);
- names only: "〇〇計画(第39回認定)", with the page's 最終更新日.

A page that prints no 作成主体 lists its publisher's own plans. An entry without a required part is
refused (missing-cells); the last one, cut off by the end of the page, as incomplete-document.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

from ... import eras
from ... import normalize as jn
from ...records import Document, Issue, Line, Severity, SourceRef
from ..regional_plan.records import ListedPlan, Period, PlanList
from .parser import Cells, plan_from_cells

_CODE = re.compile(r"【[A-D]\d{4}】")
_ROUND_DATE = re.compile(r"^第\s*\d+\s*回\s*\(.+\)$")
_ERA_END = {"平成": (1988, 31), "昭和": (1925, 64)}


def continued_era(text: str) -> str:
    """"平成32年度" (an era year past the era's end, printed as if it went on) → "2020年度"."""
    def fix(m: re.Match) -> str:
        offset, last = _ERA_END[m.group(1)]
        return f"{offset + int(m.group(2))}年度" if int(m.group(2)) > last else m.group(0)
    return re.sub(r"(平成|昭和)\s*(\d+)\s*年\s*度", fix, jn.nfkc(text))


def header(line: Line, data: Mapping[str, Any]) -> dict[str, int] | None:
    """Column key → cell index of a header row, or None when `line` is not one."""
    keys = [jn.squeeze(c) for c in line.cells]
    found: dict[str, int] = {}
    for key, names in data["columns"].items():
        for i, k in enumerate(keys):
            if i not in found.values() and any(jn.squeeze(n) in k for n in names):
                found[key] = i
                break
    if "date" in found and "round" in found and found["date"] == found["round"]:
        del found["round"]
    enough = len(found) >= data["variants"]["min_columns"] and ("name" in found or "summary" in found)
    return found if enough and len(line.cells) > 1 else None


class _Reader:
    def __init__(self, doc: Document, data: Mapping[str, Any]):
        self.doc, self.data, self.issues, self.plans = doc, data, [], []

    def entry(self, fields: dict[str, str], ref: SourceRef, last: bool) -> None:
        missing = [self.data["columns"][k][0] for k in self.data["variants"]["required"] if not fields.get(k, "").strip()]
        if missing and last:
            end = next(ln for ln in reversed(self.doc.lines) if ln.text.strip())
            self.issues.append(Issue("incomplete-document", Severity.ERROR, f"the page ends inside the entry "
                                     f"{fields.get('name', '')!r} (from line {ref.line}), before its "
                                     f"{', '.join(missing)}; last line read: {jn.clean_text(end.text)[:60]!r}",
                                     self.doc.ref(end)))
            return
        if missing:
            self.issues.append(Issue("missing-cells", Severity.ERROR, f"entry without {', '.join(missing)}: "
                                     f"{' '.join(v for v in fields.values() if v)[:60]!r}", ref))
            return
        date = " ".join(fields.get(k, "") for k in ("date", "round")).strip()
        cells = Cells(((date, ref),) if date else (), fields.get("author", ""), fields["name"],
                      jn.clean_text(fields.get("summary", "")), _CODE.sub(" ", fields.get("schemes", "")), ref)
        plan, found = plan_from_cells(cells)
        self.issues += found
        if plan is None:
            return
        period = None
        if fields.get("period", "").strip():
            text = fields["period"]
            try:
                period = Period(jn.clean_text(text), eras.parse_period(continued_era(text)), ref)
            except jn.NormalizeError as e:
                self.issues.append(Issue("bad-period", Severity.ERROR, f"計画期間: {e}", ref))
        self.plans.append(dataclasses.replace(plan, area=jn.clean_text(fields.get("area", "")) or None, period=period))


def table(r: _Reader, lines: tuple[Line, ...]) -> bool:
    at = next(((i, cols) for i, ln in enumerate(lines) if (cols := header(ln, r.data))), None)
    if at is None:
        return False
    start, cols = at
    rows = [ln for ln in lines[start + 1:] if len(ln.filled) > 1]
    for n, line in enumerate(rows):
        fields = {k: line.cells[i] if i < len(line.cells) else "" for k, i in cols.items()}
        r.entry(fields, r.doc.ref(line), last=n == len(rows) - 1 and len(line.cells) <= max(cols.values()))
    return True


def blocks(r: _Reader, lines: tuple[Line, ...]) -> bool:
    labels = sorted(r.data["variants"]["block_labels"], key=len, reverse=True)
    label = re.compile(rf"^({'|'.join(map(re.escape, labels))})\s*[:：]\s*(.*)$")
    keys = {n: k for k, names in r.data["columns"].items() for n in names}
    texts = [(ln, jn.nfkc(ln.text).strip()) for ln in lines if ln.text.strip()]
    if len({m.group(1) for _ln, t in texts if (m := label.match(t))}) < 3:
        return False
    current: dict[str, str] = {}
    ref, last_key = None, None
    dated = any(_ROUND_DATE.match(t) for _ln, t in texts)
    for n, (line, text) in enumerate(texts):
        m = label.match(text)
        following = texts[n + 1][1] if n + 1 < len(texts) else ""
        if m:
            last_key = keys.get(m.group(1), "date")
            current[last_key] = (current.get(last_key, "") + " " + m.group(2)).strip()
            continue
        if _ROUND_DATE.match(text) and "date" not in current:
            current["date"], last_key = text, "date"
            ref = ref or r.doc.ref(line)
            continue
        # a plan's name: the line before its 第N回(…) line, or any unlabelled line after a whole block
        starts = _ROUND_DATE.match(following) if dated else (label.match(following) and (not current or "schemes" in current))
        if starts:
            if current:
                r.entry(dict(current), ref, last=False)
            current, ref, last_key = {"name": text}, r.doc.ref(line), "name"
        elif last_key is None:
            continue  # the page's own text before its first plan
        else:
            current[last_key] += ("" if last_key == "name" else "\n") + text
    if current:
        r.entry(current, ref, last=True)
    return True


def names_only(r: _Reader, lines: tuple[Line, ...]) -> bool:
    pattern = re.compile(r.data["variants"]["name_only"])
    found = [(ln, m) for ln in lines if (m := pattern.match(jn.clean_text(ln.text)))]
    for line, m in found:
        plan, issues = plan_from_cells(Cells(((f"(第{m.group('round')}回)", r.doc.ref(line)),), "", m.group("name"),
                                             "", "", r.doc.ref(line)))
        r.issues += [i for i in issues if i.code != "missing-date"]  # such a list prints no dates
        if plan is not None:
            r.plans.append(plan)
    return bool(found)


def updated(r: _Reader, lines: tuple[Line, ...]):
    pattern = re.compile(r.data["variants"]["updated"])
    for line in lines:
        if (m := pattern.search(jn.nfkc(line.text))) is not None:
            try:
                return eras.parse_date(m.group("date"))
            except jn.NormalizeError as e:
                r.issues.append(Issue("bad-date", Severity.ERROR, f"最終更新日: {e}", r.doc.ref(line)))
    return None


def read(doc: Document, data: Mapping[str, Any]) -> tuple[PlanList, list[Issue]] | None:
    """The page's plans in one of the other editions, or None when it is in none of them."""
    r = _Reader(doc, data)
    if not (table(r, doc.lines) or blocks(r, doc.lines) or names_only(r, doc.lines)):
        return None
    title = next((jn.clean_text(ln.text) for ln in doc.lines if ln.text.strip()), "")
    return PlanList(title, tuple(r.plans), doc.head_ref(), updated(r, doc.lines)), r.issues
