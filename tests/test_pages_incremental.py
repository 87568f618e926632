"""A build after a change renders only the pages that can differ and links the rest from the previous
output/ (pipeline/pagestage.py, pagedelta.py): after each change below, html/ is byte for byte what a
--no-cache build of the same project writes (every file, and no other), and the page store kept for the
next build holds what one built afresh holds. A page edited by hand in output/ is not trusted."""

from __future__ import annotations

import re
import sqlite3

import pytest
from cli_support import snapshot
from test_parallel_cache import settings_in, small_project

import pipeline.pagedelta as pagedelta
from pipeline.build import run
from pipeline.pagedelta import page_store_path

TABLES = ("t", "nodes", "types", "homes")


def page_store(settings) -> dict[str, list]:
    db = sqlite3.connect(str(page_store_path(settings.store_dir)))
    try:
        return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES}
    finally:
        db.close()


def fresh(project) -> tuple[dict, dict, int]:
    """html/, the page store and the page count of a build without the cache, in a directory of its own."""
    s = settings_in(project, "fresh")
    done = run(s, jobs=1, cache=False)
    assert not done.report.errors and not done.pages_incremental and not done.pages_reused
    return snapshot(s.output_dir / "html"), page_store(s), done.pages_rendered


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def source(project, part: str):
    return next(p for p in sorted((project / "sources").glob("*.txt")) if part in p.name)


def kpi_edited(project):
    doc = source(project, "hatarakikata")  # a KPI target, in the table and its repetition
    edit(doc, "10件\t20件", "10件\t30件")
    edit(doc, "10 件\t20 件", "10 件\t30 件")


def project_renamed(project):
    edit(source(project, "hatarakikata"), "働き方改革によるひと・しごと誘致と地元企業再生計画",
         "働き方改革によるひと・しごと誘致と地元企業の再生計画")


def manifest_blocks(project) -> tuple:
    manifest = project / "sources" / "manifest.toml"
    head, *blocks = re.split(r"(?m)^\[\[source\]\]$", manifest.read_text(encoding="utf-8"))
    return manifest, head, blocks


def document_removed(project):
    manifest, head, blocks = manifest_blocks(project)
    (project / "removed.toml").write_text(blocks[-1], encoding="utf-8")
    manifest.write_text(head + "".join("[[source]]" + b for b in blocks[:-1]), encoding="utf-8")


def document_added(project):
    manifest, head, blocks = manifest_blocks(project)
    block = (project / "removed.toml").read_text(encoding="utf-8")
    manifest.write_text(head + "".join("[[source]]" + b for b in [*blocks, block]), encoding="utf-8")


def nothing(project):
    pass


CHANGES = (kpi_edited, project_renamed, document_removed, document_added, nothing)


@pytest.fixture(scope="module")
def steps(tmp_path_factory):
    """Each change applied in turn to one project, built after each (with the cache) and afresh."""
    project = small_project(tmp_path_factory.mktemp("pages") / "p")
    s = settings_in(project, "b")
    first = run(s, jobs=1)
    assert not first.report.errors and not first.pages_incremental
    found = {}
    for change in CHANGES:
        change(project)
        done = run(s, jobs=1)
        assert not done.report.errors, change.__name__
        found[change.__name__] = (done, snapshot(s.output_dir / "html"), page_store(s), *fresh(project))
    return found


@pytest.mark.parametrize("change", [c.__name__ for c in CHANGES if c is not nothing])
def test_a_change_renders_fewer_pages_and_gives_the_html_of_a_full_build(steps, change):
    done, html, store, expected, expected_store, pages = steps[change]
    assert done.pages_incremental and not done.pages_reused
    assert 0 < done.pages_rendered < pages
    assert html.keys() == expected.keys()
    assert [rel for rel in html if html[rel] != expected[rel]] == []
    assert store == expected_store


def test_nothing_changed_renders_no_page(steps):
    done, html, store, expected, expected_store, _ = steps["nothing"]
    assert done.pages_reused and done.pages_rendered == 0
    assert html == expected and store == expected_store


def test_a_page_edited_by_hand_is_not_trusted(tmp_path):
    project = small_project(tmp_path / "p")
    s = settings_in(project, "b")
    assert not run(s, jobs=1).report.errors
    page = next(p for p in sorted((s.output_dir / "html").rglob("*.html")) if p.name != "index.html")
    with open(page, "r+b") as f:  # in place: the same inode, a new modification time
        f.write(b"<!-- edited -->")
    done, pages = rendered_in_full_after_a_kpi_edit(project, s)
    assert done.pages_rendered == pages


