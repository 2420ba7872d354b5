"""The HTML renderer: offline, one heading, safe tooltips, deterministic, big-graph-safe."""

from __future__ import annotations

import re
import time

import networkx as nx
import pytest

from graph.errors import InvalidInput
from graph.projection.cache import projection
from graph.views.assets import LIBRARY_URLS
from graph.views.layout import layout
from graph.views.render import embedded, embedded_expansion, render_html

URL = re.compile(r"https?://[^\s\"'<>)\\]*")
DATA_IRI = ("https://w3id.org/aikg/", "http://www.wikidata.org/", "https://www.wikidata.org/")


def assert_offline(page: str) -> None:
    """No URL but data IRIs and the inlined library's notices; nothing loaded from outside."""
    urls = sorted(set(URL.findall(page)))
    stray = [u for u in urls if not u.startswith(DATA_IRI) and u not in LIBRARY_URLS]
    assert not stray, f"external URLs in the page: {stray[:10]}"
    lowered = page.lower()
    for needle in ("<script src", "<link", "cdnjs", "jsdelivr", "unpkg", "bootstrap",
                   "@import", "url(http", "src=\"//", "href=\"//"):
        assert needle not in lowered, needle
    assert page.count("<h1") == 1 and page.count("</h1>") == 1
    assert "new vis.Network(" in page and "/*@AIKG_VIS" not in page


def synthetic(n: int, seed: int = 1) -> nx.Graph:
    graph = nx.barabasi_albert_graph(n, 2, seed=seed)
    nx.set_node_attributes(graph, {i: f"node {i}" for i in graph}, "label_en")
    return graph


def test_projection_page_is_offline_complete_and_deterministic(seeded):
    graph = projection(seeded)
    page = render_html(graph, title="AI industry")
    assert_offline(page)
    nodes, edges = embedded(page)
    assert len(nodes) == graph.number_of_nodes() and len(edges) == graph.number_of_edges()
    assert render_html(graph, title="AI industry") == page
    assert f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges" in page
    assert '"physics": {"enabled": true' in page  # small graph: the browser lays it out


def test_styles_by_class_status_and_language(seeded):
    graph = projection(seeded)
    nodes, edges = embedded(render_html(graph, title="t"))
    by_key = {n["key"]: n for n in nodes}
    assert by_key["nvidia"]["shape"] == "square" and by_key["jensen-huang"]["shape"] == "dot"
    assert by_key["nvidia"]["color"] != by_key["jensen-huang"]["color"]
    statuses = {e["status"]: e for e in edges}
    assert statuses["Actual"]["dashes"] is False
    for status in ("Planned", "Reported", "Claimed"):
        assert statuses[status]["dashes"] is True
    assert all(e["label"].endswith("(derived)") for e in edges if e["status"] == "Derived")
    assert any(e["status"] == "Derived" for e in edges)
    page_pt = render_html(graph, title="t", lang="pt")
    _, edges_pt = embedded(page_pt)
    assert "fabrica" in {e["label"] for e in edges_pt} and "Legenda" in page_pt
    assert "Person" in render_html(graph, title="t")  # legend entry


def test_tooltips_and_heading_are_text_not_html():
    graph = nx.MultiDiGraph()
    graph.add_node("a", label_en="<script>alert(1)</script>", classes=[])
    graph.add_node("b", label_en="B & <b>bold</b>", classes=[])
    graph.add_edge("a", "b", label_en="</script><img src=x onerror=alert(2)>")
    page = render_html(graph, title="<script>x</script> & co")
    assert "<script>alert" not in page and "</script><img" not in page and "<b>bold" not in page
    assert "<h1>&lt;script&gt;x&lt;/script&gt; &amp; co</h1>" in page
    nodes, edges = embedded(page)
    assert nodes[0]["title"].startswith("<script>alert(1)</script>\nid: a")  # JSON decodes back
    assert edges[0]["label"] == "</script><img src=x onerror=alert(2)>"
    assert_offline(page)


def test_big_graph_fixed_coordinates_physics_off_and_fast():
    graph = synthetic(2000)
    started = time.perf_counter()
    page = render_html(graph, title="synthetic", max_nodes=2000)
    elapsed = time.perf_counter() - started
    assert elapsed < 5, elapsed
    nodes, edges = embedded(page)
    assert len(nodes) == 2000 and len(edges) == graph.number_of_edges()
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in nodes)
    assert '"physics": {"enabled": false' in page and "showing" not in page
    assert render_html(graph, title="synthetic", max_nodes=2000) == page
    assert_offline(page)


