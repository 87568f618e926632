"""Benchmark of the pipeline stages on a synthetic corpus: N copies of the bundled strategy project
list published by N different (made-up) municipalities. Prints per-stage times and throughput.

    .venv/bin/python bench/bench.py [--docs 20]

Timings are figures to compare runs on one machine, not tests; nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.extract import text_document  # noqa: E402
from pipeline.layouts import LAYOUTS  # noqa: E402
from pipeline.mapping import Context, map_document  # noqa: E402
from pipeline.publish import jsonld, ntriples, sorted_triples, turtle  # noqa: E402
from pipeline.sources import (  # noqa: E402
    Municipality,
    check_digit,
    load_manifest,
    load_municipalities,
)
from pipeline.store import load_store  # noqa: E402
from pipeline.uris import Minter  # noqa: E402
from pipeline.validate import validate_graph  # noqa: E402


class Clock:
    def __init__(self):
        self.totals: dict[str, float] = {}

    def time(self, stage: str, fn, *args, **kw):
        t = time.perf_counter()
        out = fn(*args, **kw)
        self.totals[stage] = self.totals.get(stage, 0.0) + time.perf_counter() - t
        return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=20, help="documents in the synthetic corpus")
    args = ap.parse_args()
    manifest = ROOT / "sources" / "manifest.toml"
    spec = next(s for s in load_manifest(manifest, set(LAYOUTS), load_municipalities(manifest.parent / "municipalities.toml"))
                if s.layout == "strategy-project-list")
    data = spec.path(manifest).read_bytes()
    layout, minter, clock = LAYOUTS[spec.layout], Minter("https://w3id.org/sosei/id/"), Clock()
    triples, ttl_bytes, graphs = 0, 0, {}
    for i in range(args.docs):
        code5 = f"{90000 + i:05d}"
        muni = Municipality(code5 + check_digit(code5), f"架空市{i}", None, "架空県")
        s = dataclasses.replace(spec, id=f"bench-{i}", publisher=muni.code)
        doc = clock.time("extract", text_document, data, s.file)
        parsed, issues = clock.time("parse", layout.parse, doc, s)
        g, _ = clock.time("map", map_document, Context(minter, s, muni, doc.sha256), layout.map, parsed, issues)
        clock.time("validate (pyshacl)", validate_graph, g, s.file, doc.sha256)
        ordered = clock.time("sort triples", sorted_triples, g)
        ttl = clock.time("turtle (pyoxigraph)", turtle, ordered)
        clock.time("n-triples (pyoxigraph)", ntriples, ordered)
        clock.time("json-ld (rdflib)", jsonld, g)
        triples += len(g)
        ttl_bytes += len(ttl)
        graphs[str(minter.dataset(s.id))] = ttl
    with tempfile.TemporaryDirectory() as tmp:
        quads = clock.time("store bulk load (pyoxigraph)", load_store, Path(tmp) / "store", graphs)
    total = sum(clock.totals.values())
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {args.docs} documents, {triples:,} triples, {ttl_bytes / 1e6:.1f} MB Turtle, {quads:,} quads in store")
    for stage, seconds in clock.totals.items():
        print(f"  {stage:32s} {seconds:8.2f} s  {triples / seconds:12,.0f} triples/s")
    print(f"  {'total':32s} {total:8.2f} s  {triples / total:12,.0f} triples/s   peak RSS {rss:,.0f} MiB")


if __name__ == "__main__":
    main()
