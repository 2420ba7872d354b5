"""Quarantine of texts that crashed the engine: a loop of one cannot restart it again and again.

The engine sees which requests were in flight on a worker when it died (each is answered
:class:`~graph.errors.EngineCrashed`); it cannot tell which of them killed it, so each gets an
equal share of the blame. A text (a SPARQL query or update, keyed by a hash of its normalised
form) whose blame reaches 1 — alone in flight at one crash, or among two at two crashes — is
refused at once with :class:`~graph.errors.QueryQuarantined` (503, ``Retry-After``) for
:data:`QUARANTINE_SECONDS`, without reaching the engine. Blame below 1 is forgotten after the
same time. Clients who vary the text are slowed and refused by ``api.fairness`` instead.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
import unicodedata

from graph.errors import QueryQuarantined

QUARANTINE_SECONDS = 600.0
"""How long a text that crashed the engine is refused."""


def text_key(text: str) -> str:
    """The quarantine key of a text: SHA-256 of its NFC form with runs of white space made one
    space (re-spacing a query does not get it past the quarantine)."""
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


class Quarantine:
    """Blame per text key, and the texts refused for now (thread-safe)."""

    def __init__(self, seconds: float = QUARANTINE_SECONDS, limit: int = 10_000) -> None:
        self.seconds = seconds
        self.limit = limit
        """Keys remembered at most (the oldest are forgotten first)."""
        self._lock = threading.Lock()
        self._blame: dict[str, tuple[float, float]] = {}
        """key → (blame, when it was last blamed)."""
        self._until: dict[str, float] = {}
        """key → when its quarantine ends."""

    def admit(self, text: object) -> str | None:
        """The key of a call's ``text`` argument (``None`` when it has none).

        Raises:
            QueryQuarantined: the text crashed the engine less than ``seconds`` ago.
        """
        if not isinstance(text, str):
            return None
        key = text_key(text)
        with self._lock:
            until = self._until.get(key)
            now = time.monotonic()
            if until is not None and until <= now:
                del self._until[key]
                until = None
        if until is not None:
            raise QueryQuarantined(
                "this query crashed the query engine a moment ago and is refused for "
                f"{math.ceil(until - now)} s; change it (the guard could not bound its cost)",
                retry_after=math.ceil(until - now))
        return key

    def blame(self, key: str | None, share: float) -> None:
        """The engine crashed with the text ``key`` in flight; ``share`` of the blame is its."""
        if key is None:
            return
        now = time.monotonic()
        with self._lock:
            blame, when = self._blame.get(key, (0.0, now))
            blame = (blame if now - when < self.seconds else 0.0) + share
            if blame >= 1.0 - 1e-9:
                self._blame.pop(key, None)
                self._until[key] = now + self.seconds
            else:
                self._blame[key] = (blame, now)
            for table in (self._blame, self._until):
                while len(table) > self.limit:
                    del table[next(iter(table))]

    def quarantined(self) -> int:
        """How many texts are refused now."""
        now = time.monotonic()
        with self._lock:
            return sum(1 for until in self._until.values() if until > now)
