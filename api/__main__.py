"""Command-line entry point: ``python -m api``."""

from api.cli import cli

if __name__ == "__main__":
    cli()
