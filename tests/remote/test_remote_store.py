"""The remote store over a real ``oxigraph serve``: the same data, answers and errors as the
embedded store, bindings sent as serialised terms, writes seen by a second store object,
deadlines when the engine hangs."""

from __future__ import annotations

import os
import signal
import time
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import EngineUnavailable, QuerySyntaxError, StoreUnavailable, UpdateFailed
from graph.settings import Settings
from graph.sparql.execute import run_query, run_update
from graph.store import queries
from graph.store.backends import open_store
from graph.store.remote import RemoteStore
from graph.store.remote_text import JOURNAL
from graph.store.seeding import ensure_seeded

pytestmark = pytest.mark.slow  # engines and benchmarks started for real: run by .ci/run with -m slow

ID = "https://w3id.org/aikg/id/"


@pytest.fixture(scope="module")
def settings(engine_server) -> Settings:
    return Settings(store_path=None, store_url=engine_server.query_url, store_poll=0.2)


@pytest.fixture(scope="module")
def remote(settings):
    kg = open_store(settings)
    ensure_seeded(kg, settings)
    yield kg
    kg.close()


def test_seeds_install_as_in_the_embedded_store_and_a_restart_duplicates_nothing(
        remote, seeded, settings, engine_server):
    assert isinstance(remote, RemoteStore) and remote._client.profile.name == engine_server.name
    assert len(remote) == len(seeded)
    assert remote.content_hash() == seeded.content_hash()  # catalog (files, hashes) included
    assert remote.named_graphs() == seeded.named_graphs()  # g:journal is not data
    again = open_store(settings)  # a restart
    try:
        report = ensure_seeded(again, settings)
        assert report.installed == [] and report.removed == [] and len(report.unchanged) == 5
        assert again.content_hash() == seeded.content_hash()
    finally:
        again.close()


def test_answers_have_the_embedded_store_types_and_values(remote, seeded):
    nvidia = ox.NamedNode(f"{ID}nvidia")
    rows = queries.select(remote, "entity_attributes", entity=nvidia)
    assert len(rows) == 3 and rows == queries.select(seeded, "entity_attributes", entity=nvidia)
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH g:entities { ?s ?p ?o } }"
    graphs = [run_query(kg, construct) for kg in (remote, seeded)]
    assert sorted(map(str, graphs[0].triples)) == sorted(map(str, graphs[1].triples))
    for ask, expected in (("ASK { id:xai aikg:operates id:colossus }", True),
                          ("ASK { id:colossus aikg:operates id:xai }", False)):
        assert run_query(remote, ask).value is run_query(seeded, ask).value is expected
    assert isinstance(remote.query("ASK {}"), ox.QueryBoolean)


def test_bindings_travel_as_serialised_terms_never_as_text(remote):
    evil = ox.Literal('x" } ; DROP ALL ; INSERT DATA { <urn:a> <urn:b> "')
    subject = ox.NamedNode("urn:aikg:test:evil")
    graph = ox.NamedNode("urn:aikg:test:bindings")
    before = len(remote)
    remote.extend([ox.Quad(subject, ox.NamedNode("urn:aikg:test:p"), evil, graph)])
    try:
        rows = remote.select("SELECT ?s ?o WHERE { GRAPH ?g { ?s ?p ?o } }",
                             substitutions={ox.Variable("o"): evil})
        assert rows == [{"s": subject, "o": evil}]
        assert len(remote) == before + 1  # nothing dropped, nothing else inserted
        lookalike = ox.Literal('x" } ; DROP ALL ; INSERT DATA { <urn:a> <urn:b> ')
        assert remote.select("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }",
                             substitutions={ox.Variable("o"): lookalike}) == []
    finally:
        remote.remove_graph(graph)
    assert len(remote) == before


def test_syntax_errors_read_as_over_the_embedded_store_and_send_nothing(remote, seeded):
    generation, digest = remote.generation, remote.content_hash()
    for bad, run in (("SELECT * WHERE {\n  ?s ?p ?o", run_query),
                     ("INSERT DATA { <urn:a> <urn:b> }", run_update),
                     ("SELECT ?x WHERE { ?x nope:p ?y }", run_query)):
        errors = []
        for kg in (remote, seeded):
            with pytest.raises(QuerySyntaxError) as caught:
                run(kg, bad)
            errors.append(caught.value.to_dict())
        assert errors[0] == errors[1]
    assert remote.generation == generation and remote.content_hash() == digest


