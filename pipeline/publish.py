"""Publishing: deterministic dumps (Turtle, N-Triples via pyoxigraph; JSON-LD with a shared @context),
the DCAT catalog, and the atomic replacement of output/.

Determinism: triples are sorted before serializing, no blank nodes are ever minted, JSON is written
with sorted keys, and nothing depends on time or on the machine. The same inputs give the same bytes.
"""

from __future__ import annotations

import errno
import glob
import hashlib
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from .mapping import PREFIXES

CONTEXT_FILE = "context.jsonld"


@dataclass(frozen=True)
class Format:
    key: str  # distribution IRI segment
    suffix: str
    media_type: str
    file_type: str  # EU file-type authority code, for dct:format
    label_ja: str = ""
    label_en: str = ""


FORMATS = (
    Format("ttl", ".ttl", "text/turtle", "RDF_TURTLE", "Turtle", "Turtle"),
    Format("jsonld", ".jsonld", "application/ld+json", "JSON_LD", "JSON-LD", "JSON-LD (compacted, shared context.jsonld)"),
    Format("nt", ".nt", "application/n-triples", "RDF_N_TRIPLES", "N-Triples", "N-Triples (one triple a line, sorted)"),
)
NQUADS = Format("nq", ".nq", "application/n-quads", "RDF_N_QUADS", "N-Quads(データセットごとの名前付きグラフ)",
                "N-Quads, one named graph per dataset")  # the combined dump, output/all.nq


def to_ox(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        raise ValueError("sosei mints no blank nodes; every resource needs an IRI from uris.Minter")
    raise TypeError(f"not an RDF term: {term!r}")


def sorted_triples(g: Graph) -> list[ox.Triple]:
    """g's triples by subject, predicate, object (sort_triples)."""
    return sort_triples(ox_triples(g))


def ox_triples(g: Graph) -> list[ox.Triple]:
    """g's triples as pyoxigraph's, each term object of g converted once: a graph's store hands out the
    one object it keeps for a subject, predicate or object on every line it is on."""
    made: dict[int, tuple] = {}  # id(rdflib term) → (the term, kept alive so its id is not reused; its ox term)

    def convert(term):
        found = made.get(id(term))
        if found is None or found[0] is not term:
            found = made[id(term)] = (term, to_ox(term))
        return found[1]

    return [ox.Triple(convert(s), convert(p), convert(o)) for s, p, o in g]


def sort_triples(triples) -> list[ox.Triple]:
    """Triples by subject, predicate, object, each compared as its N-Triples term (sorted_ntriples)."""
    return [q.triple for q in ox.parse(sorted_ntriples(triples), format=ox.RdfFormat.N_TRIPLES)]


def sorted_ntriples(triples) -> bytes:
    """N-Triples of `triples`, its lines sorted: by subject, predicate, object, each compared as its
    N-Triples term, the same order: a term is never followed, in another term it begins, by a character
    below the space that ends it in a line (an IRI ends with >, a literal with its quote, language tag or
    datatype IRI), and UTF-8 bytes sort as code points. The bytes of ntriples(sort_triples(triples))."""
    lines = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).split(b"\n")
    lines.pop()  # after the last newline
    lines.sort()
    return b"\n".join(lines) + b"\n" if lines else b""


def turtle(triples: Iterable[ox.Triple | ox.Quad], extra_prefixes: dict[str, str] | None = None) -> bytes:
    """Turtle of `triples` (or quads of the default graph, as ox.parse reads N-Triples) with the @prefix lines sorted (the serializer's own order is not promised to be stable)."""
    prefixes = {**PREFIXES, **(extra_prefixes or {})}
    body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")
    lines = body.split("\n")
    n = next((i for i, line in enumerate(lines) if not line.startswith("@prefix ")), len(lines))
    return ("\n".join(sorted(lines[:n]) + lines[n:])).encode("utf-8")


