"""Editions of other publishers as PDFs: every golden case of a layout published as ruled-table PDFs
(strategy project lists, progress lists) whose text builds without issues is printed as such a PDF
(tests/pdf_fixtures.table_pdf: its page header above the table, headings spanning it, footnotes below)
and must give the graph its text gives, less where things were read (pages and lines differ). Cases
whose cells carry HTML copied into the text are left out: a PDF shows such markup drawn, not as markup.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from golden_support import BASE, cases, layout_of, municipalities, readable_diff, run_case, spec_for, without_provenance
from pdf_fixtures import plan_pdf, table_pdf
from rdflib.compare import isomorphic
from test_pdf import without_locations

from pipeline.documents import document_graph
from pipeline.normalize import squeeze

TABLE_LAYOUTS = ("strategy-project-list", "progress-list")
WIDTH = 786.0  # landscape A4 less the margins, in points
CASES = [c for c in cases() if layout_of(c) in TABLE_LAYOUTS and (c / "input.txt").is_file()
         and not (c / "expected-issues.txt").read_text(encoding="utf-8")
         and "<" not in (c / "input.txt").read_text(encoding="utf-8")]


def page_marker(text: str) -> str:
    """The line that starts each page: the unit line ("(単位:千円)", "単位：円") where there is one, else
    the title."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    return next((ln for ln in lines if "\t" not in ln and squeeze(ln).lstrip("([（").startswith("単位")), lines[0])


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{layout_of(c)}/{c.name}")
def test_edition_as_a_ruled_table_pdf_gives_the_graph_of_its_text(tmp_path: Path, case: Path):
    text = (case / "input.txt").read_text(encoding="utf-8")
    columns = max(len(ln.split("\t")) for ln in text.split("\n"))
    pdf = table_pdf(tmp_path / "input.pdf", text, page_marker=page_marker(text), widths=(WIDTH / columns,) * columns)
    spec = dataclasses.replace(spec_for(case), file="input.pdf")
    from_pdf, _doc, issues = document_graph(pdf, spec, municipalities(), BASE)
    assert not issues, "\n".join(map(str, issues))
    from_text, _ = run_case(case)
    expected, actual = without_provenance(from_text), without_provenance(from_pdf)
    assert isomorphic(expected, actual), readable_diff(expected, actual)


# --- 地域再生計画 and city list pages as PDFs (issue 9): municipalities publish their plans as PDFs
# printed from Word, and some their list of certified plans too ---

PLAN_LAYOUTS = ("regional-plan", "regional-plan-list")
PLAN_CASES = [c for c in cases() if layout_of(c) in PLAN_LAYOUTS and (c / "input.txt").is_file()
              and sum(1 for ln in (c / "input.txt").read_text(encoding="utf-8").split("\n") if ln.strip()) > 3]


def _plan_graph(path: Path, spec):
    g, _doc, issues = document_graph(path, spec, municipalities(), BASE)
    return without_locations(g), [(i.code, i.severity) for i in issues]


@pytest.mark.parametrize("case", PLAN_CASES, ids=lambda c: f"{layout_of(c)}/{c.name}")
def test_plan_as_a_pdf_gives_the_records_of_its_text(tmp_path: Path, case: Path):
    """Every laid-out plan or list edition printed as a PDF (text lines as paragraphs wrapped at the
    page width, tab-separated rows as ruled tables, a KPI name wrapped onto a row of its own kept so)
    gives its text's graph and issues, less the pages and lines things were read at. Flattened editions
    (a whole document on one or two lines) are text only: a PDF does not print one line."""
    pdf = plan_pdf(tmp_path / "input.pdf", (case / "input.txt").read_text(encoding="utf-8"))
    spec = spec_for(case)
    expected, expected_issues = _plan_graph(case / spec.file, spec)
    actual, issues = _plan_graph(pdf, dataclasses.replace(spec, file="input.pdf"))
    assert isomorphic(expected, actual), readable_diff(expected, actual)
    assert issues == expected_issues


def test_plan_pdfs_cover_the_layouts_editions():
    from pipeline.layouts import LAYOUTS

    for name in PLAN_LAYOUTS:
        assert len([c for c in PLAN_CASES if layout_of(c) == name]) >= 4, name
        assert "pdf" in LAYOUTS[name].data["formats"], name


@pytest.mark.parametrize("layout", PLAN_LAYOUTS)
def test_bundled_plan_as_a_pdf_gives_the_records_of_its_text(tmp_path: Path, layout: str):
    """The bundled plan (its paragraphs wrap over several PDF lines, one across a page break) and list."""
    from test_pdf import MANIFEST, spec_of

    spec, _ = spec_of(layout)
    text = spec.path(MANIFEST)
    pdf = plan_pdf(tmp_path / "plan.pdf", text.read_text(encoding="utf-8"))
    expected, expected_issues = _plan_graph(text, spec)
    actual, issues = _plan_graph(pdf, dataclasses.replace(spec, file="plan.pdf"))
    assert isomorphic(expected, actual), readable_diff(expected, actual)
    assert issues == expected_issues


@pytest.mark.parametrize("name", ["kpi-columns", "kpi-columns-wrapped", "kpi-value-errors"])
def test_kpi_columns_as_a_ruled_table_pdf_give_the_records_and_issues_of_their_text(tmp_path: Path, name: str):
    """The strategy lists with KPI columns (their warnings and errors kept them out of CASES above)."""
    from pipeline.layouts import LAYOUTS

    case = LAYOUTS["strategy-project-list"].fixtures / name
    text = (case / "input.txt").read_text(encoding="utf-8")
    columns = max(len(ln.split("\t")) for ln in text.split("\n"))
    pdf = table_pdf(tmp_path / "input.pdf", text, page_marker=page_marker(text), widths=(WIDTH / columns,) * columns)
    spec = spec_for(case)
    expected, expected_issues = _plan_graph(case / spec.file, spec)
    actual, issues = _plan_graph(pdf, dataclasses.replace(spec, file="input.pdf"))
    assert isomorphic(expected, actual), readable_diff(expected, actual)
    assert issues == expected_issues
