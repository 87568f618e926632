"""Runs one `sosei build` in this process (as `sosei --config CONFIG build` does) and prints, as the last
line of stdout, one JSON object: published, errors, documents, triples, quads in store and the build's
seconds per stage (`BuildResult.stages` where the build records them, else {}). bench/national.py runs
it as a subprocess and measures its wall, CPU and memory from outside.

    .venv/bin/python bench/run_build.py --config DIR/sosei.toml [--jobs J] [--no-cache]

--jobs and --no-cache are passed on to pipeline.build.run where it takes them (a build without a process
pool or a cache ignores them, and the JSON says what was passed).
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
import time
from pathlib import Path

T0 = time.perf_counter()
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import build  # noqa: E402
from pipeline.config import load_settings  # noqa: E402

IMPORTED = time.perf_counter() - T0


def build_kwargs(jobs: int | None, no_cache: bool) -> dict:
    """The keyword arguments of pipeline.build.run this version takes, among jobs and the cache switch."""
    params = inspect.signature(build.run).parameters
    kw: dict = {}
    if jobs is not None and "jobs" in params:
        kw["jobs"] = jobs
    if no_cache:
        for name, value in (("no_cache", True), ("cache", False), ("use_cache", False)):
            if name in params:
                kw[name] = value
                break
    return kw


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", type=Path, required=True)
    ap.add_argument("--jobs", type=int)
    ap.add_argument("--no-cache", action="store_true")
    args = ap.parse_args()
    settings, root = load_settings(args.config)
    kw = build_kwargs(args.jobs, args.no_cache)
    t = time.perf_counter()
    result = build.run(settings.resolve(root), **kw)
    seconds = time.perf_counter() - t
    triples = getattr(result, "triples", None)
    if triples is None:
        triples = sum(ds.triples for ds in result.datasets if not ds.changeset)
    for issue in result.report.errors[:20]:
        print(f"error: {issue}", file=sys.stderr)
    print(json.dumps({
        "published": result.published,
        "errors": len(result.report.errors),
        "warnings": len(result.report.warnings),
        "documents": sum(1 for ds in result.datasets if not ds.changeset),
        "triples": triples,
        "quads_in_store": result.quads_in_store,
        "store_updated": getattr(result, "store_updated", None),  # the previous store copied and changed
        "pages_reused": getattr(result, "pages_reused", None),  # html/ linked from the previous output
        "pages_incremental": getattr(result, "pages_incremental", None),  # only the pages that can differ rendered
        "pages_rendered": getattr(result, "pages_rendered", None),
        "stages": dict(getattr(result, "stages", None) or {}),
        "run_seconds": seconds,
        "import_seconds": IMPORTED,
        "passed": sorted(kw),
    }))


if __name__ == "__main__":
    main()
