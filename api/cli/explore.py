"""Exploration commands of the ``aikg`` CLI: ``entity``, ``search`` and ``path``.

Each command opens the store the way every ``aikg`` command does (:func:`api.cli.main.run`),
calls one :mod:`graph` function and prints readable tables; :mod:`api.cli` registers them.
"""

from __future__ import annotations

import click

from api.cli.main import run
from graph.explore.entities import entity_detail
from graph.explore.paths import find_paths
from graph.explore.search import search
from graph.projection.cache import local_name
from graph.sparql.results import format_table


def _time(value: str | None, prop: str | None) -> str:
    return f"{prop} {value}" if value else ""


@click.command("entity")
@click.argument("id", metavar="ID")
@click.option("--as-of", metavar="YYYY-MM-DD", help="Hide facts whose time starts later.")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(0, 1000),
              help="Relations per direction to show.")
@click.option("--offset", default=0, show_default=True, type=click.IntRange(0),
              help="Relations to skip in each direction.")
@click.pass_context
def entity(ctx: click.Context, id: str, as_of: str | None, limit: int,  # noqa: A002
           offset: int) -> None:
    """Show an entity (slug such as nvidia, or IRI): labels, classes, Wikidata link and its
    relations with their status, time and source (a page of --limit per direction)."""
    card = run(ctx, entity_detail, id_or_iri=id, as_of=as_of, limit=limit, offset=offset)
    click.echo(f"{card.labels['en']} ({card.id})  [{', '.join(map(local_name, card.classes))}]")
    if card.labels["pt"] != card.labels["en"]:
        click.echo(f"pt: {card.labels['pt']}")
    if card.aliases:
        click.echo(f"aliases: {', '.join(card.aliases)}")
    click.echo(f"wikidata: {card.wikidata_url or '-'}\n")
    arrows = {"out": "→ ", "in": "← ", "symmetric": "↔ "}
    rows = [[arrows[r.direction] + r.label, r.other_label, r.status,
             _time(r.time, r.time_property), local_name(r.source)]
            for r in card.outgoing + card.incoming]
    click.echo(format_table(["relation", "entity", "status", "time", "source"], rows), nl=False)
    total = card.totals["outgoing"] + card.totals["incoming"]
    if len(rows) == total:
        click.echo(f"({total} relation{'s' if total != 1 else ''})")
        return
    for side, arrow in (("outgoing", "→"), ("incoming", "←")):
        counts = ", ".join(f"{c['label']} {c['count']:,}" for c in card.by_predicate[side])
        shown = len(getattr(card, side))
        first = f"{offset + 1:,}–{offset + shown:,}" if shown else "none"
        click.echo(f"{side} {arrow} {first} of {card.totals[side]:,}"
                   + (f" ({counts})" if counts else ""))
    hint = f"; --offset {card.next_offset} for more" if card.next_offset is not None else ""
    click.echo(f"({len(rows)} of {total:,} relations shown{hint})")


@click.command("search")
@click.argument("text")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100),
              help="Most hits to show.")
@click.pass_context
def search_command(ctx: click.Context, text: str, limit: int) -> None:
    """Find entities by label or alias (case, accents and punctuation ignored; prefix and
    fuzzy matches ranked)."""
    answer = run(ctx, search, q=text, limit=limit)
    rows = [[h["id"], h["label"], h["matched"], h["match"], f"{h['score']:.3f}"]
            for h in answer["hits"]]
    click.echo(format_table(["id", "label", "matched", "match", "score"], rows), nl=False)
    click.echo(f"({len(rows)} hit{'s' if len(rows) != 1 else ''})")


@click.command("path")
@click.argument("a", metavar="A")
@click.argument("b", metavar="B")
@click.option("--max-hops", default=4, show_default=True, type=click.IntRange(1, 6),
              help="Longest path in hops.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100),
              help="Most paths to show.")
@click.option("--as-of", metavar="YYYY-MM-DD", help="Ignore facts whose time starts later.")
@click.pass_context
def path(ctx: click.Context, a: str, b: str, max_hops: int, limit: int,
         as_of: str | None) -> None:
    """Explain how entity A is connected to entity B: shortest path first, each step with
    its relation, direction, status, time and source."""
    answer = run(ctx, find_paths, from_id=a, to_id=b, max_hops=max_hops,
                 limit=limit, as_of=as_of)
    for number, found in enumerate(answer["paths"], 1):
        click.echo(f"{number}. ({found['hops']} hop{'s' if found['hops'] != 1 else ''}) "
                   f"{found['explanation']}")
    if answer["paths"]:
        click.echo("")
        rows = [[str(n), s["from_label"], s["label"], s["direction"], s["to_label"],
                 s["status"], _time(s["time"], s["time_property"]), local_name(s["source"])]
                for n, found in enumerate(answer["paths"], 1) for s in found["steps"]]
        click.echo(format_table(["path", "from", "relation", "direction", "to", "status",
                                 "time", "source"], rows), nl=False)
    click.echo(answer["message"])


COMMANDS = (entity, search_command, path)
"""The commands to register on the ``aikg`` group."""
