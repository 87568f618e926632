"""The README is checked: every setting is documented, the CLI reference is the real --help text
(regenerate with `pytest tests/test_docs.py --update-golden`), and the query shown is the real output.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import format_table, main
from pipeline.config import SETTING_NAMES
from pipeline.store import query, term_text

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"


def cli_reference() -> str:
    runner = CliRunner()
    parts = []
    commands = [[]] + [[name] for name in sorted(main.commands)]
    for cmd in commands:
        result = runner.invoke(main, [*cmd, "--help"], terminal_width=100, prog_name="sosei")
        assert result.exit_code == 0
        title = " ".join(["sosei", *cmd])
        parts.append(f"### `{title}`\n\n```text\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


def test_every_setting_is_documented():
    text = README.read_text(encoding="utf-8")
    section = text.split("## Settings", 1)[1].split("\n## ", 1)[0]
    for name in SETTING_NAMES:
        assert f"`{name}`" in section, f"setting {name} is not documented in README ## Settings"


def test_readme_starts_with_the_two_commands():
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|bash)?\n(.*?)```", text, flags=re.S)
    first = blocks[0].strip().splitlines()
    assert len(first) == 2
    assert "sosei build" in first[0] and "sosei query" in first[0]
    assert first[1].endswith("pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert first[1] in ci, ".ci/run must run the README's test command"


def test_cli_reference_is_current(update_golden):
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _old, tail = rest.split(END, 1)
    new = f"{head}{START}\n{cli_reference()}{END}{tail}"
    if update_golden:
        README.write_text(new, encoding="utf-8")
        return
    assert new == text, "README CLI reference is stale: pytest tests/test_docs.py --update-golden"


def test_readme_query_output_is_real(store):
    text = README.read_text(encoding="utf-8")
    shown = text.split("<!-- query-output:start -->", 1)[1].split("<!-- query-output:end -->", 1)[0]
    table = re.search(r"```text\n(.*?)```", shown, flags=re.S).group(1).rstrip("\n")
    variables, rows = query(store, (ROOT / "queries" / "budget_per_goal.rq").read_text(encoding="utf-8"))
    assert table == format_table(variables, [[term_text(t) for t in r] for r in rows])


def test_every_catalog_field_is_documented():
    from pipeline.catalog import CatalogMeta

    section = README.read_text(encoding="utf-8").split("## Settings", 1)[1].split("\n## ", 1)[0]
    for name in CatalogMeta.__dataclass_fields__:
        assert f"`{name}`" in section, f"[catalog] field {name} is not documented in README ## Settings"
