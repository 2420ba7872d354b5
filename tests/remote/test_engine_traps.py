"""Answers an engine marks incomplete only in its headers (Virtuoso: a result set cut at
ResultSetMaxRows, partial results at its execution timeout) are refused with 503, never
passed on as complete; a complete answer with the same headers goes through."""

from __future__ import annotations

import json

import httpx
import pytest

from graph.errors import EngineUnavailable
from graph.store.remote_protocol import ProtocolClient


def rows(n: int) -> bytes:
    return json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": [
        {"s": {"type": "uri", "value": f"http://example.org/{k}"}} for k in range(n)]}}).encode()


def engine(body: bytes, headers: dict[str, str], *, graph: bool = False) -> ProtocolClient:
    kind = "application/n-triples" if graph else "application/sparql-results+json"
    proto = ProtocolClient("http://virtuoso.invalid/sparql", engine="virtuoso")
    proto._http = httpx.Client(transport=httpx.MockTransport(
        lambda request: httpx.Response(200, content=body,
                                       headers={"Content-Type": kind, **headers})))
    return proto


def test_a_result_cut_at_the_engine_s_row_limit_is_refused():
    with pytest.raises(EngineUnavailable, match="limit of 10,000 rows"):
        engine(rows(10_000), {"X-SPARQL-MaxRows": "10000"}).query("SELECT * {?s ?p ?o}", {},
                                                                  graph=False)


def test_a_graph_cut_at_the_row_limit_is_refused_too():
    triples = b"".join(b"<http://e/%d> <http://e/p> <http://e/o> .\n" % k for k in range(3))
    with pytest.raises(EngineUnavailable, match="limit of 3 rows"):
        engine(triples, {"X-SPARQL-MaxRows": "3"}, graph=True).query(
            "CONSTRUCT WHERE {?s ?p ?o}", {}, graph=True)


def test_partial_results_at_the_engine_s_timeout_are_refused():
    with pytest.raises(EngineUnavailable, match="only part of the results") as error:
        engine(rows(5), {"X-SQL-State": "S1TAT", "X-SQL-Message": "RC...: Returning incomplete "
                         "results, query interrupted by result timeout"}).query(
            "SELECT * {?s ?p ?o}", {}, graph=False)
    assert "S1TAT" in str(error.value) and error.value.retry_after == 5


def test_an_answer_below_the_limit_is_complete():
    answer = engine(rows(7), {"X-SPARQL-MaxRows": "10000"}).query("SELECT * {?s ?p ?o}", {},
                                                                   graph=False)
    assert len(list(answer)) == 7
