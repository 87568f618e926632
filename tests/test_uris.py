"""The URI policy: IRIs come from codes, fiscal years and normalized names, never from row order."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import ConfigError, Settings, load_settings
from pipeline.extract import text_document
from pipeline.layouts import LAYOUTS
from pipeline.mapping import Context, map_document
from pipeline.normalize import iri_segment
from pipeline.sources import SourceSpec, load_manifest, load_municipalities
from pipeline.uris import Minter

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "sources" / "manifest.toml"


def _graph(spec: SourceSpec, data: bytes):
    municipalities = load_municipalities(ROOT / "sources" / "municipalities.toml")
    doc = text_document(data, spec.file)
    layout = LAYOUTS[spec.layout]
    parsed, issues = layout.parse(doc, spec)
    g, _ = map_document(Context(Minter("https://w3id.org/sosei/id/"), spec, municipalities[spec.publisher],
                                doc.sha256), layout.map, parsed, issues)
    return g


def _strategy_spec() -> SourceSpec:
    municipalities = load_municipalities(ROOT / "sources" / "municipalities.toml")
    return next(s for s in load_manifest(MANIFEST, set(LAYOUTS), municipalities)
                if s.layout == "strategy-project-list")


def _subjects(g) -> set[str]:
    return {str(s) for s in g.subjects() if "/source/" not in str(s)}


def test_reordered_rows_give_the_same_iris_and_amounts():
    spec = _strategy_spec()
    data = spec.path(MANIFEST).read_bytes()
    lines = data.decode("utf-8").split("\n")
    rows = lines[9:24]  # the 15 rows of 基本目標1 ア on page 1
    assert all(r.startswith("\t") and r.split("\t")[1].isdigit() for r in rows)
    shuffled = "\n".join(lines[:9] + rows[::-1] + lines[24:]).encode("utf-8")
    original, reordered = _graph(spec, data), _graph(spec, shuffled)
    assert _subjects(original) == _subjects(reordered)
    amount = "https://w3id.org/sosei/ns#amount"
    assert {(str(s), str(o)) for s, p, o in original if str(p) == amount} == \
           {(str(s), str(o)) for s, p, o in reordered if str(p) == amount}


@pytest.mark.parametrize("printed, segment", [
    ("(新)子育て世帯訪問支援事業", "(新)子育て世帯訪問支援事業"),  # the marker is removed by the parser, not here
    ("観光スポーツ 交流部", "観光スポーツ交流部"),
    ("ＩＣＴパーク運営事業", "ICTパーク運営事業"),
    ("A/B #1?", "A-B-1"),
])
def test_iri_segments_are_normalized_names(printed, segment):
    assert iri_segment(printed) == segment


def test_settings_fail_at_load_time(tmp_path):
    bad = tmp_path / "s.toml"
    bad.write_text('base_iri = "https://x.example/no-slash"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="base_iri"):
        load_settings(bad)
    bad.write_text('colour = "blue"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting"):
        load_settings(bad)
    with pytest.raises(ConfigError, match="download_base_url"):
        Settings(download_base_url="ftp://x/")
