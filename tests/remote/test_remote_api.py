"""The app over a remote store (a real ``oxigraph serve``) answers what it answers over the
embedded store: SPARQL through the protocol, REST, analytics, the Graph Store, exports; a hung
engine gives 503 with Retry-After."""

from __future__ import annotations

import json
import re
import os
import signal
import time
from collections import Counter

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import cli
from graph.engine.supervisor import Engine
from graph.projection.cache import build_projection
from graph.settings import Settings
from graph.store.backends import open_store
from tests.conftest import AUTH, TOKEN

pytestmark = pytest.mark.slow  # engines and benchmarks started for real: run by .ci/run with -m slow

SPARQL_JSON = {"Accept": "application/sparql-results+json"}
SELECT = """SELECT ?cluster ?chip ?n ?status WHERE {
  ?state a aikg:ClusterState ; aikg:stateOf ?cluster ; aikg:hasAllocation ?a .
  ?a aikg:chipModel ?chip ; aikg:quantity ?n ; aikg:status ?status
} ORDER BY ?cluster ?chip ?n ?status"""
README_QUERY = """SELECT ?chip ?n ?status ?date ?source WHERE {
    ?s aikg:stateOf id:colossus ; aikg:asOf|aikg:announcedOn ?date ; aikg:source ?source ;
       aikg:hasAllocation ?a . ?a aikg:chipModel ?chip ; aikg:quantity ?n ; aikg:status ?status
  } ORDER BY ?date ?chip DESC(?n)"""
CONSTRUCT = "CONSTRUCT { ?s rdfs:label ?l } WHERE { GRAPH g:entities { ?s rdfs:label ?l } }"
READS = [
    ("/entities/nvidia", {}),
    ("/entities/colossus", {"as_of": "2024-06-01"}),
    ("/entities/colossus/neighbours", {"depth": 2}),
    ("/paths", {"from": "larry-ellison", "to": "jensen-huang"}),
    ("/paths", {"from": "Larry Ellison", "to": "Nvidia H"}),
    ("/search", {"q": "nvid"}),
    ("/search", {"q": "musk"}),
    ("/analytics/compute", {}),
    ("/analytics/funding", {}),
    ("/entities", {"type": "Company"}),
    ("/store", {"graph": "https://w3id.org/aikg/graph/entities"}),
    # the README's tour
    ("/analytics/rounds", {"start": "2024", "end": "2025"}),
    ("/analytics/suppliers", {}),
    ("/analytics/leaders", {}),
    ("/analytics/disagreements", {}),
    ("/entity/colossus", {"format": "json"}),
    ("/sources", {"format": "json"}),
]
PAGES = ["/", "/entity/colossus", "/query", "/view/entity/colossus", "/sources"]
"""HTML pages, compared once the parts that name the store are set aside."""


@pytest.fixture(scope="module")
def remote_api(engine_server):
    settings = Settings(store_path=None, store_url=engine_server.query_url, token=TOKEN,
                        store_poll=0.2, query_timeout=2.0)
    engine = Engine(settings, query_timeout=2.0).start()
    try:
        with TestClient(create_app(engine)) as test_client:
            test_client.engine = engine
            yield test_client
    finally:
        engine.close()


def _body(response):
    kind = response.headers.get("content-type", "")
    return response.json() if "json" in kind else response.text


def _get(api, path, params):
    """GET, retrying while the service answers 503 (a projection or summary being computed
    after a start or a write says so, with Retry-After)."""
    deadline = time.monotonic() + 30
    while (response := api.get(path, params=params)).status_code == 503 and \
            time.monotonic() < deadline:
        time.sleep(0.2)
    return response


def test_rest_answers_equal_the_embedded_stores(client, remote_api):
    for path, params in READS:
        embedded, remote = _get(client, path, params), _get(remote_api, path, params)
        assert (remote.status_code, _body(remote)) == (embedded.status_code, _body(embedded)), \
            path
        assert embedded.status_code in (200, 300), path


def test_pages_equal_the_embedded_stores(client, remote_api):
    for path in PAGES:
        embedded, remote = _get(client, path, {}), _get(remote_api, path, {})
        assert embedded.status_code == remote.status_code == 200, path
        assert _unstored(remote.text) == _unstored(embedded.text), path


def _unstored(html: str) -> str:
    """A page without what differs by store: its generation (each store counts its writes)."""
    return re.sub(r"generation \d+", "generation N", html)


def test_sparql_select_construct_ask_and_errors_equal_the_embedded_stores(client, remote_api):
    for params, headers in (({"query": SELECT}, SPARQL_JSON),
                            ({"query": SELECT}, {"Accept": "text/csv"}),
                            ({"query": README_QUERY}, {"Accept": "text/csv"}),
                            ({"query": CONSTRUCT}, {"Accept": "application/n-triples"}),
                            ({"query": "ASK { id:xai aikg:operates id:colossus }"}, SPARQL_JSON),
                            ({"query": "ASK { id:colossus aikg:operates id:xai }"}, SPARQL_JSON),
                            ({"query": "SELECT * WHERE { ?s ?p"}, SPARQL_JSON),
                            ({"query": SELECT, "default-graph-uri":
                              "https://w3id.org/aikg/graph/entities"}, SPARQL_JSON)):
        embedded = client.post("/sparql", data=params, headers=headers)
        remote = remote_api.post("/sparql", data=params, headers=headers)
        assert remote.status_code == embedded.status_code, params
        if "n-triples" in headers["Accept"]:
            assert sorted(remote.text.splitlines()) == sorted(embedded.text.splitlines())
        else:
            assert _body(remote) == _body(embedded), params
    rows = client.post("/sparql", data={"query": SELECT}, headers=SPARQL_JSON).json()
    assert len(rows["results"]["bindings"]) >= 3  # the comparison compared something
    csv = client.post("/sparql", data={"query": README_QUERY}, headers={"Accept": "text/csv"})
    assert len(csv.text.splitlines()) >= 3


