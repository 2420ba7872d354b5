"""A slow projection build never blocks a caller past its wait: 503-style error, build goes on."""

from __future__ import annotations

import threading
import time

import pyoxigraph as ox
import pytest

from graph.errors import EngineUnavailable
from graph.projection import cache as module


def test_callers_get_retry_while_a_slow_build_runs(fresh, monkeypatch):
    real = module.build_projection
    release = threading.Event()

    def slow(kg):
        release.wait(5)
        return real(kg)

    monkeypatch.setattr(module, "build_projection", slow)
    fresh.extend([ox.Quad(ox.NamedNode("urn:x:a"), ox.NamedNode("urn:x:b"), ox.Literal("c"),
                          ox.NamedNode("urn:x:g"))])  # a new generation: the cache is stale
    started = time.monotonic()
    with pytest.raises(EngineUnavailable) as caught:
        module.projection(fresh, wait=0.2)
    assert time.monotonic() - started < 1
    assert caught.value.retry_after == 2
    job = module.start_build(fresh)  # the same build is still running, not a second one
    assert job is not None and not job.done.is_set()
    release.set()
    graph = module.projection(fresh, wait=5)
    assert graph.number_of_nodes() > 10
    assert module.start_build(fresh) is None  # fresh now
