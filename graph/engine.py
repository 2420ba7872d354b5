"""The query engine: a supervised worker process that owns the store, with hard deadlines.

Neither pyoxigraph nor rdflib can cancel a running query, and pyoxigraph can abort the whole
process on some inputs. So the store lives in a worker process (:mod:`graph.worker`) and the
service talks to it through :meth:`Engine.call`. Every call has a deadline; when it passes, or
when the worker dies, the supervisor SIGKILLs the worker, fails every request in flight on it with
:class:`~graph.errors.EngineUnavailable` (HTTP 503 with ``Retry-After``) and activates a spare
worker that was started in advance, so the next request is answered at once. Writes are
transactions in the store: a killed worker's write is either fully there or absent.

With an in-memory store (``settings.store_path is None``, used by tests) each worker seeds its
own store, so writes do not survive a restart.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any

from graph import worker
from graph.errors import EngineUnavailable, KGError, QueryTimeout, StoreUnavailable, \
    UpdateTimeout
from graph.settings import Settings

log = logging.getLogger("aikg.engine")
_CONTEXT = multiprocessing.get_context("spawn")


@dataclass
class _Worker:
    """One worker process, its pipe and the requests waiting for it."""

    process: Any
    conn: Any
    pending: dict[int, Future] = field(default_factory=dict)
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
        deadline = min(timeout or (self.update_timeout if write else self.query_timeout),
                       self.max_timeout)
        handle = self._active
        if handle is None or self._closed:
            raise EngineUnavailable("the query engine is not running")
        request_id = next(self._ids)
        future: Future = Future()
        handle.pending[request_id] = future
        try:
            with handle.send_lock:
                handle.conn.send((request_id, func, kwargs))
        except (OSError, ValueError):
            handle.pending.pop(request_id, None)
            self._replace(handle, "its pipe broke")
            raise EngineUnavailable("the query engine restarted; retry") from None
        if not handle.alive and not future.done():  # replaced while we were sending
            handle.pending.pop(request_id, None)
            raise EngineUnavailable("the query engine restarted; retry")
        try:
            return future.result(timeout=deadline)
        except FutureTimeout:
            handle.pending.pop(request_id, None)
            self._replace(handle, f"a request passed its {deadline:g} s deadline")
            error = UpdateTimeout if write else QueryTimeout
            raise error(f"{'update' if write else 'query'} exceeded the {deadline:g} s limit; "
                        "it was stopped") from None

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
            handle.conn.send("activate")
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
                request_id, status, value = handle.conn.recv()
            except (EOFError, OSError):
                break
            future = handle.pending.pop(request_id, None)
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
