"""Helpers of the 地域再生計画 tests: run one document through parse and map as `sosei build` does
(without_provenance, shared with the PDF tests, lives in golden_support)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from golden_support import (
    without_provenance,  # noqa: F401  (the plan tests import it from here)
)
from rdflib import Graph

from pipeline.documents import document_graph
from pipeline.layouts import LAYOUTS
from pipeline.records import Issue
from pipeline.sources import SourceSpec, load_manifest, load_municipalities

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
BASE = "https://w3id.org/sosei/id/"
LIST_ID = "asahikawa-chiiki-saisei-keikaku-list"
PLAN_ID = "asahikawa-chiiki-saisei-keikaku-hatarakikata"
HTML_PAGE = ROOT / "pipeline" / "layouts" / "regional_plan_list" / "fixtures" / "asahikawa-page" / "input.html"


def municipalities():
    return load_municipalities(SOURCES / "municipalities.toml")


def manifest_spec(source_id: str) -> SourceSpec:
    specs = load_manifest(SOURCES / "manifest.toml", set(LAYOUTS), municipalities())
    return next(s for s in specs if s.id == source_id)


def run(path: Path, spec: SourceSpec, *, validate: bool = True) -> tuple[Graph, list[Issue]]:
    """Parse, map (and validate) `path` as the document `spec` describes."""
    spec = dataclasses.replace(spec, file=path.name)
    g, _doc, issues = document_graph(path, spec, municipalities(), BASE, validate=validate)
    return g, issues
