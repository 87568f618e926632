"""The embedded Oxigraph store: loaded from the published dumps, one named graph per dataset (for
GRAPH queries) and the same triples once more in the default graph, so that a plain query sees every
triple exactly once (a union of named graphs would repeat what two datasets both say, such as a
municipality's name, and double counts).
"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
from tqdm import tqdm

from .publish import fresh_sibling, swap_in


class StoreError(Exception):
    pass


CHUNK = 1 << 20  # bytes read at a time from the files a bulk load streams
SMALL = 256 << 10  # bytes of a file loaded in one transaction rather than bulk-loaded
SLICE = 48 << 20  # bytes of N-Triples/N-Quads one bulk_load call is given
SLICE_TRIPLES = 200_000  # triples of a parsed file (Turtle) one bulk_extend call is given
"""A bulk load holds what it is given in memory while it sorts it: 1.4 M quads (413 MB of N-Quads) in
one call peaked at 1,223 MiB of RSS, the same in 200k-quad slices at 225 MiB, in the same CPU time
(29.7 vs 29.9 s). So every bulk load is fed in slices, and memory stays flat however large the corpus.
A blank node keeps its identity only within one bulk_load call (each call renames them): from the first
slice holding one, the rest goes in one call (sosei's dumps hold none)."""


class _Then(io.RawIOBase):
    """`head` bytes, then what `stream` reads."""

    def __init__(self, head: bytes, stream):
        self.head, self.stream = memoryview(head), stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        return self.stream.readinto(buffer)


def bulk_lines(store: ox.Store, stream, format: ox.RdfFormat, graph=None, size: int | None = None) -> None:
    """A line-based stream (N-Triples, N-Quads: no line break inside a statement) bulk-loaded in slices
    of about `size` bytes (SLICE), each ending at a line end."""
    size, rest = size or SLICE, b""
    while True:
        block = stream.read(size)
        if not block:
            break
        block = rest + block
        if b"_:" in block:  # perhaps a blank node: the rest in one call
            store.bulk_load(io.BufferedReader(_Then(block, stream), CHUNK), format=format, to_graph=graph)
            return
        cut = block.rfind(b"\n") + 1
        rest = block[cut:]
        if cut:
            store.bulk_load(block[:cut], format=format, to_graph=graph)
    if rest:
        store.bulk_load(rest, format=format, to_graph=graph)


def bulk_parsed(store: ox.Store, quads, graph=None, size: int | None = None) -> None:
    """Quads (a parser's: Turtle …) bulk-extended `size` at a time, into `graph` when given, else each
    into its own (Python quads keep their blank nodes' identity from one call to the next)."""
    size, batch = size or SLICE_TRIPLES, []
    for q in quads:
        batch.append(q if graph is None else ox.Quad(q.subject, q.predicate, q.object, graph))
        if len(batch) >= size:
            store.bulk_extend(batch)
            batch = []
    if batch:
        store.bulk_extend(batch)


class _Chain(io.RawIOBase):
    """Files read one after the other as one binary stream (each N-Triples dump ends with a newline)."""

    def __init__(self, paths: list[Path]):
        self.paths, self.file = list(reversed(paths)), None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while True:
            if self.file is None:
                if not self.paths:
                    return 0
                self.file = open(self.paths.pop(), "rb")
            n = self.file.readinto(buffer)
            if n:
                return n
            self.file.close()
            self.file = None

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None
        super().close()


class StoreBuilder:
    """A fresh store in a sibling temporary directory, loaded graph by graph from files, then put in
    place in one step (`commit`, swap_in) or removed (`abort`). Each graph goes in twice: under its
    name, and in the default graph. `store` may be queried while it is built (the build's tables, VoID
    and pages read it)."""

    def __init__(self, store_dir: Path, *, copy: bool = False):
        self.target, self.tmp = fresh_sibling(store_dir)
        if copy:  # a checkpoint of the store in place: its files hard-linked, none copied
            self.tmp.rmdir()
            try:
                ox.Store.read_only(str(self.target)).backup(str(self.tmp))
            except BaseException:
                shutil.rmtree(self.tmp, ignore_errors=True)
                raise
        self.store: ox.Store | None = ox.Store(str(self.tmp))

    @classmethod
    def copy_of(cls, store_dir: Path) -> StoreBuilder:
        """A builder starting from the store in place (storeupdate.py), to change and then swap in."""
        return cls(store_dir, copy=True)

    def load(self, graph_iri: str, *, path: Path | None = None, data: bytes | None = None,
             format: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> None:
        size = path.stat().st_size if path is not None else len(data)
        for graph in (ox.NamedNode(graph_iri), ox.DefaultGraph()):
            # a bulk load writes its own RocksDB files (about 40 ms each): a transaction is faster below SMALL
            if size < SMALL:
                if path is not None:
                    self.store.load(path=str(path), format=format, to_graph=graph)
                else:
                    self.store.load(data, format=format, to_graph=graph)
            elif format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
                with (open(path, "rb") if path is not None else io.BytesIO(data)) as stream:
                    bulk_lines(self.store, stream, format, graph)
            else:
                parsed = ox.parse(path=str(path), format=format) if path is not None else ox.parse(data, format=format)
                bulk_parsed(self.store, parsed, graph)

    def load_all(self, graphs: list[tuple[str, Path]], nquads: Path | None = None) -> None:
        """Many N-Triples files, each under its graph name and in the default graph, bulk-loaded in
        slices (SLICE) parsed by Oxigraph itself: the named graphs from `nquads` (all.nq, the same files
        as N-Quads) or, without it, from each file; the default graph from the files read one after the
        other as one stream. A bulk load per file costs a set of RocksDB files each (601 datasets: 86 s one by
        one, 33 s in one bulk_extend of Python quads, measured on bench/national.py's corpus at N = 100)."""
        if nquads is not None:
            with open(nquads, "rb") as stream:
                bulk_lines(self.store, stream, ox.RdfFormat.N_QUADS)
        else:
            bulk_parsed(self.store, (ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(iri))
                                     for iri, path in graphs
                                     for t in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)))
        with io.BufferedReader(_Chain([path for _, path in graphs]), CHUNK) as stream:
            bulk_lines(self.store, stream, ox.RdfFormat.N_TRIPLES, ox.DefaultGraph())

    def close(self) -> int:
        """Flush and close the store; returns its quad count."""
        self.store.flush()
        count = len(self.store)
        self.store = None
        return count

    def commit(self) -> None:
        swap_in(self.tmp, self.target)  # atomic: a build killed now leaves the previous store whole

    def abort(self) -> None:
        self.store = None
        shutil.rmtree(self.tmp, ignore_errors=True)


