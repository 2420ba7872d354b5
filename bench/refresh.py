"""Analytics after a write: ``python -m bench.refresh --triples N --rounds R``.

Loads the synthetic graph into a temporary on-disk store and measures, as a caller sees them:
the full projection build; then, per round, one binary fact (a direct triple and its
``aikg:Assertion`` node) written with ``INSERT DATA`` and removed with ``DELETE DATA``, each
followed by the projection refresh (what the worker starts right after a write), PageRank
(precomputed in the background after each refresh; a caller that arrives early waits or retries
on 503, and the time until it has its answer is counted) and the communities (recomputed on a
schedule, not after each write: the answer is the last run's, with its
``computed_at_generation``), and approximate betweenness on a cold cache. Reports medians and checks once that the refreshed
projection equals a full build.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.synthetic import generate
from graph.analytics import network as analytics
from graph.errors import EngineUnavailable
from graph.projection import cache as projection
from graph.settings import Settings
from graph.store.base import KnowledgeStore
from graph.store.embedded import EmbeddedStore
from graph.store.formats import rdf_format
from graph.store.loading import load_bytes
from graph.store.seeding import ensure_seeded

ID = "https://w3id.org/aikg/id/"
FACT = """PREFIX aikg: <https://w3id.org/aikg/ont#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
{op} {{ GRAPH <https://w3id.org/aikg/graph/doc-bench-{i}> {{
  <{a}> aikg:competesWith <{b}> .
  <https://w3id.org/aikg/id/bench-{i}-f1> a aikg:Assertion ; rdf:subject <{a}> ;
     rdf:predicate aikg:competesWith ; rdf:object <{b}> ; aikg:status aikg:Reported ;
     aikg:asOf "2024-01-01"^^xsd:date .
}} }}"""


def as_caller(func: Callable[..., Any], kg: KnowledgeStore, **options: Any) -> float:
    """Seconds until ``func`` answers, retrying while it says 503 (being computed)."""
    start = time.perf_counter()
    while True:
        try:
            func(kg, **options)
            return time.perf_counter() - start
        except EngineUnavailable:
            time.sleep(0.05)


def snapshot(graph: Any) -> tuple[dict, dict]:
    return ({n: dict(d) for n, d in graph.nodes(data=True)},
            {(u, v, k): dict(d) for u, v, k, d in graph.edges(keys=True, data=True)})


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    times: dict[str, list[float]] = {k: [] for k in (
        "refresh after INSERT DATA", "refresh after DELETE DATA", "pagerank after a write",
        "communities after a write (last scheduled run)")}
    with tempfile.TemporaryDirectory(prefix="aikg-bench-") as tmp:
        path = Path(tmp) / "store"
        kg = EmbeddedStore.open(path)
        ensure_seeded(kg, Settings(store_path=path))
        data, info = generate(args.triples, args.seed)
        load_bytes(kg, data, rdf_format("nquads"), source="synthetic")
        del data
        start = time.perf_counter()
        graph = projection.build_projection(kg)
        full = time.perf_counter() - start
        people = sorted(n for n in graph if "/person-" in n or "/company-" in n)[:2 * args.rounds]
        del graph
        projection.projection(kg, wait=3600)
        betweenness = as_caller(analytics.centrality, kg, measure="betweenness")
        as_caller(analytics.communities, kg)
        for i in range(args.rounds):
            a, b = people[2 * i], people[2 * i + 1]
            for op in ("INSERT DATA", "DELETE DATA"):
                kg.update(FACT.format(op=op, i=i, a=a, b=b))
                projection.start_build(kg)  # as the worker does right after a write
                start = time.perf_counter()
                projection.projection(kg, wait=3600)
                times[f"refresh after {op}"].append(time.perf_counter() - start)
                times["pagerank after a write"].append(
                    as_caller(analytics.centrality, kg, measure="pagerank"))
                times["communities after a write (last scheduled run)"].append(
                    as_caller(analytics.communities, kg))
        equal = snapshot(projection.projection(kg)) == snapshot(projection.build_projection(kg))
        kg.close()
    print(f"{args.triples:,} synthetic quads, {args.rounds} rounds\n")
    print("| measure | median | runs |\n|---|---:|---|")
    print(f"| full projection build | {full:.2f} s | 1 |")
    for name, values in times.items():
        print(f"| {name} | {statistics.median(values):.3f} s | "
              f"{', '.join(f'{v:.2f}' for v in values)} |")
    print(f"| betweenness (approximate, cold) | {betweenness:.2f} s | 1 |")
    print(f"\nrefreshed projection equal to a full build: {equal}")
    return {"full": full, "equal": equal, **{k: statistics.median(v) for k, v in times.items()}}


if __name__ == "__main__":
    main()
