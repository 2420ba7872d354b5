"""REST and SPARQL latency of the service over a synthetic graph, measured in one run.

    python -m bench.rest_latency [--triples 100000] [--rounds 20] [--seed 1] [-o FILE]

Seeds a temporary on-disk store, loads the synthetic graph of :mod:`bench.synthetic` at
``--triples`` quads (0: the seed graph only) through :func:`graph.store.loading.load_bytes`, starts an
:class:`~graph.engine.supervisor.Engine` (default deadlines: 10 s per query) and a FastAPI ``TestClient``
over :func:`api.app.create_app`, and prints a markdown table: for each call the first (cold)
call's time and status, then p50/p95 over ``--rounds`` back-to-back calls of each kind (after
all the cold calls). It also reports the load time, the store size, the engine start time, the
time to the first REST answer (the worker builds the relationship projection in the background
when it starts; the first REST call waits for it) and a separate, uncached projection build in
the worker. Note: with the projection resident, a full garbage collection in the worker takes
about 0.25 s at 1M triples, which shows in the p95 column.

If a cold call passes the engine's deadline (503), the projection is built again with a long
deadline and the measurement goes on; the table says so.
"""

from __future__ import annotations

import argparse
import datetime
import re
import shlex
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi.testclient import TestClient

from api.app import create_app
from bench.synthetic import HUB, generate
from graph.engine.supervisor import Engine
from graph.errors import KGError
from graph.settings import Settings
from graph.store.base import KnowledgeStore
from graph.store.embedded import EmbeddedStore
from graph.store.formats import rdf_format
from graph.store.loading import load_bytes
from graph.store.seeding import ensure_seeded

SEED_IDS = {"hub": "nvidia", "person": "jensen-huang", "company": "xai", "model": "grok",
            "search": "colosso"}
"""Ids used when no synthetic data is loaded (the seed graph)."""


# -- functions run in the engine's worker (module level, so they pickle) -------------------------

