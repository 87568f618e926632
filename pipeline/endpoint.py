"""SPARQL for other programs: `sosei serve` (the Oxigraph server, read-only, over the embedded store) and
`sosei push` (every published graph to any SPARQL 1.1 Graph Store Protocol server).

The graphs are those of the store: one per dataset (graph name = dataset IRI, read from output/all.nq),
the catalog, the VoID description and the ontology, each under its own IRI. Push uses HTTP PUT
?graph=<IRI>, which replaces the graph: pushing twice leaves the server as pushing once.
"""

from __future__ import annotations

import base64
import os
import shutil
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .uris import SOSEI_ONTOLOGY, Minter

NTRIPLES = "application/n-triples"


class EndpointError(Exception):
    """The server could not be started or reached, or refused a graph; the message says which."""


def oxigraph_binary() -> str:
    """The `oxigraph` server binary the oxigraph package installs beside this Python, else on PATH."""
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not found:
        raise EndpointError("the Oxigraph server is not installed: pip install oxigraph==0.5.13")
    return found


def serve_command(store_dir: Path, host: str, port: int, timeout_s: int) -> list[str]:
    """The read-only Oxigraph server over the store: SPARQL at /query, a query page (YASGUI) at /."""
    if not store_dir.is_dir():
        raise EndpointError(f"{store_dir}: no store here; run `sosei build` first")
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return [oxigraph_binary(), "serve-read-only", "--location", str(store_dir), "--bind", bind,
            "--timeout-s", str(timeout_s)]


def _nt(quads) -> bytes:
    triples = sorted({q.triple for q in quads}, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def published_graphs(files: dict[str, bytes], minter: Minter) -> dict[str, bytes]:
    """Graph IRI → N-Triples, from output/ files: each dataset of all.nq, catalog, VoID, ontology."""
    by_graph: dict[str, list] = {}
    for q in ox.parse(files["all.nq"], format=ox.RdfFormat.N_QUADS):
        by_graph.setdefault(q.graph_name.value, []).append(q)
    graphs = {name: _nt(quads) for name, quads in sorted(by_graph.items())}
    graphs[str(minter.catalog())] = _nt(ox.parse(files["catalog.ttl"], format=ox.RdfFormat.TURTLE))
    graphs[str(minter.void())] = _nt(ox.parse(files["void.ttl"], format=ox.RdfFormat.TURTLE))
    ontology = [q for name, data in sorted(files.items()) if name.startswith("ontology/") and name.endswith(".ttl")
                for q in ox.parse(data, format=ox.RdfFormat.TURTLE)]
    graphs[str(SOSEI_ONTOLOGY)] = _nt(ontology)
    return graphs


def read_output(output_dir: Path) -> dict[str, bytes]:
    names = ["all.nq", "catalog.ttl", "void.ttl"] + [f"ontology/{p.name}" for p in sorted((output_dir / "ontology").glob("*.ttl"))]
    try:
        return {name: (output_dir / name).read_bytes() for name in names}
    except FileNotFoundError as e:
        raise EndpointError(f"{e.filename}: not found; run `sosei build` first") from None


@dataclass(frozen=True)
class Pushed:
    graph: str
    triples: int
    status: int


def graph_url(endpoint: str, graph: str) -> str:
    sep = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    return f"{endpoint}{sep}graph={urllib.parse.quote(graph, safe='')}"


def push(endpoint: str, graphs: dict[str, bytes], *, user: str | None = None, password: str | None = None,
         timeout: float = 60.0) -> list[Pushed]:
    """PUT each graph (replacing it) to a Graph Store Protocol endpoint. Stops at the first refusal."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EndpointError(f"{endpoint!r} is not an http(s) URL of a Graph Store Protocol endpoint")
    headers = {"Content-Type": NTRIPLES}
    if user:
        token = base64.b64encode(f"{user}:{password or ''}".encode("utf-8")).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    done = []
    for graph, data in sorted(graphs.items()):
        req = urllib.request.Request(graph_url(endpoint, graph), data=data, method="PUT", headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                status = resp.status
        except urllib.error.HTTPError as e:
            body = e.read(300).decode("utf-8", "replace").strip()
            raise EndpointError(f"{endpoint}: graph <{graph}> refused: HTTP {e.code} {body}") from None
        except (urllib.error.URLError, OSError) as e:
            raise EndpointError(f"{endpoint}: cannot reach the server: {getattr(e, 'reason', e)}") from None
        done.append(Pushed(graph, data.count(b"\n"), status))
    return done


def password_from_env() -> str | None:
    return os.environ.get("SOSEI_PUSH_PASSWORD")
