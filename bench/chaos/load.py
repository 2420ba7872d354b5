"""A mixed load of 8 clients against a live service: no unexpected 5xx, flat memory.

Each client (its own loopback address, 127.0.0.20–27) sends, back to back for ``duration``
seconds, a request drawn with a seeded generator: 70% an entity (10% of them unknown → 404),
15% a small SPARQL query, 5% a path, 5% an authorised ``INSERT DATA`` of 1–10 triples
(acknowledged on 204), 4% a malformed query (400) and — from the last client only, whose
queries keep passing the deadline (2 s in this profile) — 1% pathological (503, then 429 once
fairness refuses it). Any request may get 429 (admission, fairness) or 503 (in flight when a
deadline restarted the engine; a write then applies nothing). Unexpected: any 5xx but a 503,
any other status a kind does not allow, and a transport error. Memory, sampled every 2 s: the
median of the last five samples against the median of those in the 10 s after the warm-up (the
first fifth of the run), for the service's own process (``growth``: it lives as long as the
service, so a leak shows there) and for the whole process tree (``tree_growth``: reported, not
asserted — each deadline restart replaces the engine worker, whose resident memory starts small
and grows with its caches, so the tree's swings ±6% from run to run with when restarts fall).
"""

from __future__ import annotations

import random
import statistics
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

from bench.chaos.service import AUTH, Service, client
from bench.peers import tree_memory

CARTESIAN = "SELECT (COUNT(*) AS ?c) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ALLOWED = {"entity": {200, 404}, "sparql": {200}, "path": {200, 404, 300}, "insert": {204},
           "malformed": {400}, "pathological": {503}}
MIX = [("entity", 70), ("sparql", 15), ("path", 5), ("insert", 5), ("malformed", 4),
       ("pathological", 1)]


