"""Projection snapshots (graph.projection.snapshot): the saved projection reads back equal, is
used after a restart only when made from the store as it is, is caught up after later writes,
and a damaged or stale one is never trusted: the projection is built from the store instead."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.engine.supervisor import Engine
from graph.errors import SnapshotUnusable
from graph.projection import cache as proj
from graph.projection import snapshot
from graph.projection.cache import projection_status
from graph.settings import Settings
from graph.store.embedded import EmbeddedStore
from tests.conftest import TOKEN

FACT = """PREFIX aikg: <https://w3id.org/aikg/ont#> PREFIX id: <https://w3id.org/aikg/id/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT DATA { GRAPH <https://w3id.org/aikg/graph/doc-snapshot-test> {
  id:oracle aikg:competesWith id:xai .
  id:snap-f1 a aikg:Assertion ; rdf:subject id:oracle ; rdf:predicate aikg:competesWith ;
    rdf:object id:xai ; aikg:status aikg:Reported ; aikg:asOf "2024-10"^^xsd:gYearMonth .
} }"""


def contents(graph: nx.MultiDiGraph) -> tuple[dict, dict, dict]:
    """What must survive a snapshot: G.graph, node attributes, edges with keys and attributes."""
    return (dict(graph.graph),
            {n: dict(d) for n, d in graph.nodes(data=True)},
            {(u, v, k): dict(d) for u, v, k, d in graph.edges(keys=True, data=True)})


def counts() -> tuple[int, int, int]:
    return proj.projection_builds(), proj.projection_refreshes(), proj.projection_loads()


@pytest.fixture(autouse=True)
def save_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Saves one after another without the pause that spares a busy server."""
    monkeypatch.setattr(snapshot, "SAVE_INTERVAL", 0.0)


@pytest.fixture
def store_dir(tmp_path: Path, seeded_store_dir: Path) -> Path:
    target = tmp_path / "store"
    shutil.copytree(seeded_store_dir, target)
    return target


def built_and_saved(path: Path) -> nx.MultiDiGraph:
    """Open the store at ``path``, build its projection (which schedules its snapshot), wait
    for the save, close the store."""
    kg = EmbeddedStore.open(path)
    try:
        graph = proj.projection(kg, wait=60)
        assert snapshot.flush(60)
        return graph
    finally:
        kg.close()


def test_round_trip_keeps_nodes_edges_keys_and_attributes(seeded, tmp_path):
    graph = proj.projection(seeded)
    key = {"store": "test", "writes": 3}
    snapshot.save(tmp_path / snapshot.FILE, key, graph)
    loaded = snapshot.load(tmp_path / snapshot.FILE, key)
    loaded.graph["generation"] = graph.graph["generation"]
    assert contents(loaded) == contents(graph)
    assert {d["kind"] for _, _, d in loaded.edges(data=True)} >= {
        "direct", "uses", "investedIn", "holdsChipsOf"}  # every attribute layout
    u, v, _ = next(iter(graph.edges(keys=True)))
    assert loaded._succ[u][v] is loaded._pred[v][u]  # one key dict per pair, as networkx has


def test_round_trip_of_every_kind_of_value(tmp_path):
    graph = nx.MultiDiGraph(properties={"p": {"label_en": "p", "inverse": None,
                                              "symmetric": True}},
                            superclasses={"C": {"C", "D"}})
    graph.add_node("a", label="Ä ✓", aliases=["x", "y"], n=None)
    graph.add_node("b", aliases=[], label="")
    graph.add_node("c")
    graph.add_edge("a", "b", quantity=1, amount=1.0, flag=True, text="1", big=10**30)
    graph.add_edge("a", "b", quantity=2.5, amount=None, flag=False, text=None, big=-1)
    graph.add_edge("b", "b", kind="loop")
    graph.add_edge("c", "a", key=7)
    snapshot.save(tmp_path / "s.npz", {}, graph)
    loaded = snapshot.load(tmp_path / "s.npz", {})
    assert contents(loaded) == contents(graph)
    assert [type(d[k]) for d in loaded["a"]["b"].values() for k in ("quantity", "amount")] == \
        [int, float, float, type(None)]
    assert loaded["a"]["b"][0]["flag"] is True
    assert loaded.nodes["a"]["aliases"] is not loaded.nodes["b"]["aliases"]
    graph.add_node("d", bad={"a dict"})
    with pytest.raises(SnapshotUnusable):  # never pickled: what it cannot store, it refuses
        snapshot.save(tmp_path / "t.npz", {}, graph)
    assert not (tmp_path / "t.npz").exists()


