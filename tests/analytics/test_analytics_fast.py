"""The faster analytics paths equal plain networkx, and whole-graph results are precomputed
after a write (callers wait a bounded time for them, then get a 503)."""

from __future__ import annotations

import random
import threading

import networkx as nx
import pyoxigraph as ox
import pytest

from graph.analytics import jobs as analytics_jobs
from graph.analytics import network as analytics
from graph.errors import EngineUnavailable
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
