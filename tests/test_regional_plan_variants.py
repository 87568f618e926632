"""地域再生計画 documents of other publishers' editions: flattened text reads as its laid-out twin, the
heading forms of layout.toml, and a plan cut off before its required parts refused through `sosei build`.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from cli_support import invoke, snapshot
from golden_support import municipalities, readable_diff, spec_for
from rdflib.compare import isomorphic
from test_pdf import without_locations

from pipeline.documents import document_graph
from pipeline.extract import read_document
from pipeline.layouts import LAYOUTS
from pipeline.layouts.regional_plan.parser import parse
from pipeline.records import Document, Line

FIXTURES = LAYOUTS["regional-plan"].fixtures
BASE = "https://w3id.org/sosei/id/"
TWINS = sorted(p.name for p in FIXTURES.glob("*-flat"))


def _graph(case, spec):
    g, _doc, issues = document_graph(case / spec.file, spec, municipalities(), BASE)
    return without_locations(g), issues  # annotations are compared as issue codes


@pytest.mark.parametrize("flat", TWINS)
def test_flattened_text_gives_the_graph_of_its_laid_out_twin(flat):
    laid_out = FIXTURES / flat.removesuffix("-flat")
    spec = spec_for(laid_out)
    expected, issues = _graph(laid_out, spec)
    actual, flat_issues = _graph(FIXTURES / flat, dataclasses.replace(spec, file=spec_for(FIXTURES / flat).file))
    assert isomorphic(expected, actual), readable_diff(expected, actual)
    assert [(i.code, i.severity) for i in flat_issues] == [(i.code, i.severity) for i in issues]


def test_there_are_flattened_twins():
    assert len(TWINS) >= 2


@pytest.mark.parametrize("case", ["kpi-wrapped-name", "kpi-wrapped-name-flat"])
def test_a_kpi_name_wrapped_over_two_rows_is_one_kpi(case):
    """7-2's table wraps the first name above its values and the second below them: each is joined to
    its KPI (the first part is not lost, the second is not the start of the next KPI's name)."""
    spec = spec_for(FIXTURES / case)
    plan, issues = parse(read_document(FIXTURES / case / spec.file, spec.file))
    assert [k.name for k in plan.kpis] == ["冬期(12月から3月まで)の観光入込客数",
                                           "温泉街の空き店舗を改修して開いた店舗の数", "体験ツアーの参加者数"]
    assert [[t.value for t in k.targets] for k in plan.kpis] == [[41000, 43500, 46000], [2, 4, 6], [300, 450, 600]]
    assert not issues


def _doc(*texts: str) -> Document:
    return Document("t.txt", "0" * 64, "text/plain",
                    tuple(Line(i + 1, tuple(t.split("\t"))) for i, t in enumerate(texts)))


WHOLE = ["{n1} {p}名称", "計画A", "{n2} {p}作成主体の名称", "旭川市", "{n3} {p}区域", "旭川市の全域",
         "{n4} {p}目標", "目標の文。", "{n5} 地域再生を図るために行う事業", "{n51} 全体の概要", "概要の文。",
         "{n6} 計画期間", "令和6年4月1日から令和9年3月31日まで"]


@pytest.mark.parametrize("form", [
    dict(n1="1", n2="2", n3="3", n4="4", n5="5", n51="5-1", n6="6"),
    dict(n1="1.", n2="2.", n3="3.", n4="4.", n5="5.", n51="5-1", n6="6."),
    dict(n1="1．", n2="2．", n3="3．", n4="4．", n5="5．", n51="5－1", n6="6．"),
    dict(n1="１", n2="２", n3="３", n4="４", n5="５", n51="５－１", n6="６"),
    dict(n1="第1", n2="第2", n3="第3", n4="第4", n5="第5", n51="第5-1", n6="第6"),
    dict(n1="(1)", n2="(2)", n3="(3)", n4="(4)", n5="(5)", n51="(5-1)", n6="(6)"),
    dict(n1="（１）", n2="（２）", n3="（３）", n4="（４）", n5="（５）", n51="（５-１）", n6="（６）"),
], ids=lambda f: f["n1"])
@pytest.mark.parametrize("prefix", ["地域再生計画の", ""])
def test_heading_forms_with_or_without_the_prefix(form, prefix):
    plan, issues = parse(_doc(*(t.format(p=prefix, **form) for t in WHOLE)))
    assert (plan.name, plan.area, plan.objective, plan.summary) == ("計画A", "旭川市の全域", "目標の文。", "概要の文。")
    assert plan.whole_area is True and plan.period.text.startswith("令和6年4月1日")
    assert [i.code for i in issues] == []


def test_subsection_with_no_space_is_not_part_of_the_objective():
    lines = [t.format(p="地域再生計画の", **dict(n1="1", n2="2", n3="3", n4="4", n5="5", n51="5-1", n6="6"))
             for t in WHOLE]
    at = lines.index("目標の文。")
    lines[at:at + 1] = ["4-1地域の現状", "現状の文。", "4-2地域の課題", "課題の文。", "4-3目標", "目標の文。"]
    plan, _ = parse(_doc(*lines))
    assert (plan.situation, plan.challenges, plan.objective) == ("現状の文。", "課題の文。", "目標の文。")


def test_part_of_the_area_names_its_districts():
    lines = [t.format(p="", **dict(n1="1", n2="2", n3="3", n4="4", n5="5", n51="5-1", n6="6")) for t in WHOLE]
    lines[5] = "旭川市の区域の一部(東旭川地区、神居地区)"
    plan, _ = parse(_doc(*lines))
    assert (plan.whole_area, plan.districts) == (False, ("東旭川地区", "神居地区"))


def _build_instead(project, bundled: str, source, name: str):
    """Build the project once, then with `source` (as `name`) in place of the bundled file: the result,
    and whether output/ is as the first build left it."""
    assert invoke(project, "build").exit_code == 0
    before = snapshot(project / "output")
    (project / "sources" / name).write_bytes(source.read_bytes())
    manifest = project / "sources" / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace(f'file = "{bundled}"', f'file = "{name}"'), encoding="utf-8")
    result = invoke(project, "build")
    return result, snapshot(project / "output") == before


