"""The VoID description of output/ (output/void.ttl): for every dataset and for all of them together,
triples, entities, distinct subjects and objects, class and property partitions, and linksets to the
datasets sosei links to (e-Stat SAC standard areas, Wikidata) where such links are present.

The figures are SPARQL counts (store_statistics). Each dataset's are counted where the dataset is made,
on a store in memory holding only it (in the document's worker, kept with it in the build's cache), not
on the store of the whole output. The figures of "all" count each distinct triple once (a municipality
described by two datasets is one entity), which no sum of per-dataset figures gives: they are queried
from the output store's default graph, which holds every dataset's triples once (store.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, RDF, XSD

from .mapping import PREFIXES
from .publish import sort_triples
from .uris import ESTAT_SAC, SOSEI, WIKIDATA, Minter

VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")

# External datasets a link may point into: key → (IRI prefix of their resources, titles, homepage).
TARGETS = {
    "e-stat-sac": (ESTAT_SAC, "統計LOD 標準地域コード", "e-Stat Statistical LOD: standard area codes",
                   "https://data.e-stat.go.jp/"),
    "wikidata": (WIKIDATA, "ウィキデータ", "Wikidata", "https://www.wikidata.org/"),
}


@lru_cache(maxsize=None)
def curie(iri: str) -> str:
    """A prefixed name for partition IRIs (sosei:Project → "sosei:Project"), else a short hash."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and iri[len(ns):].replace("_", "").replace("-", "").isalnum():
            return f"{prefix}:{iri[len(ns):]}"
    return "h" + hashlib.sha256(iri.encode("utf-8")).hexdigest()[:16]


def _empty() -> dict:
    return {"triples": 0, "entities": 0, "distinctSubjects": 0, "distinctObjects": 0,
            "classes": {}, "properties": {}, "links": {}}


def _rows(store: ox.Store, query: str) -> list[tuple]:
    return [tuple(sol[i] for i in range(len(sol))) for sol in store.query(query)]


def store_statistics(store: ox.Store, graph: str | None = None,
                     links: set[tuple[str, str]] | None = None) -> dict:
    """Figures of the triples of one named `graph` of `store`, or of its default graph (None). The
    output store's default graph holds every dataset's triples once (store.py), so its figures are those
    of all datasets together, each distinct triple counted once: what no sum of per-dataset figures
    gives (a municipality's name said by two datasets is one triple). `links`: the (target key,
    predicate) pairs that may have links, counted one by one on the predicate's index (all datasets: the
    pairs of their own figures, as a link of all of them is a link of one); None: every object is
    searched."""
    def where(pattern: str) -> str:
        return f"GRAPH <{graph}> {{ {pattern} }}" if graph else pattern

    stats = _empty()
    ((n, subjects, objects),) = _rows(store, "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?s) AS ?ns) "
                                             f"(COUNT(DISTINCT ?o) AS ?no) WHERE {{ {where('?s ?p ?o')} }}")
    ((entities,),) = _rows(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {where('?s a ?c')} FILTER isIRI(?s) }}")
    stats.update(triples=int(n.value), entities=int(entities.value), distinctSubjects=int(subjects.value),
                 distinctObjects=int(objects.value))
    for c, k in _rows(store, f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {where('?s a ?c')} }} GROUP BY ?c"):
        stats["classes"][c.value] = int(k.value)
    for p, k in _rows(store, f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ {where('?s ?p ?o')} }} GROUP BY ?p"):
        stats["properties"][p.value] = int(k.value)
    for key, (prefix, *_rest) in TARGETS.items():
        linked = f"FILTER (isIRI(?o) && STRSTARTS(STR(?o), \"{prefix}\"))"
        if links is None:
            found = _rows(store, f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ {where('?s ?p ?o')} {linked} }} GROUP BY ?p")
        else:
            found = [(ox.NamedNode(p), row[0]) for k, p in sorted(links) if k == key
                     for row in _rows(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ {where(f'?s <{p}> ?o')} {linked} }}")]
        for p, k in found:
            if int(k.value):
                stats["links"][(key, p.value)] = int(k.value)
    return stats


XSD_INTEGER = ox.NamedNode(str(XSD.integer))


def _n(iri) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=XSD_INTEGER)


class _Writer:
    """The VoID triples as a set (a target described once however many linksets point to it)."""

    def __init__(self, minter: Minter):
        self.minter, self.triples = minter, set()

    def add(self, s, p, o) -> None:
        self.triples.add(ox.Triple(s, p, o))

    def part(self, node: ox.NamedNode, kind: str, key: str) -> ox.NamedNode:
        return _n(self.minter.void_part(node.value, kind, key))