def load_store(store_dir: Path, graphs: dict[str, bytes]) -> int:
    """Build a fresh store from N-Triples per named-graph IRI, then swap it in. Returns the quad count."""
    builder = StoreBuilder(store_dir)
    try:
        for graph_iri, data in tqdm(sorted(graphs.items()), desc="store", unit="graph", disable=None, leave=False):
            builder.load(graph_iri, data=data)
        count = builder.close()
        builder.commit()
        return count
    except BaseException:
        builder.abort()
        raise


def open_store(store_dir: Path) -> ox.Store:
    if not store_dir.is_dir():
        raise StoreError(f"{store_dir}: no store here; run `sosei build` first")
    return ox.Store.read_only(str(store_dir))


def execute(store: ox.Store, sparql: str):
    """Run any query form: SELECT → QuerySolutions, ASK → bool, CONSTRUCT/DESCRIBE → list of triples."""
    try:
        result = store.query(sparql)
    except SyntaxError as e:
        raise StoreError(f"SPARQL syntax error: {e}") from None
    if isinstance(result, (bool, ox.QueryBoolean)):
        return bool(result)
    if isinstance(result, ox.QueryTriples):
        return list(result)
    return result


def query(store: ox.Store, sparql: str) -> tuple[list[str], list[list]]:
    """Run a SELECT (or ASK) query; returns (variables, rows of terms)."""
    result = execute(store, sparql)
    if isinstance(result, bool):
        return ["ask"], [[result]]
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        return variables, [[sol[v] for v in variables] for sol in result]
    raise StoreError("a CONSTRUCT or DESCRIBE query gives triples, not a table")


PREFIX_DECL = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)


def query_prefixes(sparql: str) -> dict[str, str]:
    """The PREFIX declarations of a query, for the Turtle of its answer."""
    return {m.group(1) or "": m.group(2) for m in PREFIX_DECL.finditer(sparql)}


def triples_turtle(triples: list[ox.Triple], prefixes: dict[str, str]) -> bytes:
    """A CONSTRUCT/DESCRIBE answer as sorted Turtle with sosei's prefixes and the query's own."""
    from .publish import turtle  # publish imports rdflib mapping; only a graph answer needs it

    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return turtle(ordered, {k: v for k, v in prefixes.items() if k})


def results_json(result) -> bytes:
    """A SELECT or ASK answer in the SPARQL 1.1 Query Results JSON Format (types, datatypes, xml:lang)."""
    if isinstance(result, bool):
        return json.dumps({"head": {}, "boolean": result}).encode("utf-8")
    return result.serialize(format=ox.QueryResultsFormat.JSON)


def term_text(term) -> str:
    """A result cell as a person reads it: literal values bare, IRIs as they are."""
    if term is None:
        return ""
    if isinstance(term, bool):
        return "true" if term else "false"
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)
