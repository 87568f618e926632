"""StoreBuilder.load_all: the named graphs from all.nq or from each dump, the default graph from the
dumps read as one stream; either way the same quads, each triple once in the default graph."""

from pathlib import Path

import pyoxigraph as ox

from pipeline.publish import write_nquads
from pipeline.store import StoreBuilder

DUMPS = {
    "https://example.org/ds/a": b'<https://example.org/x> <https://example.org/p> "a"@ja .\n'
                                b'<https://example.org/x> <https://example.org/q> <https://example.org/y> .\n',
    "https://example.org/ds/b": b'<https://example.org/x> <https://example.org/p> "a"@ja .\n'
                                b'<https://example.org/z> <https://example.org/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
    "https://example.org/ds/c": b"",  # an empty dataset
}


def _quads(tmp_path: Path, *, with_nquads: bool) -> set[ox.Quad]:
    paths = {}
    for i, (iri, data) in enumerate(sorted(DUMPS.items())):
        paths[iri] = tmp_path / f"{i}.nt"
        paths[iri].write_bytes(data)
    all_nq = tmp_path / "all.nq"
    write_nquads(all_nq, paths)
    builder = StoreBuilder(tmp_path / ("store-nq" if with_nquads else "store-nt"))
    try:
        builder.load_all(sorted(paths.items()), nquads=all_nq if with_nquads else None)
        quads = set(builder.store)
        assert builder.close() == len(quads)
    finally:
        builder.abort()
    return quads


def test_load_all_from_nquads_and_from_dumps_agree(tmp_path):
    from_nq, from_nt = _quads(tmp_path, with_nquads=True), _quads(tmp_path, with_nquads=False)
    assert from_nq == from_nt
    default = [q for q in from_nq if q.graph_name == ox.DefaultGraph()]
    assert len(default) == 3  # the triple both datasets say is in the default graph once
    named = [q for q in from_nq if q.graph_name != ox.DefaultGraph()]
    assert len(named) == 4
    assert {q.graph_name.value for q in named} == {"https://example.org/ds/a", "https://example.org/ds/b"}
