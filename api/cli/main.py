"""The ``aikg`` command group and what every command shares: opening the store, one-line errors,
writing output. Commands live in the sibling modules, one per family; :mod:`api.cli` registers them.

The ``aikg`` command line: thin commands over :mod:`graph` functions.

Every command opens the store (installing the ontology, shapes and seeds on first use), calls one
library function and prints its result. Errors the user can fix are printed as one line and exit
with status 1; violations found by ``validate`` exit with status 1 too.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from graph.errors import KGError
from graph.settings import Settings
from graph.sparql.results import RESULT_WRITERS
from graph.store.backends import open_store
from graph.store.base import KnowledgeStore
from graph.store.engine_profiles import ENGINE_NAMES
from graph.store.formats import RDF_FORMATS
from graph.store.seeding import ensure_seeded

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
    kg = open_store(settings)
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
@click.option("--store-url", metavar="URL",
              help="Use the SPARQL engine whose query endpoint this is instead of the on-disk "
                   "store (docs/deployment.md, Remote store) [env AIKG_STORE_URL].")
@click.option("--update-url", metavar="URL",
              help="The engine's update endpoint, when its profile cannot derive it from "
                   "--store-url [env AIKG_UPDATE_URL].")
@click.option("--graph-store-url", metavar="URL",
              help="The engine's Graph Store Protocol endpoint, when its profile cannot derive "
                   "it [env AIKG_GRAPH_STORE_URL].")
@click.option("--store-engine", type=click.Choice(ENGINE_NAMES),
              help="The engine's profile of known differences [env AIKG_STORE_ENGINE; default "
                   "auto: from its Server header].")
@click.version_option(package_name="aikg")
@click.pass_context
def cli(ctx: click.Context, store_path: Path | None, store_url: str | None,
        update_url: str | None, graph_store_url: str | None, store_engine: str | None) -> None:
    """aikg: a knowledge graph of the AI industry (people, firms, chips, clusters, models,
    funding) with provenance, time and status on every fact."""
    ctx.obj = Settings.from_env(store_path=store_path, store_url=store_url,
                                update_url=update_url, graph_store_url=graph_store_url,
                                store_engine=store_engine)


def run(ctx: click.Context, func: Callable[..., Any], **kwargs: Any) -> Any:
    """``func(kg, **kwargs)`` on the opened store; a ``KGError`` becomes one line and exit 1
    (:func:`fails_cleanly`)."""
    @fails_cleanly
    def call() -> Any:
        with opened(ctx) as kg:
            return func(kg, **kwargs)
    return call()
