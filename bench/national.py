"""The whole country: a synthetic national corpus (bench/corpus.py: N municipalities × each
per-municipality layout, plus the national list of 地域再生計画 covering them) built, validated, published
and loaded by `sosei build` as a subprocess, measured from outside.

    .venv/bin/python bench/national.py --municipalities N [--jobs J] [--keep DIR] [--naive | --no-naive]
                                       [--json FILE]

Prints the corpus generation time; for the full build: wall, CPU % (user+sys of the build's process tree
over wall: 200 % is both cores busy), peak RSS (summed over the process tree, sampled every 0.2 s; PSS
beside it, which counts the pages forked workers share once), documents, triples, triples/s overall and
per stage (the build's own stage timings, where it records them); then the wall of a rebuild with one
changed document and of a rebuild with nothing changed (the cached build). With --naive (the default
for N ≤ 100) it also runs the naive design on the same corpus (bench/naive_build.py: one rdflib Graph,
rdflib serializers, one pyshacl run, pyoxigraph) and prints its wall and the ratio naive / sosei.

Figures to compare runs on one machine, not a test: nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import generate  # noqa: E402

PYTHON = str(Path(sys.executable))
PAGE = os.sysconf("SC_PAGE_SIZE")
SAME_WORK = ("series", "documents", "dumps", "all.nq", "store")  # the naive design's steps, in sosei
MIB = 1024 * 1024


def children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def tree(pid: int) -> list[int]:
    kids, out, todo = children_map(), [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, ()))
    return out


def memory(pids: list[int]) -> tuple[int, int]:
    """RSS and PSS (bytes) summed over pids."""
    rss = pss = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/statm") as f:
                rss += int(f.read().split()[1]) * PAGE
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
                        break
        except (OSError, ValueError, IndexError):
            continue
    return rss, pss


@dataclass
class Run:
    wall: float
    cpu: float  # user + sys seconds of the process tree
    peak_rss: int
    peak_pss: int
    returncode: int
    out: dict = field(default_factory=dict)
    stderr: str = ""

    @property
    def cpu_percent(self) -> float:
        return 100 * self.cpu / self.wall if self.wall else 0.0


def measure(cmd: list[str], cwd: Path) -> Run:
    """Run cmd, sampling its process tree's memory every 0.2 s; its JSON last line of stdout is `out`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err)
        peak = [0, 0]
        done = threading.Event()

        def sample():
            while not done.is_set():
                rss, pss = memory(tree(proc.pid))
                peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
                done.wait(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = proc.wait()
        wall = time.perf_counter() - t
        done.set()
        sampler.join()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        out.seek(0)
        err.seek(0)
        lines = out.read().decode("utf-8", "replace").strip().splitlines()
        stderr = err.read().decode("utf-8", "replace")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    try:
        data = json.loads(lines[-1]) if lines else {}
    except json.JSONDecodeError:
        data = {}
    return Run(wall, cpu, peak[0], peak[1], code, data, stderr)


def build_cmd(config: Path, jobs: int | None, no_cache: bool) -> list[str]:
    cmd = [PYTHON, str(ROOT / "bench" / "run_build.py"), "--config", str(config)]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    if no_cache:
        cmd.append("--no-cache")
    return cmd


def change_one(project: Path) -> tuple[Path, bytes]:
    """Edit one document (a 事業内容 cell of the middle strategy list gains a sentence): its path and
    its original bytes."""
    lists = sorted((project / "sources").glob("*_strategy-project-list.txt"))
    path = lists[len(lists) // 2]
    data = path.read_bytes()
    lines = data.decode("utf-8").split("\n")
    for i, line in enumerate(lines):
        cells = line.split("\t")
        if len(cells) >= 7 and cells[3] and cells[6]:
            cells[6] += " 令和6年度は事業の見直しを行う。"
            lines[i] = "\t".join(cells)
            break
    path.write_bytes("\n".join(lines).encode("utf-8"))
    return path, data


def fail(what: str, run: Run) -> None:
    print(f"{what} failed (exit {run.returncode}):\n{run.stderr[-4000:]}", file=sys.stderr)
    sys.exit(1)


def mib(n: int) -> str:
    return f"{n / MIB:,.0f} MiB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--municipalities", "-n", type=int, default=100)
    ap.add_argument("--jobs", type=int, help="worker processes, passed to the build where it takes them")
    ap.add_argument("--keep", type=Path, help="generate (and keep) the corpus in DIR instead of a temporary one")
    ap.add_argument("--naive", action=argparse.BooleanOptionalAction, default=None,
                    help="also run the naive design (default: on when N ≤ 100)")
    ap.add_argument("--rebuilds", action=argparse.BooleanOptionalAction, default=True,
                    help="time a rebuild with one changed document and a cached rebuild")
    ap.add_argument("--json", type=Path, help="also write the figures to FILE as JSON")
    args = ap.parse_args()
    naive = args.naive if args.naive is not None else args.municipalities <= 100
    figures: dict = {"municipalities": args.municipalities, "jobs": args.jobs, "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="sosei-national-") as tmp:
        project = args.keep.resolve() if args.keep else Path(tmp)
        project.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        ids = generate(project, args.municipalities)
        figures["generate_seconds"] = gen = time.perf_counter() - t
        size = sum(f.stat().st_size for f in (project / "sources").iterdir())
        print(f"corpus: {args.municipalities} municipalities, {len(ids)} documents, {size / MIB:,.1f} MiB of "
              f"sources, generated in {gen:.1f} s ({project})", flush=True)
        config = project / "sosei.toml"

        full = measure(build_cmd(config, args.jobs, no_cache=True), project)
        if full.returncode != 0 or not full.out.get("published"):
            fail("full build", full)
        o = full.out
        triples = o["triples"]
        figures["full"] = {"wall": full.wall, "cpu_seconds": full.cpu, "cpu_percent": full.cpu_percent,
                           "peak_rss": full.peak_rss, "peak_pss": full.peak_pss, **o}
        print(f"sosei build (full, --no-cache{f', --jobs {args.jobs}' if args.jobs else ''}; "
              f"passed to run(): {', '.join(o.get('passed', [])) or 'nothing'}):")
        print(f"  wall {full.wall:,.1f} s, CPU {full.cpu:,.1f} s = {full.cpu_percent:.0f} % "
              f"(of {os.cpu_count() * 100} %), peak RSS {mib(full.peak_rss)} (PSS {mib(full.peak_pss)})")
        print(f"  documents {o['documents']:,}, triples {triples:,}, quads in store {o['quads_in_store']:,}, "
              f"errors {o['errors']}, warnings {o['warnings']:,}")
        print(f"  triples/s overall {triples / full.wall:,.0f} (wall, process start included)")
        stages = o.get("stages") or {}
        if stages:
            for name, seconds in stages.items():
                rate = f"{triples / seconds:,.0f} triples/s" if seconds > 0 else "-"
                print(f"    {name:<16} {seconds:9.1f} s  {rate}")
        else:
            print("    (no stage timings: this build does not record BuildResult.stages)")
        print(flush=True)

        if args.rebuilds:
            cached = measure(build_cmd(config, args.jobs, no_cache=False), project)
            if cached.returncode != 0 or not cached.out.get("published"):
                fail("cached rebuild", cached)
            path, original = change_one(project)
            changed = measure(build_cmd(config, args.jobs, no_cache=False), project)
            path.write_bytes(original)  # the corpus as generated again (its cache entry is stale now)
            if changed.returncode != 0 or not changed.out.get("published"):
                fail("rebuild with one changed document", changed)
            figures["one_changed"] = {"wall": changed.wall, "cpu_seconds": changed.cpu,
                                      "peak_rss": changed.peak_rss, "document": path.name}
            figures["cached"] = {"wall": cached.wall, "cpu_seconds": cached.cpu, "peak_rss": cached.peak_rss}
            print(f"one changed document ({path.name}) rebuilt: wall {changed.wall:,.1f} s, "
                  f"CPU {changed.cpu_percent:.0f} %, peak RSS {mib(changed.peak_rss)}")
            print(f"cached rebuild (nothing changed): wall {cached.wall:,.1f} s, CPU {cached.cpu_percent:.0f} %, "
                  f"peak RSS {mib(cached.peak_rss)}", flush=True)
            print(flush=True)

        if naive:
            run = measure([PYTHON, str(ROOT / "bench" / "naive_build.py"), "--config", str(config),
                           "--out", str(project / "naive")], project)
            if run.returncode != 0:
                fail("naive design", run)
            n = run.out
            figures["naive"] = {"wall": run.wall, "cpu_seconds": run.cpu, "cpu_percent": run.cpu_percent,
                                "peak_rss": run.peak_rss, **n, "ratio": run.wall / full.wall}
            print("naive design (one rdflib Graph, rdflib Turtle/N-Triples/JSON-LD, one pyshacl run, pyoxigraph):")
            print(f"  wall {run.wall:,.1f} s, CPU {run.cpu_percent:.0f} %, peak RSS {mib(run.peak_rss)}, "
                  f"triples {n['triples']:,}, SHACL results {n['shacl_results']}")
            print("  " + ", ".join(f"{k} {v:,.1f} s" for k, v in n["steps"].items()))
            print(f"  naive / sosei (wall): {run.wall / full.wall:.1f}×", flush=True)
            both = sum(stages.get(name, 0.0) for name in SAME_WORK)
            if both > 0:  # what the naive design does too; sosei's pages, VoID, tables, catalog left out
                figures["naive"]["ratio_same_work"] = run.wall / both
                print(f"  naive / sosei on the work both do (sosei's {', '.join(SAME_WORK)} stages, "
                      f"{both:,.1f} s): {run.wall / both:.1f}×", flush=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
