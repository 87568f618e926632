"""Compacted JSON-LD of an rdflib Graph with sosei's prefixes as context, the same node objects as rdflib's
JSON-LD serializer gives (`g.serialize(format="json-ld", context=PREFIXES, auto_compact=True)`), made
directly from the triples: the serializer looks every object up for rdf:first, every predicate up among
the context's terms, and its output is then re-read by json.loads; here each IRI is shortened once.

Only what sosei's graphs hold takes this way: IRIs and literals, no blank node, no rdf:List, no IRI that
is itself one of the context's terms (a namespace IRI), no property with several values one of which is
falsy ("", 0, false: rdflib's serializer overwrites such a first value, so its output depends on the
order it reads the triples in). Anything else returns None, and publish.jsonld
uses rdflib's serializer. tests/test_jsonld_compact.py compares both on generated graphs.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.plugins.serializers.jsonld import PLAIN_LITERAL_TYPES
from rdflib.plugins.shared.jsonld.context import Context

from .mapping import PREFIXES

_TERM_IRIS = frozenset(PREFIXES.values())
_SPECIAL = frozenset(str(t) for t in (RDF.first, RDF.rest, RDF.nil)) | _TERM_IRIS  # → rdflib's serializer
_TYPE = str(RDF.type)


class Shortener:
    """rdflib's Context.shrink_iri (for @id) and to_symbol (for keys, @type and datatypes), kept."""

    def __init__(self):
        self.context = Context(dict(PREFIXES))
        self.ids: dict[str, str] = {}
        self.symbols: dict[str, str] = {}

    def id(self, iri: str) -> str:
        found = self.ids.get(iri)
        if found is None:
            found = self.ids[iri] = self.context.shrink_iri(iri)
        return found

    def symbol(self, iri: str) -> str:
        found = self.symbols.get(iri)
        if found is None:
            found = self.symbols[iri] = self.context.to_symbol(iri)
        return found


def node_objects(g: Graph, short: Shortener | None = None) -> list[dict] | None:
    """The node objects rdflib's serializer writes for g (arrays unsorted, a lone value not in an array),
    or None when g holds something only rdflib's serializer handles. `short`: a Shortener to reuse."""
    short = short or Shortener()
    nodes: dict[str, dict] = {}
    subjects: dict[str, str] = {}
    for s, p, o in g:
        if type(s) is not URIRef or type(p) is not URIRef:
            return None
        s_iri, p_iri = str(s), str(p)
        if p_iri in _SPECIAL or s_iri in _SPECIAL:
            return None
        node_id = short.id(s_iri)
        node = nodes.get(node_id)
        if node is None:
            node = nodes[node_id] = {"@id": node_id}
            subjects[node_id] = s_iri
        elif subjects[node_id] != s_iri:  # two IRIs, one shortened form: rdflib keeps one of them
            return None
        if type(o) is URIRef:
            o_iri = str(o)
            if o_iri in _SPECIAL:
                return None
            if p_iri == _TYPE:
                key, value = "@type", short.symbol(o_iri)
            else:
                key, value = short.symbol(p_iri), {"@id": short.id(o_iri)}
        elif type(o) is Literal:
            key = "@type" if p_iri == _TYPE else short.symbol(p_iri)
            value = _literal(o, short)
            if value is None:
                return None
        else:
            return None
        found = node.get(key)
        if found is None:
            node[key] = value
        elif not found or not value:  # rdflib overwrites a falsy first value ("", 0, false): order-dependent
            return None
        elif type(found) is list:
            found.append(value)
        else:
            node[key] = [found, value]
    return list(nodes.values())


def _literal(o: Literal, short: Shortener):
    """As rdflib's Converter.to_raw_value with an active context: native values for the plain types."""
    datatype = o.datatype
    if datatype is not None:
        if str(datatype) in _TERM_IRIS:
            return None
        if datatype in PLAIN_LITERAL_TYPES:
            return o.toPython()
        return {"@type": short.symbol(datatype), "@value": str(o)}
    if o.language:
        return {"@language": o.language, "@value": str(o)}
    return str(o)


_SORT_KEY = json.JSONEncoder(ensure_ascii=False, sort_keys=True)  # what json.dumps makes anew at every call


def _sort_key(value) -> str:
    """json.dumps(value, ensure_ascii=False, sort_keys=True)."""
    return _SORT_KEY.encode(value)


def canonical(value):
    """Every array sorted by the json.dumps of its items (publish._canonical)."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((canonical(v) for v in value), key=_sort_key)
    return value


def dumps(value, level: int = 0) -> str:
    """json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1): the same text, without the
    pure-Python encoder that indent= brings."""
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "\n" + " " * (level + 1)
        return "{" + ",".join(inner + encode_basestring(k) + ": " + dumps(value[k], level + 1)
                              for k in sorted(value)) + "\n" + " " * level + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        inner = "\n" + " " * (level + 1)
        return "[" + ",".join(inner + dumps(v, level + 1) for v in value) + "\n" + " " * level + "]"
    return json.dumps(value)
