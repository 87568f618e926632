"""The build in a pool of workers and from its cache per document: the same bytes with 1 or 2 workers,
with or without the cache; an unchanged document is not read again; a changed document or a changed
shape invalidates the right entries; a damaged entry is rebuilt, never trusted.

A small project (three of the bundled documents) keeps the builds short.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import invoke, make_project, snapshot

import pipeline.cache as cache_module
from pipeline.build import cache_dir, municipalities_path, run
from pipeline.cache import Cache, code_digest, code_files
from pipeline.config import load_settings
from pipeline.documents import cached_series, document_keys
from pipeline.layouts import LAYOUTS
from pipeline.publish import nquads, write_nquads
from pipeline.sources import load_manifest, load_municipalities

ROOT = Path(__file__).resolve().parent.parent
SMALL = ("asahikawa-chiiki-saisei-keikaku-list", "asahikawa-chiiki-saisei-keikaku-hatarakikata",
         "annaka-saikido-project-r5")


def small_project(directory: Path) -> Path:
    """The bundled sources with only the SMALL documents in the manifest."""
    make_project(directory)
    manifest = directory / "sources" / "manifest.toml"
    head, *blocks = re.split(r"(?m)^\[\[source\]\]$", manifest.read_text(encoding="utf-8"))
    kept = [b for b in blocks if re.search(r'^id = "([^"]+)"', b, re.M).group(1) in SMALL]
    assert len(kept) == len(SMALL)
    manifest.write_text(head + "".join("[[source]]" + b for b in kept), encoding="utf-8")
    (directory / "sources" / "changesets.toml").unlink(missing_ok=True)
    return directory


def settings_in(project: Path, name: str):
    """The project's settings with output/ and the store (and so the cache) under `name`/."""
    s, root = load_settings(project / "sosei.toml")
    return dataclasses.replace(s.resolve(root), output_dir=project / name / "output",
                               store_dir=project / name / "store")


def keys_of(settings) -> list[str]:
    municipalities = load_municipalities(municipalities_path(settings))
    specs = load_manifest(settings.manifest, set(LAYOUTS), municipalities)
    series = cached_series(settings, specs, Cache(cache_dir(settings), read=False))
    return document_keys(settings, specs, municipalities, series)


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """Full build with 1 worker and no cache (a); with 2 workers, filling a cache (b); again from it (c)."""
    project = small_project(tmp_path_factory.mktemp("parallel"))
    a, b = settings_in(project, "a"), settings_in(project, "b")
    full = run(a, jobs=1, cache=False)
    assert not full.report.errors and full.documents_built == len(SMALL) and full.cache_hits == 0
    first = run(b, jobs=2)
    assert not first.report.errors and first.documents_built == len(SMALL)
    out_b = snapshot(b.output_dir)
    mp = pytest.MonkeyPatch()  # from the cache, nothing is read: any read fails the build

    def no_read(*args, **kwargs):
        raise AssertionError("a cached document was read again")

    mp.setattr("pipeline.extract.read_document", no_read)
    mp.setattr("pipeline.editions.read_document", no_read)
    try:
        again = run(b, jobs=2)
    finally:
        mp.undo()
    return project, a, b, full, out_b, again


def test_one_and_two_workers_give_byte_identical_output(builds):
    _project, a, _b, full, out_b, _again = builds
    out_a = snapshot(a.output_dir)
    assert sorted(out_a) == sorted(out_b)
    assert [name for name in out_a if out_a[name] != out_b[name]] == []
    assert full.files == sorted(p for p in out_a)


def test_a_cache_hit_gives_the_output_of_a_full_build_and_reads_nothing(builds):
    _project, a, b, full, _out_b, again = builds
    assert again.cache_hits == len(SMALL) and again.documents_built == 0
    assert snapshot(b.output_dir) == snapshot(a.output_dir)
    assert again.quads_in_store == full.quads_in_store
    assert [str(i) for i in again.report.issues] == [str(i) for i in full.report.issues]
    assert again.triples == full.triples > 0


def test_stage_timings_are_reported(builds):
    _project, _a, _b, full, _out_b, _again = builds
    assert set(full.stages) >= {"documents", "dumps", "all.nq", "store", "tables", "catalog", "pages"}
    assert all(v >= 0 for v in full.stages.values())


def test_all_nq_streamed_is_what_nquads_gives(builds):
    _project, a, _b, _full, _out_b, _again = builds
    out = a.output_dir
    graphs = {f"https://w3id.org/sosei/id/dataset/{p.stem}": p for p in sorted((out / "datasets").glob("*.nt"))}
    graphs["https://w3id.org/sosei/id/dataset/municipalities"] = out / "municipalities.nt"
    target = out.parent / "all.nq"
    digest = write_nquads(target, graphs)
    expected = nquads({iri: p.read_bytes() for iri, p in graphs.items()})
    assert target.read_bytes() == expected == (out / "all.nq").read_bytes()
    assert digest.size == len(expected)


def test_a_damaged_entry_is_rebuilt_and_the_output_is_unchanged(builds):
    _project, a, b, _full, _out_b, _again = builds
    keys = keys_of(b)
    cache = Cache(cache_dir(b))
    entry = cache.path(keys[1])
    entry.write_bytes(entry.read_bytes()[:-100])  # truncated
    assert cache.get(keys[1]) is None
    rebuilt = run(b, jobs=1)
    assert rebuilt.documents_built == 1 and rebuilt.cache_hits == len(SMALL) - 1
    assert snapshot(b.output_dir) == snapshot(a.output_dir)
    assert cache.get(keys[1]) is not None  # written again, whole


