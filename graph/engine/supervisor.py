"""The query engine: a supervised worker process that owns the store, with hard deadlines.

Neither pyoxigraph nor rdflib can cancel a running query, and pyoxigraph can abort the whole
process on some inputs. So the store lives in a worker process (:mod:`graph.engine.worker`) and the
service talks to it through :meth:`Engine.call`. Every call has a deadline; when it passes, or
when the worker dies, the supervisor SIGKILLs the worker, fails every request in flight on it with
:class:`~graph.errors.EngineUnavailable` (HTTP 503 with ``Retry-After``) and activates a spare
worker that was started in advance, so the next request is answered at once. Writes are
transactions in the store: a killed worker's write is either fully there or absent.

With an in-memory store (``settings.store_path is None``, used by tests) each worker seeds its
own store, so writes do not survive a restart.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from multiprocessing.reduction import ForkingPickler
from typing import Any

from graph.engine import worker
from graph.errors import EngineUnavailable, KGError, QueryTimeout, StoreUnavailable, UpdateTimeout
from graph.settings import Settings

log = logging.getLogger("aikg.engine")
_CONTEXT = multiprocessing.get_context("spawn")
ON_LOOP_BYTES = 32 * 1024
""":meth:`Engine.acall` writes to the pipe from the event loop only while the messages not yet
answered total at most this much: far below a socket buffer (over 200 KiB on Linux), so the
write cannot wait for the worker to read (which it may not, with all its threads busy)."""


@dataclass
class _Worker:
    """One worker process, its pipe and the requests waiting for it."""

    process: Any
    conn: Any
    pending: dict[int, Future] = field(default_factory=dict)
    sizes: dict[int, int] = field(default_factory=dict)
    """Bytes of each request message not answered yet (an upper bound of the unread bytes)."""
    send_lock: threading.Lock = field(default_factory=threading.Lock)
    alive: bool = True


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
        self.restarts = 0
        """How many times a worker was replaced (deadline or crash)."""
        self.generation = 0
        """The newest store generation a worker reported; a new worker starts above it."""
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._active: _Worker | None = None
        self._spare: _Worker | None = None
        self._closed = False

    # -- life cycle ----------------------------------------------------------------------------

    def start(self) -> Engine:
        """Start the first worker (opening and seeding the store) and a spare."""
        with self._lock:
            self._active = self._activate(self._spawn())
            self._spare = self._spawn()
        return self

    def close(self) -> None:
        """Stop both workers; the active one closes (flushes) the store."""
        with self._lock:
            self._closed = True
            for handle in (self._active, self._spare):
                if handle is not None:
                    handle.alive = False
                    try:
                        with handle.send_lock:
                            handle.conn.send(None)
                    except OSError:
                        pass
            for handle in (self._active, self._spare):
                if handle is not None:
                    handle.process.join(timeout=10)
                    if handle.process.is_alive():
                        handle.process.kill()
                        handle.process.join()
                    handle.conn.close()
            self._active = self._spare = None

    def __enter__(self) -> Engine:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pid(self) -> int | None:
        """Process id of the active worker."""
        handle = self._active
        return handle.process.pid if handle else None

    # -- calls ---------------------------------------------------------------------------------

    def call(self, func: Callable[..., Any], *, timeout: float | None = None,
             write: bool = False, **kwargs: Any) -> Any:
        """Run ``func(store, **kwargs)`` in the worker and return its value.

        ``func`` must be a module-level function; arguments and value must be picklable.
        ``timeout`` (capped at ``max_timeout``) defaults to the query or update deadline.

        Raises:
            KGError: whatever ``func`` raised.
            QueryTimeout, UpdateTimeout: the deadline passed; the worker was replaced.
            EngineUnavailable: the worker died or was replaced while this call was in flight.
        """
        handle, request_id, future, deadline = self._submit(func, timeout, write, kwargs)
        try:
            return future.result(timeout=deadline)
        except FutureTimeout:
            raise self._expired(handle, request_id, deadline, write) from None

    async def acall(self, func: Callable[..., Any], *, timeout: float | None = None,
                    write: bool = False, **kwargs: Any) -> Any:
        """:meth:`call` for the event loop: waits for the answer without holding a thread.

        The request is written to the pipe from the loop while that cannot block
        (:data:`ON_LOOP_BYTES`), else from a thread; the answer is awaited on the loop, woken by
        the reader thread. Replacing a worker (deadline passed, pipe broken) blocks, so it runs
        in a thread. Same arguments, value and errors as :meth:`call`.
        """
        handle, request_id, future, deadline, payload = self._prepare(func, timeout, write,
                                                                      kwargs)
        loop = asyncio.get_running_loop()
        if sum(list(handle.sizes.values())) <= ON_LOOP_BYTES:  # cannot fill the pipe
            sent = self._send(handle, request_id, future, payload)
        else:  # the worker may be slow to read: a full pipe would block the loop
            sent = await loop.run_in_executor(None, self._send, handle, request_id, future,
                                              payload)
        if not sent:
            await loop.run_in_executor(None, self._replace, handle, "its pipe broke")
            raise EngineUnavailable("the query engine restarted; retry")
        waiter = asyncio.wrap_future(future)
        try:
            # shield: a timeout must not cancel ``future`` (the reader may be completing it)
            return await asyncio.wait_for(asyncio.shield(waiter), deadline)
        except asyncio.TimeoutError:
            if future.done():  # answered just at the deadline
                return future.result()
            error = await loop.run_in_executor(None, self._expired, handle, request_id,
                                               deadline, write)
            raise error from None

    def _submit(self, func: Callable[..., Any], timeout: float | None, write: bool,
                kwargs: dict[str, Any]) -> tuple[_Worker, int, Future, float]:
        """Send one request to the active worker: its handle, id, future and deadline."""
        handle, request_id, future, deadline, payload = self._prepare(func, timeout, write,
                                                                      kwargs)
        if not self._send(handle, request_id, future, payload):
            self._replace(handle, "its pipe broke")
            raise EngineUnavailable("the query engine restarted; retry")
        return handle, request_id, future, deadline

    def _prepare(self, func: Callable[..., Any], timeout: float | None, write: bool,
                 kwargs: dict[str, Any]) -> tuple[_Worker, int, Future, float, bytes]:
        """A request for the active worker, registered: handle, id, future, deadline and the
        pickled message."""
        deadline = min(timeout or (self.update_timeout if write else self.query_timeout),
                       self.max_timeout)
        handle = self._active
        if handle is None or self._closed:
            raise EngineUnavailable("the query engine is not running")
        request_id = next(self._ids)
        payload = bytes(ForkingPickler.dumps((request_id, func, kwargs)))
        future: Future = Future()
        handle.sizes[request_id] = len(payload)
        handle.pending[request_id] = future
        return handle, request_id, future, deadline, payload

    def _send(self, handle: _Worker, request_id: int, future: Future, payload: bytes) -> bool:
        """Write a prepared request to its worker's pipe; ``False`` when the pipe broke (the
        caller replaces the worker)."""
        try:
            with handle.send_lock:
                handle.conn.send_bytes(payload)
        except (OSError, ValueError):
            handle.pending.pop(request_id, None)
            handle.sizes.pop(request_id, None)
            return False
        if not handle.alive and not future.done():  # replaced while we were sending
            handle.pending.pop(request_id, None)
            raise EngineUnavailable("the query engine restarted; retry")
        return True

    def _expired(self, handle: _Worker, request_id: int, deadline: float,
                 write: bool) -> KGError:
        """Replace the worker of a request past its deadline; the error to raise."""
        handle.pending.pop(request_id, None)
        handle.sizes.pop(request_id, None)
        self._replace(handle, f"a request passed its {deadline:g} s deadline")
        error = UpdateTimeout if write else QueryTimeout
        return error(f"{'update' if write else 'query'} exceeded the {deadline:g} s limit; "
                     "it was stopped")

    # -- supervision ---------------------------------------------------------------------------

    def _spawn(self) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=worker.main, args=(child, self.settings, self.threads),
                                   name="aikg-engine", daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def _activate(self, handle: _Worker) -> _Worker:
        try:
            handle.conn.send(("activate", self.generation + 1))
            if not handle.conn.poll(self.start_timeout):
                handle.process.kill()
                raise StoreUnavailable("the query engine did not start in time")
            status, value = handle.conn.recv()
        except (EOFError, OSError):
            handle.process.join(timeout=5)
            raise StoreUnavailable("the query engine's worker process failed to start") \
                from None
        if status != "ready":
            handle.process.join(timeout=5)
            raise value if isinstance(value, KGError) else StoreUnavailable(str(value))
        threading.Thread(target=self._read, args=(handle,), name="aikg-engine-reader",
                         daemon=True).start()
        return handle

    def _read(self, handle: _Worker) -> None:
        """Deliver the worker's answers; notice when it dies."""
        while True:
            try:
                request_id, status, value, generation = handle.conn.recv()
            except (EOFError, OSError):
                break
            self.generation = max(self.generation, generation)
            future = handle.pending.pop(request_id, None)
            handle.sizes.pop(request_id, None)
            if future is None:
                continue
            if status == "ok":
                future.set_result(value)
            else:
                future.set_exception(value)
        if handle.alive and not self._closed:
            self._replace(handle, "the worker process exited")

    def _replace(self, handle: _Worker, reason: str) -> None:
        """Kill ``handle`` (if still the active worker) and activate the spare."""
        with self._lock:
            if not handle.alive or self._closed:
                return
            handle.alive = False
            log.warning("restarting the query engine: %s", reason)
            handle.process.kill()
            handle.process.join()
            handle.conn.close()
            for future in handle.pending.values():
                if not future.done():
                    future.set_exception(
                        EngineUnavailable("the query engine restarted; retry"))
            handle.pending.clear()
            self.restarts += 1
            spare = self._spare or self._spawn()
            self._spare = None
            try:
                self._active = self._activate(spare)
            except KGError:
                self._active = None
                raise
            self._spare = self._spawn()
