"""Resolvable IRIs: every resource under base_iri has a page or a stable anchor on its parent's page;
Turtle and JSON-LD beside every page; every JSON-LD file expands with pyld offline (no document loader
may fetch anything); the w3id rules (w3id/.htaccess) map each page's IRI to a file the build wrote."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyld import jsonld
from test_html import parse

from pipeline.html import anchor, page_path

ROOT = Path(__file__).resolve().parent.parent


def offline_loader(url, options=None):
    raise AssertionError(f"pyld tried to fetch {url}: a JSON-LD file must expand offline")


def pyld_triples(path: Path) -> set:
    doc = json.loads(path.read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": offline_loader})
    assert jsonld.expand(doc, {"documentLoader": offline_loader})
    return {str(q.triple) for q in ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)}


def turtle_triples(path: Path) -> set:
    return {str(t) for t in ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE)}


def test_every_json_ld_dump_expands_offline_with_pyld(built):
    settings, _ = built
    out = settings.output_dir
    pairs = [(out / "catalog.jsonld", out / "catalog.ttl")]
    pairs += [(p, p.with_suffix(".ttl")) for p in sorted((out / "datasets").glob("*.jsonld"))]
    pairs += [(p, p.with_suffix(".ttl")) for p in sorted((out / "ontology").glob("*.jsonld"))]
    for jsonld_path, ttl_path in pairs:
        assert pyld_triples(jsonld_path) == turtle_triples(ttl_path), jsonld_path.name


def dump_subjects(settings) -> dict[str, set]:
    """Subject IRI under base_iri → its triples (as strings), over every dataset dump, catalog and VoID."""
    out, found = settings.output_dir, {}
    files = sorted((out / "datasets").glob("*.nt"))
    for f in files:
        for t in ox.parse(f.read_bytes(), format=ox.RdfFormat.N_TRIPLES):
            if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(settings.base_iri):
                found.setdefault(t.subject.value, set()).add(str(t))
    return found


def home_of(iri: str, settings) -> Path | None:
    """The page of the resource itself, else of its longest IRI prefix that has one."""
    html = settings.output_dir / "html"
    while len(iri) > len(settings.base_iri):
        page = html / page_path(iri, settings.base_iri)
        if page.is_file():
            return page
        iri = iri.rsplit("/", 1)[0]
    return None


def test_every_resource_has_a_page_or_an_anchor_on_its_parents_page(built):
    settings, _ = built
    subjects = dump_subjects(settings)
    ids: dict[Path, set] = {}
    own = anchored = 0
    for iri, triples in sorted(subjects.items()):
        page = home_of(iri, settings)
        assert page is not None, iri
        if page == settings.output_dir / "html" / page_path(iri, settings.base_iri):
            own += 1
            continue
        if page not in ids:
            ids[page] = parse(page).ids
        assert anchor(iri) in ids[page], (iri, page)
        # … and the page's RDF documents describe it
        assert triples <= turtle_triples(page.with_suffix(".ttl")), iri
        anchored += 1
    assert own > 400 and anchored > 1000, (own, anchored)


def test_turtle_and_json_ld_beside_every_page(built):
    settings, _ = built
    html = settings.output_dir / "html"
    pages = [p for p in sorted(html.rglob("*.html")) if p != html / "index.html"]
    subjects = dump_subjects(settings)
    for page in pages:
        ttl, jl = page.with_suffix(".ttl"), page.with_suffix(".jsonld")
        assert ttl.is_file() and jl.is_file(), page
        triples = turtle_triples(ttl)
        assert pyld_triples(jl) == triples, jl
        iri = settings.base_iri + page.relative_to(html).as_posix()[: -len(".html")]
        assert subjects.get(iri, set()) <= triples, page


def rewrite(rules: list[tuple], path: str, accept: str) -> str | None:
    """mod_rewrite as the .htaccess uses it: conditions on HTTP_ACCEPT, first matching rule with L."""
    env, conds = {}, []
    for kind, *args in rules:
        if kind == "cond":
            conds.append(args[0])
            continue
        pattern, target, flags = args
        ok = all(re.search(c, accept) for c in conds)
        conds = []
        m = re.search(pattern, path)
        if not (ok and m):
            continue
        if target == "-":
            env.update(dict(kv.split(":", 1) for kv in re.findall(r"E=([^,\]]+)", flags)))
            continue
        target = re.sub(r"%\{ENV:(\w+)\}", lambda e: env[e.group(1)], target)
        return re.sub(r"\$(\d)", lambda g: m.group(int(g.group(1))), target)
    return None


@pytest.fixture(scope="module")
def w3id_rules() -> list[tuple]:
    rules = []
    for line in (ROOT / "w3id" / ".htaccess").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts[:2] == ["RewriteCond", "%{HTTP_ACCEPT}"]:
            rules.append(("cond", parts[2]))
        elif parts[:1] == ["RewriteRule"]:
            rules.append(("rule", parts[1], parts[2], parts[3] if len(parts) > 3 else ""))
    return rules


def test_w3id_rules_resolve_every_page_by_content_negotiation(built, w3id_rules):
    settings, _ = built
    out = settings.output_dir
    assert settings.base_iri == "https://w3id.org/sosei/id/" and settings.download_base_url.endswith("/sosei/output/")
    html = out / "html"
    target = rewrite(w3id_rules, "output/catalog.ttl", "*/*")
    base = target[: -len("catalog.ttl")]
    assert base.endswith("/output/")

    def local(url: str) -> Path:
        assert url.startswith(base), url
        return out / url[len(base):]

    for page in [p for p in sorted(html.rglob("*.html")) if p != html / "index.html"]:
        path = "id/" + page.relative_to(html).as_posix()[: -len(".html")]
        assert local(rewrite(w3id_rules, path, "text/html,application/xhtml+xml")) == page
        assert local(rewrite(w3id_rules, path, "text/turtle")) == page.with_suffix(".ttl")
        assert local(rewrite(w3id_rules, path, "application/ld+json")) == page.with_suffix(".jsonld")
    assert local(rewrite(w3id_rules, "ns", "text/turtle")).is_file()
    assert local(rewrite(w3id_rules, "ns", "application/ld+json")).is_file()
    assert local(rewrite(w3id_rules, "id/", "text/html")) == html / "index.html"
    assert local(rewrite(w3id_rules, "output/datasets/annaka-saikido-project-r5.nt", "*/*")).is_file()
