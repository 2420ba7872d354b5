"""Louvain communities over node numbers: networkx's algorithm, step for step, without its
graph objects.

``nx.community.louvain_partitions`` spends most of its time outside the algorithm: copying the
graph into a new ``nx.Graph``, computing modularity community by community through edge views,
and building each level's graph with ``add_edge``/``get_edge_data`` (at 1M quads: 2.7 s of
modularity and 2.2 s of level graphs out of 10.9 s). :func:`louvain_levels` runs the same moves
on plain lists and dicts of node numbers, and the modularity with numpy. It makes the same
choices in the same order, so it finds the same communities as networkx with the same seed:

* a level's nodes are visited in ``random.Random(seed).shuffle`` order (one generator for all
  levels, as networkx's ``seed``), each node's neighbours in the order networkx would hold
  them: ascending node numbers at the first level (the graph of :func:`graph.analytics.compact.simple_graph`,
  copied as ``louvain_partitions`` copies it), then the order in which each community pair first
  appears among the previous level's edges (``_gen_graph``);
* the neighbour communities of a node are weighed in first-seen order, its own community
  added last when no neighbour is in it (networkx reads it from a ``defaultdict``), and a move
  needs a strictly larger gain;
* a level is kept when it raises modularity by more than ``threshold``, the weights and degrees
  are integers as networkx's are, the gains the same floating-point expressions.

Only the modularity sums may differ from networkx's in the last bits (numpy adds in another
order); they decide nothing but whether a gain of ~1e-7 counts. ``tests/analytics/
test_louvain.py`` compares every level with networkx's on random graphs and the seeds.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator

import numpy as np
import scipy as sp

Adjacency = list[dict[int, int]]
"""Per node, its neighbours (itself too, for a self-loop) → edge weight, in networkx's order."""


def louvain_levels(both: sp.sparse.csr_array, *, seed: int, resolution: float = 1.0,
                   threshold: float = 1e-7) -> Iterator[list[list[int]]]:
    """The partition after each level of Louvain on the simple undirected graph ``both``
    (symmetric CSR, no self-loops, every edge of weight 1): the communities as lists of node
    numbers (in no particular order), as ``nx.community.louvain_partitions(simple_graph(C),
    seed=seed)`` yields them as sets."""
    n = both.shape[0]
    both = both.tocsr()
    both.sort_indices()
    if both.nnz == 0:  # no edges: every node alone (networkx's is_empty case)
        yield [[u] for u in range(n)]
        return
    indptr, indices = both.indptr.tolist(), both.indices.tolist()
    adj: Adjacency = [dict.fromkeys(indices[indptr[u]:indptr[u + 1]], 1) for u in range(n)]
    m = both.nnz / 2  # graph.size(weight="weight"): the total weight, each edge once
    rng = random.Random(seed)
    members: list[list[int]] = [[u] for u in range(n)]  # original nodes of each level node
    mod = _modularity(adj, list(range(n)), resolution)
    first = True
    while True:
        node2com, moved = _one_level(adj, m, resolution, rng)
        if not (moved or first):  # a later level where no node moved ends it, unseen
            return
        first = False
        groups = _groups(node2com)
        members = [[x for u in group for x in members[u]] for group in groups]
        yield members
        index = [0] * len(adj)
        for number, group in enumerate(groups):
            for u in group:
                index[u] = number
        new_mod = _modularity(adj, index, resolution)
        if new_mod - mod <= threshold:
            return
        mod = new_mod
        adj = _level_graph(adj, index, len(groups))


def _one_level(adj: Adjacency, m: float, resolution: float, rng: random.Random
               ) -> tuple[list[int], bool]:
    """networkx's ``_one_level`` (undirected): each node's community after the moves, and
    whether any node moved."""
    n = len(adj)
    node2com = list(range(n))
    degrees = [sum(nbrs.values()) + nbrs.get(u, 0) for u, nbrs in enumerate(adj)]
    stot = degrees[:]
    nbrs_of = [[(v, w) for v, w in nbrs.items() if v != u] for u, nbrs in enumerate(adj)]
    order = list(range(n))
    rng.shuffle(order)
    scale = 2 * m**2
    improvement, moves = False, 1
    while moves > 0:
        moves = 0
        for u in order:
            best_mod: float = 0
            best_com = own = node2com[u]
            weights2com: defaultdict[int, float] = defaultdict(float)
            for v, w in nbrs_of[u]:
                weights2com[node2com[v]] += w
            degree = degrees[u]
            stot[own] -= degree
            remove_cost = -weights2com[own] / m + resolution * (stot[own] * degree) / scale
            for com, w in weights2com.items():
                gain = remove_cost + w / m - resolution * (stot[com] * degree) / scale
                if gain > best_mod:
                    best_mod, best_com = gain, com
            stot[best_com] += degree
            if best_com != own:
                improvement = True
                moves += 1
                node2com[u] = best_com
    return node2com, improvement


def _groups(node2com: list[int]) -> list[list[int]]:
    """The nonempty communities in the order of their numbers, each its nodes ascending."""
    found: dict[int, list[int]] = {}
    for u, com in enumerate(node2com):
        found.setdefault(com, []).append(u)
    return [found[com] for com in sorted(found)]


def _edges(adj: Adjacency) -> Iterator[tuple[int, int, int]]:
    """Each edge once, in ``G.edges()`` order: nodes ascending, each node's neighbours in
    its order, skipping neighbours already passed (a self-loop comes in its place)."""
    for u, nbrs in enumerate(adj):
        for v, w in nbrs.items():
            if v >= u:
                yield u, v, w


def _level_graph(adj: Adjacency, index: list[int], size: int) -> Adjacency:
    """networkx's ``_gen_graph``: one node per community, edge weights summed, each node's
    neighbours in the order in which its pairs first appear among ``adj``'s edges."""
    new: Adjacency = [{} for _ in range(size)]
    for u, v, w in _edges(adj):
        a, b = index[u], index[v]
        total = new[a].get(b, 0) + w
        new[a][b] = total
        new[b][a] = total
    return new


def _modularity(adj: Adjacency, index: list[int], resolution: float) -> float:
    """Modularity of the partition ``index`` (node → community number) of ``adj``, as
    ``nx.community.modularity`` counts it (a self-loop once inside, twice in the degree)."""
    us, vs, ws = [], [], []
    for u, v, w in _edges(adj):
        us.append(u)
        vs.append(v)
        ws.append(w)
    com = np.asarray(index, dtype=np.int64)
    u_arr, v_arr = np.asarray(us, dtype=np.int64), np.asarray(vs, dtype=np.int64)
    weights = np.asarray(ws, dtype=np.float64)
    size = int(com.max()) + 1 if len(com) else 0
    degree = np.bincount(u_arr, weights, len(com)) + np.bincount(v_arr, weights, len(com))
    deg_sum = degree.sum()
    inside = com[u_arr] == com[v_arr]
    internal = np.bincount(com[u_arr[inside]], weights[inside], size)
    totals = np.bincount(com, degree, size)
    return float((internal / (deg_sum / 2) - resolution * totals * totals / deg_sum**2).sum())
