"""``aikg query``: SPARQL over the union of all graphs, printed as a table or written in a
result or RDF format.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from api.cli.main import RDF_FORMAT_NAMES, RESULT_FORMATS, cli, emit, fails_cleanly, opened
from graph.settings import Settings
from graph.sparql.execute import QueryLimits, run_query, write_graph
from graph.sparql.results import RESULT_WRITERS, write_table
from graph.store.formats import rdf_format
from graph.vocab import PREFIXES


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
    from graph.sparql.results import GraphResult

    if isinstance(result, GraphResult):
        return write_graph(result, rdf_format("turtle" if fmt == "table" else fmt))
    if fmt == "table":
        return write_table(result, PREFIXES)
    if fmt in RESULT_WRITERS:
        return RESULT_WRITERS[fmt][1](result)
    raise click.UsageError(f"--format {fmt} is for CONSTRUCT and DESCRIBE queries")
