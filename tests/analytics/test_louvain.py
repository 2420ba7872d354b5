"""Louvain over node numbers (graph.analytics.louvain) finds, level by level, the communities
networkx's ``louvain_partitions`` finds with the same seed."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from graph.analytics.compact import Compact, simple_graph
from graph.analytics.louvain import louvain_levels


def levels_of_networkx(C: Compact, seed: int, resolution: float = 1.0) -> list[list[list[int]]]:
    number = {node: i for i, node in enumerate(C.nodes)}
    return [sorted(sorted(number[x] for x in c) for c in level)
            for level in nx.community.louvain_partitions(simple_graph(C), seed=seed,
                                                         resolution=resolution)]


def levels(C: Compact, seed: int, resolution: float = 1.0) -> list[list[list[int]]]:
    return [sorted(map(sorted, level))
            for level in louvain_levels(C.both, seed=seed, resolution=resolution)]


@pytest.mark.parametrize("case", range(12))
def test_random_graphs_give_networkx_levels(case: int) -> None:
    r = random.Random(case)
    n = r.randint(1, 250)
    G = nx.gnm_random_graph(n, r.randint(0, 3 * n), seed=case)
    G = nx.relabel_nodes(G, {u: f"n{(u * 7919) % 10007:05d}" for u in G})  # sorted ≠ built
    C = Compact.of(G)
    assert levels(C, case) == levels_of_networkx(C, case)


def test_a_clustered_graph_of_several_levels_gives_networkx_levels() -> None:
    G = nx.relabel_nodes(nx.powerlaw_cluster_graph(3000, 2, 0.1, seed=3), str)
    C = Compact.of(G)
    expected = levels_of_networkx(C, 42)
    assert len(expected) >= 3  # the later levels (graphs of communities) are compared too
    assert levels(C, 42) == expected


def test_another_resolution_gives_networkx_levels() -> None:
    G = nx.relabel_nodes(nx.connected_caveman_graph(12, 6), str)
    C = Compact.of(G)
    assert levels(C, 7, 0.3) == levels_of_networkx(C, 7, 0.3)


def test_two_triangles_and_a_graph_without_edges() -> None:
    G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e"), ("e", "f"),
                  ("d", "f")])
    assert levels(Compact.of(G), 42)[-1] == [[0, 1, 2], [3, 4, 5]]
    empty = nx.Graph()
    empty.add_nodes_from("xyz")
    assert levels(Compact.of(empty), 42) == [[[0], [1], [2]]]
