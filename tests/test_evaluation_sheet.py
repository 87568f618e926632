"""北斗市 施策評価シート (基本目標4, 令和5年度実績・令和6年度計画), asserted from the RDF in the built store
(SPARQL), not from the parser: grades, 【重点施策】, amounts and directions are the ones the sheets print.
"""

import re
from pathlib import Path

import pytest
from cli_support import invoke, snapshot

from pipeline.cli import format_table
from pipeline.extract import read_document, text_document
from pipeline.layouts.evaluation_sheet import parser as evaluation_sheet
from pipeline.layouts.strategy_project_list import parser as strategy_list
from pipeline.parse import LayoutError
from pipeline.store import query, term_text

ROOT = Path(__file__).resolve().parent.parent
DATASET = "<https://w3id.org/sosei/id/dataset/hokuto-sogo-keikaku-hyoka-r5>"
HOKUTO = "<https://w3id.org/sosei/id/municipality/012360>"

# 基本計画-主要施策 → grade under 評価, as printed (full-width Ａ/Ｂ/Ｃ) on each of the 17 sheets.
GRADES = {
    "32-1": "C", "32-2": "B", "32-3": "A", "32-4": "B",
    "33-1": "C", "33-2": "C", "33-3": "B", "33-4": "B", "33-5": "A",
    "34-1": "C", "34-2": "B", "34-3": "B",
    "35-1": "C", "35-2": "B", "35-3": "B", "35-4": "B", "35-5": "B",
}
MEASURE = "BIND(CONCAT(?b, '-', ?n) AS ?measure)"


def test_grade_of_each_main_measure(sparql):
    rows = sparql(f"""
        SELECT ?measure ?grade WHERE {{
          ?e a sosei:MeasureEvaluation ; sosei:evaluatedMeasure ?m ; sosei:grade/skos:notation ?grade ;
             sosei:fiscalYear/sosei:year "2023"^^xsd:gYear .
          ?m skos:notation ?n ; sosei:broaderMeasure/skos:notation ?b ; sosei:goal/skos:notation "4" .
          {MEASURE}
        }} ORDER BY ?measure""")
    assert dict(rows) == GRADES and len(rows) == 17


def test_priority_measures(sparql):
    rows = sparql(f"""
        SELECT ?measure ?name WHERE {{
          ?m sosei:priority true ; rdfs:label ?name ; skos:notation ?n ; sosei:broaderMeasure/skos:notation ?b .
          {MEASURE}
        }} ORDER BY ?measure""")
    # printed with 【重点施策】 after the name, which the label leaves out
    assert rows == [("32-4", "地域コミュニティ活動の推進"), ("33-3", "市民や各種団体との連携"),
                    ("35-2", "市民協働の推進と市民満足度の向上")]
    [(others,)] = sparql("SELECT (COUNT(?m) AS ?n) WHERE { ?m sosei:priority false }")
    assert others == 14


def test_goal_and_basic_plans_of_the_comprehensive_plan(sparql):
    rows = sparql(f"""
        SELECT ?plan ?goal ?policy ?name WHERE {{
          ?p a sosei:ComprehensivePlan ; rdfs:label ?plan ; dct:publisher {HOKUTO} .
          ?g sosei:plan ?p ; skos:notation ?goal .
          ?m sosei:goal ?g ; skos:notation ?policy ; rdfs:label ?name .
          FILTER NOT EXISTS {{ ?m sosei:broaderMeasure ?any }}
        }} ORDER BY ?policy""")
    assert rows == [("北斗市総合計画", "4", "32", "地域コミュニティ基盤の充実"),
                    ("北斗市総合計画", "4", "33", "市民参加の推進"),
                    ("北斗市総合計画", "4", "34", "時代に対応した持続的で効率的な行財政運営"),
                    ("北斗市総合計画", "4", "35", "ほくと・魅力の向上")]


