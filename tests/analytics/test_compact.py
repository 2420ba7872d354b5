"""Compact analytics: degree and PageRank from CSR arrays equal networkx's on small known
graphs, and the whole-graph communities follow a schedule, each answer saying which store
generation they were computed on."""

from __future__ import annotations

import time

import networkx as nx
import pyoxigraph as ox
import pytest

from graph.analytics import community_schedule
from graph.analytics import network as analytics
from graph.analytics.compact import Compact, degree, pagerank, simple_graph
from graph.projection import cache as proj
from graph.projection.build import relationship_view
from graph.vocab import PREFIXES
from tests.analytics.test_analytics import kite_store


def known() -> nx.MultiDiGraph:
    """a → b twice, b → c, c → a, a → c, d → c, a loop on d, and e alone."""
    return nx.MultiDiGraph([("a", "b"), ("a", "b"), ("b", "c"), ("c", "a"), ("a", "c"),
                            ("d", "c"), ("d", "d"), ("e", "e")])


def test_arrays_are_the_simple_graphs():
    C = Compact.of(known())
    assert C.nodes == ["a", "b", "c", "d", "e"]
    assert C.out.toarray().tolist() == [[0, 1, 1, 0, 0], [0, 0, 1, 0, 0], [1, 0, 0, 0, 0],
                                        [0, 0, 1, 0, 0], [0, 0, 0, 0, 0]]
    assert C.both.toarray().tolist() == [[0, 1, 1, 0, 0], [1, 0, 1, 0, 0], [1, 1, 0, 1, 0],
                                         [0, 0, 1, 0, 0], [0, 0, 0, 0, 0]]


def test_degree_equals_networkx_exactly():
    G = known()
    assert degree(Compact.of(G)) == {"a": 0.5, "b": 0.5, "c": 0.75, "d": 0.25, "e": 0.0}
    assert degree(Compact.of(G)) == nx.degree_centrality(analytics.undirected(G))
    karate = nx.karate_club_graph()
    assert degree(Compact.of(karate)) == nx.degree_centrality(karate)


def test_pagerank_equals_networkx():
    G = known()
    fast = pagerank(Compact.of(G))
    plain = nx.pagerank(analytics.directed(G), alpha=0.85)
    assert fast.keys() == plain.keys()
    assert fast == pytest.approx(plain, abs=1e-12)
    assert sum(fast.values()) == pytest.approx(1.0)
    assert max(fast, key=fast.get) == "c"  # pointed at by a, b and d
    assert fast["e"] == pytest.approx(fast["d"])  # both dangling, nothing points at them
    karate = nx.karate_club_graph()
    assert pagerank(Compact.of(karate)) == pytest.approx(nx.pagerank(karate, weight=None),
                                                         abs=1e-12)  # unweighted


def test_empty_and_single_node_graphs():
    assert pagerank(Compact.of(nx.MultiDiGraph())) == {} == degree(Compact.of(nx.Graph()))
    assert degree(Compact.of(nx.Graph([("a", "a")]))) == {"a": 0.0}


def write(kg, s: str, p: str, o: str) -> None:
    kg.extend([ox.Quad(ox.NamedNode(PREFIXES["id"] + s), ox.NamedNode(PREFIXES["aikg"] + p),
                       ox.NamedNode(PREFIXES["id"] + o), ox.NamedNode(PREFIXES["g"] + "t"))])


def members(answer) -> list[list[str]]:
    return [[m["id"] for m in c["members"]] for c in answer]


def test_communities_carry_their_generation_and_wait_for_the_schedule(monkeypatch):
    kg = kite_store()
    runs = community_schedule.runs()
    first = analytics.communities(kg)
    assert {c["computed_at_generation"] for c in first} == {kg.generation}
    assert community_schedule.runs() == runs + 1
    monkeypatch.setattr(community_schedule, "COMMUNITY_INTERVAL", 3600.0)
    write(kg, "kite-ceo", "employedBy", "kite-hub")  # within the interval: no new run
    proj.projection(kg, wait=30)
    later = analytics.communities(kg)
    assert later == first and kg.generation == first[0]["computed_at_generation"] + 1
    assert community_schedule.runs() == runs + 1
    as_of = analytics.communities(kg, as_of="2100-01-01")  # on demand, for this generation
    assert {c["computed_at_generation"] for c in as_of} == {kg.generation}


