"""sosei's SKOS concept schemes (ontology/schemes*.ttl) as lookup tables for parsers.

The scheme files are the single source of truth for the statuses, grades or directions a document may
print: a parser is handed `labels(scheme)` (printed label → concept notation) and reports anything else
as an unknown value. Adding an altLabel to the scheme teaches every parser the new spelling.

Schemes whose concepts need not have a notation (support schemes, KPI units) are looked up by label to
the concept IRI with `concept_labels(scheme)`; `match_schemes` reads a 活用する支援制度 cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from .normalize import nfkc, squeeze
from .uris import VOCAB

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


SUPPORT_SCHEME = VOCAB + "support-scheme"
UNIT = VOCAB + "unit"


@lru_cache(maxsize=16)
def concept_labels(scheme: str) -> dict[str, URIRef]:
    """Japanese prefLabel, altLabel, hiddenLabel and notation (squeezed) → concept IRI, for `scheme`."""
    g = scheme_graph()
    out: dict[str, URIRef] = {}
    for concept in sorted(g.subjects(SKOS.inScheme, URIRef(scheme)), key=str):
        for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, SKOS.notation):
            for label in g.objects(concept, prop):
                if prop == SKOS.notation or getattr(label, "language", None) == "ja":
                    key = squeeze(str(label))
                    if out.setdefault(key, concept) != concept:
                        raise ValueError(f"{scheme}: label {key!r} names both {out[key]} and {concept}")
    return out


def unit_concept(unit: str) -> URIRef | None:
    """The unit concept of a printed unit (人 → unit/person), or None when sosei does not know it."""
    return concept_labels(UNIT).get(squeeze(unit))


_SEPARATORS = re.compile(r"及び|並びに|、|,|，|/|／")
_PAREN = re.compile(r"^(.+?)[\(（](.+)[\)）]$")


@dataclass(frozen=True)
class SchemeMatch:
    """What a 活用する支援制度 cell names: the concepts found and the parts sosei does not know."""

    concepts: tuple[URIRef, ...]
    unknown: tuple[str, ...]


def _one(part: str, table: dict[str, URIRef]) -> URIRef | None:
    if part in table:
        return table[part]
    m = _PAREN.match(part)  # 名称(通称) or 名称(注記): the name outside the brackets decides
    if m and m.group(1) in table:
        inner = table.get(m.group(2))
        if inner is None or inner == table[m.group(1)]:
            return table[m.group(1)]
    return None


def match_schemes(text: str) -> SchemeMatch:
    """The support schemes a cell names: "地方創生推進交付金及び企業版ふるさと納税" → both concepts;
    "まち・ひと・しごと創生寄附活用事業に関連する…特例(企業版ふるさと納税)" → one."""
    table = concept_labels(SUPPORT_SCHEME)
    whole = squeeze(nfkc(text))
    if not whole:
        return SchemeMatch((), ())
    single = _one(whole, table)
    if single is not None:
        return SchemeMatch((single,), ())
    concepts, unknown = [], []
    for part in (p for p in _SEPARATORS.split(whole) if p):
        c = _one(part, table)
        if c is None:
            unknown.append(part)
        elif c not in concepts:
            concepts.append(c)
    return SchemeMatch(tuple(concepts), tuple(unknown))
