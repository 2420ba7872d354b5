"""graph.analytics.funding: rounds, valuations and portfolios, exact values from the seeds and from small
additions to a fresh store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.analytics.funding import funding_summary
from graph.errors import InvalidInput

PREFIXES = """
PREFIX aikg: <https://w3id.org/aikg/ont#>
PREFIX id:   <https://w3id.org/aikg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
"""


def _by_id(items, key="id"):
    return {item[key]: item for item in items}


@pytest.fixture(scope="module")
def summary(seeded):
    return funding_summary(seeded)


def test_xai_valuation_history(summary):
    xai = _by_id(summary["organizations"])["xai"]
    assert [(v["date"], v["precision"], v["amount"], v["currency"], v["status"])
            for v in xai["valuations"]] == [
        ("2024-05", "month", 24000000000, "USD", "Actual"),
        ("2024-11", "month", 50000000000, "USD", "Reported"),
    ]


def test_the_may_2024_round(summary):
    xai = _by_id(summary["organizations"])["xai"]
    assert xai["label"] == "xAI"
    may, november = xai["rounds"]
    assert may["id"] == "xai-round-2024-05" and may["label"] == "xAI funding round, May 2024"
    assert may["time"] == {"date": "2024-05", "precision": "month"}
    assert may["status"] == "Actual" and may["round_label"] == "Series B"
    assert may["amount_raised"] == {"amount": 6000000000, "currency": "USD",
                                    "status": "Actual", "derivation": None}
    assert may["post_money"]["amount"] == 24000000000
    pre = may["pre_money"]
    assert (pre["amount"], pre["currency"], pre["status"]) == (18000000000, "USD", "Derived")
    assert "minus" in pre["derivation"]
    assert [(i["id"], i["status"]) for i in may["investors"]] == [
        ("andreessen-horowitz", "Actual"), ("sequoia-capital", "Actual")]
    assert may["investors"][0]["label"] == "Andreessen Horowitz"
    assert may["investor_list_complete"] is False  # only some investors are named
    assert november["status"] == "Reported" and november["investors"] == []
    assert november["investor_list_complete"] is None  # the source does not say
    assert november["pre_money"] is None
    assert november["amount_raised"]["amount"] == 6000000000
    assert xai["investors"] == ["andreessen-horowitz", "sequoia-capital"]


def test_portfolios(summary):
    investors = _by_id(summary["investors"])
    assert set(investors) == {"andreessen-horowitz", "sequoia-capital"}
    assert investors["andreessen-horowitz"]["portfolio"] == [
        {"organization": "xai", "label": "xAI", "rounds": ["xai-round-2024-05"]}]
    assert [p["organization"] for p in investors["sequoia-capital"]["portfolio"]] == ["xai"]


def test_as_of_keeps_the_may_round_and_hides_the_reported_one(seeded):
    june = funding_summary(seeded, as_of="2024-06-01")
    assert june["as_of"] == "2024-06-01"
    xai = _by_id(june["organizations"])["xai"]
    assert [r["id"] for r in xai["rounds"]] == ["xai-round-2024-05"]
    assert [(v["date"], v["amount"], v["status"]) for v in xai["valuations"]] == [
        ("2024-05", 24000000000, "Actual")]
    april = funding_summary(seeded, as_of="2024-04-30")
    assert april["organizations"] == [] and april["investors"] == []


def test_bad_date(seeded):
    with pytest.raises(InvalidInput):
        funding_summary(seeded, as_of="2024/06/01")


def test_inverse_predicates_investment_times_and_amounts(fresh):
    fresh.load((PREFIXES + """
        id:openai-round-2024-10 a aikg:FundingRound ; aikg:status aikg:Actual ;
            aikg:announcedOn "2024-10-02"^^xsd:date ; aikg:investorListComplete true ;
            aikg:postMoneyValuation [ a aikg:MonetaryAmount ; aikg:amount 157000000000.0 ;
                                      aikg:currency "USD" ] .
        id:openai aikg:hasFundingRound id:openai-round-2024-10 .
        id:openai-round-2024-10-a16z a aikg:Investment ;
            aikg:inRound id:openai-round-2024-10 ; aikg:isLead false ;
            aikg:investmentAmount [ aikg:amount 250000000.5 ; aikg:currency "USD" ] .
        id:andreessen-horowitz aikg:madeInvestment id:openai-round-2024-10-a16z .
        id:sequoia-capital aikg:investedIn id:meta .
    """).encode(), ox.RdfFormat.TURTLE,
        to_graph=ox.NamedNode("https://w3id.org/aikg/graph/test-funding"))
    summary = funding_summary(fresh)
    openai = _by_id(summary["organizations"])["openai"]
    (round_,) = openai["rounds"]
    assert round_["time"] == {"date": "2024-10-02", "precision": "day"}
    assert round_["investor_list_complete"] is True
    assert openai["valuations"][0]["amount"] == 157000000000
    (investor,) = round_["investors"]
    assert (investor["id"], investor["amount"], investor["lead"], investor["status"]) == (
        "andreessen-horowitz", 250000000.5, False, "Actual")  # status from the round
    investors = _by_id(summary["investors"])
    assert [p["organization"] for p in investors["andreessen-horowitz"]["portfolio"]] == [
        "openai", "xai"]
    assert investors["sequoia-capital"]["portfolio"][0] == {
        "organization": "meta", "label": "Meta", "rounds": []}  # a direct relation, no round
    # the investment takes its round's time: hidden before 2024-10-02
    before = _by_id(funding_summary(fresh, as_of="2024-10-01")["investors"])
    assert [p["organization"] for p in before["andreessen-horowitz"]["portfolio"]] == ["xai"]
