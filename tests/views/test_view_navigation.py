"""What the view pages say and link to (issue 12, item 10): a node's details link to its entity
page, a header links home and searches, chip quantities on allocation edges, each detail row
once, every path of a path view drawn, a legend without shape words, labels that keep apart,
a responsive layout, and edges that SPARQL finds as drawn."""

from __future__ import annotations

import re

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.explore.paths import find_paths
from graph.projection.cache import AIKG, ID_NS, projection
from graph.sparql.execute import run_query
from graph.views.details import INVESTED_IN_PATH, relation_rows
from graph.views.legend import ALTERNATIVE_COLOR, HIGHLIGHT_COLOR
from graph.views.pages import entity_view_html, path_edges, path_view_html, whole_graph_html
from graph.views.render import embedded, render_html


def by_key(nodes):
    return {n["key"]: n for n in nodes}


def test_nodes_link_to_their_entity_pages_and_the_page_has_a_header(seeded):
    page = entity_view_html(seeded, "colossus")
    nodes, _ = embedded(page)
    assert by_key(nodes)["colossus"]["href"] == "/entity/colossus"
    assert all(n["href"] == f"/entity/{n['key']}" for n in nodes)
    assert 'link.target = "_top"' in page  # the details' link leaves the iframe
    assert re.search(r'<a href="/" target="_top">Home</a>', page)
    assert re.search(r'<form action="/" method="get" target="_top" role="search">', page)
    assert '<input type="search" id="view-q" name="q" required>' in page
    assert 'name="lang"' not in page
    pt = entity_view_html(seeded, "colossus", lang="pt")
    assert by_key(embedded(pt)[0])["colossus"]["href"] == "/entity/colossus?lang=pt"
    assert '<a href="/?lang=pt" target="_top">Início</a>' in pt
    assert '<input type="hidden" name="lang" value="pt">' in pt


def test_nodes_outside_the_id_namespace_get_no_link():
    graph = nx.Graph([("a", "b")])
    nodes, _ = embedded(render_html(graph, title="t"))
    assert all("href" not in n for n in nodes)


def test_allocation_edges_show_their_quantity(seeded):
    page = entity_view_html(seeded, "colossus")
    nodes, edges = embedded(page)
    key = {n["id"]: n["key"] for n in nodes}
    uses = sorted((e["label"], e["status"]) for e in edges
                  if key[e["from"]] == "colossus" and e["label"].startswith("uses"))
    assert uses == [("uses 100,000 ×", "Actual"), ("uses 150,000 × (derived)", "Derived"),
                    ("uses 50,000 ×", "Planned")]
    rows = by_key(nodes)["colossus"]["rows"]
    assert "uses 100,000 × Nvidia H100 (actual, 2024-09)" in rows
    assert "uses 50,000 × Nvidia H200 (planned, 2024-09)" in rows
    pt = by_key(embedded(entity_view_html(seeded, "colossus", lang="pt"))[0])["colossus"]
    assert "usa 100\u202f000 × Nvidia H100 (atual, 2024-09)" in pt["rows"]
    assert "uses 150,000 × Nvidia H100 (derived, 2024-09)" in rows


def test_detail_rows_are_never_listed_twice(seeded):
    rows = by_key(embedded(entity_view_html(seeded, "colossus"))[0])["colossus"]["rows"]
    assert len(rows) == len(set(rows))
    announced = [r for r in rows if "announced" in r]
    assert len(announced) == 2 and "online" in " ".join(announced)  # two facts, told apart
    twice = nx.MultiDiGraph()
    twice.add_node("a", label_en="A")
    twice.add_node("b", label_en="B")
    for source in ("g1", "g2"):  # the same relation from two sources: one row
        twice.add_edge("a", "b", label_en="announced", status="Actual", time="2024-09",
                       source=source)
    assert relation_rows(twice, "a", "en") == ["announced B (actual, 2024-09)"]


def test_parallel_edges_fan_out(seeded):
    nodes, edges = embedded(entity_view_html(seeded, "colossus"))
    key = {n["id"]: n["key"] for n in nodes}
    announced = [e for e in edges if (key[e["from"]], key[e["to"]]) == ("elon-musk", "colossus")]
    assert len(announced) == 2
    assert len({repr(e.get("smooth")) for e in announced}) == 2


