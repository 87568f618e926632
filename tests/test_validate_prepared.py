"""The SHACL gate's fast path (pipeline/shacl_prepared.py, `Prepared`) gives exactly plain pyshacl's results:
the same (focus node, source shape, path, severity, message), as many times, and so the same Issues, on a
corpus with injected faults. The corpus: the bundled sources' graphs (before SHACL), and every layout
fixture's expected graph with the valid examples of tests/shapes in one; each as it is and with faults injected by a
seeded generator (dropped and duplicated values, wrong datatypes and languages, ill-typed and negative
amounts, broken links, and edits that trip each SPARQL constraint), and the break.ru of every shape (all in one graph).
"""

from __future__ import annotations

import random
import zlib
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from pipeline import shacl_prepared
from pipeline import validate as v
from pipeline.documents import document_graph
from pipeline.editions import gather_series
from pipeline.layouts import LAYOUTS
from pipeline.sources import load_manifest, load_municipalities

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
SOSEI = "https://w3id.org/sosei/ns#"
VARIANTS = (("drop", "language", "sparql"), ("duplicate", "retype"), ("relink",))  # fault kinds per faulty copy


def bundled_graphs() -> list[tuple[str, Graph]]:
    manifest = ROOT / "sources" / "manifest.toml"
    municipalities = load_municipalities(manifest.parent / "municipalities.toml")
    specs = load_manifest(manifest, set(LAYOUTS), municipalities)
    series = gather_series(manifest, specs)
    return [(spec.id, document_graph(spec.path(manifest), spec, municipalities, "https://w3id.org/sosei/id/",
                                     validate=False, series=series)[0]) for spec in specs]


def fixture_graph() -> Graph:
    """Every layout fixture's expected graph, the valid examples of tests/shapes and a changeset, in one."""
    files = sorted(f for layout in LAYOUTS.values() for f in layout.fixtures.glob("*/expected.ttl"))
    files += sorted((HERE / "shapes").glob("*/valid.ttl")) + [HERE / "series" / "expected" / "changes-r5-r6.ttl"]
    g = Graph()
    for f in files:
        g.parse(f, format="turtle")
    return g


def _retyped(o):
    """A wrong or ill-typed literal in place of `o`."""
    if isinstance(o, URIRef):
        return Literal(str(o))
    if isinstance(o, BNode):
        return Literal("blank")
    if o.language:
        return Literal(str(o)) if len(o) % 2 else Literal(str(o), lang="fr")
    if o.datatype == XSD.integer:
        return [Literal("12.5", datatype=XSD.decimal), Literal("abc", datatype=XSD.integer),
                Literal(-o.value if isinstance(o.value, int) else -1, datatype=XSD.integer), Literal(str(o))][zlib.crc32(str(o).encode()) % 4]
    if o.datatype == XSD.decimal:
        return Literal("1.5.2", datatype=XSD.decimal)
    if o.datatype == XSD.date:
        return Literal("2024-13-45", datatype=XSD.date)
    if o.datatype == XSD.boolean:
        return Literal("maybe", datatype=XSD.boolean)
    if o.datatype == XSD.gYear:
        return Literal(str(o), datatype=XSD.string)
    return Literal(str(o), lang="ja") if o.datatype in (None, XSD.string) else Literal(str(o))


def _duplicate(o, nodes: list):
    if isinstance(o, Literal):
        if isinstance(o.value, bool):
            return Literal(not o.value)
        if isinstance(o.value, (int, Decimal)) and not isinstance(o.value, bool):
            return Literal(o.value + 1, datatype=o.datatype)
        return Literal(str(o) + "・別", lang=o.language, datatype=o.datatype)
    return nodes[zlib.crc32(str(o).encode()) % len(nodes)] if nodes else URIRef(str(o) + "-2")


SPARQL_FAULTS = [
    # a total not reconciled that lost its annotation (PrintedTotalShape)
    """DELETE { ?t <https://w3id.org/sosei/ns#reconciled> ?r ; <http://www.w3.org/ns/dqv#hasQualityAnnotation> ?a }
       INSERT { ?t <https://w3id.org/sosei/ns#reconciled> false }
       WHERE { ?t <https://w3id.org/sosei/ns#reconciled> ?r OPTIONAL { ?t <http://www.w3.org/ns/dqv#hasQualityAnnotation> ?a }
               FILTER (STRENDS(STR(?t), "1") || STRENDS(STR(?t), "計")) }""",
    # an amendment certified before the plan (RegionalRevitalizationPlanShape)
    """INSERT { ?p <https://w3id.org/sosei/ns#certificationDate> "2100-01-01"^^<http://www.w3.org/2001/XMLSchema#date> }
       WHERE { ?p a <https://w3id.org/sosei/ns#RegionalRevitalizationPlan> ; <https://w3id.org/sosei/ns#amendment> ?a }""",
    # a period ending before it starts (ImplementationPeriodShape)
    """DELETE { ?p <http://www.w3.org/ns/dcat#endDate> ?e } INSERT { ?p <http://www.w3.org/ns/dcat#endDate> "1999-03-31"^^<http://www.w3.org/2001/XMLSchema#date> }
       WHERE { ?p <http://www.w3.org/ns/dcat#endDate> ?e }""",
    # a target in another unit than its KPI's (KpiTargetShape)
    """DELETE { ?t <http://purl.org/linked-data/sdmx/2009/attribute#unitMeasure> ?u }
       INSERT { ?t <http://purl.org/linked-data/sdmx/2009/attribute#unitMeasure> <http://qudt.org/vocab/unit/PERCENT> }
       WHERE { ?t a <https://w3id.org/sosei/ns#KpiTarget> OPTIONAL { ?t <http://purl.org/linked-data/sdmx/2009/attribute#unitMeasure> ?u } }""",
    # a direction for the year that states it (ProjectDirectionShape)
    """DELETE { ?d <https://w3id.org/sosei/ns#fiscalYear> ?y } INSERT { ?d <https://w3id.org/sosei/ns#fiscalYear> ?s }
       WHERE { ?d <https://w3id.org/sosei/ns#statedInFiscalYear> ?s ; <https://w3id.org/sosei/ns#fiscalYear> ?y }""",
]


