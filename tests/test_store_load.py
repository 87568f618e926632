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
    tmp_path.mkdir(parents=True, exist_ok=True)
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


def test_bulk_loads_in_slices_give_the_same_quads(tmp_path, monkeypatch):
    """Fed a few lines (or triples) per bulk load call, the store holds the same quads: a slice ends at
    a line end, a line longer than a slice is read on."""
    import pipeline.store as store

    whole = _quads(tmp_path / "whole", with_nquads=True)
    monkeypatch.setattr(store, "SLICE", 40)  # shorter than any line
    monkeypatch.setattr(store, "SLICE_TRIPLES", 1)
    assert _quads(tmp_path / "sliced-nq", with_nquads=True) == whole
    assert _quads(tmp_path / "sliced-nt", with_nquads=False) == whole


def test_a_blank_node_keeps_its_identity_across_slices(tmp_path, monkeypatch):
    """Each bulk_load call renames blank nodes: from the first slice holding one, the rest goes in one
    call; Turtle goes in by bulk_extend, which keeps them."""
    import pipeline.store as store

    monkeypatch.setattr(store, "SLICE", 60)
    monkeypatch.setattr(store, "SLICE_TRIPLES", 1)
    lines = b"".join(b"<https://example.org/s%d> <https://example.org/p> <https://example.org/o> .\n" % i
                     for i in range(5))
    blank = b"_:b <https://example.org/p> <https://example.org/o1> .\n_:b <https://example.org/p> <https://example.org/o2> .\n"
    turtle = b"[] <https://example.org/p> <https://example.org/o1>, <https://example.org/o2> ."
    for name, data, fmt in (("nt", lines + blank, ox.RdfFormat.N_TRIPLES), ("ttl", turtle, ox.RdfFormat.TURTLE)):
        builder = StoreBuilder(tmp_path / name)
        try:
            monkeypatch.setattr(store, "SMALL", 0)  # bulk-loaded, not one transaction
            builder.load("https://example.org/g", data=data, format=fmt)
            g = ox.NamedNode("https://example.org/g")
            blanks = {q.subject for q in builder.store.quads_for_pattern(None, None, None, g)
                      if isinstance(q.subject, ox.BlankNode)}
            assert len(blanks) == 1, name
        finally:
            builder.abort()
