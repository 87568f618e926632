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
from pdf_fixtures import table_pdf
from rdflib.compare import isomorphic

from pipeline.build import document_graph
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
