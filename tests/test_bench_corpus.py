"""The synthetic national corpus of bench/corpus.py (read by bench/national.py): the same N gives the same
files byte for byte, and its documents build with no error, a municipality whose name two prefectures
share (府中市) and one whose name starts with a counter (名張市: "15名" after an amount) included."""

from __future__ import annotations

import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from corpus import LAYOUTS, choose, generate  # noqa: E402

from pipeline.build import run  # noqa: E402
from pipeline.documents import document_graph  # noqa: E402
from pipeline.config import load_settings  # noqa: E402
from pipeline.layouts import LAYOUTS as ALL_LAYOUTS  # noqa: E402
from pipeline.municipalities import load_municipalities  # noqa: E402
from pipeline.records import Severity  # noqa: E402
from pipeline.sources import load_manifest  # noqa: E402

BASE = "https://w3id.org/sosei/id/"


def _files(d: Path) -> dict[str, bytes]:
    return {str(f.relative_to(d)): f.read_bytes() for f in sorted(d.rglob("*")) if f.is_file()}


def test_same_n_gives_byte_identical_corpus(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    ids = generate(a, 7)
    generate(b, 7)
    assert _files(a) == _files(b)
    assert len(ids) == 7 * len(LAYOUTS) + 1 and len(set(ids)) == len(ids)
    table = load_municipalities(ROOT / "sources" / "municipalities.toml")
    assert len(choose(table, 5000)) == 1741  # every 市区町村 in force
    spread = choose(table, 7)
    assert len({m.prefecture for m in spread}) == 7  # an even spread over the country, not its first codes


def test_documents_build_without_errors(tmp_path):
    generate(tmp_path, 0, codes=["132063"])  # 府中市 (東京都): 広島県 has one too
    settings, root = load_settings(tmp_path / "sosei.toml")
    result = run(settings.resolve(root), publish=False)
    assert [str(i) for i in result.report.errors] == []
    assert len(result.datasets) == len(LAYOUTS) + 1


def test_name_led_by_a_counter_parses(tmp_path):
    generate(tmp_path, 0, codes=["242080"])  # 名張市
    table = load_municipalities(tmp_path / "sources" / "municipalities.toml")
    manifest = tmp_path / "sources" / "manifest.toml"
    for spec in load_manifest(manifest, set(ALL_LAYOUTS), table):
        if spec.layout in ("evaluation-sheet", "regional-plan-list", "regional-plan"):
            _graph, _doc, issues = document_graph(spec.path(manifest), spec, table, BASE, validate=False)
            assert [str(i) for i in issues if i.severity is Severity.ERROR] == []


def test_every_municipality_name_splits_as_an_author():
    from pipeline.layouts.regional_plan.common import split_authors

    table = load_municipalities(ROOT / "sources" / "municipalities.toml")
    wrong = []
    for m in choose(table, 5000):
        try:
            (author,) = split_authors(m.name)
            ok = table.resolve(author.name, author.prefecture or m.prefecture).code == m.code
        except Exception:  # noqa: BLE001 - any failure is a name that does not split
            ok = False
        if not ok:
            wrong.append(m.name)
    assert wrong == []
