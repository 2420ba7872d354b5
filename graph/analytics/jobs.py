"""Remembered analytics results and their background precomputation after each write.

:func:`memoised` keeps results per projection object (so per store generation), date and name
(the last :data:`MEMO_SIZE`). A result being computed is marked *pending* and computed on a
thread of its own: every caller, the first included, waits for it up to
:data:`graph.projection.cache.BUILD_WAIT` seconds, then gets a 503 ``Retry-After`` like a
projection refresh, while the work goes on (a request never reaches its deadline over it).

:func:`precompute` runs when a new projection is cached (a listener of
:func:`graph.projection.cache.on_refresh`, registered by :mod:`graph.analytics.network`): it marks the
whole-graph results (no ``as_of``) pending at once, then computes them on a background thread,
cheapest first (PageRank, degree, then Louvain communities, which take seconds at 1M quads), so a
caller after a write waits for the refresh and its result rather than starting the work itself.
Betweenness is left to the first caller's :func:`memoised` (tens of seconds on large graphs). While it
runs, the GIL switch interval is lowered (:data:`graph.switching.SWITCH_INTERVAL`) so that refreshes and requests
on other threads are not starved.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import networkx as nx

from graph.errors import EngineUnavailable
from graph.projection.cache import BUILD_WAIT
from graph.switching import collection_paused, patience, yielding

MEMO_SIZE = 32
MAX_PENDING = 8
"""Most results :func:`memoised` computes at once (beyond: 503 ``Retry-After``)."""
log = logging.getLogger("aikg.analytics")
_memo: OrderedDict[tuple[int, date | None, str], tuple[weakref.ref, Any]] = OrderedDict()
_pending: dict[tuple[int, date | None, str], threading.Event] = {}
_lock = threading.Lock()


def memoised(base: nx.MultiDiGraph, day: date | None, name: str,
             compute: Callable[[], Any], *, wait: float = BUILD_WAIT) -> Any:
    """``compute()``, remembered for this projection object, date and name (read-only).

    The first caller starts ``compute`` on a thread of its own and waits for it at most
    ``wait`` seconds, like every later caller: a computation longer than that (ranking 634k
    community members, betweenness on a large graph) goes on in the background and is
    remembered, and never holds a request until its deadline, which would get the worker
    killed and its projection lost. At most :data:`MAX_PENDING` computations run at once (each
    ``as_of`` day is one of its own).

    Raises
    ------
    EngineUnavailable
        The result was not ready within ``wait`` seconds, or too many are being computed.
    KGError
        Whatever ``compute`` raised, if it failed within ``wait``.
    """
    key = (id(base), day, name)
    with _lock:
        hit = _memo.get(key)
        if hit is not None and hit[0]() is base:
            _memo.move_to_end(key)
            return hit[1]
        running = _pending.get(key)
        mine = running is None
        if mine:
            if len(_pending) >= MAX_PENDING:
                raise _later(f"{MAX_PENDING} analytics results are being computed")
            running = _pending[key] = threading.Event()
    if not mine:
        if not running.wait(patience(wait)):
            raise _later(f"the {name} results are being computed after a change")
        return memoised(base, day, name, compute, wait=wait)
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = value = compute()
            with _lock:
                _memo[key] = (weakref.ref(base), value)
                while len(_memo) > MEMO_SIZE:
                    _memo.popitem(last=False)
        except BaseException as exc:  # noqa: BLE001  (handed to the caller waiting, if any)
            outcome["error"] = exc
        finally:
            with _lock:
                _pending.pop(key, None)
            running.set()

    threading.Thread(target=run, name=f"aikg-{name}", daemon=True).start()
    if not running.wait(patience(wait)):
        raise _later(f"the {name} results are being computed")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


ANALYTICS_WAIT = 3.0
"""Seconds one analytics request waits in all (:func:`budget`): well within the engine's 10 s
deadline even when the background work holds the interpreter for seconds (at 10M quads, in a
first start, a communities request that waited 6 s answered after more than 10 s while the
label index and Louvain were being built, and the worker was killed)."""


def budget(seconds: float | None = None) -> Callable[[], float]:
    """The seconds left of one request's patience (default :data:`ANALYTICS_WAIT`), shared by
    the waits it makes in turn (the projection, the communities, their ranking): two 6 s waits
    one after the other passed the engine's 10 s deadline and got the worker killed."""
    seconds = ANALYTICS_WAIT if seconds is None else seconds
    until = time.monotonic() + seconds
    return lambda: max(0.0, until - time.monotonic())


def _later(reason: str) -> EngineUnavailable:
    error = EngineUnavailable(f"{reason}; retry in a few seconds")
    error.retry_after = 2
    return error


class Stale(Exception):
    """Raised by a precomputation that noticed its projection is no longer the current one."""


def precompute(base: nx.MultiDiGraph, jobs: dict[str, Callable[[], Any]],
               stale: Callable[[], bool] = lambda: False) -> None:
    """Compute ``jobs`` (name → function, for ``base`` without a date) on a background thread;
    callers asking for one meanwhile wait for it (see :func:`memoised`). Jobs left once
    ``stale()`` (a write made ``base`` obsolete) are skipped, and a job may raise :class:`Stale`
    to stop early: obsolete results would only slow down the next ones."""
    events = {}
    with _lock:
        for name in jobs:
            key = (id(base), None, name)
            if key not in _memo and key not in _pending:
                events[name] = _pending[key] = threading.Event()

    def run() -> None:
        # Louvain makes millions of short-lived objects beside the projection
        with collection_paused(), yielding():
            _run_jobs()

    def _run_jobs() -> None:
        for name, compute in jobs.items():
            if name not in events:
                continue
            key = (id(base), None, name)
            try:
                if stale():
                    raise Stale
                value = compute()
                with _lock:
                    _memo[key] = (weakref.ref(base), value)
                    while len(_memo) > MEMO_SIZE:
                        _memo.popitem(last=False)
            except Stale:  # a caller that still wants it computes it
                pass
            except Exception:  # the caller will compute it again and see the error
                log.exception("precomputing %s failed", name)
            finally:
                with _lock:
                    _pending.pop(key, None)
                events[name].set()

    if events:
        threading.Thread(target=run, name="aikg-analytics", daemon=True).start()


