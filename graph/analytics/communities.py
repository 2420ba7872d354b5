"""Louvain communities: of any networkx graph (:func:`louvain`), and of the store's projection
(:func:`communities`: the whole graph on a schedule, :mod:`graph.analytics.community_schedule`;
as of a date on demand).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import networkx as nx

from graph.analytics.community_schedule import latest
from graph.analytics.compact import Compact, arrays_of
from graph.analytics.louvain import louvain_levels
from graph.analytics.jobs import Stale, memoised
from graph.analytics.terms import describe
from graph.projection.build import relationship_view
from graph.projection.cache import projection
from graph.projection.timefilter import parse_as_of, subgraph_as_of
from graph.store.base import KnowledgeStore

SEED = 42
"""Seed of every random choice (sampled betweenness, Louvain)."""


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
    return louvain_of(Compact.of(G), seed=seed, stop=stop)


def louvain_of(arrays: Compact, *, seed: int = SEED,
               stop: Callable[[], bool] | None = None) -> list[list[Any]]:
    """:func:`louvain` of the graph whose compact form is ``arrays``."""
    found: list[list[int]] = []
    for found in louvain_levels(arrays.both, seed=seed):  # networkx's levels, faster
        if stop is not None and stop():  # after each level; the last level is the answer
            raise Stale
    nodes = arrays.nodes
    return sorted((sorted(nodes[u] for u in c) for c in found), key=lambda c: (-len(c), c[0]))


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
        ``{"community", "size", "members", "computed_at_generation"}`` with members ``{"id",
        "label", "classes"}`` sorted by id; largest community first, ties by first member id.
        The whole-graph communities are computed on a schedule, not after every write
        (:mod:`graph.analytics.community_schedule`): ``computed_at_generation`` is the store
        generation whose projection they were computed on, members that are no longer
        entities are left out. With ``as_of`` they are computed for the current generation.
    """
    base, day = projection(kg), parse_as_of(as_of)
    G = relationship_view(subgraph_as_of(base, day))
    if day is None:
        generation, found = latest(kg, base, whole_louvain)
    else:
        generation = base.graph["generation"]
        found = memoised(base, day, "louvain", lambda: louvain(G))
    described = [sorted((describe(G, n) for n in c if n in G), key=lambda m: m["id"])
                 for c in found]
    described = [m for m in described if m]
    described.sort(key=lambda members: (-len(members), members[0]["id"]))
    return [{"community": i + 1, "size": len(m), "members": m,
             "computed_at_generation": generation} for i, m in enumerate(described)]


def whole_louvain(base: nx.MultiDiGraph) -> list[list[Any]]:
    return louvain_of(arrays_of(base, None, relationship_view(base)))
