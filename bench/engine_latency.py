"""What the isolated engine costs and how fast it recovers, measured side by side in one run.

    python -m bench.engine_latency [--rounds 500]

Prints medians and p99 of a point query run (a) in process on pyoxigraph and (b) through
:meth:`graph.engine.supervisor.Engine.call` (pipe to the worker process, serialisation included), their
ratio, and the deadline behaviour: time until a cartesian query with a 1 s deadline is stopped,
and the latency of the next query.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from graph.engine.supervisor import Engine
from graph.errors import QueryTimeout
from graph.settings import Settings
from graph.sparql.execute import QueryLimits, answer_query
from graph.store.embedded import EmbeddedStore
from graph.store.seeding import ensure_seeded

POINT = "SELECT ?n WHERE { id:colossus-2024-09 aikg:totalChips ?n }"
CARTESIAN = "SELECT (COUNT(*) AS ?c) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
MEDIA = {"select": "application/sparql-results+json", "graph": "text/turtle"}


def timed(call, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def p(samples: list[float], q: float) -> float:
    return sorted(samples)[min(len(samples) - 1, int(q * len(samples)))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=500)
    rounds = parser.parse_args(argv).rounds
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "store"
        settings = Settings(store_path=path)
        kg = EmbeddedStore.open(path)
        ensure_seeded(kg, settings)
        local = timed(lambda: answer_query(kg, POINT, media=MEDIA, limits=QueryLimits()), rounds)
        kg.close()
        with Engine(settings) as engine:
            remote = timed(lambda: engine.call(answer_query, text=POINT, media=MEDIA,
                                               limits=QueryLimits()), rounds)
            start = time.perf_counter()
            try:
                engine.call(answer_query, text=CARTESIAN, media=MEDIA, limits=QueryLimits(),
                            timeout=1)
            except QueryTimeout:
                stopped = time.perf_counter() - start
            start = time.perf_counter()
            engine.call(answer_query, text=POINT, media=MEDIA, limits=QueryLimits())
            after = (time.perf_counter() - start) * 1000
    print(f"| point query ({rounds} rounds) | p50 ms | p99 ms |\n|---|---|---|")
    print(f"| in process | {statistics.median(local):.3f} | {p(local, 0.99):.3f} |")
    print(f"| through the engine | {statistics.median(remote):.3f} | {p(remote, 0.99):.3f} |")
    print(f"\nadded latency p50: {statistics.median(remote) - statistics.median(local):.3f} ms")
    print(f"cartesian query with a 1 s deadline stopped after {stopped:.2f} s; "
          f"next query answered in {after:.1f} ms")


if __name__ == "__main__":
    main()
