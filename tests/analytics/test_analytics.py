"""Network analytics: hand-computed centralities on tests/data/kite.trig, deterministic
communities, the analytics named graph (SPARQL numbers = REST numbers), the /analytics routes
and the rank/compute/funding commands."""

from __future__ import annotations

import doctest

import networkx as nx
import pyoxigraph as ox
import pytest

import graph.analytics.network
from api.routes import analytics as analytics_routes
from graph.analytics.network import MAX_LIMIT, centrality, communities, community_members, scores
from graph.analytics.scores_graph import ANALYTICS_GRAPH, write_analytics
from graph.errors import EntityNotFound, InvalidInput
from graph.settings import PROJECT_ROOT
from graph.store.base import KnowledgeStore
from graph.store.embedded import EmbeddedStore
from graph.store.validation import validate_store
from graph.vocab import PREFIXES
from tests.conftest import AUTH

KITE = PROJECT_ROOT / "tests" / "data" / "kite.trig"
KITE_EDGES = [("kite-hub", "kite-rival-a"), ("kite-hub", "kite-rival-b"),
              ("kite-rival-a", "kite-rival-b"), ("kite-hub", "kite-chip"),
              ("kite-lab", "kite-chip"), ("kite-lab", "kite-ceo")]
"""The kite's relations, subject → object (see the comment in kite.trig)."""


def kite_store(*, reverse: bool = False) -> KnowledgeStore:
    kg = EmbeddedStore.memory()
    kg.load((PROJECT_ROOT / "ontology" / "aikg.ttl").read_bytes(), ox.RdfFormat.TURTLE,
            to_graph=ox.NamedNode(PREFIXES["g"] + "ontology"))
    quads = list(ox.parse(KITE.read_bytes(), format=ox.RdfFormat.TRIG))
    kg.extend(reversed(quads) if reverse else quads)
    return kg


@pytest.fixture(scope="module")
def kite() -> KnowledgeStore:
    return kite_store()


def ranked(kg, **options):
    return {r["id"]: r["score"] for r in centrality(kg, limit=MAX_LIMIT, **options)}


def test_kite_degree_centrality_by_hand(kite):
    assert ranked(kite, measure="degree") == pytest.approx({
        "kite-hub": 3 / 5, "kite-rival-a": 2 / 5, "kite-rival-b": 2 / 5, "kite-chip": 2 / 5,
        "kite-lab": 2 / 5, "kite-ceo": 1 / 5})
    rows = centrality(kite, measure="degree", limit=2)
    assert [(r["rank"], r["id"], r["label"], r["classes"]) for r in rows] == [
        (1, "kite-hub", "Hub Semiconductors", ["Company"]),
        (2, "kite-chip", "Kite K1", ["ChipModel"])]  # ties ordered by id


def test_kite_betweenness_by_hand(kite):
    assert ranked(kite, measure="betweenness") == pytest.approx({
        "kite-hub": 6 / 10, "kite-chip": 6 / 10, "kite-lab": 4 / 10,
        "kite-rival-a": 0.0, "kite-rival-b": 0.0, "kite-ceo": 0.0})


def test_kite_pagerank_sums_to_one_and_matches_the_power_method(kite):
    got = ranked(kite, measure="pagerank")
    assert sum(got.values()) == pytest.approx(1.0)
    nodes = sorted(got)
    out = {n: [o for s, o in KITE_EDGES if s == n] for n in nodes}
    rank = {n: 1 / len(nodes) for n in nodes}
    for _ in range(300):  # PageRank by hand: damping 0.85, dangling mass spread evenly
        dangling = sum(rank[n] for n in nodes if not out[n])
        rank = {n: 0.15 / len(nodes) + 0.85 * (dangling / len(nodes) + sum(
            rank[s] / len(out[s]) for s in nodes if n in out[s])) for n in nodes}
    assert got == pytest.approx(rank, abs=1e-6)
    assert max(got, key=got.get) == "kite-rival-b"


