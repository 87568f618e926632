"""SHACL validation of one document's graph at a time; results become Issues that lead back to the
source file, page and line of the resource concerned, grouped and counted by the Report.

The results are pyshacl's (inference none, advanced mode, warnings allowed), made faster by evaluating
pyshacl's own constraint components in batches (pipeline/shacl_prepared.py): per process, the shapes graph is read
once, each SPARQL constraint is parsed once, and each property shape is checked over all its focus nodes
at once on a dict index of the data, instead of once per focus node on the rdflib store. Shapes using a
SHACL feature the fast path does not know run through plain pyshacl. tests/test_validate_prepared.py checks
that both give the same results on a corpus with injected faults; bench/bench_shacl.py measures both.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from . import shacl_prepared
from .records import Issue, Severity, SourceRef
from .shacl_prepared import Result
from .uris import SOSEI

SHAPES_DIR = Path(__file__).resolve().parent.parent / "shapes"  # shapes every layout's data shares
LAYOUTS_DIR = Path(__file__).resolve().parent / "layouts"  # each layout's own shapes: <layout>/shapes.ttl
ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"

_SEVERITY = {SH.Violation: Severity.ERROR, SH.Warning: Severity.WARNING, SH.Info: Severity.INFO}


def shape_files() -> list[Path]:
    """Every shapes file: the shared ones in shapes/, then each layout folder's shapes.ttl."""
    return sorted(SHAPES_DIR.glob("*.ttl")) + sorted(LAYOUTS_DIR.glob("*/shapes.ttl"))


@lru_cache(maxsize=4)
def load_shapes(path: Path | None = None) -> Graph:
    """All of sosei's shapes, or those of one file or directory."""
    g = Graph()
    files = shape_files() if path is None else sorted(path.glob("*.ttl")) if path.is_dir() else [path]
    for f in files:
        g.parse(f, format="turtle")
    return g


def _location(data: Graph, node, file: str, sha: str) -> SourceRef:
    """The page/line of `node`, or of the first resource pointing at it, else the file alone."""
    candidates = [node] + sorted(data.subjects(None, node), key=str) if isinstance(node, URIRef) else [node]
    for n in candidates:
        for loc in sorted(data.objects(n, SOSEI.sourceLocation), key=str):
            return SourceRef(file, sha, _number(data.value(loc, SOSEI.page)), _number(data.value(loc, SOSEI.line)))
        if (n, RDF.type, SOSEI.SourceLocation) in data:
            return SourceRef(file, sha, _number(data.value(n, SOSEI.page)), _number(data.value(n, SOSEI.line)))
    return SourceRef(file, sha)


def _number(term) -> int | None:
    """A page or line number; None for none, or for one that is not a number (a result of its own)."""
    try:
        return int(term) if term is not None else None
    except ValueError:
        return None


def _short(g: Graph, term) -> str:
    if term is None:
        return "-"
    try:
        return g.namespace_manager.normalizeUri(term)
    except Exception:
        return str(term)


def _node_shape(shapes: Graph, data: Graph, shape, focus):
    """The node shape a result belongs to: a property shape is named by the node shape using it for
    the focus node's class (shared property shapes such as shapes:Provenance serve many)."""
    owners = _owners(shapes, shape)
    if not owners:
        return shape
    types = set(data.objects(focus, RDF.type))
    for owner, classes in owners:
        if classes & types:
            return owner
    return owners[0][0]


@lru_cache(maxsize=4096)
def _owners(shapes: Graph, shape) -> tuple:
    """The node shapes using `shape` as a property shape, with their target classes, in order."""
    return tuple((owner, frozenset(shapes.objects(owner, SH.targetClass)))
                 for owner in sorted(shapes.subjects(SH.property, shape), key=str))



def shacl_results(data: Graph, shapes: Graph) -> tuple[bool, list[Result]]:
    """pyshacl's verdict on `data` (conforms, results), through shacl_prepared.Prepared where the shapes allow."""
    prepared = shacl_prepared.prepared(shapes)
    if prepared is None:
        return pyshacl_results(data, shapes, prepared_queries=True)
    return prepared.validate(data)


def pyshacl_results(data: Graph, shapes: Graph, *, prepared_queries: bool = False) -> tuple[bool, list[Result]]:
    """Plain `pyshacl.validate` with sosei's options; `prepared_queries` parses each SPARQL query once."""
    if not data.store.context_aware:  # pyshacl wraps the data in a Dataset over the same store
        data = context_aware_copy(data)
    with shacl_prepared.prepared_sparql(prepared_queries):
        conforms, report, _text = shacl_validate(data, shacl_graph=shapes, inference="none", advanced=True,
                                                 allow_warnings=True)
    results = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        messages = sorted(report.objects(r, SH.resultMessage), key=str)
        results.append((report.value(r, SH.focusNode), report.value(r, SH.sourceShape),
                        report.value(r, SH.resultPath), report.value(r, SH.resultSeverity),
                        messages[0] if messages else None))
    return conforms, results


def context_aware_copy(data: Graph) -> Graph:
    """A copy of `data` in rdflib's default (context-aware) store, with its prefixes: the mapping's graphs
    use rdflib's SimpleMemory (mapping.new_graph), which plain pyshacl cannot wrap."""
    copy = Graph()
    for prefix, namespace in data.namespaces():
        copy.bind(prefix, namespace, override=True, replace=True)
    for triple in data:
        copy.add(triple)
    return copy


def validate_graph(data: Graph, file: str, sha256: str, shapes: Graph | None = None) -> list[Issue]:
    """Validate `data` against sosei's shapes. Returns one Issue per SHACL result, sorted by location."""
    shapes = shapes if shapes is not None else load_shapes()
    conforms, results = shacl_results(data, shapes)
    if conforms:
        return []
    return issues_of(data, shapes, results, file, sha256)


def validate_graphs(documents, shapes: Graph | None = None) -> list[list[Issue]]:
    """`validate_graph` over (graph, file, sha256) triples, the shapes read and prepared once for all."""
    return [validate_graph(data, file, sha, shapes) for data, file, sha in documents]


def issues_of(data: Graph, shapes: Graph, results: list[Result], file: str, sha256: str) -> list[Issue]:
    """One Issue per result. (Names and locations are looked up once per node: results share them.)"""
    issues, short, location, code = [], {}, {}, {}
    for focus, shape, path, severity, message in sorted(results, key=lambda r: tuple(map(_key, r))):
        if (shape, focus) not in code:
            node_shape = _node_shape(shapes, data, shape, focus)
            name = _short(shapes, node_shape) if isinstance(node_shape, URIRef) else "shape"
            code[shape, focus] = f"shacl:{name.split(':')[-1]}"
        for term in (focus, path):
            if term not in short:
                short[term] = _short(data, term)
        if focus not in location:
            location[focus] = _location(data, focus, file, sha256)
        text = f"{message or 'constraint not met'} (focus {short[focus]}, path {short[path]})"
        issues.append(Issue(code[shape, focus], _SEVERITY.get(severity, Severity.ERROR), text, location[focus]))
    return sorted(issues, key=lambda i: (i.source.line or 0, i.code, i.message))


def _key(term) -> tuple[str, str]:
    return (type(term).__name__, "" if term is None else term.n3() if hasattr(term, "n3") else str(term))
