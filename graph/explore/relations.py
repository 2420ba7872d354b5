"""Pages of one entity's relations (:class:`Relation`), in a stable order, with exact totals.

A hub of the projection can have hundreds of thousands of relations; :func:`relation_page`
returns one page of one direction (``out``: the entity is the subject, symmetric relations
included; ``in``: it is the object) plus the exact number of relations in that direction and per
predicate, as visible on an ``as_of`` day.

Order: English label of the predicate, then the other entity's id, time, fact node, source graph
and predicate IRI, which tells any two edges apart, so pages never overlap or skip. Each
direction of each entity is sorted once per projection (i.e. per store generation) and, when it
is large, kept beside the projection (:mod:`graph.projection.memo`); a page is then a slice.
``as_of`` filters the sorted list first, by each edge's precomputed first visible day (the rule
of :mod:`graph.projection.timefilter`); for large directions the filtered list is remembered too, per day.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx

from graph.projection.memo import remembered
from graph.projection.timefilter import UNBOUNDED_START, time_start

CACHED_FROM = 64
"""Directions with at least this many relations are kept sorted between calls."""

Edge = tuple[str, dict[str, Any]]
"""(the other entity's IRI, the edge's attributes)."""


@dataclass(frozen=True)
class Side:
    """One direction of one entity: its edges in page order, the first day each is visible
    (``None``: always), and how many there are per predicate."""

    edges: list[Edge]
    starts: list[date | None]
    per_predicate: dict[str, int]
    timed: bool
    """Whether some edge can be hidden by ``as_of``."""


@dataclass(frozen=True)
class Page:
    """A page of a direction: its edges, the total in that direction and per predicate
    (``[{"predicate", "label", "count"}]``, by label)."""

    edges: list[Edge]
    total: int
    by_predicate: list[dict[str, Any]]


@dataclass
class Relation:
    """One edge seen from an entity: ``direction`` is ``out`` (the entity is the subject),
    ``in`` (the object) or ``symmetric``."""

    predicate: str
    label: str
    label_pt: str
    direction: str
    other: str
    other_label: str
    status: str
    time: str | None
    time_type: str | None
    time_property: str | None
    source: str
    fact: str | None
    details: dict[str, Any] = field(default_factory=dict)


def relation(graph: nx.MultiDiGraph, data: dict[str, Any], other: str,
             direction: str) -> Relation:
    """An edge's attributes as a :class:`Relation` towards ``other``."""
    details = {k: v for k, v in data.items() if k not in _EDGE_CORE and v is not None}
    return Relation(
        predicate=data["predicate"], label=data["label_en"], label_pt=data["label_pt"],
        direction="symmetric" if data["symmetric"] else direction, other=graph.nodes[other]["id"],
        other_label=graph.nodes[other]["label_en"], status=data["status"], time=data["time"],
        time_type=data["time_type"], time_property=data["time_property"],
        source=data["source"], fact=data["fact"], details=details)


_EDGE_CORE = frozenset({"predicate", "label_en", "label_pt", "status", "time", "time_type",
                        "time_property", "source", "fact", "symmetric"})


def _first_day(data: dict[str, Any]) -> date | None:
    if data.get("time_property") in UNBOUNDED_START:
        return None
    return time_start(data.get("time"), data.get("time_type"))


def build_side(graph: nx.MultiDiGraph, iri: str, direction: str) -> Side:
    """Sort the ``out`` or ``in`` edges of ``iri`` (see the module docstring)."""
    nodes = graph.nodes
    if direction == "out":
        raw = [(v, d) for _, v, d in graph.out_edges(iri, data=True)]
    else:
        raw = [(u, d) for u, _, d in graph.in_edges(iri, data=True)]
    raw.sort(key=lambda e: (e[1]["label_en"], nodes[e[0]]["id"], e[1]["time"] or "",
                            e[1]["fact"] or "", e[1]["source"], e[1]["predicate"]))
    starts = [_first_day(d) for _, d in raw]
    return Side(edges=raw, starts=starts,
                per_predicate=dict(Counter(d["predicate"] for _, d in raw)),
                timed=any(s is not None for s in starts))


def side(graph: nx.MultiDiGraph, iri: str, direction: str) -> Side:
    """:func:`build_side`, remembered beside ``graph`` for large directions
    (:func:`graph.projection.memo.remembered`)."""
    degree = graph.out_degree(iri) if direction == "out" else graph.in_degree(iri)
    if degree < CACHED_FROM:
        return build_side(graph, iri, direction)
    return remembered(graph, ("relations", iri, direction),
                      lambda: build_side(graph, iri, direction))


def relation_page(graph: nx.MultiDiGraph, iri: str, direction: str, *, as_of: date | None,
                  limit: int, offset: int) -> Page:
    """Relations ``offset`` … ``offset + limit - 1`` of one direction of ``iri`` visible on
    ``as_of`` (``None``: all), with the totals of that direction."""
    found = side(graph, iri, direction)
    if as_of is not None and found.timed:
        if len(found.edges) < CACHED_FROM:
            found = _visible(found, as_of)
        else:
            found = remembered(graph, ("relations", iri, direction, as_of),
                               lambda: _visible(found, as_of))
    labels = graph.graph["properties"]
    by_predicate = sorted(({"predicate": p, "label": labels[p]["label_en"], "count": n}
                           for p, n in found.per_predicate.items()),
                          key=lambda c: (c["label"], c["predicate"]))
    return Page(edges=found.edges[offset:offset + limit], total=len(found.edges),
                by_predicate=by_predicate)


def _visible(found: Side, as_of: date) -> Side:
    """The part of a direction visible on ``as_of``, in the same order."""
    kept = [(e, s) for e, s in zip(found.edges, found.starts) if s is None or s <= as_of]
    edges = [e for e, _ in kept]
    return Side(edges=edges, starts=[s for _, s in kept],
                per_predicate=dict(Counter(d["predicate"] for _, d in edges)), timed=False)
