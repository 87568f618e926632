"""The store of the previous build, updated rather than built again when few of its graphs changed.

A build records in its cache what the store it put in place holds: each data graph's IRI with the sha256
of the N-Triples dump it was loaded from, and the store directory's files (name, size, modification
time). The next build with the same code finds that record and, when the store directory still has those
files (nobody wrote to it since), starts from a copy of it (a RocksDB checkpoint: hard links, no data
copied) and changes only what differs:

- the catalog, VoID and ontology graphs are taken out first, both under their names and their share of
  the default graph (they are loaded again after the VoID figures of the data graphs' union have been
  counted on the default graph, as in a fresh build);
- a changed or removed data graph's triples that its new dump no longer says leave the default graph
  unless another named graph still says them; its new triples go into both.

The default graph stays the union of the named graphs (store.py), so the store answers every query as
a fresh one would (tests/test_store_update.py compares their quads). With any doubt (no record, a file
of the store changed, blank nodes, more than SHARE of the dump bytes changed) the store is built afresh.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .publish import FileDigest
from .store import StoreBuilder

BATCH = 200_000  # quads of a graph one SPARQL update takes out
SHARE = 0.2  # above this share of the data graphs' dump bytes changed, a fresh bulk load is faster
SKIPPED = ("LOCK", "LOG")  # files a read-only open may touch; "LOG.old.*" too


class Unsuitable(Exception):
    """The previous store cannot be updated (blank nodes): build it afresh."""


@dataclass(frozen=True)
class StoreRecord:
    graphs: dict  # data graph IRI → sha256 of the N-Triples dump loaded into it
    files: tuple  # the store directory's files: (name, size, modification time in ns), sorted


def record_key(store_dir: Path, code: str) -> str:
    from .cache import digest

    return digest("store-record", str(store_dir.resolve()), code)


def listing(store_dir: Path) -> tuple:
    files = []
    for entry in os.scandir(store_dir):
        if entry.name in SKIPPED or entry.name.startswith("LOG."):
            continue
        st = entry.stat()
        files.append((entry.name, st.st_size, st.st_mtime_ns))
    return tuple(sorted(files))


def previous(cache, key: str, store_dir: Path) -> StoreRecord | None:
    """The record of the store in `store_dir`, when it is still the store that record describes."""
    record = cache.get(key)
    if not isinstance(record, StoreRecord):
        return None
    try:
        return record if listing(store_dir) == record.files else None
    except OSError:
        return None


def remember(cache, key: str, store_dir: Path, graphs: dict[str, str]) -> None:
    cache.put(key, StoreRecord(dict(graphs), listing(store_dir)))


def plan(record: StoreRecord, graphs: dict[str, tuple[Path, FileDigest]]) -> list[str] | None:
    """The data graphs to replace (changed, new or gone), or None when a fresh load is the better way."""
    changed = sorted(iri for iri, (_, d) in graphs.items() if record.graphs.get(iri) != d.sha256)
    gone = sorted(set(record.graphs) - set(graphs))
    total = sum(d.size for _, d in graphs.values())
    if sum(graphs[iri][1].size for iri in changed) > SHARE * max(total, 1) or len(gone) > SHARE * len(graphs):
        return None
    return changed + gone


def _triples(quads) -> set:
    found = set()
    for q in quads:
        if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
            raise Unsuitable("blank node")
        found.add(ox.Triple(q.subject, q.predicate, q.object))
    return found


def _said_elsewhere(store: ox.Store, t: ox.Triple) -> bool:
    return any(not isinstance(q.graph_name, ox.DefaultGraph)
               for q in store.quads_for_pattern(t.subject, t.predicate, t.object, None))


def replace_graph(store: ox.Store, iri: str, path: Path | None) -> None:
    """The named graph `iri` made the triples of the N-Triples file `path` (none: taken out), and the
    default graph kept the union of the named graphs."""
    graph = ox.NamedNode(iri)
    old = _triples(store.quads_for_pattern(None, None, None, graph))
    new = _triples(ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)) if path is not None else set()
    store.remove_graph(graph)
    default = ox.DefaultGraph()
    for t in old - new:
        if not _said_elsewhere(store, t):
            store.remove(ox.Quad(t.subject, t.predicate, t.object, default))
    if new:
        store.extend([ox.Quad(t.subject, t.predicate, t.object, g) for t in new for g in (graph, default)])


def take_out(store: ox.Store, iris: list[str]) -> None:
    """The named graphs `iris` removed, and the triples of theirs that no other named graph says removed
    from the default graph: SPARQL updates evaluated by Oxigraph (4x faster than triple by triple from
    Python on the catalog and VoID of 121 datasets), BATCH quads of a graph at a time (an update is a
    transaction: its changes are held in memory until it commits). ?kept is bound only for a triple no
    other graph says (IF gives an error, which leaves it unbound, otherwise)."""
    others = ", ".join(f"<{iri}>" for iri in iris)
    for iri in iris:
        graph = ox.NamedNode(iri)
        while next(store.quads_for_pattern(None, None, None, graph), None) is not None:
            store.update(f"DELETE {{ GRAPH <{iri}> {{ ?s ?p ?o }} ?s ?p ?kept }} WHERE {{ "
                         f"{{ SELECT ?s ?p ?o WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }} LIMIT {BATCH} }} "
                         f"BIND (IF(EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER (?h NOT IN ({others})) }}, ?unbound, ?o) "
                         f"AS ?kept) }}")
        store.remove_graph(graph)


def updated_store(store_dir: Path, record: StoreRecord, graphs: dict[str, tuple[Path, FileDigest]],
                  meta: list[str]) -> StoreBuilder | None:
    """A StoreBuilder holding a copy of the previous store with the data graphs of `graphs` (IRI → dump
    file and its FileDigest, as written) and without the `meta` graphs; None when a fresh load is the better way."""
    todo = plan(record, graphs)
    if todo is None:
        return None
    try:
        builder = StoreBuilder.copy_of(store_dir)
    except (OSError, RuntimeError):
        return None
    try:
        take_out(builder.store, meta)
        for iri in todo:
            replace_graph(builder.store, iri, graphs[iri][0] if iri in graphs else None)
    except Unsuitable:
        builder.abort()
        return None
    except BaseException:
        builder.abort()
        raise
    return builder
