"""The `sosei` command line: thin commands that parse options, call a stage and print its report.

Exit codes: 0 ok · 1 invalid data (a parse error or SHACL violation; nothing published) ·
2 bad input or usage (unreadable file, wrong layout, bad manifest or configuration, bad query, no
project here, busy port, output not writable) · 3 internal error (a bug in sosei: one line, and the
traceback only under `sosei --debug`).
"""

from __future__ import annotations

import csv
import io
import os
import socket
import sys
import unicodedata
from pathlib import Path

import click

from . import __version__
from .config import ConfigError, Settings, load_settings
from .extract import InputError
from .parse import LayoutError
from .records import Report
from .sources import ManifestError

# rdflib, pyshacl, pdfplumber and pyoxigraph are imported by the commands that use them, so that
# `sosei --help`, `sosei layouts` and a cached build start fast.

EXIT_OK, EXIT_INVALID, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


class BadInput(click.ClickException):
    """Bad input or usage: exit code 2, one line naming the file."""

    exit_code = EXIT_BAD_INPUT


class InternalError(click.ClickException):
    """An exception sosei did not expect (a bug): exit code 3, one line."""

    exit_code = EXIT_INTERNAL


def one_line(text: str) -> str:
    return " ".join(str(text).split())


class SoseiGroup(click.Group):
    """The command group, with the top-level handler: any exception a command did not turn into a
    ClickException becomes one line and exit 3; `--debug` lets it through with its traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as e:
            if ctx.params.get("debug"):
                raise
            raise InternalError(f"internal error, please report: {type(e).__name__}: {one_line(e)[:300]} "
                                "(run `sosei --debug …` for the traceback)") from None


def _settings(ctx: click.Context, **overrides) -> Settings:
    try:
        settings, root = load_settings(ctx.obj.get("config"), **overrides)
    except ConfigError as e:
        raise BadInput(f"{e} (fix the [tool.sosei] table or the flag)") from None
    return settings.resolve(root)


def print_report(report: Report, *, err: bool = True) -> None:
    for issue in report.issues:
        color = {"error": "red", "warning": "yellow"}.get(issue.severity.value)
        click.secho(f"{issue.severity.value}: {issue}", fg=color, err=err)
    if report.issues:
        summary = ", ".join(f"{code} × {n}" for code, n in report.counts().items())
        click.echo(f"{len(report.errors)} error(s), {len(report.warnings)} warning(s): {summary}", err=err)


@click.group(cls=SoseiGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sosei")
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path),
              help="pyproject.toml with a [tool.sosei] table, or a plain TOML file of settings "
                   "(default: ./pyproject.toml).")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error (exit 3).")
@click.pass_context
def main(ctx: click.Context, config: Path | None, debug: bool) -> None:
    """sosei: Japanese municipalities' regional-revitalization (地方創生) documents as Linked Open Data.

    \b
    Exit codes:
      0  ok
      1  invalid data: a parse error or SHACL violation (nothing is published)
      2  bad input or usage: unreadable or empty file, wrong layout, bad manifest, settings or query,
         no project here, port in use, output or store not writable
      3  internal error (a bug in sosei; please report it): one line, the traceback with --debug
    """
    ctx.ensure_object(dict)
    ctx.obj["config"] = config


def _pipeline(ctx, publish: bool, jobs: int | None = None, cache: bool = True, **overrides):
    from .build import run

    settings = _settings(ctx, **overrides)
    try:
        return settings, run(settings, publish=publish, progress=sys.stderr.isatty(), jobs=jobs, cache=cache)
    except (InputError, LayoutError) as e:
        raise BadInput(f"{e}") from None
    except ManifestError as e:
        raise BadInput(f"{e}") from None
    except OSError as e:  # writing output/ or the store: full disk, no permission
        where = f"{e.filename}: " if e.filename else ""
        raise BadInput(f"{where}cannot write: {e.strerror or e}; {settings.output_dir} and the store are "
                       "left as they were") from None


JOBS = click.option("--jobs", "-j", type=click.IntRange(1), default=None,
                    help="Worker processes for the documents (default: the number of CPUs; 1: no pool).")


@main.command()
@click.option("--manifest", type=click.Path(dir_okay=False, path_type=Path), help="Sources manifest (TOML).")
@click.option("--output", "output_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Directory to publish into; replaced as a whole, only when the build succeeds.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Embedded Oxigraph store directory.")
@click.option("--base-iri", help="Namespace of minted resource IRIs (ends with '/').")
@click.option("--download-base-url", help="Public URL of the output directory (ends with '/').")
@JOBS
@click.option("--no-cache", is_flag=True,
              help="Build every document again, ignoring the cache (.sosei/cache beside the store); "
                   "what is built is kept there for the next build.")
@click.pass_context
def build(ctx, manifest, output_dir, store_dir, base_iri, download_base_url, jobs, no_cache):
    """Build every source in the manifest into OUTPUT (dumps, catalog) and load the store.

    Each document is extracted, parsed, mapped and validated with SHACL, in parallel (--jobs); a
    document unchanged since a previous build (same file, manifest entry, code, shapes and ontology) is
    taken from the cache. If any error is found, the errors are printed with file, page and line,
    nothing is written and the exit code is 1.
    """
    settings, result = _pipeline(ctx, True, jobs=jobs, cache=not no_cache, manifest=manifest,
                                 output_dir=output_dir, store_dir=store_dir, base_iri=base_iri,
                                 download_base_url=download_base_url)
    print_report(result.report)
    if result.report.errors:
        click.secho(f"invalid data: nothing published; {settings.output_dir} is left as it was", fg="red", err=True)
        ctx.exit(EXIT_INVALID)
    triples = result.triples
    click.echo(f"published {len(result.datasets)} dataset(s), {triples} triples, {len(result.files)} files "
               f"to {settings.output_dir}; store {settings.store_dir}: {result.quads_in_store} quads")


@main.command()
@click.option("--manifest", type=click.Path(dir_okay=False, path_type=Path), help="Sources manifest (TOML).")
@click.option("--rdf", "rdf_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Validate this RDF file (Turtle, N-Triples, JSON-LD) against sosei's shapes instead.")
@JOBS
@click.pass_context
def validate(ctx, manifest, rdf_file, jobs):
    """Check the sources (extract, parse, map, SHACL) without publishing anything."""
    if rdf_file is not None:
        from rdflib import Graph

        from .validate import validate_graph

        try:
            g = Graph().parse(rdf_file)
        except Exception as e:  # rdflib raises many parser-specific types
            raise BadInput(f"{rdf_file}: not parseable RDF: {e}") from None
        report = Report(validate_graph(g, rdf_file.name, ""))
        print_report(report, err=False)
        if report.errors:
            ctx.exit(EXIT_INVALID)
        click.echo(f"{rdf_file}: conforms ({len(g)} triples)")
        return
    _settings_obj, result = _pipeline(ctx, False, jobs=jobs, manifest=manifest)
    print_report(result.report, err=False)
    if result.report.errors:
        ctx.exit(EXIT_INVALID)
    click.echo(f"{len(result.datasets)} source(s) valid, {sum(d.triples for d in result.datasets)} triples")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def format_table(variables: list[str], rows: list[list[str]]) -> str:
    """A plain-text table whose columns line up in a terminal, Japanese (double-width) text included."""
    widths = [max([_width(v)] + [_width(r[i]) for r in rows]) for i, v in enumerate(variables)]

    def line(cells):
        return " | ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()

    sep = "-+-".join("-" * w for w in widths)
    return "\n".join([line(variables), sep] + [line(r) for r in rows])


@main.command()
@click.argument("sparql")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Embedded Oxigraph store directory (default: the configured store_dir).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="SELECT/ASK: a table, CSV, or SPARQL 1.1 Query Results JSON. CONSTRUCT/DESCRIBE print "
                   "Turtle (json: JSON-LD).")
@click.pass_context
def query(ctx, sparql, store_dir, fmt):
    """Run SPARQL (a query, or a path to a .rq file) against the store and print the result.

    SELECT, ASK, CONSTRUCT and DESCRIBE; a graph answer prints as Turtle with the query's prefixes.
    The default graph holds every dataset, the catalog, VoID and the ontology, each triple once;
    GRAPH <dataset IRI> { … } restricts a pattern to one dataset. The queries in queries/ match
    GRAPH ?d only, so they answer the same on a server after `sosei push`.
    """
    import pyoxigraph as ox

    from .store import StoreError, execute, open_store, query_prefixes, results_json, term_text, triples_turtle

    settings = _settings(ctx, store_dir=store_dir)
    path = Path(sparql)
    if path.suffix in (".rq", ".sparql") or (len(sparql) < 255 and path.is_file()):
        if not path.is_file():
            raise BadInput(f"{sparql}: no such query file")
        sparql = path.read_text(encoding="utf-8")
    try:
        store = open_store(settings.store_dir)
        result = execute(store, sparql)
    except (StoreError, OSError) as e:
        raise BadInput(str(e)) from None
    if isinstance(result, list):  # CONSTRUCT / DESCRIBE
        if fmt == "csv":
            raise BadInput("a CONSTRUCT or DESCRIBE answer is a graph: print it as Turtle (no --format) "
                           "or JSON-LD (--format json), not CSV")
        if fmt == "json":
            data = ox.serialize(result, format=ox.RdfFormat.JSON_LD)
        else:
            data = triples_turtle(result, query_prefixes(sparql))
        click.echo(data.decode("utf-8"), nl=False)
        return
    if fmt == "json":
        click.echo(results_json(result).decode("utf-8"))
        return
    if isinstance(result, bool):
        variables, cells = ["ask"], [[term_text(result)]]
    else:
        variables = [v.value for v in result.variables]
        cells = [[term_text(sol[v]) for v in variables] for sol in result]
    if fmt == "table":
        click.echo(format_table(variables, cells))
    else:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(variables)
        w.writerows(cells)
        click.echo(buf.getvalue(), nl=False)


@main.command()
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Embedded Oxigraph store directory (default: the configured store_dir).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; only this machine can connect unless you give another.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(1, 65535))
@click.option("--timeout", "timeout_s", default=60, show_default=True, type=click.IntRange(1),
              help="Seconds a query may run.")
@click.pass_context
def serve(ctx, store_dir, host, port, timeout_s):
    """Serve the store as a read-only SPARQL 1.1 endpoint, with a query page for a browser.

    Runs the Oxigraph server (from the oxigraph package) in the foreground until interrupted:
    the query page is at http://HOST:PORT/ and the SPARQL 1.1 Protocol endpoint at
    http://HOST:PORT/query. The default graph holds every dataset, the catalog, VoID and the ontology,
    each triple once; GRAPH <dataset IRI> restricts a pattern to one dataset. Rebuilding the
    store while it is served is not supported: stop, build, serve again.
    """
    from .endpoint import EndpointError, serve_command

    settings = _settings(ctx, store_dir=store_dir)
    try:
        cmd = serve_command(settings.store_dir, host, port, timeout_s)
    except EndpointError as e:
        raise BadInput(str(e)) from None
    check_port(host, port)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"SPARQL endpoint http://{shown}:{port}/query (read-only); query page http://{shown}:{port}/ "
               "(Ctrl-C stops)", err=True)
    sys.stderr.flush()
    sys.stdout.flush()
    os.execv(cmd[0], cmd)  # the server replaces this process: signals reach it directly


def check_port(host: str, port: int) -> None:
    """Fail (exit 2) before any banner when the address cannot be listened on (in use, not local)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _name, address = infos[0]
        with socket.socket(family, kind, proto) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(address)
    except OSError as e:
        raise BadInput(f"cannot listen on {host}:{port}: {e.strerror or e}; "
                       "stop what uses the port or give another with --port") from None


