"""The example queries are portable: after `sosei push` into a real Oxigraph server on loopback, each
gives exactly its expected answer (tests/golden/queries/, the embedded store's answer) whether the
server's default graph is empty (plain Oxigraph, as Fuseki by default) or the union of its named graphs
(`oxigraph serve --union-default-graph`, as Fuseki's unionDefaultGraph): nothing is counted twice.
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_endpoint import free_port, http, running

from pipeline.cli import format_table, main
from pipeline.endpoint import oxigraph_binary

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
GOLDEN = ROOT / "tests" / "golden" / "queries"


def remote_table(endpoint: str, sparql: str) -> str:
    """The table `sosei query` prints, from a SPARQL 1.1 Protocol answer in the JSON results format."""
    status, _, body = http(f"{endpoint}?{urllib.parse.urlencode({'query': sparql})}",
                           headers={"Accept": "application/sparql-results+json"})
    assert status == 200, body[:300]
    res = json.loads(body)
    variables = res["head"]["vars"]
    rows = [[b[v]["value"] if v in b else "" for v in variables] for b in res["results"]["bindings"]]
    return format_table(variables, rows) + "\n"


@pytest.fixture(scope="module", params=["plain", "union-default-graph"])
def pushed_server(request, built):
    """An in-memory Oxigraph server in one default-graph mode, with every published graph pushed to it."""
    settings, _ = built
    port = free_port()
    cmd = [oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{port}"]
    if request.param != "plain":
        cmd.append("--union-default-graph")
    base = f"http://127.0.0.1:{port}"
    with running(cmd, port):
        pushed = CliRunner().invoke(main, ["push", "--endpoint", f"{base}/store", "--output",
                                           str(settings.output_dir), "--timeout", "30"])
        assert pushed.exit_code == 0, pushed.output
        yield request.param, f"{base}/query"


def test_the_default_graph_modes_differ(pushed_server):
    """The two servers really are in different modes: plain has an empty default graph."""
    mode, endpoint = pushed_server
    status, _, body = http(f"{endpoint}?{urllib.parse.urlencode({'query': 'ASK { ?s ?p ?o }'})}",
                           headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and json.loads(body)["boolean"] is (mode != "plain")


@pytest.mark.parametrize("path", QUERIES, ids=[p.stem for p in QUERIES])
def test_query_gives_the_same_answer_after_push(pushed_server, path):
    _mode, endpoint = pushed_server
    expected = (GOLDEN / f"{path.stem}.txt").read_text(encoding="utf-8")
    assert remote_table(endpoint, path.read_text(encoding="utf-8")) == expected
