"""The processes the pages stage starts (pagejobs.py), as plain interpreters:

    python -m pipeline.pageworker load PARENT STORE BASE FILE...   all.nq into a new SQLite page store
    python -m pipeline.pageworker render PARENT SPEC WORKER        worker WORKER's share of the pages

Started by subprocess, not multiprocessing: nothing of the build process's heap is copied into them (each
forked worker had copied 1.7 GiB of it at N = 1,741), and nothing of the program that called the build
runs again in them (multiprocessing's spawn and forkserver import the caller's __main__ module, which a
script without an `if __name__ == "__main__"` guard runs again). Each ends with the build process
(documents.exit_with PARENT). A failure leaves its traceback in ERRORS beside STORE or SPEC and exits 1;
the build says so in one line.
"""

from __future__ import annotations

import pickle
import sys
import traceback
from pathlib import Path

ERRORS = "errors.txt"


def load(store: Path, base: str, files: list[Path]) -> None:
    from .pagestore import PageStore, file_triples

    ps = PageStore.create(store, base)
    ps.add(file_triples(files))
    ps.db.close()


def render(spec: Path, worker: int) -> None:
    from . import pagejobs
    from .html import open_disk_renderer

    with open(spec, "rb") as f:
        shared = pickle.load(f)
    pagejobs._SHARED.update(shared, renderer=open_disk_renderer(shared["vocab"], shared["base"], shared["scratch"]))
    pagejobs._render_share(worker)


def main(argv: list[str]) -> int:
    command, parent, target, *rest = argv
    try:
        from .documents import exit_with

        exit_with(int(parent))
        if command == "load":
            load(Path(target), rest[0], [Path(f) for f in rest[1:]])
        else:
            render(Path(target), int(rest[0]))
        return 0
    except BaseException:
        with open(Path(target).parent / ERRORS, "a", encoding="utf-8") as f:
            f.write(traceback.format_exc())
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
