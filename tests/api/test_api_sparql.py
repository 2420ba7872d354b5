"""The SPARQL endpoint over HTTP, built in memory from the seeded store."""

from __future__ import annotations

import json
from dataclasses import replace
from urllib.parse import quote

import pytest
import rdflib
from fastapi.testclient import TestClient

from api.app import create_app

AUTH = {"Authorization": "Bearer secret-token"}  # the write token of the app fixtures

ASK_H200 = "ASK { ?a aikg:chipModel id:nvidia-h200 ; aikg:quantity 50000 ; aikg:status aikg:Planned }"
FORM = {"content-type": "application/x-www-form-urlencoded"}


def test_query_by_get_form_and_direct_post(client):
    get = client.get("/sparql", params={"query": ASK_H200})
    form = client.post("/sparql", content=f"query={quote(ASK_H200)}", headers=FORM)
    direct = client.post("/sparql", content=ASK_H200,
                         headers={"content-type": "application/sparql-query"})
    for response in (get, form, direct):
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/sparql-results+json")
        assert response.json() == {"head": {}, "boolean": True}


def test_form_body_is_percent_decoded_exactly_once(client):
    query = 'SELECT ?x WHERE { BIND("100%25" AS ?x) }'
    response = client.post("/sparql", content="query=" + quote(query, safe=""), headers=FORM)
    assert response.json()["results"]["bindings"] == [
        {"x": {"type": "literal", "value": "100%25"}}]


def test_negotiated_formats(client):
    query = "SELECT ?c WHERE { id:nvidia aikg:manufactures ?c } ORDER BY ?c"
    csv = client.get("/sparql", params={"query": query}, headers={"accept": "text/csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.split() == ["c", "https://w3id.org/aikg/id/nvidia-h100",
                                "https://w3id.org/aikg/id/nvidia-h200"]
    tsv = client.get("/sparql", params={"query": query},
                     headers={"accept": "text/tab-separated-values"})
    assert tsv.headers["content-type"].startswith("text/tab-separated-values")
    assert tsv.text.splitlines()[0] == "?c"
    construct = "CONSTRUCT WHERE { id:nvidia aikg:manufactures ?c }"
    turtle = client.get("/sparql", params={"query": construct},
                        headers={"accept": "text/turtle, */*;q=0.5"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert len(rdflib.Graph().parse(data=turtle.text, format="turtle")) == 2
    browser = client.get("/sparql", params={"query": construct, "format": "ntriples"})
    assert len(rdflib.Graph().parse(data=browser.text, format="nt")) == 2


def test_unacceptable_accept_is_406(client):
    response = client.get("/sparql", params={"query": ASK_H200},
                          headers={"accept": "application/x-unknown"})
    assert response.status_code == 406
    assert response.json()["error"] == "not_acceptable"


def test_truncation_is_signalled(shared_engine):
    settings = replace(shared_engine.settings, max_rows=50)
    with TestClient(create_app(shared_engine, settings)) as client:
        response = client.get("/sparql", params={"query": "SELECT * { ?s ?p ?o }"})
    assert response.status_code == 200
    assert response.headers["x-sparql-maxrows"] == "50"
    assert len(response.json()["results"]["bindings"]) == 50
    assert response.json()["truncated"] is True
    complete = client.get("/sparql", params={"query": "SELECT * { ?s ?p ?o } LIMIT 3"})
    assert "truncated" not in complete.json() and "x-sparql-maxrows" not in complete.headers


@pytest.mark.parametrize(("kwargs", "status", "code"), [
    ({"params": {"query": "ASK {"}}, 400, "malformed_query"),
    ({"params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400, "malformed_request"),
    ({"params": {"update": "CLEAR ALL"}}, 400, "malformed_request"),
    ({"params": {"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}}, 400,
     "service_disabled"),
    ({"params": {"query": "SELECT * WHERE " + "{" * 2500 + "?s ?p ?o" + "}" * 2500}}, 400,
     "query_too_deep"),
    ({"params": {"query": "ASK {}", "default-graph-uri": "file:///etc/passwd"}}, 400,
     "invalid_iri"),
])
def test_bad_get_requests(client, kwargs, status, code):
    response = client.get("/sparql", **kwargs)
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == code
    assert "Traceback" not in response.text and "/work" not in response.text


def test_bad_post_requests(client):
    plain = client.post("/sparql", content="ASK {}", headers={"content-type": "text/plain"})
    assert plain.status_code == 415 and plain.json()["error"] == "unsupported_media_type"
    none = client.post("/sparql", content="ASK {}")
    assert none.status_code == 415
    utf16 = client.post("/sparql", content="ASK {}".encode("utf-16"),
                        headers={"content-type": "application/sparql-query; charset=UTF-16"})
    assert utf16.status_code == 415
    both = client.post("/sparql", content="query=ASK%7B%7D&update=CLEAR%20ALL", headers=FORM)
    assert both.status_code == 400
    update = client.post("/sparql", content="CLEAR ALL",
                         headers={"content-type": "application/sparql-update"})
    assert update.status_code == 401 and update.json()["error"] == "unauthorized"
    assert update.headers["www-authenticate"].startswith("Bearer")
    big = client.post("/sparql", content="x" * 200_000,
                      headers={"content-type": "application/sparql-query"})
    assert big.status_code == 413
    put = client.put("/sparql", params={"query": "ASK {}"})
    assert put.status_code == 405 and put.json()["error"] == "method_not_allowed"


def test_dataset_parameters_restrict_the_default_graph(client):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    whole = client.get("/sparql", params={"query": query}).json()
    entities = client.get("/sparql", params={
        "query": query, "default-graph-uri": "https://w3id.org/aikg/graph/entities"}).json()
    count = lambda body: int(body["results"]["bindings"][0]["n"]["value"])  # noqa: E731
    assert 0 < count(entities) < count(whole)


def test_health(client):
    body = client.get("/health").json()
    assert body["ok"] is True and isinstance(body["generation"], int)
    assert json.loads(json.dumps(body)) == body


def test_update_with_token_is_applied(app_client):
    update = 'INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:p> "100%25" } }'
    done = app_client.post("/sparql", content="update=" + quote(update, safe=""),
                           headers={**FORM, **AUTH})
    assert done.status_code == 204, done.text
    found = app_client.get("/sparql", params={"query": "SELECT ?o { <urn:x:a> <urn:x:p> ?o }"})
    assert found.json()["results"]["bindings"] == [{"o": {"type": "literal", "value": "100%25"}}]
