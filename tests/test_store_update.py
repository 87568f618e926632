"""The previous store updated where its graphs changed (pipeline/storeupdate.py) holds exactly the quads
of a store built afresh from the same output: named graphs and the default graph (their union, each
triple once) alike; a store written to since the build that made it, or a change too large, is built
afresh; --no-cache builds it afresh."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from test_parallel_cache import settings_in, small_project

import pipeline.storeupdate as storeupdate
from pipeline.build import run


def quads(store_dir) -> list[bytes]:
    store = ox.Store.read_only(str(store_dir))
    try:
        return sorted(store.dump(format=ox.RdfFormat.N_QUADS).splitlines())
    finally:
        del store


def fresh_quads(settings) -> list[bytes]:
    """The store a build without the cache makes of the same project (in a directory of its own)."""
    fresh = run(settings, jobs=1, cache=False)
    assert not fresh.report.errors and not fresh.store_updated
    return quads(settings.store_dir)


@pytest.fixture
def project(tmp_path):
    return small_project(tmp_path / "p")


def test_an_unchanged_or_changed_document_updates_the_store_to_what_a_fresh_build_holds(project):
    s, fresh = settings_in(project, "b"), settings_in(project, "fresh")
    assert not run(s, jobs=1).store_updated  # no store yet
    again = run(s, jobs=1)
    assert again.store_updated and quads(s.store_dir) == fresh_quads(fresh)
    assert again.quads_in_store == len(quads(s.store_dir))
    source = next(p for p in sorted((project / "sources").glob("*.txt")) if "keikaku" in p.name)
    text = source.read_text(encoding="utf-8")
    edited = text.replace("20件", "25件").replace("20 件", "25 件")  # another KPI target
    assert edited != text
    source.write_text(edited, encoding="utf-8")
    changed = run(s, jobs=1)
    assert not changed.report.errors and changed.store_updated and changed.documents_built == 1
    assert quads(s.store_dir) == fresh_quads(fresh)


def test_a_document_taken_out_leaves_the_store_as_a_fresh_build_would(project, monkeypatch):
    s, fresh = settings_in(project, "b"), settings_in(project, "fresh")
    assert not run(s, jobs=1).report.errors
    manifest = project / "sources" / "manifest.toml"
    head, *blocks = re.split(r"(?m)^\[\[source\]\]$", manifest.read_text(encoding="utf-8"))
    manifest.write_text(head + "".join("[[source]]" + b for b in blocks[:-1]), encoding="utf-8")
    monkeypatch.setattr(storeupdate, "SHARE", 1.0)  # one of three graphs gone is over the share otherwise
    gone = run(s, jobs=1)
    assert not gone.report.errors and gone.store_updated
    assert quads(s.store_dir) == fresh_quads(fresh)


def test_a_large_change_builds_the_store_afresh(project):
    s = settings_in(project, "b")
    assert not run(s, jobs=1).report.errors
    manifest = project / "sources" / "manifest.toml"
    head, *blocks = re.split(r"(?m)^\[\[source\]\]$", manifest.read_text(encoding="utf-8"))
    manifest.write_text(head + "".join("[[source]]" + b for b in blocks[:1]), encoding="utf-8")
    assert not run(s, jobs=1).store_updated


def test_a_store_written_to_since_is_built_afresh(project):
    s, fresh = settings_in(project, "b"), settings_in(project, "fresh")
    assert not run(s, jobs=1).report.errors
    store = ox.Store(str(s.store_dir))
    store.add(ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"),
                      ox.Literal("added by hand")))
    store.flush()
    del store
    again = run(s, jobs=1)
    assert not again.report.errors and not again.store_updated
    assert quads(s.store_dir) == fresh_quads(fresh)
    assert run(s, jobs=1).store_updated
    assert not run(s, jobs=1, cache=False).store_updated
