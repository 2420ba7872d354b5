"""Fairness under attack: a client whose requests keep stopping or crashing the engine is slowed,
then refused with 429 ``client_quarantined``, while other clients are served; a text that
crashed the engine is refused at once (``query_quarantined``) instead of restarting it again."""

from __future__ import annotations

import asyncio
import time

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.fairness import FAULT_KEY, Fairness
from graph.errors import EngineCrashed, QueryQuarantined

CARTESIAN = "SELECT (COUNT(*) AS ?c) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def crash_on(kg, text):
    """Test helper run inside the worker: dies on any text (as a crasher the guard missed)."""
    import os
    os.kill(os.getpid(), 9)


def test_a_text_that_crashed_the_engine_is_refused_at_once_without_a_restart(app_client):
    engine = app_client.engine
    with pytest.raises(EngineCrashed) as caught:
        engine.call(crash_on, text="SELECT * { ?s ?p ?o }")
    assert caught.value.code == "engine_crashed" and caught.value.fault == 1.0
    restarts = engine.restarts
    for spacing in ("SELECT * { ?s ?p ?o }", "SELECT *\n{ ?s  ?p ?o }"):  # re-spaced: same
        with pytest.raises(QueryQuarantined) as refused:
            engine.call(crash_on, text=spacing)
        assert refused.value.code == "query_quarantined" and refused.value.retry_after > 500
    assert engine.restarts == restarts  # the loop did not reach the engine
    assert app_client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
    response = app_client.get("/health")
    assert response.status_code == 200 and response.json()["engine_restarts"] == restarts


def test_a_client_looping_deadline_busting_queries_is_slowed_then_refused(app_client):
    app = app_client.app
    with TestClient(app, client=("10.0.0.66", 4000)) as attacker, \
            TestClient(app, client=("10.0.0.7", 4000)) as other:
        statuses, took = [], []
        for _ in range(8):
            started = time.monotonic()
            response = attacker.get("/sparql", params={"query": CARTESIAN, "timeout": "0.001"})
            statuses.append(response.status_code)
            took.append(time.monotonic() - started)
            if response.status_code == 429:
                break
            assert response.json()["error"] == "query_timeout"
        # four to six faults (scores decay while the deadlines pass), then refused
        assert statuses[-1] == 429 and set(statuses[:-1]) == {503}, statuses
        assert 4 <= len(statuses) - 1 <= 6, statuses
        assert took[0] >= 1.0  # the deadline never goes below 1 s, whatever timeout= says
        assert took[3] > took[0] + 1.0  # slowed before being refused
        assert took[-1] < 0.2  # refused at once, without reaching the engine
        refused = response.json()
        assert refused["error"] == "client_quarantined"
        assert 30 <= int(response.headers["retry-after"]) <= 120
        assert attacker.get("/health").status_code == 200  # never held up
        assert other.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def test_scores_decay_and_crash_blame_is_shared():
    async def faulty(scope, receive, send):
        scope["state"][FAULT_KEY] = scope["fault"]
        await send({"type": "http.response.start", "status": 503, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    fair = Fairness(faulty, half_life=10.0, slow_at=2.0, refuse_at=4.0, delay=0.0)
    sent = []

    async def send(message):
        sent.append(message)

    async def request(client, fault):
        scope = {"type": "http", "path": "/sparql", "client": (client, 1), "fault": fault}
        await fair(scope, None, send)
        return [m for m in sent if m["type"] == "http.response.start"][-1]["status"]

    async def run():
        assert [await request("a", 0.25) for _ in range(8)] == [503] * 8  # a share each
        assert 1.9 < fair.score("a", time.monotonic()) <= 2.0
        assert [await request("b", 1.0) for _ in range(5)] == [503] * 4 + [429]
        assert fair.score("b", time.monotonic() + 20) == pytest.approx(1.0, rel=0.01)
    asyncio.run(run())
