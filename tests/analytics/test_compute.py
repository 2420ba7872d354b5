"""graph.analytics.compute: chips per cluster and organisation, exact values from the seeds and from
small additions to a fresh store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.analytics.compute import compute_summary
from graph.errors import InvalidInput

PREFIXES = """
PREFIX aikg: <https://w3id.org/aikg/ont#>
PREFIX id:   <https://w3id.org/aikg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
"""


def _add(kg, turtle: str) -> None:
    kg.load((PREFIXES + turtle).encode(), ox.RdfFormat.TURTLE,
            to_graph=ox.NamedNode("https://w3id.org/aikg/graph/test-compute"))


def _by_id(items):
    return {item["id"]: item for item in items}


@pytest.fixture(scope="module")
def summary(seeded):
    return compute_summary(seeded)


def test_nvidia_makes_both_chip_models_used_by_colossus(summary):
    colossus = _by_id(summary["clusters"])["colossus"]
    used = {a["chip"] for s in colossus["states"] for a in s["allocations"]}
    assert used == {"nvidia-h100", "nvidia-h200"}
    makers = {c["id"]: c["manufacturers"] for c in summary["chip_models"]}
    assert makers == {"nvidia-h100": ["nvidia"], "nvidia-h200": ["nvidia"]}
    assert {a["manufacturer"] for s in colossus["states"] for a in s["allocations"]} == {"nvidia"}
    assert summary["labels"]["nvidia"] == "Nvidia"


def test_colossus_actual_planned_and_derived_chips(summary):
    colossus = _by_id(summary["clusters"])["colossus"]
    assert colossus["label"] == "Colossus"
    assert colossus["current"] == ["colossus-2024-09", "colossus-planned-2024-09"]
    chips = colossus["chips"]
    assert chips["actual"] == {"total": 100000, "by_model": {"nvidia-h100": 100000},
                               "by_manufacturer": {"nvidia": 100000}}
    assert chips["planned"] == {"total": 50000, "by_model": {"nvidia-h200": 50000},
                                "by_manufacturer": {"nvidia": 50000}}
    assert chips["derived"] == {"total": 150000, "by_model": {"nvidia-h100": 150000},
                                "by_manufacturer": {"nvidia": 150000}}
    states = _by_id(colossus["states"])
    actual = states["colossus-2024-09"]
    assert actual["status"] == "Actual" and actual["total_chips"] == 100000
    assert actual["time"] == {"date": "2024-09", "precision": "month"}
    plan = states["colossus-planned-2024-09"]
    assert plan["status"] == "Planned" and plan["total_chips"] == 200000
    assert [(a["chip"], a["quantity"], a["status"]) for a in plan["allocations"]] == [
        ("nvidia-h100", 150000, "Derived"), ("nvidia-h200", 50000, "Planned")]


def test_xai_runs_colossus_once_and_buys_only_from_nvidia(summary):
    xai = _by_id(summary["organizations"])["xai"]
    assert xai["clusters"] == [{"id": "colossus", "roles": ["operates", "owns"]}]
    assert xai["chips"]["actual"]["total"] == 100000  # operates + owns: counted once
    assert xai["supplier_share"] == {"actual": {"nvidia": 1.0}, "planned": {"nvidia": 1.0},
                                     "derived": {"nvidia": 1.0}}


def test_minimum_holdings_are_kept_apart(summary):
    orgs = _by_id(summary["organizations"])
    for org in ("openai", "meta"):
        assert orgs[org]["chips"]["actual"]["total"] == 0
        assert orgs[org]["holdings"] == [] and orgs[org]["supplier_share"] == {}
        (holding,) = orgs[org]["at_least"]
        assert holding["min_quantity"] == 100000 and holding["quantity"] is None
        assert holding["manufacturer"] == "nvidia" and holding["chip"] is None
        assert holding["text"] == "hundreds of thousands"
        assert holding["time"] == {"date": "2024-11", "precision": "month"}


def test_as_of_june_2024_hides_the_september_states(seeded):
    june = compute_summary(seeded, as_of="2024-06-01")
    assert june["as_of"] == "2024-06-01"
    assert june["clusters"] == []
    orgs = _by_id(june["organizations"])
    assert set(orgs) == {"xai"}  # the November holdings are hidden too
    assert all(b["total"] == 0 for b in orgs["xai"]["chips"].values())


def test_as_of_the_first_of_september_shows_the_plan_as_planned(seeded):
    colossus = _by_id(compute_summary(seeded, as_of="2024-09-01")["clusters"])["colossus"]
    assert colossus["chips"]["planned"]["by_model"] == {"nvidia-h200": 50000}
    assert colossus["chips"]["derived"]["by_model"] == {"nvidia-h100": 150000}
    assert colossus["chips"]["actual"]["by_model"] == {"nvidia-h100": 100000}
    assert compute_summary(seeded, as_of="2024-08-31")["clusters"] == []


@pytest.mark.parametrize("bad", ["2024-06", "June 2024", "2024-02-30", "x> } ; DROP"])
def test_bad_dates_are_invalid_input(seeded, bad):
    with pytest.raises(InvalidInput):
        compute_summary(seeded, as_of=bad)


def test_latest_snapshot_counts_and_older_ones_stay_listed(fresh):
    _add(fresh, """
        id:colossus-2024-12 a aikg:ClusterState ; aikg:stateOf id:colossus ;
            aikg:status aikg:Actual ; aikg:asOf "2024-12"^^xsd:gYearMonth ;
            aikg:hasAllocation id:colossus-2024-12-h100 , id:colossus-2024-12-h200 .
        id:colossus-2024-12-h100 a aikg:ChipAllocation ; aikg:chipModel id:nvidia-h100 ;
            aikg:quantity 150000 ; aikg:status aikg:Actual .
        id:colossus-2024-12-h200 a aikg:ChipAllocation ; aikg:chipModel id:nvidia-h200 ;
            aikg:quantity 50000 ; aikg:status aikg:Actual .
    """)
    colossus = _by_id(compute_summary(fresh)["clusters"])["colossus"]
    assert colossus["current"] == ["colossus-2024-12", "colossus-planned-2024-09"]
    assert colossus["chips"]["actual"]["by_model"] == {"nvidia-h100": 150000,
                                                       "nvidia-h200": 50000}
    assert len(colossus["states"]) == 3
    before = _by_id(compute_summary(fresh, as_of="2024-11-30")["clusters"])["colossus"]
    assert before["chips"]["actual"]["by_model"] == {"nvidia-h100": 100000}


def test_exact_holdings_count_and_shape_the_supplier_share(fresh):
    _add(fresh, """
        id:amd a aikg:Company .
        id:amd-mi300x a aikg:ChipModel ; aikg:manufacturer id:amd .
        id:xai-amd-holding a aikg:Holding ; aikg:holder id:xai ; aikg:chipModel id:amd-mi300x ;
            aikg:quantity 25000 ; aikg:status aikg:Actual ; aikg:asOf "2024-10"^^xsd:gYearMonth .
        id:xai-amd-holding-old a aikg:Holding ; aikg:holder id:xai ;
            aikg:chipModel id:amd-mi300x ; aikg:quantity 1000 ; aikg:status aikg:Actual ;
            aikg:asOf "2024-01"^^xsd:gYearMonth .
    """)
    xai = _by_id(compute_summary(fresh)["organizations"])["xai"]
    assert [h["id"] for h in xai["holdings"]] == ["xai-amd-holding"]  # the latest one
    assert xai["chips"]["actual"]["by_manufacturer"] == {"nvidia": 100000, "amd": 25000}
    assert xai["supplier_share"]["actual"] == {"amd": 0.2, "nvidia": 0.8}
    assert xai["supplier_share"]["planned"] == {"nvidia": 1.0}
    june = _by_id(compute_summary(fresh, as_of="2024-06-01")["organizations"])["xai"]
    assert [h["quantity"] for h in june["holdings"]] == [1000]
    assert june["supplier_share"] == {"actual": {"amd": 1.0}}


def test_inverse_predicates_and_states_without_allocations(fresh):
    _add(fresh, """
        id:memphis-2 a aikg:ComputeCluster ; aikg:operatedBy id:oracle ;
            aikg:hasState id:memphis-2-plan .
        id:memphis-2-plan a aikg:ClusterState ; aikg:status aikg:Planned ;
            aikg:totalChips 300000 ; aikg:announcedOn "2024-10"^^xsd:gYearMonth .
    """)
    summary = compute_summary(fresh)
    oracle = _by_id(summary["organizations"])["oracle"]
    assert oracle["clusters"] == [{"id": "memphis-2", "roles": ["operates"]}]
    assert oracle["chips"]["planned"] == {"total": 300000, "by_model": {"unknown": 300000},
                                          "by_manufacturer": {"unknown": 300000}}
    assert _by_id(compute_summary(fresh, as_of="2024-09-30")["organizations"])["oracle"][
        "chips"]["planned"]["total"] == 0
