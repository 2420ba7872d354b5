"""Network analytics on the projection: centrality rankings and Louvain communities.

Two layers, networkx style (the graph first, options by keyword, plain results):

* :func:`scores` and :func:`louvain` work on any networkx graph;
* :func:`centrality` and :func:`communities` work on the store: they take the cached projection
  (:func:`graph.projection.cache.projection`), hide what did not exist yet (``as_of``, via
  :func:`graph.projection.timefilter.subgraph_as_of`), leave out articles
  (:func:`graph.projection.build.relationship_view`) and return JSON-ready lists.

How the projection is read:

* **degree** and **betweenness** see it as a simple undirected graph (direction dropped,
  parallel edges merged, self-loops dropped); **pagerank** as a simple directed graph
  (subject → object), so an entity many others point at ranks high;
* scores are networkx's normalised ones: degree = neighbours / (n − 1); betweenness over all
  pairs (exact below :data:`EXACT_BETWEENNESS_LIMIT` nodes, else estimated from
  :data:`BETWEENNESS_SAMPLES` sources drawn with the fixed seed :data:`SEED`); pagerank with
  damping 0.85, summing to 1;
* nodes and edges go to networkx in sorted order and every random choice uses :data:`SEED`:
  the same graph always gives the same numbers and the same communities, in any process;
* results are memoised per projection object (so per store generation), date and measure
  (:mod:`graph.analytics.jobs`); a write makes a new projection and so new results, and the
  whole-graph PageRank, degree and Louvain results are **precomputed** in the background as soon
  as that projection is ready (dropped when a newer write came first): a caller meanwhile waits
  up to :data:`graph.projection.cache.BUILD_WAIT` seconds, then gets a 503 ``Retry-After``;
* PageRank is networkx's own power iteration (``_pagerank_scipy``: same matrix, start,
  tolerance 1e-6 and stopping rule, so the same numbers) on a sparse matrix of the projection,
  about 4x faster than ``nx.pagerank(directed(G))``; Louvain is networkx's
  ``louvain_communities`` with :data:`SEED` (``tests/analytics/test_analytics_fast.py`` compares
  both with plain networkx).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import networkx as nx
import numpy as np
import pyoxigraph as ox
import scipy as sp

from graph.analytics.jobs import Stale, memoised, precompute
from graph.analytics.terms import ident
from graph.errors import InvalidInput
from graph.projection.build import relationship_view
from graph.projection.cache import on_refresh, projection
from graph.projection.timefilter import parse_as_of, subgraph_as_of
from graph.store import queries
from graph.store.base import KnowledgeStore
from graph.vocab import AIKG

MEASURES = ("degree", "pagerank", "betweenness")
SEED = 42
"""Seed of every random choice (sampled betweenness, Louvain)."""
EXACT_BETWEENNESS_LIMIT = 1000
BETWEENNESS_SAMPLES = 100
MAX_LIMIT = 1000
_CLASS_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,63}$")


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


def scores(G: nx.Graph, measure: str = "degree", *, seed: int = SEED) -> dict[Any, float]:
    """Centrality of every node of ``G``.

    Parameters
    ----------
    G : networkx graph
        Any graph; degree and betweenness ignore direction, pagerank follows it.
    measure : {"degree", "pagerank", "betweenness"}
        Which centrality.
    seed : int
        Seed of the source sample of betweenness on graphs of
        :data:`EXACT_BETWEENNESS_LIMIT` nodes or more.

    Returns
    -------
    dict
        Node → score.

    Raises
    ------
    InvalidInput
        ``measure`` is not one of :data:`MEASURES`.

    Examples
    --------
    A path of four nodes, a - b - c - d:

    >>> G = nx.path_graph(["a", "b", "c", "d"])
    >>> scores(G, "degree")
    {'a': 0.333..., 'b': 0.666..., 'c': 0.666..., 'd': 0.333...}
    >>> scores(G, "betweenness")
    {'a': 0.0, 'b': 0.666..., 'c': 0.666..., 'd': 0.0}
    >>> round(sum(scores(G, "pagerank").values()), 12)
    1.0
    """
    if measure == "degree":
        return nx.degree_centrality(undirected(G)) if len(G) > 1 else {n: 0.0 for n in G}
    if measure == "betweenness":
        U = undirected(G)
        k = BETWEENNESS_SAMPLES if len(U) >= EXACT_BETWEENNESS_LIMIT else None
        return nx.betweenness_centrality(U, k=k, seed=seed if k else None)
    if measure == "pagerank":
        return pagerank(G)
    raise InvalidInput(f"unknown measure {str(measure)[:40]!r}; use one of "
                       f"{', '.join(MEASURES)}", parameter="measure")


def pagerank(G: nx.Graph, *, alpha: float = 0.85, tol: float = 1e-6,
             max_iter: int = 100) -> dict[Any, float]:
    """PageRank of ``directed(G)`` (nodes sorted, parallel edges merged, no self-loops) by
    networkx's scipy power iteration, without building the intermediate ``DiGraph``."""
    nodes = sorted(G.nodes)
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    pairs = {(index[u], index[v]) for u, v in G.edges() if u != v}
    N = len(nodes)
    rows_, cols = (np.fromiter((p[i] for p in pairs), dtype=np.int64, count=len(pairs))
                   for i in (0, 1))
    A = sp.sparse.csr_array((np.ones(len(pairs)), (rows_, cols)), shape=(N, N))
    S = A.sum(axis=1)
    S[S != 0] = 1.0 / S[S != 0]
    A = sp.sparse.dia_array((S.T, 0), shape=A.shape).tocsr() @ A
    x = p = np.repeat(1.0 / N, N)
    is_dangling = np.where(S == 0)[0]
    for _ in range(max_iter):
        xlast = x
        x = alpha * (x @ A + sum(x[is_dangling]) * p) + (1 - alpha) * p
        if np.absolute(x - xlast).sum() < N * tol:
            return dict(zip(nodes, map(float, x)))
    raise nx.PowerIterationFailedConvergence(max_iter)


