"""The HTML pages (html/index.html, each page and the Turtle and JSON-LD beside it) written into the build's
temporary output directory (publish.OutputWriter), by `jobs` worker processes.

The workers are forked once the Renderer is made (html.make_renderer): its index in memory is shared
copy-on-write; over the SQLite page store, each worker opens the file again (html.open_disk_renderer).
Worker k renders html.render_all's share k (every jobs-th page) and writes each file straight to disk;
what it sends back is only where it listed each file's size and sha256 (a file in the scratch directory),
which the build's process records in the writer meanwhile writing html/index.html. The files and what the
writer records do not depend on `jobs`.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from pathlib import Path

from .html import Renderer, open_disk_renderer, render_all
from .publish import FileDigest

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)
_SHARED: dict = {}  # what the forked workers inherit: renderer, root, scratch, workers, disk


class FileWriter:
    """Files written under `root` with one open and one write each (directories made once), each one's
    size and sha256 returned."""

    def __init__(self, root: Path):
        self.root, self.made = str(root), set()

    def write(self, rel: str, data: bytes) -> FileDigest:
        path = self.root + "/" + rel
        folder = path.rsplit("/", 1)[0]
        if folder not in self.made:
            os.makedirs(folder, exist_ok=True)
            self.made.add(folder)
        fd = os.open(path, _CREATE, 0o666)  # as open(): the umask applies
        try:
            view = memoryview(data)
            while view:  # os.write may write less than asked
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        return FileDigest(len(data), hashlib.sha256(data).hexdigest())


def write_pages(renderer: Renderer, writer, jobs: int, scratch: Path, disk: bool = False) -> None:
    """Every file of html/ written into `writer`'s directory and recorded in it; `disk`: the renderer reads
    the SQLite page store in `scratch` (html.disk_renderer), which each worker opens for itself."""
    if jobs <= 1:
        files = FileWriter(writer.path(""))
        write_index(renderer, writer)
        for rel, data in render_all(renderer, index=False):
            writer.record(rel, files.write(rel, data))
        return
    _SHARED.update(renderer=renderer, root=writer.path(""), scratch=Path(scratch), workers=jobs, disk=disk)
    try:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_init_worker, initargs=(os.getpid(),)) as pool:
            shares = pool.map_async(_render_share, range(jobs), chunksize=1)
            write_index(renderer, writer)
            for listing in shares.get():
                record_listing(writer, Path(listing))
    finally:
        _SHARED.clear()


def write_index(renderer: Renderer, writer) -> None:
    """html/index.html, written as its pieces are made (at national scale it is hundreds of MB)."""
    rel = "html/index.html"
    target = writer.path(rel)
    target.parent.mkdir(parents=True, exist_ok=True)
    h, size = hashlib.sha256(), 0
    with open(target, "wb") as f:
        for chunk in renderer.index_chunks():
            f.write(chunk)
            h.update(chunk)
            size += len(chunk)
    writer.record(rel, FileDigest(size, h.hexdigest()))


def record_listing(writer, listing: Path) -> None:
    """The files a worker listed (path, size, sha256: one a line, tab-separated; an IRI holds no tab or
    line break), recorded in the writer."""
    with open(listing, encoding="utf-8") as f:
        for line in f:
            rel, size, sha = line.rstrip("\n").split("\t")
            writer.record(rel, FileDigest(int(size), sha))


def _init_worker(parent: int) -> None:
    from .build import _exit_with

    _exit_with(parent)


def _render_share(worker: int) -> str:
    """Worker `worker`'s pages written; returns the path of its listing of them."""
    w = _SHARED
    renderer = w["renderer"]
    if w["disk"]:  # an SQLite connection is not carried across fork
        renderer = open_disk_renderer(renderer.vocab, renderer.base, w["scratch"])
    files = FileWriter(w["root"])
    listing = w["scratch"] / f"pages-{worker}.tsv"
    with open(listing, "w", encoding="utf-8") as out:
        for rel, data in render_all(renderer, worker, w["workers"], index=False):
            d = files.write(rel, data)
            out.write(f"{rel}\t{d.size}\t{d.sha256}\n")
    return str(listing)
