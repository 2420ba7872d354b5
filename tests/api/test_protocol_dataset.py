"""The SPARQL protocol's datasets: using-graph-uri / using-named-graph-uri as USING clauses, the
endpoint URL as base IRI, and a query's own FROM against the union default graph."""

from __future__ import annotations

from urllib.parse import quote

import pyoxigraph as ox
import pytest

from graph.errors import InvalidIRI, QueryRefused
from graph.sparql.clauses import (
    has_dataset_clause,
    has_update_dataset_clause,
    modify_where_positions,
    with_using_clauses,
)
from graph.sparql.execute import run_query, run_update
from graph.store.base import KnowledgeStore
from graph.store.embedded import EmbeddedStore
from graph.store.inventory import content_hash

AUTH = {"Authorization": "Bearer secret-token"}  # the write token of the app fixtures
UPDATE = {"content-type": "application/sparql-update", **AUTH}
FORM = {"content-type": "application/x-www-form-urlencoded", **AUTH}
G1, G2, OUT = "urn:x:g1", "urn:x:g2", "urn:x:out"
U = "USING <urn:x:g1> "
UN = "USING NAMED <urn:x:g2> "


# -- USING rewriting -----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    # one Modify operation of each shape
    ("INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }",
     f"INSERT {{ ?s ?p ?o }} {U}{UN}WHERE {{ ?s ?p ?o }}"),
    ("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
     f"DELETE {{ ?s ?p ?o }} {U}{UN}WHERE {{ ?s ?p ?o }}"),
    ("DELETE { ?s ?p 1 } INSERT { ?s ?p 2 } WHERE { ?s ?p 1 }",
     f"DELETE {{ ?s ?p 1 }} INSERT {{ ?s ?p 2 }} {U}{UN}WHERE {{ ?s ?p 1 }}"),
    # several operations separated by ';', with data and graph management between them
    ("PREFIX ex: <urn:x:>\nCLEAR ALL ;\nINSERT DATA { ex:a ex:p 1 } ;\n"
     "INSERT { ex:a ex:q ?o } WHERE { ex:a ex:p ?o } ;\n"
     "DELETE WHERE { ex:a ex:p ?o } ;\n"
     "DELETE { ex:a ex:q ?o } WHERE { ex:a ex:q ?o }",
     "PREFIX ex: <urn:x:>\nCLEAR ALL ;\nINSERT DATA { ex:a ex:p 1 } ;\n"
     f"INSERT {{ ex:a ex:q ?o }} {U}{UN}WHERE {{ ex:a ex:p ?o }} ;\n"
     "DELETE WHERE { ex:a ex:p ?o } ;\n"
     f"DELETE {{ ex:a ex:q ?o }} {U}{UN}WHERE {{ ex:a ex:q ?o }}"),
    # lower case, no spaces
    ("insert{?s ?p ?o}where{?s ?p ?o}", f"insert{{?s ?p ?o}}{U}{UN}where{{?s ?p ?o}}"),
    # WHERE inside strings, IRIs, comments, prefixed names and sub-queries is not the operation's
    ('INSERT { ?s <urn:x:WHERE> "WHERE" } # DELETE { } WHERE\n'
     "WHERE { ?s ex:where ?o FILTER EXISTS { SELECT ?s WHERE { ?s ?p ?o } } }",
     'INSERT { ?s <urn:x:WHERE> "WHERE" } # DELETE { } WHERE\n'
     f"{U}{UN}WHERE {{ ?s ex:where ?o FILTER EXISTS {{ SELECT ?s WHERE {{ ?s ?p ?o }} }} }}"),
    # a template holding a string with a ';' and a bracket
    ("INSERT { ?s ?p \"a ; } b\" } WHERE { ?s ?p ?o }",
     f"INSERT {{ ?s ?p \"a ; }} b\" }} {U}{UN}WHERE {{ ?s ?p ?o }}"),
    # codepoint escapes are decoded first, as SPARQL parsers do
    (r"INSERT { ?s ?p ?o } \u0057HERE { ?s ?p ?o }",
     f"INSERT {{ ?s ?p ?o }} {U}{UN}WHERE {{ ?s ?p ?o }}"),
])
def test_using_clauses_go_before_the_where_of_each_modify(text, expected):
    assert with_using_clauses(text, [G1], [G2]) == expected
    ox.Store().update(expected, prefixes={"ex": "urn:x:"})  # and the result is SPARQL


@pytest.mark.parametrize("text", [
    "DELETE WHERE { ?s ?p ?o }",
    "delete where{?s ?p ?o}",
    "INSERT DATA { <urn:x:a> <urn:x:p> 1 }",
    "DELETE DATA { <urn:x:a> <urn:x:p> 1 }",
    "INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:p> \"WHERE\" } }",
    "CLEAR ALL ; DROP SILENT GRAPH <urn:x:g> ; COPY DEFAULT TO <urn:x:g> ; CREATE GRAPH <urn:x:h>",
])
def test_operations_without_a_modify_where_are_untouched(text):
    assert modify_where_positions(text) == []
    assert with_using_clauses(text, [G1], [G2]) == text


