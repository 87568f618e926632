"""`sosei query` answers every query form: SELECT and ASK as a table, CSV or SPARQL 1.1 Query Results
JSON (types, datatypes, xml:lang), CONSTRUCT and DESCRIBE as Turtle with prefixes (or JSON-LD)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.query import Result

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
FY2024 = "https://w3id.org/sosei/id/fiscal-year/2024"


@pytest.fixture(scope="module")
def sosei_query(built):
    settings, _ = built

    def run(*args: str):
        return CliRunner().invoke(main, ["--config", str(ROOT / "pyproject.toml"), "query",
                                         "--store", str(settings.store_dir), *args])

    return run


def test_ask_prints_true_or_false(sosei_query):
    result = sosei_query("ASK { GRAPH ?g { ?s a <https://w3id.org/sosei/ns#Project> } }")
    assert result.exit_code == 0, result.output
    assert result.output.split() == ["ask", "----", "true"]
    result = sosei_query("--format", "json", "ASK { <urn:x:nothing> ?p ?o }")
    assert result.exit_code == 0 and json.loads(result.output) == {"head": {}, "boolean": False}


def test_json_follows_the_sparql_results_format(sosei_query):
    sparql = f"""SELECT ?year ?label ?start WHERE {{ <{FY2024}> <https://w3id.org/sosei/ns#year> ?year ;
        <http://www.w3.org/2000/01/rdf-schema#label> ?label ; <http://www.w3.org/ns/dcat#startDate> ?start }}
        ORDER BY ?label"""
    result = sosei_query("--format", "json", sparql)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["head"]["vars"] == ["year", "label", "start"]
    first = doc["results"]["bindings"][0]
    assert first["year"] == {"type": "literal", "value": "2024", "datatype": "http://www.w3.org/2001/XMLSchema#gYear"}
    assert {b["label"]["xml:lang"] for b in doc["results"]["bindings"]} == {"en", "ja"}
    # and a SPARQL results parser reads it back to the same terms
    parsed = Result.parse(io.BytesIO(result.output.encode("utf-8")), format="json")
    assert {row.label for row in parsed} == {Literal("FY2024", lang="en"), Literal("令和6年度", lang="ja")}


def test_construct_prints_turtle_with_prefixes(sosei_query, store):
    sparql = (f"PREFIX fy: <https://w3id.org/sosei/id/fiscal-year/>\n"
              f"CONSTRUCT {{ fy:2024 ?p ?o }} WHERE {{ GRAPH ?g {{ fy:2024 ?p ?o }} }}")
    result = sosei_query(sparql)
    assert result.exit_code == 0, result.output
    assert "@prefix fy: <https://w3id.org/sosei/id/fiscal-year/> ." in result.output  # the query's own
    assert "@prefix dcat: <http://www.w3.org/ns/dcat#> ." in result.output  # and sosei's
    assert "fy:2024 a " in result.output
    g = Graph().parse(data=result.output, format="turtle")
    expected = {(str(q.predicate), str(q.object)) for q in store.quads_for_pattern(None, None, None)
                if q.subject.value == FY2024}
    assert {(f"<{p}>", o.n3()) for _, p, o in g} == expected


def test_describe_prints_turtle(sosei_query):
    result = sosei_query(f"DESCRIBE <{FY2024}>")
    assert result.exit_code == 0, result.output
    g = Graph().parse(data=result.output, format="turtle")
    assert (URIRef(FY2024), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("令和6年度", lang="ja")) in g


def test_construct_as_json_is_json_ld_and_not_csv(sosei_query):
    sparql = f"CONSTRUCT {{ <{FY2024}> ?p ?o }} WHERE {{ <{FY2024}> ?p ?o }}"
    result = sosei_query("--format", "json", sparql)
    assert result.exit_code == 0, result.output
    assert len(Graph().parse(data=result.output, format="json-ld")) >= 5
    result = sosei_query("--format", "csv", sparql)
    assert result.exit_code == 2 and "Turtle" in result.output
