"""The certification list page from both front ends (HTML table and flattened text), the HTML front end
itself, linking a listed plan with its plan document, and bad input.
"""

from __future__ import annotations

import dataclasses

import pytest
from golden_support import readable_diff
from plan_support import (
    HTML_PAGE,
    LIST_ID,
    PLAN_ID,
    SOURCES,
    manifest_spec,
    run,
    without_provenance,
)
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from pipeline.extract import InputError, read_document
from pipeline.parse import LayoutError
from pipeline.layouts.regional_plan_list.parser import parse
from pipeline.uris import SOSEI


def test_html_and_text_give_the_same_graph_apart_from_provenance():
    spec = manifest_spec(LIST_ID)
    text, text_issues = run(SOURCES / spec.file, spec)
    html, html_issues = run(HTML_PAGE, spec)
    assert text_issues == [] and html_issues == []
    plans = set(html.subjects(RDF.type, SOSEI.RegionalRevitalizationPlan))
    assert len(plans) == 7
    a, b = without_provenance(text), without_provenance(html)
    assert len(a) > 150
    assert isomorphic(a, b), readable_diff(a, b)
    # provenance is what differs: the page's source lines
    assert {int(o) for o in html.objects(None, SOSEI.line)} != {int(o) for o in text.objects(None, SOSEI.line)}


def test_html_front_end_rows_cells_and_source_lines():
    doc = read_document(HTML_PAGE)
    rows = [ln for ln in doc.lines if len(ln.cells) == 5]
    assert len(rows) == 8  # header and seven plans
    header, first, amended = rows[0], rows[1], rows[4]
    assert header.cells[0] == "認定年月日 (認定回)"  # <p>…</p><p>…</p> in one cell, one line
    assert first.cells[:2] == ("令和3年3月30日 (第59回)", "旭川市")
    assert amended.cells[0] == "令和2年3月30日 (第55回) ※令和2年8月21日変更認定"  # <br> and <p>
    lines = HTML_PAGE.read_text(encoding="utf-8").splitlines()
    assert lines[first.lineno - 1].strip() == "<tr>"  # the row's own line in the page
    assert not any("window.print" in c or "common.js" in c for ln in doc.lines for c in ln.cells)


