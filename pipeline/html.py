"""Browsable HTML: one page per resource (project, measure, goal, plan, municipality, department, dataset
… whatever the data holds), so that an IRI opened in a browser shows something a person can read.

Generic: a resource gets a page when its IRI is under base_iri and it has a type and a label
(rdfs:label, skos:prefLabel, dct:title or foaf:name). Its page lists its properties, links to every
neighbour that has a page, shows unlabeled neighbours (budget amounts, listings, source lines) inline,
and embeds the resource's JSON-LD. Pages live at html/<IRI path after base_iri>.html; html/index.html
lists them by class. The page markup is pagemarkup.py (every text escaped; the shell is base.html), the
index is templates/index.html (jinja2, autoescape on); everything sorted, so builds are byte-identical.

The triples come from an Index in memory (pageindex.py), or, for a corpus too large for memory, from an
SQLite page store on disk (pagestore.py; iter_html_pages(..., workdir=)): the same files either way.
Files are yielded one by one (iter_html_pages, render_all), to be written as they come.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache
from itertools import islice
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from tqdm import tqdm

from . import pagemarkup as markup
from .pageindex import LABELS, RDF_TYPE, Index, Lit, build_index, compact_doc, curie
from .resources import resource_files

__all__ = ["Index", "Renderer", "anchor", "build_index", "curie", "disk_renderer", "html_pages", "iter_html_pages",
           "make_renderer", "open_disk_renderer", "page_path", "render_all"]

INLINE_LIMIT = 20  # unlabeled neighbours shown inline per property; the rest are counted
INTEGERS = {"http://www.w3.org/2001/XMLSchema#" + t for t in
            ("integer", "nonNegativeInteger", "positiveInteger", "long", "int")}
MAX_SEGMENT_BYTES = 200  # file-system limit is 255 bytes a name; longer segments get a hash
PAGE_STORE = "pages.sqlite"  # the SQLite page store's file name in a workdir
_INTEGER = re.compile(r"[+-]?\d+")


def page_path(iri: str, base: str) -> str:
    """html/-relative path of the page of `iri`: its path after base_iri, plus .html."""
    segments = iri[len(base):].split("/")
    segments[-1] += ".html"
    for i, seg in enumerate(segments):
        if len(seg.encode("utf-8")) > MAX_SEGMENT_BYTES:
            digest = hashlib.sha256(seg.encode("utf-8")).hexdigest()[:12]
            suffix = ".html" if i == len(segments) - 1 else ""
            head = seg.encode("utf-8")[:MAX_SEGMENT_BYTES - 20].decode("utf-8", "ignore")
            segments[i] = f"{head}-{digest}{suffix}"
    return "/".join(segments)


class Pages:
    """Which resources have a page (under base_iri, not ending in '/', with a type and a label), where,
    and the resources without one whose home each page is; from an in-memory Index."""

    def __init__(self, index: Index, base: str):
        self.index = index
        self._paths = {n: page_path(n, base) for n in index.subjects()
                       if n.startswith(base) and not n.endswith("/") and index.label(n) and index.types(n)}
        self._parts = homes(index, self._paths, base)

    def path(self, node: str) -> str | None:
        return self._paths.get(node)

    def nodes(self) -> list[str]:
        """Every node with a page, by IRI."""
        return sorted(self._paths)

    def parts(self, node: str) -> list[str]:
        return self._parts.get(node, [])

    def count(self) -> int:
        return len(self._paths)

    def members(self) -> dict[str, list[tuple[str, str]]]:
        """class IRI → (label, IRI) of each page of that class, sorted."""
        by_class = defaultdict(list)
        for node in self._paths:
            for t in self.index.types(node):
                by_class[t].append((self.index.label(node), node))
        return {c: sorted(m) for c, m in by_class.items()}


def homes(index: Index, pages: dict, base: str) -> dict[str, list[str]]:
    """Every resource under `base` without a page of its own, by its home: the page of the longest IRI
    prefix (at a '/') that has one (`…/project/X/amount/2024/budget` → the project's page), where it is
    shown with its anchor. Resources with no such prefix stay without a home."""
    found = defaultdict(list)
    for iri in sorted(n for n in index.subjects() if n not in pages and n.startswith(base)):
        up = iri
        while "/" in up[len(base):]:
            up = up.rsplit("/", 1)[0]
            if up in pages:
                found[up].append(iri)
                break
    return found


@lru_cache(maxsize=1 << 14)
def anchor(iri: str) -> str:
    """HTML id of a resource shown inline on a page."""
    return "r-" + hashlib.sha256(iri.encode("utf-8")).hexdigest()[:12]


@lru_cache(maxsize=1 << 14)
def _quote(rel: str) -> str:
    return quote(rel, safe="/-._~")


def relpath(path: str, start: str) -> str:
    """posixpath.relpath(path, start) for the relative, normalized paths of pages, without its
    os.getcwd() and normpath calls; anything else goes to posixpath.relpath."""
    if not (_plain(path) and (start == "." or _plain(start))):
        return posixpath.relpath(path, start)
    parts = path.split("/")
    start_parts = [] if start == "." else start.split("/")
    i, n = 0, min(len(parts), len(start_parts))
    while i < n and parts[i] == start_parts[i]:
        i += 1
    rel = [".."] * (len(start_parts) - i) + parts[i:]
    return "/".join(rel) if rel else "."


def _plain(path: str) -> bool:
    """No empty, '.' or '..' segment (nor any segment starting with '.'): string tests, no split."""
    return bool(path) and path[0] not in "/." and path[-1] != "/" and "//" not in path and "/." not in path


def _node(node) -> str:
    return node if isinstance(node, str) else node.value


class Renderer:
    def __init__(self, index, vocab: Index, base: str, pages=None):
        """index: an Index or a pagestore.PageStore; pages: a Pages (made from index when None) or the
        PageStore."""
        self.index, self.vocab, self.base = index, vocab, base
        self.pages = pages or Pages(index, base)
        self.yen = {p for p, labels in vocab.out.items() if any(
            lp == LABELS[0] and type(lab) is Lit and lab.value.endswith("(円)") for lp, lab in labels)}
        self.shown: set = set()  # unlabeled resources shown inline on the page being rendered
        self._terms: dict[str, str] = {}

    def term_name(self, iri: str) -> str:
        name = self._terms.get(iri)
        if name is None:
            label = self.vocab.label(iri) or self.index.label(iri)
            name = self._terms[iri] = f"{label} ({curie(iri)})" if label else curie(iri)
        return name

    def href(self, target: str, here_dir: str) -> str | None:
        """Relative link to target's page; an anchor when it is shown inline here; None for an IRI
        under base_iri that has no page (it would not resolve); else the IRI itself."""
        path = self.pages.path(target)
        if path is not None:
            return _quote(relpath(path, here_dir))
        if target.startswith(self.base):
            return "#" + anchor(target) if target in self.shown else None
        return target

    def value(self, o, here_dir: str, prop: str | None = None) -> str:
        """Markup of one value: a link (or the IRI) for a resource, the text of a literal."""
        if type(o) is str:
            label = self.index.label(o) or self.vocab.label(o)
            return markup.value(self.href(o, here_dir), label or o, o, None)
        return markup.value(None, self.literal_text(o, prop), None, o.language)

    def literal_text(self, o: Lit, prop: str | None) -> str:
        """Integers with digit grouping (1,234,000), and 円 after an amount in yen (a property the
        ontology labels …(円))."""
        if o.datatype not in INTEGERS or not _INTEGER.fullmatch(o.value):
            return o.value
        text = f"{int(o.value):,}"
        return f"{text} 円" if prop in self.yen else text

    def rows(self, node: str, here_dir: str, skip: tuple = ()) -> str:
        """Markup of the property rows of `node` (rdf:type aside), each with its values."""
        by_prop = defaultdict(list)
        for p, o in self.index.outgoing(node):
            if p != RDF_TYPE and (p, o) not in skip:
                by_prop[p].append(o)
        rows = []
        for prop in sorted(by_prop, key=lambda p: (self.term_name(p), p)):
            values = sorted(by_prop[prop], key=_value_order)
            rows.append((prop, self.term_name(prop), [self.value(o, here_dir, prop) for o in values]))
        return markup.table(rows)

    def inline(self, node: str, here_dir: str, skip: tuple = ()) -> str:
        return markup.inline(anchor(node), node, [self.term_name(t) for t in self.index.types(node)],
                             self.rows(node, here_dir, skip))

    def page(self, node) -> tuple[str, bytes]:
        node = _node(node)
        here = self.pages.path(node)
        here_dir = posixpath.dirname(here) or "."
        incoming, outgoing = self._inline_incoming(node), self._inline_outgoing(node)
        self.shown = {s for entry in incoming.values() for s in entry["nodes"]} | set(outgoing)
        parts = [n for n in self.pages.parts(node) if n not in self.shown]  # every one, each with its anchor
        self.shown |= set(parts)
        related = []
        for p in sorted(incoming, key=lambda p: (self.term_name(p), p)):
            entry = incoming[p]
            related.append((p, self.term_name(p), [self.value(s, here_dir) for s in entry["links"]],
                            [self.inline(s, here_dir, skip=((p, node),)) for s in entry["nodes"]], entry["more"]))
        title = self.index.label(node)
        main = markup.resource_main(
            title, node, [(t, self.term_name(t)) for t in self.index.types(node)], self.rows(node, here_dir),
            [self.inline(o, here_dir) for o in outgoing], [self.inline(o, here_dir) for o in parts], related)
        jsonld = compact_doc(self.index, [node, *self.shown])
        # safe inside <script>: no '<', '>' or '&' can end the element or be read as markup
        jsonld = jsonld.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        self.shown = set()
        return here, markup.resource_page(title, jsonld, relpath("index.html", here_dir), main)

    def _inline_incoming(self, node: str) -> dict:
        """Resources pointing at `node`, per property: links to those with pages, the first
        INLINE_LIMIT others to show inline, and how many more there are."""
        by_prop = defaultdict(lambda: {"links": [], "nodes": [], "more": 0})
        for s, p in sorted(self.index.incoming(node), key=_incoming_order):
            entry = by_prop[p]
            if self.pages.path(s) is not None:
                entry["links"].append(s)
            elif len(entry["nodes"]) < INLINE_LIMIT:
                entry["nodes"].append(s)
            else:
                entry["more"] += 1
        return by_prop

    def _inline_outgoing(self, node: str) -> list[str]:
        """Unlabeled resources under base_iri that `node` points to (source lines, checksums,
        partitions), at most INLINE_LIMIT per property."""
        by_prop = defaultdict(set)
        index, path, base = self.index, self.pages.path, self.base
        for p, o in index.outgoing(node):
            if type(o) is str and o.startswith(base) and o != node and path(o) is None and index.has_out(o):
                by_prop[p].add(o)
        chosen = {o for p in by_prop for o in sorted(by_prop[p])[:INLINE_LIMIT]}
        return sorted(chosen)

    def index_page(self) -> bytes:
        return b"".join(self.index_chunks())

    def index_chunks(self, size: int = 1 << 16) -> Iterator[bytes]:
        """html/index.html in pieces of about `size` bytes, each class's members read as they are written
        (from the page store, the whole list is never in memory)."""
        members = self.pages.members()
        classes = ({"name": self.term_name(c), "iri": c, "members": _Linked(members[c], self.pages.path)}
                   for c in sorted(members, key=lambda c: (self.term_name(c), c)))
        buffer, held = [], 0
        for text in markup.ENV.get_template("index.html").generate(classes=classes, count=self.pages.count()):
            buffer.append(text)
            held += len(text)
            if held >= size:
                yield "".join(buffer).encode("utf-8")
                buffer, held = [], 0
        yield "".join(buffer).encode("utf-8")


class _Linked:
    """The members of a class for index.html: its length, and a link for each, made as it is read."""

    def __init__(self, members, path):
        self.members, self.path = members, path

    def __len__(self) -> int:
        return len(self.members)

    def __iter__(self):
        for label, node in self.members:
            yield {"href": _quote(self.path(node)), "text": label, "iri": node}


def _value_order(o) -> tuple:
    """IRIs before literals, each by value (then language and datatype: a total order)."""
    return (False, o, "", "") if type(o) is str else (True, o.value, o.language or "", o.datatype)


def _incoming_order(sp: tuple[str, str]) -> tuple[str, str]:
    return sp[1], sp[0]


def iter_html_pages(store: ox.Store, data_graphs: list[str], vocab_graphs: list[str], base: str,
                    workdir: Path | None = None) -> Iterator[tuple[str, bytes]]:
    """(output/-relative path, bytes) of html/index.html, then of each page and the Turtle and JSON-LD
    beside it, by IRI. With `workdir`, the data graphs' triples go to an SQLite file there
    (pipeline/pagestore.py) instead of memory: the same files, in memory that does not grow with the
    corpus."""
    yield from render_all(make_renderer(store, data_graphs, vocab_graphs, base, workdir))


def make_renderer(store: ox.Store, data_graphs: list[str], vocab_graphs: list[str], base: str,
                  workdir: Path | None = None) -> Renderer:
    """A Renderer over the data graphs of `store`: their triples in memory, or with `workdir` in an SQLite
    page store there (open_disk_renderer opens it again from another process)."""
    vocab = build_index(store, vocab_graphs)
    if workdir is None:
        return Renderer(build_index(store, data_graphs), vocab, base)
    from .pagestore import store_triples

    return disk_renderer(store_triples(store, data_graphs), vocab, base, workdir)


def disk_renderer(triples, vocab: Index, base: str, workdir: Path) -> Renderer:
    """A Renderer over an SQLite page store made in `workdir` from `triples` (pagestore.store_triples of
    a store's graphs, or pagestore.file_triples of all.nq, catalog.ttl and void.ttl), the vocabulary in memory."""
    from .pagestore import PageStore

    disk = PageStore.build(Path(workdir) / PAGE_STORE, triples, base)
    return Renderer(disk, vocab, base, pages=disk)


def open_disk_renderer(vocab: Index, base: str, workdir: Path) -> Renderer:
    """A Renderer over the page store disk_renderer made in `workdir` (for another worker process)."""
    from .pagestore import PageStore

    disk = PageStore(Path(workdir) / PAGE_STORE, base)
    return Renderer(disk, vocab, base, pages=disk)


def render_all(renderer: Renderer, worker: int = 0, workers: int = 1, *,
               index: bool = True) -> Iterator[tuple[str, bytes]]:
    """Every file of html/ from a Renderer (its index and pages in memory or on disk); with `workers` > 1,
    this worker's share: html/index.html for worker 0, and every workers-th page from the worker-th on.
    The files do not depend on how they are shared out. index=False leaves html/index.html out, for a
    caller that writes renderer.index_chunks() as they come (the index lists every page: at national
    scale it is hundreds of MB, too much to hold as one bytes)."""
    if worker == 0 and index:
        yield "html/index.html", renderer.index_page()
    files = resource_files(renderer)
    share = islice(renderer.pages.nodes(), worker, None, workers)
    for node in tqdm(share, desc="pages", unit="page", disable=None if worker == 0 else True, leave=False):
        path, data = renderer.page(node)  # the bar on a terminal only, one for all the workers
        yield f"html/{path}", data
        yield from files(node)


def html_pages(store: ox.Store, data_graphs: list[str], vocab_graphs: list[str], base: str) -> dict[str, bytes]:
    """output/-relative path → bytes of every page, of html/index.html and of the files beside each page."""
    return dict(iter_html_pages(store, data_graphs, vocab_graphs, base))
