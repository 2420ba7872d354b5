"""The query engine: a supervised worker process that owns the store, with hard deadlines.

Neither pyoxigraph nor rdflib can cancel a running query, and pyoxigraph can abort the whole
process on some inputs. So the store lives in a worker process (:mod:`graph.engine.worker`) and the
service talks to it through :meth:`Engine.call`. Every call has a deadline; when it passes, or
when the worker dies, the supervisor SIGKILLs the worker, fails every request in flight on it with
:class:`~graph.errors.EngineUnavailable` (HTTP 503 with ``Retry-After``) and activates a spare
worker that was started in advance, so the next request is answered at once. Writes are
transactions in the store: a killed worker's write is either fully there or absent. (With an
in-memory store, used by tests, each worker seeds its own: writes do not survive a restart.)
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import pickle
import threading
from collections.abc import Callable
from concurrent.futures import Future, TimeoutError as FutureTimeout
from typing import Any

from graph.engine import grace, handle as workers
from graph.engine.answers import AnswerCache, key_of
from graph.engine.disk_watch import DiskWatch
from graph.engine.handle import WorkerHandle
from graph.engine.quarantine import Quarantine
from graph.engine.slots import QUEUED, Slots, slot_wait
from graph.errors import (EngineCrashed, EngineUnavailable, KGError, QueryTimeout, StorageFull,
                          UpdateTimeout)
from graph.settings import Settings
from graph.switching import waits_until

log = logging.getLogger("aikg.engine")
ON_LOOP_BYTES = 32 * 1024
""":meth:`Engine.acall` writes to the pipe from the event loop only while the unanswered messages
total at most this much, far below a socket buffer (> 200 KiB): the write cannot block."""
MIN_DEADLINE = 1.0
"""The shortest deadline a caller gets (seconds): each one passed costs a worker restart, so a
client asking for ``timeout=0.001`` must not be able to restart the engine at will."""


class Engine:
    """Runs library functions on the store in a supervised worker process.

    Args:
        settings: where the store and seeds are.
        threads: requests a worker runs at once.
        query_timeout: default deadline (seconds) of a read.
        update_timeout: default deadline (seconds) of a write.
        max_timeout: the largest deadline a caller may ask for.
    """

    def __init__(self, settings: Settings, *, threads: int = 4, query_timeout: float = 10.0,
                 update_timeout: float = 30.0, max_timeout: float = 120.0,
                 start_timeout: float = 120.0) -> None:
        self.settings = settings
        self.threads = threads
        self.query_timeout = query_timeout
        self.update_timeout = update_timeout
        self.max_timeout = max_timeout
        self.start_timeout = start_timeout
        self.restarts = 0  # how many times a worker was replaced (deadline or crash)
        self.generation = 0
        """The newest store generation a worker reported; a new worker starts above it."""
        self.disk = DiskWatch(settings.store_path)  # writes fail on a full disk (degraded)
        self.quarantine = Quarantine()  # texts that crashed the engine, refused for a while
        self.slots = Slots(threads + QUEUED)  # requests let into the worker at once
        self.answers = AnswerCache(0 if settings.store_url else settings.answer_cache_bytes)
        """Answers of repeatable reads until the next write (:mod:`graph.engine.answers`);
        none over a remote engine, which other clients may change without our knowing."""
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._active: WorkerHandle | None = None
        self._spare: WorkerHandle | None = None
        self._closed = False

    # -- life cycle ----------------------------------------------------------------------------

    def start(self) -> Engine:
        """Start the first worker (opening and seeding the store) and a spare."""
        with self._lock:
            self._active = self._activate(workers.spawn(self.settings, self.threads))
            self._spare = workers.spawn(self.settings, self.threads)
        return self

    def close(self) -> None:
        """Stop both workers; the active one closes (flushes) the store."""
        with self._lock:
            self._closed = True
            workers.stop([h for h in (self._active, self._spare) if h is not None])
            self._active = self._spare = None

    def __enter__(self) -> Engine:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def degraded(self) -> str | None:  # why writes fail (the disk under the store is full)
        return self.disk.reason

    @property
    def pid(self) -> int | None:
        """Process id of the active worker."""
        return self._active.process.pid if self._active else None

    # -- calls ---------------------------------------------------------------------------------

    def call(self, func: Callable[..., Any], *, timeout: float | None = None,
             write: bool = False, probe: bool = False, **kwargs: Any) -> Any:
        """Run ``func(store, **kwargs)`` in the worker and return its value.

        ``func`` must be a module-level function; arguments and value must be picklable.
        ``timeout`` (capped at ``max_timeout``) defaults to the query or update deadline; it runs
        from when a slot lets the request into the worker (:mod:`graph.engine.slots`). A
        request that finds its worker dead (crashed just before) goes to the spare. ``probe``:
        ``func`` cannot run away (a liveness check): it takes no slot, and past its deadline
        the worker is kept (:func:`~graph.engine.handle.abandon`).

        Raises:
            KGError: whatever ``func`` raised.
            QueryTimeout, UpdateTimeout: the deadline passed; the worker was replaced.
            EngineUnavailable: the worker died or was replaced while this call was in flight,
                or no slot freed in time.
        """
        if self.disk.room_again():
            self._reopen_store()
        key = self.quarantine.admit(kwargs.get("text"))
        deadline = self._deadline(timeout, write)
        with self.slots.held(slot_wait(deadline), skip=probe):
            request_id, payload = self._message(func, deadline, kwargs)
            for _attempt in range(2):
                handle = self._current()
                future = handle.register(request_id, len(payload))
                if self._send(handle, request_id, future, payload):
                    break
                self._replace(handle, "its pipe broke")
            else:
                raise EngineUnavailable("the query engine restarted; retry")
            try:
                return future.result(timeout=deadline)
            except FutureTimeout:
                if probe:
                    raise workers.abandon(handle, request_id, deadline) from None
                raise self._overdue(handle, request_id, deadline, write, func, kwargs) from None
            except StorageFull as exc:
                self.disk.failed(exc)
                raise
            except EngineCrashed as exc:
                self.quarantine.blame(key, exc.fault)
                raise

    async def acall(self, func: Callable[..., Any], *, timeout: float | None = None,
                    write: bool = False, remember: bool = False, **kwargs: Any) -> Any:
        """:meth:`call` for the event loop, which writes the request while that cannot block
        (:data:`ON_LOOP_BYTES`) and awaits the answer (blocking steps run in threads).
        ``remember``: the read's answer depends on nothing but its arguments and the store, so
        it is given back from :attr:`answers` while the store is unchanged."""
        key = key_of(func, kwargs) if remember and not write and self.answers.max_bytes else None
        if key is not None:
            return await self.answers.remembered(key, lambda: self.generation, lambda: self.acall(
                func, timeout=timeout, **kwargs))
        loop = asyncio.get_running_loop()
        if self.disk.room_again():
            await loop.run_in_executor(None, self._reopen_store)
        key = self.quarantine.admit(kwargs.get("text"))
        deadline = self._deadline(timeout, write)
        async with self.slots.aheld(slot_wait(deadline)):
            request_id, payload = self._message(func, deadline, kwargs)
            for _attempt in range(2):
                handle = self._active
                if handle is None or not handle.alive or self._closed:  # replacement under way
                    handle = await loop.run_in_executor(None, self._current)
                future = handle.register(request_id, len(payload))
                if sum(list(handle.sizes.values())) <= ON_LOOP_BYTES:  # cannot fill the pipe
                    sent = self._send(handle, request_id, future, payload)
                else:  # the worker may be slow to read: a full pipe would block the loop
                    sent = await loop.run_in_executor(None, self._send, handle, request_id,
                                                      future, payload)
                if sent:
                    break
                await loop.run_in_executor(None, self._replace, handle, "its pipe broke")
            else:
                raise EngineUnavailable("the query engine restarted; retry")
            waiter = asyncio.wrap_future(future)
            try:
                # shield: a timeout must not cancel ``future`` (the reader may be completing it)
                return await asyncio.wait_for(asyncio.shield(waiter), deadline)
            except StorageFull as exc:
                self.disk.failed(exc)
                raise
            except EngineCrashed as exc:
                self.quarantine.blame(key, exc.fault)
                raise
            except asyncio.TimeoutError:
                if future.done():  # answered just at the deadline
                    return future.result()
                error = await loop.run_in_executor(None, self._overdue, handle, request_id,
                                                   deadline, write, func, kwargs)
                raise error from None

    def _deadline(self, timeout: float | None, write: bool) -> float:
        """A request's deadline: ``timeout`` or the default, within the bounds."""
        return max(MIN_DEADLINE, min(
            timeout or (self.update_timeout if write else self.query_timeout), self.max_timeout))

    def _message(self, func: Callable[..., Any], deadline: float,
                 kwargs: dict[str, Any]) -> tuple[int, bytes]:
        """A request's id and message (plain pickle: ForkingPickler took 6% of a lookup)."""
        request_id = next(self._ids)
        return request_id, pickle.dumps((request_id, func, kwargs, waits_until(deadline)),
                                        pickle.HIGHEST_PROTOCOL)

    def _current(self) -> WorkerHandle:
        """The active worker; while a dead one is being replaced, wait for its successor (the
        replacement holds the lock until the spare is active, ~50 ms)."""
        handle = self._active
        if handle is None or not handle.alive:
            with self._lock:
                handle = self._active
        if handle is None or self._closed or not handle.alive:
            raise EngineUnavailable("the query engine is not running")
        return handle

    @staticmethod
    def _send(handle: WorkerHandle, request_id: int, future: Future, payload: bytes) -> bool:
        """Write a registered request to its worker's pipe; ``False`` when the pipe broke (the
        request was never delivered: the caller replaces the worker and tries the next)."""
        if not handle.send(payload):
            handle.forget(request_id)
            return False
        if not handle.alive and not future.done():  # replaced while we were sending
            handle.forget(request_id)
            raise EngineUnavailable("the query engine restarted; retry")
        return True

    def _overdue(self, handle: WorkerHandle, request_id: int, deadline: float, write: bool,
                 func: Callable[..., Any], kwargs: dict[str, Any]) -> KGError:
        """Replace the worker of a request past its deadline unless :mod:`.grace` spares it."""
        if grace.spared(handle, write, kwargs):
            return grace.abandon(handle, request_id, deadline, self._replace)
        handle.forget(request_id)
        self._replace(handle, f"a request ({getattr(func, '__name__', func)}) passed its "
                              f"{deadline:g} s deadline")
        error = UpdateTimeout if write else QueryTimeout
        return error(f"{'update' if write else 'query'} exceeded the {deadline:g} s limit; "
                     "it was stopped")

    # -- supervision ---------------------------------------------------------------------------

    def _reopen_store(self) -> None:
        """Replace the worker whose store is stuck refusing writes: the spare opens it again."""
        handle = self._active
        if handle is not None and self.disk.reason is not None:
            self._replace(handle, "the disk under the store has room again; reopening it")
        self.disk.reason = None

    def _activate(self, handle: WorkerHandle) -> WorkerHandle:
        workers.activate(handle, self.generation, self.start_timeout, self._saw_generation,
                         self._exited)
        return handle

    def _saw_generation(self, generation: int) -> None:
        self.generation = max(self.generation, generation)

    def _exited(self, handle: WorkerHandle) -> None:
        """The reader saw the worker's pipe close: replace it unless that was intended."""
        if handle.alive and not self._closed:
            self._replace(handle, "the worker process exited", crashed=True)

    def _replace(self, handle: WorkerHandle, reason: str, *, crashed: bool = False) -> None:
        """Kill ``handle`` (if still the active worker) and activate the spare; ``crashed``:
        the worker died by itself (its requests in flight share the blame)."""
        with self._lock:
            if not handle.alive or self._closed:
                return
            log.warning("restarting the query engine: %s", reason)
            workers.kill(handle, crashed=crashed)
            self.answers.clear()  # a write it committed may have lost its answer
            self.restarts += 1
            spare = self._spare or workers.spawn(self.settings, self.threads)
            self._spare = None
            try:
                self._active = self._activate(spare)
            except KGError:
                self._active = None
                raise
            self._spare = workers.spawn(self.settings, self.threads)


def engine_for(settings: Settings) -> Engine:
    """An engine with the settings' deadlines (not started); the cap on a request's deadline
    is never below the defaults (raising a default is never silently undone)."""
    return Engine(settings, query_timeout=settings.query_timeout,
                  update_timeout=settings.update_timeout,
                  max_timeout=max(settings.max_timeout, settings.query_timeout,
                                  settings.update_timeout))
