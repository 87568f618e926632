"""catalog.ttl and catalog.jsonld written part by part (catalog.catalog_parts), in memory that does not grow
with the number of datasets: the same bytes as `turtle(sorted_triples(g), prefixes)` and
`jsonld(g, context_ref=context)` of the whole catalog graph g, without ever holding g.

1. Each part's triples become N-Triples lines, gathered up to `run_lines`, sorted, deduplicated and written
   as a sorted run (a temporary file under `work`). Parts repeat what they share (a municipality, a
   theme, a licence); the sorted lines of the whole are the sorted_triples of the graph.
2. The runs are merged (heapq.merge, `fan_in` at a time) and duplicates dropped: one sorted stream.
   A subject's lines are consecutive in it (they all begin with the subject and a space).
3. The stream is cut into batches of whole subjects (at least `chunk_lines` lines each). Turtle: every
   batch serialized alone opens with the same @prefix lines (all the prefixes given, sorted), and the
   file is those once followed by each batch's statements (tests/test_catalog_stream.py checks the rule).
   JSON-LD: a node object depends only on its subject's triples (the catalog has no blank node), so each
   subject's node is made by jsonld_compact.node_objects alone, canonicalized, and written with its sort
   key (publish._canonical sorts @graph by the json.dumps of each node) as a record to sorted runs.
4. The node records are merged in key order into the document.

What the node objects cannot say exactly the way the whole graph's would (a node jsonld_compact leaves to
rdflib's serializer, two IRIs shortened to one @id, a literal whose N-Triples form loses what rdflib
kept: an upper-case language tag, an explicit xsd:string) makes catalog.jsonld from the whole graph
(`whole()`), the former way: never other bytes.
"""

from __future__ import annotations

import heapq
import json
import os
import tempfile
from itertools import groupby
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from . import jsonld_compact
from .publish import FileDigest, HashingFile, jsonld, to_ox

RUN_LINES = 200_000  # N-Triples lines sorted in memory at once (~40 MB)
CHUNK_LINES = 20_000  # lines of whole subjects serialized as Turtle at once
RUN_NODES = 20_000  # JSON-LD node records sorted in memory at once
FAN_IN = 64  # sorted runs merged at once
_NT = ox.RdfFormat.N_TRIPLES
_XSD_STRING = str(XSD.string)
_NODE = "\x00node\x00"  # stands for the nodes in the document around them
_ID = '{"@id": '  # how every node's sort key begins
_DECODER = json.JSONDecoder()


class Unstreamable(Exception):
    """The catalog holds something the node-by-node JSON-LD cannot write exactly as the whole graph's."""


def write_catalog(parts, ttl: Path, jsonld_path: Path, work: Path, prefixes: dict[str, str], context: dict,
                  whole, *, run_lines: int = RUN_LINES, chunk_lines: int = CHUNK_LINES,
                  run_nodes: int = RUN_NODES, fan_in: int = FAN_IN) -> tuple[FileDigest, FileDigest]:
    """catalog.ttl and catalog.jsonld of the union of `parts` (iterables of rdflib triples), through
    temporary files in the directory `work`; `whole()` gives the catalog graph, made only where the
    node-by-node JSON-LD cannot be exact. Returns their digests (Turtle, JSON-LD)."""
    work = Path(tempfile.mkdtemp(prefix="catalog-", dir=work))
    try:
        runs, exact = _triple_runs(parts, work, run_lines)
        out = HashingFile(ttl)
        nodes = _NodeRuns(work, run_nodes)
        try:
            for batch in _batches(_merged(runs, work, fan_in), chunk_lines):
                triples = list(ox.parse(b"".join(batch), format=_NT))
                out.write(_turtle_chunk(triples, prefixes, first=out.size == 0))
                if exact:
                    exact = _add_nodes(nodes, triples)
        finally:
            ttl_digest = out.close()
        if exact:
            try:
                return ttl_digest, _write_jsonld(jsonld_path, nodes.merged(fan_in), context)
            except Unstreamable:
                pass
        out = HashingFile(jsonld_path)
        out.write(jsonld(whole(), context_ref=context))
        return ttl_digest, out.close()
    finally:
        _remove(work)