def test_restart_loads_the_snapshot_and_catches_up_after_a_write(store_dir):
    first = built_and_saved(store_dir)
    kg = EmbeddedStore.open(store_dir)  # a restart: a new process would see the same
    try:
        builds, refreshes, loads = counts()
        loaded = proj.projection(kg, wait=60)
        assert counts() == (builds, refreshes, loads + 1)
        assert contents(loaded)[1:] == contents(first)[1:]
        kg.update(FACT)  # a write after the snapshot: caught up from the change journal
        caught_up = proj.projection(kg, wait=60)
        assert counts() == (builds, refreshes + 1, loads + 1)
        assert ("https://w3id.org/aikg/id/oracle", "https://w3id.org/aikg/id/xai") in \
            caught_up.edges()
        assert contents(caught_up) == contents(proj.build_projection(kg))
        assert snapshot.flush(60)
    finally:
        kg.close()


UNKNOWN = """PREFIX aikg: <https://w3id.org/aikg/ont#>
DELETE { GRAPH ?g { ?s aikg:competesWith ?o } } WHERE { GRAPH ?g { ?s aikg:competesWith ?o } }"""


def written_while_stopped(path: Path, *updates: str) -> None:
    """Writes made with no projection running: the snapshot is now of an older state."""
    kg = EmbeddedStore.open(path)
    for update in updates:
        kg.update(update)
    kg.close()


def test_a_snapshot_older_than_the_store_is_caught_up_from_the_journal_file(store_dir):
    built_and_saved(store_dir)
    written_while_stopped(store_dir, FACT)
    kg = EmbeddedStore.open(store_dir)
    try:
        builds, _, loads = counts()
        graph = proj.projection(kg, wait=60)
        assert (proj.projection_builds(), proj.projection_loads()) == (builds, loads + 1)
        assert ("https://w3id.org/aikg/id/oracle", "https://w3id.org/aikg/id/xai") in \
            graph.edges()
        assert contents(graph) == contents(proj.build_projection(kg))
        assert snapshot.flush(60)
    finally:
        kg.close()


def test_a_catch_up_that_fails_costs_a_rebuild_not_every_first_build(store_dir, monkeypatch):
    built_and_saved(store_dir)
    written_while_stopped(store_dir, FACT)

    def broken(*args, **kwargs):
        raise KeyError("kind")

    monkeypatch.setattr(snapshot, "refresh", broken)
    kg = EmbeddedStore.open(store_dir)
    try:
        builds, _, loads = counts()
        graph = proj.projection(kg, wait=60)
        assert (proj.projection_builds(), proj.projection_loads()) == (builds + 1, loads)
        assert contents(graph) == contents(proj.build_projection(kg))
        assert snapshot.flush(60)
    finally:
        kg.close()


@pytest.mark.parametrize("harm", ["unknown write", "journal damaged", "journal gone"])
def test_a_snapshot_older_than_the_store_is_rebuilt_when_the_journal_cannot_say(
        store_dir, harm):
    first = built_and_saved(store_dir)
    written_while_stopped(store_dir, *([FACT, UNKNOWN] if harm == "unknown write" else [FACT]))
    journal = store_dir / "aikg-journal.log"
    if harm == "journal damaged":
        flip(journal, 0.9)
    elif harm == "journal gone":
        journal.unlink()
    kg = EmbeddedStore.open(store_dir)
    try:
        builds, _, loads = counts()
        graph = proj.projection(kg, wait=60)
        assert (proj.projection_builds(), proj.projection_loads()) == (builds + 1, loads)
        assert contents(graph)[1:] != contents(first)[1:]
        assert contents(graph) == contents(proj.build_projection(kg))
        assert snapshot.flush(60)
    finally:
        kg.close()


def flip(path: Path, at: float) -> None:
    data = bytearray(path.read_bytes())
    where = int(len(data) * at)
    data[where:where + 8] = bytes(b ^ 0xFF for b in data[where:where + 8])
    path.write_bytes(bytes(data))


def truncate(path: Path, at: float) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:int(len(data) * at)])


@pytest.mark.parametrize("damage", [
    lambda p: flip(p, 0.5), lambda p: flip(p, 0.05), lambda p: flip(p, 0.97),
    lambda p: truncate(p, 0.5), lambda p: truncate(p, 0.999), lambda p: p.write_bytes(b"")],
    ids=["flip-middle", "flip-start", "flip-end", "truncate-half", "truncate-tail", "empty"])
def test_a_damaged_snapshot_is_detected_and_rebuilt(store_dir, damage):
    first = built_and_saved(store_dir)
    path = store_dir / snapshot.FILE
    damage(path)
    kg = EmbeddedStore.open(store_dir)
    try:
        with pytest.raises(SnapshotUnusable):
            snapshot.load(path, snapshot.state(kg)[1])
        builds, _, loads = counts()
        graph = proj.projection(kg, wait=60)
        assert (proj.projection_builds(), proj.projection_loads()) == (builds + 1, loads)
        assert contents(graph)[1:] == contents(first)[1:]
        assert snapshot.flush(60)  # the rebuilt projection replaced the damaged file
        assert contents(snapshot.load(path, snapshot.state(kg)[1]))[1:] == contents(first)[1:]
    finally:
        kg.close()


