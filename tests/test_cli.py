"""The CLI: one test per exit code, and bad input that must leave output/ as it was."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from cli_support import invoke, snapshot

ROOT = Path(__file__).resolve().parent.parent


def sources_in_manifest(project: Path) -> int:
    return len(tomllib.loads((project / "sources" / "manifest.toml").read_text(encoding="utf-8"))["source"])


def test_build_exit_0_then_query(project):
    result = invoke(project, "build")
    assert result.exit_code == 0, result.output
    assert f"published {sources_in_manifest(project)} dataset(s)" in result.output
    assert (project / "output" / "catalog.ttl").is_file()
    result = invoke(project, "query", str(ROOT / "queries" / "budget_per_goal.rq"))
    assert result.exit_code == 0, result.output
    assert "旭川市 | 1    | 若い世代の結婚・出産・子育ての希望をかなえる" in result.output
    assert "2763699000" in result.output


def _replace_source(project: Path, data: bytes) -> Path:
    target = project / "sources" / "012041_r6_sogo_senryaku_jigyo_ichiran.txt"
    target.write_bytes(data)
    return target


@pytest.mark.parametrize("data, message", [
    (b"", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "the file is binary"),
    ((ROOT.parent / "shared" / "seeds" / "003_37d9c3626d86f751.txt").read_bytes() + b"\n"  # not a copy of another source
     if (ROOT.parent / "shared" / "seeds").is_dir()
     else "区分\t目標年度\t大項目\t中項目\t小項目\t実施内容\n達成\t\tI人\t①子\t1事\t内容\n".encode(),
     "not a strategy-project-list"),
], ids=["empty", "binary", "other-layout"])
def test_bad_input_exit_2_one_line_naming_the_file_output_untouched(project, data, message):
    assert invoke(project, "build").exit_code == 0
    before = snapshot(project / "output")
    _replace_source(project, data)
    result = invoke(project, "build")
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: 012041_r6_sogo_senryaku_jigyo_ichiran.txt") and message in lines[0]
    assert snapshot(project / "output") == before


def test_invalid_data_exit_1_names_file_and_line_output_untouched(project):
    assert invoke(project, "build").exit_code == 0
    before = snapshot(project / "output")
    source = project / "sources" / "012041_r6_sogo_senryaku_jigyo_ichiran.txt"
    text = source.read_text(encoding="utf-8").replace("\t25,714\t", "\t25,7l4\t")
    source.write_text(text, encoding="utf-8")
    result = invoke(project, "build")
    assert result.exit_code == 1, result.output
    assert "012041_r6_sogo_senryaku_jigyo_ichiran.txt:p1:l10 [bad-amount]" in result.output
    assert "nothing published" in result.output
    assert snapshot(project / "output") == before


def test_validate_reports_without_publishing(project):
    result = invoke(project, "validate")
    assert result.exit_code == 0, result.output
    assert f"{sources_in_manifest(project)} source(s) valid" in result.output
    assert not (project / "output").exists()


def test_validate_rdf_file_exit_1_on_violation(project, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<https://x/p> a <https://w3id.org/sosei/ns#Project> .\n", encoding="utf-8")
    result = invoke(project, "validate", "--rdf", str(bad))
    assert result.exit_code == 1
    assert "[shacl:ProjectShape]" in result.output


@pytest.mark.parametrize("args, message", [
    (["query", "SELECT * WHERE {"], "SPARQL syntax error"),
    (["query", "missing.rq"], "no such query file"),
    (["build", "--base-iri", "not-an-iri"], "base_iri must be an absolute http(s) IRI"),
    (["frobnicate"], "No such command"),
])
def test_usage_errors_exit_2(project, args, message):
    if args[0] == "query":
        assert invoke(project, "build").exit_code == 0
    result = invoke(project, *args)
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_query_without_store_says_how_to_fix(project):
    result = invoke(project, "query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert result.exit_code == 2
    assert "run `sosei build` first" in result.output


def test_manifest_with_unknown_layout_exit_2(project):
    manifest = project / "sources" / "manifest.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        'layout = "strategy-project-list"', 'layout = "no-such-layout"'), encoding="utf-8")
    result = invoke(project, "build")
    assert result.exit_code == 2
    assert "unknown layout 'no-such-layout'" in result.output


def test_shape_violation_blocks_publication_with_file_and_line(project, monkeypatch):
    """A build whose data violates a shape publishes nothing and prints each violation's location."""
    from rdflib import Graph

    import pipeline.documents as documents
    from pipeline.validate import load_shapes, validate_graph

    stricter = Graph()
    for t in load_shapes():
        stricter.add(t)
    stricter.parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:test:EnglishLabel> a sh:NodeShape ; sh:targetClass <https://w3id.org/sosei/ns#Goal> ;
          sh:property [ sh:path <http://www.w3.org/2000/01/rdf-schema#label> ; sh:languageIn ("en") ] .
    """, format="turtle")
    monkeypatch.setattr(documents, "validate_graph", lambda g, f, sha: validate_graph(g, f, sha, shapes=stricter))
    result = invoke(project, "build")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    per_file = {name: [e for e in errors if e.startswith(f"error: {name}:")]
                for name in ("012041_r6_sogo_senryaku_jigyo_ichiran.txt", "102113_r5_annaka_saikido_project_ichiran.txt")}
    assert len(per_file["012041_r6_sogo_senryaku_jigyo_ichiran.txt"]) == 4  # one per 基本目標, each at its line
    assert len(per_file["102113_r5_annaka_saikido_project_ichiran.txt"]) == 7  # one per 大項目 (I … VII)
    assert all("[shacl:" in e for e in errors)
    assert "012041_r6_sogo_senryaku_jigyo_ichiran.txt:p1:l8 [shacl:" in errors[0]
    assert not (project / "output").exists()
