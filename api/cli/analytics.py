"""The analytics commands of ``aikg``: ``rank``, ``compute`` and ``funding``.

They register themselves on the :func:`api.cli.cli` group when this module is imported
(``api/cli/__init__.py`` imports it), and reuse its store handling (``opened``) and its
one-line error handling (``fails_cleanly``). Each calls one library function and prints
readable tables.
"""

from __future__ import annotations

from typing import Any

import click

from api.cli.main import cli, fails_cleanly, opened
from graph.analytics.compute import compute_summary
from graph.analytics.funding import funding_summary
from graph.analytics.network import MAX_LIMIT, MEASURES, centrality
from graph.sparql.results import format_table

AS_OF_HELP = "Show the graph as it was on this day (YYYY-MM-DD): later facts are hidden."


@cli.command()
@click.option("--measure", type=click.Choice(MEASURES), default="degree", show_default=True,
              help="Centrality measure.")
@click.option("--type", "type_", metavar="CLASS",
              help="Only entities of this aikg class or its subclasses (e.g. Organization).")
@click.option("--limit", type=click.IntRange(1, MAX_LIMIT), default=20, show_default=True,
              help="How many entities.")
@click.option("--as-of", metavar="DATE", help=AS_OF_HELP)
@click.pass_context
@fails_cleanly
def rank(ctx: click.Context, measure: str, type_: str | None, limit: int,
         as_of: str | None) -> None:
    """Entities ranked by degree, PageRank or betweenness centrality."""
    with opened(ctx) as kg:
        rows = centrality(kg, measure=measure, type=type_, as_of=as_of, limit=limit)
    click.echo(format_table(["rank", "id", "label", "classes", measure], [
        [str(r["rank"]), r["id"], r["label"] or "", ", ".join(r["classes"]),
         f"{r['score']:.6f}"] for r in rows]), nl=False)


@cli.command()
@click.option("--as-of", metavar="DATE", help=AS_OF_HELP)
@click.pass_context
@fails_cleanly
def compute(ctx: click.Context, as_of: str | None) -> None:
    """Chips per cluster and organisation: actual, planned and derived, by model and maker."""
    with opened(ctx) as kg:
        summary = compute_summary(kg, as_of=as_of)
    labels = summary["labels"]
    rows = [[_name(c["id"], labels), status, _name(model, labels), f"{n:,}"]
            for c in summary["clusters"] for status, b in c["chips"].items()
            for model, n in sorted(b["by_model"].items())]
    click.echo("Chips per cluster (latest state of each status)")
    click.echo(format_table(["cluster", "status", "chip model", "chips"], rows))
    rows = [[_name(o["id"], labels), status, f"{b['total']:,}",
             ", ".join(f"{_name(m, labels)} {o['supplier_share'][status][m]:.0%}"
                       for m in sorted(b["by_manufacturer"]))]
            for o in summary["organizations"] for status, b in o["chips"].items() if b["total"]]
    click.echo("Chips per organisation (clusters it operates or owns, exact holdings)")
    click.echo(format_table(["organisation", "status", "chips", "supplier share"], rows))
    rows = [[_name(o["id"], labels), _name(h["chip"] or h["manufacturer"], labels),
             f"at least {h['min_quantity']:,}", h["status"] or "", _when(h["time"]),
             h["text"] or ""]
            for o in summary["organizations"] for h in o["at_least"]]
    click.echo("Holdings known only as a minimum")
    click.echo(format_table(["organisation", "chips of", "quantity", "status", "time", "text"],
                            rows), nl=False)


@cli.command()
@click.option("--as-of", metavar="DATE", help=AS_OF_HELP)
@click.pass_context
@fails_cleanly
def funding(ctx: click.Context, as_of: str | None) -> None:
    """Funding rounds, valuations and investors per organisation; investors' portfolios."""
    with opened(ctx) as kg:
        summary = funding_summary(kg, as_of=as_of)
    rows = []
    for org in summary["organizations"]:
        for r in org["rounds"]:
            names = ", ".join(i["label"] or i["id"] for i in r["investors"])
            if r["investor_list_complete"] is False:
                names += " (and others)" if names else "(not named)"
            rows.append([org["label"] or org["id"], _when(r["time"]), r["status"] or "",
                         r["round_label"] or "", _money(r["amount_raised"]),
                         _money(r["pre_money"]), _money(r["post_money"]), names])
    click.echo("Funding rounds")
    click.echo(format_table(["organisation", "time", "status", "round", "raised",
                             "pre-money", "post-money", "investors"], rows))
    rows = [[org["label"] or org["id"], _when(v), _money(v), v["status"] or ""]
            for org in summary["organizations"] for v in org["valuations"]]
    click.echo("Valuation history (post-money)")
    click.echo(format_table(["organisation", "time", "valuation", "status"], rows))
    rows = [[inv["label"] or inv["id"], ", ".join(p["label"] or p["organization"]
                                                  for p in inv["portfolio"])]
            for inv in summary["investors"]]
    click.echo("Portfolios")
    click.echo(format_table(["investor", "invested in"], rows), nl=False)


def _name(key: str | None, labels: dict[str, str]) -> str:
    return labels.get(key, key) if key else "unknown"


def _when(time: dict[str, Any] | None) -> str:
    if not time or not time.get("date"):
        return ""
    return f"{time['date']} ({time['precision']})"


def _money(value: dict[str, Any] | None) -> str:
    if not value or value.get("amount") is None:
        return ""
    text = f"{value['amount']:,} {value.get('currency') or ''}".strip()
    return f"{text} ({value['status'].lower()})" if value.get("status") == "Derived" else text
