"""The triples the HTML pages are made from, held as plain strings: an IRI is a `str`, a literal a `Lit`
(value, language, datatype), so that lookups and sorts cost what a dict of strings costs, not a call into
pyoxigraph per term. Labels, types and the JSON-LD of a node are computed once and kept.

Also the JSON-LD writers the pages, the per-resource files and the dumps share: node objects built as
text directly (keys and arrays sorted as `json.dumps(..., sort_keys=True)` with every array sorted by
the `json.dumps` of its items would give), byte for byte what the dict-and-json.dumps way gave.
"""

from __future__ import annotations

from collections import defaultdict
from json.encoder import encode_basestring
from typing import NamedTuple

import pyoxigraph as ox

from .mapping import PREFIXES

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LABELS = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
          "http://purl.org/dc/terms/title", "http://xmlns.com/foaf/0.1/name")
_LABEL_RANK = {p: i for i, p in enumerate(LABELS)}
_LANG_RANK = {"ja": 0, "en": 1}
_BY_NS_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
_CURIES: dict[str, str] = {}
_BY_NS: dict[str, str] = {}
for _prefix, _ns in _BY_NS_LENGTH:
    _BY_NS.setdefault(_ns, _prefix)  # the first of a namespace's prefixes, as the scan finds it
_SPLIT = all(ns.endswith(("/", "#")) for ns in _BY_NS)


class Lit(NamedTuple):
    value: str
    language: str | None
    datatype: str  # rdf:langString for a language-tagged literal, xsd:string for a plain one


def term(t):
    """A pyoxigraph term as a str (IRI; '_:id' for a blank node) or a Lit."""
    if isinstance(t, ox.Literal):
        return Lit(t.value, t.language, t.datatype.value)
    if isinstance(t, ox.BlankNode):
        return "_:" + t.value
    return t.value


def to_ox(t):
    if isinstance(t, Lit):
        return ox.Literal(t.value, language=t.language) if t.language else \
            ox.Literal(t.value, datatype=ox.NamedNode(t.datatype))
    return ox.BlankNode(t[2:]) if t.startswith("_:") else ox.NamedNode(t)


def curie(iri: str) -> str:
    """prefix:local for an IRI in one of sosei's namespaces (the longest that fits), else the IRI."""
    found = _CURIES.get(iri)
    if found is None:
        found = _split_curie(iri) if _SPLIT else _scan_curie(iri)
        if len(_CURIES) < 1 << 14:
            _CURIES[iri] = found
    return found


def _local_ok(local: str) -> bool:
    return bool(local) and all(c.isalnum() or c in "_-." for c in local)


def _scan_curie(iri: str) -> str:
    for prefix, ns in _BY_NS_LENGTH:
        if iri.startswith(ns) and _local_ok(iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _split_curie(iri: str) -> str:
    """_scan_curie when every namespace ends in '/' or '#': a local name holds neither, so the one
    namespace that can fit ends at the IRI's last '/' or '#' (one dict look-up, not one test a prefix;
    most data IRIs are in none)."""
    cut = max(iri.rfind("/"), iri.rfind("#")) + 1
    prefix = _BY_NS.get(iri[:cut])
    return f"{prefix}:{iri[cut:]}" if prefix is not None and _local_ok(iri[cut:]) else iri


class Index:
    """Every triple once, by subject (out) and by IRI object (inc); labels, types and JSON-LD at hand."""

    def __init__(self):
        self.out: dict[str, set] = defaultdict(set)
        self.inc: dict[str, set] = defaultdict(set)
        self._labels: dict = {}
        self._types: dict = {}
        self._objects: dict = {}

    def add(self, s: str, p: str, o) -> None:
        self.out[s].add((p, o))
        if type(o) is str:
            self.inc[o].add((s, p))

    def outgoing(self, node: str):
        return self.out.get(node, ())

    def incoming(self, node: str):
        return self.inc.get(node, ())

    def has_out(self, node: str) -> bool:
        return node in self.out

    def subjects(self):
        return iter(self.out)

    def types(self, node: str) -> list[str]:
        found = self._types.get(node)
        if found is None:
            found = self._types[node] = sorted(o if type(o) is str else o.value
                                               for p, o in self.outgoing(node) if p == RDF_TYPE)
        return found

    def label(self, node: str) -> str | None:
        """The Japanese label first, then English, then any; by label property in LABELS order."""
        if node in self._labels:
            return self._labels[node]
        if node not in self.out:  # nothing kept for a node without triples here (the vocabulary is asked of every IRI)
            return None
        found = [(_LABEL_RANK[p], _LANG_RANK.get(o.language or "", 2), o.value)
                 for p, o in self.outgoing(node) if p in _LABEL_RANK and type(o) is Lit]
        label = self._labels[node] = min(found)[2] if found else None
        return label

    def node_object(self, node: str) -> tuple[dict, str]:
        """node's JSON-LD object (node_object) and its compact text; kept, a node shows on several pages."""
        found = self._objects.get(node)
        if found is None:
            obj = node_object(self, node)
            found = self._objects[node] = obj, _compact(obj)
        return found


def build_index(store: ox.Store, graphs: list[str]) -> Index:
    index = Index()
    add = index.add
    for g in graphs:
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g)):
            add(term(q.subject), q.predicate.value, term(q.object))
    return index


