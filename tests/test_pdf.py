"""PDF input: generated PDFs of the bundled layouts read through pdfplumber give the same graph as their
text extraction (apart from provenance), name PDF pages in provenance, and bad PDFs fail cleanly.

Layouts: the strategy list and the progress list as ruled tables over several pages, the evaluation
sheets (all 17 主要施策 of the bundled document) as a form drawn line by line, blocks framed.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from golden_support import municipalities, readable_diff, without_provenance
from pdf_fixtures import (
    evaluation_sheet_pdf,
    progress_list_pdf,
    register_font,
    strategy_list_pdf,
)
from pypdf import PdfReader, PdfWriter
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from pipeline.documents import document_graph
from pipeline.cli import main
from pipeline.extract import InputError, read_document
from pipeline.layouts import LAYOUTS
from pipeline.layouts.evaluation_sheet.lines import infer_pages
from pipeline.sources import load_manifest
from pipeline.uris import SOSEI

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "sources" / "manifest.toml"
BASE = "https://w3id.org/sosei/id/"
PROV_DERIVED = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DQV_ANNOTATION = URIRef("http://www.w3.org/ns/dqv#QualityAnnotation")


def spec_of(layout: str):
    table = municipalities()
    spec = next(s for s in load_manifest(MANIFEST, set(LAYOUTS), table) if s.layout == layout)
    return spec, table[spec.publisher]


def graph_of(path: Path, layout: str) -> Graph:
    spec, _ = spec_of(layout)
    g, _doc, _issues = document_graph(path, dataclasses.replace(spec, file=path.name), municipalities(), BASE,
                                      validate=False)
    return g


def without_locations(g: Graph) -> Graph:
    """Apart from provenance, and from data-quality annotations, whose IRIs (…/issue/<code>/<page>/<line>)
    carry the location of what they annotate."""
    out = Graph()
    for s, p, o in without_provenance(g):
        if "/issue/" not in str(s) and "/issue/" not in str(o):
            out.add((s, p, o))
    return out


@pytest.fixture(scope="session")
def strategy_pdf(tmp_path_factory) -> Path:
    spec, _ = spec_of("strategy-project-list")
    out = tmp_path_factory.mktemp("pdf") / "strategy.pdf"
    return strategy_list_pdf(out, spec.path(MANIFEST).read_text(encoding="utf-8"))


def test_strategy_list_pdf_gives_the_text_graph(strategy_pdf):
    spec, _ = spec_of("strategy-project-list")
    from_text = without_provenance(graph_of(spec.path(MANIFEST), spec.layout))
    from_pdf = without_provenance(graph_of(strategy_pdf, spec.layout))
    assert len(from_pdf) > 3000
    assert isomorphic(from_text, from_pdf), readable_diff(from_text, from_pdf)


def test_progress_list_pdf_gives_the_text_graph(tmp_path):
    spec, _ = spec_of("progress-list")
    pdf = progress_list_pdf(tmp_path / "progress.pdf", spec.path(MANIFEST).read_text(encoding="utf-8"))
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) >= 8
    from_text = without_provenance(graph_of(spec.path(MANIFEST), spec.layout))
    from_pdf = without_provenance(graph_of(pdf, spec.layout))
    assert len(from_pdf) > 800
    assert isomorphic(from_text, from_pdf), readable_diff(from_text, from_pdf)


@pytest.fixture(scope="session")
def evaluation(tmp_path_factory):
    """The bundled evaluation sheets as text and as a generated form PDF: (spec, documents, graphs)."""
    spec, _ = spec_of("evaluation-sheet")
    text = spec.path(MANIFEST)
    pdf = evaluation_sheet_pdf(tmp_path_factory.mktemp("pdf") / "evaluation.pdf", text.read_text(encoding="utf-8"))
    docs = {"text": read_document(text, text.name), "pdf": read_document(pdf, pdf.name)}
    graphs = {"text": graph_of(text, spec.layout), "pdf": graph_of(pdf, spec.layout)}
    return spec, docs, graphs


def _page_lines(lines) -> list[tuple[int, str]]:
    """(page, text) of each line; whitespace-only lines are blank, a run of blank lines is one (a PDF shows
    a gap, not a count of empty lines), and blanks ending a page are left out (nothing shows after the last
    line)."""
    out: list[tuple[int, str]] = []
    for line in lines:
        text = line.text if line.text.strip() else ""
        if out and out[-1] == (line.page, "") and not text:
            continue
        if out and not out[-1][1] and out[-1][0] != line.page:
            out.pop()
        out.append((line.page, text))
    return out[:-1] if out and not out[-1][1] else out


def test_evaluation_sheet_pdf_reads_the_lines_of_the_text(evaluation):
    """The form's lines come back as the text extraction has them: vertical headings one character per
    line, ideographic spaces (内　　容) and leading spaces kept, blank lines between blocks, text pages."""
    _spec, docs, _graphs = evaluation
    from_text = _page_lines(infer_pages(docs["text"].lines))
    from_pdf = _page_lines(docs["pdf"].lines)
    assert len(from_pdf) > 2400 and max(p for p, _ in from_pdf) == 25
    assert (1, " 主要施策 １ 町内会等への加入促進") in from_pdf  # the leading space of the page's first line
    assert (1, "内　　容 決算額") in from_pdf  # two ideographic spaces, an ASCII one
    diff = [f"{a} | {b}" for a, b in zip(from_text, from_pdf) if a != b][:10]
    assert from_text == from_pdf, "\n".join(diff) or f"{len(from_text)} vs {len(from_pdf)} lines"


def test_evaluation_sheet_pdf_gives_the_text_graph(evaluation):
    _spec, _docs, graphs = evaluation
    from_text, from_pdf = without_locations(graphs["text"]), without_locations(graphs["pdf"])
    grades = list(from_pdf.query("""
        PREFIX sosei: <https://w3id.org/sosei/ns#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?measure ?grade WHERE {
          ?e a sosei:MeasureEvaluation ; sosei:evaluatedMeasure ?m ; sosei:grade ?g .
          ?m skos:notation ?n ; sosei:broaderMeasure/skos:notation ?broader .
          BIND(CONCAT(?broader, "-", ?n) AS ?measure) BIND(STRAFTER(STR(?g), "evaluation-grade/") AS ?grade)
        } ORDER BY ?measure"""))
    # the 17 主要施策 of 基本目標4 and the grades the sheets print (32-1 C … 35-5 B)
    assert len(grades) == 17, grades
    assert [str(m) for m, _ in grades[:5]] == ["32-1", "32-2", "32-3", "32-4", "33-1"]
    assert "".join(str(g) for _, g in grades) == "CBABCCBBACBBCBBBB"
    projects = set(from_pdf.subjects(RDF_TYPE, SOSEI.Project))
    assert len(projects) >= 60 and len(from_pdf) > 3000
    assert isomorphic(from_text, from_pdf), readable_diff(from_text, from_pdf)


def _located(g: Graph) -> dict:
    """Each resource with a source location → (page, line); annotations, which carry the location in their
    IRI, are compared separately."""
    return {s: (int(g.value(loc, SOSEI.page)), int(g.value(loc, SOSEI.line)))
            for s, loc in g.subject_objects(SOSEI.sourceLocation) if "/issue/" not in str(s)}


def test_evaluation_sheet_pdf_provenance_names_the_page_and_line(evaluation):
    """Every measure, evaluation, project and direction from the PDF names its PDF page and the line on
    that page, and that line is the one the text's provenance points at; warnings name the same pages."""
    _spec, docs, graphs = evaluation
    text_lines = {ln.lineno: ln for ln in infer_pages(docs["text"].lines)}
    pdf_lines = {(ln.page, ln.lineno): ln for ln in docs["pdf"].lines}
    at_text, at_pdf = _located(graphs["text"]), _located(graphs["pdf"])
    for cls in (SOSEI.Measure, SOSEI.MeasureEvaluation, SOSEI.Project, SOSEI.ProjectDirection):
        assert set(graphs["pdf"].subjects(RDF_TYPE, cls)) <= set(at_pdf), cls
    assert at_pdf.keys() == at_text.keys() and len(at_pdf) > 300
    for node, (page, line) in at_pdf.items():
        printed = text_lines[at_text[node][1]]
        assert page == printed.page and pdf_lines[(page, line)].text == printed.text, node
    issues = {name: sorted(str(s).split("/issue/")[1].split("/")[:2] for s in g.subjects(RDF_TYPE, DQV_ANNOTATION)
                           if "/issue/" in str(s)) for name, g in graphs.items()}
    assert issues["pdf"] == issues["text"] == [["listed-twice", "20"]]
    # 再掲 rows whose 事業内容 differs are annotated on their listing, the same whichever format was read
    on_listings = {name: sorted(str(s) for s in g.subjects(RDF_TYPE, DQV_ANNOTATION) if "/listing/" in str(s))
                   for name, g in graphs.items()}
    assert on_listings["pdf"] == on_listings["text"] and len(on_listings["text"]) == 2


