"""The SPARQL text guard: refuses SERVICE, LOAD, deep nesting and oversize text, however spelled."""

from __future__ import annotations

import pytest

from graph.errors import QueryRefused, QueryTooLarge
from graph.sparql.guard import guard_sparql, measure

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


@pytest.mark.parametrize("text", [
    "ASK { FILTER(" + "!" * 10_000 + "true) }",
    "ASK { FILTER(" + " || ".join(["true"] * 600) + ") }",
    "ASK { FILTER(" + " && ".join(["?a = 1"] * 300) + ") }",
    "ASK { ?s " + "/".join(["<urn:p>"] * 600) + " ?o }",
    "ASK { ?s " + "^" * 600 + "<urn:p> ?o }",
    "ASK { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o } " * 600 + "}",
    "ASK { " + " UNION ".join(["{ ?s ?p ?o }"] * 600) + " }",
    "ASK { FILTER(STR(" + "STR(" * 60 + " + ".join(["1"] * 520) + ")" * 61 + ") }",
], ids=["not", "or", "and", "sequence-path", "inverse-path", "optional", "union", "calls"])
def test_chains_the_engine_folds_into_deep_trees_are_refused(text):
    with pytest.raises(QueryRefused, match="limit is 512") as caught:
        guard_sparql(text)
    assert caught.value.code == "query_too_complex"


def test_complexity_sums_along_the_nesting():
    """Operators in separate groups at one level do not add up; nested ones do."""
    flat = "ASK { FILTER(" + " || ".join(["(" + "+".join(["1"] * 100) + " > 0)"] * 20) + ") }"
    assert measure(flat).complexity < 150
    guard_sparql(flat)
    nested = "ASK { FILTER(" + "(1 + " * 60 + "1" + ")" * 60 + ") }"
    # the group, FILTER and its bracket, then a bracket and a + per level
    assert measure(nested).complexity == 3 + 2 * 60


def test_data_and_values_rows_are_flat():
    insert = "INSERT DATA { " + " ".join(
        f'<urn:s{i}> <urn:p> "-{i}"^^<urn:t>, -{i} .' for i in range(3000)) + " }"
    found = measure(insert)
    assert (found.complexity, found.size) == (1, 0)
    guard_sparql(insert, max_bytes=1 << 20)
    values = "SELECT * { VALUES (?x ?y) { " + "(1 -2) " * 3000 + "} ?x ?p ?y }"
    guard_sparql(values, max_bytes=1 << 20)


def test_width_of_one_group_is_bounded():
    wide = "ASK { " + " . ".join(f"?s <urn:p{i}> ?o" for i in range(101)) + " }"
    with pytest.raises(QueryRefused, match="101 triple patterns") as caught:
        guard_sparql(wide)
    assert caught.value.code == "query_too_complex"
    guard_sparql("ASK { " + " . ".join(f"?s <urn:p{i}> ?o" for i in range(100)) + " }")


def test_datatype_markers_are_not_paths():
    assert measure('ASK { ?s ?p "1"^^<urn:t> }').complexity == 1
    assert measure("ASK { ?s ^^<urn:p> ?o }").complexity == 3


def test_a_text_guarded_again_is_measured_once_and_still_held_to_the_limits(monkeypatch):
    from graph.sparql import guard

    measured = []
    real = guard.measure
    monkeypatch.setattr(guard, "measure", lambda *a: measured.append(a) or real(*a))
    guard._remembered.cache_clear()
    text = "SELECT * WHERE { ?s ?p ?o . { ?s ?q ?x } }  # guarded twice"
    guard_sparql(text)
    guard_sparql(text)
    assert len(measured) == 1
    with pytest.raises(QueryRefused) as caught:  # the same measure, a lower limit
        guard_sparql(text, max_depth=1)
    assert caught.value.code == "query_too_deep" and len(measured) == 1
    refused = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    for _ in range(2):  # a refusal is not remembered: refused each time, measured each time
        with pytest.raises(QueryRefused):
            guard_sparql(refused)
    assert len(measured) == 3
    guard_sparql(refused, allow=frozenset({"SERVICE"}))  # remembered per forbidden set
    assert len(measured) == 4
    long = "SELECT * WHERE { ?s ?p ?o } " + "#" * guard.MEMO_CHARS
    guard_sparql(long, max_bytes=10 * guard.MEMO_CHARS)
    guard_sparql(long, max_bytes=10 * guard.MEMO_CHARS)
    assert len(measured) == 6  # longer texts are not remembered
