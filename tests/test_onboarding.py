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


def test_add_copies_the_file_and_writes_an_entry_the_build_refuses_until_filled(project, tmp_path):
    from cli_support import invoke

    new = tmp_path / "pippu_plan.txt"
    new.write_bytes((LAYOUTS["regional-plan"].fixtures / "dai-form" / "input.txt").read_bytes())
    result = invoke(project, "add", str(new), "--publisher", "014559")
    assert result.exit_code == 0, result.output
    assert (project / "sources" / "pippu_plan.txt").read_bytes() == new.read_bytes()
    manifest = (project / "sources" / "manifest.toml").read_text(encoding="utf-8")
    entry = manifest.split("[[source]]")[-1]
    assert 'layout = "regional-plan"' in entry and 'title = "比布町いちご農家の担い手づくり計画"' in entry
    assert 'id = "014559-pippu-plan"' in entry and "TODO:" in entry
    build = invoke(project, "build")
    assert build.exit_code == 2, build.output
    assert "fill in attribution, description, description_en, license, title_en" in build.output
    filled = manifest.replace('"TODO: the licence IRI, e.g. https://creativecommons.org/licenses/by/4.0/"',
                              '"https://creativecommons.org/licenses/by/4.0/"')
    filled = filled.replace('"TODO: ', '"filled: ')
    (project / "sources" / "manifest.toml").write_text(filled, encoding="utf-8")
    assert invoke(project, "build").exit_code == 0


@pytest.mark.parametrize("case, name", [
    ("dai-form", "比布町いちご農家の担い手づくり計画"),  # 第1 地域再生計画の名称
    ("dai-form-flat", "比布町いちご農家の担い手づくり計画"),  # the same, its line breaks lost
    ("kpi-wrapped-name", "上川町層雲峡温泉街にぎわい再生計画"),  # 1 地域再生計画の名称
])
def test_add_titles_a_plan_with_its_name_not_its_first_line(project, tmp_path, case, name):
    """A plan's first line is the word 地域再生計画; its title is the name section 1 prints."""
    from cli_support import invoke

    new = tmp_path / f"{case}.txt"
    new.write_bytes((LAYOUTS["regional-plan"].fixtures / case / "input.txt").read_bytes())
    result = invoke(project, "add", str(new), "--publisher", "014559")
    assert result.exit_code == 0, result.output
    entry = (project / "sources" / "manifest.toml").read_text(encoding="utf-8").split("[[source]]")[-1]
    assert f'title = "{name}"' in entry


def test_add_refuses_an_unknown_publisher_and_a_file_no_layout_fits(project, tmp_path):
    from cli_support import invoke

    memo = tmp_path / "memo.txt"
    memo.write_text("会議の議事録です。\n", encoding="utf-8")
    assert invoke(project, "add", str(memo), "--publisher", "999999").exit_code == 2
    result = invoke(project, "add", str(memo), "--publisher", "012041")
    assert result.exit_code == 2 and "no layout fits" in result.output
    assert not (project / "sources" / "memo.txt").exists()


def _cases():
    from golden_support import cases

    return cases()


@pytest.mark.parametrize("case", _cases(), ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_detect_ranks_each_golden_fixture_in_its_layout_first(case):
    from golden_support import layout_of

    from pipeline.detect import fits
    from pipeline.extract import read_document

    found = fits(read_document(next(case.glob("input.*"))), LAYOUTS)
    assert found and found[0].layout == layout_of(case), found
