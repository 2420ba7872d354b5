"""Results computed from one projection graph, remembered while that graph is the one in use.

A projection (:mod:`graph.projection.cache`) is never modified once built: a write makes a new graph.
So anything derived from a graph alone can be kept beside it, keyed by the graph's identity and
a caller's key, and dropped with it. :func:`remembered` keeps at most :data:`MAX_ENTRIES`
results per graph (least recently used go first) and forgets graphs that are gone. Results are
shared between callers and must be treated as read-only. A result is computed once: a caller
asking for one that another thread is computing waits for it instead of computing it again
(at 10M quads two threads each made the compact arrays of the same projection right after a
restart, ~3 s of the interpreter each, while the first requests waited).
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
_running: dict[tuple[int, Hashable], threading.Event] = {}
_lock = threading.Lock()
_MISSING = object()


def remembered(graph: nx.MultiDiGraph, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, remembered for ``(graph, key)``; while one thread computes it, others
    asking for it wait for its answer (and compute it themselves if that one failed)."""
    while True:
        with _lock:
            value = _lookup(graph, key)
            if value is not _MISSING:
                return value  # type: ignore[no-any-return]
            running = _running.get((id(graph), key))
            if running is None:
                done = _running[(id(graph), key)] = threading.Event()
                break
        running.wait()  # then its answer, or (it failed) this thread's turn to compute it
    try:
        value = compute()
        _store(graph, key, value)
    finally:
        with _lock:
            _running.pop((id(graph), key), None)
        done.set()
    return value  # type: ignore[no-any-return]


def _lookup(graph: nx.MultiDiGraph, key: Hashable) -> Any:
    """The remembered value of ``(graph, key)`` (moved to the end), or ``_MISSING``; under
    ``_lock``."""
    entry = _entries.get(id(graph))
    if entry and entry[0]() is graph and key in entry[1]:
        entry[1].move_to_end(key)
        return entry[1][key]
    return _MISSING


def _store(graph: nx.MultiDiGraph, key: Hashable, value: Any) -> None:
    with _lock:
        for dead in [k for k, e in _entries.items() if e[0]() is None]:
            del _entries[dead]
        entry = _entries.get(id(graph))
        if not entry or entry[0]() is not graph:
            entry = _entries[id(graph)] = (weakref.ref(graph), OrderedDict())
        entry[1][key] = value
        while len(entry[1]) > MAX_ENTRIES:
            entry[1].popitem(last=False)
