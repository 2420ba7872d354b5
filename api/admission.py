"""Admission control: a client may run only a few engine operations at once.

An ASGI middleware in front of the routes that reach the query engine (``/sparql``, ``/store``).
It counts requests in flight per client address and in total; a request over either limit is
answered at once with **429** ``too_many_requests`` and ``Retry-After`` instead of queueing behind
expensive queries (the Wikidata Query Service model). Other routes (``/health``, the docs) are
never throttled, so the service stays observable under load.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from typing import Any

Scope = dict[str, Any]

THROTTLED_PREFIXES = ("/sparql", "/store")


class AdmissionControl:
    """Per-client and total limits on concurrent engine requests.

    Args:
        app: the ASGI application to protect.
        per_client: requests one client address may have in flight.
        total: requests all clients together may have in flight.
    """

    def __init__(self, app: Any, *, per_client: int = 2, total: int = 12) -> None:
        self.app = app
        self.per_client = per_client
        self.total = total
        self._lock = threading.Lock()
        self._in_flight: Counter[str] = Counter()

    def _admit(self, client: str) -> str | None:
        """Count the request in, or say why it is refused."""
        with self._lock:
            if self._in_flight[client] >= self.per_client:
                return f"at most {self.per_client} concurrent requests per client"
            if sum(self._in_flight.values()) >= self.total:
                return f"the server is busy ({self.total} requests in flight)"
            self._in_flight[client] += 1
            return None

    def _release(self, client: str) -> None:
        with self._lock:
            self._in_flight[client] -= 1
            if self._in_flight[client] <= 0:
                del self._in_flight[client]

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(THROTTLED_PREFIXES):
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        refusal = self._admit(client)
        if refusal is not None:
            await _too_many(send, refusal)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self._release(client)


async def _too_many(send: Any, message: str) -> None:
    body = json.dumps({"error": "too_many_requests", "message": message}).encode()
    await send({"type": "http.response.start", "status": 429, "headers": [
        (b"content-type", b"application/json"), (b"retry-after", b"1"),
        (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
