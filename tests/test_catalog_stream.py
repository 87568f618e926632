"""catalog.ttl and catalog.jsonld written entry by entry (catalog_stream.write_catalog) are the bytes of the
whole catalog graph's `turtle(sorted_triples(g))` and `jsonld(g)`: on the bundled manifest and on a catalog of
many municipalities, with runs, merges and chunks forced small; and the whole graph's way where the node
objects cannot be exact."""

from __future__ import annotations

import dataclasses
import random

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, XSD

from pipeline.catalog import ADMS, Entry, catalog_graph, catalog_parts, load_catalog_meta
from pipeline.catalog_stream import _turtle_chunk, write_catalog
from pipeline.layouts import LAYOUTS
from pipeline.mapping import PREFIXES
from pipeline.publish import FORMATS, NQUADS, FileDigest, embedded_context, jsonld, sha256, sorted_triples, turtle
from pipeline.sources import load_manifest, load_municipalities
from pipeline.tables import TABLES, CsvFile
from pipeline.uris import Minter

TTL_PREFIXES = {**PREFIXES, "adms": str(ADMS)}
SMALL = dict(run_lines=7, chunk_lines=3, run_nodes=2, fan_in=2)  # many runs, merge passes and chunks
LICENSES = ("https://creativecommons.org/licenses/by/4.0/", "https://creativecommons.org/publicdomain/zero/1.0/")


def _digest(text: str) -> FileDigest:
    return FileDigest(len(text) * 37, sha256(text.encode()))


def _inputs(settings, copies: int):
    """The catalog's inputs: the bundled manifest's entries, and `copies` more of each spread over the
    municipality table (another id, publisher, licence, fiscal years), with CSV tables for some."""
    municipalities = load_municipalities(settings.manifest.parent / "municipalities.toml")
    specs = load_manifest(settings.manifest, set(LAYOUTS), municipalities)
    codes = sorted(municipalities)
    rng = random.Random(12)
    entries, tables = [], []
    for i in range(copies + 1):
        for spec in specs:
            if i:
                spec = dataclasses.replace(spec, id=f"{spec.id}-{i}", publisher=rng.choice(codes),
                                           license=rng.choice(LICENSES))
            years = set(rng.sample(range(2015, 2027), rng.randint(0, 3)))
            dumps = {fmt.key: _digest(spec.id + fmt.key) for fmt in FORMATS}
            entries.append(Entry(spec, sha256(spec.id.encode()), years, dumps))
            chosen = [t for t in TABLES if rng.random() < 0.5]
            tables += [CsvFile(spec.id, t, f"csv/{spec.id}/{t.name}.csv", _digest(spec.id + t.name)) for t in chosen]
            if chosen:
                tables.append(CsvFile(spec.id, None, f"csv/{spec.id}/csv-metadata.json", _digest(spec.id)))
    rng.shuffle(tables)
    areas = {fmt.key: f"areas {fmt.key}".encode() for fmt in FORMATS}
    base = settings.download_base_url
    return (Minter(settings.base_iri), base, entries, municipalities, _digest(NQUADS.key), base + "void.ttl",
            load_catalog_meta(settings.manifest), tables, areas)


def _expected(inputs) -> tuple[bytes, bytes]:
    g = catalog_graph(*inputs)
    return turtle(sorted_triples(g), {"adms": str(ADMS)}), jsonld(g, context_ref=embedded_context())


def _streamed(tmp_path, inputs, **sizes) -> tuple[bytes, bytes]:
    ttl, js = tmp_path / "catalog.ttl", tmp_path / "catalog.jsonld"
    work = tmp_path / "work"
    work.mkdir()
    def whole():
        pytest.fail("the catalog's JSON-LD made from the whole graph, not node by node")

    digests = write_catalog(catalog_parts(set, *inputs), ttl, js, work, TTL_PREFIXES, embedded_context(), whole,
                            **sizes)
    data = ttl.read_bytes(), js.read_bytes()
    assert digests == tuple(FileDigest.of(d) for d in data)
    assert not list(work.iterdir())  # its temporary files removed
    return data


@pytest.mark.parametrize("copies", [0, 6])
@pytest.mark.parametrize("sizes", [SMALL, {}], ids=["small", "default"])
def test_streamed_catalog_is_the_whole_graphs(settings, tmp_path, copies, sizes):
    inputs = _inputs(settings, copies)
    assert len({e.spec.publisher for e in inputs[2]}) > (5 if copies else 1)
    assert _streamed(tmp_path, inputs, **sizes) == _expected(inputs)


def test_the_bundled_catalog_as_published(settings, tmp_path):
    """output/catalog.ttl and catalog.jsonld as `sosei build` wrote them are the whole graph's turtle and
    jsonld: the streamed build leaves output/ unchanged (checked against git by the rebuild)."""
    ttl = (settings.output_dir / "catalog.ttl").read_bytes()
    g = Graph().parse(data=ttl.decode(), format="turtle")
    g.bind("adms", ADMS)
    parts = [set(g)]
    out, js = tmp_path / "c.ttl", tmp_path / "c.jsonld"
    write_catalog(parts, out, js, tmp_path, TTL_PREFIXES, embedded_context(), None, **SMALL)
    assert out.read_bytes() == ttl
    assert js.read_bytes() == (settings.output_dir / "catalog.jsonld").read_bytes()