def faulty(g: Graph, kinds: tuple[str, ...], seed: int) -> Graph:
    """A copy of `g` with faults of each kind injected at a seeded sample of its triples."""
    out = v.context_aware_copy(g)
    for kind in kinds:
        inject(g, out, kind, random.Random(f"{seed}-{kind}"))
    return out


def inject(g: Graph, out: Graph, kind: str, rnd: random.Random, rate: float = 0.05) -> None:
    if kind == "sparql":
        for update in SPARQL_FAULTS:
            out.update(update)
        return
    triples = sorted(g, key=lambda t: tuple(x.n3() for x in t))
    by_type: dict = {}
    for s, _p, o in g.triples((None, RDF.type, None)):
        by_type.setdefault(o, []).append(s)
    others = sorted({s for s, _p, _o in g if isinstance(s, URIRef)})
    for s, p, o in triples:
        if rnd.random() >= rate:
            continue
        if kind == "drop":
            out.remove((s, p, o))
        elif kind == "duplicate" and p != RDF.type:
            out.add((s, p, _duplicate(o, others)))
        elif kind == "retype" and p != RDF.type:
            out.remove((s, p, o))
            out.add((s, p, _retyped(o)))
        elif kind == "relink" and isinstance(o, URIRef):
            out.remove((s, p, o))
            if p == RDF.type:  # the resource is now of another class (or none it has a shape for)
                out.add((s, p, sorted(by_type)[rnd.randrange(len(by_type))]))
            else:  # a link to a resource of another class, or to nothing
                out.add((s, p, rnd.choice(others + [URIRef(str(o) + "/missing")])))
        elif kind == "language" and isinstance(o, Literal) and o.language:
            out.add((s, p, Literal(str(o) + "(2)", lang=o.language)))  # two labels in one language
            if rnd.random() < 0.5:
                out.remove((s, p, o))
                out.add((s, p, Literal(str(o), lang="zz")))


def corpus() -> list[tuple[str, Graph]]:
    cases = []
    for seed, (name, g) in enumerate(bundled_graphs() + [("fixtures", fixture_graph())]):
        cases.append((name, g))
        for kinds in VARIANTS:
            cases.append((f"{name}:{'+'.join(kinds)}", faulty(g, kinds, seed)))
    from test_shapes import BREAKS, valid_graph
    g = valid_graph()
    for update in BREAKS:  # every shape's own fault, all in one graph
        g.update(update.read_text(encoding="utf-8"))
    cases.append(("breaks", g))
    return cases


@pytest.fixture(scope="module")
def cases():
    return corpus()


def test_sosei_shapes_take_the_fast_path():
    assert shacl_prepared.prepared(v.load_shapes()) is not None


def test_same_results_and_issues_as_plain_pyshacl(cases):
    shapes = v.load_shapes()
    hit_shapes, codes, hit_focus = Counter(), set(), 0
    for name, g in cases:
        before = (len(g), sorted(g.namespaces()))
        conforms, results = v.shacl_results(g, shapes)
        assert (len(g), sorted(g.namespaces())) == before, f"{name}: validation changed the data graph"
        ref_conforms, ref_results = v.pyshacl_results(g, shapes)  # plain pyshacl.validate
        assert conforms == ref_conforms, name
        assert Counter(results) == Counter(ref_results), (
            name, sorted(map(str, (Counter(results) - Counter(ref_results)).elements()))[:5],
            sorted(map(str, (Counter(ref_results) - Counter(results)).elements()))[:5])
        expected = [] if ref_conforms else v.issues_of(g, shapes, ref_results, "doc.txt", "0" * 64)
        assert v.validate_graph(g, "doc.txt", "0" * 64, shapes) == expected, name
        hit_shapes.update(r[1] for r in ref_results)
        codes.update(i.code for i in expected)
        hit_focus += len({r[0] for r in ref_results})
    # the faults reach every node shape of sosei and every SPARQL constraint, at many focus nodes
    node_shapes = {s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}
    assert {f"shacl:{str(s).split('#')[-1]}" for s in node_shapes} - codes == set()
    assert set(shapes.subjects(SH.sparql, None)) <= set(hit_shapes)
    assert hit_focus > 2000


def test_batches_give_what_single_documents_give(cases):
    docs = [(g, name, "") for name, g in cases[:14]]
    assert v.validate_graphs(docs) == [v.validate_graph(g, name, sha) for g, name, sha in docs]


def test_shapes_with_other_shacl_features_run_through_pyshacl(cases):
    shapes = v.context_aware_copy(v.load_shapes())
    shapes.add((URIRef("https://w3id.org/sosei/shapes#TextualBodyShape"), SH.closed, Literal(False)))
    assert shacl_prepared.prepared(shapes) is None
    name, g = next((n, g) for n, g in cases if ":drop" in n)
    assert Counter(v.shacl_results(g, shapes)[1]) == Counter(v.pyshacl_results(g, shapes)[1])
