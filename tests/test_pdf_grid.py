"""The evaluation sheet as a ruled-grid PDF form (pdfplumber's table path, read by
pipeline/layouts/evaluation_sheet/grid.py): the golden fixtures' sheets drawn in framed cells give the
graph their text gives, apart from provenance (and the location in the IRIs of data-quality
annotations); provenance names the PDF page of each sheet; a cut-off grid is refused as the text is."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pdfplumber
import pytest
from golden_support import municipalities, readable_diff, run_case, spec_for, without_provenance
from pdf_fixtures import evaluation_grid_pdf
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from pipeline.documents import document_graph
from pipeline.extract import read_document
from pipeline.layouts import LAYOUTS
from pipeline.layouts.evaluation_sheet.grid import is_grid
from pipeline.layouts.evaluation_sheet.parser import parse
from pipeline.records import Severity
from pipeline.uris import SOSEI

FIXTURES = LAYOUTS["evaluation-sheet"].fixtures
CASES = ["one-sheet", "two-sheets", "several-measures-one-page", "other-headings", "s-to-d-grades",
         "continued-and-misplaced"]
BASE = "https://w3id.org/sosei/id/"
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def without_locations(g: Graph) -> Graph:
    out = Graph()
    for s, p, o in without_provenance(g):
        if "/issue/" not in str(s) and "/issue/" not in str(o):
            out.add((s, p, o))
    return out


# another town's form (the other-headings case): the cell labels layout.toml's [grid] and [headings] name
OTHER_LABELS = {"policy": "施策", "measure": "主な取組", "outline": "施策の目的", "results": "実績",
                "plans": "事業計画", "outcome": "成果と課題", "grade": "総合評価", "improvement": "今後の方向性",
                "supplement": "備考", "name": "事業", "content": "事業内容", "settled": "実績額",
                "budget": "当初予算額", "funding": "区分"}


def grid_pdf(case: Path, out: Path, labels: dict[str, str] | None = None) -> Path:
    spec = spec_for(case)
    return evaluation_grid_pdf(out, (case / spec.file).read_text(encoding="utf-8"), fiscal_year=spec.fiscal_year,
                               plan=spec.plan, labels=labels)


@pytest.mark.parametrize("name, labels", [(c, None) for c in CASES] + [("other-headings", OTHER_LABELS)])
def test_grid_pdf_gives_the_text_graph(tmp_path, name, labels):
    case = FIXTURES / name
    pdf = grid_pdf(case, tmp_path / "input.pdf", labels)
    doc = read_document(pdf, pdf.name)
    assert is_grid(doc.lines) and any(len(line.cells) >= 4 for line in doc.lines)  # read as ruled tables
    spec = dataclasses.replace(spec_for(case), file=pdf.name)
    from_pdf, _doc, pdf_issues = document_graph(pdf, spec, municipalities(), BASE)
    from_text, text_issues = run_case(case)
    assert [(i.code, i.severity) for i in pdf_issues] == [(i.code, i.severity) for i in text_issues]
    a, b = without_locations(from_text), without_locations(from_pdf)
    assert len(b) > 100
    assert isomorphic(a, b), readable_diff(a, b)


def test_grid_pdf_has_a_page_per_sheet_named_in_provenance(tmp_path):
    case = FIXTURES / "several-measures-one-page"
    pdf = grid_pdf(case, tmp_path / "input.pdf")
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == 3
    g, _doc, _issues = document_graph(pdf, dataclasses.replace(spec_for(case), file=pdf.name), municipalities(), BASE)
    pages = sorted(int(g.value(g.value(e, SOSEI.sourceLocation), SOSEI.page))
                   for e in g.subjects(RDF_TYPE, SOSEI.MeasureEvaluation))
    assert pages == [1, 2, 3]


def test_a_grid_cut_off_before_its_grade_is_refused(tmp_path):
    """The last sheet of a grid PDF whose pages stop before 評価 and the 実施計画: incomplete-document, naming
    the file and page, as the text path does."""
    case = FIXTURES / "two-sheets"
    spec = spec_for(case)
    pdf = grid_pdf(case, tmp_path / "input.pdf")
    doc = read_document(pdf, pdf.name)
    last = max(line.page for line in doc.lines)
    cut = next(i for i, line in enumerate(doc.lines) if line.page == last and line.cells[0].replace(" ", "") == "成果・課題")
    cut_doc = dataclasses.replace(doc, lines=doc.lines[:cut + 1])
    _sheets, issues = parse(cut_doc, fiscal_year=spec.fiscal_year, plan=spec.plan)
    errors = [i for i in issues if i.severity is Severity.ERROR]
    assert {i.code for i in errors} == {"incomplete-document"}
    assert all(str(i.source).startswith(f"input.pdf:p{last}:") for i in errors), errors


def test_the_bundled_sheets_as_a_grid_give_the_text_graph(tmp_path):
    """All 17 主要施策 of the bundled 北斗市 document, one sheet a page, the long ones continued on the next
    page (a table split between pages, its rows going on without a header)."""
    from pipeline.sources import load_manifest

    manifest = Path(__file__).resolve().parent.parent / "sources" / "manifest.toml"
    spec = next(s for s in load_manifest(manifest, set(LAYOUTS), municipalities()) if s.layout == "evaluation-sheet")
    text = spec.path(manifest)
    pdf = evaluation_grid_pdf(tmp_path / "sheets.pdf", text.read_text(encoding="utf-8"),
                              fiscal_year=spec.fiscal_year, plan=spec.plan)
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) > 17
    from_text, _d, text_issues = document_graph(text, spec, municipalities(), BASE)
    from_pdf, _d, pdf_issues = document_graph(pdf, dataclasses.replace(spec, file=pdf.name), municipalities(), BASE)
    assert [i.code for i in pdf_issues] == [i.code for i in text_issues] == ["relisted-description-differs", "relisted-description-differs", "listed-twice"]
    assert len(set(from_pdf.subjects(RDF_TYPE, SOSEI.MeasureEvaluation))) == 17
    a, b = without_locations(from_text), without_locations(from_pdf)
    assert isomorphic(a, b), readable_diff(a, b)


def test_a_cell_under_no_column_is_an_error(tmp_path):
    """A table cell the grid does not read (a column beyond 財源) is reported with its page and line, as an
    error: nothing is published without it."""
    case = FIXTURES / "one-sheet"
    spec = spec_for(case)
    doc = read_document(grid_pdf(case, tmp_path / "input.pdf"), "input.pdf")
    i, row = next((i, line) for i, line in enumerate(doc.lines) if "単独事業" in line.cells)
    extra = dataclasses.replace(row, cells=(*row.cells[:-1], "備考の書き込み"))
    _sheets, issues = parse(dataclasses.replace(doc, lines=(*doc.lines[:i], extra, *doc.lines[i + 1:])),
                            fiscal_year=spec.fiscal_year, plan=spec.plan)
    assert [(x.code, x.severity, str(x.source)) for x in issues] == [
        ("unread-cell", Severity.ERROR, f"input.pdf:p{row.page}:l{row.lineno}")]
    assert "備考の書き込み" in issues[0].message