def warm(kg: KnowledgeStore) -> dict[str, float | int]:
    """Build (or fetch) the cached projection; its size and the time it took."""
    from graph.projection.cache import projection

    start = time.perf_counter()
    graph = projection(kg, wait=3600)  # the caller's deadline bounds this (engine.max_timeout)
    seconds = time.perf_counter() - start
    kinds = Counter(f"{d['kind']} {d['predicate'].rsplit('#', 1)[-1]} {d['status']}"
                    for _, _, d in graph.edges(data=True))
    return {"seconds": seconds, "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(), "edge_kinds": dict(sorted(kinds.items()))}


def build_once(kg: KnowledgeStore) -> dict[str, float | int]:
    """Build the projection from scratch (not cached) and time it."""
    from graph.projection.cache import build_projection

    start = time.perf_counter()
    graph = build_projection(kg)
    return {"seconds": time.perf_counter() - start, "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges()}


# -- measuring -----------------------------------------------------------------------------------

def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def calls(ids: dict[str, str]) -> list[tuple[str, str]]:
    """(name, URL) of every measured call."""
    hub, entity = ids["hub"], ids["company"]
    point = f"SELECT ?p ?o WHERE {{ id:{entity} ?p ?o }}"
    return [
        (f"GET /entities/{{hub}} ({hub})", f"/entities/{hub}"),
        (f"GET /entities/{{id}} ({entity})", f"/entities/{entity}"),
        ("GET /entities/{hub}/neighbours?depth=1", f"/entities/{hub}/neighbours?depth=1"),
        ("GET /entities/{id}/neighbours?depth=1", f"/entities/{entity}/neighbours?depth=1"),
        (f"GET /paths?from={ids['person']}&to={ids['model']}&max_hops=4",
         f"/paths?from={ids['person']}&to={ids['model']}&max_hops=4"),
        (f"GET /search?q={ids['search']}", f"/search?q={quote(ids['search'])}"),
        ("GET /analytics/centrality?measure=pagerank",
         "/analytics/centrality?measure=pagerank"),
        ("GET /analytics/compute", "/analytics/compute"),
        ("GET /sparql (point lookup, JSON)", f"/sparql?query={quote(point)}"),
        ("page GET / (home)", "/"),
        (f"page GET /entity/{{hub}} ({hub})", f"/entity/{hub}"),
        (f"page GET /entity/{{id}} ({entity})", f"/entity/{entity}"),
    ]


def page_weight(client: TestClient, url: str) -> tuple[int, int]:
    """(HTML bytes, bytes of the static files it loads) of a page: what a first visit costs
    before the embedded graph view (an iframe, loaded lazily) and API calls."""
    html = client.get(url).text
    assets = set(re.findall(r'(?:src|href)="(/static/[^"]+)"', html))
    return len(html.encode()), sum(len(client.get(a).content) for a in assets)


def request(client: TestClient, url: str) -> tuple[float, int]:
    start = time.perf_counter()
    response = client.get(url, headers={"Accept": "application/json"}
                          if url.startswith("/sparql") else {})
    return (time.perf_counter() - start) * 1000, response.status_code


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000,
                        help="synthetic quads to load (0: the seed graph only)")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, help="also write the report here")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {"triples": args.triples, "rounds": args.rounds, "rows": []}
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="aikg-bench-") as tmp:
        path = Path(tmp) / "store"
        settings = Settings(store_path=path)
        kg = EmbeddedStore.open(path)
        ensure_seeded(kg, settings)
        ids = dict(SEED_IDS)
        load_s = gen_s = 0.0
        if args.triples > 0:
            start = time.perf_counter()
            data, info = generate(args.triples, args.seed)
            gen_s = time.perf_counter() - start
            ids = {"hub": HUB, **info.sample}
            start = time.perf_counter()
            load_bytes(kg, data, rdf_format("nquads"), source="synthetic")
            load_s = time.perf_counter() - start
            del data
        quads = len(kg)
        kg.close()
        report.update(quads=quads, store_bytes=dir_size(path), load_s=load_s, ids=ids)

        start = time.perf_counter()
        engine = Engine(settings).start()
        report["engine_start_s"] = time.perf_counter() - start
        notes: list[str] = []
        try:
            with TestClient(create_app(engine), raise_server_exceptions=False) as client:
                measured = calls(ids)
                first: dict[str, tuple[float, int]] = {}
                for name, url in measured:  # warm-up: one cold call each
                    first[name] = request(client, url)
                    if first[name][1] == 503:
                        notes.append(f"cold call `{name}` got 503 after "
                                     f"{first[name][0] / 1000:.1f} s (engine deadline "
                                     f"{engine.query_timeout:g} s); projection rebuilt with a "
                                     "long deadline")
                        engine.call(warm, timeout=engine.max_timeout)
                if engine.restarts:  # a replaced worker lost its caches: warm them up again
                    notes.append("the worker was replaced during the warm-up, so every call "
                                 "was warmed once more before the measured rounds")
                    for name, url in measured:
                        if request(client, url)[1] == 503:
                            engine.call(warm, timeout=engine.max_timeout)
                hub_ms, hub_status = first[measured[0][0]]
                report["first_answer_s"] = (report["engine_start_s"] + hub_ms / 1000
                                            if hub_status == 200 else None)
                report["restarts_warmup"] = engine.restarts
                samples: dict[str, list[float]] = {name: [] for name, _ in measured}
                statuses: dict[str, set[int]] = {name: set() for name, _ in measured}
                for name, url in measured:  # each call's rounds back to back
                    for _ in range(args.rounds):
                        took, status = request(client, url)
                        samples[name].append(took)
                        statuses[name].add(status)
                        if status == 503:
                            engine.call(warm, timeout=engine.max_timeout)
                report["restarts"] = engine.restarts
                report["weights"] = {url: page_weight(client, url) for name, url in measured
                                     if name.startswith("page ")}
                try:
                    report["projection"] = engine.call(build_once, timeout=engine.max_timeout)
                except KGError as exc:
                    report["projection"] = {"error": str(exc)}
        finally:
            engine.close()
        for name, _ in measured:
            row = {"call": name, "first_ms": first[name][0], "first_status": first[name][1],
                   "p50_ms": percentile(samples[name], 0.5) if samples[name] else None,
                   "p95_ms": percentile(samples[name], 0.95) if samples[name] else None,
                   "statuses": sorted(statuses[name])}
            report["rows"].append(row)

    command = "python -m bench.rest_latency " + shlex.join(
        argv if argv is not None else sys.argv[1:])
    proj = report["projection"]
    size = (f"{args.triples:,} synthetic quads (seed {args.seed}) + seed graph"
            if args.triples else "seed graph only")
    lines.append(f"### REST latency, {size}\n")
    lines.append(f"`{command}` — {datetime.date.today().isoformat()}, {args.rounds} rounds, "
                 f"Python {sys.version.split()[0]}\n")
    lines.append(f"- store: {report['quads']:,} quads, {report['store_bytes'] / 2**20:.1f} MiB "
                 f"on disk; generated in {gen_s:.1f} s, loaded (`graph.store.loading.load_bytes`, one "
                 f"transaction) in {load_s:.1f} s")
    if report["first_answer_s"] is not None:
        first_answer = (f"first REST answer {report['first_answer_s']:.2f} s after engine start "
                        "began (it waits for the worker's background projection build)")
    else:
        first_answer = ("**no first REST answer within the deadline** (the first call waits for "
                        "the worker's background projection build)")
    lines.append(f"- engine start {report['engine_start_s']:.2f} s; {first_answer}; worker "
                 f"restarts: {report['restarts_warmup']} in the warm-up, "
                 f"{report['restarts'] - report['restarts_warmup']} in the measured rounds")
    if "error" in proj:
        lines.append(f"- projection build (uncached, in the worker): failed: {proj['error']}")
    else:
        lines.append(f"- projection build (uncached, in the worker): {proj['seconds']:.2f} s, "
                     f"{proj['nodes']:,} nodes, {proj['edges']:,} edges")
    lines.append("- page weight (HTML + static files it loads, first visit): " + "; ".join(
        f"`{url}` {html / 1024:.1f} KiB + {assets / 1024:.1f} KiB"
        for url, (html, assets) in report["weights"].items()))
    lines.extend(f"- **{note}**" for note in notes)
    lines.append("\n| call | first call ms (status) | p50 ms | p95 ms | statuses |")
    lines.append("|---|---:|---:|---:|---|")
    for row in report["rows"]:
        p50 = f"{row['p50_ms']:.1f}" if row["p50_ms"] is not None else "–"
        p95 = f"{row['p95_ms']:.1f}" if row["p95_ms"] is not None else "–"
        lines.append(f"| {row['call']} | {row['first_ms']:.1f} ({row['first_status']}) | "
                     f"{p50} | {p95} | {', '.join(map(str, row['statuses']))} |")
    text = "\n".join(lines)
    print(text)
    if args.output:
        args.output.write_text(text + "\n")
    report["markdown"] = text
    return report


if __name__ == "__main__":
    main()
