"""A dropped projection is freed by reference counting alone, and a new one is frozen out of the
cyclic collector's sight (graph.projection.acyclic); the collector pauses nest across threads
(graph.switching.collection_paused)."""

from __future__ import annotations

import gc
import threading
import time
import weakref

import pyoxigraph as ox
import pytest

from graph.explore.neighbourhood import neighbours
from graph.explore.paths import find_paths
from graph.projection import cache, snapshot_format
from graph.projection.acyclic import Projection
from graph.projection.build import relationship_view
from graph.projection.timefilter import parse_as_of, subgraph_as_of
from graph import switching
from graph.switching import collection_paused


@pytest.fixture
def no_collector():
    """The cyclic collector off for one test: what is freed is freed by reference counting."""
    with collection_paused():  # as the code pauses it (background work may pause it too)
        yield


def idle() -> None:
    """Wait for the background work of earlier tests (a refresh's analytics) to end."""
    deadline = time.monotonic() + 30
    while switching._pausers and time.monotonic() < deadline:
        time.sleep(0.01)


def use(graph) -> None:
    """What requests do with a projection: the views networkx used to cache inside it."""
    list(graph.edges(data=True, keys=True))
    list(graph.in_edges(data=True))
    list(graph.out_edges())
    dict(graph.degree)
    dict(graph.in_degree), dict(graph.out_degree)
    list(graph.nodes(data=True)), graph.adj, graph.succ, graph.pred
    list(relationship_view(graph).edges())
    list(subgraph_as_of(graph, parse_as_of("2024-06-01")).edges())


def test_a_used_projection_is_freed_without_the_collector(fresh, no_collector):
    graph = cache.build_projection(fresh)
    assert type(graph) is Projection
    use(graph)
    neighbours(fresh, "colossus", depth=2)
    find_paths(fresh, "larry-ellison", "jensen-huang")
    gone = weakref.ref(graph)
    del graph
    assert gone() is None


def test_a_refreshed_or_decoded_projection_is_a_projection_too(fresh, no_collector):
    old = cache.projection(fresh, wait=30)
    fresh.extend([ox.Quad(ox.NamedNode("https://w3id.org/aikg/id/dan"),
                          ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                          ox.Literal("Dan"), ox.DefaultGraph())])
    new = cache.projection(fresh, wait=30)
    assert new is not old and type(new) is Projection
    use(new)
    header, arrays = snapshot_format.encode(new)
    decoded = snapshot_format.decode(header, arrays)
    assert type(decoded) is Projection and decoded.number_of_edges() == new.number_of_edges()
    use(decoded)
    gone = weakref.ref(decoded)
    del decoded
    assert gone() is None


def test_a_new_projection_is_frozen_and_leaves_no_young_objects(fresh):
    idle()
    gc.unfreeze()
    graph = cache.build_projection(fresh)
    assert gc.get_freeze_count() > graph.number_of_nodes() + graph.number_of_edges()
    assert gc.get_count()[0] < 100  # nothing left for the first collections to walk


def test_collector_pauses_nest_across_threads():
    idle()
    assert gc.isenabled()
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with collection_paused():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=other)
    with collection_paused():
        thread.start()
        inside.wait(5)
    assert not gc.isenabled()  # the other pause still runs: this one's end must not re-enable
    release.set()
    thread.join()
    assert gc.isenabled()
    gc.disable()
    with collection_paused():
        pass
    assert not gc.isenabled()  # restored as it was, not switched on
    gc.enable()
