"""Reading back what a page from :func:`graph.views.render.render_html` embeds: its node and
edge lists and its click-to-expand data (for tests and tools; re-exported by ``render``)."""

from __future__ import annotations

import json
from typing import Any


def embedded(page: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The node and edge lists embedded in a page by :func:`render_html` (for tests/tools)."""
    found = []
    for name in ("nodes", "edges"):
        start = page.index(f"{name} = new vis.DataSet(") + len(f"{name} = new vis.DataSet(")
        end = page.index(");\n", start)
        found.append(json.loads(page[start:end]))
    return found[0], found[1]


def embedded_expansion(page: str) -> dict[str, Any] | None:
    """The click-to-expand data embedded by :func:`render_html` (``None`` when not capped):
    ``limit``, ``total``, ``nodes`` (hidden node records by id), ``edges`` (records joining
    them) and ``more`` (drawn node id → the ids of its embedded hidden neighbours)."""
    start = page.index("var expansion = ") + len("var expansion = ")
    return json.loads(page[start:page.index(";\n", start)])