def test_as_of_hides_the_later_relation(kite):
    before = ranked(kite, measure="degree", as_of="2024-12-31")
    assert before["kite-ceo"] == 0.0 and before["kite-lab"] == pytest.approx(1 / 5)
    assert ranked(kite, measure="degree", as_of="2025-01-01") == ranked(kite, measure="degree")


def test_type_filter_includes_subclasses(kite):
    companies = ["kite-hub", "kite-lab", "kite-rival-a", "kite-rival-b"]
    assert sorted(ranked(kite, measure="degree", type="Company")) == companies
    assert sorted(ranked(kite, measure="degree", type="Organization")) == companies
    assert list(ranked(kite, measure="degree", type="Person")) == ["kite-ceo"]
    # scores come from the whole graph, not from the filtered one
    assert ranked(kite, measure="degree", type="Person")["kite-ceo"] == pytest.approx(1 / 5)


@pytest.mark.parametrize("options", [
    {"measure": "closeness"}, {"type": "Bogus"}, {"type": "status"},
    {"type": "x> } ; DROP GRAPH <g>"}, {"limit": 0}, {"limit": MAX_LIMIT + 1},
    {"as_of": "2024"}])
def test_invalid_options(kite, options):
    with pytest.raises(InvalidInput):
        centrality(kite, **options)


def test_communities_are_deterministic(kite):
    first = communities(kite)
    assert [[m["id"] for m in c["members"]] for c in first] == [
        ["kite-ceo", "kite-chip", "kite-lab"], ["kite-hub", "kite-rival-a", "kite-rival-b"]]
    assert [(c["community"], c["size"]) for c in first] == [(1, 3), (2, 3)]
    assert communities(kite) == first
    assert communities(kite_store(reverse=True)) == first  # another store, same data


def test_results_follow_writes():
    kg = kite_store()
    assert ranked(kg, measure="degree")["kite-ceo"] == pytest.approx(1 / 5)
    kg.extend([ox.Quad(ox.NamedNode(PREFIXES["id"] + "kite-ceo"),
                       ox.NamedNode(PREFIXES["aikg"] + "employedBy"),
                       ox.NamedNode(PREFIXES["id"] + "kite-hub"),
                       ox.NamedNode(PREFIXES["g"] + "kite-test"))])
    assert ranked(kg, measure="degree")["kite-ceo"] == pytest.approx(2 / 5)


def test_sampled_betweenness_is_deterministic(monkeypatch):
    monkeypatch.setattr(graph.analytics.network, "EXACT_BETWEENNESS_LIMIT", 10)
    monkeypatch.setattr(graph.analytics.network, "BETWEENNESS_SAMPLES", 5)
    G = nx.karate_club_graph()
    sampled = scores(G, "betweenness")
    assert sampled == scores(G, "betweenness")
    assert sampled != nx.betweenness_centrality(G)


