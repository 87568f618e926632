"""Load time of the national municipality table (read on every build) and name resolution speed.

    .venv/bin/python bench/bench_municipalities.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.municipalities import _load, load_municipalities  # noqa: E402

TOML = ROOT / "sources" / "municipalities.toml"


def main() -> None:
    runs = []
    for _ in range(5):
        _load.cache_clear()
        t = time.perf_counter()
        table = load_municipalities(TOML)
        runs.append(time.perf_counter() - t)
    names = [f"{m.prefecture}{m.name}" for m in table.values() if not m.is_prefecture]
    t = time.perf_counter()
    for n in names:
        try:
            table.resolve(n)
        except LookupError:  # a name two entries share in one prefecture (泊村)
            pass
    per = (time.perf_counter() - t) / len(names)
    print(f"entries: {len(table)}")
    print(f"load (best of 5, uncached): {min(runs) * 1000:.1f} ms")
    print(f"resolve a printed name: {per * 1e6:.1f} µs")


if __name__ == "__main__":
    main()
