"""The whole pipeline over the sources manifest: extract → parse → map → validate, per document, in a
pool of worker processes (`jobs`); then publish everything, or nothing.

- Documents: each one goes through its layout in a worker (or in this process when jobs=1) and comes
  back as a DocumentResult (issues, dumps, counts, its VoID figures and CSV tables). Results are taken
  in manifest order, so the output is byte-identical whatever the number of workers. A result without
  errors is kept in the cache (cache.py) under a key of everything it depends on; an unchanged document
  is taken from there, neither re-parsed nor re-validated (an entry without VoID figures, of an older
  build, is built again). `cache=False` (`sosei build --no-cache`) builds every document
  (and keeps what it built). A document with an error is not cached: it is read again next time.
- Publishing: every file (dumps, all.nq, CSV, VoID, catalog, ontology, HTML pages) is written into a
  temporary output directory as it is made (publish.OutputWriter), never all held in memory; the store
  is bulk-loaded from the written files into a temporary store directory. Both are put in place only
  when no error was found anywhere; on any error or exception both are removed and the previous
  output/ and store are left as they were.

BuildResult.stages: seconds of wall time per stage, by name (stable, for bench/):
  series      the rename table and each strategy list's projects by year (editions.gather_series)
  documents   the documents read, parsed, mapped and validated (or taken from the cache), dumps excluded
  dumps       each document's Turtle, N-Triples and JSON-LD written into the temporary output
  changesets  the changesets of sources/changesets.toml: graphs, validation, dumps
  areas       the municipality table dataset (areas.py; its dumps are cached too)
  all.nq      all.nq streamed from the N-Triples dumps
  store       the store bulk-loaded from the written files (datasets, then catalog, VoID, ontology)
  tables      the CSV tables and their CSVW metadata written (each dataset's made with its dumps)
  void        void.ttl (each dataset's figures made with its dumps; those of all datasets queried)
  catalog     catalog.ttl, catalog.jsonld
  ontology    ontology/*.ttl and their JSON-LD twins
  pages       the HTML pages and each page's Turtle and JSON-LD
  swap        output/ and the store put in place
BuildResult.triples: the data triples published (every dataset's, changesets included; what
`sosei build` prints).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from .cache import Cache, canonical, code_digest, digest, document_key, file_sha256
from .config import Settings
from .records import Issue, Report, Severity
from .sources import SourceSpec, load_manifest, load_municipalities

STAGES = ("series", "documents", "dumps", "changesets", "areas", "all.nq", "store", "tables", "void", "catalog",
          "ontology", "pages", "swap")
PUBLISH_STAGES = STAGES[4:]
WINDOW_PER_JOB = 4  # documents in flight per worker: results wait in memory only this far ahead


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
class DocumentResult:
    """What one document gave, as a worker sends it back and the cache keeps it (picklable)."""

    sha256: str
    triples: int
    fiscal_years: set[int]
    issues: list[Issue]
    dumps: dict[str, bytes]  # format key → bytes (empty when not publishing)
    statistics: dict | None = None  # with the dumps: the dataset's VoID figures (void.store_statistics)
    tables: list = field(default_factory=list)  # with the dumps: its CSV files (tables.CsvFile, data bytes)

    @property
    def has_errors(self) -> bool:
        return any(i.severity is Severity.ERROR for i in self.issues)


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

    @property
    def published(self) -> bool:
        return bool(self.files) and not self.report.errors


def municipalities_path(settings: Settings) -> Path:
    return settings.manifest.parent / "municipalities.toml"


def cache_dir(settings: Settings) -> Path:
    """The cache beside the store: .sosei/cache for the default .sosei/store."""
    return settings.store_dir.parent / "cache"


def validate_graph(graph, file: str, sha256: str) -> list[Issue]:
    """SHACL (validate.validate_graph), imported when first needed: a build whose documents all come
    from the cache never imports pyshacl."""
    from .validate import validate_graph as shacl

    return shacl(graph, file, sha256)


def document_graph(path: Path, spec: SourceSpec, municipalities, base_iri: str, *,
                   validate: bool = True, series=None):
    """One document through extract, parse, map (and SHACL): its graph, the Document read, and every
    issue found. Raises InputError/LayoutError when the file cannot be read in its layout."""
    from .extract import read_document
    from .layouts import LAYOUTS
    from .mapping import Context, map_document
    from .records import tolerated
    from .series import Series
    from .uris import Minter

    layout = LAYOUTS[spec.layout]
    doc = read_document(path, spec.file)
    parsed, issues = layout.parse(doc, spec)
    issues = tolerated(issues, spec.tolerate)
    ctx = Context(Minter(base_iri), spec, municipalities[spec.publisher], doc.sha256, municipalities,
                  series or Series())
    graph, found = map_document(ctx, layout.map, parsed, issues)
    shacl = validate_graph(graph, spec.file, doc.sha256) if validate else []
    return graph, doc, issues + found + shacl


def build_document(spec: SourceSpec, manifest: Path, municipalities, base_iri: str, series, *,
                   publish: bool = True) -> DocumentResult:
    """One source of the manifest, all the way: what the build keeps of it (dumps when publishing and
    no error was found in it)."""
    from .publish import serialize
    from .uris import SOSEI

    graph, doc, issues = document_graph(spec.path(manifest), spec, municipalities, base_iri, series=series)
    years = {int(y) for y in graph.objects(None, SOSEI.year)} | ({spec.fiscal_year} if spec.fiscal_year else set())
    result = DocumentResult(doc.sha256, len(graph), years, issues, {})
    if publish and not result.has_errors:
        result.dumps = serialize(graph, context_ref=embedded_context())  # readable offline by any processor
        result.statistics, result.tables = dataset_figures(spec.id, result.dumps, base_iri)
    return result


def dataset_figures(source_id: str, dumps: dict[str, bytes], base_iri: str) -> tuple[dict, list]:
    """What VoID and the CSV tables publish of one dataset, where the dataset is made (its worker), from
    a store in memory holding only its N-Triples dump, rather than by queries over the whole output
    store: its VoID figures and its CSV files."""
    from .tables import dataset_csv
    from .uris import Minter
    from .void import store_statistics

    graph = str(Minter(base_iri).dataset(source_id))
    store = dataset_store(dumps["nt"], graph)
    return store_statistics(store, graph), dataset_csv(store, source_id, graph, base_iri)


def dataset_store(ntriples: bytes, graph: str):
    """A store in memory with `ntriples` in the named `graph` (Store.load: faster than bulk_load for one
    document's few thousand triples)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
    return store


# --- workers -------------------------------------------------------------------------------------------

_WORKER: dict = {}


def _init_worker(manifest: Path, municipalities, base_iri: str, series, cache: Cache, publish: bool,
                 parent: int | None = None) -> None:
    """What every document needs, given to each worker once (not with every task)."""
    if parent is not None:
        _exit_with(parent)
    _WORKER.update(manifest=manifest, municipalities=municipalities, base_iri=base_iri, series=series,
                   cache=cache, publish=publish)


def _exit_with(parent: int) -> None:
    """A worker ends when the build process ends, even killed (Linux PR_SET_PDEATHSIG); else an orphan
    would wait on its task queue for ever."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the build ended before prctl took effect
        os._exit(1)


def _document_task(spec: SourceSpec, key: str | None) -> DocumentResult:
    w = _WORKER
    result = build_document(spec, w["manifest"], w["municipalities"], w["base_iri"], w["series"],
                            publish=w["publish"])
    if key is not None and w["publish"] and not result.has_errors:  # an entry always has its dumps
        w["cache"].put(key, result)
    return result


def series_parts(series) -> dict[str, str]:
    """A digest per municipality of what the series knows of it (its renames, its projects' years and
    names): the part of the series a document of that publisher reads."""
    by_code: dict[str, list] = {}
    for r in series.renames:
        by_code.setdefault(r.municipality, []).append(["rename", r.old, r.new, r.from_year])
    for (code, key), years in series.editions.items():
        by_code.setdefault(code, []).append(["edition", key, sorted(years.items())])
    return {code: digest(canonical(sorted(items, key=canonical))) for code, items in by_code.items()}


def municipalities_digest(municipalities) -> str:
    table = {code: municipalities[code] for code in sorted(municipalities)}
    return digest(canonical({"table": table, "dormant": sorted(getattr(municipalities, "dormant", ()))}))


def document_keys(settings: Settings, specs: list[SourceSpec], municipalities, series) -> list[str | None]:
    """The cache key of each source (None where the file cannot be read: the build reports it)."""
    parts, table, code = series_parts(series), municipalities_digest(municipalities), code_digest()
    keys: list[str | None] = []
    for spec in specs:
        try:
            sha = file_sha256(spec.path(settings.manifest))
        except OSError:
            keys.append(None)
            continue
        keys.append(document_key(source_sha256=sha, spec=spec, base_iri=settings.base_iri,
                                 series_part=parts.get(spec.publisher, ""), municipalities=table, code=code))
    return keys


def document_results(settings: Settings, specs: list[SourceSpec], municipalities, series, cache: Cache, *,
                     jobs: int, publish: bool, counts: dict) -> Iterator[DocumentResult]:
    """Each source's DocumentResult, in manifest order: from the cache, else built (in `jobs` workers)."""
    keys = document_keys(settings, specs, municipalities, series)
    initargs = (settings.manifest, municipalities, settings.base_iri, series, cache, publish)
    cached = [key is not None and key in cache for key in keys]
    todo = [i for i in range(len(specs)) if not cached[i]]
    pool = None
    if jobs > 1 and len(todo) > 1:
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=min(jobs, len(todo)), initializer=_init_worker,
                                   initargs=(*initargs, os.getpid()))
    _init_worker(*initargs)  # this process builds too: jobs=1, and a damaged cache entry
    pending: dict = {}
    queue = iter(todo)
    try:
        for i, spec in enumerate(specs):
            if cached[i]:
                found = cache.get(keys[i])
                if found is not None and getattr(found, "statistics", None) is not None:  # else: an older entry
                    counts["hits"] += 1
                    yield found
                    continue
                counts["built"] += 1
                yield _document_task(spec, keys[i])  # damaged entry: rebuilt here, in order
                continue
            counts["built"] += 1
            if pool is None:
                yield _document_task(spec, keys[i])
                continue
            while len(pending) < jobs * WINDOW_PER_JOB:
                j = next(queue, None)
                if j is None:
                    break
                pending[j] = pool.submit(_document_task, specs[j], keys[j])
            yield pending.pop(i).result()
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def cached_series(settings: Settings, specs: list[SourceSpec], cache: Cache):
    """editions.gather_series, each strategy list's part kept in the cache (keyed like a document, with
    its publisher's renames): a build whose strategy lists did not change parses none of them."""
    from .editions import LAYOUT, read_edition
    from .extract import InputError
    from .parse import LayoutError
    from .series import RENAMES_FILE, Series, load_renames

    series = Series(load_renames(settings.manifest.parent / RENAMES_FILE))
    code = code_digest()
    for spec in specs:
        if spec.layout != LAYOUT:
            continue
        renames = [r for r in series.renames if r.municipality == spec.publisher]
        try:
            key = digest("series", file_sha256(spec.path(settings.manifest)), canonical(spec), canonical(renames), code)
        except OSError:
            key = None
        found = cache.get(key) if key is not None else None
        if found is None:
            try:
                edition = read_edition(spec, settings.manifest, series)
            except (InputError, LayoutError):  # reported by the build itself when it reaches the source
                continue
            found = [(k, edition.year, ep.project.label) for k, ep in edition.projects.items()]
            if key is not None:
                cache.put(key, found)
        for k, year, label in found:
            series.editions.setdefault((spec.publisher, k), {})[year] = label
    return series


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
            result.quads_in_store, result.pages_reused, result.store_updated = publish_output(
                settings, writer, result.datasets, municipalities, stage, store, jobs=jobs)
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


