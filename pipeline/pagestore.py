"""The triples of the pages on disk, for a corpus whose triples do not fit in memory: an SQLite file
(standard library) holding every triple once, clustered by subject, with an index by IRI object, and a
table of nodes (label, has a page, home page). The renderer asks it what it asks the in-memory Index
(a node's outgoing and incoming triples, its label and types, whether it has triples) through bounded
caches, so memory stays flat whatever the corpus; pages come out in the same IRI order with the same
bytes. A point look-up here costs a few microseconds (one in an on-disk Oxigraph store about 80).
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from .pageindex import RDF_TYPE, XSD_STRING, Lit, _compact, node_object, term

CACHE = 1 << 12  # nodes whose triples are kept at once (a page's neighbourhood is far smaller)
_SCHEMA = """
CREATE TABLE t (s TEXT NOT NULL, p TEXT NOT NULL, o TEXT NOT NULL, lang TEXT NOT NULL, dt TEXT NOT NULL,
                PRIMARY KEY (s, p, o, lang, dt)) WITHOUT ROWID;
CREATE TABLE nodes (iri TEXT PRIMARY KEY, label TEXT, page INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE types (cls TEXT NOT NULL, iri TEXT NOT NULL, PRIMARY KEY (cls, iri)) WITHOUT ROWID;
CREATE TABLE homes (home TEXT NOT NULL, iri TEXT NOT NULL, PRIMARY KEY (home, iri)) WITHOUT ROWID;
"""
# dt is '' for an IRI object; lang is '' for a literal without language


class _Lru(OrderedDict):
    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def put(self, key, value):
        self[key] = value
        if len(self) > self.size:
            self.popitem(last=False)
        return value


def _row(s: str, p: str, o) -> tuple:
    return (s, p, o, "", "") if type(o) is str else (s, p, o.value, o.language or "", o.datatype)


def _obj(o: str, lang: str, dt: str):
    return o if not dt else Lit(o, lang or None, dt)


def store_triples(store: ox.Store, graphs: list[str]) -> Iterator[tuple]:
    for g in graphs:
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g)):
            yield term(q.subject), q.predicate.value, term(q.object)


_FORMATS = {".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS, ".ttl": ox.RdfFormat.TURTLE}


def file_triples(files: Iterable[Path]) -> Iterator[tuple]:
    """Triples of RDF files (.nt, .nq: every graph, .ttl), read as a stream: the files build.py writes
    (all.nq, catalog.ttl, void.ttl hold exactly the data graphs the pages are made from). Typed literals
    come as an Oxigraph store gives them back (canonical lexical form, xsd:int → xsd:integer …), so the
    pages are those rendered from the store."""
    for f in files:
        yield from as_stored(ox.parse(path=str(f), format=_FORMATS[Path(f).suffix]))


def as_stored(triples) -> Iterator[tuple]:
    """pyoxigraph triples as (subject, predicate, object) of pageindex.term, literals as a store keeps them."""
    for t in triples:
        o = term(t.object)
        if type(o) is Lit and not o.language and o.datatype != XSD_STRING:
            o = _as_stored(o)
        yield term(t.subject), t.predicate.value, o


_SCRATCH, _X = ox.Store(), ox.NamedNode("urn:sosei:scratch")


@lru_cache(maxsize=1 << 14)
def _as_stored(o: Lit) -> Lit:
    """The literal as an Oxigraph store returns it (it keeps typed literals in a canonical form)."""
    quad = ox.Quad(_X, _X, ox.Literal(o.value, datatype=ox.NamedNode(o.datatype)))
    _SCRATCH.add(quad)
    stored = next(iter(_SCRATCH.quads_for_pattern(_X, _X, None))).object
    _SCRATCH.remove(quad)
    return term(stored)


class PageStore:
    """The in-memory Index's questions (outgoing, incoming, has_out, label, types, node_object) and
    the Pages' (path, nodes, parts, count, members), answered from an SQLite file."""

    def __init__(self, path: Path, base: str):
        from .html import page_path

        self.db = sqlite3.connect(str(path), isolation_level=None)
        self.db.execute("PRAGMA cache_size = -32768")  # 32 MiB of pages at most
        self.base, self._page_path = base, page_path
        self._out, self._info, self._objects = _Lru(CACHE), _Lru(CACHE * 4), _Lru(CACHE)

    @classmethod
    def build(cls, path: Path, triples: Iterable[tuple], base: str) -> PageStore:
        """Load `triples` (subject, predicate, object as pageindex.term gives them) into a new file."""
        ps = cls.create(path, base)
        ps.add(triples)
        ps.finish()
        return ps

    @classmethod
    def create(cls, path: Path, base: str) -> PageStore:
        """A new, empty page store to `add` triples to, then `finish`."""
        path.unlink(missing_ok=True)
        ps = cls.resume(path, base)
        ps.db.executescript(_SCHEMA)
        return ps

    @classmethod
    def resume(cls, path: Path, base: str) -> PageStore:
        """A page store `create`d (by another process) and not yet finished, to add to and finish."""
        ps = cls(path, base)
        ps.db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        return ps

    def add(self, triples: Iterable[tuple]) -> None:
        db = self.db
        db.execute("BEGIN")
        db.executemany("INSERT OR IGNORE INTO t VALUES (?, ?, ?, ?, ?)", (_row(*t) for t in triples))
        db.execute("COMMIT")

    def finish(self) -> None:
        """The nodes (label, has a page), types and homes tables and the index by object, once every
        triple is in."""
        db, ps = self.db, self
        db.execute("BEGIN")
        db.executemany("INSERT INTO nodes VALUES (?, ?, ?)", ps._node_rows())
        db.executemany("INSERT OR IGNORE INTO types VALUES (?, ?)", ps._type_rows())
        db.executemany("INSERT INTO homes VALUES (?, ?)", ps._home_rows())
        db.execute("COMMIT")
        db.executescript("CREATE INDEX inc ON t (o, s, p) WHERE dt = ''; ANALYZE;")

    def _subjects(self) -> Iterator[tuple[str, list]]:
        """(subject, its (p, o)) by subject, streamed off the clustered table."""
        current, po = None, []
        for s, p, o, lang, dt in self.db.execute("SELECT s, p, o, lang, dt FROM t ORDER BY s, p, o, lang, dt"):
            if s != current:
                if current is not None:
                    yield current, po
                current, po = s, []
            po.append((p, _obj(o, lang, dt)))
        if current is not None:
            yield current, po

    def _node_rows(self) -> Iterator[tuple]:
        from .pageindex import Index

        for s, po in self._subjects():
            one = Index()
            one.out[s] = set(po)
            label, types = one.label(s), one.types(s)
            page = s.startswith(self.base) and not s.endswith("/") and bool(label) and bool(types)
            yield s, label, int(page)

    def _type_rows(self) -> Iterator[tuple]:
        return self.db.execute("SELECT t.o, t.s FROM t JOIN nodes ON nodes.iri = t.s WHERE nodes.page = 1 AND t.p = ?",
                               (RDF_TYPE,))

    def _home_rows(self) -> Iterator[tuple[str, str]]:
        """(home page, resource) of every resource under base_iri without a page (html.homes)."""
        for (iri,) in self.db.execute("SELECT iri FROM nodes WHERE page = 0"):
            if not iri.startswith(self.base):
                continue
            up = iri
            while "/" in up[len(self.base):]:
                up = up.rsplit("/", 1)[0]
                if self._has_page(up):
                    yield up, iri
                    break

    # --- what the Index answers -------------------------------------------------------------------
    def outgoing(self, node: str) -> list:
        found = self._out.get(node)
        if found is None:
            found = self._out.put(node, [(p, _obj(o, lang, dt)) for p, o, lang, dt in self.db.execute(
                "SELECT p, o, lang, dt FROM t WHERE s = ?", (node,))])
        return found

    def incoming(self, node: str) -> list[tuple[str, str]]:
        return self.db.execute("SELECT s, p FROM t WHERE o = ? AND dt = ''", (node,)).fetchall()

    def _node(self, node: str) -> tuple | None:
        if node in self._info:
            return self._info[node]
        row = self.db.execute("SELECT label, page FROM nodes WHERE iri = ?", (node,)).fetchone()
        return self._info.put(node, row)

    def has_out(self, node: str) -> bool:
        return self._node(node) is not None

    def _has_page(self, node: str) -> bool:
        row = self._node(node)
        return bool(row and row[1])

    def label(self, node: str) -> str | None:
        row = self._node(node)
        return row[0] if row else None

    def types(self, node: str) -> list[str]:
        return sorted(o if type(o) is str else o.value for p, o in self.outgoing(node) if p == RDF_TYPE)

    def node_object(self, node: str) -> tuple[dict, str]:
        found = self._objects.get(node)
        if found is None:
            obj = node_object(self, node)
            found = self._objects.put(node, (obj, _compact(obj)))
        return found

    # --- what Pages answers -----------------------------------------------------------------------
    def path(self, node: str) -> str | None:
        return self._page_path(node, self.base) if self._has_page(node) else None

    def nodes(self) -> Iterator[str]:
        for (iri,) in self.db.execute("SELECT iri FROM nodes WHERE page = 1 ORDER BY iri"):
            yield iri

    def parts(self, node: str) -> list[str]:
        return [iri for (iri,) in self.db.execute("SELECT iri FROM homes WHERE home = ? ORDER BY iri", (node,))]

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM nodes WHERE page = 1").fetchone()[0]

    def members(self) -> dict[str, _Members]:
        """class IRI → (label, IRI) of each page of that class, sorted, read when iterated."""
        return {cls: _Members(self.db, cls) for (cls,) in self.db.execute("SELECT DISTINCT cls FROM types")}


class _Members:
    def __init__(self, db: sqlite3.Connection, cls: str):
        self.db, self.cls = db, cls

    def __len__(self) -> int:
        return self.db.execute("SELECT count(*) FROM types WHERE cls = ?", (self.cls,)).fetchone()[0]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.db.execute("SELECT nodes.label, nodes.iri FROM types JOIN nodes ON nodes.iri = types.iri "
                                    "WHERE types.cls = ? ORDER BY nodes.label, nodes.iri", (self.cls,)))