def _amounts_and_directions(sparql, name):
    amounts = sparql(f"""
        SELECT ?year ?phase ?yen WHERE {{
          ?p a sosei:Project ; rdfs:label "{name}"@ja ; sosei:municipality {HOKUTO} .
          ?a sosei:project ?p ; sosei:amount ?yen ; sosei:budgetPhase ?ph ; sosei:fiscalYear/sosei:year ?y .
          BIND(STR(?y) AS ?year) BIND(STRAFTER(STR(?ph), "budget-phase/") AS ?phase)
        }} ORDER BY ?year""")
    directions = sparql(f"""
        SELECT ?year ?direction WHERE {{
          ?p a sosei:Project ; rdfs:label "{name}"@ja .
          ?d a sosei:ProjectDirection ; sosei:project ?p ; sosei:fiscalYear/sosei:year ?y ;
             sosei:statedInFiscalYear/sosei:year "2024"^^xsd:gYear ; sosei:direction/skos:prefLabel ?direction .
          FILTER (lang(?direction) = "ja") BIND(STR(?y) AS ?year)
        }} ORDER BY ?year""")
    return amounts, [d for _y, d in directions]


@pytest.mark.parametrize("name, settlement, budget, directions", [
    ("町会連合会補助金", 300, 2_300, ["維持", "維持"]),  # "維持 維持町会連合会の活動への補助": glued to the content
    ("ふるさと納税制度の活用", 93_545, 200_000, ["拡充", "拡充"]),  # 【再掲】 in 35-1 and 35-5
    ("ワイン振興対策事業", 221_309, 103_082, ["維持", "事業終了"]),
    ("地域協働事業対策補助金", 931, 2_000, ["拡充", "維持"]),
    ("自治体DX(デジタルトランスフォーメーション)の推進", 7_428, 60_937, ["拡充", "拡充"]),
    ("スポーツ合宿推進事業", 12_745, 13_336, ["見直し", "維持"]),
    ("市政スクールの実施", 9, 12, ["拡充", "拡充"]),  # "9・１回目7/21…": the 決算額 glued to the content
    ("SDGsの普及啓蒙", 15, 22, ["拡充", "拡充"]),  # printed ＳＤＧｓ; "15北斗市ＳＤＧｓ…" glued
    ("町内会活動傷害保険補助金", 394, 398, ["維持", "維持"]),  # its content starts "13,872世帯…": not an amount
    ("地域応援元気づくり補助金", 800, 1_000, ["検討", "検討"]),
])
def test_settlement_budget_and_directions_of_named_projects(sparql, name, settlement, budget, directions):
    amounts, found = _amounts_and_directions(sparql, name)
    assert amounts == [("2023", "settlement", settlement * 1000), ("2024", "budget", budget * 1000)]
    assert found == directions


def test_a_dash_is_no_amount_not_zero(sparql):
    amounts, directions = _amounts_and_directions(sparql, "住民施設改修事業")  # "-" in both years
    assert amounts == [] and directions == ["維持", "維持"]
    amounts, directions = _amounts_and_directions(sparql, "財源確保対策")  # "-" and "－"
    assert amounts == [] and directions == ["維持", "維持"]


def test_relisted_project_is_one_resource_under_every_measure(sparql):
    rows = sparql(f"""
        SELECT ?measure (COUNT(DISTINCT ?p) AS ?projects) (GROUP_CONCAT(?year; separator=",") AS ?years) WHERE {{
          ?p rdfs:label "ふるさと納税制度の活用"@ja .
          ?l sosei:listedProject ?p ; sosei:listedUnder ?m ; sosei:fiscalYear/sosei:year ?y .
          ?m skos:notation ?n ; sosei:broaderMeasure/skos:notation ?b .
          {MEASURE} BIND(STR(?y) AS ?year)
        }} GROUP BY ?measure ORDER BY ?measure""")
    # 34-3 lists it in both tables; 35-1 in its 実施計画 only and 35-5 in both, as 【再掲】
    assert [(m, n, sorted(y.split(","))) for m, n, y in rows] == [
        ("34-3", 1, ["2023", "2024"]), ("35-1", 1, ["2024"]), ("35-5", 1, ["2023", "2024"])]
    relisted = sparql("""SELECT ?re (COUNT(?l) AS ?n) WHERE { ?l sosei:listedProject ?p ; sosei:relisted ?re .
                         ?p rdfs:label "ふるさと納税制度の活用"@ja } GROUP BY ?re ORDER BY ?re""")
    assert relisted == [(False, 2), (True, 3)]


