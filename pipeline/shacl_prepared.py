"""The SHACL gate's fast path: pyshacl's own results, made faster (pipeline/validate.py uses it).

Per process, the shapes graph is read once into pyshacl's `ShapesGraph` and components, each SPARQL
constraint is parsed once, and each property shape is checked over all its focus nodes at once on a dict
index of the data, instead of once per focus node on the rdflib store (`Prepared`). `prepared(shapes)`
is None for shapes using a SHACL feature `Prepared` does not know: those run through plain pyshacl, with
each SPARQL query parsed once (`prepared_sparql`). This leans on pyshacl 0.40.1's internals (pinned);
tests/test_validate_prepared.py checks that the results are plain pyshacl's on a corpus with injected
faults, and is the guard for any upgrade. bench/bench_shacl.py measures both.
"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

Result = tuple  # (focus node, source shape, result path, severity, message): what an Issue is made of

# --- SPARQL constraints parsed once -------------------------------------------------------------------

_QUERIES: dict = {}  # (query text, namespaces it may use) -> rdflib prepared Query


def _prepared_query(text: str, init_ns: dict):
    """rdflib's `Graph.query(text)` parses `text` at every call (pyparsing, ~20 ms); a prepared Query made
    with the same namespaces evaluates the same algebra."""
    key = (text, tuple(sorted(init_ns.items())))
    query = _QUERIES.get(key)
    if query is None:
        from rdflib.plugins.sparql import prepareQuery
        query = _QUERIES[key] = prepareQuery(text, initNs=init_ns)
    return query


@contextmanager
def prepared_sparql(enabled: bool):
    """While active, pyshacl's SPARQL-based constraints (sh:sparql) run prepared queries: the one method
    that sends the query text to rdflib is wrapped, with what `Graph.query` would use as namespaces."""
    if not enabled:
        yield
        return
    from pyshacl.constraints.sparql.sparql_based_constraints import SPARQLBasedConstraint
    original = SPARQLBasedConstraint.__dict__["_validate_sparql_query"]

    def run(self, query, init_binds, target_graph):
        if isinstance(query, str):
            graph = getattr(target_graph, "impl", target_graph)
            query = _prepared_query(query, dict(graph.namespaces()))
        return original(self, query, init_binds, target_graph)

    SPARQLBasedConstraint._validate_sparql_query = run
    try:
        yield
    finally:
        SPARQLBasedConstraint._validate_sparql_query = original


# --- pyshacl's constraint components, evaluated in batches --------------------------------------------

class _Unsupported(Exception):
    """The shapes use a SHACL feature `Prepared` leaves to plain pyshacl."""


# SHACL terms `Prepared` knows (anything else in the shapes graph sends them to plain pyshacl): targets,
# the core components below, SPARQL constraints without sh:prefixes, and non-validating annotations.
_KNOWN = {SH[t] for t in (
    "targetClass targetSubjectsOf targetObjectsOf targetNode property path inversePath minCount maxCount "
    "class datatype pattern flags nodeKind in hasValue languageIn uniqueLang qualifiedValueShape "
    "qualifiedMinCount qualifiedMaxCount or minInclusive maxInclusive minExclusive maxExclusive minLength "
    "maxLength sparql select message name description order group").split()}
_KNOWN_TYPES = {SH.NodeShape, SH.PropertyShape, SH.IRI, SH.Literal, SH.BlankNode, SH.BlankNodeOrIRI,
                SH.BlankNodeOrLiteral, SH.IRIOrLiteral}


def prepared(shapes: Graph):
    entry = _CACHE.get(id(shapes))
    if entry is None or entry[0] is not shapes:
        try:
            prepared = Prepared(shapes)
        except _Unsupported:
            prepared = None
        if len(_CACHE) >= 16:  # shapes graphs made on the fly (tests) are not all kept
            _CACHE.clear()
        entry = _CACHE[id(shapes)] = (shapes, prepared)  # the graph is kept, so its id is not reused
    return entry[1]


_CACHE: dict = {}


class Prepared:
    """pyshacl's validation of one shapes graph, prepared once per process and run per document.

    pyshacl (`Validator.run`) rebuilds its shapes graph at every call, clones the data graph (advanced
    mode), parses each SPARQL constraint once per focus node, and validates each property shape once per
    focus node of each node shape, creating its constraint components anew each time. Here, pyshacl's
    `ShapesGraph` and components are made once; each shape is validated once over all its focus nodes,
    with value nodes read from a dict index; the components that only look at value nodes (cardinality,
    datatype, pattern, ranges …) are pyshacl's own `evaluate`, the sh:class, sh:or, sh:qualifiedValueShape
    and sh:property ones are re-stated below with pyshacl's logic and pyshacl's result-making. Results
    (messages included) are made on a clone of the data graph, as pyshacl does, when there are any."""

    def __init__(self, shapes: Graph):
        from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
        from pyshacl.constraints.core.logical_constraints import OrConstraintComponent
        from pyshacl.constraints.core.shape_based_constraints import (
            PropertyConstraintComponent,
            QualifiedValueShapeConstraintComponent,
        )
        from pyshacl.constraints.core.value_constraints import ClassConstraintComponent
        from pyshacl.constraints.sparql.sparql_based_constraints import SPARQLBasedConstraint
        from pyshacl.errors import ConstraintLoadWarning
        from pyshacl.pytypes import SHACLExecutor
        from pyshacl.shapes_graph import ShapesGraph

        for s, p, o in shapes:
            if (p == RDF.type and str(o).startswith(str(SH)) and o not in _KNOWN_TYPES) or \
                    (str(p).startswith(str(SH)) and p not in _KNOWN):
                raise _Unsupported(f"{p} {o}")
        if any(shapes.triples((None, RDF.type, RDFS.Class))) or \
                any(shapes.triples((None, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")))):
            raise _Unsupported("implicit class targets")
        self.shapes = shapes
        self.sg = ShapesGraph(shapes)
        self.executor = SHACLExecutor(advanced_mode=True, allow_warnings=True)
        self.kinds = {ClassConstraintComponent: "class", OrConstraintComponent: "or",
                      QualifiedValueShapeConstraintComponent: "qualified", PropertyConstraintComponent: "property",
                      SPARQLBasedConstraint: "sparql"}
        self.top = list(self.sg.shapes)
        for shape in self.top:
            shape.set_advanced(True)  # as Validator.run does in advanced mode
            if shape.advanced_target():
                raise _Unsupported("SHACL-AF targets")
        self.plans, self.paths = {}, {}
        self.inverse: set = set()  # predicates of sh:inversePath paths: indexed object -> subjects
        todo = list(self.top)
        while todo:  # the shapes with targets, and those they use (sh:property, sh:or, sh:qualifiedValueShape)
            shape = todo.pop()
            if shape.node in self.plans:
                continue
            plan = []
            params = [p for p, _ in shapes.predicate_objects(shape.node) if p in ALL_CONSTRAINT_PARAMETERS]
            for cls in dict.fromkeys(CONSTRAINT_PARAMETERS_MAP[p] for p in params):
                try:
                    component = cls(shape)
                except ConstraintLoadWarning:
                    continue  # as Shape.validate does (e.g. sh:qualifiedValueShape on a node shape)
                kind = self.kinds.get(cls, "values")
                if kind == "sparql":
                    for helper in component.sparql_constraints:
                        self._prepare_sparql(helper)
                    component._validate_sparql_query = self._sparql
                elif kind == "property" and shape.is_property_shape:
                    raise _Unsupported("sh:property of a property shape")
                uses = (component.property_shapes if kind == "property" else component.value_shapes
                        if kind == "qualified" else [o for c in component.or_list for o in shapes.items(c)]
                        if kind == "or" else [])
                for node in uses:
                    used = shape.get_other_shape(node)
                    if used is None or (kind == "property" and not used.is_property_shape):
                        raise _Unsupported(f"{node} is not a {'property ' if kind == 'property' else ''}shape")
                    todo.append(used)
                component.make_v_result_description = _no_description  # report text sosei never reads
                plan.append((kind, component))
            self.plans[shape.node] = plan
            if shape.is_property_shape:
                self.paths[shape.node] = self._path(shape)
                if self.paths[shape.node][1]:
                    self.inverse.add(self.paths[shape.node][0])
        self.targets = [(s, tuple(map(list, s.target()))) for s in self.top]
        self.data = None
        self.message_graphs: dict = {}

    def _path(self, shape) -> tuple[URIRef, bool]:
        """A property shape's path: (predicate, inverse?); other SHACL paths are left to plain pyshacl."""
        path = shape.path()
        if isinstance(path, URIRef):
            return path, False
        if isinstance(path, BNode):
            inverse = list(self.shapes.objects(path, SH.inversePath))
            if len(inverse) == 1 and isinstance(inverse[0], URIRef) and \
                    len(list(self.shapes.predicate_objects(path))) == 1:
                return inverse[0], True
        raise _Unsupported(f"property path {path}")

    @staticmethod
    def _prepare_sparql(helper) -> None:
        """One sh:sparql constraint (pyshacl's SPARQLQueryHelper): its query text with prefixes, its
        bindings and its prepared query, made once; the helper's per-focus-node work (regex checks of the
        text, prefixes) is replaced by their outcome, which does not depend on the focus node."""
        init, text = helper.pre_bind_variables(URIRef("urn:sosei:focus"))
        text = helper.apply_prefixes(text)
        try:
            _prepared_query(text, {})  # parses with no namespaces given: every prefix is declared in the text
        except Exception as e:
            raise _Unsupported(f"SPARQL constraint {helper.node}: {e}") from e
        this = "this" in init

        def pre_bind_variables(thisnode, valuenode=None, extravars=None):
            if valuenode is not None or extravars is not None:
                raise RuntimeError("a prepared SPARQL constraint bound more than $this")
            return ({**init, "this": thisnode} if this else dict(init)), text

        helper.pre_bind_variables = pre_bind_variables
        helper.apply_prefixes = lambda sparql: sparql  # already applied above

    def _sparql(self, query, init_binds, _target_graph):
        """SPARQLBasedConstraint._validate_sparql_query with the query prepared once, run on the data graph
        (pyshacl queries its clone, which holds the same triples)."""
        from pyshacl.constraints.sparql.sparql_based_constraints import SPARQLBasedConstraint
        return SPARQLBasedConstraint._validate_sparql_query(None, _prepared_query(query, {}), init_binds,
                                                            _QueryOnly(self.data))

    # -- one document --

    def validate(self, data: Graph) -> tuple[bool, list[Result]]:
        out: dict = {}
        for s, p, o in data:
            po = out.get(s)
            if po is None:
                po = out[s] = {}
            objs = po.get(p)
            if objs is None:
                po[p] = {o}
            else:
                objs.add(o)
        inv: dict = {}
        for p in self.inverse:
            for s, o in data.subject_objects(p):
                inv.setdefault(o, {}).setdefault(p, set()).add(s)
        self.data, self.out, self.inv = data, out, inv
        try:
            reports = self._run(self._message_graph(data))
            if any(isinstance(o[1], BNode) for r in reports for _n, p, o in r[2] if p in (SH.focusNode, SH.value)):
                from pyshacl.graph_abstraction import DataGraph
                reports = self._run(DataGraph.from_rdflib(data).clone())  # a message describes a blank node
        finally:
            self.data = self.out = self.inv = None
        results = [_result(r) for r in reports]
        return all(r[3] in (SH.Warning, SH.Info) for r in results), results

    def _message_graph(self, data: Graph):
        """The graph pyshacl's results name nodes with (`target_graph` of constraint components): a clone of
        the data graph (Validator.run, advanced mode), of which messages use only the namespaces to name
        IRIs and literals, and the triples to describe a blank node (then `validate` uses a real clone).
        So: rdflib's core namespaces and the data graph's, bound as clone_graph binds them, no triples."""
        from pyshacl.graph_abstraction import RdfLibDataGraph
        key = tuple(data.namespace_manager.namespaces())
        graph = self.message_graphs.get(key)
        if graph is None:
            g = Graph(bind_namespaces="core")
            for prefix, namespace in key:
                g.namespace_manager.bind(prefix, namespace, override=True, replace=True)
            if len(self.message_graphs) > 64:
                self.message_graphs.clear()
            graph = self.message_graphs[key] = RdfLibDataGraph(g.store, g, None)
        return graph

    def _run(self, target) -> list:
        reports = []
        for shape, targets in self.targets:
            focus = self._focus_nodes(targets)
            if focus:
                reports.extend(self._shape(shape, list(focus), target))
        return reports

    def _focus_nodes(self, targets) -> set:
        """Shape.focus_nodes, with the shape's target declarations read once."""
        nodes, classes, implicit, objects_of, subjects_of = targets
        data, found = self.data, set(nodes)
        for tc in set(classes) | set(implicit):
            found.update(data.subjects(RDF.type, tc))
            for subclass in data.transitive_subjects(RDFS.subClassOf, tc):
                if subclass != tc:
                    found.update(data.subjects(RDF.type, subclass))
        for p in subjects_of:
            found.update(s for s, _o in data.subject_objects(p))
        for p in objects_of:
            found.update(o for _s, o in data.subject_objects(p))
        return found

    def _values(self, shape, focus) -> dict:
        if not shape.is_property_shape:
            return {f: {f} for f in focus}
        p, inverse = self.paths[shape.node]
        index = self.inv if inverse else self.out
        empty = set()
        return {f: set(index.get(f, {}).get(p, empty)) for f in focus}

    def _shape(self, shape, focus: list, target) -> list:
        """pyshacl's `Shape.validate(focus=...)` for all of `focus` at once."""
        fvn = self._values(shape, focus)
        reports = []
        for kind, c in self.plans[shape.node]:
            if kind in ("values", "sparql"):
                reports.extend(c.evaluate(self.executor, target, fvn, [])[1])
            elif kind == "class":
                reports.extend(self._class(c, fvn, target))
            elif kind == "or":
                reports.extend(self._or(c, fvn, target))
            elif kind == "qualified":
                reports.extend(self._qualified(c, fvn, target))
            else:
                reports.extend(self._property(c, fvn, target))
        return reports

    def _failing(self, shape, nodes, target) -> set:
        """The nodes among `nodes` that do not conform to `shape` (as Shape.validate(focus=node) says, each
        node on its own: no result of a severity other than sh:Warning or sh:Info)."""
        nodes = list(dict.fromkeys(nodes))
        if not nodes:
            return set()
        return {r[0] for r in map(_result, self._shape(shape, nodes, target)) if r[3] not in (SH.Warning, SH.Info)}

    def _is_instance(self, v, class_rule) -> bool:
        """ClassConstraintComponent._evaluate_class_rules_rdflib: a type of v, or a superclass of one
        (rdfs:subClassOf in the data graph), is the class."""
        for ctype in self.out.get(v, {}).get(RDF.type, ()):
            seen, todo = set(), [ctype]
            while todo:
                c = todo.pop()
                if c == class_rule:
                    return True
                if c not in seen:
                    seen.add(c)
                    todo.extend(self.out.get(c, {}).get(RDFS.subClassOf, ()))
        return False

    def _class(self, c, fvn, target) -> list:
        reports = []
        for class_rule in c.class_rules:
            for f, values in fvn.items():
                for v in values:
                    if isinstance(v, Literal) or not self._is_instance(v, class_rule):
                        reports.append(c.make_v_result(target, f, value_node=v))
        return reports

    def _or(self, c, fvn, target) -> list:
        """OrConstraintComponent._evaluate_or_constraint."""
        reports = []
        for or_c in c.or_list:
            or_shapes = {c.shape.get_other_shape(o) for o in set(self.shapes.items(or_c))}
            if None in or_shapes or not or_shapes:
                raise RuntimeError(f"sh:or of {c.shape.node}: not a list of shapes")
            values = [v for vs in fvn.values() for v in vs]
            failing = [self._failing(s, values, target) for s in or_shapes]
            for f, values in fvn.items():
                for v in values:
                    if all(v in fails for fails in failing):
                        reports.append(c.make_v_result(target, f, value_node=v))
        return reports

    def _qualified(self, c, fvn, target) -> list:
        """QualifiedValueShapeConstraintComponent._evaluate_value_shape (no sh:qualifiedValueShapesDisjoint)."""
        if c.is_disjoint:
            raise RuntimeError("sh:qualifiedValueShapesDisjoint is not prepared")
        reports = []
        for v_shape in c.value_shapes:
            other = c.shape.get_other_shape(v_shape)
            if other is None:
                raise RuntimeError(f"sh:qualifiedValueShape of {c.shape.node}: not a shape")
            failing = self._failing(other, [v for vs in fvn.values() for v in vs], target)
            for f, values in fvn.items():
                n = sum(1 for v in values if v not in failing)
                if c.max_count is not None and n > c.max_count:
                    reports.append(c.make_v_result(target, f,
                                                   constraint_component=SH.QualifiedMaxCountConstraintComponent))
                if c.min_count is not None and n < c.min_count:
                    reports.append(c.make_v_result(target, f,
                                                   constraint_component=SH.QualifiedMinCountConstraintComponent))
        return reports

    def _property(self, c, fvn, target) -> list:
        """PropertyConstraintComponent: each property shape validated once per value node (here the focus
        nodes of a node shape), all value nodes in one batch."""
        values = Counter(v for vs in fvn.values() for v in vs)
        reports = []
        for node in c.property_shapes:
            prop = c.shape.get_other_shape(node)
            for r in self._shape(prop, list(values), target):
                reports.extend([r] * values[_result(r)[0]])
        return reports


class _QueryOnly:
    """A graph's `query` given a prepared Query: rdflib would gather the graph's namespaces at every call,
    for parsing query text, which a prepared query does not need."""

    _NAMESPACES = {"sh": SH}  # not empty, so that rdflib takes it as given

    def __init__(self, graph: Graph):
        self.graph = graph

    def query(self, query, initBindings=None):  # noqa: N803 (rdflib's name)
        return self.graph.query(query, initNs=self._NAMESPACES, initBindings=initBindings)


def _no_description(*_args, **_kwargs) -> str:
    return ""


def _result(report) -> Result:
    """(focus, source shape, path, severity, message) of one pyshacl report (text, node, triples)."""
    fields, messages = {}, []
    for _node, p, o in report[2]:
        o = o[1] if isinstance(o, tuple) else o
        if p == SH.resultMessage:
            messages.append(o)
        else:
            fields[p] = o
    return (fields.get(SH.focusNode), fields.get(SH.sourceShape), fields.get(SH.resultPath),
            fields.get(SH.resultSeverity), sorted(messages, key=str)[0] if messages else None)
