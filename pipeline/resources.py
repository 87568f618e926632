"""Per-resource RDF beside each HTML page: html/<path>.ttl and html/<path>.jsonld describe the page's
resource and the resources whose home the page is (those without a page of their own, shown there under
their #anchor), so that every IRI under base_iri resolves to a document describing it, for a browser
(.html) and for a program (.ttl, .jsonld; the w3id rules in w3id/ choose by the Accept header).

The JSON-LD embeds its @context, so it expands offline with any processor.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pyoxigraph as ox


def resource_triples(index, nodes: list) -> list[ox.Triple]:
    """The outgoing triples of `nodes`, sorted."""
    triples = [ox.Triple(n, p, o) for n in set(nodes) for p, o in index.out.get(n, ())]
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def resource_files(renderer) -> Iterator[tuple[str, bytes]]:
    """(output/-relative path, bytes) of the Turtle and JSON-LD of every page's resource and its parts."""
    from .html import jsonld_doc
    from .publish import turtle

    for node in sorted(renderer.pages, key=lambda n: n.value):
        stem = "html/" + renderer.pages[node][: -len(".html")]
        nodes = [node, *renderer.parts.get(node, [])]
        yield f"{stem}.ttl", turtle(resource_triples(renderer.index, nodes))
        doc = jsonld_doc(renderer.index, nodes)
        yield f"{stem}.jsonld", (json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")
