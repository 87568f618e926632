"""The VoID description of output/ (output/void.ttl): for every dataset and for all of them together,
triples, entities, distinct subjects and objects, class and property partitions, and linksets to the
datasets sosei links to (e-Stat SAC standard areas, Wikidata) where such links are present.

Figures are computed with SPARQL over an in-memory Oxigraph store holding one named graph per dataset;
"all" counts each distinct triple once (a municipality described by two datasets is one entity).
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, XSD

from .mapping import PREFIXES, en, ja, new_graph
from .uris import ESTAT_SAC, SOSEI, WIKIDATA, Minter

VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")

# External datasets a link may point into: key → (IRI prefix of their resources, titles, homepage).
TARGETS = {
    "e-stat-sac": (ESTAT_SAC, "統計LOD 標準地域コード", "e-Stat Statistical LOD: standard area codes",
                   "https://data.e-stat.go.jp/"),
    "wikidata": (WIKIDATA, "ウィキデータ", "Wikidata", "https://www.wikidata.org/"),
}


def curie(iri: str) -> str:
    """A prefixed name for partition IRIs (sosei:Project → "sosei:Project"), else a short hash."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and iri[len(ns):].replace("_", "").replace("-", "").isalnum():
            return f"{prefix}:{iri[len(ns):]}"
    return "h" + hashlib.sha256(iri.encode("utf-8")).hexdigest()[:16]


def _rows(store: ox.Store, query: str) -> list[tuple]:
    out = []
    for sol in store.query(query):
        out.append(tuple(sol[i] for i in range(len(sol))))
    return out


def _count(store: ox.Store, pattern: str, select: str) -> int:
    (row,) = _rows(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT {select} WHERE {{ {pattern} }} }}")
    return int(row[0].value)


def statistics(store: ox.Store, graphs: list[str]) -> dict:
    """Figures of the distinct triples of the named `graphs` of `store`."""
    values = "VALUES ?g { " + " ".join(f"<{g}>" for g in graphs) + " } "
    pattern = values + "GRAPH ?g { ?s ?p ?o }"
    typed = values + "GRAPH ?g { ?s a ?c }"
    stats = {
        "triples": _count(store, pattern, "?s ?p ?o"),
        "entities": _count(store, typed + " FILTER isIRI(?s)", "?s"),
        "distinctSubjects": _count(store, pattern, "?s"),
        "distinctObjects": _count(store, pattern, "?o"),
        "classes": {}, "properties": {}, "links": {},
    }
    for c, n in _rows(store, f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {typed} }} GROUP BY ?c"):
        stats["classes"][c.value] = int(n.value)
    query = f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ {pattern} }} }} GROUP BY ?p"
    for p, n in _rows(store, query):
        stats["properties"][p.value] = int(n.value)
    for key, (prefix, *_rest) in TARGETS.items():
        query = (f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ {pattern} "
                 f"FILTER (isIRI(?o) && STRSTARTS(STR(?o), \"{prefix}\")) }} }} GROUP BY ?p")
        for p, n in _rows(store, query):
            stats["links"][(key, p.value)] = int(n.value)
    return stats


def describe(g: Graph, minter: Minter, node: URIRef, stats: dict) -> None:
    """The figures of `stats` on the void:Dataset `node`, with its partitions and linksets."""
    g.add((node, RDF.type, VOID.Dataset))
    for key in ("triples", "entities", "distinctSubjects", "distinctObjects"):
        g.add((node, VOID[key], Literal(stats[key], datatype=XSD.integer)))
    g.add((node, VOID.classes, Literal(len(stats["classes"]), datatype=XSD.integer)))
    g.add((node, VOID.properties, Literal(len(stats["properties"]), datatype=XSD.integer)))
    for cls, n in stats["classes"].items():
        part = minter.void_part(node, "class", curie(cls))
        g.add((node, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    for prop, n in stats["properties"].items():
        part = minter.void_part(node, "property", curie(prop))
        g.add((node, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
        g.add((part, VOID.triples, Literal(n, datatype=XSD.integer)))
    for (target, prop), n in stats["links"].items():
        linkset = minter.void_part(node, "linkset", f"{target}-{curie(prop)}")
        g.add((node, VOID.subset, linkset))
        g.add((linkset, RDF.type, VOID.Linkset))
        g.add((linkset, VOID.subjectsTarget, node))
        g.add((linkset, VOID.objectsTarget, _target(g, minter, target)))
        g.add((linkset, VOID.linkPredicate, URIRef(prop)))
        g.add((linkset, VOID.triples, Literal(n, datatype=XSD.integer)))


def _target(g: Graph, minter: Minter, key: str) -> URIRef:
    prefix, title_ja, title_en, homepage = TARGETS[key]
    node = minter.void_target(key)
    g.add((node, RDF.type, VOID.Dataset))
    g.add((node, DCTERMS.title, ja(title_ja)))
    g.add((node, DCTERMS.title, en(title_en)))
    g.add((node, FOAF.homepage, URIRef(homepage)))
    g.add((node, VOID.uriSpace, Literal(prefix)))
    return node


def void_graph(minter: Minter, download_base: str, store: ox.Store, datasets: dict[str, dict[str, str]]) -> Graph:
    """`store` holds each dataset in the named graph of its IRI; `datasets`: IRI → {format: download URL}."""
    g = new_graph()
    g.bind("void", VOID)
    root = minter.all_datasets()
    describe(g, minter, root, statistics(store, sorted(datasets)))
    g.add((root, DCTERMS.title, ja("sosei 全データセット")))
    g.add((root, DCTERMS.title, en("sosei: every dataset")))
    g.add((root, VOID.dataDump, URIRef(download_base + "all.nq")))
    g.add((root, VOID.feature, FORMATS_NS["N-Quads"]))
    g.add((root, VOID.uriSpace, Literal(minter.base)))
    g.add((root, VOID.vocabulary, URIRef(str(SOSEI))))
    for name in sorted(datasets):
        node = URIRef(name)
        g.add((root, VOID.subset, node))
        describe(g, minter, node, statistics(store, [name]))
        for url in sorted(datasets[name].values()):
            g.add((node, VOID.dataDump, URIRef(url)))
        g.add((node, VOID.uriSpace, Literal(minter.base)))
    return g
