"""Ingestion commands of the ``aikg`` CLI: ``ingest``, ``proposals``, ``accept`` and ``reject``.

Each command opens the store like every ``aikg`` command (``api.cli.main.run``), calls one
:mod:`graph.ingest` function and prints a short report; errors are one line with exit status 1.
``api.cli`` registers :data:`COMMANDS`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from api.cli.main import fails_cleanly, run
from graph.errors import KGError, ValidationFailed
from graph.ingest.model_extractor import consult
from graph.ingest.pipeline import ingest
from graph.ingest.request import LANGUAGES, check_request
from graph.ingest.staging import accept, describe, list_ingestions, proposal_rdf, reject
from graph.sparql.results import format_table


def _read(file: str) -> str:
    """The UTF-8 text of ``file`` (``-``: standard input)."""
    try:
        data = (click.get_binary_stream("stdin").read() if file == "-"
                else Path(file).read_bytes())
        return data.decode("utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot read {file}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise click.ClickException(f"{file} is not UTF-8 text") from None


def _report(result: dict[str, Any], note: str = "") -> None:
    """The ingestion's id, state, counts and one line per proposed fact."""
    counts = result["counts"]
    click.echo(f"ingestion {result['id']}{note}: {result['state']}; {counts['facts']} fact(s) "
               f"({counts['pending']} pending, {counts['accepted']} accepted), "
               f"{counts['new_entities']} new entit(ies), {counts['ambiguous']} ambiguous")
    rows = [[f["id"], f["state"], f["status"] or "", "" if f["confidence"] is None else
             f"{f['confidence']:.2f}", f["summary"]] for f in result["facts"]]
    if rows:
        click.echo(format_table(["fact", "state", "status", "confidence", "summary"], rows),
                   nl=False)
    for entity in result["new_entities"]:
        click.echo(f"new {entity['class']}: {entity['label']} <{entity['iri']}> "
                   f"({entity['state']})")
    for mention in result["ambiguous"]:
        click.echo(f"ambiguous: {mention['surface']!r} could be "
                   + ", ".join(c["label"] for c in mention["candidates"]))


def _checked(**kwargs: Any) -> dict[str, Any]:
    try:
        return check_request(**kwargs)
    except KGError as exc:
        raise click.ClickException(str(exc)) from None


@click.command("ingest")
@click.argument("file", metavar="FILE")
@click.option("--lang", type=click.Choice(LANGUAGES), default="auto", show_default=True,
              help="Language of the text (auto: guess).")
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date of the article.")
@click.option("--source", metavar="URL", help="Where the article was published (http/https).")
@click.option("--title", metavar="TEXT", help="Title of the article.")
@click.option("--outlet", metavar="NAME", help="Who published it (linked, or proposed as new).")
@click.option("--json", "as_json", is_flag=True, help="Print the ingestion as JSON.")
@click.pass_context
def ingest_command(ctx: click.Context, file: str, lang: str, published: str | None,
                   source: str | None, title: str | None, outlet: str | None,
                   as_json: bool) -> None:
    """Extract facts from an article text (FILE, '-' for standard input) and stage them for
    review; the same text twice gives the same ingestion."""
    args = _checked(text=_read(file), lang=lang, published=published, source=source,
                    title=title, outlet=outlet)
    model = fails_cleanly(consult)(ctx.obj, args["text"], args["lang"])  # AIKG_EXTRACTOR_URL
    result, created = run(ctx, ingest, model=model, **args)
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        _report(result, "" if created else " (already ingested)")


@click.command("proposals")
@click.argument("id", metavar="[ID]", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "turtle"]),
              default="table", show_default=True, help="Output format (turtle needs an ID).")
@click.pass_context
def proposals(ctx: click.Context, id: str | None, fmt: str) -> None:
    """List ingestions, or show one: its proposed facts, new entities and ambiguous names."""
    if id is None:
        if fmt == "turtle":
            raise click.UsageError("--format turtle shows one ingestion: give its ID")
        items = run(ctx, list_ingestions)
        if fmt == "json":
            click.echo(json.dumps(items, indent=2, ensure_ascii=False))
            return
        click.echo(format_table(["id", "state", "facts", "pending", "accepted", "title"], [
            [i["id"], i["state"], *(str(i["counts"][k]) for k in ("facts", "pending",
                                                                  "accepted")), i["title"] or ""]
            for i in items]), nl=False)
    elif fmt == "turtle":
        click.echo(run(ctx, proposal_rdf, ingestion_id=id, fmt_name="turtle").decode(), nl=False)
    elif fmt == "json":
        click.echo(json.dumps(run(ctx, describe, ingestion_id=id), indent=2, ensure_ascii=False))
    else:
        _report(run(ctx, describe, ingestion_id=id))


@click.command("accept")
@click.argument("id", metavar="ID")
@click.option("--fact", "facts", multiple=True, metavar="pNN",
              help="Accept only this fact (repeatable) [default: every pending fact].")
@click.option("--skip-invalid", is_flag=True,
              help="Leave the facts SHACL refuses pending and accept the rest.")
@click.pass_context
def accept_command(ctx: click.Context, id: str, facts: tuple[str, ...],
                   skip_invalid: bool) -> None:
    """Move proposed facts into the article's graph after a SHACL check (nothing moves when
    it finds new violations, unless --skip-invalid)."""
    try:
        result = run(ctx, _accept, ingestion_id=id, facts=list(facts) or None,
                     skip_invalid=skip_invalid)
    except _Refused as refused:
        for v in refused.error.details.get("violations", []):
            click.echo(f"{v['severity']}: {v['focus']} {v['path'] or ''}: {v['message']}",
                       err=True)
        raise click.ClickException(str(refused.error)) from None
    click.echo(f"accepted {', '.join(result['moved']) or 'nothing new'}")
    if result.get("held"):
        click.echo(f"held back (SHACL): {', '.join(result['held'])}")
        for v in result.get("violations", []):
            click.echo(f"  {v['focus']} {v['path'] or ''}: {v['message']}")
    _report(result)


@click.command("reject")
@click.argument("id", metavar="ID")
@click.pass_context
def reject_command(ctx: click.Context, id: str) -> None:
    """Drop every fact still pending (facts accepted before stay)."""
    _report(run(ctx, reject, ingestion_id=id))


class _Refused(Exception):
    """A ValidationFailed carried past ``fails_cleanly`` so its violations can be listed."""

    def __init__(self, error: ValidationFailed) -> None:
        super().__init__(str(error))
        self.error = error


def _accept(kg: Any, **kwargs: Any) -> dict[str, Any]:
    try:
        return accept(kg, **kwargs)
    except ValidationFailed as exc:
        raise _Refused(exc) from None


COMMANDS = (ingest_command, proposals, accept_command, reject_command)
"""The commands ``api.cli`` registers."""
