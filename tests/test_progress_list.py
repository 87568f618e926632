"""安中市 あんなか再起動プロジェクト一覧 (令和5年10月末時点), asserted from the RDF in the built store
(SPARQL), not from the parser: the counts below are what the document prints, row by row.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_support import invoke
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, SKOS

from pipeline.cli import format_table
from pipeline.extract import read_document
from pipeline.layouts import LAYOUTS
from pipeline.layouts.progress_list import parser as progress_list
from pipeline.parse import LayoutError
from pipeline.schemes import concepts, labels
from pipeline.store import query, term_text
from pipeline.uris import PROGRESS_STATUS_SCHEME

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "sources" / "102113_r5_annaka_saikido_project_ichiran.txt"
DATASET = "<https://w3id.org/sosei/id/dataset/annaka-saikido-project-r5>"
PLAN = "<https://w3id.org/sosei/id/municipality/102113/plan/あんなか再起動プロジェクト>"

# Rows per 大項目 as the document prints them (Ⅰ and I, Ⅱ and II … counted together).
ITEMS_PER_GOAL = [("I", 15), ("II", 9), ("III", 3), ("IV", 2), ("V", 4), ("VI", 7), ("VII", 4)]


def test_items_per_status(sparql):
    rows = sparql(f"""
        SELECT ?label (COUNT(?a) AS ?items) WHERE {{
          ?a a sosei:ProgressAssessment ; qb:dataSet {DATASET} ; sosei:progressStatus/skos:prefLabel ?label .
          FILTER (lang(?label) = "ja")
        }} GROUP BY ?label ORDER BY ?label""")
    assert rows == [("短期", 34), ("達成", 10)]


def test_items_per_goal(sparql):
    rows = sparql(f"""
        SELECT ?goal (COUNT(DISTINCT ?p) AS ?items) WHERE {{
          ?l a sosei:ProjectListing ; sosei:listedIn {DATASET} ; sosei:listedProject ?p ;
             sosei:listedUnder/sosei:goal/skos:notation ?goal .
        }} GROUP BY ?goal ORDER BY ?goal""")
    assert rows == ITEMS_PER_GOAL
    assert sum(n for _, n in rows) == 44


def test_as_of_date_of_the_list_and_of_every_assessment(sparql):
    [(as_of,)] = sparql(f"SELECT ?d WHERE {{ {DATASET} sosei:asOf ?d }}")
    assert as_of == "2023-10-31"  # ※令和5年10月末時点の状況です。
    rows = sparql(f"""SELECT ?d (COUNT(?a) AS ?n) WHERE {{ ?a qb:dataSet {DATASET} ; sosei:asOf ?d }}
                      GROUP BY ?d""")
    assert rows == [("2023-10-31", 44)]
    [(dtype,)] = sparql(f"SELECT (DATATYPE(?d) AS ?t) WHERE {{ {DATASET} sosei:asOf ?d }}")
    assert dtype == "http://www.w3.org/2001/XMLSchema#date"


def test_roman_numerals_in_ascii_and_unicode_are_one_goal(sparql):
    printed = SOURCE.read_text(encoding="utf-8").split("\n")
    rows = sparql(f"""
        SELECT ?goal ?line WHERE {{
          ?g a sosei:Goal ; sosei:plan {PLAN} ; skos:notation ?goal .
          ?l sosei:listedUnder/sosei:goal ?g ; sosei:sourceLocation/sosei:line ?line .
        }}""")
    forms: dict[str, set[str]] = {}
    for goal, line in rows:
        cell = printed[line - 1].split("\t")[2]
        forms.setdefault(goal, set()).add(cell[: len(cell) - len(cell.lstrip("IVXⅠⅡⅢⅣⅤⅥⅦ"))])
    assert forms["VI"] == {"VI", "Ⅵ"}
    assert forms["II"] == {"II", "Ⅱ"}
    assert forms["VII"] == {"VII", "Ⅶ"}
    [(n,)] = sparql(f"SELECT (COUNT(?g) AS ?n) WHERE {{ ?g a sosei:Goal ; sosei:plan {PLAN} }}")
    assert n == 7


def test_target_fiscal_year_is_typed_and_only_where_printed(sparql):
    rows = sparql(f"""
        SELECT ?status ?year (COUNT(?a) AS ?n) WHERE {{
          ?a qb:dataSet {DATASET} ; sosei:progressStatus/skos:notation ?status .
          OPTIONAL {{ ?a sosei:targetFiscalYear ?fy . ?fy sosei:year ?y ; rdfs:label "令和5年度"@ja .
                     BIND(STR(?y) AS ?year) FILTER(DATATYPE(?y) = xsd:gYear) }}
        }} GROUP BY ?status ?year ORDER BY ?status""")
    assert rows == [("achieved", None, 10), ("short-term", "2023", 34)]  # 達成 rows print no 目標年度; R5 = FY2023


@pytest.mark.parametrize("name, status, goal, measure, number, page, line", [
    ("フリーWi-Fiスポットの整備", "achieved", "VII", "①", "1", 1, 6),
    ("(仮称)磯部温泉活性化対策協議会の設置", "short-term", "V", "④", "1", 2, 26),  # printed （仮称）
    ("ネーミングライツ(公共施設の命名権)の推進", "short-term", "VI", "⑤", "1", 3, 37),  # printed Ⅵ
    ("子どもの居場所づくり支援や生活困窮家庭の学習支援", "short-term", "I", "①", "6", 8, 119),
])
def test_named_items(sparql, name, status, goal, measure, number, page, line):
    rows = sparql(f"""
        SELECT ?status ?goal ?measure ?number ?page ?line WHERE {{
          ?p a sosei:Project ; rdfs:label "{name}"@ja ;
             sosei:municipality <https://w3id.org/sosei/id/municipality/102113> .
          ?a sosei:project ?p ; sosei:progressStatus/skos:notation ?status .
          ?l sosei:listedProject ?p ; skos:notation ?number ; sosei:listedUnder ?m .
          ?m skos:notation ?measure ; sosei:goal/skos:notation ?goal .
          ?l sosei:sourceLocation ?loc . ?loc sosei:page ?page ; sosei:line ?line .
        }}""")
    assert rows == [(status, goal, measure, number, page, line)]


def test_description_is_clean_text_with_bullets_as_lines(sparql):
    [(text,)] = sparql("""SELECT ?d WHERE { ?p rdfs:label "住民票などのコンビニ交付の導入"@ja . ?l sosei:listedProject ?p ; dct:description ?d }""")
    assert text.split("\n") == [
        "・全国どこでも最寄りのコンビニにあるマルチコピー機から住民票や戸籍、税金の証明書が取得できるようにします。",
        "・市役所の業務時間に関係なく、毎日6:30~23:00まで利用できます。",
    ]
    rows = sparql(f"""SELECT ?d WHERE {{ ?l sosei:listedIn {DATASET} ; dct:description ?d }}""")
    assert len(rows) == 44
    assert not [d for (d,) in rows if "<" in d or ">" in d or "list-style" in d or d != d.strip()]


def test_goals_and_measures_of_both_cities_in_one_query(sparql):
    rows = sparql("""
        SELECT ?city (COUNT(DISTINCT ?g) AS ?goals) (COUNT(DISTINCT ?m) AS ?measures) WHERE {
          ?m a sosei:Measure ; sosei:goal ?g .
          ?g a sosei:Goal ; sosei:plan/dct:publisher/rdfs:label ?city .
          FILTER (lang(?city) = "ja")
        } GROUP BY ?city ORDER BY ?city""")
    assert ("安中市", 7, 21) in rows
    assert "旭川市" in {r[0] for r in rows}


def test_items_per_status_query_file(store):
    variables, rows = query(store, (ROOT / "queries" / "items_per_status.rq").read_text(encoding="utf-8"))
    table = format_table(variables, [[term_text(t) for t in r] for r in rows])
    assert [[term_text(t) for t in r] for r in rows] == [
        ["安中市", "2023-10-31", "achieved", "達成", "10", "", ""],
        ["安中市", "2023-10-31", "short-term", "短期", "34", "2023", "2023"],
    ], table
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("<!-- items-per-status:start -->", 1)[1].split("<!-- items-per-status:end -->", 1)[0]
    assert shown.strip() == f"```text\n{table}\n```", "README items_per_status output is stale"


def test_edition_fiscal_year_comes_from_the_as_of_date_and_must_agree_with_the_manifest():
    doc = read_document(SOURCE)
    plist, issues = progress_list.parse(doc, labels(PROGRESS_STATUS_SCHEME), fiscal_year=2023)
    assert (plist.as_of.isoformat(), plist.fiscal_year, issues) == ("2023-10-31", 2023, [])
    _, issues = progress_list.parse(doc, labels(PROGRESS_STATUS_SCHEME), fiscal_year=2024)
    assert [str(i) for i in issues] == [
        f"{SOURCE.name}:p1:l13 [fiscal-year-conflict] as-of date 2023-10-31 is in FY2023, manifest says FY2024"]


def test_another_layout_is_a_layout_error():
    doc = read_document(ROOT / "sources" / "012041_r6_sogo_senryaku_jigyo_ichiran.txt")
    with pytest.raises(LayoutError, match="not a progress-list"):
        progress_list.parse(doc, labels(PROGRESS_STATUS_SCHEME))


def test_another_layout_exits_2_naming_the_file(project):
    other = (ROOT / "sources" / "012041_r6_sogo_senryaku_jigyo_ichiran.txt").read_bytes()
    (project / "sources" / SOURCE.name).write_bytes(other + b"\n")  # not byte-identical: a copy is refused earlier
    result = invoke(project, "build")
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"Error: {SOURCE.name}") and "not a progress-list" in lines[0]
    assert not (project / "output").exists()


def test_unknown_status_and_bad_target_year_exit_1_with_file_and_line(project):
    source = project / "sources" / SOURCE.name
    lines = source.read_text(encoding="utf-8").split("\n")
    assert lines[5].startswith("達成\t\tVII") and lines[36].startswith("短期\tR5\tⅥ")
    lines[5] = lines[5].replace("達成", "継続", 1)  # line 6, page 1
    lines[36] = lines[36].replace("\tR5\t", "\tR五\t", 1)  # line 37, page 3
    source.write_text("\n".join(lines), encoding="utf-8")
    result = invoke(project, "build")
    assert result.exit_code == 1, result.output
    assert f"error: {SOURCE.name}:p1:l6 [unknown-status] 区分 '継続'" in result.output
    assert f"error: {SOURCE.name}:p3:l37 [bad-target-year]" in result.output
    assert "nothing published" in result.output and not (project / "output").exists()


def test_status_scheme_shape_and_parser_agree():
    """The shape's sh:in list, the scheme's concepts and the labels the parser knows are one set."""
    found = concepts(PROGRESS_STATUS_SCHEME)
    assert set(found) == {"achieved", "short-term", "mid-term", "long-term",
                          "largely-achieved", "in-progress", "not-achieved", "not-started"}
    assert all(str(iri) == f"{PROGRESS_STATUS_SCHEME}/{notation}" for notation, iri in found.items())
    shapes = Graph().parse(LAYOUTS["progress-list"].shapes, format="turtle")
    [prop] = shapes.subjects(SH.path, URIRef("https://w3id.org/sosei/ns#progressStatus"))
    assert set(Collection(shapes, shapes.value(prop, SH["in"]))) == set(found.values())
    known = labels(PROGRESS_STATUS_SCHEME)
    assert {known[k] for k in ("達成", "短期", "中期", "長期", "概ね達成", "実施中", "未達成", "未着手")} == set(found)
    scheme = Graph().parse(ROOT / "ontology" / "schemes-status.ttl", format="turtle")
    for iri in found.values():
        assert {lbl.language for lbl in scheme.objects(iri, SKOS.prefLabel)} == {"ja", "en"}
