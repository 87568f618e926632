"""Peak memory and wall time of writing catalog.ttl and catalog.jsonld for N synthetic entries: the whole
catalog as one rdflib graph (the former way) vs entry by entry (catalog_stream.write_catalog). Each way runs
in a fresh process; its wall and CPU time, peak RSS (ru_maxrss) and RSS before the catalog (the entries
made) are printed.
Both ways' files are compared byte for byte (sha256).

    .venv/bin/python bench/bench_catalog.py -n 10000 [--ways old,new]

The entries are the bundled manifest's, repeated with another id, a publisher spread over the municipality
table, one of two licences, up to 3 fiscal years and some CSV tables, as a national build's are.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

LICENSES = ("https://creativecommons.org/licenses/by/4.0/", "https://creativecommons.org/publicdomain/zero/1.0/")


def inputs(n: int):
    """catalog_graph's arguments for n entries (deterministic)."""
    from pipeline.catalog import Entry, load_catalog_meta
    from pipeline.config import load_settings
    from pipeline.layouts import LAYOUTS
    from pipeline.publish import FORMATS, FileDigest, sha256
    from pipeline.sources import load_manifest, load_municipalities
    from pipeline.tables import TABLES, CsvFile
    from pipeline.uris import Minter

    settings, root = load_settings(ROOT / "pyproject.toml")
    settings = settings.resolve(root)
    municipalities = load_municipalities(settings.manifest.parent / "municipalities.toml")
    specs = load_manifest(settings.manifest, set(LAYOUTS), municipalities)
    codes = sorted(municipalities)
    rng = random.Random(n)

    def digest(text: str) -> FileDigest:
        return FileDigest(rng.randint(1_000, 10_000_000), sha256(text.encode()))

    entries, tables = [], []
    for i in range(n):
        spec = specs[i % len(specs)]
        spec = dataclasses.replace(spec, id=f"{codes[i % len(codes)]}-{i}-{spec.id}", publisher=codes[i % len(codes)],
                                   license=rng.choice(LICENSES))
        years = set(rng.sample(range(2015, 2027), rng.randint(1, 3)))
        entries.append(Entry(spec, sha256(spec.id.encode()), years, {f.key: digest(spec.id + f.key) for f in FORMATS}))
        chosen = [t for t in TABLES if rng.random() < 0.6]
        tables += [CsvFile(spec.id, t, f"csv/{spec.id}/{t.name}.csv", digest(spec.id + t.name)) for t in chosen]
        if chosen:
            tables.append(CsvFile(spec.id, None, f"csv/{spec.id}/csv-metadata.json", digest(spec.id)))
    areas = {f.key: f"areas {f.key}".encode() for f in FORMATS}
    base = settings.download_base_url
    return (Minter(settings.base_iri), base, entries, municipalities, digest("all.nq"), base + "void.ttl",
            load_catalog_meta(settings.manifest), tables, areas)


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def current_rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def one_way(way: str, n: int, out: Path) -> dict:
    """Write the catalog of n entries `way` ("old": the whole graph; "new": entry by entry) into out/."""
    from pipeline.catalog import ADMS, catalog_graph, catalog_parts
    from pipeline.catalog_stream import write_catalog
    from pipeline.mapping import PREFIXES
    from pipeline.publish import FileDigest, embedded_context, jsonld, sorted_triples, turtle

    args = inputs(n)
    before = current_rss_mib()
    start, cpu = time.perf_counter(), cpu_s()
    if way == "old":
        cat = catalog_graph(*args)
        ttl = turtle(sorted_triples(cat), {"adms": str(ADMS)})
        (out / "catalog.ttl").write_bytes(ttl)
        js = jsonld(cat, context_ref=embedded_context())
        (out / "catalog.jsonld").write_bytes(js)
        digests = FileDigest.of(ttl), FileDigest.of(js)
    else:
        digests = write_catalog(catalog_parts(set, *args), out / "catalog.ttl", out / "catalog.jsonld", out,
                                {**PREFIXES, "adms": str(ADMS)}, embedded_context(), lambda: catalog_graph(*args))
    wall, cpu = time.perf_counter() - start, cpu_s() - cpu
    return {"way": way, "entries": n, "wall_s": round(wall, 1), "cpu_s": round(cpu, 1), "rss_before_mib": round(before),
            "peak_rss_mib": round(rss_mib()), "ttl_mb": round(digests[0].size / 1e6, 1),
            "jsonld_mb": round(digests[1].size / 1e6, 1), "sha256": [d.sha256 for d in digests]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=10_000, help="entries (datasets) in the catalog")
    parser.add_argument("--ways", default="old,new", help="old, new or both (each in a fresh process)")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # run one way in this process, print JSON
    a = parser.parse_args()
    if a.one:
        with tempfile.TemporaryDirectory(prefix="bench-catalog-") as tmp:
            print(json.dumps(one_way(a.one, a.n, Path(tmp))))
        return
    results = []
    for way in a.ways.split(","):
        done = subprocess.run([sys.executable, __file__, "-n", str(a.n), "--one", way], check=True,
                              capture_output=True, text=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        r = results[-1]
        print(f"{way}: {r['entries']} entries, catalog.ttl {r['ttl_mb']} MB, catalog.jsonld {r['jsonld_mb']} MB: "
              f"{r['wall_s']} s ({r['cpu_s']} s CPU), peak RSS {r['peak_rss_mib']} MiB (entries made: {r['rss_before_mib']} MiB)",
              flush=True)
    if len(results) > 1:
        same = len({tuple(r["sha256"]) for r in results}) == 1
        print("same bytes" if same else "DIFFERENT BYTES")
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
