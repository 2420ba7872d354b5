"""An entity's card before the projection is built: answered from the projection around the
entity alone (graph.projection.local), equal to the answer of the full projection."""

from __future__ import annotations

import threading
import time
from dataclasses import asdict

import pytest

from graph.errors import EngineUnavailable, EntityNotFound, InvalidInput
from graph.explore import entities
from graph.explore.entities import entity_detail
from graph.projection import cache as proj
from graph.projection.local import neighbourhood_projection
from tests.explore.test_entities import HOSTILE

ID = "https://w3id.org/aikg/id/"
PAGES = [{}, {"limit": 3}, {"limit": 3, "offset": 3}, {"limit": 0}, {"offset": 50},
         {"as_of": "2024-06-01"}, {"as_of": "2024-06-01", "limit": 2, "offset": 2},
         {"as_of": "2030-01-01", "limit": 3, "offset": 3}]
MANY = ("nvidia", "colossus", "xai", "elon-musk")
BIG = ("PREFIX aikg: <https://w3id.org/aikg/ont#> PREFIX id: <https://w3id.org/aikg/id/> "
       "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
       "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
       "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> "
       "INSERT DATA { GRAPH <https://w3id.org/aikg/graph/pg> { "
       "id:pg-maker a aikg:Company ; rdfs:label \"PG Maker\"@en ; aikg:competesWith id:nvidia . "
       + " ".join(f"id:pg-chip-{i:03d} a aikg:ChipModel ; rdfs:label \"PG chip {i:03d}\"@en . "
                  f"id:pg-maker aikg:manufactures id:pg-chip-{i:03d} . "
                  + (f"id:pg-a{i} a aikg:Assertion ; rdf:subject id:pg-maker ; "
                     f"rdf:predicate aikg:manufactures ; rdf:object id:pg-chip-{i:03d} ; "
                     f"aikg:asOf \"{2020 + i % 5}\"^^xsd:gYear . " if i % 3 == 0 else "")
                  for i in range(150)) + " } }")


def around(graph, iri):
    """The nodes and keyed edges of ``graph`` that touch ``iri``."""
    edges = {(u, v, k): d for u, v, k, d in graph.edges(keys=True, data=True) if iri in (u, v)}
    nodes = {n: graph.nodes[n] for n in {iri} | {e for key in edges for e in key[:2]}}
    return nodes, edges


def fallback(monkeypatch):
    """Make entity_detail see no ready projection, and fail if it waits for one."""
    def unavailable(kg, **_):
        raise EngineUnavailable("the projection is being built")
    monkeypatch.setattr(entities, "ready_projection", lambda kg, **_: None)
    monkeypatch.setattr(entities, "projection", unavailable)


def test_neighbourhood_projection_is_the_full_projection_around_each_entity(seeded):
    full = proj.projection(seeded)
    for iri in full:
        local = neighbourhood_projection(seeded, [iri])
        assert set(local) == set(around(full, iri)[0]), iri
        assert around(local, iri) == around(full, iri), iri
        assert local.graph == full.graph
    both = neighbourhood_projection(seeded, [ID + "xai", ID + "colossus", ID + "nobody"])
    assert around(both, ID + "xai") == around(full, ID + "xai")
    assert around(both, ID + "colossus") == around(full, ID + "colossus")
    assert ID + "nobody" not in both
    assert neighbourhood_projection(seeded, [ID + "nvidia"], limit=3) is None  # a "hub"


def test_fallback_cards_equal_the_full_projection_cards(seeded, monkeypatch):
    ids = sorted(proj.projection(seeded).nodes[n]["id"] for n in proj.projection(seeded))
    asked = [(i, n) for i in ids for n in range(len(PAGES) if i in MANY else 1)]
    full = [asdict(entity_detail(seeded, i, **PAGES[n])) for i, n in asked]
    fallback(monkeypatch)
    for (i, n), card in zip(asked, full):
        assert asdict(entity_detail(seeded, i, **PAGES[n])) == card, (i, PAGES[n])
    assert full[asked.index(("nvidia", 0))]["totals"] == {"outgoing": 4, "incoming": 7}
    assert full[asked.index(("colossus", 6))]["incoming"][0]["label"] == "trained on"


def test_fallback_pages_a_large_entity_as_the_full_projection(fresh, monkeypatch):
    fresh.update(BIG)
    pages = [{}, {"offset": 100}, {"as_of": "2022-06-30", "limit": 1000},
             {"as_of": "2022-06-30", "limit": 7, "offset": 21}, {"limit": 0}]
    full = [asdict(entity_detail(fresh, "pg-maker", **p)) for p in pages]
    assert full[0]["totals"] == {"outgoing": 151, "incoming": 0}
    nvidia = asdict(entity_detail(fresh, "nvidia"))
    fallback(monkeypatch)
    assert [asdict(entity_detail(fresh, "pg-maker", **p)) for p in pages] == full
    assert asdict(entity_detail(fresh, "nvidia")) == nvidia  # a symmetric edge's other end


def test_fallback_refuses_bad_and_unknown_ids(seeded, monkeypatch):
    fallback(monkeypatch)
    for bad in HOSTILE:
        with pytest.raises((InvalidInput, EntityNotFound)):
            entity_detail(seeded, bad)
    for missing in ("nobody", ID + "colossus-2024-09", "urn:x:nvidia"):
        with pytest.raises(EntityNotFound):
            entity_detail(seeded, missing)


def test_cards_are_answered_while_the_first_build_runs(fresh, monkeypatch):
    release, build = threading.Event(), proj.projection_build.build
    monkeypatch.setattr(proj.projection_build, "build",
                        lambda kg: release.wait(30) and build(kg))
    try:
        started = time.monotonic()
        card = entity_detail(fresh, "nvidia", limit=2)  # no EngineUnavailable, no waiting
        assert time.monotonic() - started < proj.BUILD_WAIT / 2
        assert proj.ready_projection(fresh) is None
        with pytest.raises(EngineUnavailable):
            proj.projection(fresh, wait=0.1)  # the build is really still running
    finally:
        release.set()
    assert proj.projection(fresh, wait=30) is proj.ready_projection(fresh)
    assert asdict(entity_detail(fresh, "nvidia", limit=2)) == asdict(card)


def test_a_hub_asked_during_the_first_build_walks_once_and_waits_within_the_build_wait(
        fresh, monkeypatch):
    """A hub's walk counts against the wait (the two must stay under the request's deadline,
    or the worker is killed and the build lost), and is not walked again in that generation."""
    release, build = threading.Event(), proj.projection_build.build
    monkeypatch.setattr(proj.projection_build, "build",
                        lambda kg: release.wait(30) and build(kg))
    walks: list[list[str]] = []

    def slow_hub(kg, iris, **_):
        walks.append(list(iris))
        time.sleep(0.6)  # a walk slowed by a loaded machine, ending past the limit
        return None

    monkeypatch.setattr(entities, "neighbourhood_projection", slow_hub)
    monkeypatch.setattr(entities, "BUILD_WAIT", 1.0)
    try:
        for _ in range(2):
            started = time.monotonic()
            with pytest.raises(EngineUnavailable):
                entity_detail(fresh, "nvidia")
            assert time.monotonic() - started < 1.4  # not 0.6 + 1.0
        assert walks == [[ID + "nvidia"]]
    finally:
        release.set()
    assert proj.projection(fresh, wait=30) is not None
    assert entity_detail(fresh, "nvidia").totals == {"outgoing": 4, "incoming": 7}
