"""Run the benchmarks in one go and keep a dated report: ``python -m bench [--scales 0,100000]``.

Each benchmark prints a markdown section; they are run one after another in this process and
written together to ``bench/results/<date>.md`` (and to standard output). Benchmarks are never
part of the test run.

    python -m bench [--scales 0,100000] [--peers] [--with-10m] [--only engine,rest,refresh,restart,load,http,render,ingest]
                    [--duration 5] [--rounds 20] [--load-rounds 3] [--views]

* ``engine``: the engine's added latency and deadline behaviour (:mod:`bench.engine_latency`);
* ``rest``: REST and SPARQL latency per scale (:mod:`bench.rest_latency`; scale 0 is the seed
  graph alone);
* ``refresh``: the projection refresh and analytics after a one-fact write
  (:mod:`bench.refresh`);
* ``restart``: time until a hub page answers after ``aikg serve`` starts, without and with a
  projection snapshot, the projection's memory, PageRank on CSR arrays against networkx, one
  Louvain run (:mod:`bench.restart`);
* ``load``: ``aikg load`` against a raw pyoxigraph bulk load per non-zero scale
  (:mod:`bench.load_ratio`);
* ``http``: SPARQL over HTTP with 8 concurrent clients per non-zero scale, aikg's added latency
  and its memory (:mod:`bench.http_sparql`); with ``--peers`` side by side with ``oxigraph
  serve`` and rdflib-endpoint (``pip install -e '.[bench]'``; ``apt-get install wrk`` for a load
  generator that is not the bottleneck);
* ``render``: server-side HTML of graph views at 100 / 1,000 / 10,000 nodes
  (:mod:`bench.render_sizes`);
* ``--views``: graph views in headless Chromium (:mod:`bench.view_interactive`).

The 10M scale runs only with ``--with-10m`` (rdflib-endpoint is left out past 1M: it holds the
whole graph in Python objects).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import io
import sys
from pathlib import Path

from bench import engine_latency, rest_latency

RESULTS = Path(__file__).with_name("results")
PARTS = ("engine", "rest", "refresh", "restart", "load", "http", "render", "ingest")
BIG = 10_000_000
RDFLIB_MAX = 1_000_000
"""Largest scale at which rdflib-endpoint is compared (it keeps every triple in Python)."""


def plan(args: argparse.Namespace) -> list[tuple[str, object, list[str]]]:
    """(title, main function, arguments) of every benchmark to run, in order."""
    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    if any(s > RDFLIB_MAX for s in scales) and not args.with_10m:
        raise SystemExit("scales past 1,000,000 run only with --with-10m")
    if args.with_10m and BIG not in scales:
        scales.append(BIG)
    only = {p.strip() for p in args.only.split(",") if p.strip()}
    unknown = only - set(PARTS)
    if unknown:
        raise SystemExit(f"unknown --only part(s): {', '.join(sorted(unknown))}")
    runs: list[tuple[str, object, list[str]]] = []
    if "engine" in only:
        runs.append(("Engine latency", engine_latency.main, ["--rounds", "500"]))
    for scale in scales:
        if "rest" in only:
            runs.append((f"REST latency at {scale:,} synthetic quads", rest_latency.main,
                         ["--triples", str(scale), "--rounds", str(args.rounds)]))
    for scale in (s for s in scales if s > 0):
        if "refresh" in only:
            from bench import refresh

            runs.append((f"Analytics after a write at {scale:,} synthetic quads", refresh.main,
                         ["--triples", str(scale), "--rounds", "5"]))
        if "restart" in only:
            from bench import restart

            runs.append((f"Restart, projection memory and analytics at {scale:,} synthetic "
                         "quads", restart.main, ["--triples", str(scale)]))
        if "load" in only:
            from bench import load_ratio

            runs.append((f"Load ratio at {scale:,} synthetic quads", load_ratio.main,
                         ["--triples", str(scale), "--rounds", str(args.load_rounds)]))
        if "http" in only:
            from bench import http_sparql

            engines = ["aikg"]
            if args.peers:
                engines += ["oxigraph"] + (["rdflib-endpoint"] if scale <= RDFLIB_MAX else [])
            runs.append((f"SPARQL over HTTP at {scale:,} synthetic quads", http_sparql.main,
                         ["--triples", str(scale), "--engines", ",".join(engines),
                          "--duration", str(args.duration)]))
    if "render" in only:
        from bench import render_sizes

        runs.append(("Rendering graph views (server side)", render_sizes.main,
                     ["--nodes", args.render_nodes]))
    if "ingest" in only:
        from bench import ingest_quality

        runs.append(("Article ingestion: quality and speed", ingest_quality.main, []))
    if args.views:
        from bench import view_interactive

        runs.append(("Graph views in Chromium", view_interactive.main, ["--repeat", "3"]))
    return runs


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="0,100000",
                        help="synthetic sizes (quads), comma-separated; 0 is the seed graph "
                             "alone (REST only); at most 1,000,000 without --with-10m")
    parser.add_argument("--with-10m", action="store_true",
                        help="also run the 10,000,000-quad scale (long; needs the disk and RAM)")
    parser.add_argument("--peers", action="store_true",
                        help="compare SPARQL over HTTP with oxigraph serve and rdflib-endpoint "
                             "(pip install -e '.[bench]')")
    parser.add_argument("--only", default=",".join(PARTS),
                        help=f"benchmarks to run, comma-separated among {', '.join(PARTS)}")
    parser.add_argument("--rounds", type=int, default=20, help="timed calls per REST route")
    parser.add_argument("--load-rounds", type=int, default=3, help="rounds of the load ratio")
    parser.add_argument("--duration", type=float, default=5.0,
                        help="seconds per (engine, query shape) cell of the HTTP benchmark")
    parser.add_argument("--render-nodes", default="100,1000,10000",
                        help="graph sizes of the rendering benchmark")
    parser.add_argument("--views", action="store_true",
                        help="also time graph views in headless Chromium (needs /usr/bin/chromium)")
    args = parser.parse_args(argv)
    sections = [f"# aikg benchmarks, {datetime.date.today().isoformat()}\n",
                f"`python -m bench {' '.join(argv if argv is not None else sys.argv[1:])}`\n"]
    for title, run, run_args in plan(args):
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            run(run_args)  # type: ignore[operator]
        sections.append(f"## {title}\n\n{buffer.getvalue().strip()}\n")
        print(sections[-1], flush=True)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{datetime.date.today().isoformat()}.md"
    path.write_text("\n".join(sections), encoding="utf-8")
    print(f"written to {path}", file=sys.stderr)
    return path


if __name__ == "__main__":
    main()
