"""The parameterised questions (``/analytics/rounds``, ``/analytics/leaders``) answer from
what is computed once per store generation, picked per request: exactly the answers of a
whole-graph read per request and parameter set (:mod:`tests.analytics.questions_before`), in
the same order with the same fields; one computation serves every parameter set."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.analytics import questions
from graph.analytics.questions import largest_rounds, serial_leaders
from graph.errors import InvalidInput
from graph.settings import Settings
from graph.store.embedded import EmbeddedStore
from graph.store.seeding import ensure_seeded
from tests.analytics import questions_before as before
from tests.conftest import FULL_SEEDS

ROUNDS = [{}, {"limit": 1}, {"limit": 3}, {"limit": 500}, {"start": "2024", "end": "2024"},
          {"start": "2025", "end": "2025", "limit": 5}, {"start": "2023", "end": "2023"},
          {"start": "2020", "end": "2030", "limit": 500}, {"start": "2024", "end": "2025",
                                                           "limit": 7},
          {"currency": "EUR", "start": "2000", "end": "2099", "limit": 500},
          {"currency": "EUR", "start": "2024", "end": "2024"}, {"currency": "GBP"},
          {"currency": "CNY", "start": "1900", "end": "2100"}, {"start": "1990", "end": "1999"}]


@pytest.fixture(scope="module")
def whole() -> EmbeddedStore:
    kg = EmbeddedStore.memory()
    ensure_seeded(kg, Settings(store_path=None, seeds_dir=FULL_SEEDS))
    return kg


@pytest.mark.parametrize("params", ROUNDS)
def test_largest_rounds_equal_a_read_per_request(whole, params):
    assert largest_rounds(whole, **params) == before.largest_rounds(whole, **params)


def test_the_whole_graph_has_rounds_to_tell_apart(whole):
    """The parameter sets above pick different, non-trivial answers."""
    answers = [largest_rounds(whole, **params) for params in ROUNDS]
    assert len({repr(a) for a in answers}) >= 10 and max(map(len, answers)) > 50
    first = answers[0][0]
    assert (first["organization"], first["amount"], first["time"], first["status"],
            [lead["id"] for lead in first["leads"]]) == (
        "openai", 100_000_000_000, "2025-09-22", ["Planned"], ["nvidia"])
    assert len(first["sources"]) == 2  # one round told by two sources is one answer
    assert {r["currency"] for r in largest_rounds(whole, currency="EUR", start="2000",
                                                  end="2099", limit=500)} == {"EUR"}


@pytest.mark.parametrize("minimum", [1, 2, 3, 4, 5, 100])
def test_serial_leaders_equal_a_read_per_request(whole, minimum):
    assert serial_leaders(whole, minimum=minimum) == before.serial_leaders(whole,
                                                                           minimum=minimum)


def test_known_answers_on_the_hand_written_seeds(seeded):
    assert [(r["organization"], r["amount"], r["time"], r["round"], r["status"],
             r["post_money"], r["sources"], r["rounds"]) for r in largest_rounds(seeded)] == [
        ("xai", 6_000_000_000, "2024-05", "Series B", ["Actual"],
         {"amount": 24_000_000_000, "currency": "USD"}, ["article-126747c0c0c83b3e"],
         ["xai-round-2024-05"]),
        ("xai", 6_000_000_000, "2024-11", None, ["Reported"],
         {"amount": 50_000_000_000, "currency": "USD"}, ["article-126747c0c0c83b3e"],
         ["xai-round-reported-2024-11"])]
    assert [r["time"] for r in largest_rounds(seeded, limit=1)] == ["2024-05"]
    assert largest_rounds(seeded, start="2025", end="2025") == []
    assert largest_rounds(seeded, currency="EUR") == []
    assert [(p["person"], p["organizations"]) for p in serial_leaders(seeded, minimum=1)] == [
        ("elon-musk", 2), ("jensen-huang", 1), ("larry-ellison", 1)]
    assert [p["person"] for p in serial_leaders(seeded)] == ["elon-musk"]
    assert serial_leaders(seeded, minimum=3) == []


def test_one_computation_serves_every_parameter_set(fresh, monkeypatch):
    runs, labels = [], questions.english_labels
    monkeypatch.setattr(questions, "english_labels", lambda kg: runs.append(1) or labels(kg))
    for params in ROUNDS:
        largest_rounds(fresh, **params)
    for minimum in (1, 2, 3, 50):
        serial_leaders(fresh, minimum=minimum)
    assert len(runs) == 2  # the rounds once, the roles once
    fresh.extend([ox.Quad(ox.NamedNode("urn:x:a"), ox.NamedNode("urn:x:b"), ox.Literal("c"),
                          ox.NamedNode("urn:x:g"))])
    assert largest_rounds(fresh) == before.largest_rounds(fresh) and len(runs) == 3


@pytest.mark.parametrize("params", [{"start": "twenty"}, {"start": "2025", "end": "2024"},
                                    {"end": "25"}, {"currency": "usd"}, {"currency": ""},
                                    {"limit": 0}, {"limit": 501}])
def test_bad_parameters_are_refused_before_any_read(fresh, monkeypatch, params):
    monkeypatch.setattr(questions, "english_labels", lambda kg: pytest.fail("read the graph"))
    with pytest.raises(InvalidInput):
        largest_rounds(fresh, **params)
