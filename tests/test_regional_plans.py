"""旭川市's 地域再生計画: the certification list page and the plan document 働き方改革によるひと・しごと誘致と
地元企業再生計画, asserted from the RDF in the built store (SPARQL), figures as the documents print them.
"""

import pytest

LIST = "<https://w3id.org/sosei/id/dataset/asahikawa-chiiki-saisei-keikaku-list>"
DOC = "<https://w3id.org/sosei/id/dataset/asahikawa-chiiki-saisei-keikaku-hatarakikata>"
DOC_PLAN = "働き方改革によるひと・しごと誘致と地元企業再生計画"
SCHEME = "https://w3id.org/sosei/vocab/support-scheme/"
PREFIX = "PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>\n"


def test_plans_per_certification_round(sparql):
    rows = sparql(f"""
        SELECT ?round (COUNT(?p) AS ?plans) WHERE {{
          GRAPH {LIST} {{ ?p a sosei:RegionalRevitalizationPlan ; sosei:certificationRound ?round }}
        }} GROUP BY ?round ORDER BY ?round""")
    assert rows == [(51, 1), (55, 3), (56, 1), (59, 2)]


@pytest.mark.parametrize("name, date, round_", [
    ("ニューノーマル時代を切り拓く地域の稼ぐ力向上プロジェクト", "2021-03-30", 59),
    ("旭川市まち・ひと・しごと創生推進計画", "2020-07-03", 56),
    ("まちを支える産業人材の育成・確保を核とした選ばれるまちづくりプロジェクト", "2019-03-29", 51),  # 平成31年
])
def test_certification_date_is_a_typed_date(sparql, name, date, round_):
    rows = sparql(f"""
        SELECT ?date (DATATYPE(?date) AS ?type) ?round WHERE {{
          ?p rdfs:label "{name}"@ja ; sosei:certificationDate ?date ; sosei:certificationRound ?round }}""")
    assert rows == [(date, "http://www.w3.org/2001/XMLSchema#date", round_)]


def test_amended_certification_is_its_own_dated_resource(sparql):
    rows = sparql("""
        SELECT ?first ?amended ?line WHERE {
          ?p rdfs:label "青少年ICTパークプロジェクト"@ja ; sosei:certificationDate ?first ;
             sosei:amendment ?a .
          ?a a sosei:AmendedCertification ; dct:date ?amended ; sosei:sourceLocation/sosei:line ?line }""")
    assert rows == [("2020-03-30", "2020-08-21", 50)]  # ※令和2年8月21日変更認定, on line 50 of the page


def test_plans_using_each_scheme(sparql):
    rows = sparql("""
        SELECT ?scheme (COUNT(DISTINCT ?p) AS ?plans) WHERE {
          ?p a sosei:RegionalRevitalizationPlan ; sosei:supportScheme ?scheme }
        GROUP BY ?scheme ORDER BY ?scheme""")
    # the page: 6 plans with 推進交付金 (青少年ICTパーク: 推進交付金及び企業版ふるさと納税) and 2 with 企業版;
    # the plan document adds one with 推進交付金
    assert rows == [(SCHEME + "corporate-hometown-tax", 2), (SCHEME + "promotion-grant", 7)]


def test_both_schemes_of_a_and_b(sparql):
    rows = sparql("""SELECT ?s WHERE { ?p rdfs:label "青少年ICTパークプロジェクト"@ja ; sosei:supportScheme ?s }
                     ORDER BY ?s""")
    assert rows == [(SCHEME + "corporate-hometown-tax",), (SCHEME + "promotion-grant",)]


def test_official_name_of_corporate_hometown_tax_maps_to_the_concept(sparql):
    rows = sparql("""SELECT ?s WHERE { ?p rdfs:label "旭川市まち・ひと・しごと創生推進計画"@ja ; sosei:supportScheme ?s }""")
    assert rows == [(SCHEME + "corporate-hometown-tax",)]
    [(alt,)] = sparql(f"""SELECT (COUNT(?l) AS ?n) WHERE {{ <{SCHEME}corporate-hometown-tax> skos:altLabel ?l .
        FILTER (STR(?l) IN ("地方創生応援税制", "まち・ひと・しごと創生寄附活用事業に関連する寄附を行った法人に対する特例")) }}""")
    assert alt == 2