def write_turtle(parts, ttl: Path, work: Path, prefixes: dict[str, str], *, run_lines: int = RUN_LINES,
                 chunk_lines: int = CHUNK_LINES, fan_in: int = FAN_IN) -> FileDigest:
    """`publish.turtle(sort_triples(union of parts), prefixes)` (void.ttl) written part by part: `parts`
    are iterables of pyoxigraph triples without blank nodes, gathered as sorted runs of N-Triples lines
    under `work`, merged without duplicates and written in chunks of whole subjects (steps 1-3)."""
    work = Path(tempfile.mkdtemp(prefix="turtle-", dir=work))
    try:
        runs, lines = [], []
        for part in parts:
            lines += ox.serialize(part, format=_NT).splitlines(keepends=True)
            if len(lines) >= run_lines:
                runs.append(_write_run(work, lines))
                lines = []
        runs.append(_write_run(work, lines))
        out = HashingFile(ttl)
        try:
            for batch in _batches(_merged(runs, work, fan_in), chunk_lines):
                out.write(_turtle_chunk(list(ox.parse(b"".join(batch), format=_NT)), prefixes, first=out.size == 0))
            if out.size == 0:
                out.write(_turtle_chunk([], prefixes, first=True))
        finally:
            digest = out.close()
        return digest
    finally:
        _remove(work)


# --- 1, 2: sorted runs of N-Triples lines --------------------------------------------------------------------

def _triple_runs(parts, work: Path, run_lines: int) -> tuple[list[Path], bool]:
    """The parts' triples as sorted, deduplicated runs of N-Triples lines; and whether every literal
    reads back from its N-Triples line as the rdflib term it was (_round_trips)."""
    runs, lines, exact = [], [], True
    for part in parts:
        triples = []
        for s, p, o in part:
            if exact and type(o) is Literal and not _round_trips(o):
                exact = False
            triples.append(ox.Triple(to_ox(s), to_ox(p), to_ox(o)))
        lines += ox.serialize(triples, format=_NT).splitlines(keepends=True)
        if len(lines) >= run_lines:
            runs.append(_write_run(work, lines))
            lines = []
    if lines or not runs:
        runs.append(_write_run(work, lines))
    return runs, exact


def _round_trips(o: Literal) -> bool:
    """N-Triples has no explicit xsd:string and lower-cases language tags: such a literal reads back as
    another rdflib term."""
    if o.language:
        return o.language == o.language.lower()
    return o.datatype is None or str(o.datatype) != _XSD_STRING


def _write_run(work: Path, lines: list[bytes]) -> Path:
    lines.sort()
    fd, name = tempfile.mkstemp(suffix=".run", dir=work)
    with os.fdopen(fd, "wb") as f:
        f.writelines(line for line, _ in groupby(lines))
    return Path(name)


def _merged(runs: list[Path], work: Path, fan_in: int):
    """The lines of sorted runs in order, each once; more than `fan_in` runs are first merged into fewer."""
    while len(runs) > fan_in:
        merged = []
        for i in range(0, len(runs), fan_in):
            fd, name = tempfile.mkstemp(suffix=".run", dir=work)
            with os.fdopen(fd, "wb") as f:
                f.writelines(_merge(runs[i:i + fan_in]))
            merged.append(Path(name))
        runs = merged
    yield from _merge(runs)


def _merge(runs: list[Path]):
    files = [open(run, "rb") for run in runs]
    try:
        for line, _ in groupby(heapq.merge(*files)):
            yield line
    finally:
        for f in files:
            f.close()
            Path(f.name).unlink(missing_ok=True)


def _batches(lines, chunk_lines: int):
    """The sorted lines in lists of whole subjects, each at least `chunk_lines` long (but the last)."""
    batch, subject = [], None
    for line in lines:
        head = line[:line.index(b">") + 1]  # the subject: an IRI, no blank node in the catalog
        if head != subject:
            if len(batch) >= chunk_lines:
                yield batch
                batch = []
            subject = head
        batch.append(line)
    if batch:
        yield batch


