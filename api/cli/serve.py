"""``aikg serve``: the HTTP service over the on-disk store.
"""

from __future__ import annotations

import socket

from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from api.cli.main import cli, fails_cleanly
from graph.errors import KGError
from graph.settings import Settings
from graph.engine.supervisor import engine_for


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
    """Run the HTTP service over the seeded on-disk store: the web pages at /, the SPARQL
    endpoint at /sparql, the query editor at /query and the API docs at /docs."""
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
    _check_port(host, port)  # uvicorn would log a traceback-less error and exit with status 3
    # The engine first: its worker opens and seeds the store (a locked or unreachable store
    # fails here, in one line) and starts loading the projection while the web stack is
    # imported below (~1 s of a restart at 10M quads).
    engine = engine_for(settings).start()
    try:
        import uvicorn

        from api.app import create_app
        from api.head_limit import bounded_protocol

        app = create_app(engine, settings)  # fails in one line on a bad AIKG_CORS_ORIGINS
        base = f"http://{host}:{port}"
        click.echo(f"aikg: store {settings.store_location}\n  web pages   {base}/\n  query page  "
                   f"{base}/query\n  SPARQL      {base}/sparql\n  API docs    {base}/docs",
                   err=True)
        head = settings.max_url_bytes + settings.max_header_bytes + 16 * 1024  # then 431
        uvicorn.run(app, host=host, port=port, log_level="info", access_log=not no_access_log,
                    http=bounded_protocol(head))
    finally:
        engine.close()


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


def _check_port(host: str, port: int) -> None:
    """Fail in one line when ``host:port`` cannot be listened on (in use, or not an address
    of this machine)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise click.ClickException(
                f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None

