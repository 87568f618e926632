"""One project across years and editions (issue 11), over tests/series/: three editions of one strategy
list (令和5-7年度: a rename in renames.toml, a typo rename not in it, moves between measures, new and
dropped projects, a department reorganisation, two projects of one name, a misprinted 小計) and two
editions of a progress list.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.build import run
from pipeline.cli import main
from pipeline.config import load_settings
from pipeline.editions import read_edition
from pipeline.layouts import LAYOUTS
from pipeline.link import suggest
from pipeline.series import RenameError, Series, load_renames
from pipeline.sources import load_manifest, load_municipalities
from pipeline.store import open_store, query, term_text

ROOT = Path(__file__).resolve().parent.parent
SERIES = ROOT / "tests" / "series"
MANIFEST = SERIES / "manifest.toml"
CITY = "https://w3id.org/sosei/id/municipality/012041"
PREFIXES = """PREFIX sosei: <https://w3id.org/sosei/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX dqv: <http://www.w3.org/ns/dqv#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    settings, root = load_settings(ROOT / "pyproject.toml")
    tmp = tmp_path_factory.mktemp("series")
    s = dataclasses.replace(settings.resolve(root), manifest=MANIFEST, output_dir=tmp / "output",
                            store_dir=tmp / "store")
    result = run(s)
    assert not result.report.errors, [str(i) for i in result.report.errors]
    return result, open_store(s.store_dir), s.output_dir


@pytest.fixture(scope="module")
def ask(built):
    _result, store, _output = built

    def rows(text: str) -> list[tuple[str, ...]]:
        _vars, found = query(store, PREFIXES + text)
        return [tuple(term_text(t) for t in row) for row in found]
    return rows


def editions(series: Series | None = None):
    municipalities = load_municipalities(SERIES / "municipalities.toml")
    specs = {s.id: s for s in load_manifest(MANIFEST, set(LAYOUTS), municipalities)}
    series = series if series is not None else Series(load_renames(SERIES / "renames.toml"))
    return {i: read_edition(specs[i], MANIFEST, series) for i in ("mirai-r5", "mirai-r6", "mirai-r7")}


def project_per_year(ask, printed: str) -> list[tuple[str, str]]:
    return ask(f"""SELECT DISTINCT ?year ?p WHERE {{ ?l sosei:printedName "{printed}"@ja ; sosei:listedProject ?p ;
                   sosei:fiscalYear/sosei:year ?year }} ORDER BY ?year""")


def test_same_project_has_one_iri_in_every_edition(ask):
    rows = ask("""SELECT DISTINCT ?year ?p WHERE { ?l sosei:listedProject ?p ; sosei:fiscalYear/sosei:year ?year ;
                  sosei:printedName ?n FILTER (?n IN ("乳児家庭訪問事業"@ja, "乳幼児家庭訪問事業"@ja)) } ORDER BY ?year""")
    assert [y for y, _p in rows] == ["2023", "2024", "2025"]  # renamed in 2024 (renames.toml)
    assert {p for _y, p in rows} == {f"{CITY}/project/乳児家庭訪問事業"}
    moved = project_per_year(ask, "放課後学習支援事業")  # moved from 1-ア to 1-イ
    assert len(moved) == 3 and len({p for _y, p in moved}) == 1


