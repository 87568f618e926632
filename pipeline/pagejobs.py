"""The HTML pages (html/index.html, each page and the Turtle and JSON-LD beside it) written into the build's
temporary output directory (publish.OutputWriter), by `jobs` worker processes.

Over the SQLite page store (the build's way), the workers are fresh interpreters (pageworker.py, started
by subprocess): each opens the file again (html.open_disk_renderer) and holds only what it renders, never
a copy of the build process's heap. Over an index in memory they are forked once the Renderer is made,
the index shared copy-on-write.
Worker k renders html.render_all's share k (every jobs-th page) and writes each file straight to disk;
what it sends back is only where it listed each file's size and sha256 (a file in the scratch directory),
which the build's process records in the writer meanwhile writing html/index.html. The files and what the
writer records do not depend on `jobs`.

A build whose pages' inputs did not change since the build that wrote output/ renders none: it links the
files output/ holds into the new output (`reuse_pages`), once it has checked that each is still the file
that build wrote (`remember_pages` kept their inodes and modification times in the cache).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

from .html import Renderer, render_all
from .publish import FileDigest, FileWriter, HashingFile

_SHARED: dict = {}  # a worker's: renderer, root, scratch, workers (forked: inherited; pageworker: loaded)


class PageWorkerError(Exception):
    """A page process failed (a bug): its traceback is in pageworker.ERRORS in its directory."""


def write_pages(renderer: Renderer, writer, jobs: int, scratch: Path, disk: bool = False) -> None:
    """Every file of html/ written into `writer`'s directory and recorded in it; `disk`: the renderer reads
    the SQLite page store in `scratch` (html.disk_renderer), which each worker opens for itself."""
    if jobs <= 1:
        files = FileWriter(writer.path(""))
        write_index(renderer, writer)
        for rel, data in render_all(renderer, index=False):
            writer.record(rel, files.write(rel, data))
        return
    shared = dict(root=writer.path(""), scratch=Path(scratch), workers=jobs)
    if disk:  # nothing of this process's heap goes to the workers but the vocabulary
        spec = Path(scratch) / "pages-spec.pickle"
        with open(spec, "wb") as f:
            pickle.dump(dict(shared, vocab=renderer.vocab, base=renderer.base), f)
        workers = [start_worker("render", spec, str(k)) for k in range(jobs)]
        try:
            write_index(renderer, writer)
            for k, process in enumerate(workers):
                if process.wait() != 0:
                    raise PageWorkerError(failure(f"page worker {k}", spec.parent))
                record_listing(writer, Path(scratch) / f"pages-{k}.tsv")
        finally:
            stop_all(workers)
        return
    _SHARED.update(shared, renderer=renderer)  # the index in memory, shared copy-on-write
    try:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_init_worker, initargs=(os.getpid(),)) as pool:
            shares = pool.map_async(_render_share, range(jobs), chunksize=1)
            write_index(renderer, writer)
            for listing in shares.get():
                record_listing(writer, Path(listing))
    finally:
        _SHARED.clear()


def start_worker(command: str, target: Path, *args: str) -> subprocess.Popen:
    """`python -m pipeline.pageworker COMMAND PARENT TARGET ARGS…` with this interpreter, this package first
    on its path."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return subprocess.Popen([sys.executable, "-m", "pipeline.pageworker", command, str(os.getpid()), str(target),
                             *args], env=env, stdin=subprocess.DEVNULL)


