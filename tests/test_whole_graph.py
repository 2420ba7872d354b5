"""The whole seed graph — the hand-written article and the sources grown through review — is
big enough, valid, sourced, and answers the questions analysts ask of it through REST and
SPARQL (issue 13, item 4)."""

from __future__ import annotations

import json

import pytest

from graph.analytics.compute import compute_summary
from graph.analytics.funding import funding_summary
from graph.analytics.questions import disagreements, largest_rounds, serial_leaders, suppliers
from graph.settings import PROJECT_ROOT, Settings
from graph.site.home import summary
from graph.store.embedded import EmbeddedStore
from graph.store.seeding import ensure_seeded
from graph.store.validation import validate_store
from graph.vocab import PREFIXES
from tests.conftest import FULL_SEEDS

REVIEW = PROJECT_ROOT / "seeds" / "review"
FACT_TYPES = "aikg:Assertion, aikg:FundingRound, aikg:ClusterState, aikg:Holding"


@pytest.fixture(scope="module")
def whole() -> EmbeddedStore:
    kg = EmbeddedStore.memory()
    ensure_seeded(kg, Settings(store_path=None, seeds_dir=FULL_SEEDS))
    return kg


def test_the_graph_holds_60_sources_1500_facts_300_entities(whole):
    held = summary(whole)
    assert held["sources"] >= 60 and held["facts"] >= 1500 and held["entities"] >= 300
    reviewed = [p for p in REVIEW.glob("*.json") if p.name != "log.json"]
    assert len(list(FULL_SEEDS.glob("source-*.trig"))) == len(reviewed) >= 60


def test_the_whole_graph_conforms_to_the_shapes(whole):
    report = validate_store(whole)
    assert report.violations == () and report.conforms


def test_every_fact_has_status_time_and_a_source_with_outlet_url_date_language(whole):
    missing = whole.select(f"""SELECT ?f WHERE {{ GRAPH ?g {{ ?f a ?t
        FILTER(?t IN ({FACT_TYPES}))
        FILTER NOT EXISTS {{ ?f aikg:status ?s ; aikg:source ?a ;
                                aikg:asOf|aikg:announcedOn|aikg:notAfter ?w }} }} }}""", prefixes=PREFIXES)
    assert [r["f"].value for r in missing] == []
    articles = whole.select("""SELECT ?a ?url ?date ?lang ?outlet WHERE { GRAPH ?g {
        ?a a aikg:Article ; aikg:url ?url ; aikg:datePublished ?date ; aikg:language ?lang ;
           aikg:publisher ?outlet } ?outlet a aikg:MediaOutlet }""", prefixes=PREFIXES)
    assert len({r["a"].value for r in articles}) >= 60
    assert {r["lang"].value for r in articles} >= {"en", "pt"}


def test_entities_carry_wikidata_ids_where_the_review_gave_one(whole):
    given = {e["slug"]: e["wikidata"] for path in REVIEW.glob("*.json") if path.name != "log.json"
             for e in json.loads(path.read_text(encoding="utf-8"))["entities"]
             if e.get("wikidata")}
    linked = {r["e"].value.rsplit("/", 1)[-1]: r["q"].value for r in whole.select(
        "SELECT ?e ?q WHERE { ?e aikg:wikidataQID ?q ; skos:exactMatch ?w }",
        prefixes=PREFIXES)}
    assert len(linked) >= 30
    assert {slug: linked.get(slug) for slug in given} == given


def test_the_review_log_adds_up(whole):
    log = json.loads((REVIEW / "log.json").read_text(encoding="utf-8"))
    facts = log["totals"]["facts"]
    assert facts["pending"] == 0
    assert facts["proposed"] == facts["as_proposed"] + facts["corrected"] + facts["rejected"]
    assert len(log["ingestions"]) == len(list(FULL_SEEDS.glob("source-*.trig")))
    per_source = sum(i["facts"]["added"] for i in log["ingestions"])
    assert per_source == facts["added"]


