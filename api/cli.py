"""The ``aikg`` command line: thin commands over :mod:`graph` functions.

Every command opens the store (installing the ontology, shapes and seeds on first use), calls one
library function and prints its result. Errors the user can fix are printed as one line and exit
with status 1; violations found by ``validate`` exit with status 1 too.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from graph.errors import KGError
from graph.store.export import export as export_store
from graph.store.formats import RDF_FORMATS, rdf_format
from graph.store.inventory import list_graphs, source_documents, stats
from graph.store.loading import load_file
from graph.results import RESULT_WRITERS, format_table, write_table
from graph.store.seeding import ensure_seeded
from graph.settings import Settings
from graph.sparql import QueryLimits, run_query, write_graph
from graph.store.base import KnowledgeStore
from graph.store.embedded import EmbeddedStore
from graph.store.validation import validate_store
from graph.vocab import PREFIXES

RESULT_FORMATS = ["table", *RESULT_WRITERS]
RDF_FORMAT_NAMES = [f.name for f in RDF_FORMATS]


def fails_cleanly(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a :class:`KGError` into a one-line message and exit status 1."""
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except KGError as exc:
            raise click.ClickException(str(exc)) from None
    return wrapper


@contextmanager
def opened(ctx: click.Context) -> Iterator[KnowledgeStore]:
    """The seeded store named by the global options; closed (flushed) afterwards."""
    settings: Settings = ctx.obj
    kg = EmbeddedStore.open(settings.store_path)
    try:
        ensure_seeded(kg, settings)
        yield kg
    finally:
        kg.close()


def emit(data: bytes, output: Path | None) -> None:
    """Write bytes to ``output`` or standard output."""
    if output is None:
        click.get_binary_stream("stdout").write(data)
    else:
        output.write_bytes(data)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store_path", type=click.Path(path_type=Path), envvar="AIKG_STORE",
              help="Directory of the on-disk store [env AIKG_STORE; default "
                   "~/.local/share/aikg/store].")
@click.version_option(package_name="aikg")
@click.pass_context
def cli(ctx: click.Context, store_path: Path | None) -> None:
    """aikg: a knowledge graph of the AI industry (people, firms, chips, clusters, models,
    funding) with provenance, time and status on every fact."""
    ctx.obj = Settings.from_env(store_path=store_path)


def _origins(ctx: click.Context, param: click.Parameter,
             values: tuple[str, ...]) -> tuple[str, ...]:
    """``--cors-origin`` values, each checked to be an origin a browser sends."""
    from api.middleware import check_origin

    try:
        return tuple(check_origin(v) for v in values)
    except KGError as exc:
        raise click.BadParameter(str(exc)) from None


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="TCP port.")
@click.option("--read-only", is_flag=True,
              help="Refuse every write (403 read_only), even with a valid token [env "
                   "AIKG_READ_ONLY].")
@click.option("--validate-writes", is_flag=True,
              help="Check every write against the SHACL shapes before applying it and refuse "
                   "(422 validation_failed) one that adds violations; validates the whole data "
                   "graph per write [env AIKG_VALIDATE_WRITES].")
@click.option("--token-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the bearer token that authorises writes from this file, so it is not "
                   "on the command line [env AIKG_TOKEN holds the token itself].")
@click.option("--query-timeout", type=click.FloatRange(min=0, min_open=True), metavar="S",
              help="Deadline of a query in seconds [env AIKG_QUERY_TIMEOUT; default 10].")
@click.option("--update-timeout", type=click.FloatRange(min=0, min_open=True), metavar="S",
              help="Deadline of an update or upload in seconds [env AIKG_UPDATE_TIMEOUT; "
                   "default 30].")
@click.option("--cors-origin", "cors_origins", multiple=True, metavar="URL", callback=_origins,
              help="Let scripts from this browser origin (scheme://host[:port]) call the "
                   "service; repeatable; never with credentials [env AIKG_CORS_ORIGINS, "
                   "comma-separated; default: CORS off].")
@click.option("--no-access-log", is_flag=True,
              help="Do not log one line per request (saves ~15% CPU per small query).")
