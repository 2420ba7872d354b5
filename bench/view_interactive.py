"""How fast a big graph view is produced and becomes interactive in headless Chromium.

    python -m bench.view_interactive [--nodes 2000 --nodes 10000] [--max-nodes M] [--repeat 3]

For each size N: builds a synthetic Barabási–Albert graph (m=2, fixed seed) dressed like the
projection (``label_en``/``label_pt``, ``id``, aikg ``classes``; edges with ``predicate``,
``label_en``/``label_pt`` and a ``status``, a few planned and derived), renders it with
:func:`graph.views.render.render_html` (time and bytes; the second, warm render is reported) into a
temporary file, opens it from ``file://`` in Debian's Chromium (``/usr/bin/chromium``, launched
with :func:`bench.screenshot.launch`; every request that is not for that file is aborted and
makes the run fail) and measures, from the navigation start (``performance.timeOrigin``):

* **drawn**: the page's vis ``network`` exists, its node DataSet holds every node of the page,
  the network draws all of them (``body.nodeIndices``) and physics is off;
* **interactive**: after that, a click on a drawn node (the one farthest from any other, so the
  click cannot hit a neighbour) has put that node's text in the details panel. In a capped view
  the same click also runs click-to-expand, which is included.

Times are the median of ``--repeat`` fresh tabs. By default a graph of up to 2,000 nodes is drawn
whole and a bigger one is capped at 1,500 drawn nodes (the whole view's default); ``--max-nodes``
overrides. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

from graph.views.legend import CLASS_STYLES, ONT
from graph.views.render import embedded, embedded_expansion, render_html

SEED = 11
PREDICATES = (("develops", "desenvolve"), ("invests in", "investe em"),
              ("supplies", "fornece"), ("partners with", "faz parceria com"))


def synthetic_graph(n: int, seed: int = SEED) -> nx.MultiDiGraph:
    """A Barabási–Albert graph (m=2) as a projection-like ``MultiDiGraph``; same n and seed →
    same graph."""
    base = nx.barabasi_albert_graph(n, 2, seed=seed)
    graph = nx.MultiDiGraph()
    for i in sorted(base):
        cls = CLASS_STYLES[(i * 7 + seed) % len(CLASS_STYLES)][0]
        graph.add_node(f"https://w3id.org/aikg/id/syn-{i}", id=f"syn-{i}",
                       label_en=f"Entity {i}", label_pt=f"Entidade {i}",
                       classes=[f"{ONT}{cls}"])
    for number, (u, v) in enumerate(sorted(base.edges())):
        en, pt = PREDICATES[number % len(PREDICATES)]
        status = "Planned" if number % 11 == 0 else "Derived" if number % 13 == 0 else "Actual"
        graph.add_edge(f"https://w3id.org/aikg/id/syn-{max(u, v)}",
                       f"https://w3id.org/aikg/id/syn-{min(u, v)}",
                       predicate=f"{ONT}{en.replace(' ', '_')}", label_en=en, label_pt=pt,
                       status=status, source=f"https://w3id.org/aikg/doc/syn-{number % 97}")
    return graph


def _target(nodes: list[dict[str, Any]]) -> dict[str, Any]:
    """The drawn node farthest from its nearest neighbour (server coordinates)."""
    from scipy.spatial import cKDTree

    points = [(n["x"], n["y"]) for n in nodes]
    gaps, _ = cKDTree(points).query(points, k=2)
    return nodes[max(range(len(nodes)), key=lambda i: (gaps[i][1], -i))]


def _measure(browser: Any, uri: str, count: int, target: dict[str, Any]) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    refused: list[str] = []

    def guard(route: Any) -> None:
        if route.request.url == uri:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    try:
        context.route("**/*", guard)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(uri, wait_until="commit")
        page.wait_for_function(
            """n => typeof network !== 'undefined' && network !== null
                   && network.body.data.nodes.length === n
                   && network.body.nodeIndices.length === n
                   && network.physics.options.enabled === false""",
            arg=count, polling="raf", timeout=60_000)
        drawn = page.evaluate("() => performance.now()")
        point = page.evaluate("""id => {
            const p = network.getPositions([id])[id];
            return network.canvasToDOM({x: p.x, y: p.y});
          }""", target["id"])
        box = page.locator("#mynetwork").bounding_box()
        page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        page.wait_for_function(
            "label => document.getElementById('details').textContent.startsWith(label + '\\n')",
            arg=target["label"], polling="raf", timeout=10_000)
        interactive = page.evaluate("() => performance.now()")
        after = page.evaluate("() => network.body.data.nodes.length")
    finally:
        context.close()
    if refused or errors:
        raise RuntimeError(f"the page asked for the network {refused} or failed {errors}")
    return {"drawn": drawn, "interactive": interactive, "after": after}


def run(sizes: list[int], *, max_nodes: int | None = None, repeat: int = 3) -> list[dict]:
    from playwright.sync_api import sync_playwright

    from bench.screenshot import launch

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = launch(p)
        try:
            for n in sizes:
                cap = max_nodes or (n if n <= 2000 else 1500)
                graph = synthetic_graph(n)
                render_html(graph, title="warm-up", max_nodes=min(cap, 50))
                seconds = []
                for _ in range(2):
                    started = time.perf_counter()
                    page_html = render_html(graph, title=f"Synthetic graph of {n} nodes",
                                            max_nodes=cap)
                    seconds.append(time.perf_counter() - started)
                nodes, edges = embedded(page_html)
                expansion = embedded_expansion(page_html)
                path = Path(tmp) / f"view-{n}.html"
                path.write_text(page_html, encoding="utf-8")
                target = _target(nodes)
                runs = [_measure(browser, path.as_uri(), len(nodes), target)
                        for _ in range(repeat)]
                rows.append({
                    "nodes": n, "edges": graph.number_of_edges(), "drawn": len(nodes),
                    "drawn_edges": len(edges), "render_s": seconds[-1],
                    "bytes": len(page_html.encode("utf-8")),
                    "embedded_hidden": len(expansion["nodes"]) if expansion else 0,
                    "drawn_ms": statistics.median(r["drawn"] for r in runs),
                    "interactive_ms": statistics.median(r["interactive"] for r in runs),
                    "after_click": runs[0]["after"]})
        finally:
            browser.close()
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| nodes (edges) | drawn nodes / edges | hidden nodes embedded for expand | "
             "render | page size | nav → all drawn, physics off | nav → click shows details | "
             "nodes after that click |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(
            f"| {r['nodes']:,} ({r['edges']:,}) | {r['drawn']:,} / {r['drawn_edges']:,} | "
            f"{r['embedded_hidden']:,} | {r['render_s']:.2f} s | {r['bytes'] / 1e6:.1f} MB | "
            f"{r['drawn_ms']:.0f} ms | {r['interactive_ms']:.0f} ms | {r['after_click']:,} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.view_interactive", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, action="append",
                        help="graph size (repeatable; default 2000 and 10000)")
    parser.add_argument("--max-nodes", type=int, default=None,
                        help="most nodes drawn (default: N up to 2000, else 1500)")
    parser.add_argument("--repeat", type=int, default=3, help="tabs per size (median)")
    args = parser.parse_args(argv)
    rows = run(args.nodes or [2000, 10000], max_nodes=args.max_nodes, repeat=args.repeat)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
