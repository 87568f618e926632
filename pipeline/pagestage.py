"""The pages stage of a build (build.publish_output): html/ linked whole from the previous output/ when
the pages' inputs did not change (pagejobs.reuse_pages); else, when the previous build's page store and
output/ are still as it left them, only the pages whose bytes can differ rendered and every other file
linked (pagedelta.py); else every page rendered, from a page store built from the files written. The
page store is kept beside the store for the next build (pagedelta.page_store_path). The files, and the
digests the writer records, are those of a full render in every case (tests/test_pages_incremental.py).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import pagedelta as delta
from .html import PAGE_STORE, Renderer, disk_renderer, open_disk_renderer, page_path
from .pagejobs import (drop_pages, link_listed, listing_holds, pages_key, remember_pages, reuse_pages,
                       write_index, write_pages)
from .pagestore import PageStore, file_triples
from .resources import resource_files


@dataclass(frozen=True)
class PagesOutcome:
    reused: bool  # html/ linked whole (its inputs unchanged)
    incremental: bool  # only the pages that can differ rendered, the rest linked
    rendered: int  # pages rendered (each with its .ttl and .jsonld)


@dataclass(frozen=True)
class PagesInputs:
    out_dir: Path  # the previous output/
    store_dir: Path
    base: str
    ontology: bytes  # the ontology's Turtle, as pages_key takes it
    ontology_graph: str
    code: str
    graphs: dict  # data graph IRI → (output/-relative path of its N-Triples dump, sha256)


def full_render_likely(cache, store_dir: Path, base: str, code: str) -> bool:
    """Whether the pages stage will likely build its page store afresh from the files written: no record
    of a page store kept by a build with this base and code, or that file changed since. Then it is worth
    loading it from all.nq ahead, beside the store (pagejobs.PageStoreLoader)."""
    record = cache.get(delta.record_key(store_dir, code))
    if not isinstance(record, delta.PagesRecord) or tuple(record.made_from[1:]) != (base, code):
        return True
    try:
        return delta.file_id(delta.page_store_path(store_dir)) != record.page_store
    except OSError:
        return True


def publish_pages(inputs: PagesInputs, writer, cache, store, vocab, jobs: int, loader=None) -> PagesOutcome:
    """`loader`: a pagejobs.PageStoreLoader loading all.nq into a page store ahead, taken when every page
    is rendered from a page store built afresh."""
    key = pages_key(writer, inputs.ontology, inputs.base, inputs.code)
    if reuse_pages(cache, key, inputs.out_dir, writer):
        return PagesOutcome(True, False, 0)
    rkey = delta.record_key(inputs.store_dir, inputs.code)
    target = delta.page_store_path(inputs.store_dir)
    made_from = (hashlib.sha256(inputs.ontology).hexdigest(), inputs.base, inputs.code)
    updated, linked = [], {}
    rendered = _changed_pages(inputs, writer, cache, store, vocab, rkey, made_from, updated, linked)
    incremental = rendered is not None
    if rendered is None:
        linked.clear()
        rendered = _every_page(inputs, writer, vocab, jobs, built=bool(updated), loader=loader)
    remember_pages(cache, key, writer, linked)
    meta = {rel: writer.digests[rel].sha256 for rel in delta.META}
    cache.put(rkey, delta.PagesRecord(key, made_from, dict(inputs.graphs), meta, delta.file_id(target)))
    return PagesOutcome(False, incremental, rendered)


def _previous(inputs: PagesInputs, cache, rkey: str, made_from: tuple):
    """The previous build's record and listing of html/, when output/ and the page store are as it left them."""
    record = cache.get(rkey)
    if not isinstance(record, delta.PagesRecord) or record.made_from != made_from:
        return None
    try:
        if delta.file_id(delta.page_store_path(inputs.store_dir)) != record.page_store:
            return None
    except OSError:
        return None
    listing = cache.get(record.pages_key)
    return (record, listing) if listing_holds(listing, inputs.out_dir) else None


