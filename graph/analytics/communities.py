"""Louvain communities: of any networkx graph (:func:`louvain`), and of the store's projection
(:func:`communities`: the whole graph on a schedule, :mod:`graph.analytics.community_schedule`;
as of a date on demand).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import networkx as nx

from graph.analytics.community_schedule import current, latest
from graph.analytics.compact import Compact, arrays_of
from graph.analytics.louvain import louvain_levels
from graph.analytics.jobs import Stale, budget, memoised, precompute
from graph.analytics.terms import describe, id_of
from graph.errors import EntityNotFound
from graph.params import MAX_OFFSET, check_limit
from graph.projection.build import PROVENANCE_CLASSES, relationship_view
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


MAX_COMMUNITIES = 1000
"""Most communities one answer lists (``limit``)."""
MAX_MEMBERS = 10_000
"""Most members one answer lists per community (``members``, or a page's ``limit``)."""


def communities(kg: KnowledgeStore, *, as_of: str | date | None = None, limit: int = 100,
                offset: int = 0, members: int = 100) -> list[dict[str, Any]]:
    """Louvain communities of the projection (see :func:`louvain`), a page of them.

    Parameters
    ----------
    kg : KnowledgeStore
        The store.
    as_of : str or date, optional
        ``YYYY-MM-DD``: hide relations whose time starts after this day.
    limit, offset : int
        Which communities: ``limit`` (1 to :data:`MAX_COMMUNITIES`) from rank ``offset + 1``.
    members : int
        How many members to list per community, 0 to :data:`MAX_MEMBERS` (the first by id;
        :func:`community_members` pages through the rest).

    Returns
    -------
    list of dict
        ``{"community", "size", "members", "computed_at_generation"}`` with members ``{"id",
        "label", "classes"}`` sorted by id; largest community first, ties by first member id;
        ``size`` counts every member, listed or not.
        The whole-graph communities are computed on a schedule, not after every write
        (:mod:`graph.analytics.community_schedule`): ``computed_at_generation`` is the store
        generation whose projection they were computed on, members that are no longer
        entities are left out. With ``as_of`` they are computed for the current generation.
    """
    check_limit(limit, "limit", MAX_COMMUNITIES)
    check_limit(offset, "offset", MAX_OFFSET, 0)
    check_limit(members, "members", MAX_MEMBERS, 0)
    G, generation, ranked = _ranked(kg, as_of)
    return [{"community": offset + i + 1, "size": len(c),
             "members": [describe(G, n) for n in c[:members]],
             "computed_at_generation": generation}
            for i, c in enumerate(ranked[offset:offset + limit])]


def community_members(kg: KnowledgeStore, community: int, *, as_of: str | date | None = None,
                      limit: int = 1000, offset: int = 0) -> dict[str, Any]:
    """One community's members, a page of them (as :func:`communities` ranks and sorts them).

    Returns
    -------
    dict
        ``{"community", "size", "offset", "members", "computed_at_generation"}``.

    Raises
    ------
    InvalidInput
        ``limit`` or ``offset`` out of range.
    EntityNotFound
        No community of that rank.
    """
    check_limit(limit, "limit", MAX_MEMBERS)
    check_limit(offset, "offset", MAX_OFFSET, 0)
    G, generation, ranked = _ranked(kg, as_of)
    if not 1 <= community <= len(ranked):
        raise EntityNotFound(f"no community {community}: there are {len(ranked)}")
    found = ranked[community - 1]
    return {"community": community, "size": len(found), "offset": offset,
            "members": [describe(G, n) for n in found[offset:offset + limit]],
            "computed_at_generation": generation}


def _ranked(kg: KnowledgeStore, as_of: str | date | None
            ) -> tuple[nx.Graph, int, list[list[Any]]]:
    """The projection, the generation the communities were computed on, and the
    communities as node lists: members still in the graph, sorted by id; largest first, ties
    by first member id. Ranked once per result (at 10M: 634k members)."""
    day, left = parse_as_of(as_of), budget()
    base = projection(kg, wait=left())
    if day is None:
        generation, found = latest(kg, base, whole_louvain, wait=left())
    else:
        generation = base.graph["generation"]
        found = memoised(base, day, "louvain",
                         lambda: louvain(relationship_view(subgraph_as_of(base, day))),
                         wait=left())
    if day is None and generation == base.graph["generation"]:
        return base, generation, found  # ranked for this very projection (whole_louvain)
    ranked = memoised(base, day, f"communities ranked {generation}",
                      lambda: _rank(base, found), wait=left())
    return base, generation, ranked


def rank_ahead(kg: KnowledgeStore, base: nx.MultiDiGraph) -> None:
    """Rank the whole-graph communities at hand for ``base`` on a background thread (after a
    restart they are read from disk with the projection): the first ``/analytics/communities``
    then finds them ranked (3.5 s for 634k members at 10M) instead of starting the work."""
    found = current(kg)
    if found is not None and found[0] != base.graph["generation"]:  # else ranked already
        generation, members = found
        precompute(base, {f"communities ranked {generation}": lambda: _rank(base, members)})


def _rank(base: nx.MultiDiGraph, found: list[list[Any]]) -> list[list[Any]]:
    """Members still entities of ``base`` (the projection itself: a filtered view costs a
    filter call per lookup, 8 s over 634k members at 10M), sorted by id; largest first."""
    nodes, ranked = base._node, []  # networkx's node dict: its views cost a call per lookup
    for c in found:  # each member's data looked up once (5 s at 10M beside a restart's work)
        keyed = sorted((id_of(data, n), n)
                       for n, data in ((n, nodes.get(n)) for n in c)
                       if data is not None and PROVENANCE_CLASSES.isdisjoint(
                           data.get("classes", ())))
        if keyed:
            ranked.append((keyed[0][0], [n for _, n in keyed]))
    ranked.sort(key=lambda pair: (-len(pair[1]), pair[0]))
    return [nodes for _, nodes in ranked]


def whole_louvain(base: nx.MultiDiGraph) -> list[list[Any]]:
    """The whole graph's communities, ranked for ``base`` (:func:`_rank`) as they are kept
    and read back after a restart: ranking 634k members again took 1.3-5 s of a restart at
    10M. A result of another generation than the projection asked about is ranked again."""
    return _rank(base, louvain_of(arrays_of(base, None, relationship_view(base))))
