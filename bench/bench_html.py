"""Pages per second and peak RSS of the HTML pages (and the Turtle/JSON-LD beside each page), rendered
from an on-disk store holding the bundled build's published graphs (read back from output/), the data
graphs replicated --copies times under distinct IRIs (base_iri + "copy<k>/…") to see how time and
memory grow with the corpus.

    .venv/bin/python bench/bench_html.py [--copies 1] [--check] [--disk]

--disk renders through the SQLite page store (iter_html_pages(..., workdir=)), whose memory does not grow
with the corpus; without it the triples are held in memory (pageindex.Index). The rendering runs in a child process that opens the store read-only, so its peak RSS is that of the
rendering (plus the interpreter), not of loading the store. --check (with --copies 1) compares every
file with output/ byte for byte. Figures to compare runs on one machine, not tests.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from pipeline.config import load_settings  # noqa: E402
from pipeline.endpoint import published_graphs, read_output  # noqa: E402
from pipeline.uris import SOSEI_ONTOLOGY, Minter  # noqa: E402


def make_store(path: Path, output_dir: Path, base: str, copies: int) -> tuple[list[str], list[str]]:
    """The published graphs in a store at `path`: every data graph `copies` times; the names of the
    data graphs (as build.py passes them) and of the vocabulary graph."""
    minter = Minter(base)
    graphs = published_graphs(read_output(output_dir), minter)
    vocab = str(SOSEI_ONTOLOGY)
    meta = [str(minter.catalog()), str(minter.void())]
    store = ox.Store(str(path))
    data_names, extra = [], []
    for name, nt in graphs.items():
        if name == vocab:
            store.bulk_load(nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
            continue
        for k in range(copies):
            prefix = base if k == 0 else f"{base}copy{k}/"
            data = nt if k == 0 else nt.replace(b"<" + base.encode(), b"<" + prefix.encode())
            gname = name if k == 0 else name.replace(base, prefix, 1)
            store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(gname))
            (extra if name in meta else data_names).append(gname)
    store.flush()
    del store
    return sorted(data_names) + extra, [vocab]


def child(store_path: str, data: list[str], vocab: list[str], base: str, check: str | None, disk: bool) -> None:
    from pipeline import html

    store = ox.Store.read_only(store_path)
    if disk:
        workdir = tempfile.mkdtemp()
        render = lambda *a: html.iter_html_pages(*a, workdir=Path(workdir))  # noqa: E731
    else:
        render = getattr(html, "iter_html_pages", None) or (lambda *a: iter(html.html_pages(*a).items()))
    start, cpu = time.perf_counter(), time.process_time()
    pages = files = size = 0
    mismatches = []
    paths = set()
    for path, blob in render(store, data, vocab, base):
        files += 1
        pages += path.endswith(".html")
        size += len(blob)
        if check:
            paths.add(path)
            ref = Path(check) / path
            if not ref.is_file() or ref.read_bytes() != blob:
                mismatches.append(path)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    if check:
        on_disk = {p.relative_to(check).as_posix() for p in (Path(check) / "html").rglob("*") if p.is_file()}
        mismatches += sorted(on_disk - paths)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu": cpu, "pages": pages, "files": files, "bytes": size, "rss_mib": rss,
                      "mismatches": mismatches[:10], "mismatch_count": len(mismatches)}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=1)
    ap.add_argument("--check", action="store_true", help="compare with output/ (only with --copies 1)")
    ap.add_argument("--disk", action="store_true", help="the pages' triples in an SQLite file (workdir=)")
    ap.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        store_path, spec, base, check, disk = args.child
        names = json.loads(spec)
        child(store_path, names["data"], names["vocab"], base, check or None, disk == "disk")
        return
    settings, _ = load_settings(ROOT / "pyproject.toml")
    base = settings.base_iri
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        data, vocab = make_store(Path(tmp) / "store", settings.output_dir, base, args.copies)
        load_s = time.perf_counter() - t0
        check = str(settings.output_dir) if args.check and args.copies == 1 else ""
        out = subprocess.run([sys.executable, __file__, "--child", str(Path(tmp) / "store"),
                              json.dumps({"data": data, "vocab": vocab}), base, check,
                              "disk" if args.disk else "memory"],
                             check=True, capture_output=True, text=True)
    r = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"pages' triples {'on disk (SQLite)' if args.disk else 'in memory'}; store: {len(data)} data graphs ({args.copies} cop{'y' if args.copies == 1 else 'ies'}), loaded in {load_s:.1f} s")
    print(f"rendered {r['pages']:,} pages, {r['files']:,} files, {r['bytes'] / 2**20:,.1f} MiB in {r['seconds']:.2f} s "
          f"({r['cpu']:.2f} s CPU): {r['pages'] / r['cpu']:,.0f} pages per CPU second; peak RSS of the rendering process {r['rss_mib']:,.0f} MiB")
    if check:
        print("identical to output/" if not r["mismatch_count"] else
              f"{r['mismatch_count']} files differ from output/, e.g. {r['mismatches']}")


if __name__ == "__main__":
    main()