def test_provenance_names_the_pdf_page_of_each_project(strategy_pdf):
    g = graph_of(strategy_pdf, "strategy-project-list")
    with pdfplumber.open(strategy_pdf) as pdf:
        pages = [page.extract_text() for page in pdf.pages]
    projects = list(g.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), SOSEI.Project))
    assert len(projects) == 153
    for p in projects:
        loc = g.value(p, SOSEI.sourceLocation)
        page = int(g.value(loc, SOSEI.page))
        label = str(g.value(p, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
        assert label[:6] in pages[page - 1].replace("\n", ""), (label, page)


def _project_with(tmp_path: Path, pdf: Path) -> Path:
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    target = tmp_path / "sources" / "strategy.pdf"
    shutil.copy(pdf, target)
    manifest = tmp_path / "sources" / "manifest.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        'file = "012041_r6_sogo_senryaku_jigyo_ichiran.txt"', 'file = "strategy.pdf"'), encoding="utf-8")
    (tmp_path / "sosei.toml").write_text(
        f'manifest = "{manifest}"\noutput_dir = "{tmp_path}/output"\nstore_dir = "{tmp_path}/store"\n', encoding="utf-8")
    return tmp_path


def test_build_accepts_a_pdf_source(tmp_path, strategy_pdf):
    project = _project_with(tmp_path, strategy_pdf)
    result = CliRunner().invoke(main, ["--config", str(project / "sosei.toml"), "build"])
    assert result.exit_code == 0, result.output
    nt = next((project / "output" / "datasets").glob("*.nt")).read_text(encoding="utf-8")
    assert "/page/" in nt


def _encrypted(pdf: Path) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(pdf))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _scanned() -> bytes:
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    register_font()
    img = Image.new("L", (600, 200), 255)
    ImageDraw.Draw(img).rectangle((20, 20, 580, 180), outline=0)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.drawImage(ImageReader(img), 50, 500, width=300, height=100)
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("kind, message", [
    ("encrypted", "the PDF is encrypted"),
    ("truncated", "damaged or truncated"),
    ("scanned", "no text layer"),
])
def test_bad_pdfs_exit_2_naming_the_file(tmp_path, strategy_pdf, kind, message):
    data = {"encrypted": lambda: _encrypted(strategy_pdf),
            "truncated": lambda: strategy_pdf.read_bytes()[: len(strategy_pdf.read_bytes()) // 3],
            "scanned": _scanned}[kind]()
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(data)
    with pytest.raises(InputError, match=message):
        read_document(bad, "bad.pdf")
    project = _project_with(tmp_path / "p", bad)
    result = CliRunner().invoke(main, ["--config", str(project / "sosei.toml"), "build"])
    assert result.exit_code == 2, result.output
    line = result.output.strip()
    assert line.startswith("Error: strategy.pdf") and message in line and "\n" not in line
    assert "Traceback" not in result.output
    assert not (project / "output").exists()
    if kind == "scanned":
        assert "strategy.pdf:p1" in line
