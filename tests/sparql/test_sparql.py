"""Running SPARQL from outside: union default graph, row cap, errors, result formats."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from graph.errors import QueryRefused, QuerySyntaxError
from graph.sparql.execute import QueryLimits, run_query, write_graph
from graph.sparql.results import (
    AskResult,
    GraphResult,
    SelectResult,
    write_csv,
    write_json,
    write_table,
    write_tsv,
    write_xml,
)
from graph.store.embedded import EmbeddedStore
from graph.store.formats import rdf_format

EX = "http://example.org/"


@pytest.fixture
def small():
    kg = EmbeddedStore.memory()
    kg.load(f"""
        <{EX}g1> {{ <{EX}a> <{EX}name> "Alice"@en ; <{EX}age> 42 ; <{EX}knows> <{EX}b> . }}
        <{EX}g2> {{ <{EX}b> <{EX}name> "Bob, \\"the\\" builder" ; <{EX}knows> _:x . }}
    """.encode(), ox.RdfFormat.TRIG)
    return kg


def test_default_graph_is_the_union_of_named_graphs(small):
    result = run_query(small, f"SELECT ?s ?n WHERE {{ ?s <{EX}name> ?n }} ORDER BY ?s")
    assert isinstance(result, SelectResult)
    assert [(r[0].value, r[1].value) for r in result.rows] == [
        (f"{EX}a", "Alice"), (f"{EX}b", 'Bob, "the" builder')]
    assert not result.truncated


def test_dataset_can_be_restricted(small):
    result = run_query(small, "SELECT ?s WHERE { ?s ?p ?o }",
                       default_graph=[ox.NamedNode(f"{EX}g2")])
    assert {r[0].value for r in result.rows} == {f"{EX}b"}


def test_row_cap_is_signalled(small):
    result = run_query(small, "SELECT * WHERE { ?s ?p ?o }", limits=QueryLimits(max_rows=2))
    assert len(result.rows) == 2 and result.truncated


def test_syntax_error_has_line_and_column(small):
    with pytest.raises(QuerySyntaxError) as caught:
        run_query(small, "SELECT ?s\nWHERE { ?s ?p }")
    assert caught.value.details["line"] == 2  # the column is where the engine stopped reading
    assert caught.value.details["column"] in (15, 16)
    assert "\n" not in str(caught.value)


def test_undeclared_prefix_message(small):
    with pytest.raises(QuerySyntaxError, match="undeclared prefix"):
        run_query(small, "SELECT * WHERE { ?s nope:p ?o }")


def test_aikg_prefixes_are_predeclared(seeded):
    result = run_query(seeded, "ASK { id:nvidia aikg:manufactures id:nvidia-h100 }")
    assert result == AskResult(True)


def test_guard_runs_before_the_engine(small):
    with pytest.raises(QueryRefused) as caught:  # pyoxigraph itself would segfault on this
        run_query(small, "SELECT * WHERE " + "{" * 2500 + "?s ?p ?o" + "}" * 2500)
    assert caught.value.code == "query_too_deep"


def test_json_results(small):
    result = run_query(small, f"SELECT ?n ?age ?x WHERE {{ ?s <{EX}name> ?n "
                              f"OPTIONAL {{ ?s <{EX}age> ?age }} OPTIONAL {{ ?s <{EX}knows> ?x "
                              "FILTER(isBlank(?x)) } } ORDER BY ?n")
    body = json.loads(write_json(result))
    assert body["head"]["vars"] == ["n", "age", "x"]
    first, second = body["results"]["bindings"]
    assert first == {"n": {"type": "literal", "value": "Alice", "xml:lang": "en"},
                     "age": {"type": "literal", "value": "42",
                             "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}
    assert second["n"] == {"type": "literal", "value": 'Bob, "the" builder'}
    assert second["x"]["type"] == "bnode"
    assert json.loads(write_json(AskResult(False))) == {"head": {}, "boolean": False}


def test_csv_tsv_xml_results(small):
    result = run_query(small, f"SELECT ?s ?n WHERE {{ ?s <{EX}name> ?n }} ORDER BY ?s")
    rows = list(csv.reader(io.StringIO(write_csv(result).decode())))
    assert rows == [["s", "n"], [f"{EX}a", "Alice"], [f"{EX}b", 'Bob, "the" builder']]
    tsv = write_tsv(result).decode().splitlines()
    assert tsv == ["?s\t?n", f'<{EX}a>\t"Alice"@en', f'<{EX}b>\t"Bob, \\"the\\" builder"']
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(write_xml(result))
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["s", "n"]
    literal = root.find("r:results/r:result/r:binding[@name='n']/r:literal", ns)
    assert literal.text == "Alice"
    assert literal.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_table_and_graph_output(small):
    result = run_query(small, f"SELECT ?n WHERE {{ ?s <{EX}name> ?n }} ORDER BY ?n")
    assert write_table(result).decode().splitlines() == [
        "n", "-" * 18, "Alice@en", 'Bob, "the" builder', "(2 rows)"]
    graph = run_query(small, f"CONSTRUCT {{ ?s <{EX}knows> ?o }} WHERE {{ ?s <{EX}knows> ?o }}")
    assert isinstance(graph, GraphResult) and len(graph.triples) == 2
    parsed = list(ox.parse(write_graph(graph, rdf_format("turtle")), format=ox.RdfFormat.TURTLE))
    assert len(parsed) == 2


@pytest.mark.parametrize(("lexical", "canonical"), [
    ("1000000", "1.0E6"), ("1.0E6", "1.0E6"), ("0.0015", "1.5E-3"), ("-2.5", "-2.5E0"),
    ("123.456", "1.23456E2"), ("0", "0.0E0"), ("-0", "-0.0E0"), ("INF", "INF"), ("NaN", "NaN")])
def test_doubles_are_written_in_xsd_canonical_form(lexical, canonical):
    from graph.sparql.results import canonical_double

    assert canonical_double(lexical) == canonical
    row = (ox.Literal(lexical, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#double")),)
    result = SelectResult(("x",), (row,))
    assert write_csv(result).decode().splitlines()[1] == canonical
    assert write_tsv(result).decode().splitlines()[1] == canonical