def describe(w: _Writer, node: ox.NamedNode, stats: dict) -> None:
    """The figures of `stats` on the void:Dataset `node`, with its partitions and linksets."""
    w.add(node, _n(RDF.type), _n(VOID.Dataset))
    for key in ("triples", "entities", "distinctSubjects", "distinctObjects"):
        w.add(node, _n(VOID[key]), _int(stats[key]))
    w.add(node, _n(VOID.classes), _int(len(stats["classes"])))
    w.add(node, _n(VOID.properties), _int(len(stats["properties"])))
    for cls, n in stats["classes"].items():
        part = w.part(node, "class", curie(cls))
        w.add(node, _n(VOID.classPartition), part)
        w.add(part, _n(VOID["class"]), ox.NamedNode(cls))
        w.add(part, _n(VOID.entities), _int(n))
    for prop, n in stats["properties"].items():
        part = w.part(node, "property", curie(prop))
        w.add(node, _n(VOID.propertyPartition), part)
        w.add(part, _n(VOID.property), ox.NamedNode(prop))
        w.add(part, _n(VOID.triples), _int(n))
    for (target, prop), n in stats["links"].items():
        linkset = w.part(node, "linkset", f"{target}-{curie(prop)}")
        w.add(node, _n(VOID.subset), linkset)
        w.add(linkset, _n(RDF.type), _n(VOID.Linkset))
        w.add(linkset, _n(VOID.subjectsTarget), node)
        w.add(linkset, _n(VOID.objectsTarget), _target(w, target))
        w.add(linkset, _n(VOID.linkPredicate), ox.NamedNode(prop))
        w.add(linkset, _n(VOID.triples), _int(n))


def _target(w: _Writer, key: str) -> ox.NamedNode:
    prefix, title_ja, title_en, homepage = TARGETS[key]
    node = _n(w.minter.void_target(key))
    w.add(node, _n(RDF.type), _n(VOID.Dataset))
    w.add(node, _n(DCTERMS.title), ox.Literal(title_ja, language="ja"))
    w.add(node, _n(DCTERMS.title), ox.Literal(title_en, language="en"))
    w.add(node, _n(FOAF.homepage), ox.NamedNode(homepage))
    w.add(node, _n(VOID.uriSpace), ox.Literal(str(prefix)))
    return node


def void_triples(minter: Minter, download_base: str, datasets: dict[str, dict[str, str]],
                 statistics: dict[str, dict], total: dict) -> list[ox.Triple]:
    """The VoID description, sorted (publish.turtle writes it). `datasets`: IRI → {format: download URL};
    `statistics`: IRI → its figures (store_statistics); `total`: the figures of all of them together
    (store_statistics of the default graph)."""
    return sort_triples({t for part in void_parts(minter, download_base, datasets, statistics, total) for t in part})


def void_parts(minter: Minter, download_base: str, datasets: dict[str, dict[str, str]],
               statistics: dict[str, dict], total: dict) -> Iterator[list[ox.Triple]]:
    """void_triples in parts, unsorted, a part saying again what another said where they share a node
    (a link target): the whole description, then a part per dataset. Made as pyoxigraph triples, not an
    rdflib Graph, and in parts (catalog_stream.write_turtle): a national corpus has some ten thousand
    datasets, some two hundred VoID triples each."""
    w = _Writer(minter)
    root = _n(minter.all_datasets())
    describe(w, root, total)
    w.add(root, _n(DCTERMS.title), ox.Literal("sosei 全データセット", language="ja"))
    w.add(root, _n(DCTERMS.title), ox.Literal("sosei: every dataset", language="en"))
    w.add(root, _n(VOID.dataDump), ox.NamedNode(download_base + "all.nq"))
    w.add(root, _n(VOID.feature), _n(FORMATS_NS["N-Quads"]))
    w.add(root, _n(VOID.uriSpace), ox.Literal(minter.base))
    w.add(root, _n(VOID.vocabulary), _n(SOSEI))
    for name in sorted(datasets):
        w.add(root, _n(VOID.subset), ox.NamedNode(name))
    yield list(w.triples)
    for name in sorted(datasets):
        w.triples = set()
        node = ox.NamedNode(name)
        describe(w, node, statistics[name])
        for url in sorted(datasets[name].values()):
            w.add(node, _n(VOID.dataDump), ox.NamedNode(url))
        w.add(node, _n(VOID.uriSpace), ox.Literal(minter.base))
        yield list(w.triples)