PAGES_IN_MEMORY = 1_000_000
"""Data triples above which the HTML pages are rendered from an SQLite page store on disk (html.py,
pagestore.py) rather than an index in memory: the same bytes, in memory that does not grow with the corpus.
With more than one job the page store is used whatever the corpus: each worker forked over an index in
memory copies the pages of it that it touches (N = 20, 279k triples, 2 workers: 1.41 GB of summed PSS over
an index in memory, 0.74 GB over the page store, the same wall time)."""


def publish_output(settings: Settings, writer, datasets: list[DatasetResult], municipalities, stage,
                   cache: Cache, *, jobs: int = 1) -> tuple[int, bool, bool]:
    """Every file of output/ besides the dumps written already: context, municipality dataset, all.nq,
    CSV tables, VoID, catalog, ontology (Turtle and JSON-LD), HTML pages (by `jobs` processes); the store
    loaded from them, or the previous store changed where they differ (storeupdate.py). Then output/ and
    the store are put in place. Returns the store's quad count, whether the pages were those of the
    previous output/ (pagejobs.reuse_pages) and whether the store was the previous one updated."""
    import pyoxigraph as ox

    from .areas import AREAS_ID, area_dumps
    from .catalog import ADMS, Entry, catalog_graph, dataset_path, load_catalog_meta
    from .html import build_index, disk_renderer, make_renderer
    from .pagejobs import pages_key, remember_pages, reuse_pages, write_pages
    from .pagestore import file_triples
    from .publish import (CONTEXT_FILE, FORMATS, context_document, join_removals, jsonld, sorted_triples, turtle,
                          write_nquads)
    from .store import StoreBuilder
    from .storeupdate import previous, record_key, remember, updated_store
    from .uris import Minter
    from .void import VOID, store_statistics, void_triples

    minter, base = Minter(settings.base_iri), settings.download_base_url
    writer.write(CONTEXT_FILE, context_document())
    dumps, urls, figures = {}, {}, {}  # graph IRI → N-Triples file; → {format: download URL}; → VoID figures
    shas = {}  # graph IRI → sha256 of its N-Triples file
    for ds in datasets:
        iri = str(minter.dataset(ds.spec.id))
        dumps[iri] = writer.path(dataset_path(ds.spec.id, ".nt"))
        shas[iri] = ds.dumps["nt"].sha256
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
        shas[areas_iri] = areas["nt"].sha256
        urls[areas_iri] = {fmt.key: base + AREAS_ID + fmt.suffix for fmt in FORMATS}
    with stage("all.nq"):
        all_nq = writer.record("all.nq", write_nquads(writer.path("all.nq"), dumps))
    store_key, builder = record_key(settings.store_dir, code_digest()), None
    try:
        with stage("store"):
            record = previous(cache, store_key, settings.store_dir)
            meta = [str(minter.catalog()), str(minter.void()), _ontology_graph()]
            if record is not None:
                builder = updated_store(settings.store_dir, record, {i: (dumps[i], shas[i]) for i in dumps}, meta)
            updated = builder is not None
            if not updated:
                builder = StoreBuilder(settings.store_dir)
                builder.load_all([(iri, dumps[iri]) for iri in sorted(dumps)], nquads=writer.path("all.nq"))
        store = builder.store
        with stage("tables"):  # written with each dataset's dumps; here in the order of their ids
            tables = [f for ds in sorted(datasets, key=lambda ds: ds.spec.id) for f in ds.tables]
        with stage("void"):  # each dataset's figures came with it; those of all of them from the store
            links = {pair for stats in figures.values() for pair in stats["links"]}
            key = digest("void-totals", *[f"{i} {shas[i]}" for i in sorted(shas)], repr(sorted(links)), code_digest())
            totals = cache.get(key)  # the same data graphs have the same figures
            if not isinstance(totals, dict):
                totals = store_statistics(store, links=links)
                cache.put(key, totals)
            void = void_triples(minter, base, urls, figures, totals)
            writer.write("void.ttl", turtle(void, {"void": str(VOID)}))
        with stage("catalog"):
            entries = [Entry(ds.spec, ds.sha256, ds.fiscal_years, ds.dumps) for ds in datasets if not ds.changeset]
            cat = catalog_graph(minter, base, entries, municipalities, all_nq, base + "void.ttl",
                                load_catalog_meta(settings.manifest), tables, areas)
            writer.write("catalog.ttl", turtle(sorted_triples(cat), {"adms": str(ADMS)}))
            writer.write("catalog.jsonld", jsonld(cat, context_ref=embedded_context()))
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
            key = pages_key(writer, ontology, settings.base_iri, code_digest())
            reused = reuse_pages(cache, key, settings.output_dir, writer)
            if not reused:
                data_graphs = sorted(dumps) + [str(minter.catalog()), str(minter.void())]
                on_disk = jobs > 1 or sum(ds.triples for ds in datasets) > PAGES_IN_MEMORY
                with tempfile.TemporaryDirectory(prefix="pages-", dir=settings.store_dir.parent) as work:
                    if on_disk:  # the page store from the files written: they parse 3x faster than the store reads
                        written = [writer.path(f) for f in ("all.nq", "catalog.ttl", "void.ttl")]
                        renderer = disk_renderer(file_triples(written), build_index(store, [_ontology_graph()]),
                                                 settings.base_iri, Path(work))
                    else:
                        renderer = make_renderer(store, data_graphs, [_ontology_graph()], settings.base_iri)
                    write_pages(renderer, writer, jobs, Path(work), disk=on_disk)
                    del renderer
                remember_pages(cache, key, writer)
        with stage("store"):
            del store
            count = builder.close()
        with stage("swap"):
            writer.commit()
            builder.commit()
            remember(cache, store_key, settings.store_dir, shas)
            join_removals()  # the old output/ and store, removed at once in threads
        return count, reused, updated
    except BaseException:
        if builder is not None:
            builder.abort()
        raise


def embedded_context() -> dict:
    """The @context of context.jsonld, embedded in every JSON-LD file: a downloaded file expands offline
    (pyld, rdflib, Oxigraph) with no base URL and no document loader; context.jsonld stays published."""
    from .publish import context_document

    return json.loads(context_document())["@context"]


def ontology_files() -> dict[str, bytes]:
    """The ontology and concept schemes as they are (Turtle) and as JSON-LD twins, under ontology/."""
    from .publish import jsonld, rdflib_graph
    from .validate import ONTOLOGY_DIR

    files = {}
    for f in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        files[f"ontology/{f.name}"] = f.read_bytes()
        files[f"ontology/{f.stem}.jsonld"] = jsonld(rdflib_graph(f.read_bytes()), context_ref=embedded_context())
    return files


def ontology_turtle(files: dict[str, bytes]) -> bytes:
    return b"\n".join(data for name, data in sorted(files.items()) if name.startswith("ontology/") and name.endswith(".ttl"))
