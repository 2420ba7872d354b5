"""Graph views: library functions, HTTP routes (/view…) and ``aikg view``, all offline."""

from __future__ import annotations

import html

import click
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import cli
from api.cli.views import view as view_command
from api.routes import views as view_routes
from graph.errors import EntityNotFound, InvalidInput, QueryRefused
from graph.explore.paths import find_paths
from graph.projection.cache import ID_NS, projection
from graph.projection.timefilter import parse_as_of, subgraph_as_of
from graph.views.pages import (
    entity_subgraph,
    entity_view_html,
    path_edges,
    path_view_html,
    query_view_html,
    whole_graph_html,
)
from graph.views.render import embedded
from tests.views.test_render import assert_offline

SELECT_WDQS = """SELECT ?item ?itemLabel ?linkedItem ?linkedItemLabel ?edgeLabel ?rgb WHERE {
  ?item aikg:manufactures ?linkedItem .
  ?item rdfs:label ?itemLabel . FILTER(lang(?itemLabel) = "en")
  ?linkedItem rdfs:label ?linkedItemLabel . FILTER(lang(?linkedItemLabel) = "en")
  BIND("makes" AS ?edgeLabel) BIND("00ff00" AS ?rgb)
}"""
CONSTRUCT = "CONSTRUCT { ?s aikg:manufactures ?o . ?s rdfs:label ?l } " \
            "WHERE { ?s aikg:manufactures ?o . ?s rdfs:label ?l }"


def test_whole_graph_counts_equal_the_projection(seeded):
    graph = projection(seeded)
    page = whole_graph_html(seeded)
    assert_offline(page)
    nodes, edges = embedded(page)
    assert (len(nodes), len(edges)) == (graph.number_of_nodes(), graph.number_of_edges())
    assert whole_graph_html(seeded) == page


def test_whole_graph_as_of_and_class_filter(seeded):
    graph = projection(seeded)
    view = subgraph_as_of(graph, parse_as_of("2024-01-01"))
    nodes, edges = embedded(whole_graph_html(seeded, as_of="2024-01-01"))
    assert (len(nodes), len(edges)) == (view.number_of_nodes(), view.number_of_edges())
    assert len(edges) < graph.number_of_edges()
    page = whole_graph_html(seeded, classes=["Organization"])
    nodes, _ = embedded(page)
    assert nodes and all(n["shape"] in ("square", "diamond", "triangleDown") for n in nodes)
    assert "Organization" in page
    with pytest.raises(InvalidInput):
        whole_graph_html(seeded, classes=["NoSuchClass"])
    with pytest.raises(InvalidInput):
        whole_graph_html(seeded, lang="de")


def test_entity_view(seeded):
    sub = entity_subgraph(seeded, "colossus", depth=2)
    page = entity_view_html(seeded, "colossus", depth=2)
    assert_offline(page)
    nodes, edges = embedded(page)
    assert (len(nodes), len(edges)) == (sub.number_of_nodes(), sub.number_of_edges())
    focus = [n for n in nodes if n.get("borderWidth") == 4]
    assert [n["key"] for n in focus] == ["colossus"]
    assert "<h1>Neighbourhood of Colossus (2 hops)</h1>" in page
    with pytest.raises(EntityNotFound):
        entity_view_html(seeded, "no-such-entity")
    with pytest.raises(InvalidInput):
        entity_view_html(seeded, "colossus", depth=4)


def test_path_view_highlights_exactly_the_path(seeded):
    answer = find_paths(seeded, "elon-musk", "oracle", max_hops=4, limit=1)
    hops = answer["paths"][0]["hops"]
    page = path_view_html(seeded, "elon-musk", "oracle", max_hops=4, limit=1)
    assert_offline(page)
    nodes, edges = embedded(page)
    hot = [e for e in edges if e.get("highlight")]
    assert len(hot) == hops == len(path_edges(seeded, answer))
    key = {n["id"]: n["key"] for n in nodes}
    walked = [answer["paths"][0]["nodes"][0]]
    for step in answer["paths"][0]["steps"]:
        match = [e for e in hot if {key[e["from"]], key[e["to"]]} == {step["from"], step["to"]}]
        assert len(match) == 1 and match[0]["label"].startswith(step["label"])
        walked.append(step["to"])
    assert walked == answer["paths"][0]["nodes"]
    # context: the path's nodes plus their neighbours
    graph = projection(seeded)
    context = set()
    for slug in answer["paths"][0]["nodes"]:
        iri = ID_NS + slug
        context |= {iri, *graph.successors(iri), *graph.predecessors(iri)}
    assert len(nodes) == len(context)