# --- JSON-LD ---------------------------------------------------------------------------------------
# An item is (sort key, compact text, value): the key is json.dumps(item, sort_keys=True) (default
# separators), which is what the arrays were sorted by; the text is the item with separators (",", ":").

def _value_item(o) -> tuple[str, str, str]:
    """(sort key, compact text, indented text at depth 4) of one value."""
    if type(o) is str:
        c = encode_basestring(curie(o))
        return '{"@id": ' + c + "}", '{"@id":' + c + "}", '{\n     "@id": ' + c + "\n    }"
    v = encode_basestring(o.value)
    if o.language:
        lang = encode_basestring(o.language)
        return ('{"@language": ' + lang + ', "@value": ' + v + "}", '{"@language":' + lang + ',"@value":' + v + "}",
                '{\n     "@language": ' + lang + ',\n     "@value": ' + v + "\n    }")
    if o.datatype != XSD_STRING:
        t = encode_basestring(curie(o.datatype))
        return ('{"@type": ' + t + ', "@value": ' + v + "}", '{"@type":' + t + ',"@value":' + v + "}",
                '{\n     "@type": ' + t + ',\n     "@value": ' + v + "\n    }")
    return '{"@value": ' + v + "}", '{"@value":' + v + "}", '{\n     "@value": ' + v + "\n    }"


def node_object(index: Index, node: str) -> dict[str, list]:
    """key → items (sorted) of node's JSON-LD object; "@id" → its curie."""
    obj: dict = {}
    for p, o in index.outgoing(node):
        if p == RDF_TYPE:
            c = curie(o if type(o) is str else o.value)
            text = encode_basestring(c)
            obj.setdefault("@type", []).append((text, text, text))
        else:
            obj.setdefault(curie(p), []).append(_value_item(o))
    for items in obj.values():
        items.sort(key=lambda item: item[0])
    obj["@id"] = curie(node)
    return obj


def _compact(obj: dict) -> str:
    parts = []
    for key in sorted(obj):
        value = obj[key]
        text = encode_basestring(value) if key == "@id" else "[" + ",".join(item[1] for item in value) + "]"
        parts.append(encode_basestring(key) + ":" + text)
    return "{" + ",".join(parts) + "}"


CONTEXT = dict(sorted(PREFIXES.items()))
COMPACT_CONTEXT = '"@context":{' + ",".join(encode_basestring(k) + ":" + encode_basestring(v)
                                           for k, v in CONTEXT.items()) + "}"


def compact_doc(index: Index, nodes) -> str:
    """json.dumps({"@context": CONTEXT, "@graph": [node objects sorted by IRI]}, ensure_ascii=False,
    sort_keys=True, separators=(",", ":"))."""
    return "{" + COMPACT_CONTEXT + ',"@graph":[' + ",".join(index.node_object(n)[1] for n in sorted(set(nodes))) + "]}"


def indented(value, level: int) -> str:
    """json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1) of str, list and dict, at depth
    `level` (Python's encoder is pure Python once indent is set; this is the same text, faster)."""
    if isinstance(value, str):
        return encode_basestring(value)
    pad, inner = "\n" + " " * level, "\n" + " " * (level + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{" + ",".join(inner + encode_basestring(k) + ": " + indented(value[k], level + 1)
                              for k in sorted(value)) + pad + "}"
    if not value:
        return "[]"
    return "[" + ",".join(inner + indented(v, level + 1) for v in value) + pad + "]"


def _indented_node(obj: dict) -> str:
    """A node object in @graph (depth 2) as json.dumps(..., sort_keys=True, indent=1) writes it."""
    parts = []
    for key in sorted(obj):
        value = obj[key]
        text = encode_basestring(value) if key == "@id" else \
            "[\n    " + ",\n    ".join(item[2] for item in value) + "\n   ]"
        parts.append("\n   " + encode_basestring(key) + ": " + text)
    return "  {" + ",".join(parts) + "\n  }"


def indented_doc(index: Index, nodes, context=CONTEXT) -> bytes:
    """json.dumps({"@context": context, "@graph": [node objects]}, ensure_ascii=False, sort_keys=True,
    indent=1) + "\\n", as bytes."""
    graph = [_indented_node(index.node_object(n)[0]) for n in sorted(set(nodes))]
    body = "[\n" + ",\n".join(graph) + "\n ]" if graph else "[]"
    return ("{\n \"@context\": " + indented(context, 1) + ",\n \"@graph\": " + body + "\n}\n").encode("utf-8")
