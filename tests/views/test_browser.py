"""Graph views in a real browser: Debian's headless Chromium driven by Playwright.

Every request that does not go to 127.0.0.1/localhost is aborted and recorded, so a page that
still reached for a CDN fails here. Against a real ``aikg serve`` (``live_server``): the whole
view loads with no outside request and no console error, draws exactly the projection's nodes
and edges, shows a node's details when the node is clicked, and the path view highlights
exactly the path's edges; a file from ``aikg view -o`` opens from ``file://`` with no request
besides itself. Skipped where Playwright or ``/usr/bin/chromium`` is missing (``.ci/run``
installs both).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import networkx as nx
import pytest

pytest.importorskip("playwright.sync_api")

from bench.screenshot import CHROMIUM, launch, wait_until_still  # noqa: E402
from graph.explore.paths import find_paths  # noqa: E402
from graph.projection.cache import projection  # noqa: E402
from graph.views.legend import HIGHLIGHT_COLOR  # noqa: E402
from graph.views.pages import path_edges  # noqa: E402
from graph.views.render import render_html  # noqa: E402

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        chromium = launch(p)
        try:
            yield chromium
        finally:
            chromium.close()


class Watched:
    """A page whose outside requests are aborted and recorded, with its console errors."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.refused: list[str] = []
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._guard)
        self.page = self.context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("websocket", lambda ws: self.refused.append(ws.url))
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))

    def _guard(self, route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme == "file" or (parts.scheme in ("http", "https")
                                      and parts.hostname in LOCAL_HOSTS):
            route.continue_()
        else:
            self.refused.append(url)
            route.abort()

    def open(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is None or response.ok, (url, response and response.status)
        wait_until_still(self.page)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser):
    tab = Watched(browser)
    yield tab
    tab.close()


def drawn(page) -> tuple[list[dict], list[dict]]:
    """The nodes and edges of the page's vis DataSets, as the network holds them."""
    return (page.evaluate("() => network.body.data.nodes.get()"),
            page.evaluate("() => network.body.data.edges.get()"))


def test_view_loads_offline_without_console_errors(watched, live_server):
    base, _ = live_server
    watched.open(f"{base}/view")
    assert watched.refused == []
    assert all(urlsplit(url).hostname in LOCAL_HOSTS for url in watched.requests)
    assert watched.errors == []
    assert watched.page.locator("h1").count() == 1
    assert watched.page.locator("canvas").count() >= 1


def test_drawn_counts_equal_the_projection(watched, live_server, seeded):
    base, _ = live_server
    graph = projection(seeded)
    watched.open(f"{base}/view")
    counts = watched.page.evaluate(
        "() => [network.body.data.nodes.length, network.body.data.edges.length,"
        " network.body.nodeIndices.length, network.body.edgeIndices.length]")
    expected = (graph.number_of_nodes(), graph.number_of_edges())
    assert tuple(counts[:2]) == expected  # the DataSets
    assert tuple(counts[2:]) == expected  # what the network actually draws
    nodes, _ = drawn(watched.page)
    assert sorted(n["key"] for n in nodes) == sorted(d["id"] for _, d in graph.nodes(data=True))


def test_clicking_a_node_shows_its_details(watched, live_server):
    base, _ = live_server
    watched.open(f"{base}/view")
    page = watched.page
    # the node farthest from any other node, so the click cannot land on a neighbour
    node_id = page.evaluate("""() => {
        const pos = network.getPositions();
        const ids = Object.keys(pos);
        let best = null, bestGap = -1;
        for (const a of ids) {
          let gap = Infinity;
          for (const b of ids) if (a !== b)
            gap = Math.min(gap, Math.hypot(pos[a].x - pos[b].x, pos[a].y - pos[b].y));
          if (gap > bestGap) { bestGap = gap; best = a; }
        }
        return Number(best);
      }""")
    label = page.evaluate("id => network.body.data.nodes.get(id).label", node_id)
    assert label not in page.locator("#details").inner_text()
    point = page.evaluate("""id => {
        const p = network.getPositions([id])[id];
        return network.canvasToDOM({x: p.x, y: p.y});
      }""", node_id)
    box = page.locator("#mynetwork").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_function("label => document.getElementById('details').textContent"
                           ".startsWith(label)", arg=label, timeout=5000)
    details = page.locator("#details").inner_text()
    assert details.splitlines()[0] == label
    assert page.evaluate("() => network.getSelectedNodes()") == [node_id]
    assert watched.errors == [] and watched.refused == []


def test_path_view_highlights_exactly_the_path(watched, live_server, seeded):
    base, _ = live_server
    graph = projection(seeded)
    answer = find_paths(seeded, "larry-ellison", "jensen-huang", max_hops=4, limit=1)
    steps = path_edges(seeded, answer)
    assert len(steps) == answer["paths"][0]["hops"] >= 1
    expected = sorted((graph.nodes[u]["id"], graph.nodes[v]["id"], graph.edges[u, v, k]["label_en"])
                      for u, v, k in steps)
    watched.open(f"{base}/view/path?from=larry-ellison&to=jensen-huang")
    nodes, edges = drawn(watched.page)
    key = {n["id"]: n["key"] for n in nodes}
    hot = [e for e in edges if e["color"] == HIGHLIGHT_COLOR or e["width"] == 5]
    assert all(e["color"] == HIGHLIGHT_COLOR and e["width"] == 5 for e in hot)
    assert sorted((key[e["from"]], key[e["to"]], e["label"]) for e in hot) == expected
    assert len(edges) > len(hot)  # the path is drawn in its context
    assert watched.errors == [] and watched.refused == []


def test_cli_file_opens_from_disk_with_no_request(watched, tmp_path, seeded_store_dir):
    store = tmp_path / "store"
    shutil.copytree(seeded_store_dir, store)
    out = tmp_path / "graph.html"
    result = subprocess.run([sys.executable, "-m", "api", "--store", str(store), "view",
                             "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    watched.open(out.as_uri())
    assert watched.requests == [out.as_uri()]
    assert watched.refused == [] and watched.errors == []
    assert watched.page.evaluate("() => network.body.data.nodes.length") > 0


def test_clicking_a_node_of_a_capped_file_expands_its_neighbours(watched, tmp_path):
    graph = nx.barabasi_albert_graph(400, 2, seed=3)
    nx.set_node_attributes(graph, {i: f"node {i}" for i in graph}, "label_en")
    out = tmp_path / "capped.html"
    out.write_text(render_html(graph, title="capped", max_nodes=40, expand_limit=4),
                   encoding="utf-8")
    watched.open(out.as_uri())
    page = watched.page
    before = page.evaluate("() => [nodes.length, edges.length]")
    note = page.locator("#cap-note").inner_text()
    assert before[0] == 40 and note == "showing 40 of 400 nodes"
    # a node with hidden neighbours, as far as possible from any other node
    node_id = page.evaluate("""() => {
        const pos = network.getPositions();
        const ids = Object.keys(pos);
        let best = null, bestGap = -1;
        for (const a of ids) {
          if (!(expansion.more[a] || []).length) continue;
          let gap = Infinity;
          for (const b of ids) if (a !== b)
            gap = Math.min(gap, Math.hypot(pos[a].x - pos[b].x, pos[a].y - pos[b].y));
          if (gap > bestGap) { bestGap = gap; best = a; }
        }
        return Number(best);
      }""")
    point = page.evaluate("""id => {
        const p = network.getPositions([id])[id];
        return network.canvasToDOM({x: p.x, y: p.y});
      }""", node_id)
    box = page.locator("#mynetwork").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_function("n => nodes.length > n", arg=before[0], timeout=5000)
    after = page.evaluate("() => [nodes.length, edges.length]")
    assert 0 < after[0] - before[0] <= 4 and after[1] > before[1]
    assert page.locator("#cap-note").inner_text() == f"showing {after[0]} of 400 nodes"
    assert page.locator("#summary-text").inner_text() == f"{after[0]} nodes, {after[1]} edges"
    assert page.evaluate("() => network.body.nodeIndices.length") == after[0]  # really drawn
    label = page.evaluate("id => nodes.get(id).label", node_id)
    assert page.locator("#details").inner_text().splitlines()[0] == label
    # every drawn edge joins two drawn nodes, and the added ones are the graph's own edges
    keys = {n["id"]: int(n["key"]) for n in page.evaluate("() => nodes.get()")}
    for e in page.evaluate("() => edges.get()"):
        assert graph.has_edge(keys[e["from"]], keys[e["to"]])
    assert watched.errors == [] and watched.requests == [out.as_uri()] and watched.refused == []
