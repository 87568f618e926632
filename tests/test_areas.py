"""The municipality table as a dataset (dataset/municipalities): every municipality the table holds has
its e-Stat standard-area link, made generically from its code, so a national table of 1,741 gets 1,741;
Wikidata owl:sameAs only where the table gives a QID (none is shipped: see README), each kind of link
counted by a VoID linkset."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from pipeline.areas import AREAS_ID, area_dumps
from pipeline.sources import Municipality, check_digit, load_municipalities
from pipeline.uris import ESTAT_SAC, Minter
from pipeline.publish import turtle
from pipeline.void import VOID, store_statistics, void_triples

SOSEI = "https://w3id.org/sosei/ns#"
BASE = "https://w3id.org/sosei/id/"


def table(n: int) -> dict[str, Municipality]:
    """A made-up table of n municipalities with valid codes (prefectures 01–47)."""
    out = {}
    for i in range(n):
        head = f"{i % 47 + 1:02d}{200 + i // 47:03d}"
        code = head + check_digit(head)
        out[code] = Municipality(code, f"テスト市{i}", f"Test {i}", "テスト県", "Q" + str(1000 + i) if i % 3 == 0 else None)
    return out


def test_every_municipality_of_the_table_links_its_e_stat_area(built, settings):
    built_settings, _ = built
    municipalities = load_municipalities(settings.manifest.parent / "municipalities.toml")
    g = Graph().parse(built_settings.output_dir / f"{AREAS_ID}.ttl", format="turtle")
    for code in municipalities:
        m = URIRef(f"{BASE}municipality/{code}")
        assert list(g.objects(m, URIRef(SOSEI + "standardArea"))) == [URIRef(f"{ESTAT_SAC}C{code[:5]}")], code
    # no Wikidata link is published that the table does not give (it gives none yet)
    assert len(list(g.triples((None, OWL.sameAs, None)))) == sum(1 for m in municipalities.values() if m.wikidata)


def test_any_table_gets_its_links_and_linksets():
    munis = table(200)
    minter = Minter(BASE)
    dumps = area_dumps(minter, munis, "context.jsonld")
    graph_iri = str(minter.dataset(AREAS_ID))
    store = ox.Store()
    store.bulk_load(dumps["nt"], format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph_iri))
    figures = store_statistics(store, graph_iri)
    triples = void_triples(minter, "https://example.org/output/", {graph_iri: {}}, {graph_iri: figures}, figures)
    void = Graph().parse(data=turtle(triples, {"void": str(VOID)}), format="turtle")
    counts = {}
    for ls in void.subjects(URIRef(str(VOID) + "linkPredicate"), None):
        if str(ls).startswith(graph_iri + "/"):
            counts[str(void.value(ls, URIRef(str(VOID) + "linkPredicate")))] = int(void.value(ls, URIRef(str(VOID) + "triples")))
    assert counts == {SOSEI + "standardArea": 200, str(OWL.sameAs): sum(1 for m in munis.values() if m.wikidata)}
