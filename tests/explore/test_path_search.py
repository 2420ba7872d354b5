"""The bounded path search (graph.explore.path_search) finds exactly the paths networkx finds on
the simple undirected graph, and stops at its work limit on hub-heavy graphs."""

from __future__ import annotations

import random
from datetime import date

import networkx as nx
import pytest

from graph.explore import path_search as ps
from graph.projection.build import PROVENANCE_CLASSES
from graph.projection.timefilter import edge_visible

ARTICLE = next(iter(PROVENANCE_CLASSES))


def random_projection(seed: int) -> nx.MultiDiGraph:
    """A small multigraph shaped like a projection: parallel, opposite and dated edges, loops,
    and a few provenance nodes no path may cross."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    for i in range(40):
        G.add_node(f"n{i:02d}", classes=[ARTICLE] if i % 13 == 5 else ["Thing"])
    for _ in range(90):
        u, v = f"n{rng.randrange(40):02d}", f"n{rng.randrange(40):02d}"
        year = rng.choice([None, 2019, 2022, 2025])
        G.add_edge(u, v, time=None if year is None else str(year),
                   time_type=None if year is None else "http://www.w3.org/2001/XMLSchema#gYear",
                   time_property="asOf")
    return G


def oracle(G: nx.MultiDiGraph, day: date | None) -> nx.Graph:
    """The simple undirected graph of relation links visible on ``day``, built the plain way."""
    H = nx.Graph()
    keep = [n for n in G if ps.is_relation_node(G, n)]
    H.add_nodes_from(keep)
    for u, v, data in G.edges(data=True):
        if u != v and u in H and v in H and edge_visible(data, day):
            H.add_edge(u, v)
    return H


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("day", [None, date(2023, 1, 1)])
def test_paths_equal_networkx_simple_paths(seed, day):
    G = random_projection(seed)
    H = oracle(G, day)
    rng = random.Random(seed)
    nodes = sorted(H)
    for _ in range(8):
        a, b = rng.sample(nodes, 2)
        work = ps.Work()
        found = ps.shortest_path(G, a, b, day, work)
        if not nx.has_path(H, a, b):
            assert found is None
            continue
        assert len(found) == nx.shortest_path_length(H, a, b) + 1
        assert all(H.has_edge(x, y) for x, y in zip(found, found[1:]))
        distance = ps.distances_to(G, b, 3, day, work)
        assert distance == nx.single_source_shortest_path_length(H, b, cutoff=3)
        for hops in range(1, 5):
            mine = list(ps.simple_paths(G, a, b, hops, day, distance, work))
            plain = [p for p in nx.all_simple_paths(H, a, b, cutoff=hops) if len(p) == hops + 1]
            assert sorted(mine) == sorted(plain)
            assert len(mine) == len(set(map(tuple, mine)))


def hub_graph(spokes: int) -> nx.MultiDiGraph:
    """Two people joined by three hubs that everyone links to: the paths of four hops between
    them number in the millions."""
    G = nx.MultiDiGraph()
    G.add_nodes_from(["alice", "bob", "h1", "h2", "h3"], classes=["Thing"])
    for i in range(spokes):
        for hub in ("h1", "h2", "h3"):
            G.add_edge(f"s{i}", hub)
        G.nodes[f"s{i}"]["classes"] = ["Thing"]
    for hub in ("h1", "h2", "h3"):
        G.add_edge("alice", hub)
        G.add_edge(hub, "bob")
    return G


def test_a_search_through_hubs_stops_at_its_work_limit():
    G = hub_graph(3000)
    work = ps.Work(50_000)
    shortest = ps.shortest_path(G, "alice", "bob", None, work)
    assert len(shortest) == 3
    distance = ps.distances_to(G, "bob", 3, None, work)
    found = []
    with pytest.raises(ps.OutOfWork):
        for path in ps.simple_paths(G, "alice", "bob", 4, None, distance, work):
            found.append(path)
    assert found and all(len(p) == 5 and p[0] == "alice" and p[-1] == "bob" for p in found)
    assert work.left < 0