def test_path_view_draws_every_path(seeded):
    answer = find_paths(seeded, "larry-ellison", "jensen-huang")
    assert len(answer["paths"]) == 6  # a seventh ran through the seed article: paths skip articles
    page = path_view_html(seeded, "Larry Ellison", "jensen-huang")
    assert "<h1>6 paths from Larry Ellison to Jensen Huang (shortest highlighted)</h1>" in page
    assert "other paths (5)" in page and "shortest path" in page
    nodes, edges = embedded(page)
    key = {n["id"]: n["key"] for n in nodes}
    graph = projection(seeded)

    def named(triples):
        return {(graph.nodes[u]["id"], graph.nodes[v]["id"], graph.edges[u, v, k]["fact"])
                for u, v, k in triples}

    def drawn(flag):
        return {(key[e["from"]], key[e["to"]]) for e in edges if e.get(flag)}

    shortest = named(path_edges(seeded, answer))
    others = set().union(*(named(path_edges(seeded, answer, i)) for i in range(1, 6))) - shortest
    assert drawn("highlight") == {(u, v) for u, v, _ in shortest}
    assert drawn("alternative") == {(u, v) for u, v, _ in others}
    for edge in edges:
        if edge.get("highlight"):
            assert (edge["color"], edge["width"]) == (HIGHLIGHT_COLOR, 5)
        elif edge.get("alternative"):
            assert (edge["color"], edge["width"]) == (ALTERNATIVE_COLOR, 3)
    on_paths = {n for path in answer["paths"] for n in path["nodes"]}
    assert on_paths <= set(key.values())
    pt = path_view_html(seeded, "larry-ellison", "jensen-huang", lang="pt")
    assert "6 caminhos de Larry Ellison a Jensen Huang" in pt


def test_legend_draws_shapes_and_labels_keep_apart(seeded):
    page = entity_view_html(seeded, "colossus")
    legend = page[page.index('id="legend-nodes"'):page.index('id="legend-edges"')]
    assert not re.search(r"\((dot|square|diamond|triangle|star|hexagon|box|ellipse)", legend)
    assert "<svg" in legend and "Person (" in legend
    nodes, _ = embedded(page)
    assert {n["font"]["size"] for n in nodes if n["key"] != "colossus"} == {12}
    assert by_key(nodes)["colossus"]["font"]["size"] == 16
    assert all(n["title"].splitlines()[0] == n["label"] for n in nodes)  # full label on hover
    assert '"widthConstraint": {"maximum": 130}' in page
    assert '"gravitationalConstant": -6000' in page and '"springLength": 150' in page


def test_layout_is_responsive(seeded):
    page = whole_graph_html(seeded)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "calc(100% - 24em)" not in page
    media = page[page.index("@media (max-width: 800px)"):]
    assert "flex-direction: column" in media and "height: 65vh" in media


def test_view_routes_let_the_search_form_submit_here(shared_engine):
    with TestClient(create_app(shared_engine)) as client:
        response = client.get("/view/entity/colossus")
    assert response.status_code == 200
    assert "form-action 'self'" in response.headers["content-security-policy"]


def test_drawn_edges_are_queryable_as_drawn(seeded):
    """Every drawn edge named by an aikg: property is found by SPARQL: a stored triple, or
    (an ``invested in`` folded from a funding round's investment) the documented path."""
    graph = projection(seeded)
    page = whole_graph_html(seeded)
    nodes, edges = embedded(page)
    invested = set()
    for u, v, data in graph.edges(data=True):
        if not data["predicate"].startswith(AIKG):
            continue
        if data["kind"] == "direct":
            assert run_query(seeded, f"ASK {{ <{u}> <{data['predicate']}> <{v}> }}").value
        else:
            assert data["predicate"] == AIKG + "investedIn"
            invested.add((u, v))
    assert invested  # the seed graph has folded investments
    rows = run_query(seeded, f"SELECT DISTINCT ?a ?b WHERE {{ ?a {INVESTED_IN_PATH} ?b }}").rows
    assert {(a.value, b.value) for a, b in rows} == invested
    key = {n["id"]: n["key"] for n in nodes}
    folded = [e for e in edges if e["label"] == "invested in"]
    assert folded and all(INVESTED_IN_PATH in e["title"] for e in folded)
    assert {(ID_NS + key[e["from"]], ID_NS + key[e["to"]]) for e in folded} == invested
    # the inverse shortcut as a property path, as docs/sparql.md shows it
    inverse = run_query(seeded, "SELECT ?a ?b WHERE { ?a ^aikg:hasInvestor ?b }").rows
    assert {(a.value, b.value) for a, b in inverse} == invested


@pytest.mark.parametrize("lang", ["en", "pt"])
def test_pages_stay_deterministic(seeded, lang):
    assert path_view_html(seeded, "larry-ellison", "jensen-huang", lang=lang) == \
        path_view_html(seeded, "larry-ellison", "jensen-huang", lang=lang)
