"""Review commands of the ``aikg`` CLI: fix a proposal before accepting it, and the review log.

``edit``, ``add-fact``, ``add-entity``, ``edit-entity`` and ``merge`` call one
:mod:`graph.ingest.editing` function each and print the ingestion as ``aikg proposals ID``
does; ``review-log`` prints :func:`graph.ingest.review_log.review_log`; ``replay`` applies
review files (:func:`graph.ingest.replay.replay`). JSON arguments are
given inline or as ``@file``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from api.cli.ingest import _report
from api.cli.main import run
from graph.ingest.editing import add_fact, edit_fact
from graph.ingest.entity_editing import add_entity, edit_entity, merge_entity
from graph.ingest.replay import replay
from graph.ingest.review_log import FIELDS, review_log
from graph.sparql.results import format_table


def _json(text: str) -> Any:
    """``text`` as JSON, or the JSON of the file ``@path``; a ClickException otherwise."""
    try:
        if text.startswith("@"):
            text = Path(text[1:]).read_text(encoding="utf-8")
        return json.loads(text)
    except OSError as exc:
        raise click.ClickException(f"cannot read {text[1:]}: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"not JSON: {exc}") from None


@click.command("edit")
@click.argument("id", metavar="ID")
@click.argument("fact", metavar="pNN")
@click.argument("changes", metavar="JSON")
@click.pass_context
def edit_command(ctx: click.Context, id: str, fact: str, changes: str) -> None:
    """Change keys of a pending fact, e.g. '{"status": "Planned", "time": "2025-06"}'."""
    _report(run(ctx, edit_fact, ingestion_id=id, fact=fact, changes=_json(changes)))


@click.command("add-fact")
@click.argument("id", metavar="ID")
@click.argument("spec", metavar="JSON")
@click.pass_context
def add_fact_command(ctx: click.Context, id: str, spec: str) -> None:
    """Add a fact the extractor missed (a spec with "evidence" from the text)."""
    result = run(ctx, add_fact, ingestion_id=id, spec=_json(spec))
    click.echo(f"added {result['added']}")
    _report(result)


@click.command("add-entity")
@click.argument("id", metavar="ID")
@click.argument("spec", metavar="JSON")
@click.pass_context
def add_entity_command(ctx: click.Context, id: str, spec: str) -> None:
    """Propose an entity: '{"slug": …, "class": …, "label": …}'."""
    _report(run(ctx, add_entity, ingestion_id=id, spec=_json(spec)))


@click.command("edit-entity")
@click.argument("id", metavar="ID")
@click.argument("entity", metavar="SLUG")
@click.argument("changes", metavar="JSON")
@click.pass_context
def edit_entity_command(ctx: click.Context, id: str, entity: str,
                        changes: str) -> None:
    """Retype or relabel a proposed entity: '{"class": "Company"}'."""
    _report(run(ctx, edit_entity, ingestion_id=id, entity=entity, changes=_json(changes)))


@click.command("merge")
@click.argument("id", metavar="ID")
@click.argument("entity", metavar="SLUG")
@click.argument("into", metavar="INTO")
@click.pass_context
def merge_command(ctx: click.Context, id: str, entity: str, into: str) -> None:
    """Make a proposed entity the existing entity INTO in every pending fact."""
    _report(run(ctx, merge_entity, ingestion_id=id, entity=entity, into=into))


@click.command("review-log")
@click.option("--json", "as_json", is_flag=True, help="Print the log as JSON.")
@click.pass_context
def review_log_command(ctx: click.Context, as_json: bool) -> None:
    """Per ingestion: facts accepted as proposed, corrected, rejected, added by hand."""
    log = run(ctx, review_log)
    if as_json:
        click.echo(json.dumps(log, indent=2, ensure_ascii=False))
        return
    rows = [[item["id"], (item["title"] or item["source"] or "")[:48],
             *(str(item["facts"][f]) for f in FIELDS)] for item in log["ingestions"]]
    rows.append(["total", "", *(str(log["totals"]["facts"][f]) for f in FIELDS)])
    click.echo(format_table(["ingestion", "title", *FIELDS], rows), nl=False)
    entities = log["totals"]["entities"]
    click.echo("new entities: " + ", ".join(f"{entities[f]} {f}" for f in FIELDS))


@click.command("replay")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.pass_context
def replay_command(ctx: click.Context, files: tuple[str, ...]) -> None:
    """Apply review files (seeds/review/*.json format): ingest each digest and review its
    proposals to the file's facts, in order of publication; one line per file."""
    records = sorted((_json("@" + path) for path in files),
                     key=lambda r: (str(r.get("published")), str(r.get("slug")))
                     if isinstance(r, dict) else ("", ""))
    for record in records:
        done = run(ctx, replay, record=record)
        facts = [f for f in done["facts"] if f["state"] == "accepted"]
        kept = sum(1 for f in facts if f["review"] is None)
        click.echo(f"{done['id']}  {record['slug']}: {len(facts)} facts accepted ({kept} as "
                   f"proposed), state {done['state']}")


COMMANDS = (edit_command, add_fact_command, add_entity_command, edit_entity_command,
            merge_command, review_log_command, replay_command)
