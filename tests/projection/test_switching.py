"""Long pure-Python work in the worker (a projection build, a snapshot's decoding, the label
index) runs with the GIL switch interval lowered, so requests on other threads get the GIL back
in 0.5 ms instead of 5 (graph.switching): at 20M quads a hub page asked during the first build
passed the engine's 10 s deadline and the worker, with its build, was killed."""

from __future__ import annotations

import sys
import threading
import time

import networkx as nx

from graph.explore import label_index
from graph.projection import cache, snapshot, snapshot_format
from graph.switching import SWITCH_INTERVAL


def test_a_build_runs_with_the_switch_interval_lowered_and_restores_it(fresh, monkeypatch):
    before, seen = sys.getswitchinterval(), []
    monkeypatch.setattr(cache.projection_build, "build",
                        lambda kg: seen.append(sys.getswitchinterval()) or nx.MultiDiGraph())
    cache.build_projection(fresh)
    assert seen == [SWITCH_INTERVAL] and sys.getswitchinterval() == before


def test_decoding_a_snapshot_and_indexing_labels_lower_it_too(monkeypatch):
    seen = []
    monkeypatch.setattr(snapshot_format, "decode",
                        lambda header, arrays: seen.append(sys.getswitchinterval()))
    snapshot._decode({}, {})
    monkeypatch.setattr(label_index, "label_index",
                        lambda graph: seen.append(sys.getswitchinterval()) or [])
    graph = nx.MultiDiGraph()
    done = label_index.threading.Event()
    label_index._build(lambda: graph, 1, done, None)
    assert done.is_set() and seen == [SWITCH_INTERVAL, SWITCH_INTERVAL]


def test_quiet_waits_for_the_requests_being_answered_within_its_timeout():
    from graph.switching import busy, quiet, serving

    assert quiet(0.0) and not busy()
    release, entered = threading.Event(), threading.Event()

    def request():
        with serving():
            entered.set()
            release.wait(10)

    thread = threading.Thread(target=request)
    thread.start()
    assert entered.wait(10) and busy()
    started = time.monotonic()
    assert not quiet(0.2) and time.monotonic() - started >= 0.2
    threading.Timer(0.2, release.set).start()
    assert quiet(10.0) and not busy()
    thread.join(10)


def test_a_first_projection_asked_by_requests_is_theirs_before_its_listeners_run(fresh,
                                                                                 monkeypatch):
    """A restart's first pages wait for the projection; once it is ready they go first, and
    the listeners (analytics, the search's index: seconds of the interpreter at 10M) start
    once they are answered. Without requests in flight, listeners run before it is handed out,
    as for every later refresh."""
    from graph.switching import serving

    order, release, waiting = [], threading.Event(), threading.Event()
    monkeypatch.setattr(cache, "_listeners", [lambda kg, graph: order.append("listener")])

    def request():
        with serving():
            waiting.set()
            cache.projection(fresh, wait=30)
            order.append("request got the projection")
            release.wait(10)
        order.append("request answered")

    thread = threading.Thread(target=request)
    thread.start()
    assert waiting.wait(10)
    threading.Timer(0.3, release.set).start()
    thread.join(20)
    cache.projection(fresh, wait=30)
    deadline = time.monotonic() + 10
    while "listener" not in order and time.monotonic() < deadline:
        time.sleep(0.01)
    assert order == ["request got the projection", "request answered", "listener"]
