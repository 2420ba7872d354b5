"""Results that depend only on the store's content, remembered until the next write.

``@per_generation`` caches a function of ``(kg, **options)`` by the store and its write
``generation``: any write makes every remembered result stale. Results are shared between
callers and must be treated as read-only.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from graph.store import KnowledgeStore

T = TypeVar("T")
MAX_ENTRIES = 64


def per_generation(func: Callable[..., T]) -> Callable[..., T]:
    """Remember ``func(kg, **options)`` per store generation (keyword options must be hashable)."""
    cache: dict[tuple[Any, ...], tuple[weakref.ref, int, T]] = {}
    lock = threading.Lock()

    @functools.wraps(func)
    def wrapper(kg: KnowledgeStore, **options: Any) -> T:
        key = (id(kg), tuple(sorted((k, str(v)) for k, v in options.items())))
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

    return wrapper
