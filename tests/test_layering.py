"""The architecture, enforced: which package of ``graph/`` may import which, written down once
(:data:`ALLOWED`), no import cycles between modules of ``graph/`` and ``api/``, and ``graph/``
never importing the delivery layer or web frameworks."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping

import networkx as nx
import pytest

from graph.settings import PROJECT_ROOT

FORBIDDEN = ("fastapi", "starlette", "uvicorn", "click", "api")
TOP = "top"  # graph/errors.py, iris.py, vocab.py, settings.py: used by all, use nothing else
ALLOWED: dict[str, set[str]] = {
    TOP: set(),
    "store": {TOP},
    "sparql": {TOP, "store"},
    "projection": {TOP, "store"},
    "analytics": {TOP, "store", "projection"},
    "explore": {TOP, "store", "projection"},
    "views": {TOP, "store", "sparql", "projection", "explore", "analytics"},
    "ingest": {TOP, "store", "sparql"},
    "site": {TOP, "store", "sparql", "projection", "explore", "analytics", "views", "ingest"},
    "engine": {TOP, "store", "sparql", "projection", "analytics", "explore", "views", "ingest"},
}
MODULES = sorted((PROJECT_ROOT / "graph").rglob("*.py"))


def sources() -> dict[str, str]:
    """Source of every module of graph/ and api/, by dotted name."""
    found = {}
    for root in ("graph", "api"):
        for path in (PROJECT_ROOT / root).rglob("*.py"):
            parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path.read_text(encoding="utf-8")
    return found


def parse(source: str) -> ast.Module:
    """``ast.parse``, again when CPython 3.11 raises "AST constructor recursion depth mismatch":
    its AST builder keeps a depth counter that another thread building an AST at the same time
    upsets (CPython gh-106905; here numpy reading a projection snapshot's header with
    ``ast.literal_eval`` in a background thread left by an earlier test). The source is fine."""
    for _ in range(4):
        try:
            return ast.parse(source)
        except SystemError:
            continue
    return ast.parse(source)


def imports(source: str, known: set[str]) -> Iterator[str]:
    """The modules of ``known`` a source imports (``from pkg import module`` resolved)."""
    for node in ast.walk(parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name:
                yield name


def unit(module: str) -> str | None:
    """The layer a module of graph/ belongs to (None outside graph/)."""
    parts = module.split(".")
    if parts[0] != "graph":
        return None
    return parts[1] if len(parts) > 2 or parts[1] in ALLOWED else TOP


def import_graph(modules: Mapping[str, str]) -> nx.DiGraph:
    graph = nx.DiGraph()
    known = set(modules)
    for name, source in modules.items():
        graph.add_node(name)
        for target in imports(source, known):
            if target != name and not (name.startswith(target + ".") or target == "graph"):
                graph.add_edge(name, target)  # a package's own __init__ is not a dependency
    return graph


def wrong_way(modules: Mapping[str, str]) -> list[str]:
    """Imports between graph/ packages that :data:`ALLOWED` does not permit."""
    found = []
    for source, target in import_graph(modules).edges:
        here, there = unit(source), unit(target)
        if here is None or there is None or here == there:
            continue
        if there not in ALLOWED[here]:
            found.append(f"{source} -> {target} ({here} may not import {there})")
    return sorted(found)


def cycles(modules: Mapping[str, str]) -> list[list[str]]:
    return [sorted(c) for c in nx.strongly_connected_components(import_graph(modules))
            if len(c) > 1]


def test_every_graph_package_is_in_the_table():
    packages = {p.parent.name for p in MODULES if p.name == "__init__.py"} - {"graph", "queries"}
    assert packages == set(ALLOWED) - {TOP}


def test_graph_packages_import_only_the_allowed_directions():
    assert wrong_way(sources()) == []


def test_no_import_cycles():
    assert cycles(sources()) == []


def test_a_wrong_way_import_fails():
    modules = sources()
    modules["graph.store.throwaway"] = "from graph.views.pages import whole_graph_html\n"
    assert wrong_way(modules) == [
        "graph.store.throwaway -> graph.views.pages (store may not import views)"]
    modules = sources()
    modules["graph.explore.throwaway"] = "from graph import views\n"
    assert wrong_way(modules) == [
        "graph.explore.throwaway -> graph.views (explore may not import views)"]


def test_a_cycle_fails():
    modules = sources()
    modules["graph.store.journal"] += "\nfrom graph.store import inventory\n"
    modules["graph.store.inventory"] += "\nfrom graph.store import journal\n"
    assert any({"graph.store.inventory", "graph.store.journal"} <= set(c) for c in cycles(modules))
    assert cycles(sources()) == []


def test_top_level_stays_small():
    top = [p for p in (PROJECT_ROOT / "graph").glob("*.py") if p.name != "__init__.py"]
    assert len(top) <= 8, top


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_modules_stay_under_300_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 300


@pytest.mark.parametrize("path", [p for p in MODULES if p.name == "__init__.py"],
                         ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_every_package_says_what_it_owns_and_may_import(path):
    doc = ast.get_docstring(parse(path.read_text(encoding="utf-8"))) or ""
    assert len(doc) > 80 and ("import" in doc or path.parent.name in ("graph", "queries")), doc


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_graph_never_imports_delivery_layer(path):
    tree = parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    bad = sorted(roots & set(FORBIDDEN))
    assert not bad, f"{path.relative_to(PROJECT_ROOT)} imports {bad}"
