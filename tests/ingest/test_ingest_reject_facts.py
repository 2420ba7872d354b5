"""Rejecting chosen facts of an ingestion (graph.ingest.staging.reject with ``facts``).

Uses the hand-built proposal of test_ingest_staging: p01 an Assertion (Elon Musk ceoOf Tesla),
p02 a ClusterState with two ChipAllocations, p03 a FundingRound with a blank-node amount and an
Investment by the proposed new entity Acme Capital.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.errors import Conflict, InvalidInput
from graph.ingest.staging import accept, describe, reject, stage
from graph.vocab import AIKG, ID
from tests.ingest.test_ingest_staging import ARTICLE, IID, PENDING, TARGET, build


@pytest.fixture
def kg(fresh):
    stage(fresh, IID, build())
    return fresh


def subjects(kg, graph: ox.NamedNode) -> set[str]:
    return {q.subject.value for q in kg.quads(graph) if isinstance(q.subject, ox.NamedNode)}


def states(kg) -> list[str]:
    return [f["state"] for f in describe(kg, IID)["facts"]]


def test_rejecting_one_fact_drops_it_and_what_only_it_uses(kg):
    result = reject(kg, IID, ["p02"])
    assert result["state"] == "pending"
    assert [f["state"] for f in result["facts"]] == ["pending", "rejected", "pending"]
    left = subjects(kg, PENDING)
    assert not {s for s in left if s.startswith(str(ID[f"{IID}-p02"]))}  # fact and allocations
    assert {str(ID[f"{IID}-p01"]), str(ID[f"{IID}-p03"]), str(ARTICLE),
            str(ID["acme-capital"])} <= left
    assert str(ID["elon-musk"]) in left  # p01's direct triple stays with it
    result = accept(kg, IID)
    assert result["state"] == "accepted" and result["moved"] == ["p01", "p03"]
    assert not {s for s in subjects(kg, TARGET) if s.startswith(str(ID[f"{IID}-p02"]))}


def test_rejecting_a_fact_with_blank_nodes_and_a_new_entity(kg):
    reject(kg, IID, ["p03"])
    quads = list(kg.quads(PENDING))
    assert not [q for q in quads if isinstance(q.subject, ox.BlankNode)
                or isinstance(q.object, ox.BlankNode)]  # the amount went with its round
    left = subjects(kg, PENDING)
    assert str(ID["acme-capital"]) not in left  # only the round's investment used it
    assert str(ARTICLE) in left  # p01 and p02 still need the article
    assert states(kg) == ["pending", "pending", "rejected"]
    assert [f["id"] for f in describe(kg, IID)["new_entities"] if f["state"] == "pending"] == []


def test_rejecting_the_last_pending_facts_closes_the_ingestion(kg):
    reject(kg, IID, ["p01", "p03"])
    assert describe(kg, IID)["state"] == "pending"
    result = reject(kg, IID, ["p02"])
    assert result["state"] == "rejected" and states(kg) == ["rejected"] * 3
    assert not kg.has_graph(PENDING)


def test_after_a_partial_accept_the_state_is_accepted(kg):
    accept(kg, IID, ["p01"])
    result = reject(kg, IID, ["p02", "p03"])
    assert result["state"] == "accepted"
    assert [f["state"] for f in result["facts"]] == ["accepted", "rejected", "rejected"]
    assert (str(ID["elon-musk"]), str(AIKG.ceoOf), str(ID.tesla)) in {
        (q.subject.value, q.predicate.value, q.object.value) for q in kg.quads(TARGET)}


def test_unknown_facts_are_named_and_nothing_is_dropped(kg):
    before = kg.content_hash()
    with pytest.raises(InvalidInput) as caught:
        reject(kg, IID, ["p02", "p09", "nonsense"])
    assert caught.value.details["facts"] == ["p09", "nonsense"]
    assert kg.content_hash() == before


def test_an_accepted_fact_cannot_be_rejected_and_nothing_is_dropped(kg):
    accept(kg, IID, ["p01"])
    before = kg.content_hash()
    with pytest.raises(Conflict, match="p01"):
        reject(kg, IID, ["p02", "p01"])
    assert kg.content_hash() == before
    assert states(kg) == ["accepted", "pending", "pending"]


def test_rejecting_again_changes_nothing(kg):
    first = reject(kg, IID, ["p02"])
    before = kg.content_hash()
    assert reject(kg, IID, ["p02"]) == first
    assert reject(kg, IID, []) == first  # an empty choice rejects nothing
    assert kg.content_hash() == before
