"""Every manifest mistake and every misuse of the CLI exits 2 with one line; an unexpected exception
exits 3 with one line ("internal error, please report"), its traceback only under --debug."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import invoke

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIRST = "012041_r6_sogo_senryaku_jigyo_ichiran.txt"


def one_error_line(result) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: "), result.output
    return lines[0]


def edit_manifest(project: Path, old: str, new: str, count: int = 1) -> None:
    manifest = project / "sources" / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    assert old in text
    manifest.write_text(text.replace(old, new, count), encoding="utf-8")


def first_entry(project: Path) -> str:
    text = (project / "sources" / "manifest.toml").read_text(encoding="utf-8")
    start = text.index("\n[[source]]\n") + 1
    return text[start:text.index("\n[[source]]\n", start)] + "\n"


def add_entry(project: Path, entry: str) -> None:
    manifest = project / "sources" / "manifest.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "\n" + entry, encoding="utf-8")


def _missing_field(p):
    edit_manifest(p, 'layout = "strategy-project-list"\n', "")


def _empty_field(p):
    edit_manifest(p, 'layout = "strategy-project-list"', 'layout = ""')


def _unknown_layout(p):
    edit_manifest(p, 'layout = "strategy-project-list"', 'layout = "no-such-layout"')


def _duplicate_id(p):
    entry = first_entry(p).replace(f'file = "{FIRST}"', 'file = "copy.txt"')
    (p / "sources" / "copy.txt").write_text("another document\n", encoding="utf-8")
    add_entry(p, entry)


def _same_content_twice(p):
    (p / "sources" / "copy.txt").write_bytes((p / "sources" / FIRST).read_bytes())
    add_entry(p, first_entry(p).replace(f'file = "{FIRST}"', 'file = "copy.txt"')
              .replace('id = "asahikawa-r6-sogo-senryaku-jigyo"', 'id = "asahikawa-copy"'))


def _outside(p):
    (p / "outside.txt").write_bytes((p / "sources" / FIRST).read_bytes())
    (p / "sources" / FIRST).unlink()
    edit_manifest(p, f'file = "{FIRST}"', 'file = "../outside.txt"')


def _directory(p):
    (p / "sources" / FIRST).unlink()
    (p / "sources" / FIRST).mkdir()


def _symlink(p):
    target = p / "elsewhere.txt"
    (p / "sources" / FIRST).rename(target)
    (p / "sources" / FIRST).symlink_to(target)


def _missing_file(p):
    (p / "sources" / FIRST).unlink()


def _wrong_type(p):
    edit_manifest(p, "fiscal_year = 2024", 'fiscal_year = "2024"')


def _unknown_field(p):
    edit_manifest(p, "fiscal_year = 2024", "fiscal_year = 2024\nfiscal_yaer = 2024")


def _bad_tolerate(p):
    edit_manifest(p, "fiscal_year = 2024", 'fiscal_year = 2024\ntolerate = ["Not A Code"]')


def _not_toml(p):
    edit_manifest(p, "\n[[source]]\n", "\n[[source]\n", 1)


def _source_not_a_table(p):
    (p / "sources" / "manifest.toml").write_text('source = "x"\n', encoding="utf-8")


def _no_prefecture(p):
    muni = p / "sources" / "municipalities.toml"
    muni.write_text(muni.read_text(encoding="utf-8").replace('prefecture = "北海道"\n', "", 1), encoding="utf-8")


def _municipality_twice(p):
    muni = p / "sources" / "municipalities.toml"
    muni.write_text(muni.read_text(encoding="utf-8")
                    + '\n[[municipality]]\ncode = "012041"\nname = "旭川市"\nprefecture = "北海道"\n', encoding="utf-8")


def _no_municipality_table(p):
    (p / "sources" / "municipalities.toml").unlink()


MISTAKES = {
    "missing-field": (_missing_field, "missing layout"),
    "empty-field": (_empty_field, "missing layout"),
    "unknown-layout": (_unknown_layout, "unknown layout 'no-such-layout'"),
    "duplicate-id": (_duplicate_id, "id 'asahikawa-r6-sogo-senryaku-jigyo' is used twice"),
    "same-content-twice": (_same_content_twice, f"has the same content (sha256) as '{FIRST}'"),
    "file-outside-sources": (_outside, "is outside the sources directory"),
    "directory": (_directory, "is a directory, not a document"),
    "symlink": (_symlink, "is a symbolic link"),
    "missing-file": (_missing_file, "not found beside the manifest"),
    "wrong-type": (_wrong_type, "fiscal_year must be an integer"),
    "unknown-field": (_unknown_field, "unknown field(s) fiscal_yaer"),
    "bad-tolerate": (_bad_tolerate, "tolerate lists issue codes"),
    "not-toml": (_not_toml, "manifest.toml"),
    "source-not-a-table": (_source_not_a_table, "source must be an array of tables"),
    "municipality-without-prefecture": (_no_prefecture, "missing prefecture"),
    "municipality-twice": (_municipality_twice, "code 012041 is listed twice"),
    "no-municipality-table": (_no_municipality_table, "no municipality table here"),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
@pytest.mark.parametrize("command", ["build", "validate"])
def test_manifest_mistake_exits_2_with_one_line(project, mistake, command):
    make, message = MISTAKES[mistake]
    make(project)
    result = invoke(project, command)
    assert result.exit_code == 2, result.output
    assert message in one_error_line(result)
    assert not (project / "output").exists()


@pytest.mark.parametrize("args", [["build"], ["validate"], ["query", "SELECT * { ?s ?p ?o }"], ["serve"],
                                  ["push", "--endpoint", "http://127.0.0.1:9/store"]])
def test_command_where_there_is_no_project_exits_2_with_one_line(tmp_path, args):
    """Run as a new user would, in an empty directory: no traceback, one line saying what is missing."""
    proc = subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main(prog_name='sosei')", *args], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 2, proc.stderr
    lines = [line for line in (proc.stdout + proc.stderr).splitlines() if line.strip()]
    assert len(lines) == 1, proc.stdout + proc.stderr
    assert re.search(r"no (municipality table|store|sources manifest) here|not found; run `sosei build`", lines[0])


def test_serve_on_a_busy_port_fails_before_any_banner(project):
    assert invoke(project, "build").exit_code == 0
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = invoke(project, "serve", "--port", str(port))
    assert result.exit_code == 2, result.output
    line = one_error_line(result)
    assert f"cannot listen on 127.0.0.1:{port}" in line
    assert "SPARQL endpoint" not in result.output


def _boom(*args, **kwargs):
    raise RuntimeError("something sosei did not expect\nover two lines")


def test_unexpected_exception_is_one_line_exit_3(project, monkeypatch):
    import pipeline.build as build  # the CLI imports run from it when a command needs it

    monkeypatch.setattr(build, "run", _boom)
    result = invoke(project, "build")
    assert result.exit_code == 3, result.output
    line = one_error_line(result)
    assert "internal error, please report: RuntimeError: something sosei did not expect over two lines" in line
    assert "--debug" in line


def test_debug_shows_the_traceback(project, monkeypatch):
    import pipeline.build as build
    from click.testing import CliRunner

    monkeypatch.setattr(build, "run", _boom)
    result = CliRunner().invoke(main, ["--debug", "--config", str(project / "sosei.toml"), "build"])
    assert isinstance(result.exception, RuntimeError)
    assert result.exit_code != 0


def test_help_documents_every_exit_code():
    from click.testing import CliRunner

    text = CliRunner().invoke(main, ["--help"]).output
    for code in ("0  ok", "1  invalid data", "2  bad input", "3  internal error"):
        assert code in text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in range(4):
        assert re.search(rf"^\|\s*{code}\s*\|", readme, re.M), f"exit code {code} not in the README's table"