def test_only_the_given_kinds_of_clause_are_added():
    text = "INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert with_using_clauses(text, [G1, G2]) == \
        "INSERT { ?s ?p ?o } USING <urn:x:g1> USING <urn:x:g2> WHERE { ?s ?p ?o }"
    assert with_using_clauses(text, (), [G2]) == \
        "INSERT { ?s ?p ?o } USING NAMED <urn:x:g2> WHERE { ?s ?p ?o }"
    assert with_using_clauses(text) == text


@pytest.mark.parametrize("text", [
    "WITH <urn:x:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "with <urn:x:g> INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "INSERT { ?s ?p ?o } USING <urn:x:g> WHERE { ?s ?p ?o }",
    "INSERT DATA { <urn:x:a> <urn:x:p> 1 } ; "
    "INSERT { ?s ?p ?o } USING NAMED <urn:x:g> WHERE { GRAPH ?g { ?s ?p ?o } }",
    r"\u0057ITH <urn:x:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
])
def test_own_dataset_and_protocol_dataset_conflict(text):
    assert has_update_dataset_clause(text)
    with pytest.raises(QueryRefused) as caught:
        with_using_clauses(text, (), [G2])
    assert caught.value.code == "malformed_request"
    assert with_using_clauses(text) == text  # without protocol graphs the update is fine


@pytest.mark.parametrize("text", [
    'INSERT { ?s <urn:x:p> "WITH" } WHERE { ?s <urn:x:using> ?with }',
    "PREFIX with: <urn:x:> INSERT { ?s with:using ?o } WHERE { ?s ?p ?o } # USING <urn:x:g>",
])
def test_words_that_only_look_like_using_or_with_do_not_conflict(text):
    assert not has_update_dataset_clause(text)
    assert "USING <urn:x:g1> WHERE" in with_using_clauses(text, [G1])


@pytest.mark.parametrize("iri", [
    "file:///etc/passwd", "urn:x:a> } ; DROP ALL ; INSERT DATA { <urn:x:b",
    "relative/iri", "http://x/a b", "",
])
def test_using_iris_are_checked(iri):
    with pytest.raises(InvalidIRI):
        with_using_clauses("INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }", [iri])


def test_using_iris_are_written_as_terms():
    text = with_using_clauses("INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }", ["http://x/é?a=1#f"])
    assert text == "INSERT { ?s ?p ?o } USING <http://x/é?a=1#f> WHERE { ?s ?p ?o }"


@pytest.mark.parametrize(("text", "expected"), [
    ("SELECT * FROM <urn:x:g> { ?s ?p ?o }", True),
    ("select * from named <urn:x:g> { graph ?g { ?s ?p ?o } }", True),
    ("CONSTRUCT WHERE { ?s ?p ?o }", False),
    (r"SELECT * \u0046ROM <urn:x:g> { ?s ?p ?o }", True),
    ('SELECT ?from { ?from <urn:x:FROM> "FROM" } # FROM <urn:x:g>', False),
    ("PREFIX from: <urn:x:> SELECT * { ?s from:from ?o }", False),
])
def test_dataset_clause_is_a_bare_from(text, expected):
    assert has_dataset_clause(text) is expected


# -- running updates with a protocol dataset -----------------------------------------------------


@pytest.fixture
def two_graphs() -> KnowledgeStore:
    kg = EmbeddedStore.memory()
    kg.load(b"""
        <urn:x:a> <urn:x:p> 1 .
        <urn:x:g1> { <urn:x:b> <urn:x:p> 2 }
        <urn:x:g2> { <urn:x:c> <urn:x:p> 3 }
    """, ox.RdfFormat.TRIG)
    return kg


def out(kg: KnowledgeStore) -> list[tuple[str, str]]:
    return sorted((q.subject.value, q.object.value) for q in kg.quads(ox.NamedNode(OUT)))


COPY = "INSERT { GRAPH <urn:x:out> { ?s <urn:x:from> ?in } } WHERE { ?s <urn:x:p> ?o " \
       "BIND(\"default\" AS ?in) }"
COPY_NAMED = "INSERT { GRAPH <urn:x:out> { ?s <urn:x:from> ?g } } WHERE { GRAPH ?g " \
             "{ ?s <urn:x:p> ?o } }"


def test_update_with_using_graphs_sees_only_them(two_graphs):
    run_update(two_graphs, COPY, using_graphs=[G1])
    assert out(two_graphs) == [("urn:x:b", "default")]


