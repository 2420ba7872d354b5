"""How a remote store learns of writes it did not make (:class:`graph.store.remote.RemoteStore`).

Two looks at the engine, on one thread of the store's own (no request ever waits for them):

* every ``poll`` seconds, the journal (``g:journal``): another aikg process over the same
  engine records each of its writes there, so such a write is seen within ``poll`` seconds;
* every ``scan`` seconds (0: never), the size of every named graph: a write by a client that
  does not keep the journal (a bulk loader, another tool's ``INSERT``) changes it, and is seen
  within ``scan`` seconds. A change that keeps every graph's size (one literal replaced by
  another in the same graph) is not; the next aikg write or start sees it.

Either bumps the store's generation, and the caches built on it (projection, analytics,
search) rebuild. The scan costs the engine one grouped count over all quads (at 10M quads,
about a second on Oxigraph), hence its longer default interval.
"""

from __future__ import annotations

import threading
import time
from contextlib import AbstractContextManager
from typing import Protocol

SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


class Watched(Protocol):
    """What the watch needs of a remote store."""

    generation: int
    _writer: str | None

    def _journal_writer(self) -> str | None: ...
    def select(self, text: str, **kwargs: object) -> list[dict[str, object]]: ...
    def advance_generation(self, floor: int) -> None: ...


def graph_sizes(kg: Watched) -> frozenset[tuple[str, str]]:
    """Every named graph with its number of quads, as the engine counts them."""
    return frozenset((str(row["g"]), str(row["n"])) for row in kg.select(SIZES, union=False))


def watch(kg: Watched, *, poll: float, scan: float, closed: threading.Event,
          lock: AbstractContextManager[object]) -> None:
    """Look at the journal every ``poll`` seconds and at the graph sizes every ``scan`` seconds
    until ``closed`` is set, bumping ``kg``'s generation on a write made elsewhere."""
    sizes, sized_at, next_scan = None, kg.generation, time.monotonic() + scan
    while not closed.wait(poll):
        with lock:
            try:
                writer = kg._journal_writer()
            except Exception:  # an engine that is down now: requests say so themselves
                continue
            if writer != kg._writer:
                kg._writer = writer
                kg.advance_generation(kg.generation + 1)
        if scan <= 0 or time.monotonic() < next_scan:
            continue
        next_scan = time.monotonic() + scan
        before = kg.generation
        try:
            now = graph_sizes(kg)
        except Exception:
            continue
        if kg.generation != before:  # a write landed meanwhile: look again next time
            sizes = None
            continue
        if sizes is not None and now != sizes and before == sized_at:
            kg.advance_generation(before + 1)
        sizes, sized_at = now, kg.generation
