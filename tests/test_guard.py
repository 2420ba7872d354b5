"""The SPARQL text guard: refuses SERVICE, LOAD, deep nesting and oversize text, however spelled."""

from __future__ import annotations

import pytest

from graph.errors import QueryRefused, QueryTooLarge
from graph.guard import guard_sparql

DEEP = "SELECT * WHERE " + "{" * 2500 + " ?s ?p ?o " + "}" * 2500

CASES = [
    ("SELECT * { ?s ?p ?o }", None),
    ("SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "service_disabled"),
    ("# a comment\nselect * { sErViCe <http://x/> { } }", "service_disabled"),
    ("SELECT * { BIND(<http://x/> AS ?u) SERVICE SILENT ?u { ?s ?p ?o } }", "service_disabled"),
    (r"SELECT * { \u0053ERVICE <http://x/> { ?s ?p ?o } }", "service_disabled"),
    (r"SELECT * { \U00000053ERVICE <http://x/> { ?s ?p ?o } }", "service_disabled"),
    ("SELECT * { ?s ?p ?o .SERVICE <http://x/> { } }", "service_disabled"),
    ("LOAD <http://127.0.0.1:9/x.ttl>", "load_disabled"),
    ("INSERT DATA { <a:b> <a:c> <a:d> } ; LOAD SILENT <file:///etc/passwd> INTO GRAPH <a:g>",
     "load_disabled"),
    (DEEP, "query_too_deep"),
    ("ASK { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }", "query_too_deep"),
    ('SELECT * { ?s ?p "customer service" }', None),
    ("PREFIX ex: <http://e/> SELECT * { ?s ex:service ?o . ?s ex:my-service ex:a.load }", None),
    ("SELECT * { ?s <http://ex/SERVICE> ?o }", None),
    ("SELECT ?service $load { ?service ?p $load }", None),
    ('SELECT * { ?s ?p """' + "{" * 100 + '""" }', None),
    ('SELECT * { ?s ?p "x"@en-service }', None),
    ("SELECT * { _:load ?p ?o } # SERVICE in a comment", None),
]


@pytest.mark.parametrize(("text", "code"), CASES, ids=[str(i) for i in range(len(CASES))])
def test_guard_cases(text, code):
    if code is None:
        guard_sparql(text)
    else:
        with pytest.raises(QueryRefused) as caught:
            guard_sparql(text)
        assert caught.value.code == code


def test_operator_can_enable_service():
    guard_sparql("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", allow=frozenset({"SERVICE"}))
    with pytest.raises(QueryRefused):
        guard_sparql("LOAD <http://x/>", allow=frozenset({"SERVICE"}))


def test_size_limit_counts_utf8_bytes():
    text = 'SELECT * { ?s ?p "' + "é" * 17000 + '" }'
    with pytest.raises(QueryTooLarge, match="limit is 32768"):
        guard_sparql(text)
    guard_sparql(text, max_bytes=40000)


def test_invalid_codepoint_escape_is_refused():
    with pytest.raises(QueryRefused):
        guard_sparql(r'SELECT * { ?s ?p "\uD800" }')
