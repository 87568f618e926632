"""Helpers of the tests that run the `sosei` command on a copy of the bundled sources (the `project`
fixture in conftest.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent


def make_project(directory: Path) -> Path:
    """A copy of the bundled sources with its own settings file, output/ and store."""
    shutil.copytree(ROOT / "sources", directory / "sources")
    (directory / "sosei.toml").write_text(
        f'manifest = "{directory}/sources/manifest.toml"\noutput_dir = "{directory}/output"\n'
        f'store_dir = "{directory}/store"\n', encoding="utf-8")
    return directory


def invoke(project: Path, *args: str):
    return CliRunner().invoke(main, ["--config", str(project / "sosei.toml"), *args])


def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}
