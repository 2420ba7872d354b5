"""SPARQL over HTTP on loopback: aikg's ``/sparql`` against ``oxigraph serve`` and rdflib-endpoint.

    python -m bench.http_sparql [--triples 100000] [--engines aikg,oxigraph,rdflib-endpoint]
                                [--duration 5] [--connections 8] [--seed 1]

Generates the synthetic graph (:mod:`bench.synthetic`), loads it with ``aikg load`` (on-disk
store, seeded first), dumps that store to N-Quads and gives the very same quads to each peer
(:mod:`bench.peers`). Every engine sees the same six query shapes (:data:`SHAPES`), sent as
``GET ?query=`` with ``Accept: application/sparql-results+json`` by the same closed-loop
generator (:mod:`bench.loadgen`: ``wrk`` when installed, else Python threads), 8 clients for
``--duration`` seconds per (engine, shape) cell.

Before its cells, each engine is left to finish its background work (aikg builds the
projection, the analytics and the search index after start): the bench waits until the server's
process tree uses under 5% of a core for two 1-s windows in a row. Each cell starts with one probe request (its answer's row count is shown, so different answers
are visible). A cell whose probe takes longer than ``--duration`` is not load-tested (8
concurrent requests would need at least 8× that); one whose probe takes over 0.25 s is run with
the bounded Python client (it waits for in-flight answers, so the next cell starts on an idle
server). After every cell the engine is drained with ``ASK {}``.

Also measured: the generators' own ceiling (against ``oxigraph serve`` answering ``ASK {}``, or
aikg without it), aikg's added latency over an in-process pyoxigraph query (point lookup, one
sequential client, p50 minus p50), and the memory of aikg's process tree (VmHWM and VmRSS of the
uvicorn process and its engine workers) after the cells and one ``/analytics/centrality`` call.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench import loadgen, peers
from bench.synthetic import HUB, generate
from bench.synthetic_terms import AIKG, ID

PREFIXES = (f"PREFIX aikg: <{AIKG}> PREFIX id: <{ID}> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> ")


NEW_EACH = "point lookup (a new person each)"
"""The shape whose every request asks about another person (:data:`bench.loadgen.EACH`): no
answer can be given again from memory, as the same point lookup's can."""


def shapes(entity: str) -> dict[str, str]:
    """The seven query shapes; ``entity`` is a company slug for the point lookup."""
    hub = f"id:{HUB}"
    return {
        "point lookup": f"SELECT DISTINCT ?p ?o WHERE {{ id:{entity} ?p ?o }}",
        NEW_EACH: f"SELECT DISTINCT ?p ?o WHERE {{ id:person-{loadgen.EACH} ?p ?o }}",
        "1-hop of the hub": f"SELECT DISTINCT ?p ?n WHERE {{ {{ {hub} ?p ?n }} UNION "
                            f"{{ ?n ?p {hub} }} }}",
        "2-hop join": f"SELECT DISTINCT ?c ?m WHERE {{ ?c aikg:customerOf {hub} . "
                      "?c aikg:develops ?m }",
        "aggregate": "SELECT ?c (COUNT(DISTINCT ?m) AS ?n) WHERE { ?c aikg:develops ?m } "
                     "GROUP BY ?c ORDER BY DESC(?n) ?c LIMIT 10",
        "property path": f"SELECT DISTINCT ?x WHERE {{ {hub} aikg:competesWith+ ?x }}",
        "OPTIONAL + lang": f"SELECT DISTINCT ?c ?en ?alt WHERE {{ ?c aikg:customerOf {hub} ; "
                           'rdfs:label ?en FILTER(lang(?en) = "en") OPTIONAL { ?c skos:altLabel '
                           '?alt FILTER(langMatches(lang(?alt), "en")) } }',
    }