def test_plan_cut_off_after_section_4_exit_1_names_file_and_last_line(project):
    source = FIXTURES / "cut-after-section-4" / "input.txt"
    result, untouched = _build_instead(project, "012041_chiiki_saisei_keikaku_hatarakikata.txt", source, "cut.txt")
    assert result.exit_code == 1, result.output
    last = len(source.read_text(encoding="utf-8").rstrip("\n").splitlines())
    assert f"cut.txt:l{last} [incomplete-document] the document ends before its required part(s) " \
           "5 地域再生を図るために行う事業, 6 計画期間" in result.output
    assert untouched



@pytest.mark.parametrize("flatten", [r"\n+", r"[\n\t]+"], ids=["tabs-kept", "tabs-spaced"])
def test_flattened_plan_cut_off_after_section_4_exit_1_names_file_and_last_line(project, tmp_path, flatten):
    """The bundled plan as one line (every line break a space, as `tr -s '\\n' ' '` gives), cut before
    section 5: refused, naming the file, its one line and the last row read (7-2's last KPI)."""
    text = re.sub(flatten, " ", (project / "sources" / "012041_chiiki_saisei_keikaku_hatarakikata.txt")
                  .read_text(encoding="utf-8"))
    source = tmp_path / "cut-flat.txt"
    source.write_text(text[: text.index("5 地域再生を図るために行う事業")], encoding="utf-8")
    result, untouched = _build_instead(project, "012041_chiiki_saisei_keikaku_hatarakikata.txt", source, "cut-flat.txt")
    assert result.exit_code == 1, result.output
    assert "cut-flat.txt:l1 [incomplete-document] the document ends before its required part(s) " \
           "5 地域再生を図るために行う事業, 6 計画期間; last line read: 'テレワークオフィスを活用した企業件数 3件 10件 20件'" \
           in result.output
    assert untouched


def test_list_page_cut_off_inside_an_entry_exit_1_names_file_and_last_line(project):
    source = LAYOUTS["regional-plan-list"].fixtures / "cut-block" / "input.txt"
    result, untouched = _build_instead(project, "012041_chiiki_saisei_keikaku_ichiran.txt", source, "cut-list.txt")
    assert result.exit_code == 1, result.output
    assert "cut-list.txt:l14 [incomplete-document] the page ends inside the entry '安中市道の駅周辺道路整備計画' " \
           "(from line 10), before its 活用する支援制度; last line read: '概要:道の駅へ通じる" in result.output
    assert untouched


def test_era_years_past_the_era_end_are_the_years_they_count():
    from pipeline.layouts.regional_plan_list.variants import continued_era

    assert continued_era("平成28年度~平成32年度") == "平成28年度~2020年度"
    assert continued_era("平成30年度") == "平成30年度"
