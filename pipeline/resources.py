"""Per-resource RDF beside each HTML page: html/<path>.ttl and html/<path>.jsonld describe the page's
resource and the resources whose home the page is (those without a page of their own, shown there under
their #anchor), so that every IRI under base_iri resolves to a document describing it, for a browser
(.html) and for a program (.ttl, .jsonld; the w3id rules in w3id/ choose by the Accept header).

The JSON-LD embeds its @context, so it expands offline with any processor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pyoxigraph as ox

from .pageindex import indented_doc, to_ox


def resource_triples(index, nodes: list) -> list[ox.Triple]:
    """The outgoing triples of `nodes`, sorted."""
    triples = [ox.Triple(to_ox(n), to_ox(p), to_ox(o)) for n in set(nodes) for p, o in index.out.get(n, ())]
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def resource_files(renderer) -> Callable[[str], Iterator[tuple[str, bytes]]]:
    """node → (output/-relative path, bytes) of the Turtle and JSON-LD of its page's resource and parts."""
    from .publish import turtle

    def files(node: str) -> Iterator[tuple[str, bytes]]:
        stem = "html/" + renderer.pages[node][: -len(".html")]
        nodes = [node, *renderer.parts.get(node, [])]
        yield f"{stem}.ttl", turtle(resource_triples(renderer.index, nodes))
        yield f"{stem}.jsonld", indented_doc(renderer.index, nodes)

    return files