def test_docstring_examples():
    result = doctest.testmod(graph.analytics.network, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 4 and result.failed == 0


def test_seed_graph_rankings(seeded):
    top = centrality(seeded, measure="degree", limit=1)[0]
    assert (top["id"], top["label"]) == ("nvidia", "Nvidia")
    organizations = centrality(seeded, measure="pagerank", type="Organization")
    assert {"xai", "nvidia", "andreessen-horowitz"} <= {r["id"] for r in organizations}
    assert all(set(r["classes"]) & {"Company", "InvestmentFirm", "MediaOutlet"}
               for r in organizations)
    assert [c["community"] for c in communities(seeded)][:2] == [1, 2]


# -- the analytics graph ---------------------------------------------------------------------

ORDERED = "SELECT ?e ?v WHERE {{ GRAPH g:analytics {{ ?e aikg:{p} ?v }} }} ORDER BY DESC(?v) ?e"
PROPERTY = {"degree": "degreeCentrality", "pagerank": "pagerank",
            "betweenness": "betweennessCentrality"}


def test_sparql_over_the_analytics_graph_gives_the_same_ranking(fresh):
    report = write_analytics(fresh)
    assert report["graph"] == "https://w3id.org/aikg/graph/analytics"
    for measure, prop in PROPERTY.items():
        rows = fresh.select(ORDERED.format(p=prop), prefixes=PREFIXES)
        expected = centrality(fresh, measure=measure, limit=MAX_LIMIT)
        assert len(rows) == report["entities"] == len(expected)
        assert {r["v"].datatype.value for r in rows} == {PREFIXES["xsd"] + "double"}
        assert [(r["e"].value.removeprefix(PREFIXES["id"]), float(r["v"].value))
                for r in rows] == [(r["id"], r["score"]) for r in expected]


def test_the_analytics_graph_describes_itself_and_is_replaced(fresh):
    write_analytics(fresh)
    size = len(list(fresh.quads(ANALYTICS_GRAPH)))
    second = write_analytics(fresh)
    assert len(list(fresh.quads(ANALYTICS_GRAPH))) == size == second["triples"]
    rows = fresh.select("SELECT ?label ?when WHERE { GRAPH g:analytics { g:analytics "
                        "rdfs:label ?label ; prov:generatedAtTime ?when "
                        "FILTER(lang(?label) = 'en') } }", prefixes=PREFIXES)
    assert [r["label"].value for r in rows] == ["derived network analytics"]
    assert rows[0]["when"].value == second["generated_at"]
    assert validate_store(fresh).conforms  # only declared terms, right datatypes


# -- HTTP --------------------------------------------------------------------------------------

def with_analytics(test_client):
    """The client, with the analytics router mounted if the app does not have it yet."""
    if not any(getattr(r, "path", "") == "/analytics/refresh" for r in test_client.app.routes):
        test_client.app.include_router(analytics_routes.router)
    return test_client


def test_http_centrality_and_communities(client, seeded):
    api = with_analytics(client)
    response = api.get("/analytics/centrality", params={"measure": "pagerank", "limit": 5})
    assert response.status_code == 200
    assert response.json() == centrality(seeded, measure="pagerank", limit=5)
    people = api.get("/analytics/centrality?type=Person&as_of=2024-06-01").json()
    assert people and all(r["classes"] == ["Person"] for r in people)
    first = api.get("/analytics/communities").json()
    assert first == api.get("/analytics/communities").json()
    assert {c.pop("computed_at_generation") for c in first} == {client.get(
        "/health").json()["generation"]}  # no write since the engine started
    assert first == [{k: v for k, v in c.items() if k != "computed_at_generation"}
                     for c in communities(seeded)]  # its generations count other writes


@pytest.mark.parametrize("query", ["measure=closeness", "limit=0", "limit=many",
                                   "type=Bogus", "as_of=2024-13-01"])
def test_http_invalid_parameters_are_400(client, query):
    response = with_analytics(client).get(f"/analytics/centrality?{query}")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_parameter"


def test_http_compute_and_funding(client):
    api = with_analytics(client)
    compute = api.get("/analytics/compute").json()
    xai = next(o for o in compute["organizations"] if o["id"] == "xai")
    assert xai["supplier_share"]["actual"] == {"nvidia": 1.0}
    assert api.get("/analytics/compute?as_of=2024-06-01").json()["clusters"] == []
    funding = api.get("/analytics/funding", params={"as_of": "2024-06-01"}).json()
    (xai,) = funding["organizations"]
    assert [(v["date"], v["amount"], v["status"]) for v in xai["valuations"]] == [
        ("2024-05", 24000000000, "Actual")]
    assert api.get("/analytics/funding?as_of=soon").status_code == 400


def test_http_refresh_needs_the_token_and_sparql_agrees(app_client):
    api = with_analytics(app_client)
    assert api.post("/analytics/refresh").status_code == 401
    response = api.post("/analytics/refresh", headers=AUTH)
    assert response.status_code == 200 and response.json()["entities"] > 20
    sparql = api.get("/sparql", params={"query": ORDERED.format(p="pagerank")},
                     headers={"Accept": "application/sparql-results+json"}).json()
    from_sparql = [(b["e"]["value"].removeprefix(PREFIXES["id"]), float(b["v"]["value"]))
                   for b in sparql["results"]["bindings"]]
    rest = api.get("/analytics/centrality", params={"measure": "pagerank",
                                                    "limit": MAX_LIMIT}).json()
    assert from_sparql == [(r["id"], r["score"]) for r in rest]


# -- command line ------------------------------------------------------------------------------

def test_cli_rank_compute_funding(runner):
    import api.cli.analytics  # noqa: F401 - registers the commands (api/cli/__init__.py imports it too)
    from api.cli import cli

    def run(*args):
        return runner.invoke(cli, list(args), catch_exceptions=False)

    rank = run("rank", "--measure", "degree", "--type", "Organization", "--limit", "2")
    assert rank.exit_code == 0, rank.output
    lines = rank.output.splitlines()
    assert lines[0].split() == ["rank", "id", "label", "classes", "degree"]
    assert lines[2].split()[:2] == ["1", "nvidia"] and len(lines) == 4
    compute = run("compute")
    assert compute.exit_code == 0
    assert "Colossus  planned  Nvidia H200  50,000" in compute.output
    assert "xAI           actual   100,000  Nvidia 100%" in compute.output
    assert "at least 100,000" in compute.output
    funding = run("funding", "--as-of", "2024-06-01")
    assert funding.exit_code == 0
    assert "24,000,000,000 USD" in funding.output and "50,000,000,000" not in funding.output
    assert "18,000,000,000 USD (derived)" in funding.output
    bad = run("rank", "--type", "Bogus")
    assert bad.exit_code == 1 and bad.output.startswith("Error: type must be")


def test_communities_pages_are_slices_of_the_whole(seeded):
    whole = communities(seeded, limit=1000, members=10_000)
    assert [c["community"] for c in whole] == list(range(1, len(whole) + 1))
    assert all(c["size"] == len(c["members"]) for c in whole)
    assert [c["size"] for c in whole] == sorted((c["size"] for c in whole), reverse=True)
    page = communities(seeded, limit=2, offset=1, members=3)
    assert [c["community"] for c in page] == [2, 3]
    for got, full in zip(page, whole[1:3]):
        assert got["size"] == full["size"] and got["members"] == full["members"][:3]
    assert communities(seeded, limit=1, offset=len(whole)) == []
    assert communities(seeded, members=0)[0]["members"] == []


def test_community_members_page_through_one_community(seeded):
    largest = communities(seeded, limit=1, members=10_000)[0]
    assert largest["size"] > 4
    pages = [community_members(seeded, 1, limit=4, offset=offset)
             for offset in range(0, largest["size"], 4)]
    assert [m for p in pages for m in p["members"]] == largest["members"]
    assert {(p["community"], p["size"]) for p in pages} == {(1, largest["size"])}
    with pytest.raises(EntityNotFound):
        community_members(seeded, len(communities(seeded, limit=1000, members=0)) + 1)


def test_http_community_paging_and_errors(client, seeded):
    api = with_analytics(client)
    listed = api.get("/analytics/communities", params={"limit": 1, "members": 2}).json()
    assert len(listed) == 1 and len(listed[0]["members"]) == min(2, listed[0]["size"])
    one = api.get("/analytics/communities/1", params={"limit": 2}).json()
    assert one["members"] == listed[0]["members"] and one["size"] == listed[0]["size"]
    assert api.get("/analytics/communities/100000").status_code == 404
    assert api.get("/analytics/communities/100000").json()["error"] == "not_found"
    for query in ("limit=0", "limit=1001", "members=-1", "offset=-1", "members=10001"):
        response = api.get(f"/analytics/communities?{query}")
        assert response.status_code == 400, query
        assert response.json()["error"] == "invalid_parameter"
    assert api.get("/analytics/communities/1?limit=0").status_code == 400
