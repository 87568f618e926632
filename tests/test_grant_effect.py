"""交付金 効果検証 reports (layout grant-effect-verification): the table shape and the form shape, read
from CSV, text and Excel, and the attainment queries (queries/grant/) over the golden graphs."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest
from golden_support import BASE, spec_for
from openpyxl import Workbook

from pipeline.documents import document_graph
from pipeline.extract import read_document
from pipeline.layouts import LAYOUTS
from pipeline.layouts.grant_effect_verification import parser
from pipeline.sources import load_municipalities
from pipeline.store import query, term_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = LAYOUTS["grant-effect-verification"].fixtures
CASES = ("table-r4", "form-r5", "table-r3-thousands")


def store() -> ox.Store:
    s = ox.Store()
    for case in CASES:
        s.load((FIXTURES / case / "expected.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)
    for f in ("schemes-support.ttl",):
        s.load((ROOT / "ontology" / f).read_bytes(), format=ox.RdfFormat.TURTLE)
    return s


def answer(name: str) -> list[list[str]]:
    _v, rows = query(store(), (ROOT / "queries" / "grant" / f"{name}.rq").read_text(encoding="utf-8"))
    return [[term_text(t) for t in row] for row in rows]


def test_attainment_per_municipality_and_year():
    # 2021: 10,250 ≥ 10,200 met, 1,200 < 5,000 not; 2020: 10,080 < 10,100 not; 2022: 45≥40, 82≥80,
    # 96,500<110,000, 1,620≥1,500 → 3 of 4; 2023: 2,150≥2,000, 58M<60M → 1 of 2
    assert answer("kpi_attainment_per_municipality") == [
        ["012041", "旭川市", "2020", "1", "0", "0"], ["012041", "旭川市", "2021", "2", "1", "50"],
        ["012041", "旭川市", "2022", "4", "3", "75"], ["012041", "旭川市", "2023", "2", "1", "50"]]


def test_attainment_per_scheme():
    assert answer("kpi_attainment_per_scheme") == [
        ["デジタル田園都市国家構想交付金", "1", "1", "0", "0"], ["地方創生拠点整備交付金", "1", "1", "0", "0"],
        ["地方創生推進交付金", "3", "7", "5", "71"]]


def test_a_report_as_excel_with_merged_project_cells_reads_as_its_csv(tmp_path):
    csv = (FIXTURES / "table-r4" / "input.csv").read_text(encoding="utf-8")
    import csv as csvmod

    rows = list(csvmod.reader(io.StringIO(csv)))
    wb = Workbook()
    ws = wb.active
    ws.title = "効果検証"
    for r in rows:
        ws.append(r)
    path = tmp_path / "report.xlsx"
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())
    from_xlsx, issues = parser.parse(read_document(path))
    from_csv, _ = parser.parse(read_document(FIXTURES / "table-r4" / "input.csv"))
    assert not issues
    strip = lambda report: [(p.name, p.effect, p.policy, [(k.name, k.unit, [(y.fiscal_year, y.target, y.actual)
                            for y in k.years]) for k in p.kpis]) for p in report.projects]  # noqa: E731
    assert strip(from_xlsx) == strip(from_csv)


def test_a_kpi_row_without_unit_publishes_nothing():
    spec = spec_for(FIXTURES / "bad-rows")
    table = load_municipalities(ROOT / "sources" / "municipalities.toml")
    _g, _doc, issues = document_graph(FIXTURES / "bad-rows" / spec.file, spec, table, BASE)
    assert "input.csv:l3 [missing-unit] KPI '物産販売額' without its 単位" in [str(i) for i in issues]


def _records(report):
    return [(p.name, p.grant, p.plan, p.attainment, p.effect, p.opinion, p.policy,
             [(a.fiscal_year, a.cost, a.eligible, a.grant) for a in p.amounts],
             [(k.name, k.unit, k.base, [(y.fiscal_year, y.target, y.actual) for y in k.years]) for k in p.kpis])
            for p in report.projects]


def test_a_form_flattened_by_pdf_extraction_gives_the_records_of_its_laid_out_text(tmp_path):
    for case in ("form-r5", "form-brackets-digital"):
        text = (FIXTURES / case / "input.txt").read_text(encoding="utf-8")
        flat = tmp_path / f"{case}.txt"
        flat.write_text(" ".join(text.split()) + "\n", encoding="utf-8")
        laid_out, issues = parser.parse(read_document(FIXTURES / case / "input.txt"))
        flattened, flat_issues = parser.parse(read_document(flat))
        assert not issues and not flat_issues
        assert _records(flattened) == _records(laid_out)


def test_a_form_cut_off_inside_its_last_project_is_an_incomplete_document():
    _report, issues = parser.parse(read_document(FIXTURES / "cut-off-form" / "input.txt"))
    assert [(i.code, i.source.line) for i in issues] == [("incomplete-document", 20)]


def test_a_table_column_no_rule_reads_is_an_error_not_a_value_lost(tmp_path):
    csv = (FIXTURES / "kpi-years-as-columns" / "input.csv").read_text(encoding="utf-8")
    path = tmp_path / "report.csv"
    path.write_text(csv.replace("達成度,", "達成率(%),", 1), encoding="utf-8")
    _report, issues = parser.parse(read_document(path))
    assert [(i.code, i.source.line, i.source.column) for i in issues] == [("unread-column", 2, "13")]


# --- editions as PDFs: municipalities publish these reports as PDFs, a form printed from Word or a table ---

PDF_CASES = sorted(c.name for c in FIXTURES.iterdir() if c.name != "flattened-form"  # one line: a PDF prints none
                   and not ((c / "input.csv").is_file() and (c / "expected-issues.txt").read_text(encoding="utf-8")))


@pytest.mark.parametrize("case", PDF_CASES)
def test_an_edition_printed_as_a_pdf_gives_the_records_and_issues_of_its_text(tmp_path, case):
    """A form (text lines as paragraphs, tab-separated rows as ruled tables) or a table (one ruled table
    under its title) printed as a PDF reads as its text or CSV: the same records, the same issues."""
    from pdf_fixtures import plan_pdf, table_pdf

    source = next((FIXTURES / case).glob("input.*"))
    if source.suffix == ".csv":
        import csv as csvmod

        rows = list(csvmod.reader(io.StringIO(source.read_text(encoding="utf-8"))))
        n = max(len(r) for r in rows)
        pdf = table_pdf(tmp_path / "input.pdf", "".join("\t".join(r) + "\n" for r in rows), page_marker=rows[0][0],
                        widths=(786.0 / n,) * n)
    else:
        pdf = plan_pdf(tmp_path / "input.pdf", source.read_text(encoding="utf-8"))
    from_pdf, pdf_issues = parser.parse(read_document(pdf))
    from_text, issues = parser.parse(read_document(source))
    assert _records(from_pdf) == _records(from_text)
    assert [(i.code, i.message) for i in pdf_issues] == [(i.code, i.message) for i in issues]
    assert len(PDF_CASES) >= 7  # every edition but the flattened one and the bad CSV rows


def test_a_table_cut_off_inside_its_last_projects_first_row_is_an_incomplete_document(tmp_path):
    csv = (FIXTURES / "kpi-years-as-columns" / "input.csv").read_text(encoding="utf-8")
    path = tmp_path / "report.csv"
    path.write_text(csv[:csv.index(",転入した若者世帯数")] + "\n", encoding="utf-8")
    report, issues = parser.parse(read_document(path))
    assert [(i.code, i.source.line) for i in issues] == [("incomplete-document", 5)]
    assert [p.name for p in report.projects] == ["雪室を活かした食の販路拡大事業"]
