"""Bad 地域再生計画 input through the CLI: a clear error naming file and line, nothing published —
never a silent wrong value."""

from __future__ import annotations

from cli_support import invoke, snapshot

LIST_FILE = "012041_chiiki_saisei_keikaku_ichiran.txt"
PLAN_FILE = "012041_chiiki_saisei_keikaku_hatarakikata.txt"


def _edit(project, name: str, old: str, new: str, count: int = 1) -> None:
    path = project / "sources" / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_impossible_certification_date_exit_1_names_file_and_line(project):
    assert invoke(project, "build").exit_code == 0
    before = snapshot(project / "output")
    _edit(project, LIST_FILE, "令和3年3月30日", "令和2年2月30日")
    result = invoke(project, "build")
    assert result.exit_code == 1, result.output
    assert f"{LIST_FILE}:l32 [bad-date] 認定年月日: impossible date '令和2年2月30日'" in result.output
    assert snapshot(project / "output") == before


def test_unknown_era_exit_1_names_file_and_line(project):
    _edit(project, LIST_FILE, "平成31年3月29日", "平正31年3月29日")
    result = invoke(project, "build")
    assert result.exit_code == 1, result.output
    assert f"{LIST_FILE}:l63 [bad-date] 認定年月日: unknown era '平正'" in result.output


def test_kpi_value_that_does_not_parse_exit_1_names_file_and_line(project):
    _edit(project, PLAN_FILE, "10,087人\t10,243人", "10,087人\t1O,243人")  # a letter O in the ⑤ table
    result = invoke(project, "build")
    assert result.exit_code == 1, result.output
    assert f"{PLAN_FILE}:l127 [bad-kpi-value] KPI 'まちなか居住人口' at 2019-03-31: not a value with a unit" \
        in result.output


def test_kpi_printed_differently_exit_1_names_both_lines(project):
    _edit(project, PLAN_FILE, "テレワークオフィスを活用した企業件数\t3件\t10件\t20件",
          "テレワークオフィスを活用した企業件数\t3件\t10件\t25件")  # the 7-2 table disagrees
    result = invoke(project, "build")
    assert result.exit_code == 1, result.output
    assert f"{PLAN_FILE}:l188 [kpi-conflict]" in result.output and f"{PLAN_FILE}:l30" in result.output


def test_html_list_page_without_the_table_exit_2_one_line(project):
    page = project / "sources" / "list.html"
    page.write_text("<html><body><h1>地域再生計画</h1><p>ただいま準備中です。</p></body></html>", encoding="utf-8")
    _edit(project, "manifest.toml", f'file = "{LIST_FILE}"', 'file = "list.html"')
    result = invoke(project, "build")
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: list.html: not a regional-plan-list")
