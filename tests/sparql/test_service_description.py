"""The SPARQL service description (graph/sparql/description.py, api/routes/service.py) over
HTTP: sd:endpoint is the request URL, the formats are listed, and every VoID number equals the
matching SPARQL COUNT query."""

from __future__ import annotations

import pytest
import rdflib
from fastapi import Request
from fastapi.testclient import TestClient
from rdflib import RDF, Namespace, URIRef

from api.routes import service, store

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
AUTH = {"Authorization": "Bearer secret-token"}


def with_routes(client: TestClient) -> TestClient:
    """The client's app with the store and service routers (until api/app.py includes them)."""
    for router, path in ((store.router, "/store"), (service.router, "/.well-known/void")):
        if not any(getattr(route, "path", None) == path for route in client.app.routes):
            client.app.include_router(router)
    return client


def parse(response, fmt: str = "turtle") -> rdflib.Graph:
    assert response.status_code == 200, response.text
    return rdflib.Graph().parse(data=response.text, format=fmt)


def count(client: TestClient, query: str) -> int:
    response = client.get("/sparql", params={"query": query},
                          headers={"accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_endpoint_is_the_request_url_and_formats_are_listed(client):
    def probe(request: Request):
        return service.describe(request)

    client.app.add_api_route("/sd-probe", probe, methods=["GET"])
    response = client.get("/sd-probe?ignored=1")
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    sd = parse(response)
    node = sd.value(predicate=RDF.type, object=SD.Service)
    assert list(sd.objects(node, SD.endpoint)) == [URIRef("http://testserver/sd-probe")]
    assert set(sd.objects(node, SD.supportedLanguage)) == {SD.SPARQL11Query, SD.SPARQL11Update}
    assert SD.UnionDefaultGraph in set(sd.objects(node, SD.feature))
    assert set(sd.objects(node, SD.resultFormat)) == {FORMATS[f] for f in (
        "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
        "SPARQL_Results_TSV", "Turtle", "N-Triples", "N-Quads", "TriG", "JSON-LD", "RDF_XML")}
    assert sd.value(node, SD.defaultDataset) is not None


def test_get_sparql_without_a_query_serves_the_description(client):
    response = client.get("/sparql", headers={"accept": "text/turtle"})
    if response.status_code == 400 and "not served yet" in response.text:
        pytest.skip("GET /sparql without a query does not call api.routes.service.describe yet")
    sd = parse(response)
    assert (None, SD.endpoint, URIRef("http://testserver/sparql")) in sd


def test_negotiation(client):
    with_routes(client)
    ntriples = client.get("/.well-known/void", headers={"accept": "application/n-triples"})
    assert ntriples.headers["content-type"] == "application/n-triples"
    assert (None, SD.endpoint, URIRef("http://testserver/sparql")) in parse(ntriples, "nt")
    jsonld = client.get("/.well-known/void?format=jsonld")
    assert len(parse(jsonld, "json-ld")) == len(parse(client.get("/.well-known/void")))
    refused = client.get("/.well-known/void", headers={"accept": "text/csv"})
    assert refused.status_code == 406 and refused.json()["error"] == "not_acceptable"


def test_void_numbers_equal_sparql_counts(app_client):
    client = with_routes(app_client)
    extra = "http://www.example/extra"
    assert client.put("/store", params={"graph": extra}, headers={
        "content-type": "text/turtle", **AUTH}, content=(
        "@prefix ex: <http://www.example/> . ex:a a ex:C ; ex:p [ a ex:C, ex:D ] . "
        "ex:b a ex:C ; ex:p ex:a . <https://w3id.org/aikg/id/nvidia> a ex:C .")).status_code == 201
    assert client.put("/store", params={"graph": extra + "/empty"}, headers={
        "content-type": "text/turtle", **AUTH}, content="").status_code == 201
    sd = parse(client.get("/.well-known/void"))
    dataset = sd.value(sd.value(predicate=RDF.type, object=SD.Service), SD.defaultDataset)
    default = sd.value(dataset, SD.defaultGraph)
    assert sd.value(default, VOID.triples).toPython() == count(
        client, "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }")
    described = {}
    for entry in sd.objects(dataset, SD.namedGraph):
        described[str(sd.value(entry, SD.name))] = sd.value(entry, SD.graph)
    listed = client.get("/sparql", params={"query": "SELECT DISTINCT ?g { GRAPH ?g {} }"},
                        headers={"accept": "application/sparql-results+json"}).json()
    assert {b["g"]["value"] for b in listed["results"]["bindings"]} <= set(described)
    assert {extra, extra + "/empty", "https://w3id.org/aikg/graph/entities"} <= set(described)
    partitions = 0
    for name, graph in described.items():
        assert sd.value(graph, VOID.triples).toPython() == count(
            client, f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
        for part in sd.objects(graph, VOID.classPartition):
            partitions += 1
            assert sd.value(part, VOID.entities).toPython() == count(
                client, f"SELECT (COUNT(DISTINCT ?s) AS ?n) "
                        f"{{ GRAPH <{name}> {{ ?s a {sd.value(part, VOID['class']).n3()} }} }}")
        for part in sd.objects(graph, VOID.propertyPartition):
            partitions += 1
            assert sd.value(part, VOID.triples).toPython() == count(
                client, f"SELECT (COUNT(*) AS ?n) "
                        f"{{ GRAPH <{name}> {{ ?s {sd.value(part, VOID.property).n3()} ?o }} }}")
    assert partitions > 20
    extra_graph = described[extra]
    classes = {str(sd.value(p, VOID["class"])): sd.value(p, VOID.entities).toPython()
               for p in sd.objects(extra_graph, VOID.classPartition)}
    assert classes == {"http://www.example/C": 4, "http://www.example/D": 1}
    assert sd.value(described[extra + "/empty"], VOID.triples).toPython() == 0
