"""The documentation (README.md and docs/*.md) covers every command, option, HTTP route and
AIKG_* environment variable; the README stays short, keeps its quick start and links every page.

Routes come from the app's OpenAPI schema; environment variables are read from the source with
``ast`` and regular expressions.
"""

from __future__ import annotations

import ast
import re

import pytest

from api.app import create_app
from api.cli import cli
from graph.settings import PROJECT_ROOT, Settings

README_PATH = PROJECT_ROOT / "README.md"
README = README_PATH.read_text("utf-8")
PAGES = sorted((PROJECT_ROOT / "docs").glob("*.md"))
DOCS = "\n".join([README] + [page.read_text("utf-8") for page in PAGES])
"""Everything the documentation says, README first."""

README_MAX_LINES = 250
REQUIRED_PAGES = ("http-api", "sparql", "cli", "data-model", "ingestion", "views", "performance",
                  "deployment", "development")


# -- commands and options ----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_and_option_is_documented(name):
    command = cli.commands[name]
    assert f"`aikg {name}" in DOCS, f"aikg {name} is not documented"
    for param in command.params:
        spellings = [opt for opt in param.opts if opt != "--help"]
        if spellings:
            assert any(opt in DOCS for opt in spellings), \
                f"aikg {name} {'/'.join(spellings)} is not documented"


def test_global_options_are_documented():
    for param in cli.params:
        spellings = [opt for opt in param.opts if opt != "--help"]
        assert any(f"aikg {opt}" in DOCS for opt in spellings), \
            f"aikg {'/'.join(spellings)} is not documented"


# -- README --------------------------------------------------------------------------------------


def test_quick_start_has_two_commands_and_ci_runs_the_test_one():
    block = re.search(r"## Quick start.*?```sh\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert len(commands) == 2
    assert "aikg" in commands[0] and "pytest" in commands[1]
    ci = (PROJECT_ROOT / ".ci" / "run").read_text("utf-8")
    assert "python -m pytest" in commands[1] and "\npython -m pytest\n" in ci
    assert "-e '.[test]'" in ci


def test_readme_is_short_and_links_every_docs_page():
    lines = len(README.splitlines())
    assert lines <= README_MAX_LINES, f"README.md has {lines} lines (at most {README_MAX_LINES})"
    names = {page.stem for page in PAGES}
    missing = sorted(set(REQUIRED_PAGES) - names)
    assert not missing, f"docs pages missing: {missing}"
    unlinked = [page.name for page in PAGES if f"](docs/{page.name}" not in README]
    assert not unlinked, f"README.md does not link {unlinked}"


# -- links -----------------------------------------------------------------------------------------


def heading_anchors(text):
    """GitHub's anchors for the headings of a markdown text."""
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    anchors = set()
    for title in re.findall(r"^#{1,6} +(.+?) *#*$", text, re.M):
        slug = re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")
        anchors.add(slug)
    return anchors


@pytest.mark.parametrize("path", [README_PATH, *PAGES], ids=lambda p: p.name)
def test_relative_links_resolve(path):
    text = re.sub(r"```.*?```", "", path.read_text("utf-8"), flags=re.S)
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):
            continue  # http:, https:, mailto: …
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            broken.append(target)
        elif anchor and linked.suffix == ".md" and anchor not in heading_anchors(
                linked.read_text("utf-8")):
            broken.append(target)
    assert not broken, f"{path.name}: broken links {broken}"


# -- HTTP routes -----------------------------------------------------------------------------------


def declared_routes():
    """{(METHOD, path)} of every operation in the app's OpenAPI schema (routes hidden from the
    schema left out), from an app built without starting its engine."""
    schema = create_app(settings=Settings(store_path=None)).openapi()
    return {(method.upper(), path) for path, operations in schema["paths"].items()
            for method in operations}


ROUTES = sorted(declared_routes())


