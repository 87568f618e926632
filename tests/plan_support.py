"""Helpers of the 地域再生計画 tests: run one document through parse and map as `sosei build` does,
and strip provenance from a graph (to compare what two front ends say, whatever lines they name)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import PROV, RDF

from pipeline.extract import read_document
from pipeline.layouts import LAYOUTS
from pipeline.mapping import SPDX, Context, map_document
from pipeline.records import Issue
from pipeline.sources import SourceSpec, load_manifest, load_municipalities
from pipeline.uris import SOSEI, Minter
from pipeline.validate import validate_graph

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
BASE = "https://w3id.org/sosei/id/"
LIST_ID = "asahikawa-chiiki-saisei-keikaku-list"
PLAN_ID = "asahikawa-chiiki-saisei-keikaku-hatarakikata"
HTML_PAGE = ROOT / "tests" / "golden" / "regional-plan-list" / "asahikawa-page" / "input.html"


def municipalities():
    return load_municipalities(SOURCES / "municipalities.toml")


def manifest_spec(source_id: str) -> SourceSpec:
    specs = load_manifest(SOURCES / "manifest.toml", set(LAYOUTS), municipalities())
    return next(s for s in specs if s.id == source_id)


def run(path: Path, spec: SourceSpec, *, validate: bool = True) -> tuple[Graph, list[Issue]]:
    """Parse, map (and validate) `path` as the document `spec` describes."""
    spec = dataclasses.replace(spec, file=path.name)
    table = municipalities()
    doc = read_document(path, spec.file)
    layout = LAYOUTS[spec.layout]
    parsed, issues = layout.parse(doc, spec)
    ctx = Context(Minter(BASE), spec, table[spec.publisher], doc.sha256, table)
    g, found = map_document(ctx, layout.map, parsed, issues)
    shacl = validate_graph(g, spec.file, doc.sha256) if validate else []
    return g, issues + found + shacl


def without_provenance(g: Graph) -> Graph:
    """`g` less where things were read: source locations, prov:wasDerivedFrom, the source document."""
    sources = set(g.subjects(RDF.type, SOSEI.SourceDocument)) | set(g.subjects(RDF.type, SOSEI.SourceLocation))
    sources |= {c for s in sources for c in g.objects(s, SPDX.checksum)}
    out = Graph()
    for s, p, o in g:
        if s in sources or p in (SOSEI.sourceLocation, PROV.wasDerivedFrom):
            continue
        out.add((s, p, o))
    return out