# --- 3: Turtle in chunks, node objects by subject -------------------------------------------------------

def _turtle_chunk(triples: list[ox.Triple], prefixes: dict[str, str], first: bool) -> bytes:
    """Turtle of whole subjects: the sorted @prefix lines (publish.turtle) if `first`, then the statements."""
    body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")
    lines = body.split("\n")
    n = next((i for i, line in enumerate(lines) if not line.startswith("@prefix ")), len(lines))
    return "\n".join((sorted(lines[:n]) if first else []) + lines[n:]).encode("utf-8")


class _NodeRuns:
    """JSON-LD node objects as records `sort key TAB text` (text's newlines as tabs: neither the key nor
    the text holds a raw tab, JSON escapes it), in sorted runs."""

    def __init__(self, work: Path, run_nodes: int):
        self.work, self.run_nodes, self.records, self.runs = work, run_nodes, [], []
        self.short = jsonld_compact.Shortener()  # its @id cache emptied after each batch

    def add(self, node: dict) -> None:
        node = jsonld_compact.canonical(node)
        key = json.dumps(node, ensure_ascii=False, sort_keys=True)  # jsonld_compact._sort_key
        if not key.startswith(_ID):
            raise Unstreamable(key[:80])  # the @id first: the nodes of one @id are then consecutive
        text = jsonld_compact.dumps(node, 2)
        self.records.append((key + "\t" + text.replace("\n", "\t") + "\n").encode("utf-8"))
        if len(self.records) >= self.run_nodes:
            self.flush()

    def flush(self) -> None:
        if self.records:
            self.runs.append(_write_run(self.work, self.records))
            self.records = []

    def merged(self, fan_in: int):
        self.flush()
        return _merged(self.runs, self.work, fan_in) if self.runs else iter(())


def _add_nodes(nodes: _NodeRuns, triples: list[ox.Triple]) -> bool:
    """Each subject's node object; False where one is not jsonld_compact's to make (rdflib's serializer's)."""
    nodes.short.ids.clear()
    terms: dict = {}  # N-Triples term → rdflib term, for this batch (predicates, shared objects repeat)

    def term(t):
        found = terms.get(t)
        if found is None:
            found = terms[t] = _rdflib(t)
        return found

    for _, group in groupby(triples, key=lambda t: t.subject):
        made = jsonld_compact.node_objects([(term(t.subject), term(t.predicate), term(t.object)) for t in group],
                                           nodes.short)
        if made is None:
            return False
        try:
            nodes.add(made[0])
        except Unstreamable:
            return False
    return True


def _rdflib(term):
    """The rdflib term an N-Triples term was made from (its lexical form kept as written)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    raise TypeError(f"not in the catalog: {term!r}")


# --- 4: the JSON-LD document ----------------------------------------------------------------------------

def _write_jsonld(path: Path, records, context: dict) -> FileDigest:
    """`jsonld_compact.dumps({"@context": context, "@graph": nodes}) + "\\n"` of the node records in key
    order; Unstreamable when two of them have one @id (two IRIs shortened alike)."""
    head, tail = jsonld_compact.dumps({"@context": context, "@graph": [_NODE]}).split(json.dumps(_NODE))
    out = HashingFile(path)
    try:
        previous, first = None, True
        for record in records:
            key, text = record.decode("utf-8").rstrip("\n").split("\t", 1)
            node_id = _DECODER.raw_decode(key, len(_ID))[0]
            if node_id == previous:
                raise Unstreamable(node_id)
            previous = node_id
            out.write(((head if first else ",\n  ") + text.replace("\t", "\n")).encode("utf-8"))
            first = False
        out.write(((jsonld_compact.dumps({"@context": context, "@graph": []}) if first else tail) + "\n")
                  .encode("utf-8"))
    finally:
        digest = out.close()
    return digest


def _remove(work: Path) -> None:
    for f in work.iterdir():
        f.unlink()
    work.rmdir()
