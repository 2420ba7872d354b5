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

Probes (``/health``) never take a slot: they must answer while the worker is busy.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator
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


class Slots:
    """A bounded count of requests in the worker, taken from threads or from the event loop.

    Args:
        size: requests in the worker at once.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._free = threading.BoundedSemaphore(size)

    def take(self, wait: float) -> None:
        """Take a slot, waiting up to ``wait`` seconds (this thread blocks).

        Raises:
            EngineUnavailable: no slot freed in time.
        """
        if not self._free.acquire(timeout=wait):
            raise busy(wait)

    async def atake(self, wait: float) -> None:
        """:meth:`take` for the event loop: at once when a slot is free (the common case),
        else waiting on a thread of the loop's executor. A caller cancelled meanwhile (the
        client went away) gives back the slot its thread gets later.

        Raises:
            EngineUnavailable: no slot freed in time.
        """
        if self._free.acquire(blocking=False):
            return
        waiting = asyncio.get_running_loop().run_in_executor(None, self._free.acquire, True,
                                                             wait)
        try:
            taken = await asyncio.shield(waiting)
        except asyncio.CancelledError:
            waiting.add_done_callback(self._give_back_if_taken)
            raise
        if not taken:
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
        """Give a slot back (the request was answered, failed or abandoned)."""
        self._free.release()

    def _give_back_if_taken(self, waiting: asyncio.Future) -> None:
        if not waiting.cancelled() and waiting.exception() is None and waiting.result():
            self.give()
