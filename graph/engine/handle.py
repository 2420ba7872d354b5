"""One engine worker process seen from the supervisor: starting it, activating it, reading its
answers, and killing or stopping it.

A :class:`WorkerHandle` owns the process, the parent's end of its pipe and the requests sent to
it and not answered yet. :mod:`graph.engine.supervisor` decides *when* a worker is replaced;
this module only knows *how* to start, read, kill and stop one.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from graph.engine import worker
from graph.errors import EngineCrashed, EngineUnavailable, KGError, StoreUnavailable
from graph.settings import Settings

_CONTEXT = multiprocessing.get_context("spawn")


@dataclass
class WorkerHandle:
    """One worker process, its pipe and the requests waiting for it."""

    process: Any
    conn: Any
    pending: dict[int, Future] = field(default_factory=dict)
    sizes: dict[int, int] = field(default_factory=dict)
    """Bytes of each request message not answered yet (an upper bound of the unread bytes)."""
    send_lock: threading.Lock = field(default_factory=threading.Lock)
    alive: bool = True
    activated: float = 0.0
    """``time.monotonic()`` when it was ready."""
    warm: bool = False
    """It said its warm-up (the kept answers) is done (:mod:`graph.engine.grace`)."""
    abandoned: set[int] = field(default_factory=set)
    """Requests given up at their deadline while it warmed up, still running in it."""

    def register(self, request_id: int, size: int) -> Future:
        """Wait for an answer to ``request_id`` (a message of ``size`` bytes): its future."""
        future: Future = Future()
        self.sizes[request_id] = size
        self.pending[request_id] = future
        return future

    def forget(self, request_id: int) -> Future | None:
        """Stop waiting for a request's answer; its future, if it was still waited for."""
        self.sizes.pop(request_id, None)
        return self.pending.pop(request_id, None)

    def send(self, payload: bytes) -> bool:
        """Write a request message to the pipe; ``False`` when the pipe is broken or closed
        (the worker is dead, so the request was never delivered)."""
        try:
            with self.send_lock:
                self.conn.send_bytes(payload)
        except (OSError, ValueError):
            return False
        return True


def spawn(settings: Settings, threads: int) -> WorkerHandle:
    """Start a worker process; it imports everything, then waits to be activated."""
    parent, child = _CONTEXT.Pipe()
    process = _CONTEXT.Process(target=worker.main, args=(child, settings, threads),
                               name="aikg-engine", daemon=True)
    process.start()
    child.close()
    return WorkerHandle(process, parent)


def activate(handle: WorkerHandle, generation: int, timeout: float,
             on_answer: Callable[[int], None], on_exit: Callable[[WorkerHandle], None]) -> None:
    """Tell a spare to open the store (its generation starting above ``generation``), wait up
    to ``timeout`` seconds until it is ready, then read its answers on a thread:
    ``on_answer(generation)`` once ready and after each answer, ``on_exit(handle)`` once the
    pipe closes.

    Raises:
        StoreUnavailable: the worker did not start, or failed to open the store.
    """
    try:
        handle.conn.send(("activate", generation + 1))
        if not handle.conn.poll(timeout):
            handle.process.kill()
            raise StoreUnavailable("the query engine did not start in time")
        status, value = handle.conn.recv()
    except (EOFError, OSError):
        handle.process.join(timeout=5)
        raise StoreUnavailable("the query engine's worker process failed to start") from None
    if status != "ready":
        handle.process.join(timeout=5)
        raise value if isinstance(value, KGError) else StoreUnavailable(str(value))
    handle.activated = time.monotonic()
    on_answer(value)  # the store's generation as the worker opened it
    threading.Thread(target=_read, args=(handle, on_answer, on_exit),
                     name="aikg-engine-reader", daemon=True).start()


def _read(handle: WorkerHandle, on_answer: Callable[[int], None],
          on_exit: Callable[[WorkerHandle], None]) -> None:
    """Deliver the worker's answers to their futures; call ``on_exit`` when the pipe closes."""
    while True:
        try:
            request_id, status, value, generation = handle.conn.recv()
        except (EOFError, OSError):
            break
        on_answer(generation)
        if request_id == worker.WARM:
            handle.warm = True
            continue
        future = handle.forget(request_id)
        handle.abandoned.discard(request_id)  # after forget: see grace.abandon
        if future is None:
            continue
        if status == "ok":
            future.set_result(value)
        else:
            future.set_exception(value)
    on_exit(handle)


def abandon(handle: WorkerHandle, request_id: int, deadline: float) -> EngineUnavailable:
    """Stop waiting for a probe past its deadline, keeping its worker (the late answer is
    dropped); the error for its caller. At 10M a worker reading its snapshot holds the
    interpreter for seconds at a time: a ``/health`` asked then got it killed, then its
    successor, and the next (a restart loop)."""
    handle.forget(request_id)
    return EngineUnavailable(f"the query engine did not answer within {deadline:g} s (busy); "
                             "retry")


def kill(handle: WorkerHandle, *, crashed: bool) -> int:
    """SIGKILL the worker, close its pipe and fail every request still waiting for it: with
    :class:`~graph.errors.EngineCrashed` (sharing the blame) when the worker died by itself,
    else :class:`~graph.errors.EngineUnavailable`; how many requests were waiting."""
    handle.alive = False
    handle.process.kill()
    handle.process.join()
    handle.conn.close()
    waiting = [f for f in handle.pending.values() if not f.done()]
    for future in waiting:
        future.set_exception(
            EngineCrashed("the query engine crashed while running this request; retry",
                          suspects=len(waiting)) if crashed else
            EngineUnavailable("the query engine restarted; retry"))
    handle.pending.clear()
    handle.sizes.clear()
    return len(waiting)


def stop(handles: list[WorkerHandle]) -> None:
    """Ask workers to stop (requests in flight finish first; the active one closes the store),
    and kill any that has not stopped within 10 s."""
    for handle in handles:
        handle.alive = False
        try:
            with handle.send_lock:
                handle.conn.send(None)
        except OSError:
            pass
    for handle in handles:
        handle.process.join(timeout=10)
        if handle.process.is_alive():
            handle.process.kill()
            handle.process.join()
        handle.conn.close()
