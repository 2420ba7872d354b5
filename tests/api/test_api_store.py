"""The Graph Store HTTP Protocol at /store over HTTP (api/routes/store.py), through a private
seeded on-disk store: every verb, direct and indirect identification, multipart, auth, errors.
The request sequences follow the W3C graph-store-protocol manifests."""

from __future__ import annotations

from urllib.parse import quote

import pytest
import rdflib
from fastapi.testclient import TestClient

from api.routes import service, store

AUTH = {"Authorization": "Bearer secret-token"}
TURTLE = {"content-type": "text/turtle; charset=utf-8", **AUTH}
PERSON = "http://www.example/gsp/person/1.ttl"
INDIRECT = "/store?graph=" + quote(PERSON, safe="")
JOHN = """@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix v: <http://www.w3.org/2006/vcard/ns#> .
<http://www.example/gsp/person/1> a foaf:Person;
    foaf:businessCard [ a v:VCard; v:fn "John Doe" ].
"""
JANE = JOHN.replace("John", "Jane")
ALICE = """@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix v: <http://www.w3.org/2006/vcard/ns#> .
[] a foaf:Person; foaf:businessCard [ a v:VCard; v:given-name "Alice" ] .
"""
BOUNDARY = "a6fe4cd636164618814be9f8d3d1a0de"
MULTIPART = (f"--{BOUNDARY}\r\n"
             'Content-Disposition: form-data; name="lastName.ttl"; filename="lastName.ttl"\r\n'
             "Content-Type: text/turtle; charset=utf-8\r\n\r\n"
             "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\r\n"
             '<http://www.example/gsp/person/1> foaf:familyName "Doe" .\r\n\r\n'
             f"--{BOUNDARY}\r\n"
             'Content-Disposition: form-data; name="firstName"; filename="firstName.nt"\r\n\r\n'
             '<http://www.example/gsp/person/1> <http://xmlns.com/foaf/0.1/givenName> "Jane" .'
             "\r\n\r\n"
             f"--{BOUNDARY}--\r\n")


@pytest.fixture
def gsp(app_client: TestClient) -> TestClient:
    """The app client, with the store and service routers (until api/app.py includes them)."""
    for router, path in ((store.router, "/store"), (service.router, "/.well-known/void")):
        if not any(getattr(route, "path", None) == path for route in app_client.app.routes):
            app_client.app.include_router(router)
    return app_client


def graph_of(response) -> rdflib.Graph:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    return rdflib.Graph().parse(data=response.text, format="turtle")


def expected(text: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=text, format="turtle")


def ask(client: TestClient, query: str) -> bool:
    response = client.get("/sparql", params={"query": query},
                          headers={"accept": "application/sparql-results+json"})
    return response.json()["boolean"]


