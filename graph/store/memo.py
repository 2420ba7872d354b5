"""Results that depend only on the store's content, remembered until the next write.

``@per_generation`` caches a function of ``(kg, **options)`` by the store and its write
``generation``: any write makes every remembered result stale. Results are shared between
callers and must be treated as read-only.
"""

from __future__ import annotations

import functools
import json
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, TypeVar

from graph.errors import EngineUnavailable
from graph.store.base import KnowledgeStore
from graph.store.kept import AS_JSON, Codec, body, defaults, keeping, register
from graph.switching import patience, yielding

T = TypeVar("T")
MAX_ENTRIES = 64
MISS = object()
"""What ``peek`` of a :func:`per_generation` function returns when nothing is remembered."""
AGGREGATING = 2
"""Whole-store aggregations (:func:`bounded`) computed at once, whatever their function: each
is a Python loop over query rows, and at 10M quads eight of them side by side (with the
projection build and the label index) left a request so little of the interpreter that a
description taking a fraction of a second alone passed the engine's 10 s deadline."""
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _aggregations() -> ThreadPoolExecutor:
    """The threads every :func:`bounded` function computes on (made on first use)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=AGGREGATING,
                                       thread_name_prefix="aikg-aggregate")
        return _pool


def _options(options: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """Keyword options as part of a cache key (values by their text)."""
    return tuple(sorted((k, str(v)) for k, v in options.items()))


def per_generation(func: Callable[..., T]) -> Callable[..., T]:
    """Remember ``func(kg, **options)`` per store generation (keyword options must be hashable)."""
    cache: dict[tuple[Any, ...], tuple[weakref.ref, int, T]] = {}
    lock = threading.Lock()

    def peek(kg: KnowledgeStore, **options: Any) -> Any:
        """The value remembered for ``kg``'s generation now, or :data:`MISS` (never computes)."""
        key = (id(kg), _options(options))
        with lock:
            hit = cache.get(key)
        return hit[2] if hit and hit[0]() is kg and hit[1] == kg.generation else MISS

    @functools.wraps(func)
    def wrapper(kg: KnowledgeStore, **options: Any) -> T:
        key = (id(kg), _options(options))
        generation = kg.generation
        with lock:
            hit = cache.get(key)
        if hit and hit[0]() is kg and hit[1] == generation:
            return hit[2]
        value = func(kg, **options)
        with lock:
            if len(cache) >= MAX_ENTRIES:
                cache.clear()
            cache[key] = (weakref.ref(kg), generation, value)
        return value

    wrapper.peek = peek  # type: ignore[attr-defined]
    return wrapper


def bounded(wait: float, *, keep: Codec | None = None, read_at_start: bool = True,
            ) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Like :func:`per_generation`, but the work runs on a background thread (one of
    :data:`AGGREGATING`, shared by every such function) and a caller waits
    at most ``wait`` seconds for it: past that, :class:`~graph.errors.EngineUnavailable` (503,
    ``Retry-After``) while the work goes on; the next caller of the same generation and options
    waits for the same run. A slow aggregation (seconds at 1M quads) thus never holds a request
    until its deadline, which would get the worker killed and every cache lost.

    With ``keep`` (how the answer becomes JSON), the answer with default options is also kept
    beside an on-disk store across restarts and warmed up at each start (:mod:`graph.store.kept`):
    read back then unless ``read_at_start`` is false (only computed when missing).

    ``func.json(kg, **options)`` is the answer as JSON bytes, waiting as ``func`` does
    (``func.json_within(kg, seconds, **options)``: at most ``seconds``): for an
    answer kept :data:`~graph.store.kept.AS_JSON`, the kept file's own text. A route sends those
    bytes as they are: at 10M quads a ~50 MB answer sent as Python objects cost the worker
    seconds of pickling inside its deadline (it was killed for it) and the front seconds of
    unpickling, validating and encoding while every other request waited.
    """
    def decorate(func: Callable[..., T]) -> Callable[..., T]:
        remembered = per_generation(keeping(func, keep) if keep else func)
        running: dict[tuple[Any, ...], Future[T]] = {}
        lock = threading.Lock()

        def within(kg: KnowledgeStore, seconds: float, **options: Any) -> T:
            found = remembered.peek(kg, **options)  # type: ignore[attr-defined]
            if found is not MISS:  # no turn on the shared threads for an answer at hand
                return found
            key = (id(kg), kg.generation, _options(options))
            with lock:
                future = running.get(key)
                started = future is None
                if started:
                    future = running[key] = _aggregations().submit(_yielding, remembered,
                                                                     kg, **options)
            if started:  # outside the lock: a future already done calls back at once, here
                future.add_done_callback(lambda done, k=key: _forget(running, lock, k, done))
            try:
                return future.result(timeout=patience(seconds))
            except FutureTimeout:
                error = EngineUnavailable(f"the {func.__name__.replace('_', ' ')} is being "
                                          "computed after a change; retry in a few seconds")
                error.retry_after = 2
                raise error from None

        @functools.wraps(func)
        def wrapper(kg: KnowledgeStore, **options: Any) -> T:
            return within(kg, wait, **options)
        wrapper.within = within  # type: ignore[attr-defined]  # a caller with less patience
        wrapper.remembered = remembered  # type: ignore[attr-defined]  # computed in the caller
        name = f"{func.__module__}.{func.__qualname__}"
        encoded: dict[tuple[Any, ...], tuple[Any, bytes]] = {}  # options → (answer, JSON)
        default = defaults(func)

        def json_within(kg: KnowledgeStore, seconds: float, **options: Any) -> bytes:
            if keep is AS_JSON and default(options):
                found = body(kg, name)  # the kept file of the state now holds this answer's
                if found is not None:   # JSON: sent as it is, nothing decoded or encoded
                    return found
            value = within(kg, seconds, **options)
            key = (id(kg), _options(options))
            hit = encoded.get(key)
            if hit is not None and hit[0] is value:  # encoded once per answer
                return hit[1]
            text = json.dumps(keep.encode(value) if keep else value,
                              separators=(",", ":")).encode()
            if len(encoded) >= MAX_ENTRIES:
                encoded.clear()
            encoded[key] = (value, text)
            return text

        def as_json(kg: KnowledgeStore, **options: Any) -> bytes:
            return json_within(kg, wait, **options)
        wrapper.json = as_json  # type: ignore[attr-defined]
        wrapper.json_within = json_within  # type: ignore[attr-defined]  # less patience
        if keep:
            register(name, keep, lambda kg, seconds: within(kg, seconds), read_at_start)
        return wrapper
    return decorate


def _yielding(func: Callable[..., T], kg: KnowledgeStore, **options: Any) -> T:
    """``func(kg, **options)`` with the switch interval lowered: at 10M an aggregation is
    minutes of Python, and a request waiting beside it got the interpreter back seconds late
    (a 6 s wait answered after 8.8 s)."""
    with yielding():
        return func(kg, **options)


def _forget(running: dict, lock: threading.Lock, key: tuple[Any, ...], done: Future) -> None:
    with lock:
        if running.get(key) is done:
            del running[key]
