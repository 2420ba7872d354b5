"""The engine's worker process: it owns the store and runs library functions on it.

Started by :class:`graph.engine.supervisor.Engine` with the ``spawn`` method; ``None`` on the pipe stops it.
A worker first waits, idle
but with its imports done, until it is told to activate; then it opens the store (on disk, or a
fresh in-memory one seeded from the files), installs the seeds and answers requests. Each request
``(id, function, kwargs)`` runs ``function(store, **kwargs)`` on one of a few threads, the one that
took it off the pipe (pyoxigraph releases the GIL while it works), and is answered
``(id, "ok", value)`` or ``(id, "error", exc)``.

The worker is crash-only: when a request passes its deadline, or the engine crashes (pyoxigraph can
abort the process on some inputs), the supervisor kills it and activates a spare. Nothing in here
tries to recover.
"""

from __future__ import annotations

import ctypes
import importlib
import logging
import multiprocessing
import os
import pickle
import pkgutil
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

import graph.analytics.compute  # noqa: F401  (these five register their kept answers, in
import graph.analytics.funding  # noqa: F401   the order they are warmed up at start)
import graph.analytics.network  # noqa: F401  (registers the analytics precomputation)
import graph.analytics.questions  # noqa: F401
import graph.explore.label_file  # noqa: F401  (registers the search index warm-up)
import graph.explore.source_index  # noqa: F401
import graph.sparql.description  # noqa: F401
from graph.engine.slow_log import SlowLog
from graph.errors import EngineUnavailable, InternalError, KGError, StoreUnavailable
from graph.projection import snapshot
from graph.projection.cache import projection, start_build
from graph.settings import Settings
from graph.store import kept
from graph.store.backends import open_store as open_backend
from graph.store.base import KnowledgeStore
from graph.store.leftovers import sweep
from graph.store.seeding import ensure_seeded
from graph.switching import STARTUP_QUIET, overdue, quiet, serving

log = logging.getLogger("aikg.worker")
HEAVY = ("scipy.spatial", "rdflib.plugins.sparql.parser",
         "rdflib.plugins.sparql.algebra", "rdflib.plugins.stores.memory",
         "encodings.unicode_escape", "encodings.utf_32_le")
"""Libraries (and codecs) some requests import where they use them (layouts, the journal
of an update, the graph an update's guard reads (rdflib's default store, a plugin imported at
the first ``rdflib.Graph()``), JSON and literal decoding), preloaded by :func:`preload`."""

ENGINE_STACK_BYTES = 256 * 1024 * 1024
"""Stack of the worker's threads. pyoxigraph's parser and planner recurse on the calling
thread; the guard (:mod:`graph.sparql.guard`) keeps texts within half of what an 8 MiB stack takes,
and this reserve (address space, used only as touched) gives 32 times more room still."""


def die_with_parent() -> None:
    """Exit as soon as the supervising process is gone, even if it was SIGKILLed: an orphaned
    worker would keep the store locked and the restarted service could not open it."""
    try:  # Linux: the kernel sends SIGKILL when the parent dies
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    parent = multiprocessing.parent_process()
    if parent is not None:
        def watch() -> None:
            multiprocessing.connection.wait([parent.sentinel])
            os._exit(1)
        threading.Thread(target=watch, name="aikg-parent-watch", daemon=True).start()


WARM = 0
"""The request id of the message saying the warm-up is done (:mod:`graph.engine.grace`)."""
PRELOADED = threading.Event()
"""Set once :func:`preload` is done in this process."""
SPARE_AFTER = 0.2
"""A worker not told to activate within this many seconds of its start is a spare."""


def preload() -> None:
    """Import the whole library and :data:`HEAVY`, so that no request imports a module: a
    function sent to the worker is imported when it is unpickled, and an import holds the
    interpreter. At 10M, 27 clients asking every route during a restart got the worker killed
    21 times in a row by ``/view/entity/{hub}``, whose first call imported ``scipy.spatial``
    beside the restart's work (8.8 s). Run on a thread (~1 s of CPU): in a spare while it waits
    to be activated, in a worker activated at once (an engine's first) as soon as it is ready
    (starting an engine took twice as long with it before), while its projection loads."""
    import graph

    try:
        for module in pkgutil.walk_packages(graph.__path__, "graph."):
            importlib.import_module(module.name)
        for name in HEAVY:
            importlib.import_module(name)
        importlib.import_module("graph.views.pyvis_class").network_class()  # pyvis, without IPython
    finally:
        PRELOADED.set()


def open_store(settings: Settings, wait: float = 10.0) -> KnowledgeStore:
    """Open and seed the store (embedded, or the SPARQL engine at ``settings.store_url``),
    waiting a little for a dying predecessor to release it (or for the engine to answer).
    A read-only process over a remote engine does not seed it: it may be a replica, and the one
    process that writes seeds."""
    deadline = time.monotonic() + wait
    while True:
        try:
            kg = open_backend(settings)
            break
        except (StoreUnavailable, EngineUnavailable):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    if not (settings.read_only and settings.store_url):
        ensure_seeded(kg, settings)
    return kg


