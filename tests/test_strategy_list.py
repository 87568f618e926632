"""旭川市 令和6年度 総合戦略関連事業一覧, asserted from the RDF in the built store (SPARQL), not from the
parser: the figures below are the ones the document prints.
"""

from pathlib import Path

import pytest

DATASET = "<https://w3id.org/sosei/id/dataset/asahikawa-r6-sogo-senryaku-jigyo>"

# (goal, rows, 再掲 rows) as the document's 小計 rows print them.
PRINTED_PER_GOAL = [("1", 49, 0), ("2", 37, 8), ("3", 42, 10), ("4", 63, 20)]


def test_rows_and_relisted_rows_per_goal(sparql):
    rows = sparql(f"""
        SELECT ?goal (COUNT(?l) AS ?rows) (SUM(IF(?re, 1, 0)) AS ?relisted) WHERE {{
          ?l a sosei:ProjectListing ; sosei:listedIn {DATASET} ; sosei:relisted ?re ;
             sosei:listedUnder/sosei:goal/skos:notation ?goal .
        }} GROUP BY ?goal ORDER BY ?goal""")
    assert rows == PRINTED_PER_GOAL


def test_distinct_projects(sparql):
    [(n,)] = sparql("""SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {
        ?p a sosei:Project ; sosei:municipality <https://w3id.org/sosei/id/municipality/012041> }""")
    assert n == 191 - 38  # every row but the 再掲 ones


@pytest.mark.parametrize("name, yen, department", [
    ("子ども医療費助成事業", 1_104_287_000, "子育て支援部"),
    ("学校照明LED整備事業", 0, "学校教育部"),  # 0 is a value, not a missing one
    ("除雪事業", 3_619_977_000, "土木部"),
    ("移住促進事業", 17_852_000, "地域振興部"),  # a row whose 番号 sits one column left
    ("観光プロモーション推進事業", 12_265_000, "観光スポーツ交流部"),  # printed with a stray space
    ("子育て世帯訪問支援事業", 3_120_000, "子育て支援部"),  # printed as (新)子育て世帯訪問支援事業
])
def test_budget_and_department_of_named_projects(sparql, name, yen, department):
    rows = sparql(f"""
        SELECT ?yen ?dept WHERE {{
          ?p a sosei:Project ; rdfs:label "{name}"@ja .
          ?l sosei:listedProject ?p ; sosei:relisted false ; sosei:department/rdfs:label ?dept .
          ?a sosei:project ?p ; sosei:amount ?yen ; sosei:budgetPhase phase:budget ;
             sosei:fiscalYear/sosei:year "2024"^^xsd:gYear .
        }}""")
    assert rows == [(yen, department)]


def test_relisted_project_is_one_resource_under_every_measure(sparql):
    rows = sparql("""
        SELECT ?measure (COUNT(?a) AS ?amounts) WHERE {
          ?p rdfs:label "観光情報発信事業"@ja . ?l sosei:listedProject ?p ; sosei:listedUnder ?m .
          ?m skos:notation ?n ; sosei:goal/skos:notation ?g .
          OPTIONAL { ?a sosei:project ?p }
          BIND(CONCAT(?g, ":", ?n) AS ?measure)
        } GROUP BY ?measure ORDER BY ?measure""")
    # listed under 2-エ-② (original), 2-エ-③ and 4-エ (再掲); one budget amount whatever the listing
    assert rows == [("2:②", 1), ("2:③", 1), ("4:エ", 1)]


def test_new_in_fiscal_year_flag(sparql):
    rows = sparql("""SELECT DISTINCT ?name WHERE {
        ?l sosei:markedNew true ; sosei:fiscalYear/sosei:year "2024"^^xsd:gYear ; sosei:listedProject ?p ;
           sosei:listedIn """ + DATASET + """ .
        ?p rdfs:label ?name } ORDER BY ?name""")
    names = [r[0] for r in rows]
    assert "子育て世帯訪問支援事業" in names and "公用電気自動車導入事業" in names
    assert not any("新" == n[:1] or n.startswith("(") for n in names)
    assert len(names) == 13  # the document prints (新) before 13 names


def test_every_printed_total_matches_or_is_flagged_with_both_figures(sparql):
    rows = sparql(f"""
        SELECT ?label ?printed ?computed ?ok ?annotation WHERE {{
          ?t a sosei:PrintedTotal ; sosei:listedIn {DATASET} ; rdfs:label ?label ;
             sosei:printedAmount ?printed ; sosei:computedAmount ?computed ; sosei:reconciled ?ok .
          OPTIONAL {{ ?t dqv:hasQualityAnnotation/oa:hasBody/<http://www.w3.org/1999/02/22-rdf-syntax-ns#value> ?annotation }}
        }} ORDER BY ?label""")
    by_label = {r[0]: r[1:] for r in rows}
    assert set(by_label) == {"小計1", "小計2", "小計3", "小計4", "合計"}
    for label, (printed, computed, ok, annotation) in by_label.items():
        assert ok == (printed == computed)
        if ok:
            assert annotation is None
        else:
            assert f"{printed:,}" in annotation.replace("printed ", "") or str(printed) in annotation
    # The document contradicts itself: 小計2 prints 2,694,812 千円 but its rows add up to 2,719,953 千円.
    assert by_label["小計2"][:3] == (2_694_812_000, 2_719_953_000, False)
    assert by_label["合計"][:3] == (14_528_992_000, 14_554_133_000, False)
    assert all(by_label[f"小計{n}"][2] for n in (1, 3, 4))


