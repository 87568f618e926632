"""Crash-safe publishing, tested black-box (a `sosei build` subprocess, then output/ and the store as a
user finds them), so it holds for any implementation of the build.

A build killed with SIGKILL at random moments — while it reads, while it writes output/ and the store,
while it swaps them in — leaves output/ and the store whole and usable: byte for byte the previous
output/ or the new one, never a mixture, a missing directory or a half-written file; a store that opens
and answers queries. A build on a full disk fails with one line and exit 2, leaving both as they were.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from cli_support import make_project, snapshot

SOURCE = "012041_r6_sogo_senryaku_jigyo_ichiran.txt"
KILLS = 8
SEED = 13


def sosei(project: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "from pipeline.cli import main; main(prog_name='sosei')",
                             "--config", str(project / "sosei.toml"), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})


def build(project: Path) -> subprocess.CompletedProcess:
    proc = sosei(project, "build")
    out, err = proc.communicate(timeout=600)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def change_a_figure(project: Path) -> None:
    """An edit that changes the published bytes and still builds (a budget figure)."""
    source = project / "sources" / SOURCE
    text = source.read_text(encoding="utf-8")
    assert "\t25,714\t" in text
    source.write_text(text.replace("\t25,714\t", "\t25,715\t", 1), encoding="utf-8")


def store_state(store_dir: Path) -> int:
    """The store opens read-only and answers a query; its quad count."""
    store = ox.Store.read_only(str(store_dir))
    rows = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/sosei/ns#Project> }"))
    assert int(rows[0]["n"].value) > 0
    return len(store)


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """output/ and store quad counts of the bundled sources and of the edited ones, each built whole."""
    out = {}
    for name, edit in (("old", None), ("new", change_a_figure)):
        project = make_project(tmp_path_factory.mktemp(name))
        if edit:
            edit(project)
        started = time.monotonic()
        result = build(project)
        assert result.returncode == 0, result.stderr
        out[name] = (snapshot(project / "output"), store_state(project / "store"), time.monotonic() - started)
    assert out["old"][0] != out["new"][0]
    return out


def test_a_build_killed_at_random_moments_keeps_output_and_store_whole(tmp_path, editions):
    (old, old_quads, duration), (new, new_quads, _) = editions["old"], editions["new"]
    project = make_project(tmp_path)
    assert build(project).returncode == 0
    change_a_figure(project)
    rng = random.Random(SEED)
    # half the kills anywhere in the build, half in its last part (writing output/, the store, the swaps)
    moments = [rng.uniform(0.05, 1.0) * duration for _ in range(KILLS // 2)]
    moments += [rng.uniform(0.6, 1.1) * duration for _ in range(KILLS - KILLS // 2)]
    seen = []
    for moment in moments:
        proc = sosei(project, "build")
        time.sleep(moment)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        published = snapshot(project / "output")
        assert published in (old, new), f"output/ is neither edition after a kill at {moment:.2f}s"
        assert store_state(project / "store") in (old_quads, new_quads)
        seen.append("new" if published == new else "old")
    # whatever the kills left, the next build completes and publishes the new edition
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert snapshot(project / "output") == new
    assert store_state(project / "store") == new_quads
    assert not list(tmp_path.glob("output.tmp-*")) and not list(tmp_path.glob("store.tmp-*"))
    assert "old" in seen, seen  # some kills did land before the swap


def test_a_full_disk_fails_with_one_line_and_keeps_the_previous_output(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=384m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        project = make_project(tmp_path / "project")
        settings = project / "sosei.toml"
        settings.write_text(settings.read_text(encoding="utf-8")
                            .replace(f'"{project}/output"', f'"{disk}/output"')
                            .replace(f'"{project}/store"', f'"{disk}/store"'), encoding="utf-8")
        assert build(project).returncode == 0
        before, quads = snapshot(disk / "output"), store_state(disk / "store")
        change_a_figure(project)
        free = os.statvfs(disk)
        with open(disk / "filler", "wb") as f:  # leave 1 MiB: far less than a new output/ needs
            f.write(b"\0" * (free.f_bavail * free.f_frsize - 1024 * 1024))
        result = build(project)
        assert result.returncode == 2, result.stdout + result.stderr
        lines = [ln for ln in result.stderr.splitlines() if ln.strip() and not ln.startswith("warning:")
                 and "error(s)" not in ln]
        assert len(lines) == 1 and "No space left on device" in lines[0], result.stderr
        assert "Traceback" not in result.stderr
        assert snapshot(disk / "output") == before
        assert store_state(disk / "store") == quads
        assert not list(disk.glob("output.tmp-*"))
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)