def test_html_rowspan_colspan_and_shift_jis(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes("""<html><head><meta charset="Shift_JIS"></head><body>
<table><tr><td rowspan="2">日付</td><td colspan="2">二列</td></tr>
<tr><td>左</td><td>右</td></tr></table><p>本文<br>二行目</p></body></html>""".encode("cp932"))
    doc = read_document(page)
    assert [ln.cells for ln in doc.lines] == [("日付", "二列", ""), ("日付", "左", "右"), ("本文",), ("二行目",)]


@pytest.mark.parametrize("data, message", [
    (b"", "the file is empty"),
    (b"\x00\x01\x02\x03" * 100, "binary"),
])
def test_unreadable_html_is_an_input_error(tmp_path, data, message):
    page = tmp_path / "page.html"
    page.write_bytes(data)
    with pytest.raises(InputError, match=message) as e:
        read_document(page)
    assert str(e.value).startswith("page.html:")


def test_html_page_without_the_table_is_a_layout_error(tmp_path):
    page = tmp_path / "no-table.html"
    page.write_text("<html><body><h1>地域再生計画</h1><p>準備中です。</p>"
                    "<table><tr><th>名称</th><th>概要</th></tr><tr><td>a</td><td>b</td></tr></table>"
                    "</body></html>", encoding="utf-8")
    with pytest.raises(LayoutError, match="no-table.html: not a regional-plan-list: no table with the columns"):
        parse(read_document(page))


def listing_of(name: str, author: str) -> str:
    return f"""<html><body><table>
<tr><th>認定年月日(認定回)</th><th>作成主体</th><th>地域再生計画の名称</th><th>地域再生計画の概要</th><th>活用する支援制度</th></tr>
<tr><td>平成29年3月28日<br>(第42回)</td><td>{author}</td><td><a href="#">{name}(PDF形式 500キロバイト)</a></td>
<td>テレワークによる人材誘致。</td><td>地方創生推進交付金</td></tr></table></body></html>"""


@pytest.mark.parametrize("author, same", [("旭川市", True), ("北海道", False)])
def test_listed_plan_and_plan_document_are_one_resource_when_name_and_municipality_agree(tmp_path, author, same):
    """Same name and same (first) municipality: one IRI, so the certification from the list and the KPIs
    from the document describe one plan. Another municipality: two plans."""
    name = "働き方改革によるひと・しごと誘致と地元企業再生計画"
    page = tmp_path / "list.html"
    page.write_text(listing_of(name, author), encoding="utf-8")
    listed, issues = run(page, dataclasses.replace(manifest_spec(LIST_ID), id="linking-test"))
    assert issues == []
    document, _ = run(SOURCES / manifest_spec(PLAN_ID).file, manifest_spec(PLAN_ID))
    both = Graph()
    for triple in listed + document:
        both.add(triple)
    plans = sorted(both.subjects(RDF.type, SOSEI.RegionalRevitalizationPlan), key=str)
    assert len(plans) == (1 if same else 2)
    doc_plan = URIRef("https://w3id.org/sosei/id/municipality/012041/plan/" + name)
    kpis = set(both.subjects(SOSEI.indicatorOf, doc_plan))
    assert len(kpis) == 3
    certified = both.value(doc_plan, SOSEI.certificationDate)
    assert (str(certified) if certified else None) == ("2017-03-28" if same else None)


@pytest.mark.parametrize("text, expected", [
    ("旭川市並びに北海道上川郡鷹栖町、東神楽町、比布町、愛別町、上川町及び東川町の全域",
     [("旭川市", None), ("鷹栖町", "北海道"), ("東神楽町", "北海道"), ("比布町", "北海道"), ("愛別町", "北海道"),
      ("上川町", "北海道"), ("東川町", "北海道")]),
    ("北海道並びに旭川市", [("北海道", "北海道"), ("旭川市", "北海道")]),
    ("群馬県安中市", [("安中市", "群馬県")]),
    ("岐阜県郡上市", [("郡上市", "岐阜県")]),  # a name that starts with 郡 is not a 郡
    # a 郡 inside a city's or town's own name is not a district: 郡 hold only towns and villages
    ("愛知県蒲郡市", [("蒲郡市", "愛知県")]),
    ("奈良県大和郡山市", [("大和郡山市", "奈良県")]),
    ("福岡県小郡市", [("小郡市", "福岡県")]),
    ("兵庫県上郡町", [("上郡町", "兵庫県")]),
    ("兵庫県赤穂郡上郡町", [("上郡町", "兵庫県")]),
])
def test_split_authors(text, expected):
    from pipeline.layouts.regional_plan.common import split_authors

    assert [(a.name, a.prefecture) for a in split_authors(text)] == expected


@pytest.mark.parametrize("text", ["株式会社サンプル", "", "旭川市及び(仮称)協議会"])
def test_split_authors_refuses_what_is_not_a_local_government(text):
    from pipeline.normalize import NormalizeError
    from pipeline.layouts.regional_plan.common import split_authors

    with pytest.raises(NormalizeError):
        split_authors(text)


@pytest.mark.parametrize("text, concepts, unknown", [
    ("地方創生推進交付金及び企業版ふるさと納税", ["promotion-grant", "corporate-hometown-tax"], []),
    ("まち・ひと・しごと創生寄附活用事業に関連する寄附を行った法人に対する特例(企業版ふるさと納税)",
     ["corporate-hometown-tax"], []),
    ("地方創生推進交付金（Society5.0タイプ）", ["promotion-grant"], []),
    ("地方創生拠点整備交付金、地方創生応援税制", ["hub-development-grant", "corporate-hometown-tax"], []),
    # a known name in brackets does not make the text before it a scheme
    ("中心市街地を再生する。(企業版ふるさと納税)", [], ["中心市街地を再生する。(企業版ふるさと納税)"]),
    ("ふるさと応援特別交付金", [], ["ふるさと応援特別交付金"]),
])
def test_schemes_named_in_a_cell(text, concepts, unknown):
    from pipeline.schemes import match_schemes

    found = match_schemes(text)
    assert [str(c).rsplit("/", 1)[1] for c in found.concepts] == concepts
    assert list(found.unknown) == unknown


@pytest.mark.parametrize("rest, expected", [
    (" 一つ目の文。 二つ目の文。 地方創生推進交付金", (" 一つ目の文。 二つ目の文。", "地方創生推進交付金")),
    (" 概要は地方創\n生につなげる。\n地方創生推進交付金", (" 概要は地方創\n生につなげる。", "地方創生推進交付金")),
    (" 概要。 未知の交付金", (" 概要。", "未知の交付金")),  # unknown scheme: split, then warned about
    (" 概要を行う。 また、", None),  # wrapped mid-summary: not complete yet
    (" 概要は地方創", None),
])
def test_summary_and_schemes_of_a_flattened_entry(rest, expected):
    from pipeline.layouts.regional_plan_list.parser import _complete

    assert _complete(rest) == expected


def test_a_list_split_over_two_tables_gives_every_plan(tmp_path):
    header = ("<tr><th>認定年月日(認定回)</th><th>作成主体</th><th>地域再生計画の名称</th><th>地域再生計画の概要</th>"
              "<th>活用する支援制度</th></tr>")

    def row(n):
        return (f"<tr><td>令和5年3月27日<br>(第69回)</td><td>旭川市</td><td>計画{n}(PDF形式 1キロバイト)</td>"
                f"<td>概要{n}。</td><td>地方創生推進交付金</td></tr>")

    page = tmp_path / "two-tables.html"
    page.write_text(f"<html><body><h2>令和5年度</h2><table>{header}{row(1)}{row(2)}</table>"
                    f"<h2>令和4年度</h2><table>{header}{row(3)}</table></body></html>", encoding="utf-8")
    plans, issues = parse(read_document(page))
    assert issues == [] and [p.name for p in plans.plans] == ["計画1", "計画2", "計画3"]
