"""Two real ``aikg serve`` processes over one engine (``oxigraph serve``, then Virtuoso): a write
through one is seen by the other (its journal watch rebuilds the projection), and neither seeds
twice. A read-only process over an engine (a replica, say) never writes to it, seeds included."""

from __future__ import annotations

import time

import httpx
import pytest

from graph.engine.worker import open_store
from graph.settings import Settings
from tests.conftest import AUTH, serve_process

pytestmark = pytest.mark.slow  # engines and benchmarks started for real: run by .ci/run with -m slow

SPARQL_JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def two_services(engine_server, tmp_path_factory):
    env = {"AIKG_STORE_URL": engine_server.query_url, "AIKG_STORE_POLL": "0.2"}
    root = tmp_path_factory.mktemp("two-services")
    first = serve_process(root / "a", **env)
    second = serve_process(root / "b", **env)
    try:
        yield next(first)[0], next(second)[0]
    finally:
        first.close()
        second.close()


def test_a_write_through_one_service_is_seen_by_the_other(two_services):
    writer, reader = two_services
    assert httpx.get(f"{reader}/entities/two-process-labs").status_code == 404
    update = ('INSERT DATA { GRAPH <https://w3id.org/aikg/graph/test-two-services> { '
              'id:two-process-labs a aikg:Company ; rdfs:label "Two Process Labs"@en } }')
    written = httpx.post(f"{writer}/sparql", data={"update": update}, headers=AUTH)
    assert written.status_code == 204
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        seen = httpx.get(f"{reader}/entities/two-process-labs")
        if seen.status_code == 200:
            break
        time.sleep(0.1)
    assert seen.status_code == 200, seen.text
    assert seen.json()["labels"]["en"] == "Two Process Labs"
    hits = httpx.get(f"{reader}/search", params={"q": "two process labs"}).json()["hits"]
    assert hits[0]["id"] == "two-process-labs"
    # both seeded the same engine once: one catalog entry per seed file's graph
    rows = httpx.post(f"{reader}/sparql", headers=SPARQL_JSON, data={
        "query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH g:catalog { ?g aikg:contentHash ?h } }"})
    catalog = httpx.post(f"{reader}/sparql", headers=SPARQL_JSON, data={
        "query": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH g:catalog { ?g ?p ?o } }"})
    assert rows.json()["results"]["bindings"][0]["n"]["value"] == \
        catalog.json()["results"]["bindings"][0]["n"]["value"]


def test_a_read_only_process_leaves_the_engine_as_it_found_it(oxigraph):
    settings = Settings(store_url=oxigraph.query_url, read_only=True)
    kg = open_store(settings)
    try:
        assert len(kg) == 0 and kg.generation == 0
    finally:
        kg.close()
    kg = open_store(Settings(store_url=oxigraph.query_url))
    try:
        assert len(kg) > 0  # the writer seeds
    finally:
        kg.close()