def first_size(kg: KnowledgeStore, first: Any) -> int:
    """Nodes of the projection built at start (``first`` its build), once it is built and the
    requests that waited for it are answered (at most ``STARTUP_QUIET`` seconds): at 10M the
    kept answers are ~150 MB of JSON whose reading holds the interpreter for a second at a
    time, and read at once they made a restart's first hub page take 8 s instead of 1. Nodes,
    not relations: counting those walks every node's adjacency (2.4 s at 10M under load)."""
    if first is not None:
        first.done.wait()
    quiet(STARTUP_QUIET)
    try:
        return projection(kg, wait=0.0).number_of_nodes()
    except KGError:  # a write came meanwhile: its refresh is under way
        return 0


def main(conn: Connection, settings: Settings, threads: int) -> None:
    """Entry point of a worker process (must stay importable and picklable)."""
    threading.stack_size(ENGINE_STACK_BYTES)
    die_with_parent()
    spare = not conn.poll(SPARE_AFTER)  # not activated at once: a spare, which nobody waits for
    if spare:
        threading.Thread(target=preload, name="aikg-preload", daemon=True).start()
    try:
        message = conn.recv()
    except (EOFError, OSError):  # a spare that was never needed
        return
    if not (isinstance(message, tuple) and message[0] == "activate"):
        return
    try:
        kg = open_store(settings)
    except KGError as exc:
        conn.send(("failed", exc))
        return
    kg.advance_generation(message[1])  # monotonic across restarts (/health, caches)
    directory = kept.place(kg)
    if directory is not None:  # a predecessor killed while writing left its temporary files
        sweep(directory.parent, prefix="aikg-")  # RocksDB's own files are never touched
        sweep(directory)
    conn.send(("ready", kg.generation))  # where the front counts from
    if not spare:  # a starting engine's own worker: once ready (its caller waits until then)
        threading.Thread(target=preload, name="aikg-preload", daemon=True).start()
    # Warm the relationship projection now rather than on the first REST request; its listeners
    # precompute the whole-graph analytics (graph.analytics.network registers one on import).
    first = start_build(kg)
    # The whole-store answers kept beside the store are read back now; the others are computed
    # once the first projection is built (graph.store.kept).
    slow = SlowLog(after=0.8 * settings.query_timeout)  # logged before the supervisor kills
    slow.start()
    warming = kept.warm(kg, built=lambda: first_size(kg, first))
    send_lock = threading.Lock()

    def reply(request_id: int, status: str, value: Any) -> None:
        message = pickle.dumps((request_id, status, value, kg.generation), pickle.HIGHEST_PROTOCOL)
        with send_lock:
            conn.send_bytes(message)

    def say_warm() -> None:  # the supervisor's grace for slow reads ends (graph.engine.grace)
        if warming is not None:
            warming.join()
        elif first is not None:
            first.done.wait()
        try:
            reply(WARM, "warm", None)
        except (OSError, ValueError):  # stopping
            pass

    threading.Thread(target=say_warm, name="aikg-warm", daemon=True).start()

    def run(request_id: int, func: Callable[..., Any], kwargs: dict[str, Any],
            until: float | None = None) -> None:
        if overdue(until):  # queued behind slower requests: refused before it could be late
            reply(request_id, "error", EngineUnavailable(  # Retry-After: 1
                "the query engine is busy (this request waited its turn too long to be "
                "answered within its deadline); retry"))
            return
        generation = kg.generation
        try:
            with slow.running(getattr(func, "__name__", str(func))), serving(until):
                value = func(kg, **kwargs)
            if kg.generation != generation:  # a write: refresh the projection (and, through
                start_build(kg)              # its listeners, the analytics) right away
        except KGError as exc:
            reply(request_id, "error", exc)
        except Exception:  # a bug: log it here, tell the caller nothing more
            log.exception("request %s (%s) failed", request_id, getattr(func, "__name__", func))
            reply(request_id, "error", InternalError(
                f"internal error in the query engine (request {request_id}); the server log "
                f"has details"))
        else:
            reply(request_id, "ok", value)

    receive_lock = threading.Lock()
    stopping = threading.Event()

    def serve() -> None:
        """Take the next request off the pipe and run it in this same thread (no hand-off
        to another thread per request); ``threads`` of these run at once."""
        while True:
            with receive_lock:
                if stopping.is_set():
                    return
                try:
                    message = conn.recv()
                except (EOFError, OSError):
                    message = None
                if message is None:  # the supervisor asks us to stop (or is gone)
                    stopping.set()
                    return
            run(*message)

    servers = [threading.Thread(target=serve, name=f"aikg-engine_{i}") for i in range(threads)]
    for server in servers:
        server.start()
    for server in servers:
        server.join()  # requests in flight finish first
    snapshot.finish()  # the last projection, for the next start (within the supervisor's 10 s)
    kg.close()