def louvain(G: nx.Graph, *, seed: int = SEED,
            stop: Callable[[], bool] | None = None) -> list[list[Any]]:
    """Louvain communities of ``G`` (undirected, unweighted), deterministic.

    Parameters
    ----------
    G : networkx graph
        Any graph; direction and parallel edges are ignored.
    seed : int
        Seed of Louvain's node order.
    stop : callable, optional
        Checked after each level: if true, raise :class:`graph.analytics.jobs.Stale`.

    Returns
    -------
    list of list
        Communities, each sorted; largest first, ties by first member.

    Examples
    --------
    Two triangles joined by one edge:

    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"),
    ...               ("d", "e"), ("e", "f"), ("d", "f")])
    >>> louvain(G)
    [['a', 'b', 'c'], ['d', 'e', 'f']]
    """
    for found in nx.community.louvain_partitions(undirected(G), seed=seed):  # the last level
        if stop is not None and stop():
            raise Stale
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def centrality(kg: KnowledgeStore, *, measure: str = "degree", type: str | None = None,
               as_of: str | date | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """The entities of the graph ranked by a centrality measure.

    Parameters
    ----------
    kg : KnowledgeStore
        The store (its projection is cached per generation).
    measure : {"degree", "pagerank", "betweenness"}
        See :func:`scores`.
    type : str, optional
        Local name of an aikg class (``"Organization"``): keep its instances, subclasses
        included. Scores are always computed on the whole graph.
    as_of : str or date, optional
        ``YYYY-MM-DD``: hide relations whose time starts after this day.
    limit : int
        How many entities to return, 1 to :data:`MAX_LIMIT`.

    Returns
    -------
    list of dict
        ``{"rank", "id", "label", "classes", "score"}``, highest score first, ties by id.

    Raises
    ------
    InvalidInput
        Unknown measure or class, bad date, limit out of range.
    """
    if measure not in MEASURES:
        scores(nx.Graph(), measure)  # raises the one error message
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}", parameter="limit")
    wanted = _subclasses(kg, type) if type else None
    base, day = projection(kg), parse_as_of(as_of)
    G = relationship_view(subgraph_as_of(base, day))
    ranked = memoised(base, day, measure, lambda: _ranked(G, measure))
    rows = []
    for node, score in ranked:
        entry = _describe(G, node)
        if wanted is not None and not wanted & set(entry["classes"]):
            continue
        rows.append({"rank": len(rows) + 1, **entry, "score": score})
        if len(rows) == limit:
            break
    return rows


