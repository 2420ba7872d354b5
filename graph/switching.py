"""The GIL switch interval and the cyclic garbage collector while long pure-Python work runs in
the engine's worker.

A thread that gave the GIL up (every pyoxigraph query, every result row, every wait) waits a
whole switch interval to get it back while another thread runs Python; with CPython's default
of 5 ms, a request that touches the store a few thousand times during a projection build, a
Louvain run or a label-index build took seconds, and at 10–20M quads requests that should have
answered 503 within 6 s passed the engine's 10 s deadline and got the worker killed (its build
lost). :func:`yielding` lowers the interval while such work runs.
"""

from __future__ import annotations

import gc
import sys
import threading
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
