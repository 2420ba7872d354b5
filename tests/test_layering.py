"""graph/ is the core library: it never imports the delivery layer or web frameworks."""

from __future__ import annotations

import ast

import pytest

from graph.settings import PROJECT_ROOT

FORBIDDEN = ("fastapi", "starlette", "uvicorn", "click", "api")
MODULES = sorted((PROJECT_ROOT / "graph").rglob("*.py"))


def imported_roots(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0]


def test_graph_package_has_modules():
    assert len(MODULES) > 10


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_graph_never_imports_delivery_layer(path):
    bad = sorted(set(imported_roots(path)) & set(FORBIDDEN))
    assert not bad, f"{path.relative_to(PROJECT_ROOT)} imports {bad}"
