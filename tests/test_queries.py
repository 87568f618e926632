"""The example queries in queries/: each runs against the built store and gives its expected answer
(tests/golden/queries/<name>.txt, the table `sosei query` prints; rewrite with --update-golden and read
the diff), and the answers agree with the documents and with each other.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cli import format_table
from pipeline.layouts import LAYOUTS
from pipeline.sources import check_digit, load_manifest, load_municipalities
from pipeline.store import query, term_text
from pipeline.uris import ESTAT_SAC

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
GOLDEN = ROOT / "tests" / "golden" / "queries"


def answer(store, name: str) -> tuple[list[str], list[list[str]]]:
    variables, rows = query(store, (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8"))
    return variables, [[term_text(t) for t in row] for row in rows]


def records(store, name: str) -> list[dict[str, str]]:
    variables, rows = answer(store, name)
    return [dict(zip(variables, row)) for row in rows]


@pytest.mark.parametrize("path", QUERIES, ids=[p.stem for p in QUERIES])
def test_query_gives_its_expected_answer(store, path, update_golden):
    variables, rows = answer(store, path.stem)
    table = format_table(variables, rows) + "\n"
    expected = GOLDEN / f"{path.stem}.txt"
    if update_golden:
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(table, encoding="utf-8")
        return
    assert rows, f"{path.name} answers nothing over the bundled sources"
    assert expected.is_file(), f"no expected answer for {path.name}: pytest --update-golden, then read it"
    assert table == expected.read_text(encoding="utf-8")


def test_every_query_is_listed_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in QUERIES:
        assert f"queries/{path.name}" in readme, f"README does not list queries/{path.name}"


def source_line(file: str, line: int) -> str:
    return (ROOT / "sources" / file).read_text(encoding="utf-8").splitlines()[line - 1]


def test_quality_flags_point_at_the_printed_totals(store):
    flags = records(store, "quality_flags")
    assert flags
    totals = [f for f in flags if not f["message"].startswith("[")]
    assert totals
    for f in flags:
        if f["message"].startswith("["):  # a row-level warning: the line prints the 事業 it names
            name = f["message"].split("'")[1]
            assert name in source_line(f["file"], int(f["line"])), f
    for f in totals:
        text = source_line(f["file"], int(f["line"]))
        label = f["message"].split(":", 1)[0]
        yen = int(f["message"].split("printed ", 1)[1].split(" ", 1)[0].rstrip(",").replace(",", ""))
        assert text.split("\t")[0] == label, (f, text)  # the line is that 小計/合計 row
        assert f"{yen // 1000:,}" in text.split("\t")  # … and prints the figure (千円) the flag quotes


def test_projects_per_department_counts_every_project_once(store, sparql):
    rows = records(store, "projects_per_department")
    (projects,), = sparql("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a sosei:Project . "
                          "?l sosei:listedProject ?p ; sosei:relisted false ; sosei:department ?d }")
    (budget,), = sparql("SELECT (SUM(?y) AS ?n) WHERE { ?a sosei:budgetPhase phase:budget ; sosei:amount ?y ; "
                        "sosei:project ?p ; sosei:fiscalYear ?fy . FILTER EXISTS { ?l sosei:listedProject ?p ; "
                        "sosei:relisted false ; sosei:department ?d ; sosei:fiscalYear ?fy } }")
    assert sum(int(r["projects"]) for r in rows) == projects
    assert sum(int(r["budget_yen"]) for r in rows if r.get("budget_yen")) == budget


def test_datasets_are_the_manifest_with_checked_codes(store, settings):
    municipalities = load_municipalities(settings.manifest.parent / "municipalities.toml")
    specs = {s.id: s for s in load_manifest(settings.manifest, set(LAYOUTS), municipalities)}
    rows = records(store, "datasets")
    assert {r["dataset"] for r in rows} == set(specs)
    years: dict[str, set[int]] = {}
    for r in rows:
        spec = specs[r["dataset"]]
        code = r["code"]
        assert code == spec.publisher and code[5] == check_digit(code[:5])
        assert r["area"] == f"{ESTAT_SAC}C{code[:5]}"
        assert r["license"] == spec.license
        years.setdefault(spec.id, set()).add(int(r["year"]))
        assert int(r["triples"]) > 0
    for spec in specs.values():  # the year a document covers is among its dataset's temporal years
        assert spec.fiscal_year is None or spec.fiscal_year in years[spec.id]


def test_plans_per_scheme(store):
    variables, rows = answer(store, "plans_per_scheme")
    assert variables == ["scheme", "code", "plans"]
    # 6 plans on the list page use 推進交付金 (青少年ICTパーク: 推進交付金及び企業版ふるさと納税) and the plan document 1
    assert rows == [["地方創生推進交付金", "A3007", "7"], ["企業版ふるさと納税", "", "2"]]


def test_kpi_targets(store):
    variables, rows = answer(store, "kpi_targets")
    assert variables == ["plan", "kpi", "date", "target", "unit"]
    assert len(rows) == 9  # three KPIs × three reference dates, though the document prints 27 cells
    assert ["働き方改革によるひと・しごと誘致と地元企業再生計画", "まちなか居住人口", "2019-03-31", "10243", "人"] in rows


def test_plans_per_round(store):
    _variables, rows = answer(store, "plans_per_round")
    assert [r[0] for r in rows] == ["51", "55", "55", "55", "56", "59", "59"]
    assert ["55", "2020-03-30", "青少年ICTパークプロジェクト", "2020-08-21"] in rows


def test_one_query_spans_goals_and_measures_of_every_city(store):
    rows = records(store, "goals_and_measures")
    cities = {r["city"] for r in rows}
    assert cities == {"旭川市", "安中市", "北斗市"}
    for city in cities:
        mine = [r for r in rows if r["city"] == city]
        assert all(int(r["measures"]) > 0 and int(r["projects"]) > 0 for r in mine), mine
    # the figures the documents print: 旭川市 4 基本目標; 安中市 7 大項目 (VI printed both ways, one goal);
    # 北斗市 基本目標4 with 4 基本計画 and 17 主要施策
    assert sorted(r["goal"] for r in rows if r["city"] == "旭川市") == ["1", "2", "3", "4"]
    assert len([r for r in rows if r["city"] == "安中市"]) == 7
    [hokuto] = [r for r in rows if r["city"] == "北斗市"]
    assert (hokuto["goal"], hokuto["measures"], hokuto["sub_measures"]) == ("4", "4", "17")


def test_plans_using_a_support_measure(store):
    variables, rows = answer(store, "plans_using_measure")
    assert variables == ["plan", "first_code", "authors", "round"]
    assert len(rows) == 7  # the six plans of 旭川市's page that use 推進交付金 and the plan document's
    assert ["新時代に飛躍する新・大雪圏域観光振興プロジェクト", "012041", "7", "59"] in rows


def test_municipalities_without_a_plan(store):
    _variables, rows = answer(store, "municipalities_without_plan")
    # the whole municipality table is published (dataset/municipalities), so every municipality without a
    # plan in force is listed: the two cities whose documents are no plans among them, 旭川市 not
    assert ["012360", "北斗市"] in rows and ["102113", "安中市"] in rows
    assert not [r for r in rows if r[0] == "012041"]
    every = _codes(store, "?m a sosei:Municipality")
    with_plan = _codes(store, "?plan a sosei:RegionalRevitalizationPlan ; dct:creator ?m . ?m a sosei:Municipality "
                              "FILTER NOT EXISTS { ?plan sosei:periodEnded true }")
    assert len(every) > 1700 and {r[0] for r in rows} == every - with_plan


def _codes(store, pattern: str) -> set[str]:
    """The codes of the municipalities matching `pattern` in any one dataset."""
    _v, rows = query(store, "PREFIX sosei: <https://w3id.org/sosei/ns#> PREFIX dct: <http://purl.org/dc/terms/> "
                            f"SELECT DISTINCT ?code WHERE {{ GRAPH ?g {{ {pattern} }} "
                            "GRAPH ?h { ?m sosei:localGovernmentCode ?code } }")
    return {term_text(r[0]) for r in rows}
