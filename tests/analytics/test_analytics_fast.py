"""The faster analytics paths equal plain networkx, and whole-graph results are precomputed
after a write (callers wait a bounded time for them, then get a 503)."""

from __future__ import annotations

import random
import threading
import time
from datetime import date

import networkx as nx
import pyoxigraph as ox
import pytest

from graph.analytics import jobs as analytics_jobs
from graph.analytics import network as analytics
from graph.errors import EngineUnavailable, EntityNotFound
from graph.projection import cache as proj
from graph.projection.build import relationship_view


def random_multigraph(seed: int) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    G.add_nodes_from(f"n{i:03d}" for i in range(300))  # some isolated, hence dangling
    for _ in range(700):
        G.add_edge(f"n{rng.randrange(250):03d}", f"n{rng.randrange(250):03d}")  # loops, repeats
    return G


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pagerank_equals_networkx(seed):
    G = random_multigraph(seed)
    fast = analytics.pagerank(G)
    plain = nx.pagerank(analytics.directed(G), alpha=0.85)
    assert fast.keys() == plain.keys()
    assert max(abs(fast[n] - plain[n]) for n in G) < 1e-9


def test_seed_graph_pagerank_and_communities_equal_networkx(seeded):
    G = proj.projection(seeded)
    fast = analytics.scores(G, "pagerank")
    plain = nx.pagerank(analytics.directed(G), alpha=0.85)
    assert max(abs(fast[n] - plain[n]) for n in G) < 1e-9
    expected = nx.community.louvain_communities(analytics.undirected(G), seed=analytics.SEED)
    assert sorted(map(sorted, expected)) == sorted(analytics.louvain(G))


def test_whole_graph_results_are_precomputed_after_a_write(fresh):
    proj.projection(fresh)
    fresh.extend([ox.Quad(ox.NamedNode("https://w3id.org/aikg/id/dan"),
                          ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                          ox.NamedNode("https://w3id.org/aikg/ont#Person"),
                          ox.NamedNode("https://w3id.org/aikg/graph/x"))])
    base = proj.projection(fresh, wait=30)
    for name in ("pagerank", "degree"):  # started by the refresh, finished soon
        value = analytics_jobs.memoised(base, None, name, lambda: pytest.fail("not precomputed"),
                                        wait=30)
        assert value
    ranked = analytics.centrality(fresh, measure="pagerank", limit=1000)
    relations = relationship_view(base)  # articles are provenance, not relationships
    plain = nx.pagerank(analytics.directed(relations), alpha=0.85)
    by_id = {base.nodes[n]["id"]: score for n, score in plain.items()}
    assert len(ranked) == min(1000, len(relations)) < len(base)
    assert max(abs(r["score"] - by_id[r["id"]]) for r in ranked) < 1e-9


def test_callers_wait_a_bounded_time_for_a_result_being_computed():
    G = nx.MultiDiGraph([("a", "b")])
    release = threading.Event()
    analytics_jobs.precompute(G, {"slow": lambda: release.wait(5) and "done"})
    with pytest.raises(EngineUnavailable) as caught:
        analytics_jobs.memoised(G, None, "slow", lambda: "again", wait=0.1)
    assert caught.value.retry_after == 2
    release.set()
    assert analytics_jobs.memoised(G, None, "slow", lambda: "again", wait=5) == "done"


def test_the_first_caller_waits_a_bounded_time_too_and_the_work_goes_on():
    """A slow result (ranking 634k members at 10M) must not hold its first caller until the
    worker's deadline: the caller gets 503 Retry-After, the work finishes and is remembered."""
    G = nx.MultiDiGraph([("a", "b")])
    release, calls = threading.Event(), []

    def slow():
        calls.append(1)
        release.wait(5)
        return "ranked"

    started = time.monotonic()
    with pytest.raises(EngineUnavailable) as caught:
        analytics_jobs.memoised(G, None, "ranking", slow, wait=0.2)
    assert time.monotonic() - started < 1 and caught.value.retry_after == 2
    release.set()
    assert analytics_jobs.memoised(G, None, "ranking", slow, wait=5) == "ranked"
    assert analytics_jobs.memoised(G, None, "ranking", slow, wait=0) == "ranked"
    assert calls == [1]  # computed once, by the first caller's thread


def test_a_failure_reaches_the_caller_and_too_many_pending_are_refused(monkeypatch):
    G = nx.MultiDiGraph([("a", "b")])

    def broken():
        raise EntityNotFound("no such thing")

    with pytest.raises(EntityNotFound):
        analytics_jobs.memoised(G, None, "broken", broken, wait=5)
    monkeypatch.setattr(analytics_jobs, "MAX_PENDING", 2)
    release = threading.Event()
    for day in (date(2020, 1, 1), date(2021, 1, 1)):
        with pytest.raises(EngineUnavailable):
            analytics_jobs.memoised(G, day, "louvain", lambda: release.wait(5), wait=0.05)
    with pytest.raises(EngineUnavailable, match="2 analytics results are being computed"):
        analytics_jobs.memoised(G, date(2022, 1, 1), "louvain", lambda: pytest.fail("started"),
                                wait=0.05)
    release.set()


def test_one_request_waits_one_budget_across_its_waits(fresh, monkeypatch):
    """The communities wait for the projection, then the Louvain result, then its ranking: the
    waits share one budget (two 6 s waits in a row passed the worker's 10 s deadline)."""
    from graph.analytics import communities as module

    proj.projection(fresh, wait=30)
    # The refresh may have ranked the real communities already (its Louvain run can finish
    # before rank_ahead looks): let its background work end, then forget what it remembered.
    deadline = time.monotonic() + 10
    while analytics_jobs._pending and time.monotonic() < deadline:
        time.sleep(0.01)
    monkeypatch.setattr(analytics_jobs, "_memo", type(analytics_jobs._memo)())

    def slow_latest(kg, base, compute, *, wait):
        assert wait <= 1.0
        time.sleep(0.7)  # the Louvain result arrives late in the budget, computed on an
        return base.graph["generation"] - 1, [[n] for n in base]  # older generation: ranked

    monkeypatch.setattr(module, "latest", slow_latest)
    monkeypatch.setattr(module, "_rank", lambda base, found: time.sleep(5) or found)
    monkeypatch.setattr(module, "budget", lambda: analytics_jobs.budget(1.0))
    started = time.monotonic()
    with pytest.raises(EngineUnavailable):
        module.communities(fresh, limit=1)
    assert time.monotonic() - started < 1.3  # not 0.7 + a second wait of its own
