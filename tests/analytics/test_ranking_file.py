"""Whole-graph rankings kept beside an on-disk store (graph.analytics.ranking_file): read back
after a restart instead of ranked again, for the same state of the store only."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import numpy as np
import pytest

from graph.analytics import network, ranking_file
from graph.projection.cache import projection
from graph.store import kept
from graph.store.embedded import EmbeddedStore

UPDATE = ("INSERT DATA { GRAPH <https://w3id.org/aikg/graph/t> { "
          "<https://w3id.org/aikg/id/xai> <https://w3id.org/aikg/ont#competesWith> "
          "<https://w3id.org/aikg/id/oracle> } }")


@pytest.fixture
def path(tmp_path: Path, seeded_store_dir: Path, monkeypatch) -> Path:
    monkeypatch.setattr(ranking_file, "KEEP_FROM_NODES", 0)
    shutil.copytree(seeded_store_dir, tmp_path / "store")
    return tmp_path / "store"


def file_of(path: Path) -> Path:
    return path / kept.DIRECTORY / f"{ranking_file.NAME}.bin"


def rankings_after_start(path: Path, monkeypatch, *updates: str) -> tuple[dict, int]:
    """Both rankings (limit 1000) of a store opened afresh, and how many were computed."""
    computed = []
    ranked = network._ranked
    monkeypatch.setattr(network, "_ranked", lambda *a: computed.append(a[1]) or ranked(*a))
    kg = EmbeddedStore.open(path)
    try:
        for update in updates:
            kg.update(update)
        answers = {m: network.centrality(kg, measure=m, limit=1000, wait=30)
                   for m in ranking_file.MEASURES}
        deadline = time.monotonic() + 30
        while computed and not file_of(path).exists() and time.monotonic() < deadline:
            time.sleep(0.05)  # written once both are computed, on the analytics thread
        time.sleep(0.2)
        return answers, len(computed)
    finally:
        kg.close()


def test_rankings_are_read_back_for_the_same_state_only(path: Path, monkeypatch) -> None:
    first, computed = rankings_after_start(path, monkeypatch)
    assert computed == 2 and file_of(path).exists()
    assert first["pagerank"][0]["score"] > first["pagerank"][-1]["score"]
    again, computed = rankings_after_start(path, monkeypatch)
    assert (again, computed) == (first, 0)  # read, not ranked
    changed, computed = rankings_after_start(path, monkeypatch, UPDATE)
    assert computed == 2 and changed != first  # another state: ranked again (and kept)
    again, computed = rankings_after_start(path, monkeypatch)
    assert (again, computed) == (changed, 0)


def test_a_request_before_the_precomputation_reads_the_kept_rankings(path: Path,
                                                                      monkeypatch) -> None:
    """After a restart requests go first and the projection's listeners start later: a
    centrality request in between reads the kept rankings instead of ranking the graph."""
    first, computed = rankings_after_start(path, monkeypatch)
    assert computed == 2
    from graph.projection import cache
    monkeypatch.setattr(cache, "_listeners",
                        [f for f in cache._listeners if f is not network._precompute])
    again, computed = rankings_after_start(path, monkeypatch)
    assert (again, computed) == (first, 0)


@pytest.mark.parametrize("damage", ["out of range", "repeated", "scores", "missing"])
def test_rankings_that_do_not_fit_the_projection_are_ranked_again(path: Path, monkeypatch,
                                                                   damage: str) -> None:
    first, _ = rankings_after_start(path, monkeypatch)
    kg = EmbeddedStore.open(path)
    try:
        state = kept.key(kg)
        arrays = kept.read(kg.path / kept.DIRECTORY, ranking_file.NAME, state, ranking_file.CODEC)
        assert set(arrays) == {"pagerank_order", "pagerank_score", "degree_order", "degree_score"}
        order = arrays["degree_order"]
        if damage == "out of range":
            order[0] = len(projection(kg, wait=30))
        elif damage == "repeated":
            order[1] = order[0]
        elif damage == "scores":
            arrays["degree_score"] = arrays["degree_score"].astype(np.float32)
        else:
            del arrays["pagerank_score"]
        kept.write(kg.path / kept.DIRECTORY, ranking_file.NAME, state, ranking_file.CODEC, arrays)
    finally:
        kg.close()
    again, computed = rankings_after_start(path, monkeypatch)
    assert (again, computed) == (first, 2)


def test_a_small_graph_keeps_no_rankings(tmp_path: Path, seeded_store_dir: Path,
                                         monkeypatch) -> None:
    shutil.copytree(seeded_store_dir, tmp_path / "store")
    rankings_after_start(tmp_path / "store", monkeypatch)
    assert not file_of(tmp_path / "store").exists()
