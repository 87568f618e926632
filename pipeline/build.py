"""The whole pipeline over the sources manifest: extract → parse → map → validate, per document, in a
pool of worker processes (`jobs`); then publish everything, or nothing.

- Documents (documents.py): each one goes through its layout in a worker (or in this process when
  jobs=1) and comes back as a DocumentResult (issues, dumps, counts, its VoID figures and CSV tables).
  Results are taken in manifest order, so the output is byte-identical whatever the number of workers.
  A result without errors is kept in the cache (cache.py) under a key of everything it depends on; an
  unchanged document is taken from there, neither re-parsed nor re-validated (an entry without VoID
  figures, of an older build, is built again). `cache=False` (`sosei build --no-cache`) builds every
  document (and keeps what it built). A document with an error is not cached: it is read again next time.
- Publishing: every file (dumps, all.nq, CSV, VoID, catalog, ontology, HTML pages) is written into a
  temporary output directory as it is made (publish.OutputWriter), never all held in memory; the store
  is bulk-loaded from the written files into a temporary store directory, or is a copy of the previous
  store with only its changed graphs replaced (storeupdate.py). Both are put in place only
  when no error was found anywhere; on any error or exception both are removed and the previous
  output/ and store are left as they were.

BuildResult.stages: seconds of wall time per stage, by name (stable, for bench/):
  series      the rename table and each strategy list's projects by year (editions.gather_series)
  documents   the documents read, parsed, mapped and validated (or taken from the cache), dumps excluded
  dumps       each document's Turtle, N-Triples and JSON-LD written into the temporary output
  changesets  the changesets of sources/changesets.toml: graphs, validation, dumps
  areas       the municipality table dataset (areas.py; its dumps are cached too)
  all.nq      all.nq streamed from the N-Triples dumps
  store       the store bulk-loaded from the written files or updated (datasets, then catalog, VoID, ontology)
  tables      the CSV tables and their CSVW metadata written (each dataset's made with its dumps)
  void        void.ttl (each dataset's figures made with its dumps; those of all datasets queried)
  catalog     catalog.ttl, catalog.jsonld, entry by entry through sorted runs on disk (catalog_stream.py)
  ontology    ontology/*.ttl and their JSON-LD twins
  pages       the HTML pages and each page's Turtle and JSON-LD: linked whole from the previous output/, or
              rendered only where the data changed (the rest linked), or all rendered (pagestage.py)
  swap        output/ and the store put in place
BuildResult.triples: the data triples published (every dataset's, changesets included; what
`sosei build` prints).
"""

from __future__ import annotations

import os
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from .cache import Cache, code_digest, digest
from .config import Settings
from .documents import (cached_series, dataset_figures, dataset_store, document_results, municipalities_digest,
                        validate_graph)
from .records import Report
from .sources import SourceSpec, load_manifest, load_municipalities

STAGES = ("series", "documents", "dumps", "changesets", "areas", "all.nq", "store", "tables", "void", "catalog",
          "ontology", "pages", "swap")
PUBLISH_STAGES = STAGES[4:]


def _ontology_graph() -> str:
    from .uris import SOSEI_ONTOLOGY

    return str(SOSEI_ONTOLOGY)


@dataclass
class DatasetResult:
    spec: SourceSpec
    sha256: str
    triples: int
    fiscal_years: set[int]
    dumps: dict  # format key → FileDigest of the file written (empty when nothing is published)
    changeset: bool = False  # a sosei:Changeset of two editions (pipeline/changeset.py), not a source
    statistics: dict | None = None  # its VoID figures (void.store_statistics), when published
    tables: list = field(default_factory=list)  # its CSV files written (tables.CsvFile, data a FileDigest)


@dataclass
class BuildResult:
    report: Report = field(default_factory=Report)
    datasets: list[DatasetResult] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # output/-relative paths written (sorted)
    quads_in_store: int | None = None
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage (module docstring)
    triples: int = 0  # data triples published
    cache_hits: int = 0  # documents taken from the cache
    documents_built: int = 0  # documents read, parsed, mapped and validated
    pages_reused: bool = False  # html/ linked from the previous output/, its inputs unchanged (pagejobs)
    store_updated: bool = False  # the previous store copied and changed where it differs (storeupdate)
    pages_incremental: bool = False  # only the pages that can differ rendered, the rest linked (pagestage)
    pages_rendered: int = 0  # pages rendered (each with its .ttl and .jsonld; html/index.html aside)

    @property
    def published(self) -> bool:
        return bool(self.files) and not self.report.errors


