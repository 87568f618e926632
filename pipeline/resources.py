"""Per-resource RDF beside each HTML page: html/<path>.ttl and html/<path>.jsonld describe the page's
resource and the resources whose home the page is (those without a page of their own, shown there under
their #anchor), so that every IRI under base_iri resolves to a document describing it, for a browser
(.html) and for a program (.ttl, .jsonld; the w3id rules in w3id/ choose by the Accept header).

The JSON-LD embeds its @context, so it expands offline with any processor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache

import pyoxigraph as ox

from .pageindex import indented_doc, to_ox


def resource_triples(index, nodes: list) -> list[ox.Triple]:
    """The outgoing triples of `nodes`, sorted (by their N-Triples terms, as publish.sorted_triples)."""
    keyed = []
    for n in set(nodes):
        s, s_key = _term(n)
        for p, o in index.outgoing(n):
            p_ox, p_key = _term(p)
            if type(o) is str:  # an IRI (or blank node): its term and text kept, it recurs
                o_ox, o_key = _term(o)
            else:
                o_ox = to_ox(o)
                o_key = str(o_ox)
            keyed.append((s_key, p_key, o_key, ox.Triple(s, p_ox, o_ox)))
    keyed.sort(key=lambda k: k[:3])
    return [k[3] for k in keyed]


@lru_cache(maxsize=1 << 14)
def _term(iri: str) -> tuple:
    t = to_ox(iri)
    return t, str(t)


def resource_files(renderer) -> Callable[[str], Iterator[tuple[str, bytes]]]:
    """node → (output/-relative path, bytes) of the Turtle and JSON-LD of its page's resource and parts."""
    from .publish import turtle

    def files(node: str) -> Iterator[tuple[str, bytes]]:
        stem = "html/" + renderer.pages.path(node)[: -len(".html")]
        nodes = [node, *renderer.pages.parts(node)]
        yield f"{stem}.ttl", turtle(resource_triples(renderer.index, nodes))
        yield f"{stem}.jsonld", indented_doc(renderer.index, nodes)

    return files