def test_an_entry_of_an_older_build_without_void_figures_is_rebuilt(builds):
    """An entry pickled before documents carried their VoID figures and CSV tables (same key: the code
    digest did not change, as when only a library was downgraded back) is not trusted: built again."""
    _project, a, b, _full, _out_b, _again = builds
    keys = keys_of(b)
    cache = Cache(cache_dir(b))
    old = cache.get(keys[0])
    del vars(old)["statistics"], vars(old)["tables"]  # the instance dict of the older DocumentResult
    assert cache.put(keys[0], old)
    rebuilt = run(b, jobs=1)
    assert rebuilt.documents_built == 1 and rebuilt.cache_hits == len(SMALL) - 1
    assert snapshot(b.output_dir) == snapshot(a.output_dir)
    assert cache.get(keys[0]).statistics is not None


def test_a_changed_document_invalidates_exactly_its_entry(tmp_path):
    project = small_project(tmp_path)
    s = settings_in(project, "x")
    before = keys_of(s)
    specs = load_manifest(s.manifest, set(LAYOUTS), load_municipalities(municipalities_path(s)))
    changed = specs[2].path(s.manifest)
    changed.write_bytes(changed.read_bytes() + "\n".encode("utf-8"))
    after = keys_of(s)
    assert [i for i in range(len(before)) if before[i] != after[i]] == [2]


def test_a_changed_shape_invalidates_every_entry(tmp_path, monkeypatch):
    project = small_project(tmp_path)
    s = settings_in(project, "x")
    shapes = [f for f in code_files() if f.parent == ROOT / "shapes"]
    assert shapes and any(f.name == "shapes.ttl" for f in code_files())  # shared and per-layout shapes
    assert any(f.parent == ROOT / "ontology" for f in code_files())
    copy = tmp_path / "shapes.ttl"
    copy.write_bytes(shapes[0].read_bytes())
    monkeypatch.setattr(cache_module, "code_files", lambda: [copy])
    code_digest.cache_clear()
    try:
        before = keys_of(s)
        copy.write_bytes(copy.read_bytes() + b"\n# a changed shape\n")
        code_digest.cache_clear()
        after = keys_of(s)
    finally:
        code_digest.cache_clear()
    assert all(x != y for x, y in zip(before, after)) and len(before) == len(SMALL)


def test_cache_entries_are_checked(tmp_path):
    cache = Cache(tmp_path / "cache")
    assert cache.put("ab" * 32, {"x": [1, 2]}) and cache.get("ab" * 32) == {"x": [1, 2]}
    path = cache.path("ab" * 32)
    data = bytearray(path.read_bytes())
    data[-1] ^= 1  # one bit flipped in the payload
    path.write_bytes(bytes(data))
    assert cache.get("ab" * 32) is None
    path.write_bytes(b"")
    assert cache.get("ab" * 32) is None
    assert Cache(tmp_path / "cache", read=False).get("ab" * 32) is None


def test_cache_clear_empties_the_cache(tmp_path):
    project = make_project(tmp_path)
    cache = Cache(tmp_path / "cache")  # beside the project's store
    for key in ("ab" * 32, "cd" * 32):
        cache.put(key, key)
    result = invoke(project, "cache", "clear")
    assert result.exit_code == 0, result.output
    assert "removed 2 cache entries" in result.output
    assert not (tmp_path / "cache").exists()
    assert "removed 0 cache entries" in invoke(project, "cache", "clear").output


def test_build_and_validate_take_jobs_and_no_cache(tmp_path):
    project = make_project(tmp_path)
    assert "--no-cache" in invoke(project, "build", "--help").output
    assert "--jobs" in invoke(project, "build", "--help").output
    assert "--jobs" in invoke(project, "validate", "--help").output


@pytest.mark.parametrize("args", [["--help"], ["layouts"]])
def test_help_and_layouts_import_no_rdf_library(args):
    code = ("import sys\nfrom pipeline.cli import main\n"
            f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('rdflib', 'pyshacl', 'pdfplumber', 'pyoxigraph') if m in sys.modules]\n"
            "assert not heavy, heavy\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr


def test_pages_are_reused_only_while_output_holds_what_the_build_wrote(tmp_path):
    """A build whose pages' inputs did not change links html/ from the previous output/ instead of
    rendering it; a page edited in place, or replaced, in output/ is not trusted: all are rendered
    again and the edit is gone. --no-cache renders them."""
    project = small_project(tmp_path / "p")
    s = settings_in(project, "b")
    first = run(s, jobs=1)
    assert not first.report.errors and not first.pages_reused
    expected = snapshot(s.output_dir)
    second = run(s, jobs=1)
    assert second.pages_reused and snapshot(s.output_dir) == expected
    page = next(p for p in sorted((s.output_dir / "html").rglob("*.html")) if p.name != "index.html")
    with open(page, "r+b") as f:  # in place: the same inode, a new modification time
        f.write(b"<!-- edited -->")
    third = run(s, jobs=1)
    assert not third.pages_reused and snapshot(s.output_dir) == expected
    other = s.output_dir / "html" / "index.html"
    data = other.read_bytes()
    other.unlink()
    other.write_bytes(data)  # the same bytes in another file
    assert not run(s, jobs=2).pages_reused and snapshot(s.output_dir) == expected
    assert run(s, jobs=2).pages_reused
    assert not run(s, jobs=1, cache=False).pages_reused and snapshot(s.output_dir) == expected


def test_pages_are_rendered_again_when_a_document_changes(tmp_path):
    project = small_project(tmp_path / "p")
    s = settings_in(project, "b")
    assert not run(s, jobs=1).pages_reused
    source = next(p for p in sorted((project / "sources").glob("*.txt")) if "keikaku" in p.name)
    source.write_bytes(source.read_bytes() + b"\n")  # another checksum: the source document's triples change
    changed = run(s, jobs=1)
    assert not changed.report.errors and not changed.pages_reused