def test_indirect_put_get_head_delete(gsp):
    assert gsp.put(INDIRECT, content=JOHN, headers=TURTLE).status_code == 201
    assert graph_of(gsp.get(INDIRECT, headers={"accept": "text/turtle"})).isomorphic(
        expected(JOHN))
    assert gsp.put(INDIRECT, content=JANE, headers=TURTLE).status_code == 204
    got = gsp.get(INDIRECT, headers={"accept": "text/turtle"})
    assert graph_of(got).isomorphic(expected(JANE))
    head = gsp.head(INDIRECT, headers={"accept": "text/turtle; charset=utf-8"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == "text/turtle; charset=utf-8"
    assert head.headers["content-length"] == got.headers["content-length"]
    assert gsp.delete(INDIRECT, headers=AUTH).status_code == 204
    missing = gsp.get(INDIRECT)
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    assert gsp.head(INDIRECT).status_code == 404
    assert gsp.delete(INDIRECT, headers=AUTH).status_code == 404


def test_direct_identification_names_the_request_url(gsp):
    url = "/store/gsp/person/2.ttl"
    iri = "http://testserver" + url
    assert gsp.put(url, content=ALICE, headers=TURTLE).status_code == 201
    assert graph_of(gsp.get(url)).isomorphic(expected(ALICE))  # Turtle without Accept
    assert ask(gsp, f"ASK {{ GRAPH <{iri}> {{ ?s <http://www.w3.org/2006/vcard/ns#given-name> "
                    '"Alice" }}')
    assert graph_of(gsp.get("/store", params={"graph": iri})).isomorphic(expected(ALICE))
    head = gsp.head(url, headers={"accept": "text/turtle; charset=utf-8"})
    assert head.status_code == 200 and head.headers["content-type"].startswith("text/turtle")
    assert gsp.delete(url, headers=AUTH).status_code == 204
    assert gsp.get(url).status_code == 404
    assert gsp.head("/store/gsp/person/4.ttl").status_code == 404
    assert gsp.delete(url, headers=AUTH).status_code == 404


def test_post_merges_then_multipart_merges_every_part(gsp):
    url = "/store/gsp/person/1.ttl"
    assert gsp.post(url, content=JANE, headers=TURTLE).status_code == 201
    assert graph_of(gsp.get(url)).isomorphic(expected(JANE))
    response = gsp.post(url, content=MULTIPART, headers={
        "content-type": f"multipart/form-data; boundary={BOUNDARY}", **AUTH})
    assert response.status_code == 204, response.text
    assert graph_of(gsp.get(url)).isomorphic(expected(
        JANE + '<http://www.example/gsp/person/1> foaf:givenName "Jane"; '
               'foaf:familyName "Doe" .'))
    indirect = "/store?graph=" + quote("http://testserver" + url, safe="")
    assert gsp.post(indirect, content=JANE, headers=TURTLE).status_code == 204
    assert len(graph_of(gsp.get(indirect))) == 9  # a second card: blank nodes never merge


def test_post_to_the_store_creates_a_graph(gsp):
    response = gsp.post("/store", content=ALICE, headers=TURTLE)
    assert response.status_code == 201
    location = response.headers["location"]
    assert location.startswith("http://testserver/store/")
    assert graph_of(gsp.get("/store", params={"graph": location})).isomorphic(expected(ALICE))
    assert graph_of(gsp.get(location)).isomorphic(expected(ALICE))
    assert gsp.post("/store", content=ALICE, headers=TURTLE).headers["location"] != location


def test_default_graph(gsp):
    assert gsp.get("/store?default").text == ""  # the seeds live in named graphs
    assert gsp.put("/store?default", content=ALICE, headers=TURTLE).status_code == 204
    assert graph_of(gsp.get("/store?default", headers={"accept": "text/turtle"})).isomorphic(
        expected(ALICE))
    assert gsp.post("/store?default", content=JOHN, headers=TURTLE).status_code == 204
    assert len(graph_of(gsp.get("/store?default"))) == 8
    assert gsp.delete("/store?default", headers=AUTH).status_code == 204
    assert gsp.get("/store?default").text == ""
    assert ask(gsp, "ASK { GRAPH <https://w3id.org/aikg/graph/entities> { ?s ?p ?o } }")


def test_graph_iri_is_percent_decoded_exactly_once(gsp):
    once = "/store?graph=http://www.example/gsp/person/%31.ttl"
    twice = "/store?graph=http://www.example/gsp/person/%2531.ttl"
    assert gsp.put(once, content=JOHN, headers=TURTLE).status_code == 201
    assert gsp.put(twice, content=JANE, headers=TURTLE).status_code == 201
    assert graph_of(gsp.get(INDIRECT)).isomorphic(expected(JOHN))
    assert graph_of(gsp.get(twice)).isomorphic(expected(JANE))
    assert ask(gsp, "ASK { GRAPH <http://www.example/gsp/person/%31.ttl> { ?s ?p ?o } }")


def test_negotiated_formats(gsp):
    gsp.put(INDIRECT, content=JOHN, headers=TURTLE)
    for accept, fmt in (("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
                        ("application/rdf+xml;q=0.9, text/csv", "xml"),
                        ("application/n-quads", "nquads"), ("application/trig", "trig")):
        response = gsp.get(INDIRECT, headers={"accept": accept})
        assert response.status_code == 200
        assert response.headers["content-type"].split(";")[0] == accept.split(";")[0]
        parsed = rdflib.Dataset().parse(data=response.text, format=fmt)
        assert len(parsed) == 4
    assert gsp.get(INDIRECT + "&format=ntriples").headers["content-type"].startswith(
        "application/n-triples")
    refused = gsp.get(INDIRECT, headers={"accept": "application/sparql-results+json"})
    assert refused.status_code == 406 and refused.json()["error"] == "not_acceptable"


def test_writes_need_the_token_and_change_nothing_without_it(gsp):
    gsp.put(INDIRECT, content=JOHN, headers=TURTLE)
    before = gsp.get("/store?default").text, gsp.get(INDIRECT).text
    ttl = {"content-type": "text/turtle"}
    for response in (gsp.put(INDIRECT, content=JANE, headers=ttl),
                     gsp.post(INDIRECT, content=JANE, headers=ttl),
                     gsp.post("/store", content=JANE, headers=ttl),
                     gsp.delete(INDIRECT),
                     gsp.put("/store/gsp/x", content=JANE, headers=ttl),
                     gsp.delete("/store?default",
                                headers={"Authorization": "Bearer wrong-token"})):
        assert response.status_code == 401, response.text
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert (gsp.get("/store?default").text, gsp.get(INDIRECT).text) == before
    assert gsp.get("/store/gsp/x").status_code == 404


def test_bad_requests(gsp):
    gsp.put(INDIRECT, content=JOHN, headers=TURTLE)
    before = gsp.get(INDIRECT).text
    cases = [
        (gsp.put(INDIRECT, content=JANE, headers={"content-type": "text/html", **AUTH}), 415),
        (gsp.put(INDIRECT, content=JANE, headers=AUTH), 415),
        (gsp.put(INDIRECT, content=JANE, headers={
            "content-type": "text/turtle; charset=latin-1", **AUTH}), 415),
        (gsp.put(INDIRECT, content=MULTIPART, headers={
            "content-type": f"multipart/form-data; boundary={BOUNDARY}", **AUTH}), 415),
        (gsp.post(INDIRECT, content=MULTIPART.replace('filename="firstName.nt"', ""),
                  headers={"content-type": f"multipart/form-data; boundary={BOUNDARY}",
                           **AUTH}), 415),
        (gsp.post(INDIRECT, content=b"--x\r\n", headers={
            "content-type": "multipart/form-data", **AUTH}), 400),
        (gsp.put(INDIRECT, content=JANE + "<http://a> <http://b> .", headers=TURTLE), 400),
        (gsp.put("/store", content=JANE, headers=TURTLE), 400),
        (gsp.get("/store"), 400),
        (gsp.get(INDIRECT + "&default"), 400),
        (gsp.get(INDIRECT + "&graph=http://www.example/2"), 400),
        (gsp.get("/store?graph=not%20an%20iri"), 400),
        (gsp.get("/store?graph=file:///etc/passwd"), 400),
        (gsp.request("PATCH", INDIRECT, content=JANE, headers=TURTLE), 405),
    ]
    for response, status in cases:
        assert response.status_code == status, (status, response.text)
        assert "error" in response.json()
    syntax = cases[6][0].json()
    assert syntax["error"] == "malformed_data" and syntax["line"] == 5
    assert gsp.get(INDIRECT).text == before


def test_body_over_the_cap_is_413(gsp):
    limit = getattr(gsp.app.state.settings, "max_upload_bytes", store.MAX_UPLOAD_BYTES)
    body = b"# " + b"x" * limit + b"\n"
    response = gsp.put(INDIRECT, content=body, headers=TURTLE)
    assert response.status_code == 413 and response.json()["error"] == "payload_too_large"
    assert gsp.get(INDIRECT).status_code == 404