def test_goal_of_mismatched_subtotal_carries_the_annotation(sparql):
    rows = sparql("""SELECT ?goal WHERE { ?g a sosei:Goal ; skos:notation ?goal ; dqv:hasQualityAnnotation ?a }""")
    assert rows == [("2",)]


def test_every_project_measure_and_amount_has_page_and_line(sparql):
    rows = sparql("""
        SELECT ?type (COUNT(?s) AS ?n) (SUM(IF(BOUND(?line) && BOUND(?page) && BOUND(?sha), 1, 0)) AS ?located) WHERE {
          VALUES ?type { sosei:Project sosei:Measure sosei:Goal sosei:BudgetAmount sosei:ProjectListing }
          ?s a ?type .
          OPTIONAL { ?s sosei:sourceLocation ?loc . ?loc sosei:line ?line ; sosei:page ?page ;
                     sosei:document/<http://spdx.org/rdf/terms#checksum>/<http://spdx.org/rdf/terms#checksumValue> ?sha }
        } GROUP BY ?type""")
    assert len(rows) == 5
    for _type, n, located in rows:
        assert n == located and n > 0


def test_provenance_of_a_project_names_page_and_line(sparql):
    [(page, line, file)] = sparql("""
        SELECT ?page ?line ?file WHERE {
          ?p rdfs:label "移住促進事業"@ja ; sosei:sourceLocation ?loc .
          ?loc sosei:page ?page ; sosei:line ?line ; sosei:document/dct:identifier ?file }""")
    assert (page, line, file) == (5, 85, "012041_r6_sogo_senryaku_jigyo_ichiran.txt")


# --- KPI columns beside the projects (issue 9): read from the golden inputs, without the built store ---

def _parse_fixture(name: str):
    from golden_support import spec_for
    from pipeline.extract import read_document
    from pipeline.layouts.strategy_project_list import parser

    case = Path(__file__).resolve().parents[1] / "pipeline/layouts/strategy_project_list/fixtures" / name
    spec = spec_for(case)
    doc = read_document(case / spec.file, spec.file)
    return parser.parse(doc, fiscal_year=spec.fiscal_year)


def test_kpi_columns_are_read_beside_their_projects():
    plist, issues = _parse_fixture("kpi-columns")
    assert not [i for i in issues if i.severity.name == "ERROR"]
    by_project = {li.label: li.kpis for li in plist.listings if not li.relisted}
    # a second KPI printed on the line below its project; one KPI shared by two projects
    assert by_project["いちご新規就農者支援事業"] == ("新規就農者数", "いちご出荷量")
    assert by_project["農業機械共同利用事業"] == ("いちご出荷量",)
    kpis = {k.name: k for k in plist.kpis}
    assert len(kpis) == 5  # いちご出荷量 once, though three rows print it
    assert [(str(t.date), t.value, t.unit) for t in kpis["ふるさと納税寄附額"].targets] == [
        ("2024-03-31", 12_000_000, "円"), ("2030-03-31", 30_000_000, "円")]  # 千円 column, 基準値(R5)/目標値(R11)
    assert str(kpis["教室の参加率"].targets[-1].date) == "2028-03-31"  # the cell's own year 55(R9)


def test_a_wrapped_kpi_name_is_joined_not_a_second_kpi():
    plist, _issues = _parse_fixture("kpi-columns-wrapped")
    assert [k.name for k in plist.kpis] == ["写真の町の催しへの来場者数", "大会への応募校数", "相談を経た移住者数"]
    moving = next(k for k in plist.kpis if k.name == "相談を経た移住者数")
    assert [(str(t.date), t.value) for t in moving.targets] == [("2025-03-31", 31)]  # the dash target is no value


def test_an_unreadable_kpi_value_is_an_error_at_its_cell():
    _plist, issues = _parse_fixture("kpi-value-errors")
    errors = [(i.code, str(i.source)) for i in issues if i.severity.name == "ERROR"]
    assert errors == [("bad-kpi-value", "input.txt:p1:l6:c7"), ("bad-kpi-value", "input.txt:p1:l6:c8")]


def test_a_second_header_cell_for_a_column_already_found_is_an_error_not_a_lost_column():
    from pipeline.layouts.strategy_project_list import parser
    from pipeline.records import Document, Line

    rows = ["令和6年度比布町総合戦略関連事業一覧", "番号\t事業名\t担当課\t予算額\t当初予算額",
            "基本目標1 しごと", "(1) 農業", "1\t研修事業\t産業振興課\t100\t120", "合計\t1\t\t100\t"]
    doc = Document("t.txt", "0" * 64, "text/plain", tuple(Line(i + 1, tuple(r.split("\t"))) for i, r in enumerate(rows)))
    _plist, issues = parser.parse(doc, fiscal_year=2024)
    assert [(i.code, str(i.source)) for i in issues if i.severity.name == "ERROR"] == [("unread-column", "t.txt:p1:l2")]
