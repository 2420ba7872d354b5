"""kill -9 of the whole service under write load: every acknowledged write survives, none is torn.

A writer sends numbered transactions ``INSERT DATA { <s_i> <a> i . <s_i> <b> i }`` and counts
one acknowledged on 204; once the round has 15 acknowledged writes, and a random 0–1.5 s more
(seeded), the service is SIGKILLed, then restarted over the same store; after the last round
the store is read back. Lost = acknowledged but absent; torn = ``a`` without ``b`` or the
reverse; at most one unacknowledged write per kill (the one in flight) may be present.
"""

from __future__ import annotations

import itertools
import random
import threading
import time
from pathlib import Path

import httpx

from bench.chaos.service import AUTH, Service

UPDATE = {"content-type": "application/sparql-update", **AUTH}


MIN_ACKED_PER_ROUND = 15
"""Acknowledged writes each round waits for before its kill (then a random 0-1.5 s more)."""


def run(work: Path, *, rounds: int = 4, seed: int = 7) -> dict[str, int]:
    """``rounds`` kills under write load; acknowledged, present, lost, torn and extra writes."""
    rng = random.Random(seed)
    service = Service(work / "kill9-store")
    acked: set[int] = set()
    counter = itertools.count()
    for _round in range(rounds):
        service.start()
        stop = threading.Event()

        def write() -> None:
            with httpx.Client(timeout=5) as http:
                while not stop.is_set():
                    i = next(counter)
                    body = (f"INSERT DATA {{ GRAPH <urn:x:d> {{ <urn:x:s{i}> <urn:x:a> {i} . "
                            f"<urn:x:s{i}> <urn:x:b> {i} }} }}")
                    try:
                        response = http.post(f"{service.base}/sparql", content=body,
                                             headers=UPDATE)
                    except httpx.TransportError:
                        return
                    if response.status_code == 204:
                        acked.add(i)

        writer = threading.Thread(target=write)
        writer.start()
        # kill once this round has some acknowledged writes (a slow machine acknowledges fewer
        # per second: a fixed 0.5-2 s window got 47 in 4 rounds), at a random moment after
        wanted, until = len(acked) + MIN_ACKED_PER_ROUND, time.monotonic() + 60
        while len(acked) < wanted and time.monotonic() < until and writer.is_alive():
            time.sleep(0.05)
        time.sleep(rng.uniform(0.0, 1.5))
        service.kill()
        stop.set()
        writer.join()
    with service:
        def values(predicate: str) -> set[int]:
            query = f"SELECT ?i WHERE {{ GRAPH <urn:x:d> {{ ?s <urn:x:{predicate}> ?i }} }}"
            rows = httpx.get(f"{service.base}/sparql", params={"query": query},
                             headers={"accept": "application/sparql-results+json"},
                             timeout=30).json()["results"]["bindings"]
            return {int(r["i"]["value"]) for r in rows}
        a, b = values("a"), values("b")
    return {"kills": rounds, "acked": len(acked), "present": len(a), "lost": len(acked - a),
            "torn": len(a ^ b), "extra": len(a - acked)}


def report(f: dict[str, int]) -> str:
    return (f"- {f['kills']} kills: **{f['acked']:,}** acknowledged writes, {f['present']:,} "
            f"present, **{f['lost']} lost, {f['torn']} torn** ({f['extra']} unacknowledged "
            "present: in flight at a kill)")
