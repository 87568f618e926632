"""The documents stage: each source of the manifest through extract, parse, map and SHACL, in a pool of
worker processes (`jobs`), or taken from the cache when nothing it depends on changed.

- document_graph: one document's graph, the Document read and every issue found (tests use it).
- build_document: that, plus what the build publishes of it (dumps, VoID figures, CSV tables) as a
  DocumentResult, the unit a worker sends back and the cache keeps.
- document_results: every source's DocumentResult in manifest order (the output does not depend on the
  number of workers), from the cache under document_keys (everything a document depends on: its bytes,
  manifest entry, its publisher's part of the series, the municipality table, base IRI and code), else
  built; a result with an error is not cached.
- cached_series: the strategy lists' projects by year (editions.gather_series), each list's part cached.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .cache import Cache, canonical, code_digest, digest, document_key, file_sha256
from .config import Settings
from .records import Issue, Severity
from .sources import SourceSpec

WINDOW_PER_JOB = 4  # documents in flight per worker: results wait in memory only this far ahead


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
    from .publish import embedded_context, serialize
    from .uris import SOSEI

    graph, doc, issues = document_graph(spec.path(manifest), spec, municipalities, base_iri, series=series)
    years = {int(y) for y in graph.objects(None, SOSEI.year)} | ({spec.fiscal_year} if spec.fiscal_year else set())
    result = DocumentResult(doc.sha256, 0, years, issues, {})
    if publish and not result.has_errors:
        result.dumps = serialize(graph, context_ref=embedded_context())  # readable offline by any processor
        result.statistics, result.tables = dataset_figures(spec.id, result.dumps, base_iri)
    result.triples = result.dumps["nt"].count(b"\n") if result.dumps else len(graph)  # a line a triple
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
        exit_with(parent)
    _WORKER.update(manifest=manifest, municipalities=municipalities, base_iri=base_iri, series=series,
                   cache=cache, publish=publish)


def exit_with(parent: int) -> None:
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
