"""Whole-graph communities on a schedule, not after every write.

Louvain over the whole projection takes seconds at 1M quads and minutes at 10M, while a write
changes a handful of edges. So the whole-graph communities (no ``as_of``) of a store are
computed on its first projection, then again on a newer one at most once every
:data:`COMMUNITY_INTERVAL` seconds: a write within the interval schedules one run at its end, on
whatever projection is current then (a burst of writes costs one run, and the last write is
always covered). A run is never abandoned for a newer write (under steady writes it would never
finish); it runs on a background thread with the GIL switch interval lowered
(:func:`graph.switching.yielding`).

:func:`latest` answers the newest result with the generation of the projection it was computed
on, which every answer carries as ``computed_at_generation``
(:func:`graph.analytics.network.communities`). Before the first result, callers wait for it up
to :data:`graph.projection.cache.BUILD_WAIT` seconds, then get a 503 ``Retry-After``. On a store
on disk, each result is kept beside it, and a restart with no write since answers it at once
(:mod:`graph.analytics.community_file`).
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

import networkx as nx

from graph.analytics import community_file
from graph.errors import EngineUnavailable
from graph.projection import snapshot
from graph.projection.cache import BUILD_WAIT, ready_projection
from graph.store.base import KnowledgeStore
from graph.switching import collection_paused, patience, yielding

COMMUNITY_INTERVAL = 300.0
"""Least seconds between the starts of two whole-graph Louvain runs of one store."""
log = logging.getLogger("aikg.analytics")
Result = tuple[int, list[list[Any]]]
"""(generation of the projection, communities of node keys)."""


class _Schedule:
    """The runs of one store."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.result: Result | None = None
        self.started = float("-inf")
        self.running: threading.Event | None = None
        self.timer: threading.Timer | None = None
        self.looked = False
        """Whether the result kept on disk was looked for."""
        self.looking = threading.Lock()
        """Held while the kept result is read: a caller meanwhile waits for it (else it found
        no result and no run, and started a Louvain run of minutes at 10M beside the read)."""


_schedules: weakref.WeakKeyDictionary[Any, _Schedule] = weakref.WeakKeyDictionary()
_lock = threading.Lock()
_runs = 0


def _schedule(kg: KnowledgeStore) -> _Schedule:
    with _lock:
        found = _schedules.get(kg)
        if found is None:
            found = _schedules[kg] = _Schedule()
        return found


def refreshed(kg: KnowledgeStore, base: nx.MultiDiGraph,
              compute: Callable[[nx.MultiDiGraph], list[list[Any]]]) -> None:
    """A new projection ``base`` of ``kg``: run ``compute`` on it now if due, else once the
    interval is over (see the module docstring)."""
    schedule = _schedule(kg)
    _kept(kg, schedule, base)
    with schedule.lock:
        if schedule.running is not None or (
                schedule.result is not None
                and schedule.result[0] >= base.graph["generation"]):
            return  # the run under way looks again when it ends
        wait = schedule.started + COMMUNITY_INTERVAL - time.monotonic()
        if schedule.result is None or wait <= 0:
            _start(kg, schedule, base, compute)
        elif schedule.timer is None:
            schedule.timer = threading.Timer(wait, _due, (weakref.ref(kg), compute))
            schedule.timer.daemon = True
            schedule.timer.start()


def current(kg: KnowledgeStore) -> Result | None:
    """The newest whole-graph communities of ``kg`` already at hand (computed, or read from
    disk for this state), without starting or waiting for anything."""
    schedule = _schedule(kg)
    with schedule.lock:
        return schedule.result


def latest(kg: KnowledgeStore, base: nx.MultiDiGraph,
           compute: Callable[[nx.MultiDiGraph], list[list[Any]]], *,
           wait: float = BUILD_WAIT) -> Result:
    """The newest whole-graph communities of ``kg`` (starting the first run on ``base``).

    Raises:
        EngineUnavailable: the first run is still going after ``wait`` seconds.
    """
    schedule = _schedule(kg)
    _kept(kg, schedule, base)
    with schedule.lock:
        if schedule.result is not None:
            return schedule.result
        if schedule.running is None:
            _start(kg, schedule, base, compute)
        running = schedule.running
    assert running is not None
    if not running.wait(patience(wait)) or schedule.result is None:
        error = EngineUnavailable("the communities are being computed; retry in a few seconds")
        error.retry_after = 2
        raise error
    return schedule.result


def runs() -> int:
    """Whole-graph Louvain runs started by this process (tests count them)."""
    return _runs


def _start(kg: KnowledgeStore, schedule: _Schedule, base: nx.MultiDiGraph,
           compute: Callable[[nx.MultiDiGraph], list[list[Any]]]) -> None:
    """Start a run on ``base`` (the caller holds ``schedule.lock``)."""
    global _runs
    _runs += 1
    schedule.started = time.monotonic()
    schedule.running = done = threading.Event()
    if schedule.timer is not None:
        schedule.timer.cancel()
        schedule.timer = None
    store = weakref.ref(kg)

    def run() -> None:
        keyed = snapshot.state(kg)  # the store state base is of, if it is still the current one
        try:
            # Louvain makes millions of short-lived objects beside the projection
            with collection_paused(), yielding():
                found = compute(base)
            if keyed is not None and keyed[0] == base.graph["generation"]:
                community_file.save(kg, keyed[1], found)  # before anyone reads the result
            with schedule.lock:
                if schedule.result is None or schedule.result[0] < base.graph["generation"]:
                    schedule.result = (base.graph["generation"], found)
        except Exception:  # the next projection or caller starts another run
            log.exception("computing the communities failed")
        finally:
            with schedule.lock:
                schedule.running = None
            done.set()
        owner = store()
        newer = ready_projection(owner) if owner is not None else None
        if newer is not None:
            refreshed(owner, newer, compute)  # writes came during the run

    threading.Thread(target=run, name="aikg-communities", daemon=True).start()


def _kept(kg: KnowledgeStore, schedule: _Schedule, base: nx.MultiDiGraph) -> None:
    """Before a store's first result: take the one kept on disk for this very state, if any
    (:mod:`graph.analytics.community_file`), instead of running Louvain again."""
    if schedule.result is not None or schedule.looked:
        return
    with schedule.looking:
        if schedule.looked:  # read (or found missing) by another caller while this one waited
            return
        try:
            found = community_file.load(kg, base)
            if found is not None:
                with schedule.lock:
                    if schedule.result is None:
                        schedule.result = (base.graph["generation"], found)
                        schedule.started = time.monotonic()
        finally:
            schedule.looked = True


def _due(store: weakref.ref, compute: Callable[[nx.MultiDiGraph], list[list[Any]]]) -> None:
    kg = store()
    if kg is None:
        return
    schedule = _schedule(kg)
    with schedule.lock:
        schedule.timer = None
    base = ready_projection(kg)
    if base is not None:  # else the refresh under way calls refreshed() when it is done
        refreshed(kg, base, compute)