@main.command()
@click.option("--endpoint", required=True,
              help="Graph Store Protocol URL, e.g. http://localhost:7878/store (Oxigraph), "
                   "http://localhost:3030/DATASET/data (Fuseki).")
@click.option("--output", "output_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The published output directory to push (default: the configured output_dir).")
@click.option("--user", help="User for HTTP basic authentication; the password is read from the "
                             "SOSEI_PUSH_PASSWORD environment variable.")
@click.option("--timeout", default=60.0, show_default=True, type=click.FloatRange(0, min_open=True),
              help="Seconds to wait for the server on each request.")
@click.pass_context
def push(ctx, endpoint, output_dir, user, timeout):
    """Upload every dataset to a SPARQL 1.1 Graph Store Protocol server, one named graph each.

    Each dataset goes to the graph named by its dataset IRI, and the catalog, VoID and ontology to
    theirs, with HTTP PUT ?graph=IRI: a graph is replaced, so pushing again changes nothing.
    """
    from .endpoint import EndpointError, password_from_env, published_graphs, read_output
    from .endpoint import push as push_graphs
    from .uris import Minter

    settings = _settings(ctx, output_dir=output_dir)
    try:
        graphs = published_graphs(read_output(settings.output_dir), Minter(settings.base_iri))
        done = push_graphs(endpoint, graphs, user=user, password=password_from_env(), timeout=timeout)
    except EndpointError as e:
        raise BadInput(str(e)) from None
    for p in done:
        click.echo(f"{p.graph}: {p.triples} triples (HTTP {p.status})")
    click.echo(f"pushed {len(done)} graph(s), {sum(p.triples for p in done)} triples to {endpoint}")


