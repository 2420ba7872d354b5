"""The supervised engine: deadlines, crash isolation, nothing half-written, instant recovery."""

from __future__ import annotations

import json
import os
import time

import pytest

from graph.errors import EngineUnavailable, QueryRefused, QueryTimeout, UpdateTimeout
from graph.sparql.execute import QueryLimits, answer_query, run_update
from graph.store.inventory import content_hash, generation

MEDIA = {"select": "application/sparql-results+json", "graph": "text/turtle"}
CARTESIAN = "SELECT (COUNT(*) AS ?c) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def ask(engine, text="ASK { id:nvidia aikg:manufactures id:nvidia-h100 }", **kwargs):
    return engine.call(answer_query, text=text, media=MEDIA, limits=QueryLimits(), **kwargs)


def crash_engine(kg):
    """Test helper run inside the worker: a query pyoxigraph dies on (no guard in front), even
    on the worker's 256 MiB stack (~2.7 KB a level)."""
    kg.query("SELECT * WHERE " + "{" * 500_000 + " ?s ?p ?o " + "}" * 500_000)


def buggy(kg):
    """Test helper run inside the worker: a bug (an exception that is not a KGError)."""
    raise ValueError("a bug")


def kill_self(kg):
    os.kill(os.getpid(), 9)


def test_deadline_kills_the_query_and_the_next_one_is_answered_at_once(app_client):
    engine = app_client.engine
    pid, restarts = engine.pid, engine.restarts
    started = time.monotonic()
    with pytest.raises(QueryTimeout) as caught:
        ask(engine, CARTESIAN, timeout=1)
    elapsed = time.monotonic() - started
    assert 1.0 <= elapsed < 2.0, elapsed
    assert caught.value.code == "query_timeout" and caught.value.retry_after >= 1
    started = time.monotonic()
    assert json.loads(ask(engine).body) == {"head": {}, "boolean": True}
    assert time.monotonic() - started < 0.5
    assert engine.pid != pid and engine.restarts == restarts + 1


def wait_for_new_worker(engine, old_pid):
    deadline = time.monotonic() + 10
    while engine.pid in (old_pid, None) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert engine.pid not in (old_pid, None)


def test_engine_crash_is_contained(app_client):
    engine = app_client.engine
    pid = engine.pid
    with pytest.raises(EngineUnavailable):
        engine.call(crash_engine)
    wait_for_new_worker(engine, pid)
    assert json.loads(ask(engine).body) == {"head": {}, "boolean": True}
    pid = engine.pid
    with pytest.raises(EngineUnavailable):
        engine.call(kill_self)
    wait_for_new_worker(engine, pid)
    assert isinstance(engine.call(generation), int)


def test_update_past_its_deadline_applies_nothing(app_client):
    engine = app_client.engine
    before = engine.call(content_hash)
    slow = ("INSERT DATA { GRAPH <urn:x:g> { <urn:x:marker> <urn:x:p> 1 } } ; "  # rolled back
            "INSERT { GRAPH <urn:x:g> { <urn:x:s> <urn:x:count> ?n } } "
            "WHERE { SELECT (COUNT(*) AS ?n) { GRAPH ?x { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } } }")
    with pytest.raises(UpdateTimeout):
        engine.call(run_update, write=True, timeout=1, text=slow)
    assert engine.call(content_hash) == before


def test_failing_multi_operation_update_applies_nothing(app_client):
    engine = app_client.engine
    before = engine.call(content_hash)
    with pytest.raises(Exception) as caught:
        engine.call(run_update, write=True,
                    text="INSERT DATA { <urn:x:a> <urn:x:b> 1 } ; CREATE GRAPH <urn:x:g> ; "
                         "CREATE GRAPH <urn:x:g>")
    assert getattr(caught.value, "code", None) == "update_failed"
    assert engine.call(content_hash) == before


