"""Fairness under attack: one client loops the worst query it can find while others are served.

The attacker (connecting from 127.0.0.66, with two requests in flight: its admission limit) first
tries the crashers of issue 15 — all refused by the guard now (400, cheap) — so it loops the
worst query left: a cross product that passes its deadline (``timeout=0.001``; the engine never
gives less than 1 s), each one costing a worker restart. Seven other clients (127.0.0.10–16)
loop ordinary requests (a SPARQL point query, an entity, a search). Reported: the others'
success rate (answers 200 out of requests sent), the attacker's answers and the engine
restarts.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path

import httpx

from bench.chaos.service import Service, client

CARTESIAN = "SELECT (COUNT(*) AS ?c) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CRASHERS = {
    "10,000 × !": "ASK { FILTER(" + "!" * 10_000 + "true) }",
    "2,500 nested {": "SELECT * WHERE " + "{" * 2500 + " ?s ?p ?o " + "}" * 2500,
    "path of 5,000 steps": "ASK { ?s " + "/".join(["<urn:p>"] * 5000) + " ?o }",
    "5,000 nested NOT EXISTS": "ASK { " + "FILTER NOT EXISTS { " * 5000 + "}" * 5000 + " }",
}
ORDINARY = [("/sparql", {"query": "ASK { <https://w3id.org/aikg/id/nvidia> ?p ?o }"}),
            ("/entities/nvidia", {"limit": "10"}),
            ("/search", {"q": "nvidia"})]


def run(work: Path, *, duration: float = 60.0, others: int = 7) -> dict[str, object]:
    """Run the attack for ``duration`` seconds; the figures."""
    with Service(work / "fair-store") as service:
        with client("127.0.0.66") as attacker:
            crashers = {name: attacker.post(f"{service.base}/sparql", content=text, headers={
                "content-type": "application/sparql-query"}).status_code
                for name, text in CRASHERS.items()}
        stop = time.monotonic() + duration
        lock = threading.Lock()
        seen: Counter[str] = Counter()
        attacked: Counter[int] = Counter()

        def attack() -> None:
            with client("127.0.0.66", timeout=60) as http:
                while time.monotonic() < stop:
                    try:
                        status = http.get(f"{service.base}/sparql", params={
                            "query": CARTESIAN, "timeout": "0.001"}).status_code
                    except httpx.TransportError:
                        status = 0
                    with lock:
                        attacked[status] += 1
                    if status == 429:
                        time.sleep(0.05)  # refused: ask again, forever (no back-off)

        def ordinary(index: int) -> None:
            with client(f"127.0.0.{10 + index}") as http:
                turn = index
                while time.monotonic() < stop:
                    path, params = ORDINARY[turn % len(ORDINARY)]
                    turn += 1
                    try:
                        status = str(http.get(service.base + path, params=params).status_code)
                    except httpx.TransportError as exc:
                        status = type(exc).__name__
                    with lock:
                        seen[status] += 1

        threads = [threading.Thread(target=attack) for _ in range(2)]
        threads += [threading.Thread(target=ordinary, args=(i,)) for i in range(others)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        restarts = service.restarts()
    total = sum(seen.values())
    return {"crashers": crashers, "others_requests": total,
            "others_ok": seen["200"], "others_rate": seen["200"] / total if total else 0.0,
            "others_statuses": dict(seen), "attacker": dict(attacked),
            "restarts": restarts, "seconds": duration}


def report(f: dict[str, object]) -> str:
    crashers = ", ".join(f"{name}: {status}" for name, status in f["crashers"].items())
    attacker = ", ".join(f"{status}: {n}" for status, n in sorted(f["attacker"].items()))
    return (f"- crashers of issue 15 ({crashers}): all refused by the guard, so the attacker "
            f"loops a cross product past its deadline\n"
            f"- attacker ({f['seconds']:.0f} s, 2 in flight): {attacker}; engine restarts: "
            f"{f['restarts']}\n"
            f"- other clients: **{f['others_rate']:.2%}** success "
            f"({f['others_ok']:,} of {f['others_requests']:,}; {f['others_statuses']})")