@main.command()
def layouts():
    """List the layouts sosei reads: a line each, its name and what it is (name them in the manifest)."""
    from .layouts import descriptions

    found = descriptions()
    width = max(len(name) for name in found)
    for name, description in sorted(found.items()):
        click.echo(f"{name:<{width}}  {description}")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def detect(file):
    """Name the layouts FILE fits, best first, with a score (share of the layout's markers found) and
    the markers that matched. Exit 1 when none fits."""
    from .detect import fits
    from .extract import read_document
    from .layouts import LAYOUTS

    try:
        found = fits(read_document(file), LAYOUTS)
    except InputError as e:
        raise BadInput(str(e)) from None
    for f in found:
        click.echo(f"{f.layout}\t{f.score:.2f}\t{', '.join(f.markers)}")
    if not found:
        click.echo(f"{file.name}: no layout fits (see `sosei layouts`; README: Adding a municipality's document)",
                   err=True)
        sys.exit(1)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--publisher", required=True, help="全国地方公共団体コード (6 digits) of the publishing municipality.")
@click.pass_context
def add(ctx, file, publisher):
    """Copy FILE beside the manifest and append its [[source]] entry: the layout `detect` names first,
    the title and fiscal year read from the document where it prints them, and placeholders (TODO: …)
    that the build refuses (exit 2, naming the field) until they are filled in."""
    import shutil

    from .add import manifest_entry
    from .build import municipalities_path
    from .detect import fits
    from .extract import read_document
    from .layouts import LAYOUTS
    from .sources import load_municipalities

    settings = _settings(ctx)
    if publisher not in load_municipalities(municipalities_path(settings)):
        raise BadInput(f"publisher {publisher!r} is not in the municipality table; add it there first")
    target = settings.manifest.parent / file.name
    if target.exists():
        raise BadInput(f"{target} already exists; rename the file or edit its manifest entry")
    try:
        doc = read_document(file)
    except InputError as e:
        raise BadInput(str(e)) from None
    found = fits(doc, LAYOUTS)
    if not found:
        raise BadInput(f"{file.name}: no layout fits; see README 'Adding a municipality's document'")
    shutil.copyfile(file, target)
    entry = manifest_entry(doc, file.name, found[0].layout, publisher, LAYOUTS[found[0].layout].title)
    with settings.manifest.open("a", encoding="utf-8") as out:
        out.write(entry)
    click.echo(f"added {file.name} as {found[0].layout} (score {found[0].score:.2f}) to {settings.manifest}; "
               "fill in the TODO: fields, then run sosei build")


