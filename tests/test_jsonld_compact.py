"""publish.jsonld builds the compacted JSON-LD directly (pipeline/jsonld_compact.py); its bytes must be
those of rdflib's JSON-LD serializer (publish.jsonld_rdflib) for any graph: generated graphs mixing IRIs
in and out of sosei's namespaces, every kind of literal (valid and invalid lexical forms of the types
rdflib turns into JSON numbers and booleans), several values per property, and the cases left to rdflib
(blank nodes, lists, namespace IRIs used as terms).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef

from pipeline import jsonld_compact
from pipeline.publish import embedded_context
from pipeline.mapping import PREFIXES
from pipeline.publish import jsonld, jsonld_rdflib

NAMESPACES = sorted(PREFIXES.values()) + ["https://example.org/other/", "urn:x:"]
LOCALS = ["a", "Project", "x-1", "年度", "a.b", "a/b", "a#b", "", "a b", "%20", "1", "_"]
IRIS = st.builds(lambda ns, local: URIRef(ns + local), st.sampled_from(NAMESPACES), st.sampled_from(LOCALS))
TEXT = st.sampled_from(["", "x", "事業", 'q"uo\\te', "line\nbreak", "<b>&amp;</b>", "\u2028", "😀", "0", "true"])
LEXICAL = st.sampled_from(["0", "012", "+5", "-3", "1e3", "1.0E3", "NaN", "INF", "-0", "true", "false", "1", "yes",
                           "abc", "2024-04-01", "3.14", " 7", "99999999999999999999999"])
DATATYPES = st.sampled_from([XSD.integer, XSD.boolean, XSD.double, XSD.decimal, XSD.string, XSD.date,
                             XSD.gYear, XSD.nonNegativeInteger, URIRef("https://example.org/dt")])
LITERALS = st.one_of(
    st.builds(Literal, TEXT),
    st.builds(lambda t, lang: Literal(t, lang=lang), TEXT, st.sampled_from(["ja", "en", "ja-Latn"])),
    st.builds(lambda lex, dt: Literal(lex, datatype=dt), LEXICAL, DATATYPES),
)
PREDICATES = st.one_of(IRIS, st.just(RDF.type))
OBJECTS = st.one_of(IRIS, LITERALS, st.sampled_from([XSD.string, URIRef(PREFIXES["sosei"] + "Project")]))


def graph_of(triples) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)
    return g


def same(g: Graph) -> None:
    for ref in ("context.jsonld", "../context.jsonld", embedded_context()):
        assert jsonld(g, context_ref=ref) == jsonld_rdflib(g, context_ref=ref)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(IRIS, PREDICATES, OBJECTS), max_size=25))
def test_direct_json_ld_is_rdflibs(triples):
    same(graph_of(triples))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([URIRef(PREFIXES["sosei"] + "a"), URIRef("https://example.org/id/b")]),
                          PREDICATES, OBJECTS), min_size=1, max_size=40))
def test_many_values_on_few_subjects(triples):
    same(graph_of(triples))


@pytest.mark.parametrize("triple", [
    (BNode("b1"), RDF.type, URIRef("https://example.org/C")),
    (URIRef("https://example.org/a"), URIRef("https://example.org/p"), BNode("b1")),
    (URIRef("https://example.org/a"), RDF.first, Literal("x")),
    (URIRef("https://example.org/a"), URIRef("https://example.org/p"), RDF.nil),
    (URIRef("https://example.org/a"), URIRef(PREFIXES["dct"]), Literal("x")),
    (URIRef("https://example.org/a"), RDF.type, URIRef(PREFIXES["sosei"])),
    (URIRef("https://example.org/a"), URIRef("https://example.org/p"), Literal("x", datatype=URIRef(PREFIXES["xsd"]))),
])
def test_what_only_rdflib_handles_goes_to_rdflib(triple):
    g = graph_of([triple, (URIRef("https://example.org/a"), RDF.type, URIRef("https://example.org/C"))])
    assert jsonld_compact.node_objects(g) is None
    same(g)


def test_empty_and_single_node_graphs():
    same(Graph())
    same(graph_of([(URIRef("https://example.org/a"), RDF.type, URIRef("https://example.org/C"))]))