def communities(kg: KnowledgeStore, *,
                as_of: str | date | None = None) -> list[dict[str, Any]]:
    """Louvain communities of the projection (see :func:`louvain`).

    Parameters
    ----------
    kg : KnowledgeStore
        The store.
    as_of : str or date, optional
        ``YYYY-MM-DD``: hide relations whose time starts after this day.

    Returns
    -------
    list of dict
        ``{"community", "size", "members"}`` with members ``{"id", "label", "classes"}``
        sorted by id; largest community first, ties by first member id.
    """
    base, day = projection(kg), parse_as_of(as_of)
    G = relationship_view(subgraph_as_of(base, day))
    found = [sorted((_describe(G, n) for n in c), key=lambda m: m["id"])
             for c in memoised(base, day, "louvain", lambda: louvain(G))]
    found.sort(key=lambda members: (-len(members), members[0]["id"]))
    return [{"community": i + 1, "size": len(m), "members": m} for i, m in enumerate(found)]


def all_scores(kg: KnowledgeStore) -> dict[str, dict[str, float]]:
    """Every measure for every node of the projection: measure → node IRI → score."""
    G = relationship_view(projection(kg))
    return {measure: dict(memoised(G, None, measure, lambda m=measure: _ranked(G, m)))
            for measure in MEASURES}


def _precompute(kg: KnowledgeStore, base: nx.MultiDiGraph) -> None:
    """Listener of :func:`graph.projection.cache.on_refresh`: start the whole-graph results."""
    stale = lambda: kg.generation != base.graph["generation"]  # noqa: E731 (a write came)
    precompute(base, {"pagerank": lambda: _ranked(relationship_view(base), "pagerank"),
                      "degree": lambda: _ranked(relationship_view(base), "degree"),
                      "louvain": lambda: louvain(relationship_view(base), stop=stale)}, stale)


def _ranked(G: nx.Graph, measure: str) -> list[tuple[Any, float]]:
    return sorted(scores(G, measure).items(), key=lambda kv: (-kv[1], _id(G, kv[0])))


on_refresh(_precompute)


def _id(G: nx.Graph, node: Any) -> str:
    return G.nodes[node].get("id") or ident(ox.NamedNode(node))


def _describe(G: nx.Graph, node: Any) -> dict[str, Any]:
    data = G.nodes[node]
    classes = sorted({str(c).rsplit("#", 1)[-1] for c in data.get("classes") or ()})
    return {"id": _id(G, node), "label": data.get("label_en"), "classes": classes}


def _subclasses(kg: KnowledgeStore, name: str) -> set[str]:
    """Local names of the aikg class ``name`` and its subclasses; InvalidInput if unknown."""
    rows = []
    if isinstance(name, str) and _CLASS_NAME.match(name):
        rows = queries.select(kg, "analytics_subclasses", cls=ox.NamedNode(f"{AIKG._NS}{name}"))
    if not rows:
        raise InvalidInput(f"type must be the local name of an aikg class, such as "
                           f"Organization or ChipModel, not {str(name)[:40]!r}",
                           parameter="type")
    return {row["sub"].value.rsplit("#", 1)[-1] for row in rows}