def test_rows_per_table_and_distinct_projects(sparql):
    rows = sparql(f"""
        SELECT ?year (COUNT(?l) AS ?rows) WHERE {{
          ?l a sosei:ProjectListing ; sosei:listedIn {DATASET} ; sosei:fiscalYear/sosei:year ?y .
          BIND(STR(?y) AS ?year)
        }} GROUP BY ?year ORDER BY ?year""")
    assert rows == [("2023", 63), ("2024", 64)]  # rows of the 17 事業実績 and 17 実施計画 tables
    [(n,)] = sparql(f"SELECT (COUNT(?p) AS ?n) WHERE {{ ?p a sosei:Project ; sosei:municipality {HOKUTO} }}")
    # 59 names, and two the 実施計画 prints otherwise than the 事業実績 (渡島・檜山地方税滞納整理機構 without
    # 負担金; 六次産業化 for 六次化産業化): sosei does not guess that they are the same project
    assert n == 61


def test_subsidized_rows(sparql):
    rows = sparql("""
        SELECT ?name ?year WHERE {
          ?l sosei:fundingType <https://w3id.org/sosei/vocab/funding/subsidized> ;
             sosei:listedProject/rdfs:label ?name ; sosei:fiscalYear/sosei:year ?y . BIND(STR(?y) AS ?year)
        } ORDER BY ?name ?year""")
    # the six rows the sheets mark 補助事業 (one of them, 人権擁護活動 2023, standing alone on its page)
    assert sorted(rows) == sorted([("人材育成事業の実施", "2023"), ("人権擁護活動", "2023"), ("人権擁護活動", "2024"),
                                   ("ワイン振興対策事業", "2023"), ("ワイン振興対策事業", "2024"),
                                   ("事業の選択と集中", "2024")])


def test_new_projects(sparql):
    rows = sparql("""SELECT ?name (MIN(STR(?y)) AS ?year) WHERE {
                     ?l sosei:markedNew true ; sosei:fiscalYear/sosei:year ?y ; sosei:listedProject ?p .
                     ?p rdfs:label ?name ; sosei:municipality <https://w3id.org/sosei/id/municipality/012360> . }
                     GROUP BY ?name ORDER BY ?name""")
    assert rows == [("性の多様性についての理解促進", "2023"), ("若者との協働事業", "2023")]  # 【新規】, ≪新規≫


def test_every_printed_total_is_reconciled_with_both_figures(sparql):
    rows = sparql(f"""
        SELECT ?label ?printed ?computed ?ok WHERE {{
          ?t a sosei:PrintedTotal ; sosei:listedIn {DATASET} ; rdfs:label ?label ;
             sosei:printedAmount ?printed ; sosei:computedAmount ?computed ; sosei:reconciled ?ok .
        }} ORDER BY ?label""")
    assert len(rows) == 34  # two per sheet
    assert all(ok and printed == computed for _l, printed, computed, ok in rows)  # this document adds up
    by_label = {label: printed for label, printed, _c, _ok in rows}
    assert by_label["主要施策 34-3 令和5年度 事業実績 計"] == 111_956_000
    assert by_label["主要施策 35-5 令和6年度 実施計画 計"] == 313_564_000
    assert by_label["主要施策 32-3 令和6年度 実施計画 計"] == 0


