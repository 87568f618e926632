"""The onboarding commands: `sosei layouts` lists every layout, `sosei detect` names the layouts a
document fits with a score and the markers found."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.layouts import LAYOUTS

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"


def test_layouts_lists_each_layout_with_its_description():
    result = CliRunner().invoke(main, ["layouts"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == len(LAYOUTS)
    for name, lay in LAYOUTS.items():
        assert any(line.startswith(name + " ") and line.endswith(lay.description) for line in lines)


def test_every_layout_declares_detect_markers():
    for name, lay in LAYOUTS.items():
        assert lay.data.get("detect", {}).get("markers"), f"{name}: no [detect] markers in layout.toml"


@pytest.mark.parametrize("file, layout", [
    ("012041_r6_sogo_senryaku_jigyo_ichiran.txt", "strategy-project-list"),
    ("102113_r5_annaka_saikido_project_ichiran.txt", "progress-list"),
    ("012360_r5_sogo_keikaku_shisaku_hyoka.txt", "evaluation-sheet"),
    ("012041_chiiki_saisei_keikaku_ichiran.txt", "regional-plan-list"),
    ("012041_chiiki_saisei_keikaku_hatarakikata.txt", "regional-plan"),
])
def test_detect_names_the_bundled_documents_layout_first(file, layout):
    result = CliRunner().invoke(main, ["detect", str(SOURCES / file)])
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0].split("\t")
    assert first[0] == layout and 0.5 <= float(first[1]) <= 1 and first[2]


def test_detect_reads_a_flattened_plan():
    flat = LAYOUTS["regional-plan"].fixtures / "dai-form-flat" / "input.txt"
    result = CliRunner().invoke(main, ["detect", str(flat)])
    assert result.output.splitlines()[0].startswith("regional-plan\t")


def test_detect_finds_nothing_exit_1(tmp_path):
    other = tmp_path / "memo.txt"
    other.write_text("会議の議事録です。\n出席者は5名。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["detect", str(other)])
    assert result.exit_code == 1
    assert "memo.txt: no layout fits" in result.output
