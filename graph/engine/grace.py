"""A worker warming up is not killed for a library call that passed its deadline.

A deadline exists to stop a runaway query: the worker is killed and a spare takes over. Right
after a start at 10M quads the worker reads its projection snapshot and its kept answers (tens
of seconds of one interpreter), and a page that takes 0.1 s later can take more than 10 s then.
Killing that worker threw its warm-up away, and its successor, asked the same pages, was killed
the same way: 27 clients asking every route during a restart got one kill (37 s to every
route) in one run and 21 in a row in another.

So while its worker has not said it is warm (``"warm"``, sent once its kept answers are read or
computed: :func:`graph.engine.worker.main`) and for at most :data:`WARMING_GRACE` seconds after
its activation, a **read that runs no client text** (a REST route, a page, a view: fixed,
bounded templates) past its deadline is *abandoned*: its caller hears 503 ``Retry-After`` at the
deadline, as before, the worker finishes the call and its answer is dropped. Never a write (a
write past its deadline must not be applied later), never a query or update a client wrote
(those can run away: they are killed, as always). A spared call still running
:data:`ABANDONED_FOR` seconds past its deadline gets the worker killed as before: that is how a
call that really hangs is caught.

How many calls may be abandoned at once is not capped. It was (``threads - 1``, to keep a thread
free), and under 27 clients at 10M that cap was reached in 3 of 7 restarts measured: the fourth
slow page got the worker killed, and its successor read the snapshot and the kept answers again
under the same load. While all its threads finish abandoned calls the worker answers nothing
new (callers hear 503 ``Retry-After`` at their deadline, as they would from a successor still
starting), and a thread that frees up refuses at once what waited past its deadline
(:func:`graph.switching.overdue`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from graph.engine.handle import WorkerHandle
from graph.errors import EngineUnavailable

WARMING_GRACE = 300.0
"""The longest a worker counts as warming up after its activation (seconds)."""
ABANDONED_FOR = 120.0
"""An abandoned call still running this long after its deadline gets its worker killed."""


def spared(handle: WorkerHandle, write: bool, kwargs: dict[str, Any]) -> bool:
    """Whether a call past its deadline leaves its worker alive (see the module's text)."""
    return (not write and "text" not in kwargs and not handle.warm
            and time.monotonic() - handle.activated < WARMING_GRACE)


def abandon(handle: WorkerHandle, request_id: int, deadline: float,
            replace: Callable[[WorkerHandle, str], None]) -> EngineUnavailable:
    """Stop waiting for a spared call (its late answer is dropped), watch that it ends within
    :data:`ABANDONED_FOR` seconds; the error for its caller."""
    handle.abandoned.add(request_id)  # before forget, and the reader discards after its own:
    if handle.forget(request_id) is None:  # whichever takes the future, the id does not stay
        handle.abandoned.discard(request_id)  # once answered (the answer came just now)

    def watch() -> None:
        if request_id in handle.abandoned:
            replace(handle, f"a request abandoned while the worker warmed up ran "
                            f"{ABANDONED_FOR:g} s past its deadline")

    timer = threading.Timer(ABANDONED_FOR, watch)
    timer.daemon = True
    timer.start()
    return EngineUnavailable(f"the query engine is warming up after a start and did not answer "
                             f"within {deadline:g} s; retry")
