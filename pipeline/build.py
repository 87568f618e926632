"""The whole pipeline over the sources manifest: extract → parse → map → validate, per document (so
memory stays flat as the corpus grows), then publish everything at once, or nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from tqdm import tqdm

from .areas import AREAS_ID, area_dumps
from .catalog import ADMS, Entry, catalog_graph, dataset_path, load_catalog_meta
from .changeset import changesets
from .config import Settings
from .editions import gather_series
from .endpoint import published_graphs
from .extract import read_document
from .html import html_pages
from .layouts import LAYOUTS
from .mapping import Context, map_document
from .publish import (
    CONTEXT_FILE,
    FORMATS,
    context_document,
    jsonld,
    nquads,
    rdflib_graph,
    serialize,
    sorted_triples,
    turtle,
    write_atomically,
)
from .records import Document, Issue, Report, tolerated
from .series import Series
from .sources import SourceSpec, load_manifest, load_municipalities
from .store import load_store
from .tables import csv_files
from .uris import SOSEI, SOSEI_ONTOLOGY, Minter
from .validate import ONTOLOGY_DIR, validate_graph
from .void import VOID, void_graph

ONTOLOGY_GRAPH = str(SOSEI_ONTOLOGY)


@dataclass
class DatasetResult:
    spec: SourceSpec
    sha256: str
    triples: int
    fiscal_years: set[int]
    dumps: dict[str, bytes]
    changeset: bool = False  # a sosei:Changeset of two editions (pipeline/changeset.py), not a source


@dataclass
class BuildResult:
    report: Report = field(default_factory=Report)
    datasets: list[DatasetResult] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    quads_in_store: int | None = None

    @property
    def published(self) -> bool:
        return bool(self.files) and not self.report.errors


def municipalities_path(settings: Settings) -> Path:
    return settings.manifest.parent / "municipalities.toml"


def document_graph(path: Path, spec: SourceSpec, municipalities, base_iri: str, *,
                   validate: bool = True, series: Series | None = None) -> tuple[Graph, Document, list[Issue]]:
    """One document through extract, parse, map (and SHACL): its graph, the Document read, and every
    issue found. Raises InputError/LayoutError when the file cannot be read in its layout."""
    layout = LAYOUTS[spec.layout]
    doc = read_document(path, spec.file)
    parsed, issues = layout.parse(doc, spec)
    issues = tolerated(issues, spec.tolerate)
    ctx = Context(Minter(base_iri), spec, municipalities[spec.publisher], doc.sha256, municipalities,
                  series or Series())
    graph, found = map_document(ctx, layout.map, parsed, issues)
    shacl = validate_graph(graph, spec.file, doc.sha256) if validate else []
    return graph, doc, issues + found + shacl


def process_source(spec: SourceSpec, settings: Settings, municipalities,
                   series: Series | None = None) -> tuple[Graph, DatasetResult, list]:
    """One source of the manifest: its graph, what the build records of it, and its issues."""
    graph, doc, issues = document_graph(spec.path(settings.manifest), spec, municipalities, settings.base_iri,
                                        series=series)
    years = {int(y) for y in graph.objects(None, SOSEI.year)} | ({spec.fiscal_year} if spec.fiscal_year else set())
    return graph, DatasetResult(spec, doc.sha256, len(graph), years, {}), issues


def run(settings: Settings, *, publish: bool = True, progress: bool = False) -> BuildResult:
    """Build every source; publish (output/ and the store) only when no error was found anywhere."""
    municipalities = load_municipalities(municipalities_path(settings))
    specs = load_manifest(settings.manifest, set(LAYOUTS), municipalities)
    load_catalog_meta(settings.manifest)  # a bad [catalog] table fails before any document is read
    result = BuildResult()
    series = gather_series(settings.manifest, specs)  # years and names of each project across editions
    for spec in tqdm(specs, desc="sources", unit="doc", disable=not progress):
        graph, ds, issues = process_source(spec, settings, municipalities, series)
        result.report.extend(issues)
        if not result.report.errors and publish:
            ds.dumps = serialize(graph, context_ref=embedded_context())  # readable offline by any processor
        result.datasets.append(ds)
        del graph
    if result.report.errors or not publish:
        return result
    for spec, graph in changesets(settings.manifest, specs, series, Minter(settings.base_iri)):
        result.report.extend(validate_graph(graph, spec.id, ""))
        result.datasets.append(DatasetResult(spec, "", len(graph), {spec.fiscal_year} - {None},
                                             serialize(graph, context_ref=f"../{CONTEXT_FILE}"), changeset=True))
    if result.report.errors:
        return result
    result.files = output_files(settings, result.datasets, municipalities)
    write_atomically(settings.output_dir, result.files)
    result.quads_in_store = load_store(settings.store_dir, store_graphs(settings, result))
    return result


def output_files(settings: Settings, datasets: list[DatasetResult], municipalities) -> dict[str, bytes]:
    """Every file of output/: dumps, all.nq, VoID, catalog, ontology (Turtle and JSON-LD), HTML pages."""
    minter, base = Minter(settings.base_iri), settings.download_base_url
    files: dict[str, bytes] = {CONTEXT_FILE: context_document()}
    graphs, urls = {}, {}
    for ds in datasets:
        iri = str(minter.dataset(ds.spec.id))
        graphs[iri], urls[iri] = ds.dumps["nt"], {}
        for fmt in FORMATS:
            files[dataset_path(ds.spec.id, fmt.suffix)] = ds.dumps[fmt.key]
            urls[iri][fmt.key] = base + dataset_path(ds.spec.id, fmt.suffix)
    areas_iri, areas = str(minter.dataset(AREAS_ID)), area_dumps(minter, municipalities, embedded_context())
    graphs[areas_iri], urls[areas_iri] = areas["nt"], {}
    for fmt in FORMATS:
        files[AREAS_ID + fmt.suffix] = areas[fmt.key]  # beside all.nq: datasets/ holds the source documents
        urls[areas_iri][fmt.key] = base + AREAS_ID + fmt.suffix
    files["all.nq"] = nquads(graphs)
    published = ox.Store()  # in memory: what output/ holds, one named graph each, for VoID and HTML
    published.bulk_load(files["all.nq"], format=ox.RdfFormat.N_QUADS)
    tables = list(csv_files(published, {ds.spec.id: str(minter.dataset(ds.spec.id)) for ds in datasets},
                            settings.base_iri))
    files.update((f.path, f.data) for f in tables)
    void = void_graph(minter, base, published, urls)
    files["void.ttl"] = turtle(sorted_triples(void), {"void": str(VOID)})
    entries = [Entry(ds.spec, ds.sha256, ds.fiscal_years, ds.dumps) for ds in datasets if not ds.changeset]
    cat = catalog_graph(minter, base, entries, municipalities, files["all.nq"], base + "void.ttl",
                        load_catalog_meta(settings.manifest), tables, areas)
    files["catalog.ttl"] = turtle(sorted_triples(cat), {"adms": str(ADMS)})
    files["catalog.jsonld"] = jsonld(cat, context_ref=embedded_context())
    files.update(ontology_files())
    extra = {str(minter.catalog()): files["catalog.ttl"], str(minter.void()): files["void.ttl"],
             ONTOLOGY_GRAPH: ontology_turtle(files)}
    for name, data in extra.items():
        published.bulk_load(data, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(name))
    files.update(html_pages(published, sorted(graphs) + [str(minter.catalog()), str(minter.void())],
                            [ONTOLOGY_GRAPH], settings.base_iri))
    return files


def embedded_context() -> dict:
    """The @context of context.jsonld, embedded in every JSON-LD file: a downloaded file expands offline
    (pyld, rdflib, Oxigraph) with no base URL and no document loader; context.jsonld stays published."""
    return json.loads(context_document())["@context"]


def ontology_files() -> dict[str, bytes]:
    """The ontology and concept schemes as they are (Turtle) and as JSON-LD twins, under ontology/."""
    files = {}
    for f in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        files[f"ontology/{f.name}"] = f.read_bytes()
        files[f"ontology/{f.stem}.jsonld"] = jsonld(rdflib_graph(f.read_bytes()), context_ref=embedded_context())
    return files


def ontology_turtle(files: dict[str, bytes]) -> bytes:
    return b"\n".join(data for name, data in sorted(files.items()) if name.startswith("ontology/") and name.endswith(".ttl"))


def store_graphs(settings: Settings, result: BuildResult) -> dict[str, bytes]:
    """N-Triples per named graph for the store (as `sosei push` sends them): each dataset, the catalog,
    VoID and the ontology."""
    return published_graphs(result.files, Minter(settings.base_iri))