def rendered_in_full_after_a_kpi_edit(project, s, jobs: int = 1):
    """A KPI edited, the project built again: every page rendered, html/ and the page store those of a
    --no-cache build. Returns the build and the page count."""
    kpi_edited(project)
    done = run(s, jobs=jobs)
    assert not done.report.errors and not done.pages_incremental and not done.pages_reused
    expected, expected_store, pages = fresh(project)
    assert snapshot(s.output_dir / "html") == expected and page_store(s) == expected_store
    return done, pages


def test_a_page_store_written_to_since_is_not_trusted(tmp_path):
    project = small_project(tmp_path / "p")
    s = settings_in(project, "b")
    assert not run(s, jobs=1).report.errors
    db = sqlite3.connect(str(page_store_path(s.store_dir)), isolation_level=None)
    db.execute("INSERT INTO t VALUES ('http://example.org/s', 'http://example.org/p', 'x', '', 'http://example.org/d')")
    db.close()
    rendered_in_full_after_a_kpi_edit(project, s)


def test_a_large_change_renders_every_page_from_the_updated_page_store(tmp_path, monkeypatch):
    project = small_project(tmp_path / "p")
    s = settings_in(project, "b")
    assert not run(s, jobs=1).report.errors
    monkeypatch.setattr(pagedelta, "SHARE", 0.0)  # any change is a large one
    done, pages = rendered_in_full_after_a_kpi_edit(project, s, jobs=2)
    assert done.pages_rendered == pages


def test_a_first_build_loads_the_page_store_ahead_and_gives_what_the_pages_stage_loads(tmp_path, monkeypatch):
    """A build without a kept page store loads all.nq into a new one in another process while the store,
    VoID and catalog are made (pagejobs.PageStoreLoader); the pages and the page store kept are those of a
    build whose pages stage loads it itself."""
    import pipeline.pagejobs as pagejobs
    import pipeline.pagestage as pagestage

    taken = []
    loaded = pagejobs.PageStoreLoader.page_store

    def page_store_taken(self, more):
        found = loaded(self, more)
        taken.append(found is not None)
        return found

    monkeypatch.setattr(pagejobs.PageStoreLoader, "page_store", page_store_taken)
    project = small_project(tmp_path / "p")
    ahead = settings_in(project, "ahead")
    assert not run(ahead, jobs=2).report.errors
    assert taken == [True]
    monkeypatch.setattr(pagestage, "full_render_likely", lambda *args: False)
    here = settings_in(project, "here")
    assert not run(here, jobs=2).report.errors
    assert taken == [True]  # no loader this time
    assert snapshot(here.output_dir / "html") == snapshot(ahead.output_dir / "html")
    assert page_store(here) == page_store(ahead)


def test_a_script_without_a_main_guard_builds_once(tmp_path):
    """The page processes are plain interpreters (pageworker.py), not multiprocessing's spawn, which runs
    the calling script's top level again in each: a script calling the build without an
    `if __name__ == "__main__"` guard builds once, and its output is the pages of an in-process build."""
    import subprocess
    import sys
    from pathlib import Path

    project = small_project(tmp_path / "p")
    script = tmp_path / "unguarded.py"
    log = tmp_path / "runs.log"
    script.write_text(
        "import dataclasses\n"
        "from pathlib import Path\n"
        "from pipeline.build import run\n"
        "from pipeline.config import load_settings\n"
        f"open({str(log)!r}, 'a').write('run\\n')\n"
        f"s, root = load_settings(Path({str(project / 'sosei.toml')!r}))\n"
        f"s = dataclasses.replace(s.resolve(root), output_dir=Path({str(project / 's' / 'output')!r}),\n"
        f"                        store_dir=Path({str(project / 's' / 'store')!r}))\n"
        "assert not run(s, jobs=2).report.errors\n", encoding="utf-8")
    root = str(Path(__file__).resolve().parent.parent)
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=600,
                          env={**__import__("os").environ, "PYTHONPATH": root})
    assert done.returncode == 0, done.stderr[-2000:]
    assert log.read_text() == "run\n"
    here = settings_in(project, "here")
    assert not run(here, jobs=2).report.errors
    assert snapshot(project / "s" / "output" / "html") == snapshot(here.output_dir / "html")
