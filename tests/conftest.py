"""Shared fixtures: the project paths, a build of the bundled sources into a temporary directory
(once per session), its store, and the --update-golden switch for golden-file tests.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pipeline.build import run
from pipeline.config import load_settings
from pipeline.store import open_store, query

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite expected files of golden tests")


@pytest.fixture
def project(tmp_path):
    """A copy of the bundled sources with its own settings file, output/ and store (see cli_support)."""
    from cli_support import make_project

    return make_project(tmp_path)


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture(scope="session")
def settings():
    s, root = load_settings(ROOT / "pyproject.toml")
    return s.resolve(root)


@pytest.fixture(scope="session")
def built(settings, tmp_path_factory):
    """The bundled sources built into a temporary output/ and store (the committed output/ untouched)."""
    tmp = tmp_path_factory.mktemp("build")
    s = dataclasses.replace(settings, output_dir=tmp / "output", store_dir=tmp / "store")
    result = run(s)
    assert not result.report.errors, [str(i) for i in result.report.errors]
    return s, result


@pytest.fixture(scope="session")
def store(built):
    s, _ = built
    return open_store(s.store_dir)


PREFIXES = """
PREFIX sosei: <https://w3id.org/sosei/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dqv: <http://www.w3.org/ns/dqv#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX phase: <https://w3id.org/sosei/vocab/budget-phase/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


@pytest.fixture(scope="session")
def sparql(store):
    """Run a SELECT over the built store; rows as tuples of Python values (str/int/bool)."""

    def run_query(text: str) -> list[tuple]:
        variables, rows = query(store, PREFIXES + text)
        return [tuple(_value(t) for t in row) for row in rows]

    return run_query


def _value(term):
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        if dt.endswith("#integer") or dt.endswith("#nonNegativeInteger"):
            return int(term.value)
        if dt.endswith("#boolean"):
            return term.value == "true"
        return term.value
    return term.value