def municipalities_path(settings: Settings) -> Path:
    return settings.manifest.parent / "municipalities.toml"


def cache_dir(settings: Settings) -> Path:
    """The cache beside the store: .sosei/cache for the default .sosei/store."""
    return settings.store_dir.parent / "cache"


# --- the build -----------------------------------------------------------------------------------------

class _Stages:
    def __init__(self, stages: dict[str, float], bar=None):
        self.stages, self.bar, self.done = stages, bar, set()

    @contextmanager
    def __call__(self, name: str):
        if self.bar is not None:
            self.bar.set_postfix_str(name)
        start = time.perf_counter()
        try:
            yield
        finally:
            self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - start
            if self.bar is not None and name in PUBLISH_STAGES and name not in self.done:
                self.done.add(name)  # the store is loaded in three steps: one tick
                self.bar.update(1)


def run(settings: Settings, *, publish: bool = True, progress: bool = False, jobs: int | None = None,
        cache: bool = True) -> BuildResult:
    """Build every source; publish (output/ and the store) only when no error was found anywhere.
    `jobs`: worker processes for the documents (default: the number of CPUs; 1 builds in this process).
    `cache`: take unchanged documents from the cache (False: build them all); what is built is kept
    there either way."""
    from tqdm import tqdm

    from .catalog import load_catalog_meta
    from .layouts import LAYOUTS

    jobs = max(1, jobs or os.cpu_count() or 1)
    result = BuildResult(stages={name: 0.0 for name in STAGES})
    stage = _Stages(result.stages)
    municipalities = load_municipalities(municipalities_path(settings))
    specs = load_manifest(settings.manifest, set(LAYOUTS), municipalities)
    load_catalog_meta(settings.manifest)  # a bad [catalog] table fails before any document is read
    store = Cache(cache_dir(settings), read=cache)
    with stage("series"):
        series = cached_series(settings, specs, store)  # years and names of each project across editions
    writer = None
    try:
        if publish:
            from .publish import OutputWriter

            writer = OutputWriter(settings.output_dir)
        counts = {"hits": 0, "built": 0}
        results = document_results(settings, specs, municipalities, series, store, jobs=jobs, publish=publish,
                                   counts=counts)
        started = time.perf_counter()
        for spec in tqdm(specs, desc="sources", unit="doc", disable=not progress):
            doc = next(results)
            result.report.extend(doc.issues)
            written, tables = {}, []
            if writer is not None and not result.report.errors:
                with stage("dumps"):
                    written = write_dumps(writer, spec.id, doc.dumps)
                with stage("tables"):
                    tables = write_tables(writer, doc.tables)
            result.datasets.append(DatasetResult(spec, doc.sha256, doc.triples, doc.fiscal_years, written,
                                                 statistics=doc.statistics, tables=tables))
            del doc
        results.close()
        result.stages["documents"] = (time.perf_counter() - started - result.stages["dumps"]
                                      - result.stages["tables"])
        result.cache_hits, result.documents_built = counts["hits"], counts["built"]
        result.triples = sum(ds.triples for ds in result.datasets)
        if result.report.errors or writer is None:
            return result
        with stage("changesets"):
            _changesets(settings, specs, series, writer, result)
        result.triples = sum(ds.triples for ds in result.datasets)
        if result.report.errors:
            return result
        with tqdm(total=len(PUBLISH_STAGES), desc="publish", unit="stage", disable=not progress) as bar:
            stage.bar = bar
            result.quads_in_store, pages, result.store_updated = publish_output(
                settings, writer, result.datasets, municipalities, stage, store, jobs=jobs)
            result.pages_reused, result.pages_incremental = pages.reused, pages.incremental
            result.pages_rendered = pages.rendered
        result.files = writer.files
        writer = None  # committed
        return result
    finally:
        if writer is not None:
            writer.abort()


def write_dumps(writer, source_id: str, dumps: dict[str, bytes]) -> dict:
    from .catalog import dataset_path
    from .publish import FORMATS

    return {fmt.key: writer.write(dataset_path(source_id, fmt.suffix), dumps[fmt.key]) for fmt in FORMATS}


def write_tables(writer, files: list) -> list:
    """Each CSV file (tables.CsvFile) written; the same files with their FileDigest as data."""
    return [replace(f, data=writer.write(f.path, f.data)) for f in files]


