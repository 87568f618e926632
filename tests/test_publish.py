"""Publishing: byte-identical rebuilds, dumps that re-parse to one graph in every format (with two
independent parsers), a catalog whose sizes and checksums are those of the files, and a committed
output/ that is exactly what a fresh build gives.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, OWL, RDF

from pipeline.build import run
from pipeline.mapping import SPDX
from pipeline.uris import ESTAT_SAC, WIKIDATA, Minter
from pipeline.void import VOID, store_statistics

ROOT = Path(__file__).resolve().parent.parent


def files_of(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def test_second_build_is_byte_identical(built, tmp_path):
    settings, _ = built
    again = dataclasses.replace(settings, output_dir=tmp_path / "output", store_dir=tmp_path / "store")
    run(again)
    assert files_of(again.output_dir) == files_of(settings.output_dir)


def test_committed_output_is_what_a_fresh_build_gives(built):
    settings, _ = built
    fresh, committed = files_of(settings.output_dir), files_of(ROOT / "output")
    assert sorted(committed) == sorted(fresh), "run `sosei build` and commit output/"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"output/ is stale ({stale}); run `sosei build` and commit output/"


# Triples a dataset has at least: the strategy list is large; a certification list page or one plan is not.
MIN_TRIPLES = {"asahikawa-r6-sogo-senryaku-jigyo": 1000}


def _datasets(settings) -> list[str]:
    return sorted(p.stem for p in (settings.output_dir / "datasets").glob("*.ttl"))


def test_every_dump_reparses_to_the_same_graph(built):
    settings, _ = built
    out = settings.output_dir / "datasets"
    for name in _datasets(settings):
        ttl = Graph().parse(out / f"{name}.ttl", format="turtle")
        nt = Graph().parse(out / f"{name}.nt", format="nt")
        jsonld = Graph().parse(out / f"{name}.jsonld", format="json-ld")  # resolves context.jsonld beside it
        assert len(ttl) > MIN_TRIPLES.get(name, 100)
        assert isomorphic(ttl, nt) and isomorphic(ttl, jsonld)
        # a second, independent parser (Oxigraph) reads the same triples
        ox_ttl = {str(q.triple) for q in ox.parse(path=str(out / f"{name}.ttl"), format=ox.RdfFormat.TURTLE)}
        ox_nt = {str(q.triple) for q in ox.parse(path=str(out / f"{name}.nt"), format=ox.RdfFormat.N_TRIPLES)}
        assert ox_ttl == ox_nt and len(ox_ttl) == len(ttl)


def test_no_blank_nodes_anywhere(built):
    settings, _ = built
    for f in sorted(settings.output_dir.rglob("*.ttl")):
        g = Graph().parse(f, format="turtle")
        assert not [t for t in g if any(isinstance(x, BNode) for x in t)], f


def test_catalog_describes_each_file_with_its_size_and_checksum(built):
    settings, _ = built
    cat = Graph().parse(settings.output_dir / "catalog.ttl", format="turtle")
    assert isomorphic(cat, Graph().parse(settings.output_dir / "catalog.jsonld", format="json-ld"))
    dists = list(cat.subjects(RDF.type, DCAT.Distribution))
    csvs = list((settings.output_dir / "csv").glob("*/*.csv"))
    assert len(dists) == 3 * len(_datasets(settings)) + 1 + 3 + len(csvs)  # + all.nq, municipalities, CSV
    for d in dists:
        url = str(cat.value(d, DCAT.downloadURL))
        assert url.startswith(settings.download_base_url)
        data = (settings.output_dir / url[len(settings.download_base_url):]).read_bytes()
        assert int(cat.value(d, DCAT.byteSize)) == len(data)
        checksum = cat.value(d, SPDX.checksum)
        assert str(cat.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        assert cat.value(d, DCAT.mediaType) is not None and cat.value(d, URIRef("http://purl.org/dc/terms/license"))


# "relation": the source document (a foaf:Document; DCAT-AP ranges dct:source to dcat:Dataset)
@pytest.mark.parametrize("prop", ["publisher", "spatial", "temporal", "license", "relation", "title", "description",
                                  "issued", "modified", "contactPoint"])
def test_each_dataset_has(built, prop):
    settings, _ = built
    cat = Graph().parse(settings.output_dir / "catalog.ttl", format="turtle")
    per_source = [ds for ds in cat.subjects(RDF.type, DCAT.Dataset) if cat.value(ds, DCAT.distribution)
                  and str(ds).rsplit("/", 1)[-1] in _datasets(settings)]
    assert len(per_source) == len(_datasets(settings))
    for ds in per_source:
        ns = "http://www.w3.org/ns/dcat#" if prop == "contactPoint" else "http://purl.org/dc/terms/"
        assert cat.value(ds, URIRef(ns + prop)) is not None, (ds, prop)


def test_base_iri_is_configurable(built, tmp_path):
    settings, _ = built
    other = dataclasses.replace(settings, base_iri="https://example.org/lod/", output_dir=tmp_path / "o",
                                store_dir=tmp_path / "s")
    run(other)
    publishers = {"asahikawa-r6-sogo-senryaku-jigyo": "012041", "annaka-saikido-project-r5": "102113"}
    assert set(_datasets(settings)) >= set(publishers)
    for name in _datasets(settings):
        text = (other.output_dir / "datasets" / f"{name}.nt").read_text(encoding="utf-8")
        if name in publishers:
            assert f"<https://example.org/lod/municipality/{publishers[name]}>" in text
        assert "https://w3id.org/sosei/id/" not in text, name



def test_all_nq_has_one_named_graph_per_dataset_and_reparses(built):
    """all.nq: rdflib and Oxigraph read the same quads; each graph is its dataset's dump, named by its IRI."""
    settings, result = built
    data = (settings.output_dir / "all.nq").read_bytes()
    ds = Dataset()
    ds.parse(data=data.decode("utf-8"), format="nquads")
    ox_quads = {str(q) for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)}
    assert len(ox_quads) == len(data.splitlines()) == sum(len(g) for g in ds.graphs() if len(g))
    minter = Minter(settings.base_iri)
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    dumps = {str(minter.dataset(d.spec.id)): settings.output_dir / "datasets" / f"{d.spec.id}.ttl"
             for d in result.datasets}
    dumps[str(minter.dataset("municipalities"))] = settings.output_dir / "municipalities.ttl"  # the table
    assert names == set(dumps)
    for name, path in dumps.items():
        assert isomorphic(ds.graph(URIRef(name)), Graph().parse(path, format="turtle"))
    assert data == b"".join(sorted(data.splitlines(keepends=True), key=_quad_key))  # sorted: graph, s, p, o


