"""What developers linking datasets rely on: municipalities carry their 全国地方公共団体コード with a
correct check digit (recomputed here, never typed) and a link to their e-Stat standard area; concept
schemes have stable IRIs under https://w3id.org/sosei/vocab/ with labels in Japanese and English.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from pipeline.sources import check_digit
from pipeline.uris import ESTAT_SAC, VOCAB

ROOT = Path(__file__).resolve().parent.parent


def test_every_municipality_has_a_checked_code_and_its_e_stat_area(sparql):
    rows = sparql("SELECT DISTINCT ?m ?code ?area WHERE { ?m a sosei:Municipality ; "
                  "sosei:localGovernmentCode ?code ; sosei:standardArea ?area }")
    (n,), = sparql("SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a sosei:Municipality }")
    assert len(rows) == n > 0  # every municipality, exactly one code and area each
    for m, code, area in rows:
        assert re.fullmatch(r"\d{6}", code), code
        assert code[5] == check_digit(code[:5]), f"{m}: {code} has a wrong check digit"
        assert m.endswith("/municipality/" + code)
        assert area == f"{ESTAT_SAC}C{code[:5]}"


def test_check_digit_known_codes():
    """Codes whose check digits the 総務省 table prints (the two edge cases of the rule included)."""
    for code in ("012041", "012360", "102113", "131016", "012131", "012190"):
        assert check_digit(code[:5]) == code[5], code


def test_every_dataset_is_placed_at_its_publishers_area(sparql):
    rows = sparql("SELECT ?ds ?spatial ?area WHERE { ?ds a dcat:Dataset ; dct:spatial ?spatial ; "
                  "dct:publisher/sosei:standardArea ?area }")
    assert rows
    for ds, spatial, area in rows:
        assert spatial == area, ds


def _schemes() -> Graph:
    g = Graph()
    for f in sorted((ROOT / "ontology").glob("schemes*.ttl")):
        g.parse(f, format="turtle")
    return g


def test_concept_schemes_have_stable_iris_and_labels():
    g = _schemes()
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    assert concepts
    for c in concepts:
        scheme = g.value(c, SKOS.inScheme)
        assert scheme is not None and (scheme, RDF.type, SKOS.ConceptScheme) in g, c
        assert str(scheme).startswith(VOCAB) and "/" not in str(scheme)[len(VOCAB):], scheme
        assert str(c).startswith(str(scheme) + "/"), c  # vocab/<scheme>/<concept>
        langs = {label.language for label in g.objects(c, SKOS.prefLabel)}
        assert {"ja", "en"} <= langs, c
    for scheme in g.subjects(RDF.type, SKOS.ConceptScheme):
        assert {label.language for label in g.objects(scheme, SKOS.prefLabel)} >= {"ja", "en"}, scheme


def test_concepts_used_in_the_data_are_published(sparql):
    """Every concept under vocab/ the datasets point to is in a published scheme (no dangling IRIs)."""
    used = {r[0] for r in sparql(f"SELECT DISTINCT ?o WHERE {{ ?s ?p ?o FILTER STRSTARTS(STR(?o), \"{VOCAB}\") }}")}
    published = {str(c) for c in _schemes().subjects(RDF.type, SKOS.Concept)}
    published |= {str(s) for s in _schemes().subjects(RDF.type, SKOS.ConceptScheme)}
    assert used and used <= published, used - published