def _changed_pages(inputs: PagesInputs, writer, cache, store, vocab, rkey: str, made_from: tuple,
                   updated: list, linked: dict) -> int | None:
    """The pages that can differ rendered and the other files linked (their listing entries put in
    `linked`); None when every page is to be rendered (the page store then holds the new data when
    `updated` was appended to, else it is stale)."""
    found = _previous(inputs, cache, rkey, made_from)
    if found is None:
        return None
    record, listing = found
    candidates = delta.changed_triples(record, inputs.out_dir, writer, inputs.graphs)
    if candidates is None:
        return None
    target = delta.page_store_path(inputs.store_dir)
    cache.put(rkey, None)  # the page store is changed in place: not the previous build's any more
    db = sqlite3.connect(str(target), isolation_level=None)
    db.executescript("PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;")  # no use left if it breaks off
    try:
        removed, added = delta.flipped(db, store, inputs.ontology_graph, candidates)
        changes = delta.changes_of(db, inputs.base, removed, added)
        render = delta.reach(delta.State(db, inputs.base), changes)
        delta.apply(db, inputs.base, removed, added, changes)
        render |= delta.reach(delta.State(db, inputs.base), changes) | changes.moved
    finally:
        db.close()
    updated.append(True)
    pages = PageStore(target, inputs.base)
    try:
        render = sorted(n for n in render if pages.path(n) is not None)
        if len(render) > delta.SHARE * pages.count() or delta.names_a_predicate(store, vocab, changes.relabeled):
            return None
        skip = {rel for n in [*render, *changes.gone] for rel in _files(n, inputs.base)}
        if changes.listed:
            skip.add("html/index.html")
        if not link_listed(listing, skip, inputs.out_dir, writer):
            return None
        linked.update((entry[0], tuple(entry)) for entry in listing if entry[0] not in skip)
        renderer = Renderer(pages, vocab, inputs.base, pages=pages)
        if changes.listed:
            write_index(renderer, writer)
        files = resource_files(renderer)
        for node in render:
            path, data = renderer.page(node)
            writer.write(f"html/{path}", data)
            for rel, data in files(node):
                writer.write(rel, data)
        return len(render)
    except BaseException:
        drop_pages(writer)
        raise
    finally:
        pages.db.close()


def _files(node: str, base: str) -> tuple[str, ...]:
    stem = "html/" + page_path(node, base)[: -len(".html")]
    return f"{stem}.html", f"{stem}.ttl", f"{stem}.jsonld"


def _every_page(inputs: PagesInputs, writer, vocab, jobs: int, built: bool, loader=None) -> int:
    """Every file of html/ rendered, from the page store kept beside the store when `built` (updated to
    the new data), else from one built of the files written (by `loader`, all.nq loaded ahead), which is
    then kept there."""
    target = delta.page_store_path(inputs.store_dir)
    drop_pages(writer)
    ahead = loader.page_store([writer.path(f) for f in delta.META]) if loader is not None and not built else None
    if ahead is not None:  # in the loader's directory, where the workers open it
        count = _render_every_page(Renderer(ahead, vocab, inputs.base, pages=ahead), writer, jobs, loader.path.parent)
        os.replace(loader.path, target)
        return count
    with tempfile.TemporaryDirectory(prefix="pages-", dir=inputs.store_dir.parent) as work:
        work = Path(work)
        if built:
            _link_or_copy(target, work / PAGE_STORE)
            renderer = open_disk_renderer(vocab, inputs.base, work)
        else:
            written = [writer.path(f) for f in ("all.nq", *delta.META)]
            renderer = disk_renderer(file_triples(written), vocab, inputs.base, work)
        count = _render_every_page(renderer, writer, jobs, work)
        if not built:
            os.replace(work / PAGE_STORE, target)
    return count


def _render_every_page(renderer: Renderer, writer, jobs: int, folder: Path) -> int:
    """Every page written by `jobs` workers from the page store in `folder` (PAGE_STORE), which is then
    closed here; returns the page count."""
    write_pages(renderer, writer, jobs, folder, disk=True)
    count = renderer.pages.count()
    renderer.index.db.close()
    return count


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