def answer(body: bytes) -> tuple[int | None, str | None]:
    """Row count and a digest of the answer (sorted rows of values: engines must agree; the
    union default graph is a set in rdflib and a bag in Oxigraph, hence DISTINCT in
    :func:`shapes`)."""
    try:
        bindings = json.loads(body)["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        return None, None
    canonical = sorted(json.dumps(sorted((k, v["value"]) for k, v in row.items()))
                       for row in bindings)
    return len(bindings), hashlib.sha256("\n".join(canonical).encode()).hexdigest()[:12]


def drain(server: peers.Server, limit: float = 300.0) -> float:
    """Wait until the server answers ``ASK {}`` (queued work done); seconds waited."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if loadgen.fetch(server.url("ASK {}"), timeout=limit)[0] == 200:
            break
        time.sleep(0.5)
    return time.perf_counter() - start


def cell(server: peers.Server, query: str, duration: float, connections: int,
         numbers: int = 1) -> dict[str, Any]:
    """Probe ``query`` once, then load it for ``duration`` seconds unless it is slow; ``numbers``
    numbers take turns in a query with :data:`bench.loadgen.EACH`."""
    url = server.url(PREFIXES + query).replace(quote(loadgen.EACH, safe=""), loadgen.EACH)
    first = url.replace(loadgen.EACH, "0")
    status, body, took = loadgen.fetch(first, timeout=max(30.0, 4 * duration))
    count, digest = answer(body)
    result: dict[str, Any] = {"probe_s": took, "probe_status": status, "rows": count,
                              "answer": digest}
    if status == 0:
        result["note"] = f"probe timed out after {took:.0f} s; not load-tested"
        result["drain_s"] = drain(server)
        return result
    if took > duration:
        result["note"] = (f"one request took {took:.1f} s (> {duration:g} s cell); "
                          "not load-tested")
        return result
    if took < 0.25:
        loadgen.sequential(first, 3)  # warm
    run = loadgen.run(url, duration, connections=connections, bounded=took >= 0.25,
                      timeout=max(30.0, 10 * took), count=numbers)
    result.update(run=run, drain_s=drain(server))
    return result


def inprocess_point(store: Path, query: str, rounds: int) -> list[float]:
    """p50 material: ms per point query in process on pyoxigraph (query + SPARQL JSON), run in
    a child process on the closed on-disk store."""
    code = ("import json,sys,time,pyoxigraph as ox\n"
            "s=ox.Store(sys.argv[1]); q=sys.argv[2]; out=[]\n"
            "for _ in range(int(sys.argv[3])):\n"
            "    t=time.perf_counter()\n"
            "    s.query(q, use_default_graph_as_union=True).serialize("
            "format=ox.QueryResultsFormat.JSON)\n"
            "    out.append((time.perf_counter()-t)*1000)\n"
            "print(json.dumps(out))\n")
    done = subprocess.run([sys.executable, "-c", code, str(store), query, str(rounds)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def prepare(work: Path, triples: int, seed: int) -> dict[str, Any]:
    """Synthetic data loaded into an aikg store (``aikg load``) and dumped for the peers."""
    data, info = generate(triples, seed)
    source = work / "synthetic.nq"
    source.write_bytes(data)
    del data
    store = work / "aikg-store"
    start = time.perf_counter()  # aikg load on a fresh store: seeding included
    subprocess.run([sys.executable, "-m", "api", "--store", str(store), "load", str(source)],
                   check=True, capture_output=True)
    load_s = time.perf_counter() - start
    dump = work / "all.nq"
    subprocess.run([sys.executable, "-c", "import sys,pyoxigraph as ox; ox.Store(sys.argv[1])"
                    ".dump(output=sys.argv[2], format=ox.RdfFormat.N_QUADS)", str(store),
                    str(dump)], check=True)
    quads = sum(1 for _ in dump.open("rb"))
    return {"store": store, "dump": dump, "quads": quads, "aikg_load_s": load_s,
            "entity": info.sample["company"], "persons": info.counts["Person"]}


def remembered(server: peers.Server) -> tuple[int, int]:
    """aikg's remembered answers so far: (hits, misses) from ``/health``."""
    base = server.endpoint.rsplit("/sparql", 1)[0]
    status, body, _ = loadgen.fetch(f"{base}/health", timeout=30)
    answers = json.loads(body).get("answers", {}) if status == 200 else {}
    return answers.get("hits", 0), answers.get("misses", 0)


def centrality(server: peers.Server, limit: float = 600.0) -> tuple[int, float]:
    base = server.endpoint.rsplit("/sparql", 1)[0]
    start = time.perf_counter()
    status = 0
    while time.perf_counter() - start < limit:
        status, _, _ = loadgen.fetch(f"{base}/analytics/centrality?measure=pagerank",
                                     timeout=limit)
        if status != 503:
            break
        time.sleep(1)
    return status, time.perf_counter() - start


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--engines", default=",".join(peers.ENGINES))
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per cell")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shapes", default="", help="comma-separated subset of the shapes")
    parser.add_argument("--ceiling-seconds", type=float, default=3.0,
                        help="seconds per generator for the client ceiling (0: skip it)")
    parser.add_argument("--idle-window", type=float, default=1.0,
                        help="seconds per window of the wait for an idle server (two quiet "
                             "windows in a row)")
    parser.add_argument("--sequential-rounds", type=int, default=300,
                        help="rounds of the sequential point lookup (added latency)")
    parser.add_argument("--remember", action="store_true",
                        help="aikg with its remembered answers on (off by default: the cells "
                             "repeat one query, which the peers compute each time)")
    args = parser.parse_args(argv)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    report: dict[str, Any] = {"triples": args.triples, "remember": args.remember, "cells": {},
                              "skipped": {},
                              "started": {}, "memory": {}, "idle_after": {}}
    with tempfile.TemporaryDirectory(prefix="aikg-http-") as tmp:
        work = Path(tmp)
        prepared = prepare(work, args.triples, args.seed)
        report.update(quads=prepared["quads"], aikg_load_s=prepared["aikg_load_s"])
        wanted = shapes(prepared["entity"])
        if args.shapes:
            keep = {s.strip() for s in args.shapes.split(",")}
            wanted = {k: v for k, v in wanted.items() if k in keep}
        point = PREFIXES + shapes(prepared["entity"])["point lookup"]
        local = inprocess_point(prepared["store"], point, args.sequential_rounds)
        report["inprocess_p50_ms"] = statistics.median(local)
        for name in engines:
            why = peers.available(name)
            if why:
                report["skipped"][name] = why
                continue
            try:
                server, ready_s = peers.start(name, work=work, store=prepared["store"],
                                              nquads=prepared["dump"],
                                              concurrency=args.connections,
                                              remember=args.remember)
            except (RuntimeError, subprocess.CalledProcessError) as exc:
                report["skipped"][name] = f"did not start: {exc}"
                continue
            report["started"][name] = ready_s
            try:
                if name == "aikg":  # a projection build, before the cells (it would disturb them)
                    report["centrality"] = centrality(server)
                report["idle_after"][name] = peers.wait_idle(server.proc.pid,
                                                             window=args.idle_window)
                ceiling_here = name == "oxigraph" or ("oxigraph" not in engines
                                                      or peers.available("oxigraph"))
                if args.ceiling_seconds and "ceiling" not in report and ceiling_here:
                    report["ceiling"] = (name, loadgen.ceiling(
                        server.url("ASK {}"), args.ceiling_seconds, args.connections))
                seq = loadgen.sequential(server.url(point), args.sequential_rounds,
                                         max_seconds=10)
                report.setdefault("sequential_p50_ms", {})[name] = loadgen.percentile(seq, 0.5)
                for shape, query in wanted.items():
                    before = remembered(server) if name == "aikg" else None
                    found = cell(server, query, args.duration, args.connections,
                                 prepared["persons"])
                    if before is not None and args.remember:
                        after = remembered(server)
                        found["remembered"] = (after[0] - before[0], after[1] - before[1])
                    report["cells"][(name, shape)] = found
                report["memory"][name] = peers.tree_memory(server.proc.pid)
            finally:
                peers.stop(server)
    report["command"] = "python -m bench.http_sparql " + shlex.join(
        argv if argv is not None else sys.argv[1:])
    from bench.http_report import markdown

    report["markdown"] = markdown(report, list(wanted), engines, args.duration)
    print(report["markdown"])
    return report


if __name__ == "__main__":
    main()