def test_largest_rounds_of_2024_2025_come_with_their_leads(whole):
    rounds = largest_rounds(whole, start="2024", end="2025", limit=50)
    amounts = [r["amount"] for r in rounds]
    assert amounts == sorted(amounts, reverse=True)
    assert all("2024" <= r["time"][:4] <= "2025" and r["currency"] == "USD" for r in rounds)
    softbank = next(r for r in rounds if r["organization"] == "openai"
                    and r["amount"] == 40_000_000_000 and "Actual" in r["status"])
    assert [lead["id"] for lead in softbank["leads"]] == ["softbank"]
    assert len(softbank["sources"]) >= 2  # one round, told by two sources, is one answer


def test_every_company_an_investor_funds(whole):
    portfolios = {i["id"]: {p["organization"] for p in i["portfolio"]}
                  for i in funding_summary(whole)["investors"]}
    assert {"xai", "openai", "mistral-ai", "figure-ai"} <= portfolios["nvidia"]
    assert {"anthropic"} <= portfolios["amazon"] and {"xai"} <= portfolios["sequoia-capital"]


def test_who_supplies_chips_to_whom(whole):
    pairs = {(p["supplier"], p["customer"]): p for p in suppliers(whole)}
    assert "cluster" in pairs[("nvidia", "xai")]["how"]
    assert "nvidia-h100" in pairs[("nvidia", "xai")]["chips"]
    assert "aws-trainium2" in pairs[("amazon", "anthropic")]["chips"]
    assert pairs[("nvidia", "meta")]["sources"]


def test_clusters_by_actual_and_planned_chips(whole):
    clusters = {c["id"]: c for c in compute_summary(whole)["clusters"]}
    colossus = clusters["colossus"]["chips"]
    assert colossus["actual"]["total"] >= 100_000 and colossus["planned"]["total"] >= 200_000
    assert clusters["colossus-2"]["chips"]["planned"]["total"] >= 500_000
    planned = [c for c in clusters.values() if c["chips"]["planned"]["total"] > 0]
    assert len(planned) >= 5 and any(c["chips"]["actual"]["total"] == 0 for c in planned)


def test_people_who_lead_or_found_more_than_one_company(whole):
    people = {p["person"]: p for p in serial_leaders(whole)}
    assert people["elon-musk"]["organizations"] >= 4
    musk = {(r["organization"], r["role"]) for r in people["elon-musk"]["roles"]}
    assert {("tesla", "ceo"), ("xai", "founder")} <= musk
    assert {"mustafa-suleyman", "ilya-sutskever", "mira-murati"} <= set(people)
    assert all(p["organizations"] >= 2 for p in people.values())


def test_facts_on_which_sources_disagree(whole):
    found = disagreements(whole)
    colossus_2 = next(d for d in found if d["about"] == "colossus-2")
    assert {v["value"] for v in colossus_2["values"]} >= {"500,000", "550,000"}
    for item in found:
        sources = [s for v in item["values"] for s in v["sources"]]
        assert len(item["values"]) >= 2 and len(set(sources)) >= 2


@pytest.mark.parametrize("route", ["/analytics/rounds?start=2024&end=2025",
                                   "/analytics/suppliers", "/analytics/leaders",
                                   "/analytics/disagreements", "/analytics/funding",
                                   "/analytics/compute"])
def test_the_questions_are_answered_over_rest(full_client, route):
    response = full_client.get(route)
    assert response.status_code == 200
    assert response.json()


def test_rest_checks_its_parameters(full_client):
    response = full_client.get("/analytics/rounds", params={"start": "twenty"})
    assert response.status_code == 400 and response.json()["field"] == "start"
    response = full_client.get("/analytics/rounds", params={"currency": "dollars"})
    assert response.status_code == 400 and response.json()["field"] == "currency"


def test_the_largest_round_over_sparql_matches_rest(full_client):
    from graph.site.examples import example
    sparql = full_client.get("/sparql", params={"query": example("largest-rounds").query},
                             headers={"Accept": "application/sparql-results+json"})
    assert sparql.status_code == 200
    rows = sparql.json()["results"]["bindings"]
    usd = [int(r["amount"]["value"]) for r in rows if r["currency"]["value"] == "USD"]
    rest = full_client.get("/analytics/rounds", params={"limit": 1}).json()
    assert max(usd) == rest[0]["amount"]
