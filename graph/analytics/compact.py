"""The relationships of a graph as compressed sparse rows (scipy.sparse), for algorithms.

A projection is a networkx ``MultiDiGraph`` of attribute dicts: right for pages, heavy for
whole-graph measures, which need only who links to whom. :class:`Compact` keeps that and
nothing else: the sorted node list and two CSR matrices over node numbers,

* ``out``: the simple directed graph (``u → v`` once however many edges, no self-loops), which
  PageRank follows;
* ``both``: the simple undirected graph (symmetric, no self-loops), whose row lengths are the
  degrees that degree centrality counts.

:func:`pagerank` and :func:`degree` give networkx's numbers (``nx.pagerank`` of the simple
directed copy, ``nx.degree_centrality`` of the simple undirected one) from these arrays;
``tests/analytics/test_compact.py`` compares them on small known graphs. Node numbers follow
the sorted node order, so the same graph always gives the same arrays.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx
import numpy as np
import scipy as sp

from graph.projection.build import PROVENANCE_CLASSES
from graph.projection.memo import remembered


@dataclass(frozen=True)
class Compact:
    """The sorted nodes of a graph and its simple directed and undirected adjacency."""

    nodes: list[Any]
    out: sp.sparse.csr_array
    both: sp.sparse.csr_array

    @classmethod
    def of(cls, G: nx.Graph, *, leave_out: Collection[Any] = ()) -> Compact:
        """The compact form of ``G`` (any networkx graph; direction is read when it has one)
        without the nodes ``leave_out`` — the same as ``Compact.of`` of a subgraph view
        hiding them, several times faster on a large graph (a view filters every neighbour
        it yields)."""
        nodes = sorted(G.nodes if not leave_out else (n for n in G if n not in leave_out))
        index = {n: i for i, n in enumerate(nodes)}
        rows: list[int] = []
        cols: list[int] = []
        for u, targets in G.adjacency():  # once per neighbour, not per parallel edge
            i = index.get(u)
            if i is None:
                continue
            for v in targets:
                j = index.get(v)
                if j is not None and v != u:
                    rows.append(i)
                    cols.append(j)
        n = len(nodes)
        r, c = np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)
        out = _simple(r, c, n)
        if not G.is_directed():
            return cls(nodes, out, out)
        return cls(nodes, out, _simple(np.concatenate([r, c]), np.concatenate([c, r]), n))

    def __len__(self) -> int:
        return len(self.nodes)


def _simple(rows: np.ndarray, cols: np.ndarray, n: int) -> sp.sparse.csr_array:
    """The 0/1 CSR matrix with a one at each ``(row, col)`` (repeats merged)."""
    A = sp.sparse.csr_array((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    A.sum_duplicates()
    A.data[:] = 1.0
    return A


def arrays_of(base: nx.MultiDiGraph, day: date | None, G: nx.Graph) -> Compact:
    """``Compact.of(G)`` for ``G``, the relationship view of the projection ``base`` (as of
    ``day``), made once per projection and date; for the whole graph, read from the
    projection's own dicts rather than through the view."""
    if day is not None:
        return remembered(base, ("compact", day), lambda: Compact.of(G))

    def whole() -> Compact:
        articles = {n for n, d in base.nodes(data=True)
                    if PROVENANCE_CLASSES.intersection(d.get("classes", ()))}
        return Compact.of(base, leave_out=articles)

    return remembered(base, ("compact", None), whole)


def simple_graph(C: Compact) -> nx.Graph:
    """``undirected(G)`` made from ``C = Compact.of(G)``: the same nodes and edges in the
    same order (nodes sorted, each edge once as (lower, higher), sorted), without sorting
    pairs of Python strings (seconds holding the GIL at 10M quads). The graph networkx's
    Louvain would run on, which :mod:`graph.analytics.louvain` follows without building it."""
    H = nx.Graph()
    H.add_nodes_from(C.nodes)
    upper = sp.sparse.triu(C.both, k=1, format="csr")
    upper.sort_indices()
    nodes = C.nodes
    rows = np.repeat(np.arange(len(nodes)), np.diff(upper.indptr))
    H.add_edges_from((nodes[i], nodes[j]) for i, j in zip(rows.tolist(), upper.indices.tolist()))
    return H


def undirected(G: nx.Graph) -> nx.Graph:
    """A simple undirected copy of ``G`` with sorted nodes and edges and no self-loops."""
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes))
    H.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in G.edges() if u != v}))
    return H


def directed(G: nx.Graph) -> nx.DiGraph:
    """A simple directed copy of ``G`` with sorted nodes and edges and no self-loops."""
    H = nx.DiGraph()
    H.add_nodes_from(sorted(G.nodes))
    H.add_edges_from(sorted({(u, v) for u, v in G.edges() if u != v}))
    return H


def degree(C: Compact) -> dict[Any, float]:
    """Degree centrality: undirected neighbours / (n − 1), as ``nx.degree_centrality``."""
    if len(C) <= 1:
        return {n: 0.0 for n in C.nodes}
    s = 1.0 / (len(C) - 1.0)
    return dict(zip(C.nodes, (np.diff(C.both.indptr) * s).tolist()))


def pagerank(C: Compact, *, alpha: float = 0.85, tol: float = 1e-6,
             max_iter: int = 100) -> dict[Any, float]:
    """PageRank of ``C.out`` by networkx's scipy power iteration (same matrix, start,
    tolerance and stopping rule as ``nx.pagerank``, so the same numbers)."""
    N = len(C)
    if N == 0:
        return {}
    A = C.out
    S = A.sum(axis=1)
    S[S != 0] = 1.0 / S[S != 0]
    Q = sp.sparse.dia_array((S.T, 0), shape=A.shape).tocsr() @ A
    x = p = np.repeat(1.0 / N, N)
    is_dangling = np.where(S == 0)[0]
    for _ in range(max_iter):
        xlast = x
        x = alpha * (x @ Q + sum(x[is_dangling]) * p) + (1 - alpha) * p
        if np.absolute(x - xlast).sum() < N * tol:
            return dict(zip(C.nodes, x.tolist()))
    raise nx.PowerIterationFailedConvergence(max_iter)
