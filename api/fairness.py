"""Client fairness: a client whose requests keep costing engine restarts is slowed, then refused.

An ASGI middleware. A request answered with an engine fault adds to its client's score (the
client is its address, as in :mod:`api.admission`): 1 when it passed its deadline (its worker
was killed), its share when it was in flight on a worker that crashed
(:attr:`graph.errors.EngineUnavailable.fault`). Scores halve every ``half_life`` seconds. From
``slow_at``, each request of the client first waits ``delay`` × score seconds (at most
``max_delay``); on reaching ``refuse_at``, the client's requests are answered **429**
``client_quarantined`` with ``Retry-After`` until its score has decayed back to ``slow_at``
(one half-life with the defaults), without reaching the engine. ``/health`` is never held up.
A text that crashed the engine is also refused by itself for a while
(:mod:`graph.engine.quarantine`).
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from typing import Any

Scope = dict[str, Any]

FAULT_KEY = "engine_fault"
"""Where :func:`api.errors.handle_kg_error` notes a request's engine fault (``scope["state"]``)."""


class Fairness:
    """Per-client fault scores that slow, then refuse, clients who cost engine restarts.

    Args:
        app: the ASGI application to protect.
        half_life: seconds in which a score halves.
        slow_at: score from which a client's requests are delayed.
        refuse_at: score at which its requests are refused until it decays to ``slow_at``.
        delay: seconds of delay per point of score.
        max_delay: the longest delay.
    """

    def __init__(self, app: Any, *, half_life: float = 60.0, slow_at: float = 2.0,
                 refuse_at: float = 4.0, delay: float = 0.5, max_delay: float = 4.0,
                 max_clients: int = 100_000) -> None:
        self.app = app
        self.half_life, self.slow_at, self.refuse_at = half_life, slow_at, refuse_at
        self.delay, self.max_delay, self.max_clients = delay, max_delay, max_clients
        self._scores: dict[str, tuple[float, float]] = {}
        """client → (score, when it was last changed)."""
        self._refused_until: dict[str, float] = {}

    def score(self, client: str, now: float) -> float:
        """The client's score now."""
        score, when = self._scores.get(client, (0.0, now))
        return score * 0.5 ** ((now - when) / self.half_life)

    def blame(self, client: str, fault: float, now: float) -> None:
        """Add ``fault`` to the client's score; refuse it for a while when it reaches
        ``refuse_at``."""
        score = self.score(client, now) + fault
        self._scores.pop(client, None)
        self._scores[client] = (score, now)  # newest last: the oldest are dropped first
        if score >= self.refuse_at * 0.999:  # four faults in a row are four, not 3.9999
            self._refused_until[client] = now + self.half_life * math.log2(score / self.slow_at)
        for table in (self._scores, self._refused_until):
            while len(table) > self.max_clients:
                del table[next(iter(table))]

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] == "/health":
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        now = time.monotonic()
        until = self._refused_until.get(client)
        if until is not None:
            if until > now:
                await _refuse(send, math.ceil(until - now))
                return
            del self._refused_until[client]
        score = self.score(client, now)
        if score >= self.slow_at:
            await asyncio.sleep(min(self.max_delay, self.delay * score))
        state = scope.setdefault("state", {})
        try:
            await self.app(scope, receive, send)
        finally:
            fault = state.get(FAULT_KEY)
            if fault:
                self.blame(client, fault, time.monotonic())


async def _refuse(send: Any, retry_after: int) -> None:
    body = json.dumps({
        "error": "client_quarantined",
        "message": "your recent requests kept stopping or crashing the query engine; retry in "
                   f"{retry_after} s"}).encode()
    await send({"type": "http.response.start", "status": 429, "headers": [
        (b"content-type", b"application/json"), (b"retry-after", str(retry_after).encode()),
        (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
