"""The GIL switch interval and the cyclic garbage collector while long pure-Python work runs in
the engine's worker.

A thread that gave the GIL up (every pyoxigraph query, every result row, every wait) waits a
whole switch interval to get it back while another thread runs Python; with CPython's default
of 5 ms, a request that touches the store a few thousand times during a projection build, a
Louvain run or a label-index build took seconds, and at 10–20M quads requests that should have
answered 503 within 6 s passed the engine's 10 s deadline and got the worker killed (its build
lost). :func:`yielding` lowers the interval while such work runs.

CPython has no thread priorities either: a request sharing the interpreter with three
background threads gets about a quarter of it. :func:`serving` marks the requests a process is
answering, and work that can wait a little (what a restart starts once its projection is
ready) waits for them first with :func:`quiet`.

A request's deadline runs from when the engine sends it, queue included: with every worker
thread waiting a few seconds for background work (many clients retrying during a restart),
a request that sat in the queue and then waited its full time passed the deadline, and the
worker was killed. :func:`serving` is told when the request's waits must end
(:func:`waits_until`: its deadline less :data:`DEADLINE_MARGIN`), and :func:`patience` cuts each
wait of the request to what is left of that.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()

SWITCH_INTERVAL = 0.0005
"""GIL switch interval (seconds) while a precomputation runs (Python's default is 0.005)."""
_yielders = 0
_previous_interval = 0.005


@contextmanager
def yielding() -> Iterator[None]:
    """Lower the GIL switch interval while long work runs (nested and concurrent uses keep it
    low until the last one ends). At 1M quads a projection refresh during Louvain took ~1.6 s
    instead of ~0.2 s (and any request was as slow); at 0.5 ms it takes ~0.25 s."""
    global _yielders, _previous_interval
    with _lock:
        if _yielders == 0:
            _previous_interval = sys.getswitchinterval()
            sys.setswitchinterval(SWITCH_INTERVAL)
        _yielders += 1
    try:
        yield
    finally:
        with _lock:
            _yielders -= 1
            if _yielders == 0:
                sys.setswitchinterval(_previous_interval)


_pausers = 0
_collecting = True


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while work makes millions of small objects (a build,
    a snapshot read, Louvain); nested and concurrent uses keep it paused until the last one ends,
    then restore it as it was. (Each site used to save and restore ``gc.isenabled()`` itself:
    one ending while another ran turned the collector back on in the middle of a build.)"""
    global _pausers, _collecting
    with _lock:
        if _pausers == 0:
            _collecting = gc.isenabled()
            gc.disable()
        _pausers += 1
    try:
        yield
    finally:
        with _lock:
            _pausers -= 1
            if _pausers == 0 and _collecting:
                gc.enable()


STARTUP_QUIET = 3.0
"""Seconds the work a process starts once its first projection is ready (analytics, the
search's index, kept answers) waits for the requests in flight: at 10M quads a restart's first
hub page, sharing the interpreter with them, took 8 s instead of 1."""
_in_flight = 0
_changed = threading.Condition(threading.Lock())


DEADLINE_MARGIN = 2.0
"""Seconds of its deadline a request keeps for what follows its waits (answering it, sending
the answer), a quarter of the deadline when that is less (:func:`waits_until`)."""
_requests = threading.local()


def waits_until(deadline: float) -> float:
    """The :func:`time.monotonic` time until which a request sent now with ``deadline``
    seconds may wait or start (the system's monotonic clock, the same in every process of the
    machine): its deadline less the margin."""
    return time.monotonic() + deadline - min(DEADLINE_MARGIN, deadline / 4)


@contextmanager
def serving(until: float | None = None) -> Iterator[None]:
    """Mark a request as being answered by this thread while in the block; ``until`` is when
    its waits must end (:func:`waits_until`), ``None`` for no limit."""
    global _in_flight
    with _changed:
        _in_flight += 1
    _requests.until = until
    try:
        yield
    finally:
        _requests.until = None
        with _changed:
            _in_flight -= 1
            _changed.notify_all()


def patience(wait: float | None) -> float | None:
    """``wait`` (seconds; ``None``: no limit), cut on a request's thread to the time left until
    its waits must end (never below 0)."""
    until = getattr(_requests, "until", None)
    if until is None:
        return wait
    left = max(0.0, until - time.monotonic())
    return left if wait is None else min(wait, left)


def overdue(until: float | None) -> bool:
    """Whether a request whose waits must end at ``until`` starts too late to be answered
    within its deadline (the engine then refuses it: 503, ``Retry-After``)."""
    return until is not None and time.monotonic() >= until


def busy() -> bool:
    """Whether a request is being answered (:func:`serving`) now."""
    return _in_flight > 0


def quiet(timeout: float) -> bool:
    """Wait until no request is being answered (:func:`serving`), at most ``timeout``
    seconds; whether none is."""
    with _changed:
        return _changed.wait_for(lambda: _in_flight == 0, timeout)