def test_an_update_the_engine_refuses_applies_nothing(remote, engine_server):
    """Oxigraph refuses the whole request; Virtuoso would keep the INSERT before the failing
    DROP, so aikg refuses such an update there before sending it."""
    digest = remote.content_hash()
    refusal = "does not exist" if engine_server.name == "oxigraph" else \
        "applies an update's operations one by one"
    with pytest.raises(UpdateFailed, match=refusal):
        run_update(remote, "INSERT DATA { GRAPH <urn:aikg:test:g> { <urn:aikg:test:a> "
                           "<urn:aikg:test:b> 1 } } ;\nDROP GRAPH <urn:aikg:test:missing>")
    assert remote.content_hash() == digest
    assert not remote.query("ASK { GRAPH ?g { <urn:aikg:test:a> ?p ?o } }")
    if engine_server.name == "oxigraph":
        with pytest.raises(UpdateFailed, match="does not exist"):
            run_update(remote, "DROP GRAPH <urn:aikg:test:missing>")  # alone: Oxigraph refuses
    else:  # sent as CLEAR, which Virtuoso does on any graph (a known difference)
        run_update(remote, "DROP GRAPH <urn:aikg:test:missing>")
    assert remote.content_hash() == digest


def test_a_default_graph_update_is_refused_or_applied_as_the_engine_does(remote, engine_server):
    """Virtuoso has no plain default graph to write to (a known difference): the engine's
    refusal reaches the caller as a failed update with nothing applied."""
    digest = remote.content_hash()
    text = "INSERT DATA { <urn:aikg:test:d> <urn:aikg:test:e> 1 }"
    if engine_server.name == "virtuoso":
        with pytest.raises(UpdateFailed, match="No plain default graph"):
            run_update(remote, text)
        assert remote.content_hash() == digest
    else:
        run_update(remote, text)
        assert remote.query("ASK { <urn:aikg:test:d> ?p ?o }")
        run_update(remote, "DELETE DATA { <urn:aikg:test:d> <urn:aikg:test:e> 1 }")
        assert remote.content_hash() == digest


def test_a_write_through_one_store_is_seen_by_another_within_the_poll(remote, settings):
    other = open_store(settings)
    try:
        seen = other.generation
        node = ox.NamedNode("urn:aikg:test:seen")
        graph = ox.NamedNode("urn:aikg:test:seen-graph")
        remote.extend([ox.Quad(node, node, node, graph)])
        deadline = time.monotonic() + 5
        while other.generation == seen and time.monotonic() < deadline:
            time.sleep(0.05)
        assert other.generation == seen + 1  # one look at the journal, one new generation
        assert other.has_graph(graph)
        quiet = other.generation
        time.sleep(0.5)
        assert other.generation == quiet  # no write, no new generation
        remote.remove_graph(graph)
    finally:
        other.close()
    # the journal is on the engine (two triples), kept out of the store's own listings
    assert remote.query("ASK { GRAPH ?g { ?s ?p ?o } }",
                        substitutions={ox.Variable("g"): JOURNAL}, union=False)
    assert JOURNAL not in remote.named_graphs()
    assert all(q.graph_name != JOURNAL for q in remote.quads())


def test_a_hung_engine_gives_engine_unavailable_not_a_hung_caller(engine_server, settings,
                                                                  monkeypatch, caplog):
    from graph.store import remote_protocol

    monkeypatch.setattr(remote_protocol, "SLOW", 0.3)  # slow requests are logged with their text
    kg = open_store(replace(settings, query_timeout=0.5, update_timeout=0.5))
    os.kill(engine_server.proc.pid, signal.SIGSTOP)  # hung: connections accepted, nothing answered
    try:
        stat = Path(f"/proc/{engine_server.proc.pid}/stat")
        while stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "T":
            time.sleep(0.01)
        for attempt in (lambda: kg.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1"),
                        lambda: kg.extend([ox.Quad(*[ox.NamedNode("urn:aikg:test:hung")] * 3)])):
            started = time.monotonic()
            with pytest.raises(EngineUnavailable, match="did not answer within 0.4 s") as caught:
                attempt()
            assert time.monotonic() - started < 3
            assert caught.value.retry_after >= 1
        slow = [r.getMessage() for r in caplog.records if r.name == "aikg.store"]
        assert any("(no answer): …SELECT * WHERE { ?s ?p ?o } LIMIT 1" in m for m in slow), slow
    finally:
        os.kill(engine_server.proc.pid, signal.SIGCONT)
        kg.close()


def test_an_unreachable_or_malformed_engine_url_fails_in_one_line(unused_port):
    for url, error, message in (
            (f"http://127.0.0.1:{unused_port}/query", EngineUnavailable, "cannot reach the SPARQL"),
            ("ftp://example.org/sparql", StoreUnavailable, "must be an http:// or https:// URL")):
        with pytest.raises(error, match=message) as caught:
            open_store(Settings(store_path=None, store_url=url))
        assert "\n" not in str(caught.value)


XSD = "http://www.w3.org/2001/XMLSchema#"
LITERALS = [("01", "integer"), ("+5", "integer"), ("2.50", "decimal"), ("1.5E3", "double"),
            ("1e0", "float"), ("0.1", "double"), ("1", "boolean"), ("12", "long"),
            ("2024-01-01T01:00:00+01:00", "dateTime"), ("2024", "gYear"), ("x", "string")]
