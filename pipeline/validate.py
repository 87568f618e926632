"""SHACL validation (pyshacl) of one document's graph at a time; results become Issues that lead back
to the source file, page and line of the resource concerned, grouped and counted by the Report.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from .records import Issue, Severity, SourceRef
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
            line = data.value(loc, SOSEI.line)
            page = data.value(loc, SOSEI.page)
            return SourceRef(file, sha, int(page) if page is not None else None, int(line) if line is not None else None)
        if (n, RDF.type, SOSEI.SourceLocation) in data:
            line, page = data.value(n, SOSEI.line), data.value(n, SOSEI.page)
            return SourceRef(file, sha, int(page) if page is not None else None, int(line) if line is not None else None)
    return SourceRef(file, sha)


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
    owners = sorted(shapes.subjects(SH.property, shape), key=str)
    if not owners:
        return shape
    types = set(data.objects(focus, RDF.type))
    for owner in owners:
        if set(shapes.objects(owner, SH.targetClass)) & types:
            return owner
    return owners[0]


def validate_graph(data: Graph, file: str, sha256: str, shapes: Graph | None = None) -> list[Issue]:
    """Validate `data` against sosei's shapes. Returns one Issue per SHACL result, sorted by location."""
    shapes = shapes if shapes is not None else load_shapes()
    conforms, results, _text = shacl_validate(data, shacl_graph=shapes, inference="none", advanced=True,
                                              allow_warnings=True)
    if conforms:
        return []
    issues = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(r, SH.focusNode)
        path = results.value(r, SH.resultPath)
        message = results.value(r, SH.resultMessage)
        shape = results.value(r, SH.sourceShape)
        severity = _SEVERITY.get(results.value(r, SH.resultSeverity), Severity.ERROR)
        shape = _node_shape(shapes, data, shape, focus)
        shape_name = _short(shapes, shape) if isinstance(shape, URIRef) else "shape"
        text = f"{message or 'constraint not met'} (focus {_short(data, focus)}, path {_short(data, path)})"
        issues.append(Issue(f"shacl:{shape_name.split(':')[-1]}", severity, text,
                            _location(data, focus, file, sha256)))
    return sorted(issues, key=lambda i: (i.source.line or 0, i.code, i.message))
