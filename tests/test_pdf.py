"""PDF input: generated PDFs of the bundled layouts read through pdfplumber give the same graph as their
text extraction (apart from provenance), name PDF pages in provenance, and bad PDFs fail cleanly.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from golden_support import readable_diff
from pdf_fixtures import progress_list_pdf, register_font, strategy_list_pdf
from pipeline.cli import main
from pipeline.extract import InputError, read_document
from pipeline.layouts import LAYOUTS
from pipeline.mapping import Context, map_document
from pipeline.sources import load_manifest, load_municipalities
from pipeline.uris import SOSEI, Minter

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "sources" / "manifest.toml"
BASE = "https://w3id.org/sosei/id/"
PROV_DERIVED = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")


def spec_of(layout: str):
    municipalities = load_municipalities(MANIFEST.parent / "municipalities.toml")
    spec = next(s for s in load_manifest(MANIFEST, set(LAYOUTS), municipalities) if s.layout == layout)
    return spec, municipalities[spec.publisher]


def graph_of(path: Path, layout: str) -> Graph:
    spec, muni = spec_of(layout)
    doc = read_document(path, path.name)
    parsed, issues = LAYOUTS[layout].parse(doc, spec)
    g, _ = map_document(Context(Minter(BASE), spec, muni, doc.sha256), LAYOUTS[layout].map, parsed, issues)
    return g


def without_provenance(g: Graph) -> Graph:
    out = Graph()
    for s, p, o in g:
        if p in (SOSEI.sourceLocation, PROV_DERIVED) or str(s).startswith(BASE + "source/"):
            continue
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