def test_joint_plan_has_every_author_with_its_code(sparql):
    rows = sparql("""
        SELECT ?code WHERE { ?p rdfs:label "新時代に飛躍する新・大雪圏域観光振興プロジェクト"@ja ;
                             dct:creator/sosei:localGovernmentCode ?code } ORDER BY ?code""")
    assert [r[0] for r in rows] == ["012041", "014524", "014532", "014559", "014567", "014575", "014583"]


def test_plan_of_hokkaido_and_asahikawa_is_minted_under_hokkaido(sparql):
    rows = sparql("""
        SELECT ?p ?publisher WHERE { ?p rdfs:label ?l ; dct:publisher/sosei:localGovernmentCode ?publisher .
          FILTER (CONTAINS(STR(?l), "旭川圏トライアルワーク")) }""")
    [(iri, publisher)] = rows
    assert publisher == "010006" and iri.startswith("https://w3id.org/sosei/id/municipality/010006/plan/")


def test_linked_document_name_and_size(sparql):
    rows = sparql("""
        SELECT ?title ?kb ?format WHERE { ?p rdfs:label "青少年ICTパークプロジェクト"@ja ;
          sosei:planDocument ?d . ?d dct:title ?title ; sosei:fileSizeKilobytes ?kb ; dct:format ?format }""")
    assert rows == [("青少年ICTパークプロジェクト", 310,
                     "http://publications.europa.eu/resource/authority/file-type/PDF")]


def test_summary_of_a_wrapped_entry_is_whole(sparql):
    [(summary,)] = sparql("""SELECT ?s WHERE { ?p rdfs:label "ものづくり企業のデザイン力向上による持続可能な都市創造プロジェクト"@ja ;
                                              dct:abstract ?s }""")
    assert summary.endswith("地域への経済の好循環を生み出して地方創生につなげる。")  # printed as 地方創 / 生につなげる。
    assert "地方創生推進交付金" not in summary


def test_kpi_targets_by_date_and_unit(sparql):
    rows = sparql(PREFIX + f"""
        SELECT ?kpi ?date ?value ?unit WHERE {{
          GRAPH {DOC} {{ ?t a sosei:KpiTarget ; sosei:indicator ?k ; sosei:referenceDate ?date ;
                            sosei:targetValue ?value ; sdmx-attribute:unitMeasure ?u .
                         ?k rdfs:label ?kpi . }}
          ?u skos:prefLabel ?unit . FILTER (lang(?unit) = "ja")
        }} ORDER BY ?kpi ?date""")
    assert rows == [
        ("まちなか居住人口", "2017-03-31", 9930, "人"),
        ("まちなか居住人口", "2018-03-31", 10087, "人"),
        ("まちなか居住人口", "2019-03-31", 10243, "人"),
        ("テレワークオフィスを活用した企業件数", "2017-03-31", 3, "件"),
        ("テレワークオフィスを活用した企業件数", "2018-03-31", 10, "件"),
        ("テレワークオフィスを活用した企業件数", "2019-03-31", 20, "件"),
        ("企業情報提供サイトを活用したUIJターン数", "2017-03-31", 3, "人"),
        ("企業情報提供サイトを活用したUIJターン数", "2018-03-31", 5, "人"),
        ("企業情報提供サイトを活用したUIJターン数", "2019-03-31", 7, "人"),
    ]


def test_each_kpi_once_with_every_line_it_is_printed_on(sparql):
    rows = sparql(f"""
        SELECT ?k ?kpi ?line WHERE {{ GRAPH {DOC} {{ ?k a sosei:KeyPerformanceIndicator ; rdfs:label ?kpi ;
                                                   sosei:sourceLocation/sosei:line ?line }} }}""")
    lines: dict[tuple, list[int]] = {}
    for k, kpi, line in rows:
        lines.setdefault((k, kpi), []).append(line)
    # printed three times: 【数値目標】 (a name wrapped onto a second row), ⑤ KPI, 7-2
    assert sorted((kpi, sorted(v)) for (_k, kpi), v in lines.items()) == [
        ("まちなか居住人口", [26, 127, 186]), ("テレワークオフィスを活用した企業件数", [30, 130, 188]),
        ("企業情報提供サイトを活用したUIJターン数", [27, 128, 187])]


