"""Completeness: every layout declares the parts a whole document has (layout.toml [completeness]); a
document that ends before them is refused through `sosei build` — exit 1, one line naming the file and
the last line read, nothing published, output/ as it was.

Each rule has a cut-off fixture (a golden case named cut-off-*): a project is built from the complete
golden case of the same layout, then that source is replaced by the cut-off one and built again.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_support import invoke, snapshot
from golden_support import ROOT, cases, layout_of, spec_for

CUT_OFF = [c for c in cases() if c.name.startswith("cut-off")]


def _entry(case: Path, file: str) -> str:
    spec = spec_for(case)
    fields = {k: v for k, v in spec.__dict__.items() if v not in (None, ()) and not k.startswith("license_")}
    fields["id"], fields["file"] = "document", file
    return "[[source]]\n" + "".join(f"{k} = {v!r}\n" if isinstance(v, int) else f'{k} = "{v}"\n'
                                    for k, v in fields.items())


def _complete_case(layout: str) -> Path:
    """A golden case of `layout` that builds (no error expected): the one the build starts from."""
    for case in cases():
        issues = (case / "expected-issues.txt").read_text(encoding="utf-8")
        if layout_of(case) == layout and not case.name.startswith("cut-off") and "error:" not in issues:
            return case
    raise AssertionError(f"no complete golden case of {layout}")


def _project(tmp_path: Path, case: Path) -> Path:
    sources = tmp_path / "sources"
    sources.mkdir()
    for table in (ROOT / "sources").glob("municipalities*"):  # the table and the code-table files it names
        shutil.copy(table, sources)
    (tmp_path / "sosei.toml").write_text(
        f'manifest = "{sources}/manifest.toml"\noutput_dir = "{tmp_path}/output"\nstore_dir = "{tmp_path}/store"\n',
        encoding="utf-8")
    return tmp_path


def _use(project: Path, case: Path) -> str:
    inp = next(iter(sorted(case.glob("input.*"))))
    file = f"document{inp.suffix}"
    shutil.copy(inp, project / "sources" / file)
    (project / "sources" / "manifest.toml").write_text(_entry(case, file), encoding="utf-8")
    return file


@pytest.mark.parametrize("case", CUT_OFF, ids=lambda c: f"{layout_of(c)}/{c.name}")
def test_cut_off_document_exit_1_names_file_and_end_output_untouched(tmp_path, case):
    project = _project(tmp_path, case)
    _use(project, _complete_case(layout_of(case)))
    result = invoke(project, "build")
    assert result.exit_code == 0, result.output
    before = snapshot(project / "output")

    file = _use(project, case)
    result = invoke(project, "build")
    assert result.exit_code == 1, result.output
    expected = next(line for line in (case / "expected-issues.txt").read_text(encoding="utf-8").splitlines()
                    if "[incomplete-document]" in line)
    where = expected.split(" [", 1)[0].removeprefix("error: ").replace("input.txt", file, 1)
    assert f"{where} [incomplete-document]" in result.output
    assert "nothing published" in result.output
    assert snapshot(project / "output") == before


def test_every_layout_with_completeness_rules_has_a_cut_off_fixture():
    from pipeline.layouts import LAYOUTS

    ruled = {name for name, lay in LAYOUTS.items() if lay.data.get("completeness")}
    assert ruled <= {layout_of(c) for c in CUT_OFF}