def _quad_key(line: bytes):
    q = next(iter(ox.parse(line, format=ox.RdfFormat.N_QUADS)))
    return (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))


@pytest.mark.parametrize("name", ["catalog", "void"])
def test_catalog_and_void_reparse_with_both_parsers(built, name):
    settings, _ = built
    path = settings.output_dir / f"{name}.ttl"
    g = Graph().parse(path, format="turtle")
    ox_triples = {str(q.triple) for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}
    assert len(g) == len(ox_triples) > 100
    assert ox_triples == {str(q.triple) for q in ox.parse(g.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)}


def test_void_counts_what_the_dumps_hold(built):
    settings, result = built
    void = Graph().parse(settings.output_dir / "void.ttl", format="turtle")
    minter = Minter(settings.base_iri)
    distinct = {str(q.triple) for q in ox.parse((settings.output_dir / "all.nq").read_bytes(), format=ox.RdfFormat.N_QUADS)}
    assert int(void.value(minter.all_datasets(), VOID.triples)) == len(distinct)
    for d in result.datasets:
        node = minter.dataset(d.spec.id)
        assert (minter.all_datasets(), VOID.subset, node) in void
        dump = Graph().parse(settings.output_dir / "datasets" / f"{d.spec.id}.nt", format="nt")
        assert int(void.value(node, VOID.triples)) == len(dump) == d.triples
        parts = {void.value(p, VOID["class"]): int(void.value(p, VOID.entities)) for p in void.objects(node, VOID.classPartition)}
        assert parts == {c: len(set(dump.subjects(RDF.type, c))) for c in set(dump.objects(None, RDF.type))}
        props = {void.value(p, VOID.property): int(void.value(p, VOID.triples)) for p in void.objects(node, VOID.propertyPartition)}
        assert props == {p: len(list(dump.triples((None, p, None)))) for p in set(dump.predicates())}
        links = [ls for ls in void.objects(node, VOID.subset) if (ls, RDF.type, VOID.Linkset) in void]
        to_estat = [ls for ls in links if str(void.value(void.value(ls, VOID.objectsTarget), VOID.uriSpace)) == ESTAT_SAC]
        assert to_estat, "every dataset names its municipality's e-Stat standard area"
        assert sum(int(void.value(ls, VOID.triples)) for ls in to_estat) == len(
            [o for o in dump.objects() if str(o).startswith(ESTAT_SAC)])


def test_ontology_is_published_as_turtle_and_json_ld_with_its_version(built):
    settings, _ = built
    out = settings.output_dir / "ontology"
    ttl_files = sorted(out.glob("*.ttl"))
    assert {p.name for p in ttl_files} == {p.name for p in (ROOT / "ontology").glob("*.ttl")}
    for ttl in ttl_files:
        g = Graph().parse(ttl, format="turtle")
        assert isomorphic(g, Graph().parse(ttl.with_suffix(".jsonld"), format="json-ld")), ttl.name
    onto = Graph().parse(out / "sosei.ttl", format="turtle")
    ontology = URIRef("https://w3id.org/sosei/ns")
    assert (ontology, RDF.type, OWL.Ontology) in onto
    version = str(onto.value(ontology, OWL.versionInfo))
    assert version and str(onto.value(ontology, OWL.versionIRI)).endswith("/" + version)