def _editions(ctx, manifest: Path | None, old_id: str, new_id: str):
    """The two editions named by their source ids in the manifest, read with the rename table."""
    from .editions import read_edition
    from .layouts import LAYOUTS
    from .series import RENAMES_FILE, Series, load_renames
    from .sources import load_manifest, load_municipalities

    settings = _settings(ctx, manifest=manifest)
    try:
        municipalities = load_municipalities(settings.manifest.parent / "municipalities.toml")
        specs = {s.id: s for s in load_manifest(settings.manifest, set(LAYOUTS), municipalities)}
        series = Series(load_renames(settings.manifest.parent / RENAMES_FILE))
        missing = [i for i in (old_id, new_id) if i not in specs]
        if missing:
            raise BadInput(f"{settings.manifest}: no source with id {missing[0]!r}; "
                           f"the ids are: {', '.join(sorted(specs))}")
        return [read_edition(specs[i], settings.manifest, series) for i in (old_id, new_id)]
    except (InputError, LayoutError, ManifestError, ValueError) as e:
        raise BadInput(str(e)) from None


@main.command()
@click.argument("old")
@click.argument("new")
@click.option("--manifest", type=click.Path(dir_okay=False, path_type=Path), help="Sources manifest (TOML).")
@click.option("--csv", "csv_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the changes to this CSV file (amounts in yen).")
@click.pass_context
def diff(ctx, old, new, manifest, csv_file):
    """What changed from edition OLD to edition NEW of a strategy list (source ids in the manifest).

    New, dropped, renamed and moved projects, budgets up or down (yen and %), department changes;
    projects are matched by identity (renames in renames.toml followed), never by row order.
    To publish the changes as a dataset, list the pair in sources/changesets.toml and build.
    """
    from .diff import COLUMNS, summary, to_csv
    from .diff import diff as diff_editions

    a, b = _editions(ctx, manifest, old, new)
    try:
        changes = diff_editions(a, b)
    except ValueError as e:
        raise BadInput(str(e)) from None
    click.echo(format_table(list(COLUMNS), [list(c.cells()) for c in changes]))
    click.echo(f"{old} → {new}: {summary(changes)}")
    if csv_file is not None:
        csv_file.write_text(to_csv(changes), encoding="utf-8")


