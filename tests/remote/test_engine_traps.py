"""Answers an engine marks incomplete only in its headers (Virtuoso: a result set cut at
ResultSetMaxRows, partial results at its execution timeout) are refused with 503, never
passed on as complete; a complete answer with the same headers goes through. First on mocked
answers, then on a real Virtuoso started with a 50-row cap and a 1 s execution limit."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from graph.errors import EngineUnavailable
from graph.store.remote import RemoteStore
from graph.store.remote_protocol import ProtocolClient
from tests.remote.engines import VIRTUOSO, VirtuosoServer, required

pytestmark = pytest.mark.slow  # engines and benchmarks started for real: run by .ci/run with -m slow


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


def test_a_query_out_of_time_with_nothing_to_return_is_busy_not_wrong():
    proto = ProtocolClient("http://virtuoso.invalid/sparql", engine="virtuoso")
    proto._http = httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(
        500, text="Virtuoso S1T00 Error SR171: Transaction timed out\n\nSPARQL query: …")))
    with pytest.raises(EngineUnavailable, match="execution time limit.*SR171") as error:
        proto.query("SELECT * {?s ?p ?o}", {}, graph=False)
    assert error.value.retry_after == 5


def test_an_answer_below_the_limit_is_complete():
    answer = engine(rows(7), {"X-SPARQL-MaxRows": "10000"}).query("SELECT * {?s ?p ?o}", {},
                                                                   graph=False)
    assert len(list(answer)) == 7


# -- the same traps on a real Virtuoso, set as Debian ships it but smaller ---------------------

@pytest.fixture(scope="module")
def capped_virtuoso(tmp_path_factory: pytest.TempPathFactory):
    """Virtuoso with ResultSetMaxRows 50 and a 1 s execution limit, holding 300 triples."""
    if not Path(VIRTUOSO).exists() and not required("virtuoso"):
        pytest.skip(f"Virtuoso is not installed ({VIRTUOSO})")
    server = VirtuosoServer(tmp_path_factory.mktemp("capped") / "data", max_rows=50,
                            max_seconds=1)
    triples = " ".join(f"<http://e/{k}> <http://e/p> {k} ." for k in range(300))
    update = f"INSERT DATA {{ GRAPH <http://e/g> {{ {triples} }} }}"
    httpx.post(server.query_url, data={"update": update}, timeout=30).raise_for_status()
    yield ProtocolClient(server.query_url, engine="virtuoso")
    server.stop()


def test_aikg_s_whole_graph_reads_partition_past_the_row_cap(capped_virtuoso):
    """The projection's reads (:meth:`RemoteStore.select_values`) are read again in hash
    partitions past the cap: all 300 rows, each once; an answer under the cap is one request."""
    kg = RemoteStore(capped_virtuoso)
    text = "SELECT ?s ?o WHERE { GRAPH <http://e/g> { ?s ?p ?o } }"
    names, rows = kg.select_values(text)
    assert names == ["s", "o"]
    assert sorted(int(o) for _, o in rows) == list(range(300))
    assert {s for s, _ in rows} == {f"http://e/{k}" for k in range(300)}
    few = ("SELECT ?s ?x WHERE { GRAPH <http://e/g> { ?s ?p 7 "
           "OPTIONAL { ?s ?p ?x FILTER(?x > 7) } } }")
    assert kg.select_values(few)[1] == [["http://e/7", None]]
    doubled = "SELECT ?p WHERE { GRAPH <http://e/g> { ?s ?p ?o } }"  # 300 equal rows
    assert kg.select_values(doubled)[1] == [["http://e/p"]] * 300


def test_virtuoso_s_row_cap_is_a_503_naming_the_setting(capped_virtuoso):
    with pytest.raises(EngineUnavailable, match="limit of 50 rows.*ResultSetMaxRows"):
        capped_virtuoso.query("SELECT ?s WHERE { GRAPH <http://e/g> { ?s ?p ?o } }", {},
                              graph=False)
    assert len(list(capped_virtuoso.query(
        "SELECT ?s WHERE { GRAPH <http://e/g> { ?s ?p ?o } } LIMIT 49", {}, graph=False))) == 49


def test_virtuoso_s_execution_limit_is_a_503_never_a_partial_count(capped_virtuoso):
    with pytest.raises(EngineUnavailable, match="time limit|before its timeout") as error:
        capped_virtuoso.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://e/g> { ?a ?p ?o . "
                              "?b ?q ?r . ?c ?x ?y . ?d ?z ?w } }", {}, graph=False)
    assert error.value.retry_after == 5
