"""Store commands of ``aikg``: ``seed``, ``stats``, ``graphs``, ``load``, ``export``, ``validate``.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from api.cli.main import RDF_FORMAT_NAMES, cli, emit, fails_cleanly, opened
from graph.settings import Settings
from graph.sparql.results import format_table
from graph.store.backends import open_store
from graph.store.export import export as export_store
from graph.store.formats import rdf_format
from graph.store.inventory import list_graphs, source_documents, stats
from graph.store.loading import load_file
from graph.store.seeding import ensure_seeded
from graph.store.validation import validate_store
from graph.vocab import PREFIXES


@cli.command()
@click.pass_context
@fails_cleanly
def seed(ctx: click.Context) -> None:
    """Install or refresh the ontology, shapes and seed graphs, and say what changed."""
    settings: Settings = ctx.obj
    kg = open_store(settings)
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
            "engine": result.engine, "triples": result.total,
            "default_graph": result.default_graph,
            "graphs": {g.iri: g.triples for g in result.graphs},
            "classes": dict(result.classes)}, indent=2))
        return
    click.echo(f"store: {ctx.obj.store_location} ({result.engine})")
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
