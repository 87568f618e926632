"""Throughput of the SHACL gate: plain pyshacl against sosei's validate_graph, on the same graphs.

    .venv/bin/python bench/bench_shacl.py [--copies 20] [--reference-copies 2] [--faults]

The graphs are the bundled sources' documents as mapped (before SHACL), validated --copies times over
(nothing is cached per graph, so each pass redoes all the work); --faults validates the copies with the
faults tests/test_validate_prepared.py injects instead (every document then has results to report).
Prints triples/s in CPU time of this process (steadier than wall time on a shared machine) and in wall
time, for:
  pyshacl            plain pyshacl.validate(inference="none", advanced=True, allow_warnings=True)
  pyshacl+prepared   the same with each SPARQL constraint parsed once (what shapes pipeline/shacl_prepared.py
                     cannot prepare get)
  validate_graph     sosei's gate: results and Issues
Timings are figures to compare runs on one machine, not tests; nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from pipeline import shacl_prepared
from pipeline import validate as v  # noqa: E402


def graphs(faults: bool) -> list:
    from test_validate_prepared import VARIANTS, bundled_graphs, faulty

    docs = bundled_graphs()
    if faults:
        docs = [(f"{name}:{'+'.join(kinds)}", faulty(g, kinds, seed))
                for seed, (name, g) in enumerate(docs) for kinds in VARIANTS]
    return docs


def measure(label: str, fn, docs, copies: int) -> tuple[float, float]:
    triples = sum(len(g) for _, g in docs) * copies
    cpu, wall = time.process_time(), time.perf_counter()
    results = 0
    for _ in range(copies):
        for name, g in docs:
            results += fn(name, g)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"{label:18} {triples:9,} triples  {results:7,} results  CPU {cpu:7.2f} s  {triples / cpu:9,.0f} triples/s"
          f"  wall {wall:7.2f} s  {triples / wall:9,.0f} triples/s", flush=True)
    return triples / cpu, triples / wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=20, help="passes over the graphs for validate_graph")
    ap.add_argument("--reference-copies", type=int, default=2, help="passes for (slow) plain pyshacl")
    ap.add_argument("--faults", action="store_true", help="validate the graphs with injected faults")
    args = ap.parse_args()
    logging.disable(logging.WARNING)  # rdflib logs every ill-typed literal the faults make
    warnings.simplefilter("ignore")
    docs = graphs(args.faults)
    shapes = v.load_shapes()
    print(f"{len(docs)} graphs, {sum(len(g) for _, g in docs):,} triples{' with injected faults' if args.faults else ''};"
          f" shapes: {len(shapes):,} triples", flush=True)
    t = time.process_time()
    shacl_prepared.prepared(shapes)
    print(f"preparing the shapes (once per process): CPU {time.process_time() - t:.3f} s")
    v.validate_graph(docs[0][1], "warm-up", "", shapes)

    ref, _ = measure("pyshacl", lambda n, g: len(v.pyshacl_results(g, shapes)[1]), docs, args.reference_copies)
    measure("pyshacl+prepared", lambda n, g: len(v.pyshacl_results(g, shapes, prepared_queries=True)[1]), docs,
            args.reference_copies)
    fast, _ = measure("validate_graph", lambda n, g: len(v.validate_graph(g, n, "", shapes)), docs, args.copies)
    print(f"validate_graph / pyshacl (CPU): {fast / ref:.1f}x")


if __name__ == "__main__":
    main()