@click.pass_context
@fails_cleanly
def serve(ctx: click.Context, host: str, port: int, read_only: bool, validate_writes: bool,
          token_file: Path | None,
          query_timeout: float | None, update_timeout: float | None,
          cors_origins: tuple[str, ...], no_access_log: bool) -> None:
    """Run the HTTP service (SPARQL endpoint at /sparql) over the seeded on-disk store."""
    import uvicorn

    from api.app import create_app

    overrides: dict[str, Any] = {"query_timeout": query_timeout, "update_timeout": update_timeout}
    if read_only:
        overrides["read_only"] = True
    if validate_writes:
        overrides["validate_writes"] = True
    if cors_origins:
        overrides["cors_origins"] = cors_origins
    if token_file is not None:
        overrides["token"] = _read_token(token_file)
    settings: Settings = replace(ctx.obj, **{k: v for k, v in overrides.items() if v is not None})
    EmbeddedStore.open(settings.store_path).close()  # fail fast, in one line, if it is locked
    app = create_app(settings=settings)  # fails in one line on a bad AIKG_CORS_ORIGINS
    click.echo(f"aikg: store {settings.store_path}; SPARQL at http://{host}:{port}/sparql",
               err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=not no_access_log)


def _read_token(path: Path) -> str:
    """The write token in ``path`` (surrounding whitespace and the final newline dropped)."""
    try:
        token = path.read_text("utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"cannot read the token file {path}: "
                                   f"{getattr(exc, 'strerror', None) or 'not UTF-8 text'}") \
            from None
    if not token or any(c.isspace() for c in token):
        raise click.ClickException(f"the token file {path} must hold one token on one line")
    return token


@cli.command()
@click.pass_context
@fails_cleanly
def seed(ctx: click.Context) -> None:
    """Install or refresh the ontology, shapes and seed graphs, and say what changed."""
    settings: Settings = ctx.obj
    kg = EmbeddedStore.open(settings.store_path)
    try:
        report = ensure_seeded(kg, settings)
    finally:
        kg.close()
    for label, keys in (("installed", report.installed), ("unchanged", report.unchanged),
                        ("removed", report.removed)):
        for key in keys:
            click.echo(f"{label:9}  {key}")


@cli.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@click.pass_context
@fails_cleanly
def stats_command(ctx: click.Context, as_json: bool) -> None:
    """Triples per named graph and entities per class."""
    with opened(ctx) as kg:
        result = stats(kg)
    if as_json:
        click.echo(json.dumps({
            "triples": result.total, "default_graph": result.default_graph,
            "graphs": {g.iri: g.triples for g in result.graphs},
            "classes": dict(result.classes)}, indent=2))
        return
    click.echo(f"store: {ctx.obj.store_path or 'in memory'}")
    click.echo(f"{result.total} quads in {len(result.graphs)} named graphs "
               f"({result.default_graph} in the default graph)\n")
    click.echo(format_table(["graph", "triples"], [[_short(g.iri), str(g.triples)]
                                                   for g in result.graphs]))
    click.echo(format_table(["class", "entities"], [[_short(c), str(n)]
                                                    for c, n in result.classes]), nl=False)


@cli.command()
@click.pass_context
@fails_cleanly
def graphs(ctx: click.Context) -> None:
    """Named graphs with their sizes, seed files and source documents."""
    with opened(ctx) as kg:
        infos, docs = list_graphs(kg), source_documents(kg)
    click.echo(format_table(
        ["graph", "triples", "label", "file", "source document"],
        [[_short(g.iri), str(g.triples), g.label or "", g.file or "", _short(g.document)]
         for g in infos]))
    click.echo(format_table(
        ["document", "title", "publisher", "language", "published"],
        [[_short(d.iri), d.title or "", d.publisher or "", d.language or "",
          f"{d.published} ({_short(d.published_datatype)})" if d.published else ""]
         for d in docs]), nl=False)


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--graph", "graph_iri", metavar="IRI",
              help="Named graph for the triples [default: a graph named after the file].")
@click.option("--format", "fmt", type=click.Choice(RDF_FORMAT_NAMES),
              help="Input format [default: from the file suffix].")
@click.pass_context
@fails_cleanly
def load(ctx: click.Context, file: Path, graph_iri: str | None, fmt: str | None) -> None:
    """Load an RDF file atomically: any error adds nothing."""
    with opened(ctx) as kg:
        report = load_file(kg, file, graph=graph_iri, fmt=rdf_format(fmt) if fmt else None)
    graphs = list(report.graphs)
    where = ", ".join(graphs[:5]) + (f" and {len(graphs) - 5:,} more named graphs"
                                     if len(graphs) > 5 else "")
    click.echo(f"loaded {report.quads_added:,} new quads into {where or 'the default graph'}")