def _changesets(settings: Settings, specs, series, writer, result: BuildResult) -> None:
    from .changeset import changesets
    from .publish import CONTEXT_FILE, serialize
    from .uris import Minter

    for spec, graph in changesets(settings.manifest, specs, series, Minter(settings.base_iri)):
        result.report.extend(validate_graph(graph, spec.id, ""))
        written, statistics, tables = {}, None, []
        if not result.report.errors:
            dumps = serialize(graph, context_ref=f"../{CONTEXT_FILE}")
            statistics, tables = dataset_figures(spec.id, dumps, settings.base_iri)
            written, tables = write_dumps(writer, spec.id, dumps), write_tables(writer, tables)
        result.datasets.append(DatasetResult(spec, "", len(graph), {spec.fiscal_year} - {None}, written,
                                             changeset=True, statistics=statistics, tables=tables))


def publish_output(settings: Settings, writer, datasets: list[DatasetResult], municipalities, stage,
                   cache: Cache, *, jobs: int = 1) -> tuple:
    """Every file of output/ besides the dumps written already: context, municipality dataset, all.nq,
    CSV tables, VoID, catalog, ontology (Turtle and JSON-LD), HTML pages (by `jobs` processes); the store
    loaded from them, or the previous store changed where they differ (storeupdate.py). Then output/ and
    the store are put in place. Returns the store's quad count, how the pages were made (a
    pagestage.PagesOutcome: linked whole, rendered where they can differ, or every one rendered from the
    page store, which is kept for the next build) and whether the store was the previous one updated."""
    import pyoxigraph as ox

    from .areas import AREAS_ID, area_dumps
    from .catalog import ADMS, Entry, catalog_graph, catalog_parts, dataset_path, load_catalog_meta
    from .catalog_stream import write_catalog, write_turtle
    from .html import PAGE_STORE, build_index
    from .mapping import PREFIXES
    from .pagejobs import PageStoreLoader
    from .pagestage import PagesInputs, full_render_likely, publish_pages
    from .publish import CONTEXT_FILE, FORMATS, context_document, embedded_context, join_removals, write_nquads
    from .store import StoreBuilder
    from .storeupdate import previous, record_key, remember, updated_store
    from .uris import Minter
    from .void import VOID, store_statistics, void_parts

    minter, base = Minter(settings.base_iri), settings.download_base_url
    writer.write(CONTEXT_FILE, context_document())
    dumps, urls, figures = {}, {}, {}  # graph IRI → N-Triples file; → {format: download URL}; → VoID figures
    nt = {}  # graph IRI → FileDigest (size, sha256) of its N-Triples file
    for ds in datasets:
        iri = str(minter.dataset(ds.spec.id))
        dumps[iri] = writer.path(dataset_path(ds.spec.id, ".nt"))
        nt[iri] = ds.dumps["nt"]
        urls[iri] = {fmt.key: base + dataset_path(ds.spec.id, fmt.suffix) for fmt in FORMATS}
        figures[iri] = ds.statistics
    with stage("areas"):
        areas_iri = str(minter.dataset(AREAS_ID))
        key = digest("areas", municipalities_digest(municipalities), settings.base_iri, code_digest())
        made = cache.get(key)  # the same table, IRIs and code make the same dumps (and VoID figures)
        if not isinstance(made, tuple):
            made = area_dumps(minter, municipalities, embedded_context())
            made = (made, store_statistics(dataset_store(made["nt"], areas_iri), areas_iri))
            cache.put(key, made)
        # beside all.nq: datasets/ holds the source documents
        areas = {fmt.key: writer.write(AREAS_ID + fmt.suffix, made[0][fmt.key]) for fmt in FORMATS}
        figures[areas_iri] = made[1]
        del made
        dumps[areas_iri] = writer.path(AREAS_ID + ".nt")
        nt[areas_iri] = areas["nt"]
        urls[areas_iri] = {fmt.key: base + AREAS_ID + fmt.suffix for fmt in FORMATS}
    with stage("all.nq"):
        all_nq = writer.record("all.nq", write_nquads(writer.path("all.nq"), dumps))
    store_key, builder = record_key(settings.store_dir, code_digest()), None
    work = tempfile.TemporaryDirectory(prefix="pages-", dir=settings.store_dir.parent)
    loader = None  # the page store loaded from all.nq on the second core meanwhile (pagejobs.PageStoreLoader)
    try:
        if full_render_likely(cache, settings.store_dir, settings.base_iri, code_digest()):
            loader = PageStoreLoader(Path(work.name) / PAGE_STORE, [writer.path("all.nq")], settings.base_iri)
        with stage("store"):
            record = previous(cache, store_key, settings.store_dir)
            meta = [str(minter.catalog()), str(minter.void()), _ontology_graph()]
            if record is not None:
                builder = updated_store(settings.store_dir, record, {i: (dumps[i], nt[i]) for i in dumps}, meta)
            updated = builder is not None
            if not updated:
                builder = StoreBuilder(settings.store_dir)
                builder.load_all([(iri, dumps[iri]) for iri in sorted(dumps)], nquads=writer.path("all.nq"))
        store = builder.store
        with stage("tables"):  # written with each dataset's dumps; here in the order of their ids
            tables = [f for ds in sorted(datasets, key=lambda ds: ds.spec.id) for f in ds.tables]
        with stage("void"):  # each dataset's figures came with it; those of all of them from the store
            key = digest("void-totals", *[f"{i} {nt[i].sha256}" for i in sorted(nt)], code_digest())
            totals = cache.get(key)  # the same data graphs (and code) have the same figures and links
            if not isinstance(totals, dict):
                links = {pair for stats in figures.values() for pair in stats["links"]}
                totals = store_statistics(store, links=links)
                cache.put(key, totals)
            parts = void_parts(minter, base, urls, figures, totals)  # through sorted runs on disk, as the catalog
            writer.record("void.ttl", write_turtle(parts, writer.path("void.ttl"), settings.store_dir.parent,
                                                   {**PREFIXES, "void": str(VOID)}))
            del totals, figures
        with stage("catalog"):  # entry by entry through sorted runs on disk: no graph of every entry
            entries = [Entry(ds.spec, ds.sha256, ds.fiscal_years, ds.dumps) for ds in datasets if not ds.changeset]
            inputs = (minter, base, entries, municipalities, all_nq, base + "void.ttl",
                      load_catalog_meta(settings.manifest), tables, areas)
            digests = write_catalog(catalog_parts(set, *inputs), writer.path("catalog.ttl"),
                                    writer.path("catalog.jsonld"), settings.store_dir.parent,
                                    {**PREFIXES, "adms": str(ADMS)}, embedded_context(),
                                    lambda: catalog_graph(*inputs))
            for rel, written in zip(("catalog.ttl", "catalog.jsonld"), digests):
                writer.record(rel, written)
        with stage("ontology"):
            files = ontology_files()
            for rel, data in files.items():
                writer.write(rel, data)
            ontology = ontology_turtle(files)
        with stage("store"):
            builder.load(str(minter.catalog()), path=writer.path("catalog.ttl"), format=ox.RdfFormat.TURTLE)
            builder.load(str(minter.void()), path=writer.path("void.ttl"), format=ox.RdfFormat.TURTLE)
            builder.load(_ontology_graph(), data=ontology, format=ox.RdfFormat.TURTLE)
        with stage("pages"):
            nq_root = writer.path("")
            graphs = {iri: (str(dumps[iri].relative_to(nq_root)), nt[iri].sha256) for iri in dumps}
            inputs = PagesInputs(settings.output_dir, settings.store_dir, settings.base_iri, ontology,
                                 _ontology_graph(), code_digest(), graphs)
            pages = publish_pages(inputs, writer, cache, store, build_index(store, [_ontology_graph()]), jobs,
                                  loader)
        with stage("store"):
            del store
            count = builder.close()
        with stage("swap"):
            writer.commit()
            builder.commit()
            remember(cache, store_key, settings.store_dir, {iri: d.sha256 for iri, d in nt.items()})
            join_removals()  # the old output/ and store, removed at once in threads
        return count, pages, updated
    except BaseException:
        if builder is not None:
            builder.abort()
        raise
    finally:
        if loader is not None:
            loader.stop()
        work.cleanup()


def ontology_files() -> dict[str, bytes]:
    """The ontology and concept schemes as they are (Turtle) and as JSON-LD twins, under ontology/."""
    from .publish import embedded_context, jsonld, rdflib_graph
    from .validate import ONTOLOGY_DIR

    files = {}
    for f in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        files[f"ontology/{f.name}"] = f.read_bytes()
        files[f"ontology/{f.stem}.jsonld"] = jsonld(rdflib_graph(f.read_bytes()), context_ref=embedded_context())
    return files


def ontology_turtle(files: dict[str, bytes]) -> bytes:
    return b"\n".join(data for name, data in sorted(files.items()) if name.startswith("ontology/") and name.endswith(".ttl"))
