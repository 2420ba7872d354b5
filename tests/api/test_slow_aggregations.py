"""Whole-store aggregations behind unauthenticated GETs — the service description
(``/.well-known/void``, ``GET /sparql`` without a query) and the questions (``/analytics/rounds``,
``/suppliers``, ``/leaders``, ``/disagreements``) — never hold a request until the engine's
deadline (which gets the worker killed, its caches lost): a slow computation answers 503
``Retry-After`` within the wait, goes on in the background, and later answers the same body
as before. The app runs its calls in this process (:class:`InProcessEngine`) so the test can
slow down what the worker would run."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any

import pytest
import rdflib
from fastapi.testclient import TestClient

from api.app import create_app
from graph.analytics import questions
from graph.settings import Settings
from graph.sparql import description
from graph.store.embedded import EmbeddedStore
from graph.store.seeding import ensure_seeded
from tests.analytics import questions_before as before
from tests.conftest import FULL_SEEDS
from tests.sparql.test_service_description_cap import counted, described

WAIT = 0.2
"""The patched wait: far below the real 6 s, so a test that waited would show."""


class InProcessEngine:
    """Runs each call on ``kg`` in this process, as the engine's worker runs it in its own."""

    def __init__(self, kg: EmbeddedStore) -> None:
        self.kg = kg

    def call(self, func, *, timeout: float | None = None, write: bool = False,
             probe: bool = False, **kwargs: Any):
        return func(self.kg, **kwargs)

    async def acall(self, func, *, timeout: float | None = None, write: bool = False,
                    **kwargs: Any):
        return await asyncio.to_thread(func, self.kg, **kwargs)


@pytest.fixture
def whole() -> EmbeddedStore:
    """A new store (nothing remembered for it yet) with every seed file."""
    kg = EmbeddedStore.memory()
    ensure_seeded(kg, Settings(store_path=None, seeds_dir=FULL_SEEDS))
    return kg


def expected_answer(kg: EmbeddedStore, route: str) -> Any:
    """The body the route answered before its answers were computed once per generation."""
    if route.startswith("/analytics/rounds"):
        return before.largest_rounds(kg, start="2024", end="2025", currency="USD", limit=5)
    if route.startswith("/analytics/leaders"):
        return before.serial_leaders(kg, minimum=2)
    if route == "/analytics/suppliers":  # the computation itself is unchanged
        return questions._suppliers.__wrapped__(kg)
    return questions._disagreements.__wrapped__(kg)


ROUTES = ["/.well-known/void", "/sparql", "/analytics/rounds?start=2024&end=2025&limit=5",
          "/analytics/suppliers", "/analytics/leaders?minimum=2", "/analytics/disagreements"]


@pytest.mark.parametrize("route", ROUTES)
def test_a_slow_aggregation_answers_503_at_once_then_the_same_answer(whole, monkeypatch, route):
    is_description = not route.startswith("/analytics/")
    expected = counted(whole) if is_description else json.loads(json.dumps(
        expected_answer(whole, route)))
    module, slowed = ((description, "_union_triples") if is_description
                      else (questions, "english_labels"))
    release, runs, original = threading.Event(), [], getattr(module, slowed)

    def slow(kg):  # the aggregation at millions of quads: far longer than the wait
        runs.append(kg)
        release.wait(30)
        return original(kg)

    monkeypatch.setattr(module, slowed, slow)
    monkeypatch.setattr(description, "STATISTICS_WAIT", WAIT)
    monkeypatch.setattr(questions, "WAIT", WAIT)
    headers = {"accept": "text/turtle"}
    with TestClient(create_app(InProcessEngine(whole), Settings(store_path=None))) as client:
        try:
            for _ in range(2):  # the second caller waits for the same run, starts none
                started = time.monotonic()
                response = client.get(route, headers=headers)
                assert time.monotonic() - started < 10 * WAIT
                assert response.status_code == 503, response.text
                assert response.json()["error"] == "engine_unavailable"
                assert int(response.headers["retry-after"]) >= 1
            assert len(runs) == 1
        finally:
            release.set()
        deadline = time.monotonic() + 30
        while (response := client.get(route, headers=headers)).status_code == 503:
            assert time.monotonic() < deadline, "the work never finished"
            time.sleep(0.05)
    assert response.status_code == 200, response.text
    if is_description:
        assert described(rdflib.Graph().parse(data=response.text, format="turtle")) == (
            expected, None)
    else:
        assert response.json() == expected
    assert len(runs) == 1


def test_parameters_are_refused_before_any_wait(whole, monkeypatch):
    """A bad parameter is a 400 at once, and starts no whole-graph read."""
    runs, release = [], threading.Event()
    monkeypatch.setattr(questions, "english_labels",
                        lambda kg: runs.append(kg) or release.wait(30))
    monkeypatch.setattr(questions, "WAIT", WAIT)
    try:
        with TestClient(create_app(InProcessEngine(whole), Settings(store_path=None))) as client:
            for params in ({"start": "twenty"}, {"start": "2025", "end": "2024"},
                           {"currency": "dollars"}, {"limit": 0}, {"limit": 501}):
                started = time.monotonic()
                response = client.get("/analytics/rounds", params=params)
                assert response.status_code == 400, (params, response.text)
                assert response.json()["error"] == "invalid_parameter"
                assert time.monotonic() - started < 10 * WAIT
            response = client.get("/analytics/leaders", params={"minimum": 0})
            assert response.status_code == 400 and "minimum" in response.json()["message"]
        assert runs == []
    finally:
        release.set()


def test_the_description_text_is_made_in_the_background_too(whole, monkeypatch):
    """With the statistics at hand, writing ~50k triples of description (seconds at 10M beside
    the aggregations of a first start) is no reason to hold the request past its wait."""
    release, runs, original = threading.Event(), [], description.describe_service

    def slow(kg, **options):
        runs.append(kg)
        release.wait(30)
        return original(kg, **options)

    monkeypatch.setattr(description, "STATISTICS_WAIT", WAIT)
    expected = counted(whole)
    description.statistics(whole)  # ready: only the text is slow
    monkeypatch.setattr(description, "describe_service", slow)
    headers = {"accept": "text/turtle"}
    with TestClient(create_app(InProcessEngine(whole), Settings(store_path=None))) as client:
        try:
            for _ in range(2):
                started = time.monotonic()
                response = client.get("/.well-known/void", headers=headers)
                assert time.monotonic() - started < 10 * WAIT
                assert response.status_code == 503, response.text
                assert response.json()["error"] == "engine_unavailable"
            assert len(runs) == 1
        finally:
            release.set()
        deadline = time.monotonic() + 30
        while (response := client.get("/.well-known/void", headers=headers)).status_code == 503:
            assert time.monotonic() < deadline, "the text was never made"
            time.sleep(0.05)
        assert response.status_code == 200, response.text
        assert described(rdflib.Graph().parse(data=response.text, format="turtle"))[0] == expected
        assert client.get("/.well-known/void", headers={"accept": "application/x-turtle-bogus"}
                          ).status_code == 406
    assert len(runs) == 1