def test_communities_are_recomputed_once_the_interval_is_over(monkeypatch):
    monkeypatch.setattr(community_schedule, "COMMUNITY_INTERVAL", 0.0)
    kg = kite_store()
    before = analytics.communities(kg)
    assert members(before) == [["kite-ceo", "kite-chip", "kite-lab"],
                               ["kite-hub", "kite-rival-a", "kite-rival-b"]]
    for rival in ("kite-rival-a", "kite-rival-b"):
        write(kg, "kite-ceo", "competesWith", rival)
        write(kg, "kite-lab", "competesWith", rival)
    proj.projection(kg, wait=30)  # its refresh starts the run that is due
    deadline = time.monotonic() + 30
    while (after := analytics.communities(kg))[0]["computed_at_generation"] != kg.generation:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert members(after) != members(before)
    expected = nx.community.louvain_communities(
        analytics.undirected(relationship_view(proj.projection(kg))), seed=analytics.SEED)
    assert sorted(map(sorted, expected)) == sorted(
        sorted(PREFIXES["id"] + m for m in c) for c in members(after))


def test_leaving_nodes_out_equals_a_view_without_them():
    G = known()
    view = nx.subgraph_view(G, filter_node=lambda n: n != "c")
    direct, viewed = Compact.of(G, leave_out={"c"}), Compact.of(view)
    assert direct.nodes == viewed.nodes == ["a", "b", "d", "e"]
    assert (direct.out != viewed.out).nnz == 0 and (direct.both != viewed.both).nnz == 0
    assert pagerank(direct) == pagerank(viewed)


def test_whole_graph_arrays_leave_articles_out(seeded):
    base = proj.projection(seeded)
    arrays = analytics.arrays_of(base, None, relationship_view(base))
    plain = Compact.of(relationship_view(base))
    assert arrays.nodes == plain.nodes and len(arrays) < len(base)
    assert (arrays.out != plain.out).nnz == 0 and (arrays.both != plain.both).nnz == 0


def test_a_restart_with_no_write_reads_the_communities_kept_beside_the_store(
        tmp_path, seeded_store_dir):
    import shutil

    from graph.analytics import community_file
    from graph.store.embedded import EmbeddedStore

    path = tmp_path / "store"
    shutil.copytree(seeded_store_dir, path)

    def communities_after_restart(*updates: str):
        kg = EmbeddedStore.open(path)
        try:
            for update in updates:
                kg.update(update)
            runs = community_schedule.runs()
            answer = analytics.communities(kg)
            assert {c["computed_at_generation"] for c in answer} == {kg.generation}
            return answer, community_schedule.runs() - runs
        finally:
            kg.close()

    first, ran = communities_after_restart()
    assert ran == 1 and (path / community_file.FILE).exists()
    again, ran = communities_after_restart()
    assert (again, ran) == (first, 0)  # read, not run
    update = ("INSERT DATA { GRAPH <https://w3id.org/aikg/graph/t> { "
              "<https://w3id.org/aikg/id/xai> <https://w3id.org/aikg/ont#competesWith> "
              "<https://w3id.org/aikg/id/oracle> } }")
    _, ran = communities_after_restart(update)
    assert ran == 1  # another state of the store: run again
    kept = path / community_file.FILE
    kept.write_text(kept.read_text().replace("xai", "xa1"))
    _, ran = communities_after_restart()
    assert ran == 1  # damaged (its CRC differs): run again


@pytest.mark.parametrize("G", [known(), nx.karate_club_graph(), nx.grid_2d_graph(3, 4),
                               nx.MultiDiGraph()], ids=["known", "karate", "grid", "empty"])