def test_writes_through_the_app_reach_the_engine(remote_api, engine_server):
    graph = "https://w3id.org/aikg/graph/test-remote-write"
    update = (f"INSERT DATA {{ GRAPH <{graph}> {{ id:new-co a aikg:Company ; "
              'rdfs:label "Remote Write Co"@en } }')
    assert remote_api.post("/sparql", data={"update": update}, headers=AUTH).status_code == 204
    ask = {"query": f"ASK {{ GRAPH <{graph}> {{ id:new-co rdfs:label ?l }} }}"}
    assert remote_api.post("/sparql", data=ask, headers=SPARQL_JSON).json()["boolean"] is True
    hits = remote_api.get("/search", params={"q": "remote write co"}).json()["hits"]
    assert hits and hits[0]["id"] == "new-co"  # the projection was rebuilt after the write

    turtle = "<https://w3id.org/aikg/id/a> <https://w3id.org/aikg/ont#competesWith> " \
             "<https://w3id.org/aikg/id/b> .\n"
    put = remote_api.put("/store", params={"graph": graph}, content=turtle,
                         headers={**AUTH, "Content-Type": "text/turtle"})
    assert put.status_code in (200, 204)
    got = remote_api.get("/store", params={"graph": graph},
                         headers={"Accept": "application/n-triples"})
    assert got.text == turtle  # PUT replaced the graph: only the new triple
    assert remote_api.delete("/store", params={"graph": graph}, headers=AUTH).status_code == 204
    assert remote_api.get("/store", params={"graph": graph}).status_code == 404


def test_graph_reads_name_the_engine_that_answered(client, remote_api, engine_server):
    params = {"graph": "https://w3id.org/aikg/graph/entities"}
    for api, engine in ((client, "pyoxigraph"), (remote_api, engine_server.name)):
        for method in (api.get, api.head):
            response = method("/store", params=params)
            assert response.status_code == 200 and response.headers["x-aikg-engine"] == engine


def test_a_hung_engine_gives_503_with_retry_after(remote_api, engine_server):
    os.kill(engine_server.proc.pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        response = remote_api.post("/sparql", data={"query": "ASK { ?s ?p ?o }"},
                                   headers=SPARQL_JSON)
        assert response.status_code == 503 and int(response.headers["Retry-After"]) >= 1
        assert response.json()["error"] == "engine_unavailable"
        assert time.monotonic() - started < 2  # the store gave up before the deadline,
        assert remote_api.engine.restarts == 0  # so its worker was not killed
    finally:
        os.kill(engine_server.proc.pid, signal.SIGCONT)
    deadline = time.monotonic() + 20  # and it answers again once the engine does
    while time.monotonic() < deadline:
        if remote_api.post("/sparql", data={"query": "ASK {}"}, headers=SPARQL_JSON).is_success:
            break
        time.sleep(0.2)
    else:
        pytest.fail("the service did not recover after the engine did")


def test_cli_exports_and_validates_over_the_engine_as_over_the_embedded_store(
        runner, engine_server, remote_api):
    remote = ["--store-url", engine_server.query_url]
    for args in (["export", "--format", "nquads"], ["export", "--format", "turtle", "--graph",
                                                    "https://w3id.org/aikg/graph/meta"]):
        embedded, over = runner.invoke(cli, args), runner.invoke(cli, [*remote, *args])
        assert over.exit_code == embedded.exit_code == 0, over.output
        note = f"# aikg export, engine: {engine_server.name}\n".encode()
        assert over.stdout_bytes == note + embedded.stdout_bytes  # the seeds' literals agree
    stats = [json.loads(runner.invoke(cli, [*prefix, "stats", "--json"]).output)
             for prefix in ([], remote)]
    assert stats[0]["triples"] == stats[1]["triples"] > 2000
    assert (stats[0]["engine"], stats[1]["engine"]) == ("pyoxigraph", engine_server.name)
    for key in ("default_graph", "graphs", "classes"):  # no journal, no engine's own graphs
        assert stats[1][key] == stats[0][key], key
    checked = runner.invoke(cli, [*remote, "validate"])
    assert checked.exit_code == 0 and "conforms: 0 violation(s)" in checked.output
    seeded = runner.invoke(cli, [*remote, "seed"])
    assert seeded.exit_code == 0 and "installed" not in seeded.output  # nothing duplicated
    bad = runner.invoke(cli, ["--store-url", "http://127.0.0.1:9/query", "stats"])
    assert bad.exit_code == 1 and "cannot reach the SPARQL engine" in bad.output


def test_the_projection_equals_the_embedded_stores(seeded, remote_api, engine_server):
    """Built from the engine's values (CSV over Virtuoso) the projection has the embedded
    store's nodes and edges, attributes included."""
    assert _get(remote_api, "/entities/nvidia", {}).status_code == 200  # seeded by now
    kg = open_store(Settings(store_path=None, store_url=engine_server.query_url))
    try:
        remote = build_projection(kg)
    finally:
        kg.close()
    embedded = build_projection(seeded)
    assert dict(remote.nodes(data=True)) == dict(embedded.nodes(data=True))

    def edges(graph):
        return Counter((u, v, repr(sorted(data.items())))
                       for u, v, data in graph.edges(data=True))
    assert edges(remote) == edges(embedded)
    assert remote.number_of_edges() > 20
