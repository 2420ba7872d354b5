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
  (:mod:`graph.analytics.jobs`); the whole-graph PageRank and degree are **precomputed** as
  soon as a new projection is ready (a caller meanwhile waits up to
  :data:`graph.projection.cache.BUILD_WAIT` seconds, then gets a 503 ``Retry-After``), and
  kept beside an on-disk store for the next start (:mod:`graph.analytics.ranking_file`);
  the whole-graph communities are recomputed **on a schedule**, not after every write, and
  answered with ``computed_at_generation`` (:mod:`graph.analytics.community_schedule`);
* degree and PageRank read CSR arrays made once per projection (:mod:`graph.analytics.compact`:
  networkx's scipy power iteration, same numbers as ``nx.pagerank(directed(G))``); Louvain is
  networkx's ``louvain_communities`` with :data:`SEED` (``tests/analytics`` compare both with
  plain networkx).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import networkx as nx
import pyoxigraph as ox

from graph.analytics import compact
from graph.analytics.communities import (  # noqa: F401  (re-exported)
    SEED, communities, community_members, louvain, rank_ahead, whole_louvain)
from graph.analytics.community_schedule import refreshed
from graph.analytics.compact import Compact, arrays_of, directed, undirected  # noqa: F401
from graph.analytics.jobs import budget, memoised, precompute
from graph.analytics.ranking_file import Rankings
from graph.analytics.terms import describe, node_id
from graph.errors import InvalidInput
from graph.params import check_limit
from graph.projection.build import relationship_view
from graph.projection.cache import on_refresh, projection
from graph.projection.memo import remembered
from graph.projection.timefilter import parse_as_of, subgraph_as_of
from graph.store import queries
from graph.store.base import KnowledgeStore
from graph.vocab import AIKG

MEASURES = ("degree", "pagerank", "betweenness")
EXACT_BETWEENNESS_LIMIT = 1000
BETWEENNESS_SAMPLES = 100
MAX_LIMIT = 1000
_CLASS_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,63}$")


def scores(G: nx.Graph, measure: str = "degree", *, seed: int = SEED,
           arrays: Compact | None = None) -> dict[Any, float]:
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
    arrays : Compact, optional
        ``Compact.of(G)`` when the caller has it (degree and pagerank read only that).

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
    if measure in ("degree", "pagerank"):
        arrays = arrays or Compact.of(G)
        return compact.degree(arrays) if measure == "degree" else compact.pagerank(arrays)
    if measure == "betweenness":
        U = undirected(G)
        k = BETWEENNESS_SAMPLES if len(U) >= EXACT_BETWEENNESS_LIMIT else None
        return nx.betweenness_centrality(U, k=k, seed=seed if k else None)
    raise InvalidInput(f"unknown measure {str(measure)[:40]!r}; use one of "
                       f"{', '.join(MEASURES)}", parameter="measure")


def pagerank(G: nx.Graph, *, alpha: float = 0.85, tol: float = 1e-6,
             max_iter: int = 100) -> dict[Any, float]:
    """PageRank of ``directed(G)`` (nodes sorted, parallel edges merged, no self-loops) by
    networkx's scipy power iteration on the CSR arrays of :mod:`graph.analytics.compact`."""
    return compact.pagerank(Compact.of(G), alpha=alpha, tol=tol, max_iter=max_iter)


def centrality(kg: KnowledgeStore, *, measure: str = "degree", type: str | None = None,
               as_of: str | date | None = None, limit: int = 50,
               wait: float | None = None) -> list[dict[str, Any]]:
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
    wait : float, optional
        Seconds to wait in all for the projection and the ranking (default
        :data:`graph.analytics.jobs.ANALYTICS_WAIT`); a page that waited already passes less.

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
    check_limit(limit, "limit", MAX_LIMIT)
    wanted = _subclasses(kg, type) if type else None
    day, left = parse_as_of(as_of), budget(wait)
    base = projection(kg, wait=left())
    G = relationship_view(subgraph_as_of(base, day))
    ranked = memoised(base, day, measure, lambda: _ranking(kg, G, measure, base, day),
                      wait=left())
    rows = []
    for node, score in ranked:
        entry = describe(G, node)
        if wanted is not None and not wanted & set(entry["classes"]):
            continue
        rows.append({"rank": len(rows) + 1, **entry, "score": score})
        if len(rows) == limit:
            break
    return rows


def all_scores(kg: KnowledgeStore) -> dict[str, dict[str, float]]:
    """Every measure for every node of the projection: measure → node IRI → score."""
    base = projection(kg)
    G = relationship_view(base)
    return {measure: dict(memoised(base, None, measure,
                                   lambda m=measure: _ranking(kg, G, m, base, None)))
            for measure in MEASURES}


def _precompute(kg: KnowledgeStore, base: nx.MultiDiGraph) -> None:
    """Listener of :func:`graph.projection.cache.on_refresh`: start the whole-graph rankings,
    and the communities when they are due."""
    stale = lambda: kg.generation != base.graph["generation"]  # noqa: E731 (a write came)
    G = relationship_view(base)
    precompute(base, {m: lambda m=m: _ranking(kg, G, m, base, None)
                      for m in ("pagerank", "degree")}, stale)
    refreshed(kg, base, whole_louvain)
    rank_ahead(kg, base)  # communities read from disk with the projection: rank them now


def _ranking(kg: KnowledgeStore, G: nx.Graph, measure: str, base: nx.MultiDiGraph,
             day: date | None) -> list[tuple[Any, float]]:
    """:func:`_ranked`, or, for the whole graph, the ranking kept beside the store for this
    projection (:mod:`graph.analytics.ranking_file`), whoever asks first: after a restart a
    centrality request that came before the background precomputation started (requests go
    first) ranked 634k entities again, ~3 s of the interpreter at 10M."""
    if day is not None:
        return _ranked(G, measure, base, day)
    kept = remembered(base, "analytics.rankings", lambda: Rankings(kg, base))
    return kept.ranked(measure, lambda: _ranked(G, measure, base, None))


def _ranked(G: nx.Graph, measure: str, base: nx.MultiDiGraph, day: date | None
            ) -> list[tuple[Any, float]]:
    """Scores of ``G`` (a view of ``base``) highest first, ties by id (read from ``base``:
    through the view, every lookup would run its filter)."""
    found = scores(G, measure, arrays=arrays_of(base, day, G))
    return sorted(found.items(), key=lambda kv: (-kv[1], node_id(base, kv[0])))


on_refresh(_precompute)


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