def run(work: Path, *, duration: float = 120.0, clients: int = 8, seed: int = 1
        ) -> dict[str, object]:
    """Run the load; its figures."""
    with Service(work / "load-store", env={"AIKG_QUERY_TIMEOUT": "2"}) as service:
        base = service.base
        ids = [item["id"] for item in httpx.get(f"{base}/entities", params={"limit": 200},
                                                timeout=30).json()["items"]]
        stop = time.monotonic() + duration
        lock = threading.Lock()
        statuses: Counter[tuple[str, int]] = Counter()
        unexpected: Counter[str] = Counter()
        acked: list[int] = []
        numbers = iter(range(10**9))
        samples: list[tuple[float, int]] = []

        def request(http: httpx.Client, rng: random.Random, kind: str) -> httpx.Response:
            if kind == "entity":
                name = rng.choice(ids) if rng.random() > 0.1 else f"no-such-{rng.randrange(10**6)}"
                return http.get(f"{base}/entities/{name}", params={"limit": "20"})
            if kind == "sparql":
                query = (f"SELECT ?p ?o WHERE {{ <https://w3id.org/aikg/id/{rng.choice(ids)}> "
                         "?p ?o } LIMIT 100")
                return http.get(f"{base}/sparql", params={"query": query})
            if kind == "path":
                source, target = rng.sample(ids, 2)
                return http.get(f"{base}/paths", params={
                    "from": source, "to": target, "max_hops": "3"})
            if kind == "insert":
                i = next(numbers)
                triples = " ".join(f"<urn:load:s{i}> <urn:load:p{k}> {k} ."
                                   for k in range(rng.randint(1, 10)))
                response = http.post(f"{base}/sparql", headers={
                    "content-type": "application/sparql-update", **AUTH},
                    content=f"INSERT DATA {{ GRAPH <urn:load:g> {{ {triples} }} }}")
                if response.status_code == 204:
                    with lock:
                        acked.append(i)
                return response
            if kind == "malformed":
                return http.get(f"{base}/sparql", params={"query": "SELECT ?x WHERE { ?x"})
            return http.get(f"{base}/sparql", params={"query": CARTESIAN})

        def work_loop(index: int) -> None:
            rng = random.Random(seed * 100 + index)
            kinds, weights = zip(*MIX)
            with client(f"127.0.0.{20 + index}", timeout=60) as http:
                while time.monotonic() < stop:
                    kind = rng.choices(kinds, weights)[0]
                    if kind == "pathological" and index != clients - 1:
                        kind = "entity"
                    elif index == clients - 1 and rng.random() < 0.08 * (clients - 1) / 100:
                        kind = "pathological"
                    try:
                        status = request(http, rng, kind).status_code
                    except httpx.TransportError as exc:
                        with lock:
                            unexpected[f"{kind}: {type(exc).__name__}"] += 1
                        continue
                    ok = status in ALLOWED[kind] or status in (429, 503)
                    with lock:
                        statuses[(kind, status)] += 1
                        if not ok:
                            unexpected[f"{kind}: {status}"] += 1

        def sample() -> None:
            while time.monotonic() < stop:
                rows = tree_memory(service.proc.pid)
                samples.append((time.monotonic(), rows[0]["rss"], sum(r["rss"] for r in rows)))
                time.sleep(2.0)

        threads = [threading.Thread(target=work_loop, args=(i,)) for i in range(clients)]
        threads.append(threading.Thread(target=sample))
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        rows = httpx.get(f"{base}/sparql", timeout=60, params={
            "query": "SELECT DISTINCT ?s WHERE { GRAPH <urn:load:g> { ?s ?p ?o } }"},
            headers={"accept": "application/sparql-results+json"}).json()["results"]["bindings"]
        present = {int(r["s"]["value"].removeprefix("urn:load:s")) for r in rows}
        restarts = service.restarts()
    warm_from = started + duration / 5
    front, tree = growth(samples, warm_from, 1), growth(samples, warm_from, 2)
    total = sum(statuses.values())
    return {"seconds": duration, "requests": total,
            "statuses": {f"{k} {s}": n for (k, s), n in sorted(statuses.items())},
            "unexpected": dict(unexpected), "unexpected_5xx": sum(
                n for (k, s), n in statuses.items() if s >= 500 and s != 503),
            "collateral_503": sum(n for (k, s), n in statuses.items()
                                  if s == 503 and k != "pathological"),
            "refused_429": sum(n for (k, s), n in statuses.items() if s == 429),
            "acked": len(acked), "lost": len(set(acked) - present), "restarts": restarts,
            "memory_mb": front[:2], "growth": front[2], "tree_memory_mb": tree[:2],
            "tree_growth": tree[2]}


def growth(samples: list[tuple[float, int, int]], warm_from: float, column: int
           ) -> tuple[float, float, float]:
    """MB after warm-up, MB at the end and the relative growth of one column of the samples."""
    warm = [row[column] for row in samples if warm_from <= row[0] < warm_from + 10] or [
        samples[0][column]]
    baseline, end = statistics.median(warm), statistics.median(r[column] for r in samples[-5:])
    return baseline / 2**20, end / 2**20, end / baseline - 1


def report(f: dict[str, object]) -> str:
    before, after = f["memory_mb"]
    tree_before, tree_after = f["tree_memory_mb"]
    return (f"- {f['requests']:,} requests in {f['seconds']:.0f} s from 8 clients; "
            f"**{f['unexpected_5xx']} unexpected 5xx**, {f['collateral_503']} 503s on ordinary "
            f"requests (in flight when a deadline restarted the engine; writes among them applied "
            f"nothing), {f['refused_429']} 429s, other unexpected: "
            f"{f['unexpected'] or 'none'}; engine restarts {f['restarts']}\n"
            f"- {f['acked']:,} acknowledged inserts, {f['lost']} lost\n"
            f"- memory of the service process {before:.0f} MB after warm-up, {after:.0f} MB at "
            f"the end: **{f['growth']:+.1%}**; of the process tree (engine workers replaced at "
            f"each restart) {tree_before:.0f} → {tree_after:.0f} MB, {f['tree_growth']:+.1%}\n"
            f"- statuses: {f['statuses']}")
