"""The projection's graph class: a ``MultiDiGraph`` that a dropped projection leaves by reference
counting alone, so its objects can be frozen out of the cyclic garbage collector's sight.

networkx caches the edge and degree views of a graph in the graph itself, and those views hold
the graph: a cycle. With the collector on, each dropped projection waited for a full
collection; with the projection's tens of millions of objects frozen (:func:`settle`), it would
never be freed at all. :class:`Projection` makes those views afresh on each use (a small object;
the views that hold only the graph's dicts stay cached).

Why freeze: a build runs with the collector paused (it would rescan the growing graph over and
over), so at its end every object of the new projection is *young*. The collections that
followed — the youngest generation first, then the older ones — each walked all of them with
the interpreter lock held: at 10M quads, seconds each, long enough for a request waiting at most
3 s to pass the engine's 10 s deadline and get the worker killed, build lost. :func:`settle`
moves everything alive into the permanent generation instead (``gc.freeze``): the projection
lives until the next build anyway, and it is freed by reference counting when dropped.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TypeVar

import networkx as nx
from networkx.classes.reportviews import (
    InMultiDegreeView, InMultiEdgeView, OutMultiDegreeView, OutMultiEdgeView)

from graph.switching import collection_paused, yielding

G = TypeVar("G", bound=nx.MultiDiGraph)


class Projection(nx.MultiDiGraph):
    """A ``MultiDiGraph`` whose edge and degree views do not stay inside it (no cycle)."""

    @property
    def edges(self) -> OutMultiEdgeView:  # type: ignore[override]
        return OutMultiEdgeView(self)

    out_edges = edges

    @property
    def in_edges(self) -> InMultiEdgeView:  # type: ignore[override]
        return InMultiEdgeView(self)

    @property
    def degree(self) -> nx.classes.reportviews.DiMultiDegreeView:  # type: ignore[override]
        return nx.classes.reportviews.DiMultiDegreeView(self)

    @property
    def in_degree(self) -> InMultiDegreeView:  # type: ignore[override]
        return InMultiDegreeView(self)

    @property
    def out_degree(self) -> OutMultiDegreeView:  # type: ignore[override]
        return OutMultiDegreeView(self)


def made(make: Callable[[], G]) -> G:
    """``make()`` — a projection built or read from a snapshot: millions of small objects — run
    with the collector paused (it would rescan them over and over) and the GIL switch interval
    lowered (requests meanwhile get the GIL back in 0.5 ms, not 5), the result then frozen out of
    the collector's sight (:func:`settle`). The young cyclic garbage is collected first, so
    that as little of it as possible is frozen with the projection (the two younger generations
    only: a full collection would walk whatever large results are not frozen, lock held)."""
    gc.collect(1)
    with collection_paused(), yielding():
        graph = make()
        settle()
        return graph


def settle() -> None:
    """Take every object alive now out of the cyclic collector's sight (``gc.freeze``). Objects
    frozen are still freed by reference counting."""
    gc.freeze()
