"""One changed document rebuilt: builds a corpus (bench/corpus.py) once, edits one KPI target in one
municipality's 地域再生計画, builds again, and prints per build the wall seconds, the pages stage's and the
pages rendered (or linked whole), one JSON object a build. Each build is bench/run_build.py of the
checkout given (--repo, default this one; its .venv), so a branch and main can be compared on copies of
the same corpus.

    .venv/bin/python bench/incremental_pages.py DIR [--repo /work/main] [--jobs J] [--edits K]

--edits K: K more builds after the first, each after another edit of the same document.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(repo: Path, config: Path, jobs: int | None) -> dict:
    cmd = [str(repo / ".venv/bin/python"), str(repo / "bench/run_build.py"), "--config", str(config)]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    t = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=repo)
    if done.returncode != 0:
        sys.exit(f"{config}: build failed: {done.stderr.strip().splitlines()[-1:]}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    return {"wall": round(time.perf_counter() - t, 1), "pages_s": round(out["stages"].get("pages", 0.0), 2),
            "store_s": round(out["stages"].get("store", 0.0), 2), "pages_rendered": out.get("pages_rendered"),
            "pages_incremental": out.get("pages_incremental"), "pages_reused": out.get("pages_reused"),
            "stages": {k: round(v, 2) for k, v in out["stages"].items()}}


def edit_one_kpi(corpus: Path, value: int) -> Path:
    """The first 地域再生計画's KPI target 20件 (or the value an earlier edit left) made `value`件."""
    doc = sorted((corpus / "sources").glob("*_regional-plan.txt"))[0]
    text = doc.read_text(encoding="utf-8")
    for old in (20, *range(21, value)):
        if f"10件\t{old}件" in text:
            text = text.replace(f"10件\t{old}件", f"10件\t{value}件").replace(f"10 件\t{old} 件", f"10 件\t{value} 件")
            doc.write_text(text, encoding="utf-8")
            return doc
    sys.exit(f"{doc}: no KPI target to edit")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--repo", type=Path, default=ROOT)
    ap.add_argument("--jobs", type=int)
    ap.add_argument("--edits", type=int, default=1)
    args = ap.parse_args()
    config = args.corpus.resolve() / "sosei.toml"
    print(json.dumps({"build": "first", **build(args.repo, config, args.jobs)}), flush=True)
    for k in range(args.edits):
        doc = edit_one_kpi(args.corpus, 30 + k)
        print(json.dumps({"build": f"edit {k + 1}", "edited": doc.name, **build(args.repo, config, args.jobs)}),
              flush=True)


if __name__ == "__main__":
    main()
