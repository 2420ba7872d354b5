"""Server-side HTML rendering of graph views: time and bytes at 100 / 1,000 / 10,000 nodes.

    python -m bench.render_sizes [--nodes 100,1000,10000] [--repeat 3]

Renders the synthetic projection-like graph of :func:`bench.view_interactive.synthetic_graph`
(Barabási–Albert, m=2, fixed seed) with :func:`graph.views.render.render_html`, the function behind
``/view``: once with the whole view's default cap (1,500 drawn nodes, "showing N of M") and, for
graphs past the cap, once drawing every node (``max_nodes`` up to 10,000). Past 300 drawn nodes
the layout is computed on the server and is part of the time. Reports the first (cold) render
and the median of ``--repeat`` further renders, and the page's size in bytes (UTF-8) and gzipped.
No browser is involved (``python -m bench.view_interactive`` measures drawing in Chromium).
"""

from __future__ import annotations

import argparse
import gzip
import shlex
import statistics
import sys
import time
from typing import Any

from bench.view_interactive import synthetic_graph
from graph.views.render import MAX_NODES, render_html

DEFAULT_CAP = 1500
"""The whole-graph view's default ``max_nodes``."""


def render_once(graph: Any, cap: int) -> tuple[float, bytes]:
    start = time.perf_counter()
    page = render_html(graph, title=f"Synthetic graph of {graph.number_of_nodes()} nodes",
                       max_nodes=cap)
    return time.perf_counter() - start, page.encode("utf-8")


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", default="100,1000,10000",
                        help="graph sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    rows = []
    for n in (int(x) for x in args.nodes.split(",") if x.strip()):
        graph = synthetic_graph(n)
        caps = [min(DEFAULT_CAP, MAX_NODES)]
        if n > DEFAULT_CAP:
            caps.append(min(n, MAX_NODES))
        for cap in caps:
            cold, page = render_once(graph, cap)
            warm = [render_once(graph, cap)[0] for _ in range(args.repeat)]
            rows.append({"nodes": n, "edges": graph.number_of_edges(),
                         "drawn": min(n, cap), "cold_s": cold,
                         "median_s": statistics.median(warm) if warm else cold,
                         "bytes": len(page), "gzip_bytes": len(gzip.compress(page, 6))})
    command = "python -m bench.render_sizes " + shlex.join(
        argv if argv is not None else sys.argv[1:])
    lines = [f"`{command}` — `graph.views.render.render_html`, server side only, median of "
             f"{args.repeat} after one cold render\n",
             "| nodes | edges | drawn | cold s | median s | HTML bytes | gzipped bytes |",
             "|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        lines.append(f"| {row['nodes']:,} | {row['edges']:,} | {row['drawn']:,} | "
                     f"{row['cold_s']:.3f} | {row['median_s']:.3f} | {row['bytes']:,} | "
                     f"{row['gzip_bytes']:,} |")
    print("\n".join(lines))
    return rows


if __name__ == "__main__":
    main()
