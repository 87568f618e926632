"""The browsable HTML: a page per resource with a type and a label (projects, measures, goals, plans,
municipalities …), links between them that resolve, the resource's JSON-LD embedded (and equal to its
triples), and text escaped.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from pipeline.html import Renderer, build_index, page_path

CLASSES = ["Project", "Measure", "Goal", "Plan", "Municipality", "Department"]


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids, self.scripts, self._in_script = [], set(), [], False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "href" in a:
            self.hrefs.append(a["href"])
        if "id" in a:
            self.ids.add(a["id"])
        self._in_script = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag):
        self._in_script = False


def parse(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


@pytest.mark.parametrize("cls", CLASSES)
def test_a_page_per_resource(built, sparql, cls):
    settings, _ = built
    iris = [r[0] for r in sparql(f"SELECT DISTINCT ?r WHERE {{ ?r a sosei:{cls} }}")]
    assert iris
    for iri in iris:
        page = settings.output_dir / "html" / page_path(iri, settings.base_iri)
        assert page.is_file(), iri
        labels = {r[0] for r in sparql(f"SELECT ?l WHERE {{ <{iri}> rdfs:label|skos:prefLabel|dct:title ?l }}")}
        h1 = re.search(r"<h1>(.*?)</h1>", page.read_text(encoding="utf-8")).group(1)
        assert html.unescape(h1) in labels, (iri, h1)


def test_embedded_json_ld_is_the_resources_triples(built, store):
    settings, _ = built
    pages = sorted((settings.output_dir / "html").rglob("*.html"))
    checked = 0
    for page in pages:
        if page.name == "index.html" and page.parent.name == "html":
            continue
        links = parse(page)
        assert len(links.scripts) == 1, page
        data = json.loads(links.scripts[0])
        g = Graph().parse(data=json.dumps(data), format="json-ld")
        iri = _iri_of(page, settings)
        mine = Graph()
        for s, p, o in g.triples((URIRef(iri), None, None)):
            mine.add((s, p, o))
        expected = Graph().parse(data=_triples_of(store, iri), format="nt")
        assert isomorphic(mine, expected), page
        checked += 1
    assert checked > 100


def _iri_of(page: Path, settings) -> str:
    rel = page.relative_to(settings.output_dir / "html").as_posix()
    return settings.base_iri + rel[: -len(".html")]


def _triples_of(store, iri: str) -> str:
    quads = store.quads_for_pattern(ox.NamedNode(iri), None, None, ox.DefaultGraph())
    return ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def test_every_link_between_pages_resolves(built):
    settings, _ = built
    html_dir = settings.output_dir / "html"
    for page in sorted(html_dir.rglob("*.html")):
        links = parse(page)
        for href in links.hrefs:
            if href.startswith("#"):
                assert href[1:] in links.ids, (page, href)
            elif not re.match(r"^[a-z]+:", href):
                assert (page.parent / unquote(href)).resolve().is_file(), (page, href)


def test_index_lists_every_page(built):
    settings, _ = built
    html_dir = settings.output_dir / "html"
    listed = {(html_dir / unquote(h)).resolve() for h in parse(html_dir / "index.html").hrefs}
    pages = {p.resolve() for p in html_dir.rglob("*.html")} - {(html_dir / "index.html").resolve()}
    assert pages == listed


def test_text_is_escaped():
    store = ox.Store()
    base = "https://example.org/id/"
    evil = '<script>alert("x")</script> & </script>'
    g = ox.NamedNode("urn:g")
    for s, p, o in [
        (ox.NamedNode(base + "a"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode("urn:C")),
        (ox.NamedNode(base + "a"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal(evil)),
    ]:
        store.add(ox.Quad(s, p, o, g))
    r = Renderer(build_index(store, ["urn:g"]), build_index(store, []), base)
    path, data = r.page(ox.NamedNode(base + "a"))
    text = data.decode("utf-8")
    assert path == "a.html"
    assert "<script>alert" not in text and "&lt;script&gt;alert" in text
    assert text.count("</script>") == 1  # only the JSON-LD element's own end tag
    links = parse_text(text)
    assert json.loads(links.scripts[0])["@graph"][0]["rdfs:label"][0]["@value"] == evil


def parse_text(text: str) -> Links:
    p = Links()
    p.feed(text)
    return p


def test_long_names_give_short_file_names():
    base = "https://example.org/id/"
    path = page_path(base + "project/" + "事" * 200, base)
    assert all(len(seg.encode("utf-8")) <= 200 for seg in path.split("/"))
    assert path != page_path(base + "project/" + "事" * 199 + "業", base)


def test_amounts_in_yen_are_grouped_with_their_unit(built, sparql):
    """Every budget amount shows on its project's page as the documents print money: 46,766,000 円."""
    settings, _ = built
    rows = sparql("SELECT ?p ?y WHERE { ?a a sosei:BudgetAmount ; sosei:project ?p ; sosei:amount ?y } LIMIT 50")
    assert rows
    for project, yen in rows:
        page = (settings.output_dir / "html" / page_path(project, settings.base_iri)).read_text(encoding="utf-8")
        assert f"{yen:,} 円" in page, (project, yen)
        if yen >= 1000:
            assert f">{yen}<" not in page  # not ungrouped


