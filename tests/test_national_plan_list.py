"""The national list of certified 地域再生計画 (layout national-plan-list) at national scale: a list of
1,000 plans generated from the municipality table, read as CSV (UTF-8 and Shift_JIS), Excel and a
ruled PDF over many pages, gives the same plans; plans join the city level by IRI; a merged cell over
two plans is an error with its sheet, row and column."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from golden_support import BASE, spec_for
from national_list_fixtures import HEADER, csv_bytes, pdf_file, rows, xlsx_bytes
from openpyxl import Workbook
from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF

from pipeline.documents import document_graph
from pipeline.extract import read_document
from pipeline.layouts import LAYOUTS
from pipeline.layouts.national_plan_list import parser
from pipeline.records import Severity
from pipeline.sources import load_municipalities
from pipeline.uris import SOSEI, Minter

ROOT = Path(__file__).resolve().parent.parent
TABLE = load_municipalities(ROOT / "sources" / "municipalities.toml")
ROWS = rows(TABLE, 1000)
CASE = LAYOUTS["national-plan-list"].fixtures / "current-list"


def graph_of(path: Path, validate: bool = False):
    spec = spec_for(CASE)
    spec = spec.__class__(**{**spec.__dict__, "file": path.name, "id": "national-test"})
    g, _doc, issues = document_graph(path, spec, TABLE, BASE, validate=validate)
    return g, issues


def plans(g) -> set[URIRef]:
    return set(g.subjects(RDF.type, SOSEI.RegionalRevitalizationPlan))


@pytest.fixture(scope="module")
def csv_graph(tmp_path_factory):
    path = tmp_path_factory.mktemp("national") / "list.csv"
    path.write_bytes(csv_bytes(ROWS))
    return graph_of(path, validate=True)


def test_the_generated_list_is_deterministic_and_national():
    assert csv_bytes(rows(TABLE, 1000)) == csv_bytes(ROWS)
    assert len(ROWS) == 1000 and len({r[0] for r in ROWS}) == 47


def test_a_thousand_plans_each_once_with_authors_by_code(csv_graph):
    g, issues = csv_graph
    assert [str(i) for i in issues if i.severity is not Severity.INFO] == []
    found = plans(g)
    assert len(found) == 1000
    minter = Minter(BASE)
    for prefecture, author, name, *_ in ROWS[:60]:
        first = TABLE.resolve_all(author, prefecture)[0]
        assert minter.plan(first.code, name) in found
    joint = minter.plan("010006", ROWS[49][2]) if ROWS[49][0] == "北海道" else None
    joints = [p for p in found if len(set(g.objects(p, DCTERMS.creator))) == 2]
    assert len(joints) == 20 and (joint is None or joint in joints)


def test_changes_are_dated_resources(csv_graph):
    g, _ = csv_graph
    printed = sum(1 for r in ROWS for c in r[7:] if c)
    assert len(set(g.subjects(RDF.type, SOSEI.AmendedCertification))) == printed


@pytest.mark.parametrize("encoding", ["cp932"])
def test_shift_jis_csv_gives_the_same_plans(tmp_path, csv_graph, encoding):
    path = tmp_path / "list-sjis.csv"
    path.write_bytes(csv_bytes(ROWS, encoding))
    g, issues = graph_of(path)
    assert plans(g) == plans(csv_graph[0]) and not [i for i in issues if i.severity is Severity.ERROR]


def test_excel_with_merged_prefecture_cells_gives_the_same_plans(tmp_path, csv_graph):
    path = tmp_path / "list.xlsx"
    path.write_bytes(xlsx_bytes(ROWS))
    g, issues = graph_of(path)
    assert plans(g) == plans(csv_graph[0]) and not [i for i in issues if i.severity is Severity.ERROR]


def test_a_ruled_pdf_over_many_pages_gives_the_same_plans(tmp_path, csv_graph):
    path = pdf_file(tmp_path / "list.pdf", ROWS)
    doc = read_document(path)
    assert max(line.page for line in doc.lines) > 20
    g, issues = graph_of(path)
    assert [str(i) for i in issues if i.severity is Severity.ERROR] == []
    assert plans(g) == plans(csv_graph[0])


def test_a_merged_cell_over_two_plans_is_an_error_with_sheet_row_and_column(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "認定一覧"
    ws.append(list(HEADER))
    ws.append(["北海道", "旭川市", "冬を楽しむ計画", "旭川市の全域", "冬の観光", "地方創生推進交付金【A3007】", "第40回"])
    ws.append(["北海道", "旭川市", "夏を楽しむ計画", "旭川市の全域", "夏の観光", None, "第41回"])
    ws.merge_cells("F2:F3")
    buf = io.BytesIO()
    wb.save(buf)
    path = tmp_path / "merged.xlsx"
    path.write_bytes(buf.getvalue())
    _data, issues = parser.parse(read_document(path))
    assert [str(i) for i in issues] == [
        "merged.xlsx:[認定一覧]:l3:cF [merged-cell-spans-plans] a merged cell fills column measure_name of "
        "this row from the row above: it spans two plans, so it is not clear whose it is '地方創生推進交付金【A3007】'"]


def test_a_plan_has_the_iri_the_city_page_gives_it():
    """The national list and 旭川市's own page (regional-plan-list golden case) name the same plans."""
    city = LAYOUTS["regional-plan-list"].fixtures / "asahikawa-page" / "expected.ttl"
    national = CASE / "expected.ttl"
    from rdflib import Graph

    a, b = Graph().parse(city), Graph().parse(national)
    shared = plans(a) & plans(b)
    assert len(shared) == 2


def test_towns_of_one_name_in_other_prefectures_each_have_their_plan(tmp_path):
    """美郷町 is a town of 秋田県, 島根県 and 宮崎県: the same plan name printed for two of them is two plans,
    each by its own town (found by bench/national.py on all 1,741 municipalities); the same row twice
    within one prefecture is still a duplicate."""
    row = ["美郷町", "美郷町健康づくり推進プロジェクト", "美郷町の全域", "健康づくり", "地方創生推進交付金【A3007】", "第40回"]
    path = tmp_path / "misato.csv"
    path.write_bytes(csv_bytes([("秋田県", *row), ("宮崎県", *row)]))
    g, issues = graph_of(path)
    assert [str(i) for i in issues if i.severity is not Severity.INFO] == []
    minter = Minter(BASE)
    akita, miyazaki = TABLE.resolve_all("美郷町", "秋田県")[0], TABLE.resolve_all("美郷町", "宮崎県")[0]
    assert akita.code != miyazaki.code
    assert plans(g) == {minter.plan(akita.code, row[1]), minter.plan(miyazaki.code, row[1])}
    path.write_bytes(csv_bytes([("秋田県", *row), ("秋田県", *row)]))
    _g, issues = graph_of(path)
    assert [i.code for i in issues if i.severity is Severity.ERROR] == ["duplicate-plan"]
