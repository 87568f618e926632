"""The certification list page from both front ends (HTML table and flattened text), the HTML front end
itself, linking a listed plan with its plan document, and bad input.
"""

from __future__ import annotations

import dataclasses

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from golden_support import readable_diff
from pipeline.extract import InputError, read_document
from pipeline.parsers import LayoutError
from pipeline.parsers.regional_plan_list import parse
from pipeline.uris import SOSEI
from plan_support import HTML_PAGE, LIST_ID, PLAN_ID, SOURCES, manifest_spec, run, without_provenance


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