def test_texts_are_clean_with_bullets_as_line_breaks(sparql):
    [(outcome, improvement)] = sparql("""
        SELECT ?o ?i WHERE { ?e sosei:evaluatedMeasure ?m ; sosei:outcomesAndIssues ?o ; sosei:improvements ?i .
          ?m rdfs:label "町内会等への加入促進"@ja }""")
    assert outcome == ("・ニュースポーツ体験事業のモルック体験会を行うとともに、北斗市子ども会連絡協議会との異世代交流会を"
                       "実施することができた。\n・インターネットでの町内会加入実績は5件\n"
                       "・町内会加入率の向上や役員等の担い手不足が課題である。")
    assert improvement.count("\n") == 3 and "SNSを活用" in improvement
    texts = [t for (t,) in sparql(f"""SELECT ?t WHERE {{ GRAPH {DATASET} {{ ?s ?p ?t .
               FILTER (isLiteral(?t) && lang(?t) = "ja" && ?p != rdfs:label) }} }}""")]
    assert len(texts) > 150
    for t in texts:
        assert not t.endswith(("単独事業", "補助事業")), t  # the 区分 column is not content
        assert "次ページ" not in t and "\n令\n" not in t and "予算額" not in t, t


def test_text_out_of_place_is_placed_where_it_belongs(sparql):
    # 32-3: its 事業の改善点及び方向性 is printed before its heading, which a row follows instead
    [(improvement,)] = sparql("""SELECT ?i WHERE { ?e sosei:evaluatedMeasure ?m ; sosei:improvements ?i .
                                  ?m rdfs:label "地域課題の解決に向けた自主的活動の促進"@ja }""")
    assert improvement.startswith("・継続して市民と行政のパイプ役となるブロック協議会で市からの予算要望の回答")
    # 34-1: the 内容 of 職員定員管理計画の推進 in the 実施計画 is printed apart from its name and 方向性
    [(content,)] = sparql("""SELECT ?d WHERE { ?l sosei:listedProject/rdfs:label "職員定員管理計画の推進"@ja ;
                              sosei:fiscalYear/sosei:year "2024"^^xsd:gYear ; dct:description ?d }""")
    assert content == "職員定員管理計画の適正運用と定年延長を踏まえた見直し"


def test_supplements_and_related_measures(sparql):
    notes = sparql(f"""SELECT ?measure WHERE {{ ?e sosei:evaluatedMeasure ?m ; skos:note ?note .
                         ?m skos:notation ?n ; sosei:broaderMeasure/skos:notation ?b . {MEASURE} }} ORDER BY ?measure""")
    assert notes == [("34-3",), ("35-3",), ("35-5",)]
    related = sparql("""SELECT ?r WHERE { ?m sosei:relatedMeasure ?x ; rdfs:label "市民協働の推進と市民満足度の向上"@ja .
                          ?x skos:notation ?n ; sosei:broaderMeasure/skos:notation ?b . BIND(CONCAT(?b, '-', ?n) AS ?r) }
                          ORDER BY ?r""")
    assert related == [("32-4",), ("33-2",), ("33-3",)]  # 関連施策 32-4、33-2、33-3, all in this document
    [(printed,)] = sparql("""SELECT (GROUP_CONCAT(?r; separator=" ") AS ?all) WHERE {
                              ?m rdfs:label "交流人口の拡大と移住・定住の促進"@ja ; sosei:relatedMeasureNotation ?r }""")
    assert sorted(printed.split()) == ["15-3", "16-1", "23-1", "5-4", "6-1"]  # kept as printed


def test_grades_per_measure_query(store):
    variables, rows = query(store, (ROOT / "queries" / "grades_per_measure.rq").read_text(encoding="utf-8"))
    assert [v.value if hasattr(v, "value") else str(v) for v in variables][-3:] == ["name", "priority", "grade"]
    hokuto = [tuple(t.value for t in r) for r in rows if r[0].value == "北斗市"]
    assert [(r[3], r[6]) for r in hokuto] == sorted(GRADES.items())
    assert {r[3] for r in hokuto if r[5] == "true"} == {"32-4", "33-3", "35-2"}


def test_readme_grades_output_is_real(store):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = text.split("<!-- grades-output:start -->", 1)[1].split("<!-- grades-output:end -->", 1)[0]
    table = re.search(r"```text\n(.*?)```", shown, flags=re.S).group(1).rstrip("\n")
    variables, rows = query(store, (ROOT / "queries" / "grades_per_measure.rq").read_text(encoding="utf-8"))
    assert table == format_table(variables, [[term_text(t) for t in r] for r in rows])