def test_path_view_draws_a_few_neighbours_of_each_entity(seeded, monkeypatch):
    from graph.views import pages

    monkeypatch.setattr(pages, "CONTEXT_PER_NODE", 2)
    answer = find_paths(seeded, "elon-musk", "oracle", max_hops=4, limit=1)
    page = path_view_html(seeded, "elon-musk", "oracle", max_hops=4, limit=1)
    nodes, _ = embedded(page)
    on_path = answer["paths"][0]["nodes"]
    graph = projection(seeded)
    around = set()
    for slug in on_path:
        iri = ID_NS + slug
        around |= {*graph.successors(iri), *graph.predecessors(iri)}
    around -= {ID_NS + s for s in on_path}
    keys = {n["key"] for n in nodes}
    assert set(on_path) <= keys
    assert len(on_path) < len(nodes) <= len(on_path) * 3
    left_out = len(around) - (len(nodes) - len(on_path))
    assert left_out > 0
    assert f"{left_out} more neighbours of the paths' entities are not drawn (at most 2 each)." \
        in html.unescape(page)


def test_path_view_without_path_and_bad_ids(seeded):
    page = path_view_html(seeded, "elon-musk", "oracle", max_hops=1)
    assert "No path from Elon Musk to Oracle within 1 hops" in page
    assert not [e for e in embedded(page)[1] if e.get("highlight")]
    with pytest.raises(InvalidInput):
        path_view_html(seeded, "elon-musk", "elon-musk")


def test_query_view_select_with_wikidata_conventions(seeded):
    page = query_view_html(seeded, SELECT_WDQS)
    assert_offline(page)
    nodes, edges = embedded(page)
    by_id = {n["id"]: n for n in nodes}
    pairs = {(by_id[e["from"]]["label"], e["label"], by_id[e["to"]]["label"]) for e in edges}
    assert ("Nvidia", "makes", "Nvidia H100") in pairs
    assert any(n["color"] == "#00ff00" for n in nodes)


def test_query_view_construct_and_refusals(seeded):
    page = query_view_html(seeded, CONSTRUCT)
    assert_offline(page)
    nodes, edges = embedded(page)
    labels = {n["label"] for n in nodes}
    assert "Nvidia" in labels and edges and all(e["label"] == "manufactures" for e in edges)
    with pytest.raises(InvalidInput, match=r"\?item"):
        query_view_html(seeded, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")
    with pytest.raises(InvalidInput):
        query_view_html(seeded, "ASK { ?s ?p ?o }")
    with pytest.raises(QueryRefused):
        query_view_html(seeded, "CONSTRUCT WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")


@pytest.fixture
def view_client(shared_engine):
    app = create_app(shared_engine)
    if not any(getattr(route, "path", None) == "/view" for route in app.routes):
        app.include_router(view_routes.router)  # until api/app.py includes it
    with TestClient(app) as client:
        yield client


@pytest.mark.parametrize("url", [
    "/view", "/view?as_of=2024-01-01&type=Company&type=Person", "/view?lang=pt",
    "/view/entity/nvidia?depth=2", "/view/path?from=elon-musk&to=oracle&max_hops=4",
    "/view/query?query=" + CONSTRUCT.replace(" ", "%20").replace("?", "%3F").replace("#", "%23"),
])
def test_routes_serve_offline_pages_with_csp(view_client, url):
    response = view_client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'unsafe-inline'" in csp
    assert "img-src data:" in csp and "connect-src" not in csp
    assert_offline(response.text)


def test_route_errors(view_client):
    assert view_client.get("/view/entity/no-such-entity").status_code == 404
    assert view_client.get("/view/entity/nvidia?depth=9").status_code == 400
    assert view_client.get("/view?lang=fr").status_code == 400
    response = view_client.get("/view/query", params={"query": "SELECT ?x WHERE { ?x ?p ?o }"})
    assert response.status_code == 400 and "?item" in response.text
    assert view_client.get("/view/path?from=elon-musk").status_code in (400, 422)


def _cli():
    if "view" in cli.commands:
        return cli
    return click.Group("aikg", callback=cli.callback, params=cli.params,
                       commands={"view": view_command})


@pytest.mark.parametrize("args", [
    [], ["--entity", "nvidia", "--depth", "2"], ["--path", "elon-musk", "oracle"],
    ["--as-of", "2024-01-01", "--lang", "pt", "--type", "Company"],
])
def test_cli_writes_an_offline_file(runner, tmp_path, args):
    out = tmp_path / "graph.html"
    result = runner.invoke(_cli(), ["view", *args, "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert_offline(out.read_text(encoding="utf-8"))
    assert "wrote" in result.output


def test_cli_query_file_and_errors(runner, tmp_path):
    query = tmp_path / "q.rq"
    query.write_text(SELECT_WDQS, encoding="utf-8")
    out = tmp_path / "q.html"
    result = runner.invoke(_cli(), ["view", "--query", str(query), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert_offline(out.read_text(encoding="utf-8"))
    bad = runner.invoke(_cli(), ["view", "--entity", "nvidia", "--path", "a", "b", "-o",
                                 str(out)])
    assert bad.exit_code == 2
    missing = runner.invoke(_cli(), ["view", "--entity", "no-such-entity", "-o", str(out)])
    assert missing.exit_code == 1 and "no-such-entity" in missing.output