VIRTUOSO_SPELLINGS = {("1.5E3", "double"): ("1500.0", "double"), ("1e0", "float"): ("1.0", "float"),
                      ("12", "long"): ("12", "long")}
"""Where Virtuoso's literals differ from the embedded store's (which writes ``"1500"``,
``"1"`` and turns ``xsd:long`` into ``xsd:integer``); both make ``"01"`` ``"1"`` and
``en-GB`` ``en-gb``."""


def test_literals_come_back_as_each_engine_keeps_them(remote, engine_server):
    graph = ox.NamedNode("urn:aikg:test:literals")
    written = [ox.Literal(v, datatype=ox.NamedNode(XSD + t)) for v, t in LITERALS]
    written.append(ox.Literal("colour", language="en-GB"))
    quads = [ox.Quad(ox.NamedNode(f"urn:aikg:test:l{i}"), ox.NamedNode("urn:aikg:test:p"), lit,
                     graph) for i, lit in enumerate(written)]
    embedded = ox.Store()
    embedded.extend(quads)
    expected = {q.subject.value: q.object for q in embedded}
    if engine_server.name == "virtuoso":
        for i, (value, kind) in enumerate(LITERALS):
            if (value, kind) in VIRTUOSO_SPELLINGS:
                spelled, datatype = VIRTUOSO_SPELLINGS[value, kind]
                expected[f"urn:aikg:test:l{i}"] = ox.Literal(
                    spelled, datatype=ox.NamedNode(XSD + datatype))
    remote.extend(quads)
    try:
        assert {q.subject.value: q.object for q in remote.quads(graph)} == expected
    finally:
        remote.remove_graph(graph)
    digest = remote.content_hash()
    huge = ox.Quad(graph, graph, ox.Literal("99999999999999999999",
                                            datatype=ox.NamedNode(XSD + "integer")), graph)
    if engine_server.name == "virtuoso":  # beyond 64 bits: refused, nothing applied, even
        filler = [ox.Quad(ox.NamedNode(f"urn:aikg:test:f{k}"), graph, ox.Literal(str(k)), graph)
                  for k in range(2500)]  # when it comes after two blocks of 1,000 that are fine
        with pytest.raises(ValueError, match="Invalid integer value"):
            remote.extend([*filler, huge])
        assert remote.content_hash() == digest
    else:
        remote.extend([huge])
        assert list(remote.quads(graph))[0].object.value == "99999999999999999999"
        remote.remove_graph(graph)


def quads_in(store, graph: ox.NamedNode) -> int:
    """How many quads ``graph`` holds, counted by the engine (listing 50k quads as JSON took
    Virtuoso over the 8 s read deadline on a slow day)."""
    rows = store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                        substitutions={ox.Variable("g"): graph})
    return int(rows[0]["n"].value) if rows else 0


def test_a_write_larger_than_the_engine_takes_is_refused_whole(remote, engine_server):
    """Virtuoso takes at most 10 MB of update text; aikg refuses a larger write before sending
    (one request, so nothing half-applied) and says how to load it instead."""
    graph = ox.NamedNode("urn:aikg:test:large")
    quads = [ox.Quad(ox.NamedNode(f"urn:aikg:test:large-subject-number-{k:07d}"), graph,
                     ox.Literal("a literal long enough to pass ten megabytes soon"), graph)
             for k in range(110_000)]
    digest = remote.content_hash()
    if engine_server.name == "virtuoso":
        with pytest.raises(UpdateFailed, match=r"takes at most 10 MB.*bulk loader"):
            remote.extend(quads)
        assert remote.content_hash() == digest
        remote.extend(quads[:50_000])  # below the limit: one request, applied
        assert quads_in(remote, graph) == 50_000
    else:
        remote.extend(quads)
        assert quads_in(remote, graph) == 110_000
    remote.remove_graph(graph)
    assert remote.content_hash() == digest


def test_writes_by_other_clients_are_seen_within_the_scan_interval(engine_server):
    """A client that does not keep aikg's journal (a bulk loader, another tool) adds and then
    removes a graph: each time the store's generation moves within the scan interval."""
    settings = Settings(store_path=None, store_url=engine_server.query_url, store_poll=0.1,
                        store_scan=0.3)
    kg = open_store(settings)
    try:
        for operation in ("INSERT DATA { GRAPH <urn:aikg:test:other-client> { "
                          "<urn:aikg:test:o> <urn:aikg:test:p> 1 } }",
                          "CLEAR GRAPH <urn:aikg:test:other-client>"):
            generation = kg.generation
            time.sleep(0.8)  # the scan has seen the graphs as they are
            assert kg.generation == generation  # nothing changed: no false alarm
            engine_server.update(operation)
            deadline = time.monotonic() + 10
            while kg.generation == generation and time.monotonic() < deadline:
                time.sleep(0.05)
            assert kg.generation > generation, operation
    finally:
        kg.close()
