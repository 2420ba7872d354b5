"""Results computed from one projection graph, remembered while that graph is the one in use.

A projection (:mod:`graph.projection.cache`) is never modified once built: a write makes a new graph.
So anything derived from a graph alone can be kept beside it, keyed by the graph's identity and
a caller's key, and dropped with it. :func:`remembered` keeps at most :data:`MAX_ENTRIES`
results per graph (least recently used go first) and forgets graphs that are gone. Results are
shared between callers and must be treated as read-only.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import networkx as nx

T = TypeVar("T")
MAX_ENTRIES = 256
"""Results kept per graph; callers remember only results worth it (large entities).
"""

_entries: dict[int, tuple[weakref.ref, OrderedDict[Hashable, Any]]] = {}
_lock = threading.Lock()


def remembered(graph: nx.MultiDiGraph, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, remembered for ``(graph, key)`` (computed again if two threads ask at
    once; both get an equal answer)."""
    with _lock:
        entry = _entries.get(id(graph))
        if entry and entry[0]() is graph and key in entry[1]:
            entry[1].move_to_end(key)
            return entry[1][key]
    value = compute()
    with _lock:
        for dead in [k for k, e in _entries.items() if e[0]() is None]:
            del _entries[dead]
        entry = _entries.get(id(graph))
        if not entry or entry[0]() is not graph:
            entry = _entries[id(graph)] = (weakref.ref(graph), OrderedDict())
        entry[1][key] = value
        while len(entry[1]) > MAX_ENTRIES:
            entry[1].popitem(last=False)
    return value