def stop_all(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.wait()


def failure(what: str, folder: Path) -> str:
    """One line: what failed and the last line of the traceback it left (pageworker.ERRORS)."""
    from .pageworker import ERRORS

    try:
        lines = (folder / ERRORS).read_text(encoding="utf-8").strip().splitlines()
    except OSError:
        lines = []
    return f"{what} failed" + (f": {lines[-1]}" if lines else " (no error recorded)")


def write_index(renderer: Renderer, writer) -> None:
    """html/index.html, written as its pieces are made (at national scale it is hundreds of MB)."""
    rel = "html/index.html"
    target = writer.path(rel)
    target.parent.mkdir(parents=True, exist_ok=True)
    out = HashingFile(target)
    try:
        for chunk in renderer.index_chunks():
            out.write(chunk)
    finally:
        digest = out.close()
    writer.record(rel, digest)


def record_listing(writer, listing: Path) -> None:
    """The files a worker listed (path, size, sha256: one a line, tab-separated; an IRI holds no tab or
    line break), recorded in the writer."""
    with open(listing, encoding="utf-8") as f:
        for line in f:
            rel, size, sha = line.rstrip("\n").split("\t")
            writer.record(rel, FileDigest(int(size), sha))


def _init_worker(parent: int) -> None:
    from .documents import exit_with

    exit_with(parent)


def _render_share(worker: int) -> str:
    """Worker `worker`'s pages written; returns the path of its listing of them."""
    w = _SHARED
    renderer = w["renderer"]
    files = FileWriter(w["root"])
    listing = w["scratch"] / f"pages-{worker}.tsv"
    with open(listing, "w", encoding="utf-8") as out:
        for rel, data in render_all(renderer, worker, w["workers"], index=False):
            d = files.write(rel, data)
            out.write(f"{rel}\t{d.size}\t{d.sha256}\n")
    return str(listing)


# --- the page store loaded beside the store -----------------------------------------------------------

class PageStoreLoader:
    """all.nq loaded into a new SQLite page store (pagestore.PageStore.create, add) by another process
    (pageworker.py), started as soon as all.nq is written: it runs on the second core while this process
    loads the Oxigraph store and writes VoID and the catalog (one core each at most), instead of after
    them. The pages stage then adds catalog.ttl and void.ttl and finishes it (`page_store`). A loader that
    failed leaves the page store to be built here, as without one."""

    def __init__(self, path: Path, files: list[Path], base: str):
        self.path, self.base = path, base
        self.process = start_worker("load", path, base, *[str(f) for f in files])

    def page_store(self, more: list[Path]):
        """The finished page store with the triples of `more` added; None when the loader failed."""
        from .pagestore import PageStore, file_triples

        if self.process.wait() != 0:
            return None
        ps = PageStore.resume(self.path, self.base)
        ps.add(file_triples(more))
        ps.finish()
        return ps

    def stop(self) -> None:
        stop_all([self.process])


# --- pages kept from the previous output ---------------------------------------------------------------

PAGES = "html/"


def pages_key(writer, ontology: bytes, base: str, code: str) -> str:
    """What every file of html/ is made from: the data graphs as published (all.nq, catalog.ttl,
    void.ttl, by their digests), the ontology, base_iri and the code (templates included)."""
    from .cache import digest

    made_from = [writer.digests[rel].sha256 for rel in ("all.nq", "catalog.ttl", "void.ttl")]
    return digest("pages", *made_from, hashlib.sha256(ontology).hexdigest(), base, code)


def remember_pages(cache, key: str, writer, linked: dict | None = None) -> None:
    """The files of html/ just written, by path: size and sha256, and the inode and modification time
    they keep in output/ once it is swapped in (a rename keeps both). `linked`: path → its entry in
    the listing of the output it was hard-linked from (the same inode and time: not stat()ed again)."""
    listing, linked = [], linked or {}
    for rel, d in writer.digests.items():
        if rel.startswith(PAGES):
            entry = linked.get(rel)
            if entry is None:
                st = os.stat(writer.path(rel))
                entry = (rel, d.size, d.sha256, st.st_ino, st.st_mtime_ns)
            listing.append(entry)
    cache.put(key, listing)


def reuse_pages(cache, key: str, out_dir: Path, writer) -> bool:
    """When the pages' inputs have not changed since the build that wrote output/ (`key` in the cache),
    and every file of html/ there is the one that build wrote (same inode, size and modification time:
    not edited, replaced or touched since), hard-link them into the new output and record them; else
    nothing is linked and False is returned (the pages are rendered)."""
    listing = cache.get(key)
    if not listing_holds(listing, out_dir):
        return False
    return link_listed(listing, set(), out_dir, writer)


def listing_holds(listing, out_dir: Path) -> bool:
    """Whether output/ still holds every file of `listing` (remember_pages) as that build wrote it."""
    if not isinstance(listing, list) or not listing:
        return False
    root = str(out_dir)
    try:
        for rel, size, _sha, ino, mtime in listing:
            st = os.stat(root + "/" + rel)
            if (st.st_ino, st.st_size, st.st_mtime_ns) != (ino, size, mtime):
                return False
    except (OSError, ValueError, TypeError):
        return False
    return True


LINKERS = 8  # threads linking files at once (a link is a system call: 35k files in 5.5 s by one, 1.4 s by 8)


def link_listed(listing: list, skip: set, out_dir: Path, writer) -> bool:
    """The files of `listing` but those of `skip` hard-linked from output/ into the new output and recorded;
    False (and nothing of html/ left in the writer) when they cannot be linked."""
    from concurrent.futures import ThreadPoolExecutor

    kept = [entry for entry in listing if entry[0] not in skip]
    root, target = str(out_dir), str(writer.path(""))
    batches = [[rel for rel, *_ in kept[i:i + 1024]] for i in range(0, len(kept), 1024)]
    try:
        with ThreadPoolExecutor(LINKERS) as pool:
            for _ in pool.map(lambda batch: _link_all(root, target, batch), batches):
                pass
    except OSError:  # another file system, no hard links: render them
        drop_pages(writer)
        return False
    for rel, size, sha, _ino, _mtime in kept:
        writer.record(rel, FileDigest(size, sha))
    return True


def _link_all(root: str, target: str, rels: list[str]) -> None:
    made = set()
    for rel in rels:
        path = target + "/" + rel
        folder = path.rsplit("/", 1)[0]
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        os.link(root + "/" + rel, path)


def drop_pages(writer) -> None:
    """Every file of html/ taken out of the new output."""
    shutil.rmtree(writer.path(PAGES), ignore_errors=True)
    for rel in [r for r in writer.digests if r.startswith(PAGES)]:
        del writer.digests[rel]
