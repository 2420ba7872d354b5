"""Answers remembered in the serving process until the store changes.

A point lookup spends most of its time getting to the engine's worker and back (two processes,
a pipe, their threads), not in the query. An analyst's dashboard, a notebook run again, or a
page shown to many readers send the same read over and over; this keeps the answers of such
reads (keyed by the function and every argument) and gives them back without the hop, as long
as the store's generation has not moved since they were computed.

Each answer is tagged with the generation the serving process knew *before* it asked the worker,
and kept only if the generation is still the same once the answer is in. Every write's answer
carries the generation after it, so a remembered answer never outlives a write the process has
heard of; an answer computed across a write (the generation moved meanwhile) is not kept. A
worker that is replaced may have committed a write whose answer was lost, so the supervisor
forgets everything then (:meth:`AnswerCache.clear`).

The memory is bounded by the bytes of the answers' bodies (least recently used go first); an
answer larger than an eighth of the bound is not kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any


@dataclass
class Remembered:
    value: Any
    generation: int
    size: int


def size_of(value: Any) -> int | None:
    """Bytes an answer holds (its ``body``), or ``None`` for an answer that is not bytes-backed
    (not remembered: its size is not known)."""
    body = getattr(value, "body", None)
    return len(body) if isinstance(body, bytes | bytearray) else None


class AnswerCache:
    """Least-recently-used answers of reads, valid for one store generation.

    Args:
        max_bytes: total bytes of the bodies kept (0 keeps nothing).
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Hashable, Remembered] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable, generation: int) -> Any | None:
        """The answer kept for ``key`` at ``generation``, or ``None`` (a miss)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry.generation != generation:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry.value

    def put(self, key: Hashable, value: Any, asked_at: int, now: int) -> bool:
        """Keep ``value``, asked for at generation ``asked_at``, if the generation is still
        ``now`` and the answer fits; whether it was kept."""
        size = size_of(value)
        if asked_at != now or size is None or size > self.max_bytes // 8:
            return False
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.bytes -= old.size
            self._entries[key] = Remembered(value, asked_at, size)
            self.bytes += size
            while self.bytes > self.max_bytes and self._entries:
                _, dropped = self._entries.popitem(last=False)
                self.bytes -= dropped.size
        return True

    async def remembered(self, key: Hashable, generation: Callable[[], int],
                         compute: Callable[[], Awaitable[Any]]) -> Any:
        """The answer kept for ``key`` at the current ``generation()``, else ``compute()``'s
        (kept if the generation did not move meanwhile)."""
        asked_at = generation()
        value = self.get(key, asked_at)
        if value is None:
            value = await compute()
            self.put(key, value, asked_at, generation())
        return value

    def clear(self) -> None:
        """Forget every answer (the worker was replaced)."""
        with self._lock:
            self._entries.clear()
            self.bytes = 0

    def stats(self) -> dict[str, int]:
        """Entries, bytes and the hits and misses since start (for ``/health``)."""
        return {"entries": len(self._entries), "bytes": self.bytes, "max_bytes": self.max_bytes,
                "hits": self.hits, "misses": self.misses}


def key_of(func: Any, kwargs: dict[str, Any]) -> Hashable | None:
    """A key for ``func(**kwargs)``, or ``None`` when an argument is not hashable."""
    try:
        key = (getattr(func, "__module__", ""), getattr(func, "__qualname__", repr(func)),
               tuple(sorted((name, _frozen(value)) for name, value in kwargs.items())))
        hash(key)
    except TypeError:
        return None
    return key


def _frozen(value: Any) -> Hashable:
    """Lists and dicts as tuples (the arguments of a SPARQL read are these and scalars)."""
    if isinstance(value, dict):
        return ("dict", tuple(sorted((k, _frozen(v)) for k, v in value.items())))
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(_frozen(v) for v in value))
    return value  # type: ignore[no-any-return]
