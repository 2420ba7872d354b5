"""How many requests the serving process lets into the worker at once.

A worker runs ``threads`` requests at a time; whatever else is sent waits in its pipe, and a
request's deadline (after which the worker is killed) runs from when it is sent. During a
restart at 10M quads, with 29 clients asking at once, requests waited seconds in the pipe,
started with little of their deadline left, ran slowly beside the restart's background work
and got the worker killed (three times in four minutes). So the serving process sends a request
only when one of :class:`Slots` is free (a few more than the worker's threads, so a free thread
never waits for the next request to cross the pipe); the others wait in the serving process,
where their deadline has not started, and are refused with 503 ``Retry-After`` when no slot
frees within :func:`slot_wait` of their deadline.

Waiters are served first come, first served, whether they are threads or coroutines: a slot
given back goes straight to the oldest waiter. A coroutine waits on a future of its own loop
(no thread per waiter: with 8 clients over 6 slots, waiting on the loop's executor took 17% of
the serving process's time).

Probes (``/health``) never take a slot: they must answer while the worker is busy.
"""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager

from graph.errors import EngineUnavailable

QUEUED = 2
"""Requests sent to the worker beyond one per thread (waiting in its pipe)."""
MAX_SLOT_WAIT = 5.0
"""The longest a request waits for a slot (seconds)."""


def slot_wait(deadline: float) -> float:
    """How long a request with ``deadline`` seconds waits for a slot: half its deadline, at
    most :data:`MAX_SLOT_WAIT` (a client then hears 503 and retries, rather than waiting)."""
    return min(deadline / 2, MAX_SLOT_WAIT)


def busy(waited: float) -> EngineUnavailable:
    return EngineUnavailable(f"the query engine is busy (no room for this request within "
                             f"{waited:g} s); retry")  # Retry-After: 1


class _Waiter:
    """One caller waiting for a slot: a thread (an event) or a coroutine (a loop's future).
    ``granted`` is set, under the slots' lock, when a slot is handed to it."""

    __slots__ = ("event", "loop", "future", "granted")

    def __init__(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        self.loop = loop
        self.future = loop.create_future() if loop is not None else None
        self.event = threading.Event() if loop is None else None
        self.granted = False

    def wake(self) -> None:
        if self.event is not None:
            self.event.set()
        else:
            self.loop.call_soon_threadsafe(self._resolve)

    def _resolve(self) -> None:
        if not self.future.done():
            self.future.set_result(None)


class Slots:
    """A bounded count of requests in the worker, taken from threads or from an event loop.

    Args:
        size: requests in the worker at once.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._free = size
        self._lock = threading.Lock()
        self._waiters: deque[_Waiter] = deque()

    def _enter(self, make: Callable[[], _Waiter]) -> _Waiter | None:
        """Take a free slot at once (nobody is waiting before us): ``None``; else a waiter
        made by ``make``, queued."""
        with self._lock:
            if self._free and not self._waiters:
                self._free -= 1
                return None
            waiter = make()
            self._waiters.append(waiter)
            return waiter

    def _leave(self, waiter: _Waiter) -> bool:
        """A waiter stops waiting; ``True`` when a slot was handed to it meanwhile (it is then
        the waiter's to use or give back)."""
        with self._lock:
            if waiter.granted:
                return True
            self._waiters.remove(waiter)
            return False

    def take(self, wait: float) -> None:
        """Take a slot, waiting up to ``wait`` seconds (this thread blocks).

        Raises:
            EngineUnavailable: no slot freed in time.
        """
        waiter = self._enter(_Waiter)
        if waiter is None or waiter.event.wait(wait) or self._leave(waiter):
            return
        raise busy(wait)

    async def atake(self, wait: float) -> None:
        """:meth:`take` for the event loop: at once when a slot is free (the common case),
        else waiting on a future of this loop. A caller cancelled meanwhile (the client went
        away) gives back a slot handed to it.

        Raises:
            EngineUnavailable: no slot freed in time.
        """
        loop = asyncio.get_running_loop()
        waiter = self._enter(lambda: _Waiter(loop))
        if waiter is None:
            return
        try:
            await asyncio.wait_for(waiter.future, wait)
            return
        except asyncio.TimeoutError:
            if self._leave(waiter):
                return  # handed over just at the end of the wait
        except asyncio.CancelledError:
            if self._leave(waiter):
                self.give()
            raise
        raise busy(wait)

    @contextmanager
    def held(self, wait: float, *, skip: bool = False) -> Iterator[None]:
        """A slot (taken as by :meth:`take`) for the block; none when ``skip``."""
        if not skip:
            self.take(wait)
        try:
            yield
        finally:
            if not skip:
                self.give()

    @asynccontextmanager
    async def aheld(self, wait: float) -> AsyncIterator[None]:
        """A slot (taken as by :meth:`atake`) for the block."""
        await self.atake(wait)
        try:
            yield
        finally:
            self.give()

    def give(self) -> None:
        """Give a slot back (the request was answered, failed or abandoned): to the oldest
        waiter, else to the free count."""
        with self._lock:
            if self._waiters:
                waiter = self._waiters.popleft()
                waiter.granted = True
            else:
                if self._free >= self.size:
                    raise ValueError("a slot was given back that was never taken")
                self._free += 1
                return
        waiter.wake()
