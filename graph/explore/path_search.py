"""Path search over the projection's own adjacency, undirected, within a bounded amount of work.

A link joins two entities when any relation does, either way, as visible on a day (the rule of
:mod:`graph.projection.timefilter`); provenance nodes (articles, ingestions) are no part of any
path. Nothing is built per projection: the walk reads ``graph._succ`` and ``graph._pred``.

Every step that reads a neighbour counts against a :class:`Work` budget (:data:`PATH_WORK`):
at 10M quads a person and a model are joined through hubs of 100k neighbours, and the simple
paths of 4 hops between them number in the billions, so an unbounded enumeration held the
request past the engine's deadline (the worker was killed on every call). A search that runs
out of work stops with what it has found (:class:`OutOfWork`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import networkx as nx

from graph.projection.build import PROVENANCE_CLASSES
from graph.projection.timefilter import edge_visible

PATH_WORK = 1_000_000
"""Neighbour reads one path request may make in all (about a second of Python)."""


class OutOfWork(Exception):
    """The search read :data:`PATH_WORK` neighbours and stopped."""


class Work:
    """A countdown of neighbour reads shared by the phases of one search."""

    def __init__(self, budget: int | None = None) -> None:
        self.left = PATH_WORK if budget is None else budget
        self.links: dict[str, list[str]] = {}  # read once per search, charged per use

    def spend(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise OutOfWork


def is_relation_node(graph: nx.MultiDiGraph, node: str) -> bool:
    """Whether ``node`` may lie on a path (it is no article or ingestion)."""
    return PROVENANCE_CLASSES.isdisjoint(graph._node[node].get("classes", ()))


def links(graph: nx.MultiDiGraph, node: str, day: date | None, work: Work) -> list[str]:
    """The entities linked to ``node`` on ``day``: successors first, then predecessors, each
    once, in adjacency order; no loops, no provenance nodes."""
    known = work.links.get(node)
    if known is not None:
        work.spend(len(known) + 1)
        return known
    succ, pred = graph._succ[node], graph._pred[node]
    work.spend(len(succ) + len(pred) + 1)
    found: dict[str, None] = {}
    for adjacency, other_side in ((succ, pred), (pred, succ)):
        for other, keyed in adjacency.items():
            if other == node or other in found or not is_relation_node(graph, other):
                continue
            if day is None or any(edge_visible(d, day) for d in keyed.values()) or any(
                    edge_visible(d, day) for d in other_side.get(other, {}).values()):
                found[other] = None
    known = work.links[node] = list(found)
    return known


def shortest_path(graph: nx.MultiDiGraph, source: str, target: str, day: date | None,
                  work: Work) -> list[str] | None:
    """A shortest path from ``source`` to ``target`` (bidirectional breadth-first, the smaller
    frontier first), or ``None``."""
    if source == target:
        return [source]
    before, after = {source: None}, {target: None}
    forward, backward = [source], [target]
    while forward and backward:
        if len(forward) <= len(backward):
            forward, meet = _level(graph, forward, before, day, work, meet=after)
        else:
            backward, meet = _level(graph, backward, after, day, work, meet=before)
        if meet is not None:
            return _join(meet, before, after)
    return None


def distances_to(graph: nx.MultiDiGraph, target: str, depth: int, day: date | None,
                 work: Work) -> dict[str, int]:
    """Hops from every entity within ``depth`` links of ``target`` to it."""
    distance, frontier = {target: 0}, [target]
    for hops in range(1, depth + 1):
        frontier, _ = _level(graph, frontier, distance, day, work, value=hops)
    return distance


def _level(graph: nx.MultiDiGraph, frontier: list[str], seen: dict, day: date | None,
           work: Work, *, value: object = None, meet: dict | None = None,
           ) -> tuple[list[str], str | None]:
    """One breadth-first step from ``frontier``: the entities first reached, each entered in
    ``seen`` as ``value`` or, without one, as the entity it was reached from; stops at the first
    entity found in ``meet`` and returns it too."""
    following = []
    for node in frontier:
        for other in links(graph, node, day, work):
            if other not in seen:
                seen[other] = node if value is None else value
                following.append(other)
            if meet is not None and other in meet:
                return following, other
    return following, None


def _join(meet: str, before: dict, after: dict) -> list[str]:
    path, node = [], meet
    while node is not None:
        path.append(node)
        node = before[node]
    path.reverse()
    node = after[meet]
    while node is not None:
        path.append(node)
        node = after[node]
    return path


def paths_by_length(graph: nx.MultiDiGraph, shortest: list[str], max_hops: int, limit: int,
                    day: date | None, work: Work, order: Callable[[list[str]], Any],
                    ) -> tuple[list[list[str]], bool]:
    """``shortest`` (when within ``max_hops``) then the other simple paths between its ends,
    shorter first, each length sorted by ``order``, at most ``limit`` in all; and whether the
    search ended before its work limit (else: the paths found until then)."""
    source, target = shortest[0], shortest[-1]
    if len(shortest) - 1 > max_hops:
        return [], True
    found = [shortest]
    if limit == 1:
        return found, True
    try:
        distance = distances_to(graph, target, max_hops - 1, day, work)
        for hops in range(len(shortest) - 1, max_hops + 1):
            if len(found) >= limit:
                break
            level: list[list[str]] = []
            try:
                for path in simple_paths(graph, source, target, hops, day, distance, work):
                    if path != shortest:
                        level.append(path)
                        if len(found) + len(level) == limit:
                            break
            finally:  # out of work: the paths of this length found so far count too
                found += sorted(level, key=order)
    except OutOfWork:
        return found, False
    return found, True


def simple_paths(graph: nx.MultiDiGraph, source: str, target: str, hops: int,
                 day: date | None, distance: dict[str, int], work: Work) -> Iterator[list[str]]:
    """The simple paths of exactly ``hops`` links from ``source`` to ``target``, depth first in
    link order; branches that cannot reach ``target`` in the hops left (``distance``, from
    :func:`distances_to` with a depth of at least ``hops - 1``) are not walked."""
    path, on_path = [source], {source}
    stack = [iter(links(graph, source, day, work))]
    while stack:
        other = next(stack[-1], None)
        if other is None:
            stack.pop()
            on_path.discard(path.pop())
            continue
        left = hops - len(path)  # links still to take after this one
        if other in on_path or distance.get(other, hops + 1) > left:
            continue
        if other == target:
            if left == 0:
                yield [*path, other]
            continue
        if left == 0:
            continue
        path.append(other)
        on_path.add(other)
        stack.append(iter(links(graph, other, day, work)))