def ntriples(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def nquads(graphs: dict[str, bytes]) -> bytes:
    """One N-Quads document from N-Triples per graph name, sorted by graph, subject, predicate, object."""
    quads = []
    for name, data in graphs.items():
        g = ox.NamedNode(name)
        quads.extend(ox.Quad(t.subject, t.predicate, t.object, g)
                     for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    quads.sort(key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


def context_document() -> bytes:
    """The JSON-LD @context every JSON-LD dump references (output/context.jsonld)."""
    return _json({"@context": dict(sorted(PREFIXES.items()))})


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def _canonical(value):
    """JSON-LD node objects with every array sorted: RDF is unordered, the bytes must not be."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def rdflib_graph(data: bytes, fmt: str = "turtle") -> Graph:
    return Graph().parse(data=data.decode("utf-8"), format=fmt)


def jsonld(g: Graph, context_ref: str | dict = CONTEXT_FILE) -> bytes:
    """Compacted JSON-LD whose @context is a reference to the shared context file (or the context
    itself). The node objects are rdflib's serializer's (made directly where jsonld_compact can)."""
    from . import jsonld_compact

    nodes = jsonld_compact.node_objects(g)
    if nodes is None:
        return jsonld_rdflib(g, context_ref)
    return (jsonld_compact.dumps({"@context": context_ref, "@graph": jsonld_compact.canonical(nodes)}) + "\n").encode("utf-8")


def jsonld_rdflib(g: Graph, context_ref: str | dict = CONTEXT_FILE) -> bytes:
    """jsonld() through rdflib's JSON-LD serializer: the reference, and the way for what jsonld_compact
    leaves aside (blank nodes, lists)."""
    compact = json.loads(g.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True))
    nodes = compact.get("@graph", [compact] if "@id" in compact else [])
    nodes = [{k: v for k, v in n.items() if k != "@context"} for n in nodes]
    return _json({"@context": context_ref, "@graph": _canonical(nodes)})


def serialize(g: Graph, context_ref: str = CONTEXT_FILE) -> dict[str, bytes]:
    """Turtle, N-Triples and JSON-LD of g; `context_ref` is the context file relative to the dump."""
    nt = sorted_ntriples(ox_triples(g))  # serialized once: the N-Triples dump is its sorted lines
    ttl = turtle(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))  # read back in order, in the serializer
    return {"ttl": ttl, "nt": nt, "jsonld": jsonld(g, context_ref)}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_in(new: Path, target: Path) -> None:
    """Put the directory `new` at `target`, replacing what is there in one atomic step, then start
    removing the previous one in a thread (join_removals waits for it). A process killed at any moment
    leaves `target` whole: old or new, never missing or half-written (a leftover sibling `<name>.tmp-*`
    is removed by the next build)."""
    if target.exists() and _exchange(new, target):
        remove_in_background(new)  # now the previous directory
        return
    old = None
    if target.exists():  # no atomic exchange here: a short window in which `target` is missing
        old = Path(tempfile.mkdtemp(prefix=f"{target.name}.tmp-old-", dir=target.parent))
        os.rename(target, old / target.name)
    os.rename(new, target)
    if old is not None:
        remove_in_background(old)


REMOVERS = 8  # threads unlinking one tree: the unlinks wait on the disk (on a mount with discard, long)
_REMOVING: list[threading.Thread] = []


def remove_in_background(path: Path) -> None:
    """Start removing the directory `path` in a thread: an old output/ holds tens of thousands of
    files, and the old store and output/ go at once. join_removals waits for every one."""
    thread = threading.Thread(target=remove_tree, args=(path,), name=f"remove {path.name}")
    thread.start()
    _REMOVING.append(thread)


def join_removals() -> None:
    while _REMOVING:
        _REMOVING.pop().join()


def remove_tree(path: Path, workers: int = REMOVERS) -> None:
    """shutil.rmtree(path, ignore_errors=True), the files unlinked by `workers` threads at once, a few
    hundred at a time as the walk finds them (a few batches held at once), then the directories."""
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(workers) as pool:
        pending: deque = deque()
        for batch in _file_batches(path):
            pending.append(pool.submit(_unlink_all, batch))
            if len(pending) > 2 * workers:
                pending.popleft().result()
    shutil.rmtree(path, ignore_errors=True)


def _file_batches(path: Path, size: int = 512):
    batch = []
    for folder, _dirs, files in os.walk(path):
        batch += [os.path.join(folder, name) for name in files]
        if len(batch) >= size:
            yield batch
            batch = []
    yield batch


def _unlink_all(files: list[str]) -> None:
    for f in files:
        try:
            os.unlink(f)
        except OSError:
            pass


def fresh_sibling(target: Path) -> tuple[Path, Path]:
    """`target` made absolute, and a new empty sibling directory `<name>.tmp-*` to build its next
    version in (after removing what a killed build left), for swap_in."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target)
    return target, Path(tempfile.mkdtemp(prefix=f"{target.name}.tmp-", dir=target.parent))


def remove_leftovers(target: Path) -> None:
    """Siblings `<name>.tmp-*` a killed build left behind (never `target` itself)."""
    for stale in target.parent.glob(f"{glob.escape(target.name)}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)


@dataclass(frozen=True)
class FileDigest:
    """What the catalog states of a written file, without its bytes: size and sha256."""

    size: int
    sha256: str

    @classmethod
    def of(cls, data: bytes) -> "FileDigest":
        return cls(len(data), sha256(data))


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


class HashingFile:
    """A file written in pieces, its size and sha256 counted on the way (a FileDigest when closed)."""

    def __init__(self, path: Path):
        self.file, self.hash, self.size = open(path, "wb"), hashlib.sha256(), 0

    def write(self, data: bytes) -> None:
        self.file.write(data)
        self.hash.update(data)
        self.size += len(data)

    def close(self) -> FileDigest:
        self.file.close()
        return FileDigest(self.size, self.hash.hexdigest())


class FileWriter:
    """Files written under `root` with one open and one write each (directories made once), each one's
    size and sha256 returned."""

    def __init__(self, root: Path):
        self.root, self.made = str(root), set()

    def write(self, rel: str, data: bytes) -> FileDigest:
        path = self.root + "/" + rel
        folder = path.rsplit("/", 1)[0]
        if folder not in self.made:
            os.makedirs(folder, exist_ok=True)
            self.made.add(folder)
        fd = os.open(path, _CREATE, 0o666)  # as open(): the umask applies
        try:
            view = memoryview(data)
            while view:  # os.write may write less than asked
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        return FileDigest.of(data)


class OutputWriter:
    """output/ written file by file into a sibling temporary directory as the build makes it, then put in
    place in one step (`commit`, swap_in) or removed (`abort`): a failed build publishes nothing and
    leaves the previous output/ whole. Only the relative paths and digests of the files are kept."""

    def __init__(self, out_dir: Path):
        self.target, self.tmp = fresh_sibling(out_dir)
        self.digests: dict[str, FileDigest] = {}
        self._files = FileWriter(self.tmp)

    def path(self, rel: str) -> Path:
        return self.tmp / rel

    def write(self, rel: str, data: bytes) -> FileDigest:
        self.digests[rel] = digest = self._files.write(rel, data)
        return digest

    def record(self, rel: str, digest: FileDigest) -> FileDigest:
        """A file written straight to `path(rel)` by a streaming writer (all.nq)."""
        self.digests[rel] = digest
        return digest

    @property
    def files(self) -> list[str]:
        return sorted(self.digests)

    def commit(self) -> None:
        os.chmod(self.tmp, 0o755)
        swap_in(self.tmp, self.target)

    def abort(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def write_nquads(target: Path, graphs: dict[str, Path]) -> FileDigest:
    """all.nq from N-Triples dump files (graph IRI → path), streamed line by line: the same bytes as
    nquads() — graphs in the order of their N-Quads term, each dump already sorted (sorted_triples)."""
    out = HashingFile(target)
    try:
        for name in sorted(graphs, key=lambda iri: str(ox.NamedNode(iri))):
            suffix = b" " + str(ox.NamedNode(name)).encode("utf-8") + b" .\n"
            quads = []
            with open(graphs[name], "rb") as f:
                for line in f:
                    if not line.endswith(b" .\n"):
                        raise ValueError(f"{graphs[name]}: not one sorted N-Triples statement a line: {line[:80]!r}")
                    quads.append(line[:-3] + suffix)
            out.write(b"".join(quads))  # one dump at a time (a document's: a few MB)
    finally:
        digest = out.close()
    return digest


def embedded_context() -> dict:
    """The @context of context.jsonld, embedded in every JSON-LD file: a downloaded file expands offline
    (pyld, rdflib, Oxigraph) with no base URL and no document loader; context.jsonld stays published."""
    return json.loads(context_document())["@context"]