def test_cap_shows_n_of_m_and_keeps_focus_and_hubs():
    graph = synthetic(2000)
    page = render_html(graph, title="capped", max_nodes=500, focus=1999)
    nodes, edges = embedded(page)
    assert len(nodes) == 500
    assert 'id="cap-note"' in page and "showing 500 of 2000 nodes" in page
    keys = {n["key"] for n in nodes}
    assert "1999" in keys and "0" in keys  # the focus, and the first hub of the BA graph
    kept = {int(k) for k in keys}
    assert len(edges) == graph.subgraph(kept).number_of_edges()
    assert "a mostrar 500 de 2000 nós" in render_html(graph, title="c", max_nodes=500, lang="pt")


def test_layout_is_deterministic_and_spread():
    graph = synthetic(400)
    nodes = sorted(graph)
    first = layout(nodes, list(graph.edges()))
    assert first == layout(nodes, list(graph.edges()))
    assert len(set(first.values())) == 400


def test_highlighted_edges():
    graph = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("a", "c")])
    _, edges = embedded(render_html(graph, title="t", highlight_edges=[("a", "b", 0),
                                                                      ("c", "b")]))
    hot = sorted((e["from"], e["to"]) for e in edges if e.get("highlight"))
    assert hot == [(0, 1), (1, 2)] and all(e["width"] == 5 for e in edges if e.get("highlight"))


def test_bad_arguments():
    with pytest.raises(InvalidInput):
        render_html(nx.Graph(), title="t", lang="fr")
    with pytest.raises(InvalidInput):
        render_html(nx.Graph(), title="t", max_nodes=0)
    assert_offline(render_html(nx.Graph(), title="empty"))


def test_capped_view_embeds_bounded_expansion_data():
    graph = synthetic(2000)
    page = render_html(graph, title="capped", max_nodes=200, expand_limit=5)
    nodes, edges = embedded(page)
    data = embedded_expansion(page)
    assert data["limit"] == 5 and data["total"] == 2000
    drawn_ids = {n["id"] for n in nodes}
    hidden = {int(i): n for i, n in data["nodes"].items()}
    assert hidden and not drawn_ids & set(hidden)
    assert {int(i) for i in data["more"]} <= drawn_ids
    assert all(0 < len(more) <= 5 for more in data["more"].values())  # bounded per drawn node
    assert set(hidden) == {h for more in data["more"].values() for h in more}
    assert len(hidden) <= 5 * len(nodes)
    key_of = {**{n["id"]: int(n["key"]) for n in nodes},
              **{i: int(n["key"]) for i, n in hidden.items()}}
    # each drawn node's most connected hidden neighbours, highest degree first
    for drawn_id, more in data["more"].items():
        node = key_of[int(drawn_id)]
        outside = [m for m in graph[node] if m not in {key_of[i] for i in drawn_ids}]
        best = sorted(outside, key=lambda m: (-graph.degree(m), str(m)))[:5]
        assert [key_of[h] for h in more] == best
    # the embedded edges are exactly the graph's edges touching a hidden embedded node
    ids = {e["id"] for e in edges}
    extra = data["edges"]
    assert all(e["id"] not in ids and (e["from"] in hidden or e["to"] in hidden) for e in extra)
    pairs = {frozenset((key_of[e["from"]], key_of[e["to"]])) for e in extra}
    near = graph.subgraph(key_of.values())
    hidden_keys = {key_of[i] for i in hidden}
    assert pairs == {frozenset(e) for e in near.edges() if set(e) & hidden_keys}
    assert render_html(graph, title="capped", max_nodes=200, expand_limit=5) == page
    assert_offline(page)


def test_expansion_only_when_capped_and_limit_checked():
    star = nx.star_graph(40)
    data = embedded_expansion(render_html(star, title="star", max_nodes=5, expand_limit=3))
    assert [len(more) for more in data["more"].values()] == [3] and len(data["nodes"]) == 3
    assert embedded_expansion(render_html(star, title="star", max_nodes=5, expand_limit=0)) is None
    assert embedded_expansion(render_html(star, title="star")) is None
    for bad in (-1, 101, 2.5):
        with pytest.raises(InvalidInput):
            render_html(star, title="star", max_nodes=5, expand_limit=bad)


def test_pyvis_is_imported_without_ipython() -> None:
    import subprocess
    import sys

    code = ("import sys; from graph.views.pyvis_class import network_class; "
            "assert network_class().__name__ == 'Network'; "
            "assert 'IPython' not in sys.modules and 'IPython.display' not in sys.modules; "
            "print('ok')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.strip() == "ok", done.stderr