def test_update_with_using_named_graphs_sees_only_them_and_an_empty_default(two_graphs):
    run_update(two_graphs, COPY + " ; " + COPY_NAMED, using_named_graphs=[G2])
    assert out(two_graphs) == [("urn:x:c", "urn:x:g2")]


def test_update_without_using_graphs_sees_the_store(two_graphs):
    run_update(two_graphs, COPY + " ; " + COPY_NAMED)
    assert out(two_graphs) == [("urn:x:a", "default"), ("urn:x:b", "urn:x:g1"),
                               ("urn:x:c", "urn:x:g2")]


def test_guard_still_runs_before_the_rewriting(two_graphs):
    before = two_graphs.content_hash()
    for text, code in [
        (r"INSERT { ?s ?p ?o } WHERE { \u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
         "service_disabled"),
        ("LOAD <http://127.0.0.1:9/x.ttl> ; " + COPY, "load_disabled"),
        ("WITH <urn:x:g1> " + COPY, "malformed_request"),
    ]:
        with pytest.raises(QueryRefused) as caught:
            run_update(two_graphs, text, using_graphs=[G1])
        assert caught.value.code == code
    assert two_graphs.content_hash() == before


# -- queries: FROM against the union, base IRI ---------------------------------------------------


def subjects(result) -> list[str]:
    return sorted(row[0].value for row in result.rows)


def test_from_is_respected_and_the_union_is_the_default_otherwise(two_graphs):
    query = "SELECT ?s {} WHERE {{ ?s <urn:x:p> ?o }}"
    assert subjects(run_query(two_graphs, query.format(""))) == ["urn:x:a", "urn:x:b", "urn:x:c"]
    assert subjects(run_query(two_graphs, query.format("FROM <urn:x:g1>"))) == ["urn:x:b"]
    assert subjects(run_query(two_graphs, query.format("FROM <urn:x:g1> FROM <urn:x:g2>"))) \
        == ["urn:x:b", "urn:x:c"]
    assert subjects(run_query(two_graphs, query.format("FROM NAMED <urn:x:g1>"))) == []
    named = "SELECT ?g FROM NAMED <urn:x:g2> WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert subjects(run_query(two_graphs, named)) == ["urn:x:g2"]


def test_protocol_dataset_takes_precedence_over_from(two_graphs):
    query = "SELECT ?s FROM <urn:x:g1> FROM NAMED <urn:x:g1> WHERE { ?s <urn:x:p> ?o }"
    result = run_query(two_graphs, query, default_graph=[ox.NamedNode(G2)])
    assert subjects(result) == ["urn:x:c"]
    named = "SELECT ?g FROM NAMED <urn:x:g1> WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert subjects(run_query(two_graphs, named, named_graphs=[ox.NamedNode(G2)])) == \
        ["urn:x:g2"]
    assert subjects(run_query(two_graphs, named, default_graph=[ox.NamedNode(G2)])) == []


def test_relative_iris_resolve_against_the_base(two_graphs):
    result = run_query(two_graphs, "SELECT ?x { BIND(<s> AS ?x) }",
                       base_iri="http://example.org/sparql")
    assert subjects(result) == ["http://example.org/s"]
    own = run_query(two_graphs, "BASE <http://other.example/dir/> SELECT ?x { BIND(<s> AS ?x) }",
                    base_iri="http://example.org/sparql")
    assert subjects(own) == ["http://other.example/dir/s"]
    with pytest.raises(InvalidIRI):
        run_query(two_graphs, "ASK {}", base_iri="file:///etc/")
    run_update(two_graphs, "INSERT DATA { GRAPH <urn:x:out> { <urn:x:s> <urn:x:p> <t> } }",
               base_iri="http://example.org/sparql")
    assert out(two_graphs) == [("urn:x:s", "http://example.org/t")]


# -- over HTTP -----------------------------------------------------------------------------------


def rows(response, var: str) -> list[str]:
    assert response.status_code == 200, response.text
    return sorted(b[var]["value"] for b in response.json()["results"]["bindings"])


SETUP = "CLEAR SILENT GRAPH <urn:x:out> ; INSERT DATA { <urn:x:a> <urn:x:p> 1 . " \
        "GRAPH <urn:x:g1> { <urn:x:b> <urn:x:p> 2 } GRAPH <urn:x:g2> { <urn:x:c> <urn:x:p> 3 } }"
READ_OUT = "SELECT ?s ?in WHERE { GRAPH <urn:x:out> { ?s <urn:x:from> ?in } }"


