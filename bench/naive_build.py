"""The naive design, for bench/national.py to compare sosei with: every document's graph (extract, parse,
map; no per-document SHACL) added into one rdflib Graph, that graph written with rdflib's Turtle,
N-Triples and JSON-LD serializers, one pyshacl run over the whole graph (sosei's shapes, inference none,
advanced) and the N-Triples loaded into a pyoxigraph store. Prints, as the last line of stdout, one JSON
object: documents, triples, SHACL results and seconds per step.

    .venv/bin/python bench/naive_build.py --config DIR/sosei.toml --out DIR/naive
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

T0 = time.perf_counter()
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402
from pyshacl import validate as shacl_validate  # noqa: E402
from rdflib import Graph  # noqa: E402
from rdflib.namespace import RDF, SH  # noqa: E402

from pipeline.build import municipalities_path  # noqa: E402
from pipeline.documents import document_graph  # noqa: E402
from pipeline.config import load_settings  # noqa: E402
from pipeline.layouts import LAYOUTS  # noqa: E402
from pipeline.sources import load_manifest, load_municipalities  # noqa: E402
from pipeline.validate import load_shapes  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    steps: dict[str, float] = {"import": time.perf_counter() - T0}

    log = args.out.with_name(args.out.name + ".log")  # each step as it ends, for a run that is cut short

    def note(*names: str) -> None:
        with log.open("a", encoding="utf-8") as f:
            for name in names:
                f.write(f"{name}: {steps[name]:.1f} s (at {time.perf_counter() - T0:.1f} s)\n")

    def step(name: str, t: float, *, noted: bool = True) -> float:
        now = time.perf_counter()
        steps[name] = steps.get(name, 0.0) + now - t
        if noted:
            note(name)
        return now

    log.unlink(missing_ok=True)
    t = time.perf_counter()
    settings, root = load_settings(args.config)
    settings = settings.resolve(root)
    municipalities = load_municipalities(municipalities_path(settings))
    specs = load_manifest(settings.manifest, set(LAYOUTS), municipalities)
    whole = Graph()
    t = step("load", t)
    for spec in specs:
        graph, _doc, _issues = document_graph(spec.path(settings.manifest), spec, municipalities,
                                              settings.base_iri, validate=False)
        t = step("map", t, noted=False)
        whole += graph
        t = step("merge", t, noted=False)
    note("map", "merge")
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    for fmt, name in (("turtle", "all.ttl"), ("nt", "all.nt"), ("json-ld", "all.jsonld")):
        whole.serialize(destination=str(args.out / name), format=fmt, encoding="utf-8")
        t = step(f"serialize {fmt}", t)
    conforms, results, _text = shacl_validate(whole, shacl_graph=load_shapes(), inference="none", advanced=True,
                                              allow_warnings=True)
    t = step("shacl", t)
    store = ox.Store(str(args.out / "store"))
    store.bulk_load(path=str(args.out / "all.nt"), format=ox.RdfFormat.N_TRIPLES)
    quads = len(store)
    t = step("store", t)
    print(json.dumps({
        "documents": len(specs),
        "triples": len(whole),
        "conforms": bool(conforms),
        "shacl_results": len(list(results.subjects(RDF.type, SH.ValidationResult))),
        "quads_in_store": quads,
        "steps": steps,
    }))


if __name__ == "__main__":
    main()