def test_other_integers_are_grouped_without_unit():
    store = ox.Store()
    base = "https://example.org/id/"
    g = ox.NamedNode("urn:g")
    a = ox.NamedNode(base + "a")
    for p, o in [("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", ox.NamedNode("urn:C")),
                 ("http://www.w3.org/2000/01/rdf-schema#label", ox.Literal("a")),
                 ("urn:count", ox.Literal("10243", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
                 ("urn:code", ox.Literal("012041"))]:
        store.add(ox.Quad(a, ox.NamedNode(p), o, g))
    text = Renderer(build_index(store, ["urn:g"]), build_index(store, []), base).page(a)[1].decode("utf-8")
    assert "10,243" in text and "円" not in text and "012041" in text  # a code stays as printed


def _published_store(settings) -> tuple[ox.Store, list[str], list[str]]:
    """The graphs build.py renders the pages from, read back from output/ (as `sosei push` reads them)."""
    from pipeline.endpoint import published_graphs, read_output
    from pipeline.uris import SOSEI_ONTOLOGY, Minter

    minter = Minter(settings.base_iri)
    graphs = published_graphs(read_output(settings.output_dir), minter)
    store = ox.Store()
    for name, nt in graphs.items():
        store.bulk_load(nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
    meta = [str(minter.catalog()), str(minter.void())]
    data = sorted(n for n in graphs if n not in meta and n != str(SOSEI_ONTOLOGY)) + meta
    return store, data, [str(SOSEI_ONTOLOGY)]


def test_pages_rendered_from_disk_are_the_pages_rendered_in_memory(built, tmp_path):
    """iter_html_pages with a workdir (the triples in SQLite, bounded memory) gives the files of the
    in-memory rendering, and both are the files of the build."""
    from pipeline.html import iter_html_pages

    from pipeline.html import build_index, disk_renderer, render_all
    from pipeline.pagestore import file_triples

    settings, _ = built
    store, data, vocab = _published_store(settings)
    streamed = iter_html_pages(store, data, vocab, settings.base_iri, workdir=tmp_path)
    first, _ = next(streamed)
    assert first == "html/index.html"
    in_memory = html_pages_of(store, data, vocab, settings.base_iri)
    # as build.py can at national scale: the page store read from the files written, index.html in chunks
    out = settings.output_dir
    renderer = disk_renderer(file_triples([out / "all.nq", out / "catalog.ttl", out / "void.ttl"]),
                             build_index(store, vocab), settings.base_iri, tmp_path)
    on_disk = {"html/index.html": b"".join(renderer.index_chunks(size=1000))}
    on_disk.update(render_all(renderer, index=False))
    assert list(on_disk) == list(in_memory)
    assert on_disk == in_memory
    built_files = {p.relative_to(settings.output_dir).as_posix(): p.read_bytes()
                   for p in (settings.output_dir / "html").rglob("*") if p.is_file()}
    assert in_memory == built_files


def test_a_page_store_loaded_by_another_process_renders_the_same_pages(built, tmp_path):
    """pagejobs.PageStoreLoader: all.nq loaded into the page store by a spawned process while the build
    goes on, then catalog.ttl and void.ttl added and the store finished here: the build's pages. A loader
    that fails (a file it cannot read) gives None: the build then loads the page store itself."""
    from pipeline.html import PAGE_STORE, Renderer, build_index, render_all
    from pipeline.pagejobs import PageStoreLoader

    settings, _ = built
    store, data, vocab = _published_store(settings)
    out = settings.output_dir
    loader = PageStoreLoader(tmp_path / PAGE_STORE, [out / "all.nq"], settings.base_iri)
    disk = loader.page_store([out / "catalog.ttl", out / "void.ttl"])
    assert disk is not None
    renderer = Renderer(disk, build_index(store, vocab), settings.base_iri, pages=disk)
    files = dict(render_all(renderer))
    assert files == html_pages_of(store, data, vocab, settings.base_iri)
    failed = PageStoreLoader(tmp_path / "other.sqlite", [tmp_path / "missing.nq"], settings.base_iri)
    assert failed.page_store([out / "catalog.ttl"]) is None
    failed.stop()


def html_pages_of(store, data, vocab, base):
    from pipeline.html import html_pages

    return html_pages(store, data, vocab, base)


def test_a_resource_spread_over_graphs_renders_the_same_from_disk(tmp_path):
    """Triples of one page in two graphs, a part described only in the other graph, a duplicate triple,
    an IRI ending in '/', an empty label: the SQLite rendering equals the in-memory one."""
    from pipeline.html import iter_html_pages

    base = "https://example.org/id/"
    rdf_type, label = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://www.w3.org/2000/01/rdf-schema#label"
    xsd_int = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    quads = [
        ("g1", base + "a", rdf_type, ox.NamedNode("urn:C")), ("g1", base + "a", label, ox.Literal("A", language="ja")),
        ("g2", base + "a", label, ox.Literal("A", language="ja")), ("g2", base + "a", label, ox.Literal("Aa", language="en")),
        ("g2", base + "a/part/1", "urn:n", ox.Literal("1234", datatype=xsd_int)),
        ("g2", base + "a/part/1", "urn:of", ox.NamedNode(base + "a")),
        ("g1", base + "b", rdf_type, ox.NamedNode("urn:C")), ("g1", base + "b", label, ox.Literal("")),
        ("g1", base + "b", "urn:to", ox.NamedNode(base + "a")), ("g1", base + "b", "urn:line", ox.NamedNode(base + "b/l/2")),
        ("g1", base + "b/l/2", "urn:n", ox.Literal("2", datatype=xsd_int)),
        ("g1", base + "c/", rdf_type, ox.NamedNode("urn:C")), ("g1", base + "c/", label, ox.Literal("C")),
        ("g2", base + "d", rdf_type, ox.NamedNode("urn:D")), ("g2", base + "d", label, ox.Literal("<D & d>")),
        ("g2", base + "d", "urn:to", ox.NamedNode(base + "a")), ("g2", base + "d", "urn:to", ox.NamedNode("https://else.org/x")),
    ]
    store = ox.Store()
    for g, s, p, o in quads:
        store.add(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, ox.NamedNode("urn:" + g)))
    graphs = ["urn:g1", "urn:g2"]
    in_memory = list(iter_html_pages(store, graphs, [], base))
    on_disk = list(iter_html_pages(store, graphs, [], base, workdir=tmp_path))
    assert [p for p, _ in on_disk] == [p for p, _ in in_memory]
    assert on_disk == in_memory
    assert {p for p, _ in in_memory} >= {"html/a.html", "html/d.html", "html/a.ttl"}
    page_a = dict(in_memory)["html/a.html"].decode("utf-8")
    assert anchor_of(base + "a/part/1") in page_a and "1,234" in page_a
    # two workers over one page store, the second opening the file the first made: the same files
    from pipeline.html import build_index, disk_renderer, open_disk_renderer, render_all
    from pipeline.pagestore import store_triples

    work = tmp_path / "shared"
    work.mkdir()
    first = list(render_all(disk_renderer(store_triples(store, graphs), build_index(store, []), base, work), 0, 2))
    second = list(render_all(open_disk_renderer(build_index(store, []), base, work), 1, 2))
    assert first[0][0] == "html/index.html" and not {p for p, _ in first} & {p for p, _ in second}
    assert sorted(first + second) == sorted(in_memory)


def anchor_of(iri: str) -> str:
    from pipeline.html import anchor

    return anchor(iri)


@pytest.mark.parametrize("jobs, disk", [(2, False), (2, True), (3, True)])
def test_pages_written_by_workers_are_the_pages_of_one_process(tmp_path, jobs, disk):
    """pagejobs.write_pages: worker processes writing straight into the temporary output, from the index
    in memory or from the page store each opens again, give the files, and the digests the writer
    records, of one process rendering alone."""
    from pipeline.html import make_renderer
    from pipeline.pagejobs import write_pages
    from pipeline.publish import FileDigest, OutputWriter

    base = "https://example.org/id/"
    store = ox.Store()
    for k in range(7):  # pages, a page's parts, a page with incoming links
        s = ox.NamedNode(f"{base}r{k}")
        g = ox.NamedNode(f"urn:g{k % 2}")
        store.add(ox.Quad(s, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode("urn:C"), g))
        store.add(ox.Quad(s, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal(f"R{k} <&>"), g))
        store.add(ox.Quad(s, ox.NamedNode("urn:to"), ox.NamedNode(f"{base}r0"), g))
        store.add(ox.Quad(ox.NamedNode(f"{base}r{k}/part/1"), ox.NamedNode("urn:n"), ox.Literal(str(k)), g))
    graphs = ["urn:g0", "urn:g1"]

    def written(name, jobs, disk):
        writer = OutputWriter(tmp_path / name / "output")
        work = tmp_path / name / "work"
        work.mkdir()
        write_pages(make_renderer(store, graphs, [], base, workdir=work if disk else None), writer, jobs, work, disk=disk)
        files = {p.relative_to(writer.tmp).as_posix(): p.read_bytes() for p in writer.tmp.rglob("*") if p.is_file()}
        writer.abort()
        return files, writer.digests

    one, one_digests = written("one", 1, False)
    many, many_digests = written("many", jobs, disk)
    assert many == one and len(one) == 1 + 3 * 7
    assert many_digests == one_digests == {rel: FileDigest.of(data) for rel, data in one.items()}
