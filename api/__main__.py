"""Command-line entry point: ``python -m api``."""

from api.cli import cli

cli()