def test_json_ld_dumps_read_the_same_with_oxigraph(built):
    """Every JSON-LD file, read by Oxigraph (its @context reference inlined: Oxigraph does not load
    contexts from files), gives exactly the triples of its Turtle twin."""
    settings, _ = built
    out = settings.output_dir
    context = json.loads((out / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    files = sorted(out.glob("*.jsonld")) + sorted((out / "datasets").glob("*.jsonld")) + sorted((out / "ontology").glob("*.jsonld"))
    files = [f for f in files if f.name != "context.jsonld"]
    assert len(files) >= 3
    for f in files:
        doc = json.loads(f.read_text(encoding="utf-8"))
        doc["@context"] = context
        from_jsonld = {str(q.triple) for q in ox.parse(json.dumps(doc).encode(), format=ox.RdfFormat.JSON_LD)}
        from_ttl = {str(q.triple) for q in ox.parse(path=str(f.with_suffix(".ttl")), format=ox.RdfFormat.TURTLE)}
        assert from_jsonld == from_ttl, f.name


def test_void_linksets_appear_where_links_are_present():
    """A Wikidata linkset when a dataset has owl:sameAs Wikidata links, none when it has not; the figures
    of all datasets (the store's default graph, where store.py puts every dataset's triples once) count a
    shared triple once, and the links found by predicate are those found by searching every object."""
    store = ox.Store()
    g1, g2 = ox.NamedNode("https://example.org/id/dataset/a"), ox.NamedNode("https://example.org/id/dataset/b")
    m = ox.NamedNode("https://example.org/id/municipality/012041")
    shared = ox.Triple(m, ox.NamedNode(str(RDF.type)), ox.NamedNode("https://w3id.org/sosei/ns#Municipality"))
    triples = {g1: [ox.Triple(m, ox.NamedNode(str(OWL.sameAs)), ox.NamedNode(WIKIDATA + "Q1")),
                    ox.Triple(m, ox.NamedNode("https://w3id.org/sosei/ns#standardArea"), ox.NamedNode(ESTAT_SAC + "C01204")),
                    shared],
               g2: [shared]}
    for g, ts in triples.items():
        for t in ts:
            store.add(ox.Quad(t.subject, t.predicate, t.object, g))
            store.add(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()))
    stats_a, stats_b = store_statistics(store, g1.value), store_statistics(store, g2.value)
    assert stats_a["links"] == {("wikidata", str(OWL.sameAs)): 1,
                                ("e-stat-sac", "https://w3id.org/sosei/ns#standardArea"): 1}
    assert stats_b["links"] == {} and stats_b["entities"] == 1
    total = store_statistics(store)
    assert total["triples"] == 3 and total["classes"] == {"https://w3id.org/sosei/ns#Municipality": 1}
    assert total == store_statistics(store, links=set(stats_a["links"]) | set(stats_b["links"])) == stats_a


def test_sorted_triples_orders_by_terms_as_strings():
    """sorted_triples sorts N-Triples lines; the order is that of (subject, predicate, object) as
    N-Triples terms, also where one term begins another (an IRI and a longer IRI, a plain literal and
    the same text with a language tag or datatype, escapes, non-ASCII)."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import XSD

    import pyoxigraph as ox

    from pipeline.publish import sorted_triples

    g = Graph()
    subjects = [URIRef("https://e.org/a"), URIRef("https://e.org/ab"), URIRef("https://e.org/a/b"),
                URIRef("https://e.org/合計"), URIRef("https://e.org/a-")]
    objects = [Literal("a"), Literal("a", lang="ja"), Literal("a", datatype=XSD.token), Literal('a"b'),
               Literal("a\nb"), Literal("a b"), Literal("ａ"), Literal("1", datatype=XSD.integer),
               Literal("10", datatype=XSD.integer), URIRef("https://e.org/o"), Literal("")]
    for s in subjects:
        for p in (URIRef("https://e.org/p"), URIRef("https://e.org/p2")):
            for o in objects:
                g.add((s, p, o))
    got = sorted_triples(g)
    assert len(got) == len(g)
    assert all(isinstance(t, ox.Triple) for t in got)
    key = [(str(t.subject), str(t.predicate), str(t.object)) for t in got]
    assert key == sorted(key)


def test_swap_in_removes_the_previous_directory_in_the_background(tmp_path):
    """The previous directory leaves at once and is removed by threads (join_removals waits for them),
    nested files and all; a symbolic link in it is removed, never followed."""
    from pipeline.publish import join_removals, remove_tree, swap_in

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "kept.txt").write_text("kept")
    target, new = tmp_path / "output", tmp_path / "output.tmp-new"
    for k in range(1200):  # more than one batch of unlinks
        f = target / "html" / f"d{k % 7}" / f"{k}.html"
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(str(k))
    (target / "link").symlink_to(outside, target_is_directory=True)
    (new / "html").mkdir(parents=True)
    (new / "html" / "index.html").write_text("new")
    swap_in(new, target)
    assert (target / "html" / "index.html").read_text() == "new"
    join_removals()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output", "outside"]
    assert (outside / "kept.txt").read_text() == "kept"
    tree = tmp_path / "tree"
    (tree / "a" / "b").mkdir(parents=True)
    (tree / "a" / "b" / "f").write_text("x")
    remove_tree(tree)
    assert not tree.exists()
