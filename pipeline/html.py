"""Browsable HTML: one page per resource (project, measure, goal, plan, municipality, department, dataset
… whatever the data holds), so that an IRI opened in a browser shows something a person can read.

Generic: a resource gets a page when its IRI is under base_iri and it has a type and a label
(rdfs:label, skos:prefLabel, dct:title or foaf:name). Its page lists its properties, links to every
neighbour that has a page, shows unlabeled neighbours (budget amounts, listings, source lines) inline,
and embeds the resource's JSON-LD. Pages live at html/<IRI path after base_iri>.html; html/index.html
lists them by class. Rendered with jinja2 (autoescape on); everything sorted, so builds are byte-identical.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from tqdm import tqdm

from .mapping import PREFIXES
from .resources import resource_files

TEMPLATES = Path(__file__).resolve().parent / "templates"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABELS = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
          "http://purl.org/dc/terms/title", "http://xmlns.com/foaf/0.1/name")
INLINE_LIMIT = 20  # unlabeled neighbours shown inline per property; the rest are counted
INTEGERS = {"http://www.w3.org/2001/XMLSchema#" + t for t in
            ("integer", "nonNegativeInteger", "positiveInteger", "long", "int")}
MAX_SEGMENT_BYTES = 200  # file-system limit is 255 bytes a name; longer segments get a hash


@dataclass
class Index:
    """Every triple once, by subject and by object; labels and types at hand."""

    out: dict = field(default_factory=lambda: defaultdict(set))
    inc: dict = field(default_factory=lambda: defaultdict(set))

    def add(self, s, p, o) -> None:
        self.out[s].add((p, o))
        if isinstance(o, ox.NamedNode):
            self.inc[o].add((s, p))

    def types(self, node) -> list[str]:
        return sorted(o.value for p, o in self.out.get(node, ()) if p.value == RDF_TYPE)

    def label(self, node) -> str | None:
        """The Japanese label first, then English, then any; by label property in LABELS order."""
        found = [(LABELS.index(p.value), {"ja": 0, "en": 1}.get(o.language or "", 2), o.value)
                 for p, o in self.out.get(node, ()) if p.value in LABELS and isinstance(o, ox.Literal)]
        return min(found)[2] if found else None


def build_index(store: ox.Store, graphs: list[str]) -> Index:
    index = Index()
    for g in graphs:
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g)):
            index.add(q.subject, q.predicate, q.object)
    return index


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


def homes(index: Index, pages: dict, base: str) -> dict:
    """Every resource under `base` without a page of its own, by its home: the page of the longest IRI
    prefix (at a '/') that has one (`…/project/X/amount/2024/budget` → the project's page), where it is
    shown with its anchor. Resources with no such prefix stay without a home."""
    found = defaultdict(list)
    for node in sorted(index.out, key=lambda n: n.value):
        if not isinstance(node, ox.NamedNode) or node in pages or not node.value.startswith(base):
            continue
        iri = node.value
        while "/" in iri[len(base):]:
            iri = iri.rsplit("/", 1)[0]
            if ox.NamedNode(iri) in pages:
                found[ox.NamedNode(iri)].append(node)
                break
    return found


def anchor(iri: str) -> str:
    """HTML id of a resource shown inline on a page."""
    return "r-" + hashlib.sha256(iri.encode("utf-8")).hexdigest()[:12]


def curie(iri: str) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        local = iri[len(ns):]
        if iri.startswith(ns) and local and all(c.isalnum() or c in "_-." for c in local):
            return f"{prefix}:{local}"
    return iri


def jsonld_text(index: Index, nodes: list) -> str:
    """JSON-LD of `nodes` (jsonld_doc) for a <script> element."""
    text = json.dumps(jsonld_doc(index, nodes), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # safe inside <script>: no '<', '>' or '&' can end the element or be read as markup
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def jsonld_doc(index: Index, nodes: list) -> dict:
    """JSON-LD (inline @context of sosei's prefixes) of the outgoing triples of `nodes`, sorted."""
    graph = []
    for node in sorted(set(nodes), key=lambda n: n.value):
        obj: dict = {"@id": curie(node.value)}
        for p, o in index.out.get(node, ()):
            if p.value == RDF_TYPE:
                obj.setdefault("@type", []).append(curie(o.value))
            else:
                obj.setdefault(curie(p.value), []).append(_jsonld_value(o))
        graph.append({k: sorted(v, key=lambda x: json.dumps(x, sort_keys=True, ensure_ascii=False))
                      if isinstance(v, list) else v for k, v in obj.items()})
    return {"@context": dict(sorted(PREFIXES.items())), "@graph": graph}


def _jsonld_value(o) -> dict:
    if isinstance(o, ox.NamedNode):
        return {"@id": curie(o.value)}
    if o.language:
        return {"@value": o.value, "@language": o.language}
    if o.datatype and o.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        return {"@value": o.value, "@type": curie(o.datatype.value)}
    return {"@value": o.value}


class Renderer:
    def __init__(self, index: Index, vocab: Index, base: str):
        self.index, self.vocab, self.base = index, vocab, base
        self.pages = {n: page_path(n.value, base) for n in index.out
                      if isinstance(n, ox.NamedNode) and n.value.startswith(base) and not n.value.endswith("/")
                      and index.label(n) and index.types(n)}
        self.yen = {p.value for p, labels in vocab.out.items() if any(
            lp.value == LABELS[0] and isinstance(lab, ox.Literal) and lab.value.endswith("(円)") for lp, lab in labels)}
        self.parts = homes(index, self.pages, base)  # page node → resources whose home it is
        self.shown: set = set()  # unlabeled resources shown inline on the page being rendered
        self.env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                               keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)

    def term_name(self, iri: str) -> str:
        node = ox.NamedNode(iri)
        label = self.vocab.label(node) or self.index.label(node)
        return f"{label} ({curie(iri)})" if label else curie(iri)

    def href(self, target, here: str) -> str | None:
        """Relative link to target's page; an anchor when it is shown inline here; None for an IRI
        under base_iri that has no page (it would not resolve); else the IRI itself."""
        if target in self.pages:
            rel = posixpath.relpath(self.pages[target], posixpath.dirname(here) or ".")
            return quote(rel, safe="/-._~")
        if target.value.startswith(self.base):
            return "#" + anchor(target.value) if target in self.shown else None
        return target.value

    def value(self, o, here: str, prop: str | None = None) -> dict:
        if isinstance(o, ox.NamedNode):
            label = self.index.label(o) or self.vocab.label(o)
            return {"href": self.href(o, here), "text": label or o.value, "iri": o.value, "lang": None}
        return {"href": None, "text": self.literal_text(o, prop), "iri": None, "lang": o.language}

    def literal_text(self, o, prop: str | None) -> str:
        """Integers with digit grouping (1,234,000), and 円 after an amount in yen (a property the
        ontology labels …(円))."""
        if o.datatype is None or o.datatype.value not in INTEGERS or not re.fullmatch(r"[+-]?\d+", o.value):
            return o.value
        text = f"{int(o.value):,}"
        return f"{text} 円" if prop in self.yen else text

    def rows(self, node, here: str, skip: tuple = ()) -> list[dict]:
        """Property rows of `node` (rdf:type aside), each with its values and inline unlabeled objects."""
        by_prop = defaultdict(list)
        for p, o in self.index.out.get(node, ()):
            if p.value != RDF_TYPE and (p, o) not in skip:
                by_prop[p.value].append(o)
        rows = []
        for prop in sorted(by_prop, key=lambda p: (self.term_name(p), p)):
            values = sorted(by_prop[prop], key=lambda o: (isinstance(o, ox.Literal), o.value))
            rows.append({"property": self.term_name(prop), "iri": prop,
                         "objects": [self.value(o, here, prop) for o in values]})
        return rows

    def inline(self, node, here: str, skip: tuple = ()) -> dict:
        return {"types": [self.term_name(t) for t in self.index.types(node)], "iri": node.value,
                "anchor": anchor(node.value), "rows": self.rows(node, here, skip)}

    def page(self, node) -> tuple[str, bytes]:
        here = self.pages[node]
        incoming, outgoing = self._inline_incoming(node), self._inline_outgoing(node)
        self.shown = {s for entry in incoming.values() for s in entry["nodes"]} | set(outgoing)
        parts = [n for n in self.parts.get(node, []) if n not in self.shown]  # every one, each with its anchor
        self.shown |= set(parts)
        related = []
        for p in sorted(incoming, key=lambda p: (self.term_name(p), p)):
            entry = incoming[p]
            related.append({"property": self.term_name(p), "iri": p, "more": entry["more"],
                            "links": [self.value(s, here) for s in entry["links"]],
                            "inline": [self.inline(s, here, skip=((ox.NamedNode(p), node),)) for s in entry["nodes"]]})
        html = self.env.get_template("resource.html").render(
            title=self.index.label(node), iri=node.value, root=self.href_root(here),
            types=[{"name": self.term_name(t), "iri": t} for t in self.index.types(node)],
            rows=self.rows(node, here), details=[self.inline(o, here) for o in outgoing], related=related,
            parts=[self.inline(o, here) for o in parts],
            jsonld=Markup(jsonld_text(self.index, [node, *self.shown])))
        self.shown = set()
        return here, html.encode("utf-8")

    def _inline_incoming(self, node) -> dict:
        """Resources pointing at `node`, per property: links to those with pages, the first
        INLINE_LIMIT others to show inline, and how many more there are."""
        by_prop = defaultdict(lambda: {"links": [], "nodes": [], "more": 0})
        for s, p in sorted(self.index.inc.get(node, ()), key=lambda sp: (sp[1].value, sp[0].value)):
            entry = by_prop[p.value]
            if s in self.pages:
                entry["links"].append(s)
            elif len(entry["nodes"]) < INLINE_LIMIT:
                entry["nodes"].append(s)
            else:
                entry["more"] += 1
        return by_prop

    def _inline_outgoing(self, node) -> list:
        """Unlabeled resources under base_iri that `node` points to (source lines, checksums,
        partitions), at most INLINE_LIMIT per property."""
        by_prop = defaultdict(set)
        for p, o in self.index.out.get(node, ()):
            if isinstance(o, ox.NamedNode) and o.value.startswith(self.base) and o not in self.pages \
                    and o in self.index.out and o != node:
                by_prop[p.value].add(o)
        chosen = {o for p in by_prop for o in sorted(by_prop[p], key=lambda o: o.value)[:INLINE_LIMIT]}
        return sorted(chosen, key=lambda o: o.value)

    def href_root(self, here: str) -> str:
        return posixpath.relpath("index.html", posixpath.dirname(here) or ".")

    def index_page(self) -> bytes:
        by_class = defaultdict(list)
        for node, path in self.pages.items():
            for t in self.index.types(node):
                by_class[t].append({"href": quote(path, safe="/-._~"), "text": self.index.label(node), "iri": node.value})
        classes = [{"name": self.term_name(c), "iri": c, "members": sorted(by_class[c], key=lambda i: (i["text"], i["iri"]))}
                   for c in sorted(by_class, key=lambda c: (self.term_name(c), c))]
        return self.env.get_template("index.html").render(classes=classes, count=len(self.pages)).encode("utf-8")


def html_pages(store: ox.Store, data_graphs: list[str], vocab_graphs: list[str], base: str) -> dict[str, bytes]:
    """output/-relative path → bytes of every page and of html/index.html."""
    renderer = Renderer(build_index(store, data_graphs), build_index(store, vocab_graphs), base)
    files = {"html/index.html": renderer.index_page()}
    nodes = sorted(renderer.pages, key=lambda n: n.value)
    for node in tqdm(nodes, desc="pages", unit="page", disable=None, leave=False):  # shown on a terminal only
        path, data = renderer.page(node)
        files[f"html/{path}"] = data
    files.update(resource_files(renderer))
    return files
