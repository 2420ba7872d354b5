"""The README documents every command and option, and CI runs the README's test command."""

from __future__ import annotations

import re

import pytest

from api.cli import cli
from graph.settings import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text("utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_and_option_is_in_the_readme(name):
    command = cli.commands[name]
    assert f"`aikg {name}" in README, f"aikg {name} is not documented"
    for param in command.params:
        spellings = [opt for opt in param.opts if opt != "--help"]
        if spellings:
            assert any(opt in README for opt in spellings), \
                f"aikg {name} {'/'.join(spellings)} is not documented"


def test_quick_start_has_two_commands_and_ci_runs_the_test_one():
    block = re.search(r"## Quick start.*?```sh\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert len(commands) == 2
    assert "aikg" in commands[0] and "pytest" in commands[1]
    ci = (PROJECT_ROOT / ".ci" / "run").read_text("utf-8")
    assert "python -m pytest" in commands[1] and "\npython -m pytest\n" in ci
    assert "-e '.[test]'" in ci
