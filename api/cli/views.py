"""``aikg view``: write an interactive graph view to one self-contained HTML file.

The file inlines vis-network and loads nothing from the network, so it opens from disk offline.
``api.cli`` registers :data:`COMMANDS`; the store is opened only when the command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from api.cli.main import run
from graph.views.pages import entity_view_html, path_view_html, query_view_html, whole_graph_html


@click.command("view")
@click.option("--entity", "entity_id", metavar="ID",
              help="Draw this entity's neighbourhood (slug or IRI).")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(1, 3),
              help="Hops around --entity.")
@click.option("--path", "path_ends", nargs=2, metavar="A B",
              help="Draw the shortest path from A to B in its context.")
@click.option("--max-hops", default=4, show_default=True, type=click.IntRange(1, 6),
              help="Longest path for --path.")
@click.option("--query", "query_file", type=click.File("r", encoding="utf-8"), metavar="FILE",
              help="Draw a SPARQL result (CONSTRUCT/DESCRIBE, or SELECT ?item ?linkedItem …) "
                   "read from FILE ('-' for stdin).")
@click.option("--type", "types", multiple=True, metavar="CLASS",
              help="Whole graph only: keep entities of this class (repeatable).")
@click.option("--as-of", metavar="YYYY-MM-DD", help="Hide facts whose time starts later.")
@click.option("--lang", default="en", show_default=True, type=click.Choice(["en", "pt"]),
              help="Label language.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write.")
@click.pass_context
def view(ctx: click.Context, entity_id: str | None, depth: int,
         path_ends: tuple[str, str] | None, max_hops: int, query_file: Any,
         types: tuple[str, ...], as_of: str | None, lang: str, output: Path) -> None:
    """Write an interactive graph view (the whole graph, or one of --entity, --path, --query)
    to one HTML file that opens offline."""
    chosen = [name for name, value in (("--entity", entity_id), ("--path", path_ends),
                                       ("--query", query_file)) if value]
    if len(chosen) > 1:
        raise click.UsageError(f"give at most one of {', '.join(chosen)}")
    if query_file is not None and as_of:
        raise click.UsageError("--as-of does not apply to --query")
    if types and chosen:
        raise click.UsageError("--type applies to the whole-graph view only")
    if entity_id:
        page = run(ctx, entity_view_html, id_or_iri=entity_id, depth=depth, as_of=as_of,
                   lang=lang)
    elif path_ends:
        page = run(ctx, path_view_html, from_id=path_ends[0], to_id=path_ends[1],
                   max_hops=max_hops, as_of=as_of, lang=lang)
    elif query_file is not None:
        from graph.sparql.execute import QueryLimits
        settings = ctx.obj
        limits = QueryLimits(max_bytes=settings.max_query_bytes,
                             max_depth=settings.max_query_depth, max_rows=settings.max_rows)
        page = run(ctx, query_view_html, text=query_file.read(), lang=lang, limits=limits)
    else:
        page = run(ctx, whole_graph_html, as_of=as_of, classes=list(types), lang=lang)
    output.write_text(page, encoding="utf-8")
    click.echo(f"wrote {output} ({len(page.encode('utf-8')):,} bytes)")


COMMANDS = (view,)
"""The commands to register on the ``aikg`` group."""
