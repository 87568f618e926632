"""Helpers of the golden-file tests: a case folder holds input.*, case.toml (manifest fields the
document does not print), expected.ttl and expected-issues.txt.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.namespace import PROV, RDF

from pipeline.documents import document_graph
from pipeline.mapping import SPDX
from pipeline.publish import sorted_triples, turtle
from pipeline.records import Issue
from pipeline.sources import SourceSpec, load_municipalities
from pipeline.uris import SOSEI

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://w3id.org/sosei/id/"


def cases() -> list[Path]:
    """Every golden case: the folders under each layout's fixtures/ (pipeline/layouts/<layout>/fixtures/)."""
    from pipeline.layouts import LAYOUTS

    return sorted(p for lay in LAYOUTS.values() for p in lay.fixtures.glob("*") if (p / "case.toml").is_file())


def layout_of(case: Path) -> str:
    """The layout whose fixtures/ holds `case`."""
    from pipeline.layouts import LAYOUTS

    return next(name for name, lay in LAYOUTS.items() if case.parent == lay.fixtures)


def spec_for(case: Path) -> SourceSpec:
    fields = tomllib.loads((case / "case.toml").read_text(encoding="utf-8"))
    inp = next(p for p in sorted(case.glob("input.*")))
    defaults = dict(id=f"golden-{case.name}", file=inp.name, layout=layout_of(case), title=f"golden {case.name}",
                    fiscal_year=None,
                    title_en=f"golden {case.name}", description="-", description_en="-",
                    license="https://creativecommons.org/licenses/by/4.0/", attribution="-")
    return SourceSpec(**{**defaults, **fields})


def run_case(case: Path) -> tuple[Graph, list[Issue]]:
    """Parse, map and validate a case's input as `sosei build` would."""
    spec = spec_for(case)
    g, _doc, issues = document_graph(case / spec.file, spec, municipalities(), BASE)
    return g, issues


def municipalities():
    return load_municipalities(ROOT / "sources" / "municipalities.toml")


def without_provenance(g: Graph) -> Graph:
    """`g` less where things were read: source locations, prov:wasDerivedFrom, the source document (and
    its checksum), to compare what two front ends say whatever lines they name."""
    sources = set(g.subjects(RDF.type, SOSEI.SourceDocument)) | set(g.subjects(RDF.type, SOSEI.SourceLocation))
    sources |= {c for s in sources for c in g.objects(s, SPDX.checksum)}
    out = Graph()
    for s, p, o in g:
        if s in sources or p in (SOSEI.sourceLocation, PROV.wasDerivedFrom):
            continue
        out.add((s, p, o))
    return out


def issue_lines(issues: list[Issue]) -> str:
    return "".join(f"{i.severity.value}: {i}\n" for i in issues)


def readable_diff(expected: Graph, actual: Graph) -> str:
    _both, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = [f"- {t}" for t in sorted(only_expected.serialize(format="nt").splitlines()) if t]
    lines += [f"+ {t}" for t in sorted(only_actual.serialize(format="nt").splitlines()) if t]
    return "\n".join(lines[:80])


def write_expected(case: Path, g: Graph, issues: list[Issue]) -> None:
    (case / "expected.ttl").write_bytes(turtle(sorted_triples(g)))
    (case / "expected-issues.txt").write_text(issue_lines(issues), encoding="utf-8")