def test_turtle_is_the_prefixes_once_then_each_chunks_statements(settings):
    """The rule the chunks rely on: every non-empty chunk opens with the same @prefix lines (all the
    prefixes given), and the whole is them once followed by each chunk's statements, wherever the
    chunks are cut between subjects."""
    triples = sorted_triples(catalog_graph(*_inputs(settings, 1)))
    whole = turtle(triples, {"adms": str(ADMS)})
    starts = [i for i, t in enumerate(triples) if i == 0 or t.subject != triples[i - 1].subject]
    rng = random.Random(3)
    for _ in range(20):
        cuts = sorted(rng.sample(starts[1:], rng.randint(1, 30))) + [len(triples)]
        chunks = [triples[a:b] for a, b in zip([0] + cuts, cuts)]
        heads = {_prefix_lines(turtle(c, {"adms": str(ADMS)})) for c in chunks}
        assert heads == {_prefix_lines(whole)} and len(heads.pop()) == len(TTL_PREFIXES)
        made = b"".join(_turtle_chunk(c, TTL_PREFIXES, first=i == 0) for i, c in enumerate(chunks))
        assert made == whole


def _prefix_lines(data: bytes) -> tuple[bytes, ...]:
    lines = data.split(b"\n")
    return tuple(lines[:next(i for i, line in enumerate(lines) if not line.startswith(b"@prefix "))])


def _graph(triples) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)
    return g


S = URIRef("https://example.org/s")


@pytest.mark.parametrize("odd", [
    (S, RDFS.label, Literal("x", datatype=XSD.string)),  # N-Triples writes it as a plain literal
    (S, RDFS.label, Literal("x", lang="en-US")),  # N-Triples lower-cases the tag
    (S, RDFS.label, Literal("")),  # with "y" below: rdflib's serializer's, order-dependent
    (URIRef("dct:x"), RDFS.label, Literal("z")),  # the @id of <http://purl.org/dc/terms/x> too
], ids=["xsd-string", "language-case", "falsy", "same-id"])
def test_what_nodes_cannot_say_takes_the_whole_graphs_way(tmp_path, odd):
    triples = [(S, RDFS.label, Literal("y")), (URIRef(str(DCTERMS) + "x"), RDFS.label, Literal("w")), odd]
    triples += [(URIRef(f"https://example.org/{i}"), DCTERMS.title, Literal(f"t{i}")) for i in range(9)]
    parts = [set(triples[i:i + 2]) for i in range(0, len(triples), 2)]
    g, made = _graph(triples), []
    out, js = tmp_path / "c.ttl", tmp_path / "c.jsonld"
    write_catalog(parts, out, js, tmp_path, TTL_PREFIXES, embedded_context(), lambda: made.append(g) or g, **SMALL)
    assert made == [g]
    assert out.read_bytes() == turtle(sorted_triples(g), {"adms": str(ADMS)})
    assert js.read_bytes() == jsonld(g, context_ref=embedded_context())


def test_an_empty_catalog(tmp_path):
    out, js = tmp_path / "c.ttl", tmp_path / "c.jsonld"
    write_catalog([], out, js, tmp_path, TTL_PREFIXES, embedded_context(), None, **SMALL)
    assert out.read_bytes() == turtle([], {"adms": str(ADMS)})
    assert js.read_bytes() == jsonld(Graph(), context_ref=embedded_context())


def test_the_parts_are_the_catalog(settings):
    """catalog_graph is the union of catalog_parts (one code path); parts share nodes."""
    inputs = _inputs(settings, 2)
    parts = list(catalog_parts(set, *inputs))
    assert len(parts) == len(inputs[2]) + 3  # the catalog, each entry, the areas, all.nq
    assert set().union(*parts) == set(catalog_graph(*inputs))


@pytest.mark.parametrize("sizes", [SMALL, {}])
def test_void_written_part_by_part_is_the_whole_descriptions_turtle(tmp_path, sizes):
    """void.ttl through catalog_stream.write_turtle (a part per dataset, sorted runs on disk) is
    `turtle(void_triples(...))`: datasets sharing classes, properties and link targets."""
    import pyoxigraph as ox

    from pipeline.catalog_stream import write_turtle
    from pipeline.uris import ESTAT_SAC, WIKIDATA
    from pipeline.void import VOID, store_statistics, void_parts, void_triples

    minter, base = Minter("https://example.org/id/"), "https://example.org/output/"
    store, names = ox.Store(), [f"https://example.org/id/dataset/d{k}" for k in range(6)]
    for k, name in enumerate(names):
        g = ox.NamedNode(name)
        for i in range(k + 1):
            s = ox.NamedNode(f"https://example.org/id/thing/{i}")
            store.add(ox.Quad(s, ox.NamedNode(str(RDFS.label)), ox.Literal(f"物{i}", language="ja"), g))
            store.add(ox.Quad(s, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                              ox.NamedNode(f"https://example.org/C{i % 2}"), g))
            store.add(ox.Quad(s, ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs"),
                              ox.NamedNode(f"{WIKIDATA if i % 2 else ESTAT_SAC}{i}"), g))
    for q in list(store):
        store.add(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()))
    figures = {name: store_statistics(store, name) for name in names}
    urls = {name: {fmt.key: f"{base}datasets/d{k}{fmt.suffix}" for fmt in FORMATS} for k, name in enumerate(names)}
    totals = store_statistics(store)
    expected = turtle(void_triples(minter, base, urls, figures, totals), {"void": str(VOID)})
    work = tmp_path / "work"
    work.mkdir()
    written = write_turtle(void_parts(minter, base, urls, figures, totals), tmp_path / "void.ttl", work,
                           {**PREFIXES, "void": str(VOID)}, **{k: v for k, v in sizes.items() if k != "run_nodes"})
    assert (tmp_path / "void.ttl").read_bytes() == expected
    assert written == FileDigest.of(expected)
    assert list(work.iterdir()) == []  # its runs removed
