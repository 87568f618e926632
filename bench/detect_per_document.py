"""How long `sosei detect` takes per document (read + markers of every layout), over the bundled sources
and the golden fixtures. Prints milliseconds per document (median and max)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from pipeline.detect import fits
from pipeline.extract import read_document
from pipeline.layouts import LAYOUTS

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    files = sorted(ROOT.glob("sources/*.txt")) + sorted(ROOT.glob("pipeline/layouts/*/fixtures/*/input.*"))
    times = []
    for f in files:
        start = time.perf_counter()
        fits(read_document(f), LAYOUTS)
        times.append((time.perf_counter() - start) * 1000)
    print(f"detect: {len(files)} documents, median {statistics.median(times):.1f} ms, max {max(times):.1f} ms")


if __name__ == "__main__":
    main()
