"""Attribute dicts that share their keys: how the projection keeps ~1.3M of them small.

Every node and edge of the projection has an attribute dict, and the dicts of one kind have the
same keys in the same order (an edge's eleven to twenty: ``predicate``, ``kind``, ``status``…).
A plain eleven-key dict takes 464 bytes, most of them its own copy of the key table. CPython's
key-sharing dicts (PEP 412), the ``__dict__`` of instances of one class, keep one key table per
class and only the values per dict: 160 bytes for the same eleven items. :func:`record` makes
such a dict: a real ``dict`` (``type(d) is dict``, equal to the plain one, JSON, pickle and
``dict(d)`` as usual), of one hidden class per list of names, whose instance is dropped at once.
A dict that is later given other keys, or another order, quietly becomes a plain dict again:
only its size depends on this, never what it holds.

At 10M quads this is ~280 MB of the projection (``python -m bench.restart``, "read the
snapshot (RSS it adds)").
"""

from __future__ import annotations

import keyword
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import networkx as nx


@lru_cache(maxsize=512)
def _holder(names: tuple[str, ...]) -> type:
    """The class whose instances' dicts share the key table of ``names`` (one per list)."""
    return type("ProjectionRecord", (), {"__doc__": ", ".join(names)})


def record(names: tuple[str, ...], values: Iterable[Any]) -> dict[str, Any]:
    """``dict(zip(names, values))`` with its key table shared with every record of ``names``."""
    found: dict[str, Any] = _holder(names)().__dict__
    found.update(zip(names, values))
    return found


@lru_cache(maxsize=512)
def _filler(names: tuple[str, ...]) -> type | None:
    """A class whose ``__init__(*values)`` sets ``names`` in order, so that its instances' dicts
    are records of ``names`` made in one call (about twice as fast as :func:`record`, which
    matters for the 1.3M of a snapshot at 10M quads); ``None`` unless every name is a plain
    identifier (names come from a snapshot file: no other text is ever compiled)."""
    if not all(n.isidentifier() and not keyword.iskeyword(n) and not n.startswith("_")
               for n in names) or len(set(names)) != len(names):
        return None
    arguments = "".join(f", v{i}" for i in range(len(names)))
    body = "".join(f"    self.{name} = v{i}\n" for i, name in enumerate(names)) or "    pass\n"
    space: dict[str, Any] = {}
    exec(f"def __init__(self{arguments}):\n{body}", space)  # noqa: S102  (checked names)
    return type("ProjectionRecord", (), {"__doc__": ", ".join(names),
                                         "__init__": space["__init__"]})


def records(names: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """``[record(names, row) for row in rows]``, faster."""
    filler = _filler(names)
    if filler is None:
        return [record(names, row) for row in rows]
    return [filler(*row).__dict__ for row in rows]


def compact(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` as a record (the same items in the same order)."""
    return record(tuple(data), data.values())


def compact_graph(graph: nx.MultiDiGraph) -> None:
    """Make every node and edge attribute dict of ``graph`` a record, in place (the same
    items: only the memory they take changes)."""
    nodes = graph._node
    for node, data in nodes.items():
        nodes[node] = compact(data)
    for targets in graph._succ.values():
        for parallel in targets.values():  # shared with graph._pred: one change does both
            for key, data in parallel.items():
                parallel[key] = compact(data)