def route_pattern(path):
    """A regex for ``path`` written in the docs: path parameters such as
    ``{entity_id}`` may be written under any name (``{id}``), and the path must end
    there (``/view`` is not documented by ``/view/path``)."""
    parts = re.split(r"\{[^}]*\}", path)
    body = r"\{[^}\s]+\}".join(re.escape(part) for part in parts)
    return re.compile(r"(?<![\w/.{}-])" + body + r"(?![\w/{}-])")


def test_routes_are_found():
    paths = {path for _, path in ROUTES}
    assert {"/sparql", "/store", "/health", "/entities/{entity_id}"} <= paths
    assert ("HEAD", "/store") in ROUTES and ("POST", "/analytics/refresh") in ROUTES
    assert len(ROUTES) >= 20


@pytest.mark.parametrize("path", sorted({path for _, path in ROUTES}))
def test_every_http_route_is_documented(path):
    assert route_pattern(path).search(DOCS), f"the route {path} is not documented"


@pytest.mark.parametrize("method,path", ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_every_method_of_every_route_is_documented(method, path):
    pattern, word = route_pattern(path), re.compile(rf"\b{method}\b")
    assert any(pattern.search(line) and word.search(line) for line in DOCS.splitlines()), \
        f"{method} {path} is not documented (no line names both)"


def test_route_pattern():
    pattern = route_pattern("/entities/{entity_id}")
    assert pattern.search("`GET /entities/{id}?as_of=`")
    assert not pattern.search("`GET /entities/{id}/neighbours`")
    assert not route_pattern("/view").search("`GET /view/path?from=`")
    assert route_pattern("/view").search("`GET /view?as_of=`")


# -- environment variables -------------------------------------------------------------------------


def environment_variables():
    """Every ``AIKG_*`` name read under graph/ and api/: literal names, and names built as
    ``f"AIKG_{name.upper()}"`` inside ``for name in ("a", "b")``."""
    names = set()
    for path in sorted([*(PROJECT_ROOT / "graph").rglob("*.py"),
                        *(PROJECT_ROOT / "api").rglob("*.py")]):
        text = path.read_text("utf-8")
        # AIKG_VIS_CSS in /*@AIKG_VIS_CSS@*/ is a template marker, not a variable.
        names |= set(re.findall(r"(?<![\w@])AIKG_[A-Z][A-Z0-9_]*\b(?!@)", text))
        built = [node for node in ast.walk(ast.parse(text)) if isinstance(node, ast.JoinedStr)
                 and any(isinstance(v, ast.Constant) and str(v.value).endswith("AIKG_")
                         for v in node.values)]
        resolved = set()
        for loop in ast.walk(ast.parse(text)):
            if not (isinstance(loop, ast.For) and isinstance(loop.target, ast.Name)
                    and isinstance(loop.iter, (ast.Tuple, ast.List))):
                continue
            var = loop.target.id
            for node in (n for stmt in loop.body for n in ast.walk(stmt)):
                if isinstance(node, ast.JoinedStr) and f"AIKG_{{{var}.upper()}}" in \
                        ast.unparse(node):
                    names |= {f"AIKG_{e.value.upper()}" for e in loop.iter.elts}
                    resolved.add(ast.unparse(node))
        unresolved = {ast.unparse(node) for node in built} - resolved
        assert not unresolved, f"{path.relative_to(PROJECT_ROOT)}: cannot tell which AIKG_* " \
                               f"names {sorted(unresolved)} read; teach tests/test_docs.py"
    return names


ENVIRONMENT = sorted(environment_variables())


def test_environment_variables_are_found():
    assert {"AIKG_STORE", "AIKG_TOKEN", "AIKG_QUERY_TIMEOUT", "AIKG_MAX_REQUESTS_TOTAL"} <= \
        set(ENVIRONMENT)
    assert not any(name.startswith("AIKG_VIS") for name in ENVIRONMENT)


@pytest.mark.parametrize("name", ENVIRONMENT)
def test_every_environment_variable_is_documented(name):
    assert re.search(rf"\b{name}\b", DOCS), f"{name} is not documented"