def test_total_project_cost_in_yen(sparql):
    rows = sparql(f"""
        SELECT ?project ?yen (DATATYPE(?yen) AS ?type) ?phase WHERE {{ GRAPH {DOC} {{
          ?p a sosei:FundedProject ; rdfs:label ?project ; sosei:totalCost ?c .
          ?c sosei:amount ?yen ; sosei:budgetPhase ?phase }} }}""")
    assert rows == [("働き方改革によるひと・しごと誘致と地元企業再生プロジェクト事業", 97_990_000,  # 97,990 千円
                     "http://www.w3.org/2001/XMLSchema#integer", "https://w3id.org/sosei/vocab/budget-phase/planned")]


def test_support_measure_code_and_ministry(sparql):
    rows = sparql(f"""
        SELECT ?code ?ministry ?scheme WHERE {{ GRAPH {DOC} {{
          ?p a sosei:FundedProject ; sosei:supportMeasure ?m .
          ?m skos:notation ?code ; sosei:ministry ?ministry ; sosei:supportScheme ?scheme }} }}""")
    assert rows == [("A3007", "内閣府", SCHEME + "promotion-grant")]
    assert sparql(f"SELECT ?n WHERE {{ <{SCHEME}promotion-grant> skos:notation ?n }}") == [("A3007",)]


def test_plan_and_project_periods(sparql):
    rows = sparql(f"""
        SELECT ?what ?end ?start ?condition ?years (COUNT(?fy) AS ?fys) WHERE {{ GRAPH {DOC} {{
          ?x dct:temporal ?period . ?period a sosei:ImplementationPeriod ; dcat:endDate ?end ;
             sosei:startCondition ?condition ; sosei:fiscalYearCount ?years ; sosei:fiscalYear ?fy .
          OPTIONAL {{ ?period dcat:startDate ?start }}
          ?x a ?type . VALUES (?type ?what) {{ (sosei:RegionalRevitalizationPlan "plan") (sosei:FundedProject "project") }}
        }} }} GROUP BY ?what ?end ?start ?condition ?years ORDER BY ?what""")
    # 地域再生計画認定の日から平成31年3月31日（3ヶ年度）: no start date is printed, so none is given
    assert rows == [("plan", "2019-03-31", None, "地域再生計画認定の日", 3, 3),
                    ("project", "2019-03-31", None, "地域再生計画認定の日", 3, 3)]


def test_list_plans_and_the_plan_document_stay_separate(sparql):
    rows = sparql("""
        SELECT ?name (COUNT(DISTINCT ?src) AS ?sources) (BOUND(?date) AS ?listed) WHERE {
          ?p a sosei:RegionalRevitalizationPlan ; rdfs:label ?name ; prov:wasDerivedFrom ?src .
          OPTIONAL { ?p sosei:certificationDate ?date }
        } GROUP BY ?name ?date ORDER BY ?name""")
    assert len(rows) == 8  # seven on the page, one document, none the same plan
    assert all(sources == 1 for _n, sources, _l in rows)
    assert [(n, listed) for n, _s, listed in rows if n == DOC_PLAN] == [(DOC_PLAN, False)]


def test_every_new_resource_has_a_source_line(sparql):
    rows = sparql("""
        SELECT ?type (COUNT(?s) AS ?n) (SUM(IF(BOUND(?line), 1, 0)) AS ?located) WHERE {
          VALUES ?type { sosei:RegionalRevitalizationPlan sosei:AmendedCertification sosei:KeyPerformanceIndicator
                         sosei:KpiTarget sosei:FundedProject sosei:SupportMeasure sosei:TotalCost sosei:ImplementationPeriod }
          ?s a ?type . OPTIONAL { ?s sosei:sourceLocation/sosei:line ?line }
        } GROUP BY ?type""")
    assert len(rows) == 8
    for _type, n, located in rows:
        assert located >= n > 0


def test_catalog_temporal_coverage_of_the_new_datasets(sparql):
    rows = sparql(f"""
        SELECT ?ds ?year WHERE {{ VALUES ?ds {{ {LIST} {DOC} }} ?ds dct:temporal/sosei:year ?year }}
        ORDER BY ?ds ?year""")
    by_ds = {}
    for ds, year in rows:
        by_ds.setdefault(ds.rsplit("/", 1)[1], []).append(year)
    # the page as updated on 2023-07-14 (manifest); the plan's three fiscal years up to 平成31年3月31日
    assert by_ds == {"asahikawa-chiiki-saisei-keikaku-list": ["2023"],
                     "asahikawa-chiiki-saisei-keikaku-hatarakikata": ["2016", "2017", "2018"]}