def test_a_snapshot_of_another_projection_code_is_not_trusted(store_dir):
    built_and_saved(store_dir)
    kg = EmbeddedStore.open(store_dir)
    try:
        key = snapshot.state(kg)[1]
        assert snapshot.load(store_dir / snapshot.FILE, key)
        with pytest.raises(SnapshotUnusable, match="another state"):
            snapshot.load(store_dir / snapshot.FILE, {**key, "code": "an older aikg"})
    finally:
        kg.close()


def test_restarted_app_answers_hub_routes_from_the_snapshot(store_dir):
    settings = Settings(store_path=store_dir, token=TOKEN)
    engine = Engine(settings).start()
    try:
        with TestClient(create_app(engine)) as client:
            assert client.get("/entities/nvidia/neighbours").status_code == 200
        deadline = time.monotonic() + 60
        while not (store_dir / snapshot.FILE).exists() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        engine.close()
    engine = Engine(settings).start()  # a restart over the same store and its snapshot
    try:
        with TestClient(create_app(engine)) as client:
            for route in ("/entities/nvidia", "/entities/nvidia/neighbours"):
                assert client.get(route).status_code == 200, route
            status = engine.call(projection_status)
        assert (status["builds"], status["loads"]) == (0, 1)
        assert status["cached_generation"] == status["generation"]
    finally:
        engine.close()


def test_the_store_stamp_counts_writes_across_restarts(tmp_path):
    kg = EmbeddedStore.open(tmp_path / "store")
    first = kg.stamp()
    kg.update(FACT)
    kg.update(FACT)
    assert kg.stamp() == type(first)(first.store, first.writes + 2)
    kg.close()
    kg = EmbeddedStore.open(tmp_path / "store")
    assert kg.stamp() == type(first)(first.store, first.writes + 2)  # durable, unlike generation
    kg.close()
    (tmp_path / "store" / "aikg-stamp.json").write_text("{not json")
    kg = EmbeddedStore.open(tmp_path / "store")
    assert kg.stamp().store != first.store and kg.stamp().writes == 0  # matches nothing made before
    kg.close()
    assert EmbeddedStore.memory().stamp() is None


def test_a_stopping_worker_writes_the_pending_snapshot_at_once(store_dir, monkeypatch):
    kg = EmbeddedStore.open(store_dir)
    try:
        proj.projection(kg, wait=60)
        assert snapshot.flush(60)
        monkeypatch.setattr(snapshot, "SAVE_INTERVAL", 3600.0)  # the writer now waits an hour
        kg.update(FACT)
        refreshed = proj.projection(kg, wait=60)
        assert not snapshot.flush(0.5)  # scheduled, not written
        snapshot.finish()  # what a stopping worker does before closing its store
        assert snapshot.flush(0)
        loaded = snapshot.load(store_dir / snapshot.FILE, snapshot.state(kg)[1])
        assert contents(loaded)[1:] == contents(refreshed)[1:]
    finally:
        kg.close()


def test_the_journal_file_keeps_the_last_writes_and_stops_at_a_torn_record(tmp_path,
                                                                           monkeypatch):
    from graph.store import journal_file
    from graph.store.journal import Change

    monkeypatch.setattr(journal_file, "KEEP_WRITES", 3)
    quad = ox.Quad(ox.BlankNode("b1"), ox.NamedNode("urn:p"), ox.Literal('a "b"\n'),
                   ox.NamedNode("urn:g"))
    log = journal_file.JournalFile(tmp_path)
    for writes in range(1, 8):
        log.append(writes, Change(added=(quad,)) if writes % 2 else Change(removed=(quad,)))
    assert [writes for writes, _ in log._read()] == [5, 6, 7]  # trimmed past 2 x 3 records
    assert log.since(4, 7) == [Change(added=(quad,)), Change(removed=(quad,)),
                               Change(added=(quad,))]  # blank node labels kept
    assert log.since(2, 7) is None  # forgotten
    log.append(8, None)  # an unknown change
    assert log.since(6, 7) is not None and log.since(6, 8) is None
    with open(log.path, "ab") as out:
        out.write(b'{"writes": 9, "kind": "quads", "added": 0, "bytes": 50')  # torn
    log.append(10, Change())
    assert log.since(9, 10) is None  # whole, but after a torn record: framing is lost
    assert log.since(7, 7) == []
