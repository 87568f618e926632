"""sosei's SKOS concept schemes as lookup tables: printed names → concepts.

The ontology files are the single source of truth: every Japanese prefLabel, altLabel and hiddenLabel
(NFKC, spaces removed) of a scheme maps onto its concept, so a new spelling is added to the Turtle
file, not to code.
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
SUPPORT_SCHEME = VOCAB + "support-scheme"
UNIT = VOCAB + "unit"


@lru_cache(maxsize=8)
def labels(scheme: str, file: str) -> dict[str, URIRef]:
    """{squeezed Japanese label: concept} for the concepts of `scheme` in ontology/`file`."""
    g = Graph().parse(ONTOLOGY_DIR / file, format="turtle")
    out: dict[str, URIRef] = {}
    for concept in g.subjects(SKOS.inScheme, URIRef(scheme)):
        for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, SKOS.notation):
            for label in g.objects(concept, prop):
                if prop == SKOS.notation or getattr(label, "language", None) == "ja":
                    key = squeeze(str(label))
                    if out.get(key, concept) != concept:
                        raise ValueError(f"{file}: label {label!r} names two concepts")
                    out[key] = concept
    return out


def support_schemes() -> dict[str, URIRef]:
    return labels(SUPPORT_SCHEME, "schemes-support.ttl")


def unit_concept(unit: str) -> URIRef | None:
    """The unit concept of a printed unit (人 → unit:person), or None when sosei does not know it."""
    return labels(UNIT, "schemes-plans.ttl").get(squeeze(unit))


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
    """The schemes a cell names: "地方創生推進交付金及び企業版ふるさと納税" → both concepts;
    "まち・ひと・しごと創生寄附活用事業に関連する…特例(企業版ふるさと納税)" → one."""
    table = support_schemes()
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