@main.group()
def link():
    """Project identity across editions: suggest renames for sources/renames.toml."""


@link.command("suggest")
@click.argument("old")
@click.argument("new")
@click.option("--manifest", type=click.Path(dir_okay=False, path_type=Path), help="Sources manifest (TOML).")
@click.option("--toml", "as_toml", is_flag=True, help="Print the suggestions as [[rename]] entries to review.")
@click.pass_context
def link_suggest(ctx, old, new, manifest, as_toml):
    """Likely renames from edition OLD to edition NEW, with their evidence, for a person to accept.

    Evidence: same position (goal, measure, number), same department, same or close amount (±20%),
    name similarity. Nothing is changed: accept a suggestion by adding it to renames.toml.
    """
    from .link import suggest

    a, b = _editions(ctx, manifest, old, new)
    found = suggest(a, b)
    if as_toml:
        click.echo("\n".join(s.toml(b.spec.publisher, b.year) for s in found), nl=False)
        return
    rows = [[s.old.project.label, s.new.project.label, f"{s.score:.2f}", s.describe()] for s in found]
    click.echo(format_table(["old", "new", "score", "evidence"], rows))
    click.echo(f"{len(found)} suggestion(s); accept one by adding it to renames.toml")


@main.group()
def cache():
    """The build's cache of documents (beside the store: .sosei/cache)."""


@cache.command("clear")
@click.pass_context
def cache_clear(ctx):
    """Remove every cached document; the next build reads them all again."""
    from .build import cache_dir
    from .cache import Cache

    directory = cache_dir(_settings(ctx))
    try:
        removed = Cache(directory).clear()
    except OSError as e:
        raise BadInput(f"{directory}: cannot remove: {e.strerror or e}") from None
    click.echo(f"removed {removed} cache entr{'y' if removed == 1 else 'ies'} from {directory}")