def test_different_projects_have_different_iris_even_of_one_name(ask):
    rows = ask(f"""SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?p a sosei:Project ; sosei:municipality <{CITY}> }}""")
    # R5: 6 projects; R6 adds オンライン子育て相談, two 地域交流事業 and 観光案内版整備 (a typo fix not in
    # renames.toml, so a new project); R7 adds 駅前にぎわい創出
    assert rows == [("11",)]
    same = ask("""SELECT DISTINCT ?p ?dept WHERE { ?l sosei:printedName "地域交流事業"@ja ; sosei:listedProject ?p ;
                  sosei:department/rdfs:label ?dept } ORDER BY ?p""")
    assert same == [(f"{CITY}/project/地域交流事業(こども未来部)", "こども未来部"),
                    (f"{CITY}/project/地域交流事業(観光部)", "観光部")]
    flags = ask("""SELECT ?m WHERE { ?a a dqv:QualityAnnotation ; oa:hasBody/rdf:value ?m
                   FILTER CONTAINS(?m, "same-name-projects") }""".replace(
        "rdf:value", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#value>"))
    assert len(flags) == 4  # both projects, in R6 and R7


def test_no_year_scoped_property_directly_on_a_project(ask):
    rows = ask("""SELECT DISTINCT ?prop WHERE { ?p a sosei:Project ; ?prop ?o
                  FILTER (?prop IN (sosei:department, dct:description, sosei:measure, sosei:listedUnder,
                                    sosei:newInFiscalYear, sosei:markedNew, sosei:printedName, sosei:amount,
                                    sosei:fiscalYear)) }""")
    assert rows == []
    # every listing carries its year and document
    loose = ask("""SELECT ?l WHERE { ?l a sosei:ProjectListing
                   FILTER NOT EXISTS { ?l sosei:fiscalYear ?y ; sosei:listedIn ?d } }""")
    assert loose == []


def test_names_and_years_stay_on_the_project(ask):
    p = f"<{CITY}/project/乳児家庭訪問事業>"
    assert ask(f"SELECT ?n WHERE {{ {p} skos:prefLabel ?n }}") == [("乳幼児家庭訪問事業",)]
    assert ask(f"SELECT ?n WHERE {{ {p} skos:altLabel ?n }}") == [("乳児家庭訪問事業",)]
    years = ask(f"""SELECT DISTINCT ?p ?first ?last WHERE {{ ?p a sosei:Project ; sosei:municipality <{CITY}> ;
                    sosei:firstFiscalYear/sosei:year ?first ; sosei:lastFiscalYear/sosei:year ?last }} ORDER BY ?p""")
    by = {p.rsplit("/", 1)[1]: (f, last) for p, f, last in years}
    assert len(years) == 11  # one first and one last year each, whichever dataset says it
    assert by["乳児家庭訪問事業"] == ("2023", "2025")
    assert by["花まつり開催事業"] == ("2023", "2024")
    assert by["若者就職応援事業"] == ("2023", "2023")
    assert by["駅前にぎわい創出事業"] == ("2025", "2025")


def test_current_department_is_the_latest_years(ask):
    rows = ask(f"""SELECT ?dept WHERE {{
        {{ SELECT ?p (MAX(?y) AS ?latest) WHERE {{ ?l sosei:listedProject ?p ; sosei:fiscalYear/sosei:year ?y }}
          GROUP BY ?p }}
        ?p skos:prefLabel "子育てサロン運営事業"@ja .
        ?l sosei:listedProject ?p ; sosei:relisted false ; sosei:fiscalYear/sosei:year ?latest ;
           sosei:department/rdfs:label ?dept }}""")
    assert rows == [("こども未来部",)]  # 子ども部 until 令和5年度


def test_relisted_row_keeps_its_own_text(ask):
    rows = ask("""SELECT ?relisted ?d WHERE { ?l sosei:printedName "子育てサロン運営事業"@ja ;
                  sosei:fiscalYear/sosei:year "2023"^^<http://www.w3.org/2001/XMLSchema#gYear> ;
                  sosei:relisted ?relisted ; dct:description ?d } ORDER BY ?relisted""")
    assert rows == [("false", "親子が気軽に集えるサロンを開く。"), ("true", "サロンで若い親どうしの交流を促す。")]


def test_misprinted_subtotal_is_flagged_in_its_total_too(built):
    result, _store, _output = built
    found = [str(i) for i in result.report.issues if i.code == "total-mismatch"]
    assert found == [
        "mirai_r6.txt:p1:l21 [total-mismatch] 小計2 does not match its rows (yen: printed 30,000,000, rows give "
        "28,500,000); published with both figures as a data-quality annotation",
        "mirai_r6.txt:p1:l22 [total-mismatch] 合計 does not match its rows or 小計 (yen: printed 56,200,000, its "
        "小計 give 57,700,000); published with both figures as a data-quality annotation",
    ]


def test_progress_list_editions_share_their_items(ask):
    rows = ask("""SELECT ?p (COUNT(DISTINCT ?a) AS ?assessments) (COUNT(DISTINCT ?d) AS ?descriptions) WHERE {
        ?p a sosei:Project ; skos:prefLabel "一時預かりの拡充"@ja .
        ?a sosei:project ?p . ?l sosei:listedProject ?p ; dct:description ?d } GROUP BY ?p""")
    assert rows == [("https://w3id.org/sosei/id/municipality/102113/project/一時預かりの拡充", "2", "2")]


@pytest.mark.parametrize("old,new", [("r5", "r6"), ("r6", "r7")])
def test_diff_output_is_exact(tmp_path, old, new):
    out = tmp_path / "diff.csv"
    r = CliRunner().invoke(main, ["diff", "--manifest", str(MANIFEST), f"mirai-{old}", f"mirai-{new}",
                                  "--csv", str(out)])
    assert r.exit_code == 0, r.output
    assert r.output == (SERIES / "expected" / f"diff-{old}-{new}.txt").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == (SERIES / "expected" / f"diff-{old}-{new}.csv").read_text(encoding="utf-8")


def test_diff_of_an_unknown_source_is_bad_input():
    r = CliRunner().invoke(main, ["diff", "--manifest", str(MANIFEST), "mirai-r5", "mirai-r9"])
    assert r.exit_code == 2 and "no source with id 'mirai-r9'" in r.output


def test_rename_suggestions_and_their_evidence():
    ed = editions(Series())  # without the rename table: both renames are to be found
    found = {(s.old.project.label, s.new.project.label): s for s in suggest(ed["mirai-r5"], ed["mirai-r6"])}
    assert set(found) == {("乳児家庭訪問事業", "乳幼児家庭訪問事業"), ("観光案内板整備事業", "観光案内版整備事業")}
    # a department reorganisation: same position, close amount (+10%), alike names, another department
    assert found[("乳児家庭訪問事業", "乳幼児家庭訪問事業")].evidence == ("position", "amount-close", "name")
    # a typo fixed: same position, department and amount, alike names
    typo = found[("観光案内板整備事業", "観光案内版整備事業")]
    assert typo.evidence == ("position", "department", "amount-same", "name")
    assert typo.describe() == "same position 2-ア-2; same department 観光部; same amount 6,000,000 yen; names 89% alike"
    # 花まつり開催事業 (dropped) and 駅前にぎわい創出事業 (new) share nothing: no suggestion
    assert suggest(ed["mirai-r6"], ed["mirai-r7"]) == []


def test_accepted_rename_is_no_longer_suggested():
    ed = editions()
    assert [(s.old.project.label, s.new.project.label) for s in suggest(ed["mirai-r5"], ed["mirai-r6"])] == [
        ("観光案内板整備事業", "観光案内版整備事業")]


def test_link_suggest_prints_toml_to_accept(tmp_path):
    r = CliRunner().invoke(main, ["link", "suggest", "--manifest", str(MANIFEST), "mirai-r5", "mirai-r6", "--toml"])
    assert r.exit_code == 0, r.output
    assert r.output == ('[[rename]]\nmunicipality = "012041"\nold = "観光案内板整備事業"\n'
                        'new = "観光案内版整備事業"\nfrom_year = 2024\n')


def test_bad_rename_table_names_the_entry(tmp_path):
    f = tmp_path / "renames.toml"
    f.write_text('[[rename]]\nmunicipality = "012041"\nold = "甲事業"\nnew = "甲事業"\nfrom_year = 2024\n',
                 encoding="utf-8")
    with pytest.raises(RenameError, match=r"renames.toml: \[\[rename\]\] #1: old and new are the same"):
        load_renames(f)


@pytest.mark.parametrize("old,new", [("r5", "r6"), ("r6", "r7")])
def test_changeset_is_published_with_provenance_and_a_page(built, old, new):
    result, _store, output = built
    name = f"changes-mirai-{old}-to-mirai-{new}"
    assert (output / f"datasets/{name}.ttl").read_bytes() == (SERIES / "expected" / f"changes-{old}-{new}.ttl").read_bytes()
    assert f"html/dataset/{name}.html" in result.files
    assert f"<https://w3id.org/sosei/id/dataset/{name}>".encode() in (output / "all.nq").read_bytes()


def test_changeset_points_at_the_rows_it_compares(ask):
    rows = ask("""SELECT ?old ?new ?oldline ?newline WHERE {
        ?c sosei:changeKind "budget" ; sosei:changedProject/skos:prefLabel "乳幼児家庭訪問事業"@ja ;
           sosei:oldValue ?old ; sosei:newValue ?new ;
           sosei:oldListing/sosei:sourceLocation/sosei:line ?oldline ;
           sosei:newListing/sosei:sourceLocation/sosei:line ?newline }""")
    assert rows == [("10000000", "11000000", "9", "9")]  # line 9 of both files


def run_query(built, name: str) -> list[tuple[str, ...]]:
    _result, store, _output = built
    _vars, found = query(store, (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8"))
    return [tuple(term_text(t) for t in row) for row in found]


def test_query_budget_history_follows_a_renamed_project(built):
    rows = [r for r in run_query(built, "budget_history") if r[1] == "乳幼児家庭訪問事業"]
    assert rows == [
        ("旭川市", "乳幼児家庭訪問事業", "2023", "budget", "10000000", "乳児家庭訪問事業", "子ども部"),
        ("旭川市", "乳幼児家庭訪問事業", "2024", "budget", "11000000", "乳幼児家庭訪問事業", "こども未来部"),
        ("旭川市", "乳幼児家庭訪問事業", "2025", "budget", "11000000", "乳幼児家庭訪問事業", "こども未来部"),
    ]


def test_query_dropped_projects(built):
    assert run_query(built, "dropped_projects") == [
        ("安中市", "みらい推進プロジェクト", "2024", "防災無線の更新", "", ""),
        ("旭川市", "旭川市みらい創生総合戦略", "2025", "花まつり開催事業", "観光部", "20000000"),
    ]


def test_query_budget_change_per_goal(built):
    plan = "旭川市みらい創生総合戦略"
    assert run_query(built, "budget_change_per_goal") == [
        ("旭川市", plan, "1", "2023", "35000000", "", "", ""),
        ("旭川市", plan, "1", "2024", "27700000", "35000000", "-7300000", "-20.9"),
        ("旭川市", plan, "1", "2025", "27000000", "27700000", "-700000", "-2.5"),
        ("旭川市", plan, "2", "2023", "26000000", "", "", ""),
        ("旭川市", plan, "2", "2024", "28500000", "26000000", "2500000", "9.6"),
        ("旭川市", plan, "2", "2025", "17500000", "28500000", "-11000000", "-38.6"),
    ]