def test_http_update_with_using_graph_uri(app_client):
    def update(text: str, qs: str = "") -> None:
        done = app_client.post("/sparql" + qs, content=text, headers=UPDATE)
        assert done.status_code == 204, done.text

    def found() -> list[tuple[str, str]]:
        response = app_client.get("/sparql", params={"query": READ_OUT})
        assert response.status_code == 200, response.text
        return sorted((b["s"]["value"], b["in"]["value"])
                      for b in response.json()["results"]["bindings"])

    update(SETUP + " ; " + COPY, f"?using-graph-uri={quote(G1, safe='')}")
    assert found() == [("urn:x:b", "default")]
    update(SETUP + " ; " + COPY + " ; " + COPY_NAMED,
           f"?using-graph-uri={quote(G2)}&using-named-graph-uri={quote(G1)}")
    assert found() == [("urn:x:b", "urn:x:g1"), ("urn:x:c", "default")]
    form = app_client.post("/sparql", headers=FORM, content=(
        f"update={quote(SETUP + ' ; ' + COPY_NAMED, safe='')}"
        f"&using-named-graph-uri={quote(G2, safe='')}"))
    assert form.status_code == 204, form.text
    assert found() == [("urn:x:c", "urn:x:g2")]


@pytest.mark.parametrize(("qs", "text", "code"), [
    ("?using-named-graph-uri=urn%3Ax%3Ag1", "WITH <urn:x:g1> " + COPY, "malformed_request"),
    ("?using-graph-uri=urn%3Ax%3Ag1",
     COPY.replace("WHERE", "USING <urn:x:g2> WHERE"), "malformed_request"),
    ("?using-graph-uri=file%3A%2F%2F%2Fetc%2Fpasswd", COPY, "invalid_iri"),
])
def test_http_bad_update_datasets(app_client, qs, text, code):
    before = app_client.engine.call(content_hash)
    response = app_client.post("/sparql" + qs, content=text, headers=UPDATE)
    assert response.status_code == 400, response.text
    assert response.json()["error"] == code
    assert app_client.engine.call(content_hash) == before


def test_http_relative_iris_resolve_against_the_endpoint(app_client):
    select = app_client.get("/sparql", params={"query": "SELECT ?x { BIND(<s> AS ?x) }"})
    assert rows(select, "x") == ["http://testserver/s"]
    construct = app_client.post("/sparql", content="CONSTRUCT { <s> <p> 1 } WHERE {}",
                                headers={"content-type": "application/sparql-query",
                                         "accept": "application/n-triples"})
    assert construct.status_code == 200, construct.text
    assert construct.text == ('<http://testserver/s> <http://testserver/p> '
                              '"1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n')
    done = app_client.post("/sparql", headers=UPDATE, content=(
        "INSERT DATA { GRAPH <urn:x:out> { <urn:x:s> <urn:x:p> <test> } }"))
    assert done.status_code == 204, done.text
    stored = app_client.get("/sparql", params={
        "query": "SELECT ?o { GRAPH <urn:x:out> { <urn:x:s> <urn:x:p> ?o } }"})
    assert rows(stored, "o") == ["http://testserver/test"]


def test_http_from_is_respected_and_the_union_is_the_default_otherwise(app_client):
    done = app_client.post("/sparql", content=SETUP, headers=UPDATE)
    assert done.status_code == 204, done.text

    def select(query: str, **params: str) -> list[str]:
        return rows(app_client.get("/sparql", params={"query": query, **params}), "s")

    assert select("SELECT ?s WHERE { ?s <urn:x:p> ?o }") == ["urn:x:a", "urn:x:b", "urn:x:c"]
    assert select("SELECT ?s FROM <urn:x:g1> WHERE { ?s <urn:x:p> ?o }") == ["urn:x:b"]
    assert select("SELECT ?s FROM NAMED <urn:x:g1> WHERE { ?s <urn:x:p> ?o }") == []
    assert select("SELECT ?s FROM <urn:x:g1> WHERE { ?s <urn:x:p> ?o }",
                  **{"default-graph-uri": G2}) == ["urn:x:c"]


@pytest.mark.parametrize("scheme", ["http", "https"])
@pytest.mark.parametrize("host", [b"example.org", b"example.org:8080", b"ex.org/x?y", None,
                                  b"[::1]:80", b"", b"a:99999"])
@pytest.mark.parametrize("server", [("127.0.0.1", 80), ("127.0.0.1", 443), ("::1", 8000),
                                    None])
def test_the_base_iris_origin_is_the_one_starlette_gives(scheme, host, server):
    from starlette.requests import Request

    from api.routes.store import request_iri

    scope = {"type": "http", "scheme": scheme, "path": "/sparql", "raw_path": b"/sparql",
             "query_string": b"query=ASK%20%7B%7D", "server": server,
             "headers": [] if host is None else [(b"host", host)]}
    url = Request(scope).url
    assert request_iri(Request(scope)) == f"{url.scheme}://{url.netloc}/sparql"
