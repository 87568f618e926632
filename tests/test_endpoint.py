"""`sosei serve` and `sosei push` against real Oxigraph server processes on loopback ports (127.0.0.1
only), with bounded waits; every server a test starts, it stops.
"""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.endpoint import oxigraph_binary
from pipeline.store import query as local_query
from pipeline.store import term_text
from pipeline.uris import Minter

ROOT = Path(__file__).resolve().parent.parent
HTTP_TIMEOUT = 10
START_TIMEOUT = 20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=HTTP_TIMEOUT) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def wait_until_up(proc: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited with {proc.returncode}: {proc.stderr.read().decode()[-500:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.1)
    raise AssertionError(f"server not listening on 127.0.0.1:{port} after {START_TIMEOUT}s")


@contextlib.contextmanager
def running(cmd: list[str], port: int):
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        wait_until_up(proc, port)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def select(endpoint: str, sparql: str, **params) -> list[dict]:
    """SPARQL 1.1 Protocol query via GET; rows as {variable: value}."""
    url = f"{endpoint}?{urllib.parse.urlencode({'query': sparql, **params})}"
    status, ctype, body = http(url, headers={"Accept": "application/sparql-results+json"})
    assert status == 200, body[:300]
    assert ctype.startswith("application/sparql-results+json")
    res = json.loads(body)
    return [{k: v["value"] for k, v in b.items()} for b in res["results"]["bindings"]]


def local_rows(store, sparql: str) -> list[dict]:
    variables, rows = local_query(store, sparql)
    return [{v: term_text(t) for v, t in zip(variables, row) if t is not None} for row in rows]


def graph_rows(store, sparql: str, graph: str) -> list[dict]:
    """The local answer over one named graph (the example queries match GRAPH ?d: FROM NAMED <graph>)."""
    solutions = store.query(sparql, named_graphs=[ox.NamedNode(graph)])
    variables = [v.value for v in solutions.variables]
    return [{v: term_text(sol[v]) for v in variables if sol[v] is not None} for sol in solutions]


BUDGET = (ROOT / "queries" / "budget_per_goal.rq").read_text(encoding="utf-8")


def listening_addresses(port: int) -> set[str]:
    """Local addresses of the TCP sockets listening on `port` (Linux /proc/net/tcp, IPv4)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        addr, p = local.split(":")
        if int(p, 16) == port and state == "0A":
            found.add(socket.inet_ntoa(bytes.fromhex(addr)[::-1]))
    return found


def test_serve_is_a_read_only_sparql_endpoint_on_localhost(built, store):
    settings, _ = built
    port = free_port()
    cmd = [sys.executable, "-c", "from pipeline.cli import main; main()", "serve",
           "--store", str(settings.store_dir), "--port", str(port)]
    with running(cmd, port):
        if Path("/proc/net/tcp").exists():
            assert listening_addresses(port) == {"127.0.0.1"}  # bound to loopback unless told otherwise
        base = f"http://127.0.0.1:{port}"
        # a real question over the SPARQL 1.1 Protocol gives what the embedded store gives
        assert select(f"{base}/query", BUDGET) == local_rows(store, BUDGET)
        # POST form too
        status, _, body = http(f"{base}/query", data=urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode(),
                               headers={"Content-Type": "application/x-www-form-urlencoded",
                                        "Accept": "application/sparql-results+json"})
        assert status == 200 and json.loads(body)["boolean"] is True
        # read-only: an update is refused and changes nothing
        before = select(f"{base}/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        status, _, _ = http(f"{base}/update", data=b"INSERT DATA { <urn:x> <urn:y> <urn:z> }",
                            headers={"Content-Type": "application/sparql-update"})
        assert status >= 400
        assert select(f"{base}/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == before
        # a query page a person can use: HTML with the YASGUI editor, its script served locally
        status, ctype, page = http(f"{base}/")
        assert status == 200 and ctype.startswith("text/html") and b"Yasgui" in page
        status, _, script = http(f"{base}/yasgui.min.js")
        assert status == 200 and len(script) > 10_000


def test_serve_without_a_store_is_bad_input(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "none")])
    assert result.exit_code == 2 and "sosei build" in result.output


def graph_counts(endpoint: str) -> dict[str, int]:
    rows = select(endpoint, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {r["g"]: int(r["n"]) for r in rows}


def test_push_uploads_one_graph_per_dataset_and_is_idempotent(built, store, tmp_path):
    settings, result = built
    minter = Minter(settings.base_iri)
    port = free_port()
    cmd = [oxigraph_binary(), "serve", "--location", str(tmp_path / "remote"), "--bind", f"127.0.0.1:{port}"]
    base = f"http://127.0.0.1:{port}"
    expected = {str(minter.dataset(ds.spec.id)): ds.triples for ds in result.datasets}
    runner = CliRunner()
    args = ["push", "--endpoint", f"{base}/store", "--output", str(settings.output_dir), "--timeout", "30"]
    with running(cmd, port):
        first = runner.invoke(main, args)
        assert first.exit_code == 0, first.output
        counts = graph_counts(f"{base}/query")
        for graph, triples in expected.items():
            assert counts[graph] == triples  # every triple of the dataset, in the graph of its IRI
        assert {str(minter.catalog()), str(minter.void()), "https://w3id.org/sosei/ns"} <= set(counts)
        # the same question asked of one dataset graph on the remote server: the local answer
        for graph in expected:
            assert select(f"{base}/query", BUDGET, **{"named-graph-uri": graph}) == graph_rows(store, BUDGET, graph)
        second = runner.invoke(main, args)
        assert second.exit_code == 0, second.output
        assert graph_counts(f"{base}/query") == counts  # nothing doubled


def test_push_to_nothing_fails_with_one_line(built):
    settings, _ = built
    result = CliRunner().invoke(main, ["push", "--endpoint", f"http://127.0.0.1:{free_port()}/store",
                                       "--output", str(settings.output_dir), "--timeout", "5"])
    assert result.exit_code == 2 and "cannot reach" in result.output


def test_push_refuses_a_non_http_endpoint(built):
    settings, _ = built
    result = CliRunner().invoke(main, ["push", "--endpoint", "file:///tmp/x", "--output", str(settings.output_dir)])
    assert result.exit_code == 2 and "not an http(s) URL" in result.output
