"""Rows per second of 内閣府's national list of certified 地域再生計画 (layout national-plan-list)
through the whole build (extract, parse, map, SHACL, dumps, catalog, HTML, store), on a list generated
from the municipality table (tests/national_list_fixtures.py) as CSV, Excel or a ruled PDF.

    .venv/bin/python bench/bench_national.py [--rows 1000] [--format csv|xlsx|pdf]

A figure to compare runs on one machine, not a test; nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from national_list_fixtures import csv_bytes, pdf_file, rows, xlsx_bytes  # noqa: E402

from pipeline.build import run  # noqa: E402
from pipeline.config import load_settings  # noqa: E402
from pipeline.sources import load_municipalities  # noqa: E402

MANIFEST = """[[source]]
id = "national-plan-list-bench"
file = "{file}"
layout = "national-plan-list"
publisher = "010006"
title = "地域再生計画 認定一覧 (generated)"
title_en = "Certified regional revitalization plans (generated)"
description = "-"
description_en = "-"
license = "https://creativecommons.org/licenses/by/4.0/"
attribution = "sosei bench"
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1000)
    ap.add_argument("--format", choices=("csv", "xlsx", "pdf"), default="csv")
    args = ap.parse_args()
    table = load_municipalities(ROOT / "sources" / "municipalities.toml")
    data = rows(table, args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        (d / "sources").mkdir()
        for f in (ROOT / "sources").glob("municipalities*"):
            shutil.copy(f, d / "sources" / f.name)
        name = f"national.{args.format}"
        if args.format == "csv":
            (d / "sources" / name).write_bytes(csv_bytes(data))
        elif args.format == "xlsx":
            (d / "sources" / name).write_bytes(xlsx_bytes(data))
        else:
            pdf_file(d / "sources" / name, data)
        (d / "sources" / "manifest.toml").write_text(MANIFEST.format(file=name), encoding="utf-8")
        (d / "sosei.toml").write_text(f'manifest = "{d}/sources/manifest.toml"\noutput_dir = "{d}/output"\n'
                                      f'store_dir = "{d}/store"\n', encoding="utf-8")
        settings, root = load_settings(d / "sosei.toml")
        t = time.perf_counter()
        result = run(settings.resolve(root))
        seconds = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    errors = len(result.report.errors)
    print(f"national list: {args.rows} rows as {args.format}, published: {result.published}, errors: {errors}, "
          f"quads in store: {result.quads_in_store}")
    print(f"whole build: {seconds:.1f} s, {args.rows / seconds:,.1f} rows/s, peak RSS {rss:,.0f} MiB")


if __name__ == "__main__":
    main()