def test_guard_refusals_cross_the_process_boundary(shared_engine):
    with pytest.raises(QueryRefused) as caught:
        ask(shared_engine, "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert caught.value.code == "service_disabled"


def test_http_deadline_is_503_with_retry_after(app_client):
    started = time.monotonic()
    response = app_client.get("/sparql", params={"query": CARTESIAN, "timeout": "1"})
    assert time.monotonic() - started < 2.5
    assert response.status_code == 503
    assert response.json()["error"] == "query_timeout"
    assert response.headers["retry-after"] == "1"
    after = app_client.get("/sparql", params={"query": "ASK {}"})
    assert after.status_code == 200 and after.json()["boolean"] is True
    assert app_client.get("/health").status_code == 200


def test_third_concurrent_expensive_query_of_a_client_is_429(app_client):
    """R5: two expensive queries of one client run (and hit the deadline); a third is refused
    at once instead of queueing behind them."""
    import threading

    results = {}

    def slow(name):
        results[name] = app_client.get("/sparql", params={"query": CARTESIAN, "timeout": "2"})

    threads = [threading.Thread(target=slow, args=(n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    started = time.monotonic()
    third = app_client.get("/sparql", params={"query": "ASK {}"})
    assert time.monotonic() - started < 0.5
    assert third.status_code == 429 and third.json()["error"] == "too_many_requests"
    assert third.headers["retry-after"] == "1"
    assert app_client.get("/health").status_code == 200  # never throttled
    for thread in threads:
        thread.join()
    assert sorted(r.status_code for r in results.values()) == [503, 503]
    assert app_client.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def test_a_bug_in_the_worker_is_a_500_naming_the_request_not_a_client_error(app_client):
    from api.errors import status_for
    from graph.errors import InternalError

    engine = app_client.engine
    pid = engine.pid
    with pytest.raises(InternalError) as caught:
        engine.call(buggy)
    assert caught.value.code == "internal_error" and status_for(caught.value) == 500
    assert "(request " in str(caught.value) and "a bug" not in str(caught.value)
    assert engine.pid == pid  # a bug is not a crash: the worker keeps serving


def test_generation_keeps_increasing_across_engine_restarts(app_client):
    engine = app_client.engine
    before = engine.call(generation)
    pid = engine.pid
    with pytest.raises(EngineUnavailable):
        engine.call(kill_self)
    wait_for_new_worker(engine, pid)
    after = engine.call(generation)
    assert after > before and engine.generation == after
    health = app_client.get("/health").json()
    assert health["generation"] == after and health["engine_restarts"] >= 1


def wait_until_dead(pid):
    """Until the process ``pid`` has exited: gone, or a zombie whose other threads have all
    exited (only then are its files, its end of the pipe among them, closed)."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                state = stat.read().rsplit(")", 1)[1].split()[0]
            if state in ("Z", "X") and len(os.listdir(f"/proc/{pid}/task")) <= 1:
                return
        except (FileNotFoundError, ProcessLookupError):
            # Reaped between open() and read(): the read then fails with ESRCH.
            return
        time.sleep(0.001)
    raise AssertionError(f"process {pid} did not die")


@pytest.mark.parametrize("path", ["sync", "http"])
def test_the_request_right_after_a_crash_is_answered_by_the_spare(app_client, path):
    """The worker is SIGKILLed (as a crash would end it); the very next request, sent before
    the supervisor has finished swapping in the spare, is answered by the spare, not 503."""
    engine = app_client.engine
    for _round in range(3):
        pid, restarts = engine.pid, engine.restarts
        os.kill(pid, 9)
        wait_until_dead(pid)
        if path == "sync":
            assert json.loads(ask(engine).body) == {"head": {}, "boolean": True}
        else:
            response = app_client.get("/sparql", params={"query": "ASK {}"})
            assert response.status_code == 200, response.text
        assert engine.pid != pid and engine.restarts == restarts + 1


def loaded_modules(kg):
    """Test helper run inside the worker: the modules it has imported (once its preload is
    done)."""
    import sys

    from graph.engine.worker import PRELOADED

    assert PRELOADED.wait(60)
    return sorted(sys.modules)


def test_serving_requests_imports_nothing_new(app_client):
    """Every module a request needs is imported before the worker is activated (an import at
    10M during a restart held the interpreter for seconds and got the worker killed)."""
    engine = app_client.engine
    before = engine.call(loaded_modules)
    for url in ("/view/entity/xai", "/view/path?from=larry-ellison&to=jensen-huang", "/view",
                "/", "/entity/xai", "/analytics", "/paths?from=xai&to=nvidia", "/search?q=grok",
                "/analytics/communities", "/sources", "/.well-known/void"):
        assert app_client.get(url).status_code == 200, url
    update = "INSERT DATA { GRAPH <https://w3id.org/aikg/graph/t> { <urn:a> <urn:b> <urn:c> } }"
    assert app_client.post("/sparql", data={"update": update},
                           headers={"Authorization": "Bearer secret-token"}).status_code == 204
    new = sorted(set(engine.call(loaded_modules)) - set(before))
    assert new == []