@cli.command()
@click.argument("text", required=False)
@click.option("-f", "--file", "query_file", type=click.File("r", encoding="utf-8"),
              help="Read the query from a file ('-' for standard input).")
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(RESULT_FORMATS + RDF_FORMAT_NAMES),
              help="Output: table/json/csv/tsv/xml for SELECT and ASK; an RDF format for "
                   "CONSTRUCT and DESCRIBE (turtle when 'table').")
@click.option("--max-rows", type=click.IntRange(min=1), help="Row cap [default 10000].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to a file instead of standard output.")
@click.pass_context
@fails_cleanly
def query(ctx: click.Context, text: str | None, query_file: Any, fmt: str,
          max_rows: int | None, output: Path | None) -> None:
    """Run a SPARQL query over the union of all graphs."""
    if text is None:
        if query_file is None and sys.stdin.isatty():
            raise click.UsageError("give the query as an argument, with --file, or on stdin")
        text = (query_file or click.get_text_stream("stdin")).read()
    settings: Settings = ctx.obj
    limits = QueryLimits(max_bytes=settings.max_query_bytes, max_depth=settings.max_query_depth,
                         max_rows=max_rows or settings.max_rows)
    with opened(ctx) as kg:
        result = run_query(kg, text, limits=limits)
    emit(render_result(result, fmt), output)
    if result.truncated:
        click.echo(f"warning: result truncated at {limits.max_rows} rows", err=True)


def render_result(result: Any, fmt: str) -> bytes:
    """Bytes of a query result in the chosen output format."""
    from graph.results import GraphResult

    if isinstance(result, GraphResult):
        return write_graph(result, rdf_format("turtle" if fmt == "table" else fmt))
    if fmt == "table":
        return write_table(result, PREFIXES)
    if fmt in RESULT_WRITERS:
        return RESULT_WRITERS[fmt][1](result)
    raise click.UsageError(f"--format {fmt} is for CONSTRUCT and DESCRIBE queries")


@cli.command()
@click.option("--graph", "graph_iri", metavar="IRI", help="Export one named graph only.")
@click.option("--format", "fmt", default="trig", show_default=True,
              type=click.Choice(RDF_FORMAT_NAMES), help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to a file instead of standard output.")
@click.pass_context
@fails_cleanly
def export(ctx: click.Context, graph_iri: str | None, fmt: str, output: Path | None) -> None:
    """Export the store or one graph; the same data always gives the same bytes."""
    with opened(ctx) as kg:
        data = export_store(kg, rdf_format(fmt), graph=graph_iri)
    emit(data, output)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the violations as JSON.")
@click.pass_context
@fails_cleanly
def validate(ctx: click.Context, as_json: bool) -> None:
    """Check the data graphs against the SHACL shapes; exit 1 on violations."""
    with opened(ctx) as kg:
        report = validate_store(kg)
    if as_json:
        click.echo(json.dumps({"conforms": report.conforms, "violations": [
            v.__dict__ for v in report.violations]}, indent=2))
    else:
        for v in report.violations:
            click.echo(f"{v.severity}: {_short(v.focus)} {_short(v.path)}: {v.message}")
        click.echo(f"{'conforms' if report.conforms else 'does not conform'}: "
                   f"{len(report.violations)} violation(s)")
    if not report.conforms:
        ctx.exit(1)


def _short(iri: str | None) -> str:
    if not iri:
        return ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


# Commands that explore and analyse the graph live in their own modules.
from api.cli_explore import entity, path, search_command  # noqa: E402

cli.add_command(entity)
cli.add_command(search_command)
cli.add_command(path)
import api.cli_analytics  # noqa: E402,F401  (registers rank, compute and funding on cli)
from api.cli_views import COMMANDS as VIEW_COMMANDS  # noqa: E402

for _command in VIEW_COMMANDS:
    cli.add_command(_command)
from api.cli_ingest import COMMANDS as INGEST_COMMANDS  # noqa: E402

for _command in INGEST_COMMANDS:
    cli.add_command(_command)
