"""Long pure-Python work in the worker (a projection build, a snapshot's decoding, the label
index) runs with the GIL switch interval lowered, so requests on other threads get the GIL back
in 0.5 ms instead of 5 (graph.switching): at 20M quads a hub page asked during the first build
passed the engine's 10 s deadline and the worker, with its build, was killed."""

from __future__ import annotations

import sys

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
