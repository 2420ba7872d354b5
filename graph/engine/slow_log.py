"""The worker's log of slow requests: where a request stands when it is about to pass its
deadline, so the log says why the supervisor killed the worker.

A worker killed at its deadline leaves no trace of what the request was doing: the kill is a
SIGKILL. So each request running in the worker is noted with its thread
(:meth:`SlowLog.running`); a watchdog thread looks once a second, and logs one warning for
each request older than ``after`` seconds, with that request's stack and the top frame of
every other thread (what it waited behind).
"""

from __future__ import annotations

import logging
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger("aikg.worker")


class SlowLog:
    """Requests running in the worker, and a watchdog logging the ones older than ``after``."""

    def __init__(self, after: float) -> None:
        self.after = after
        self._running: dict[int, tuple[str, float]] = {}
        self._logged: set[int] = set()
        self._lock = threading.Lock()

    @contextmanager
    def running(self, name: str) -> Iterator[None]:
        """Note the calling thread as running the request ``name`` while in the block."""
        ident = threading.get_ident()
        with self._lock:
            self._running[ident] = (name, time.monotonic())
            self._logged.discard(ident)
        try:
            yield
        finally:
            with self._lock:
                self._running.pop(ident, None)

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self._watch, name="aikg-slow-log", daemon=True)
        thread.start()
        return thread

    def _watch(self) -> None:
        while True:
            time.sleep(1.0)
            self.check()

    def check(self) -> list[str]:
        """Log (and return) the reports of the requests past ``after`` not logged yet."""
        now = time.monotonic()
        with self._lock:
            late = [(ident, name, now - started) for ident, (name, started)
                    in self._running.items() if now - started > self.after
                    and ident not in self._logged]
            self._logged.update(ident for ident, _, _ in late)
        if not late:
            return []
        frames = sys._current_frames()
        names = {t.ident: t.name for t in threading.enumerate()}
        reports = []
        for ident, name, seconds in late:
            stack = "".join(traceback.format_stack(frames[ident])) if ident in frames else ""
            others = "\n".join(
                f"  {names.get(other, other)}: {_top(frame)}" for other, frame in frames.items()
                if other != ident)
            reports.append(f"request {name} has run {seconds:.1f} s; its stack:\n{stack}"
                           f"the other threads:\n{others}")
            log.warning("%s", reports[-1])
        return reports


def _top(frame: object) -> str:
    summary = traceback.extract_stack(frame, limit=1)  # type: ignore[arg-type]
    return f"{summary[-1].name} ({summary[-1].filename}:{summary[-1].lineno})" if summary else "?"