def test_other_layouts_are_refused():
    sheets = read_document(ROOT / "sources" / "012360_r5_sogo_keikaku_shisaku_hyoka.txt")
    listing = read_document(ROOT / "sources" / "012041_r6_sogo_senryaku_jigyo_ichiran.txt")
    with pytest.raises(LayoutError, match="not an evaluation-sheet"):
        evaluation_sheet.parse(listing, fiscal_year=2024, plan="x")
    with pytest.raises(LayoutError, match="not a strategy-project-list"):
        strategy_list.parse(sheets, fiscal_year=2023)
    with pytest.raises(LayoutError, match="give `plan`"):
        evaluation_sheet.parse(sheets, fiscal_year=2023, plan=None)


HOKUTO_FILE = "012360_r5_sogo_keikaku_shisaku_hyoka.txt"


def test_cut_sheet_unknown_grade_and_bad_amount_exit_1_nothing_published(project):
    assert invoke(project, "build").exit_code == 0
    before = snapshot(project / "output")
    source = project / "sources" / HOKUTO_FILE
    lines = source.read_text(encoding="utf-8").split("\n")
    assert lines[75] == "Ｃ" and lines[486].startswith("900・訪問者数")
    lines[75] = "Ｅ"  # 32-1's grade
    lines[486] = "9o0" + lines[486][3:]  # 33-1 市ホームページの運用: a 決算額 glued to its content, misprinted
    source.write_text("\n".join(lines[:2505]), encoding="utf-8")  # cut inside 35-5's 実施計画 table
    result = invoke(project, "build")
    assert result.exit_code == 1, result.output
    assert f"{HOKUTO_FILE}:p1:l76 [unknown-grade] 主要施策 32-1: grade 'Ｅ' is not one of S, A, B, C, D" in result.output
    assert f"{HOKUTO_FILE}:p5:l487 [bad-amount] not an amount: '9o0'" in result.output
    assert f"{HOKUTO_FILE}:p25:l2504 [incomplete-document] 主要施策 35-5 ends without the printed 計 of its 実施計画" \
        in result.output
    assert "nothing published" in result.output
    assert snapshot(project / "output") == before


def test_another_layout_exit_2_one_line_naming_the_file(project):
    (project / "sources" / HOKUTO_FILE).write_bytes(
        (ROOT / "sources" / "012041_r6_sogo_senryaku_jigyo_ichiran.txt").read_bytes() + b"\n")  # not a copy: refused earlier
    result = invoke(project, "build")
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"Error: {HOKUTO_FILE}") and "not an evaluation-sheet" in lines[0]


def _parse(text: str, fiscal_year: int = 2023):
    return evaluation_sheet.parse(text_document(text.encode("utf-8"), HOKUTO_FILE), fiscal_year=fiscal_year,
                                  plan="北斗市総合計画")


def test_pages_from_form_feeds_read_the_same_rows():
    text = (ROOT / "sources" / HOKUTO_FILE).read_text(encoding="utf-8")
    def starts_page(line):  # the extraction starts a page with a space, or an indented sheet header
        return line.startswith(" ") and line.strip() or line[:1].isspace() and line.strip().startswith("基本目標")
    paged = "\n".join("\f" + line.lstrip() if i and starts_page(line) else line
                      for i, line in enumerate(text.split("\n")))
    (plain, issues), (fed, fed_issues) = _parse(text), _parse(paged)
    assert issues == fed_issues == []
    rows = [[(r.listing.label, r.listing.amount, r.directions, r.listing.source.page) for r in s.results + s.plans]
            for s in plain.sheets]
    assert rows == [[(r.listing.label, r.listing.amount, r.directions, r.listing.source.page) for r in s.results + s.plans]
                    for s in fed.sheets]
    assert max(r.listing.source.page for s in plain.sheets for r in s.plans) == 25  # as printed: pp. 172–196


def test_fiscal_year_conflicting_with_the_manifest_is_an_error():
    _sheets, issues = _parse((ROOT / "sources" / HOKUTO_FILE).read_text(encoding="utf-8"), fiscal_year=2024)
    assert [(i.code, i.severity.value, i.source.line) for i in issues] == [("fiscal-year-conflict", "error", 3)]
