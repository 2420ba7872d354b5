"""Key-sharing attribute dicts (graph.projection.records): the projection's node and edge dicts
hold the same items as plain dicts, behave as dicts, and take less memory — after a build and
after a snapshot is read back."""

from __future__ import annotations

import json
import pickle
import sys

import networkx as nx

from graph.projection import snapshot_format
from graph.projection.build import build
from graph.projection.records import compact_graph, record
from graph.store.base import KnowledgeStore

NAMES = ("predicate", "label_en", "label_pt", "kind", "source", "fact", "status", "time",
         "time_type", "time_property", "symmetric")


def plain_size(data: dict) -> int:
    return sys.getsizeof(dict(data.items()))


def test_a_record_is_a_dict_with_the_same_items() -> None:
    values = ["p", "fabricates", "fabrica", "direct", "g", None, "Actual", "2024", None, None,
              False]
    found = record(NAMES, values)
    assert type(found) is dict
    assert found == dict(zip(NAMES, values)) and list(found) == list(NAMES)
    assert json.loads(json.dumps(found)) == dict(zip(NAMES, values))
    assert pickle.loads(pickle.dumps(found)) == found
    companion = record(NAMES, values)  # with one record only, its size counts the key table
    # 160 to 280 bytes against 464 on 3.11 (the values array's size depends on the interpreter's
    # history: 280 when this file runs alone)
    assert sys.getsizeof(found) < plain_size(found) * 0.65
    assert companion == found


def test_records_of_one_list_of_names_stay_apart() -> None:
    first, second = record(NAMES, range(11)), record(NAMES, range(100, 111))
    first["status"] = "Planned"
    first["extra"] = 1  # another key: a plain dict from now on, still right
    assert second == dict(zip(NAMES, range(100, 111)))
    assert first["status"] == "Planned" and first["extra"] == 1 and first["kind"] == 3


def test_compact_graph_keeps_every_item() -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("a", label_en="A", classes=["C"])
    graph.add_node("b", label_en="B", classes=[])
    graph.add_edge("a", "b", key=0, predicate="p", status="Actual")
    graph.add_edge("a", "b", key=1, predicate="q", status="Planned", quantity=3)
    before = ({n: dict(d) for n, d in graph.nodes(data=True)},
              {(u, v, k): dict(d) for u, v, k, d in graph.edges(keys=True, data=True)})
    compact_graph(graph)
    after = ({n: dict(d) for n, d in graph.nodes(data=True)},
             {(u, v, k): dict(d) for u, v, k, d in graph.edges(keys=True, data=True)})
    assert after == before
    assert graph.pred["b"]["a"][1] is graph.succ["a"]["b"][1]  # one dict, seen both ways


def test_the_projection_holds_records_before_and_after_a_snapshot(seeded: KnowledgeStore) -> None:
    graph = build(seeded)
    header, arrays = snapshot_format.encode(graph)
    for G in (graph, snapshot_format.decode(header, arrays)):
        _, _, edge = next(iter(G.edges(data=True)))
        node = next(iter(G.nodes.values()))
        assert sys.getsizeof(edge) < plain_size(edge)
        assert sys.getsizeof(node) < plain_size(node)


def test_records_made_at_once_equal_records_made_one_by_one() -> None:
    from graph.projection.records import records
    rows = [tuple(f"{name}-{i}" for name in NAMES) for i in range(50)]
    made = records(NAMES, rows)
    assert made == [record(NAMES, row) for row in rows]
    assert all(type(d) is dict and list(d) == list(NAMES) for d in made)
    assert sys.getsizeof(made[0]) < plain_size(made[0]) * 0.65  # keys shared as by record()
    made[0]["status"] = "Planned"
    assert made[1]["status"] == "status-1"  # no two records share their values
    assert records((), [(), ()]) == [{}, {}]


def test_names_that_are_not_plain_identifiers_are_never_compiled() -> None:
    """The names come from a snapshot file: anything but a plain identifier takes the slow
    path, whose dict holds the same items (nothing of the name is ever run)."""
    from graph.projection.records import _filler, records
    odd = [("a-b", "c"), ("x=__import__('os')", "y"), ("__class__", "z"), ("class", "d"),
           ("a", "a"), ("x\ny",)]
    for names in odd:
        assert _filler(names) is None
        values = tuple(range(len(names)))
        assert records(names, [values]) == [record(names, values)]


def test_only_node_ids_are_shared_and_the_values_stay_the_same() -> None:
    from graph.projection.snapshot_format import SAMPLE, _shared
    nodes = [f"https://w3id.org/aikg/id/n{i}" for i in range(SAMPLE * 3)]
    own = dict(zip(nodes, nodes))
    copies = [n.encode().decode() for n in nodes]  # equal strings, other objects
    assert all(a is b for a, b in zip(_shared(copies, own), nodes))  # the nodes' own ids
    mixed = ["a label"] * 5 + copies[:10]
    found = _shared(mixed, own)
    assert found == mixed and found[5] is nodes[0]
    labels = [f"label {i}" for i in range(SAMPLE)] + [copies[0]]
    assert _shared(labels, own) == labels  # no node id among the first: taken as it is
