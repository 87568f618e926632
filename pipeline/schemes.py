"""sosei's SKOS concept schemes (ontology/schemes*.ttl) as lookup tables for parsers.

The scheme files are the single source of truth for the statuses, grades or directions a document may
print: a parser is handed `labels(scheme)` (printed label → concept notation) and reports anything else
as an unknown value. Adding an altLabel to the scheme teaches every parser the new spelling.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from .normalize import squeeze

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"


@lru_cache(maxsize=1)
def scheme_graph(directory: Path = ONTOLOGY_DIR) -> Graph:
    g = Graph()
    for f in sorted(directory.glob("schemes*.ttl")):
        g.parse(f, format="turtle")
    return g


def concepts(scheme: str) -> dict[str, URIRef]:
    """notation → concept IRI of every concept in `scheme` (the scheme's IRI)."""
    g = scheme_graph()
    out = {}
    for c in g.subjects(SKOS.inScheme, URIRef(scheme)):
        notation = g.value(c, SKOS.notation)
        if notation is None:
            raise ValueError(f"concept {c} of {scheme} has no skos:notation")
        out[str(notation)] = c
    return dict(sorted(out.items()))


@lru_cache(maxsize=16)
def labels(scheme: str) -> dict[str, str]:
    """Japanese prefLabel and altLabel (squeezed: NFKC, no spaces) and notation → notation."""
    g = scheme_graph()
    table: dict[str, str] = {}
    for notation, c in concepts(scheme).items():
        keys = {notation} | {str(lbl) for p in (SKOS.prefLabel, SKOS.altLabel)
                             for lbl in g.objects(c, p) if getattr(lbl, "language", None) == "ja"}
        for key in map(squeeze, keys):
            if table.setdefault(key, notation) != notation:
                raise ValueError(f"{scheme}: label {key!r} names both {table[key]} and {notation}")
    return table