def test_the_simple_graph_from_arrays_is_undirected_in_the_same_order(G):
    H, U = simple_graph(Compact.of(G)), analytics.undirected(G)
    assert list(H.nodes) == list(U.nodes) and list(H.edges) == list(U.edges)
    assert analytics.louvain(G) == sorted(
        (sorted(c) for c in nx.community.louvain_communities(U, seed=analytics.SEED)),
        key=lambda c: (-len(c), c[0]))


def test_communities_read_from_disk_come_ranked(tmp_path, seeded_store_dir, monkeypatch):
    """After a restart the kept communities come with the projection, already ranked for it
    (ranking 634k members took seconds of a 10M restart): no Louvain run, no ranking."""
    import shutil

    from graph.analytics import communities as module
    from graph.store.embedded import EmbeddedStore

    path = tmp_path / "store"
    shutil.copytree(seeded_store_dir, path)
    kg = EmbeddedStore.open(path)
    try:
        first = analytics.communities(kg)  # runs Louvain once and keeps it beside the store
        members = analytics.community_members(kg, 1)
    finally:
        kg.close()
    kg = EmbeddedStore.open(path)
    runs = community_schedule.runs()
    monkeypatch.setattr(module, "_rank", lambda *a: pytest.fail("ranked again"))
    try:
        proj.projection(kg, wait=30)  # its listener reads the kept communities
        assert analytics.communities(kg) == first
        assert analytics.community_members(kg, 1) == members
        assert community_schedule.runs() == runs
    finally:
        kg.close()


def test_a_caller_during_the_read_of_the_kept_communities_waits_for_it(
        tmp_path, seeded_store_dir, monkeypatch):
    """Asked for while the kept communities are being read (a second at 10M, as the listener of
    a restart's first projection reads them), a caller waits for that read: it started a
    Louvain run of minutes beside it before (seen in a profile of a 10M restart under 27
    clients: a communities route asked while the listener read the file)."""
    import shutil
    import threading
    import time

    from graph.analytics import community_file
    from graph.store.embedded import EmbeddedStore

    path = tmp_path / "store"
    shutil.copytree(seeded_store_dir, path)
    kg = EmbeddedStore.open(path)
    try:
        first = analytics.communities(kg)  # runs Louvain once and keeps it beside the store
    finally:
        kg.close()
    load, reading = community_file.load, threading.Event()

    def slow_load(kg, base):
        reading.set()
        time.sleep(0.5)
        return load(kg, base)

    kg = EmbeddedStore.open(path)
    try:
        base = proj.projection(kg, wait=30)  # its listener read the kept file: forget that
        schedule = community_schedule._schedule(kg)
        schedule.result, schedule.looked = None, False
        monkeypatch.setattr(community_file, "load", slow_load)
        runs = community_schedule.runs()
        reader = threading.Thread(target=community_schedule._kept, args=(kg, schedule, base))
        reader.start()
        assert reading.wait(10)
        assert analytics.communities(kg) == first  # waited for the read, ran nothing
        reader.join()
        assert community_schedule.runs() == runs
    finally:
        kg.close()


def test_a_kept_file_of_unranked_communities_is_not_read(tmp_path, seeded_store_dir):
    """A file an older version wrote (its communities not ranked) does not match the key."""
    import json
    import shutil

    from graph.analytics import community_file
    from graph.store.embedded import EmbeddedStore

    path = tmp_path / "store"
    shutil.copytree(seeded_store_dir, path)
    kg = EmbeddedStore.open(path)
    try:
        analytics.communities(kg)
        file = path / community_file.FILE
        header, body = file.read_bytes().split(b"\n", 1)
        meta = json.loads(header)
        del meta["key"]["ranked"]
        file.write_bytes(json.dumps(meta).encode() + b"\n" + body)
        base = proj.projection(kg, wait=30)
        assert community_file.load(kg, base) is None
    finally:
        kg.close()
