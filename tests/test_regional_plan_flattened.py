"""Flattened twins made here from laid-out 地域再生計画 texts: every line break turned into a space, as
`tr -s '\\n' ' '` does, with the tabs of the KPI tables kept (one long line of many cells) or turned into
spaces too. Each reads as its laid-out text: the bundled 旭川市 plan and the layout's text fixtures
give the same graph apart from provenance, and the same issues.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from golden_support import readable_diff, spec_for
from plan_support import PLAN_ID, SOURCES, manifest_spec, run, without_provenance
from rdflib.compare import isomorphic
from test_pdf import without_locations

from pipeline.extract import read_document
from pipeline.layouts import LAYOUTS
from pipeline.layouts.regional_plan.flat import Flattener, _fold
from pipeline.layouts.regional_plan.parser import DESCRIPTION

FIXTURES = LAYOUTS["regional-plan"].fixtures
PLAN = SOURCES / "012041_chiiki_saisei_keikaku_hatarakikata.txt"

FLATTENINGS = {
    "tabs-kept": lambda text: re.sub(r"\n+", " ", text),  # tr -s '\n' ' '
    "tabs-spaced": lambda text: re.sub(r"[\n\t]+", " ", text),  # tr -s '\n\t' ' '
}

# Laid-out fixtures whose flattened twins cannot read the same, and why:
NOT_TWINS = {
    # its own input is already one flattened line: there is nothing to flatten
    ("paren-form-lost-symbols", "tabs-kept"): "already flat",
    ("paren-form-lost-symbols", "tabs-spaced"): "already flat",
    # its KPI rows miss values and hold dates that are not dates: without tabs, which value belongs to
    # which date is lost, so the rows read differently (other errors), as no reader could tell
    ("bad-kpi", "tabs-spaced"): "malformed table without its tabs",
}


def _flatten(source: Path, how: str, out: Path) -> Path:
    out.write_text(FLATTENINGS[how](source.read_text(encoding="utf-8")), encoding="utf-8")
    return out


def _laid_out_cases() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if (p / "case.toml").is_file() and not p.name.endswith("-flat")
                  and spec_for(p).file.endswith(".txt"))


@pytest.mark.parametrize("how", FLATTENINGS)
def test_bundled_plan_flattened_gives_the_laid_out_graph(how, tmp_path):
    spec = manifest_spec(PLAN_ID)
    expected, issues = run(PLAN, spec)
    actual, flat_issues = run(_flatten(PLAN, how, tmp_path / f"flat-{how}.txt"), spec)
    expected, actual = without_provenance(expected), without_provenance(actual)
    assert isomorphic(expected, actual), readable_diff(expected, actual)
    assert [(i.code, i.severity) for i in flat_issues] == [(i.code, i.severity) for i in issues] == []


def _lines(doc) -> list[str]:
    return ["\t".join(_fold(c).strip() for c in ln.cells) for ln in doc.lines if ln.text.strip()]


def test_bundled_plan_with_its_tabs_kept_is_laid_out_line_for_line(tmp_path):
    """The text before each KPI table, its header of dates, its rows (a name wrapped below its values
    a row of its own, as printed) and the text after come back as the laid-out text's lines; only a
    line break inside a word (…誘致、地|元企業…) leaves no trace to cut at."""
    flat = Flattener(DESCRIPTION)
    doc = read_document(_flatten(PLAN, "tabs-kept", tmp_path / "flat.txt"), "flat.txt")
    assert flat.is_flat(doc) and len(doc.lines) == 1
    expected = _lines(read_document(PLAN, PLAN.name))
    i = next(i for i, t in enumerate(expected) if t.endswith("しごと誘致、地"))
    expected[i: i + 2] = [f"{expected[i]} {expected[i + 1]}"]
    assert _lines(flat.relayout(doc)) == expected


CASES = [(case.name, how) for case in _laid_out_cases() for how in FLATTENINGS if (case.name, how) not in NOT_TWINS]


@pytest.mark.parametrize("case, how", CASES)
def test_fixture_flattened_gives_the_laid_out_graph(case, how, tmp_path):
    spec = spec_for(FIXTURES / case)
    expected, issues = run(FIXTURES / case / spec.file, spec)
    actual, flat_issues = run(_flatten(FIXTURES / case / spec.file, how, tmp_path / f"{case}-{how}.txt"), spec)
    expected, actual = without_locations(expected), without_locations(actual)  # issues compared as codes
    assert isomorphic(expected, actual), readable_diff(expected, actual)
    assert [(i.code, i.severity) for i in flat_issues] == [(i.code, i.severity) for i in issues]


def test_every_laid_out_text_fixture_has_its_twins_or_a_reason():
    names = {c.name for c in _laid_out_cases()}
    assert {c for c, _how in NOT_TWINS} <= names
    assert len(CASES) + len(NOT_TWINS) == 2 * len(names) and len(CASES) >= 14


def test_flattening_is_what_tr_gives():
    text = "a\n\nb\tc\n"
    assert FLATTENINGS["tabs-kept"](text) == "a b\tc " and FLATTENINGS["tabs-spaced"](text) == "a b c "



def _two_projects(text: str) -> str:
    """The kpis-and-cost plan with a second project under another support measure, its KPI table
    naming other KPIs than the first project's (and printed after it)."""
    start = text.index("地方創生拠点整備交付金（内閣府）")
    end = text.index("6 計画期間")
    block = text[start:end]
    table = block[block.index("⑤ 重要業績評価指標"):block.index("⑥ 評価の方法")]
    second = (block.replace(table, "⑤ 重要業績評価指標（KPI）及び目標年月\n\n\t令和4年 3月末\t令和5年 3月末\n"
                                   "移住者数\t10人\t20人\n\n")
              .replace("地方創生拠点整備交付金", "地方創生推進交付金").replace("A9999", "A3007")
              .replace("第1号ロ", "第1号イ").replace("写真文化発信拠点整備事業", "写真文化人材育成事業"))
    return text[:end] + second + text[end:]


@pytest.mark.parametrize("how", FLATTENINGS)
def test_each_project_keeps_its_own_kpi_table_when_flattened(how, tmp_path):
    """Every line of a flattened text is line 1: the KPI tables are told apart by the line each
    header is, not by its number, so the first project does not get the last table's KPIs."""
    case = FIXTURES / "kpis-and-cost"
    spec = spec_for(case)
    laid_out = tmp_path / "two-projects.txt"
    laid_out.write_text(_two_projects((case / spec.file).read_text(encoding="utf-8")), encoding="utf-8")
    layout = LAYOUTS["regional-plan"]
    parsed, issues = layout.parse(read_document(laid_out, laid_out.name), spec)
    assert [(p.name, p.kpis) for p in parsed.projects] == [
        ("写真文化発信拠点整備事業", ("交流人口", "移住相談件数")), ("写真文化人材育成事業", ("移住者数",))]
    flat = _flatten(laid_out, how, tmp_path / f"two-projects-{how}.txt")
    flat_parsed, _ = layout.parse(read_document(flat, flat.name), spec)
    assert [(p.name, p.kpis) for p in flat_parsed.projects] == [(p.name, p.kpis) for p in parsed.projects]
    expected, expected_issues = run(laid_out, spec)
    actual, actual_issues = run(flat, spec)
    expected, actual = without_locations(expected), without_locations(actual)
    assert isomorphic(expected, actual), readable_diff(expected, actual)
    assert [(i.code, i.severity) for i in actual_issues] == [(i.code, i.severity) for i in expected_issues]
