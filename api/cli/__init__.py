"""The ``aikg`` command line: thin commands over :mod:`graph` functions.

:mod:`~api.cli.main` holds the command group and what every command shares (opening the store,
one-line errors, output); each sibling module holds one family of commands and imports only
``main``; this module imports them all, so every command is registered on :data:`cli`.
Errors the user can fix are printed as one line and exit with status 1; violations found by
``validate`` exit with status 1 too.
"""

from api.cli import analytics, query, serve, store  # noqa: F401  (register with @cli.command)
from api.cli.explore import COMMANDS as EXPLORE_COMMANDS
from api.cli.ingest import COMMANDS as INGEST_COMMANDS
from api.cli.main import cli
from api.cli.review import COMMANDS as REVIEW_COMMANDS
from api.cli.views import COMMANDS as VIEW_COMMANDS

for _command in (*EXPLORE_COMMANDS, *VIEW_COMMANDS, *INGEST_COMMANDS, *REVIEW_COMMANDS):
    cli.add_command(_command)

__all__ = ["cli"]
