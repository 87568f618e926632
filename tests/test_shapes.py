"""Shapes as data: the golden graphs are the valid examples; each tests/shapes/<Shape>/break.ru is a
SPARQL Update that makes them invalid for that shape alone. Every class in published data has a shape.
"""

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from pipeline.layouts import LAYOUTS
from pipeline.validate import load_shapes, validate_graph

HERE = Path(__file__).resolve().parent
# Golden cases whose data conforms (bad-rows, bad-entries and bad-kpi are about parse issues).
VALID = [LAYOUTS[layout].fixtures / c / "expected.ttl" for layout, c in (
    ("strategy-project-list", "basic"), ("strategy-project-list", "shifted-and-relisted"),
    ("progress-list", "three-pages"),
    ("regional-plan-list", "asahikawa-page"), ("regional-plan-list", "flattened-variants"),
    ("regional-plan-list", "html-rowspan"), ("regional-plan", "kpis-and-cost"),
    ("evaluation-sheet", "one-sheet"), ("evaluation-sheet", "two-sheets"),
    ("evaluation-sheet", "continued-and-misplaced"),
    ("national-plan-list", "current-list"), ("national-plan-list", "by-prefecture-ended"),
    ("grant-effect-verification", "table-r4"), ("grant-effect-verification", "form-r5"),
    ("grant-effect-verification", "table-r3-thousands"), ("grant-effect-verification", "kpi-years-as-columns"),
    ("grant-effect-verification", "form-brackets-digital"), ("grant-effect-verification", "flattened-form"),
    ("grant-effect-verification", "unit-line-tab-text"),
)] + [HERE / "series" / "expected" / "changes-r5-r6.ttl"]  # a changeset of two editions (test_series.py)
BREAKS = sorted((HERE / "shapes").glob("*/break.ru"))
SHAPE_NS = "https://w3id.org/sosei/shapes#"
# Types that only ever accompany a shaped type on the same node (checked below).
COMPANION_TYPES = {
    "http://xmlns.com/foaf/0.1/Agent", "http://www.w3.org/ns/org#OrganizationalUnit",
    "http://purl.org/dc/terms/PeriodOfTime", "http://purl.org/linked-data/cube#Observation",
    "https://w3id.org/sosei/ns#Strategy", "https://w3id.org/sosei/ns#ComprehensivePlan",
    "http://xmlns.com/foaf/0.1/Document",
}


def valid_graph() -> Graph:
    g = Graph()
    for f in VALID + sorted((HERE / "shapes").glob("*/valid.ttl")):  # valid.ttl: examples no golden case holds
        g.parse(f, format="turtle")
    return g


def test_valid_examples_conform():
    issues = validate_graph(valid_graph(), "valid", "")
    assert issues == []


@pytest.mark.parametrize("update", BREAKS, ids=lambda p: p.parent.name)
def test_invalid_example_violates_its_shape(update):
    g = valid_graph()
    g.update(update.read_text(encoding="utf-8"))
    issues = validate_graph(g, "invalid", "")
    assert issues, f"{update} broke nothing"
    assert {i.code for i in issues} == {f"shacl:{update.parent.name}"}, [str(i) for i in issues]


def test_every_node_shape_has_an_invalid_example():
    shapes = load_shapes()
    names = {str(s)[len(SHAPE_NS):] for s in shapes.subjects(RDF.type, SH.NodeShape) if str(s).startswith(SHAPE_NS)}
    assert names == {p.parent.name for p in BREAKS}


def test_every_class_in_published_data_has_a_shape(built):
    settings, _ = built
    shapes = load_shapes()
    targeted = {str(c) for c in shapes.objects(None, SH.targetClass)}
    data = Graph()
    for f in sorted((settings.output_dir / "datasets").glob("*.ttl")):
        data.parse(f, format="turtle")
    for node, cls in data.subject_objects(RDF.type):
        if str(cls) in COMPANION_TYPES:
            assert {str(c) for c in data.objects(node, RDF.type)} & targeted, f"{node} has no shaped type"
        else:
            assert str(cls) in targeted, f"class {cls} has no shape"
