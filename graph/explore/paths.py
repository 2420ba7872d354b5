"""Explained paths between two entities over the projection, ignoring edge direction.

:func:`find_paths` works on a simple undirected graph derived once per projection (parallel
and opposite edges between two entities merged into one link that is visible on a date when any
of its edges is), so every path is a distinct sequence of entities. The shortest path comes from
a breadth-first search; the other simple paths from ``nx.all_simple_paths`` with a growing
cutoff, so shorter paths always come first (the shortest path itself first of all, so
``paths[0]`` is ``shortest`` whatever ``limit`` is) and enumeration stops after ``limit`` paths.

Each step reports the relation that links the two entities (when several do, the most certain
status first, then the forward one), its direction relative to the stored edge (``forward``,
``backward`` or ``symmetric``), status, time and source, and how many other relations link
the same two entities. :func:`explain` turns a path into one English line:
``Larry Ellison —met→ Jensen Huang (dinner, claimed, before 2024-09)``.
"""

from __future__ import annotations

import re
import threading
import weakref
from datetime import date
from typing import Any

import networkx as nx

from graph.errors import InvalidInput
from graph.explore.entities import node_summary, resolve_entity
from graph.params import check_limit
from graph.projection.build import relationship_view
from graph.projection.cache import projection
from graph.projection.timefilter import UNBOUNDED_START, edge_visible, parse_as_of, time_start
from graph.store.base import KnowledgeStore

MAX_HOPS = 6
MAX_LIMIT = 100
STATUS_RANK = {s: i for i, s in enumerate(
    ("Actual", "Reported", "Derived", "Planned", "Implied", "Claimed", "Editorial"))}
TIME_WORDS = {"asOf": "as of", "announcedOn": "announced", "notAfter": "before"}

_simple: dict[int, tuple[weakref.ref, nx.Graph]] = {}
_lock = threading.Lock()


def simple_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph of a projection; each link's ``start`` is the earliest day
    one of its edges becomes visible (``None``: always visible). Cached per projection."""
    with _lock:
        entry = _simple.get(id(graph))
        if entry and entry[0]() is graph:
            return entry[1]
        simple = nx.Graph()
        relations = relationship_view(graph)  # no path runs through an article
        simple.add_nodes_from(relations)
        for u, v, data in relations.edges(data=True):
            start = None if data.get("time_property") in UNBOUNDED_START else \
                time_start(data.get("time"), data.get("time_type"))
            if simple.has_edge(u, v):
                old = simple[u][v]["start"]
                start = None if old is None or start is None else min(old, start)
            simple.add_edge(u, v, start=start)
        for key in [k for k, e in _simple.items() if e[0]() is None]:
            del _simple[key]
        _simple[id(graph)] = (weakref.ref(graph), simple)
        return simple


def find_paths(kg: KnowledgeStore, from_id: str, to_id: str, *, max_hops: int = 4,
               limit: int = 10, as_of: str | date | None = None) -> dict[str, Any]:
    """The shortest path and up to ``limit`` simple paths of at most ``max_hops`` hops between
    two entities, as visible on ``as_of``, each with its steps and an English explanation.
    Entities are named by slug, IRI, or label or alias
    (:func:`graph.explore.names.resolve_entity`).

    Raises:
        InvalidInput: ``max_hops`` outside 1–6, ``limit`` outside 1–100, a malformed id, or the
            same entity twice.
        EntityNotFound: either entity is unknown.
        Ambiguous: a name that fits several entities, or none exactly (``field`` is ``from``
            or ``to``).
    """
    check_limit(max_hops, "max_hops", MAX_HOPS)
    check_limit(limit, "limit", MAX_LIMIT)
    day = parse_as_of(as_of)
    graph = projection(kg)
    source = resolve_entity(graph, from_id, field="from")
    target = resolve_entity(graph, to_id, field="to")
    if source == target:
        raise InvalidInput("from and to name the same entity")
    simple = simple_graph(graph)
    view = simple if day is None else nx.subgraph_view(
        simple, filter_edge=lambda u, v: simple[u][v]["start"] is None
        or simple[u][v]["start"] <= day)
    answer = {"from": node_summary(graph, source), "to": node_summary(graph, target),
              "max_hops": max_hops, "limit": limit, "as_of": day.isoformat() if day else None,
              "shortest": None, "paths": []}
    try:
        shortest = nx.shortest_path(view, source, target)
    except (nx.NetworkXNoPath, nx.NodeNotFound):  # NodeNotFound: an article is no endpoint
        answer["message"] = f"no path between {_id(graph, source)} and " \
                            f"{_id(graph, target)}" + (f" as of {day}" if day else "")
        return answer
    answer["shortest"] = _path(graph, shortest, day)
    # the shortest path first, whatever the limit (paths[0] is always answer["shortest"])
    found: list[list[str]] = [shortest] if len(shortest) - 1 <= max_hops else []
    for hops in range(len(shortest) - 1, max_hops + 1):
        if len(found) >= limit:
            break
        level = []
        for path in nx.all_simple_paths(view, source, target, cutoff=hops):
            if len(path) - 1 == hops and path != shortest:
                level.append(path)
                if len(found) + len(level) == limit:
                    break
        found += sorted(level, key=lambda p: [graph.nodes[n]["id"] for n in p])
        if len(found) >= limit:
            break
    answer["paths"] = [_path(graph, p, day) for p in found]
    answer["message"] = f"{len(found)} path(s) of at most {max_hops} hops" if found else \
        f"the shortest path has {len(shortest) - 1} hops, more than max_hops={max_hops}"
    return answer


def _id(graph: nx.MultiDiGraph, iri: str) -> str:
    return graph.nodes[iri]["id"]


def _path(graph: nx.MultiDiGraph, nodes: list[str], day: date | None) -> dict[str, Any]:
    steps = [_step(graph, a, b, day) for a, b in zip(nodes, nodes[1:])]
    return {"hops": len(steps), "nodes": [graph.nodes[n]["id"] for n in nodes],
            "steps": steps, "explanation": explain(steps)}


def _step(graph: nx.MultiDiGraph, a: str, b: str, day: date | None) -> dict[str, Any]:
    candidates = [(d, "forward") for d in graph.succ[a].get(b, {}).values()]
    candidates += [(d, "backward") for d in graph.succ[b].get(a, {}).values()]
    candidates = [(d, w) for d, w in candidates if edge_visible(d, day)]
    candidates.sort(key=lambda c: (STATUS_RANK.get(c[0]["status"], 99), c[1] != "forward",
                                   c[0]["label_en"], c[0]["fact"] or ""))
    data, way = candidates[0]
    extra = {k: data[k] for k in ("quantity", "round_label", "quantity_text", "min_quantity",
                                  "fact_label") if data.get(k) is not None}
    return {"from": graph.nodes[a]["id"], "from_label": graph.nodes[a]["label_en"],
            "to": graph.nodes[b]["id"], "to_label": graph.nodes[b]["label_en"],
            "predicate": data["predicate"], "label": data["label_en"],
            "direction": "symmetric" if data["symmetric"] else way,
            "status": data["status"], "time": data["time"],
            "time_property": data["time_property"], "source": data["source"],
            "fact": data["fact"], **extra, "other_relations": len(candidates) - 1}


def short_label(text: str) -> str:
    """The head of a fact label: ``dinner of Larry Ellison, …`` → ``dinner``."""
    return re.split(r" of |, |: ", text, maxsplit=1)[0]


def details(step: dict[str, Any]) -> list[str]:
    """The words in brackets after a step: context, status, time."""
    parts = []
    if step.get("quantity") is not None:
        parts.append(f"{step['quantity']:,} chips")
    elif step.get("quantity_text"):
        parts.append(step["quantity_text"])
    elif step.get("round_label"):
        parts.append(step["round_label"])
    elif step.get("fact_label"):
        parts.append(short_label(step["fact_label"]))
    parts.append(step["status"].lower())
    if step.get("time"):
        parts.append(f"{TIME_WORDS.get(step['time_property'], 'at')} {step['time']}")
    return parts


def explain(steps: list[dict[str, Any]]) -> str:
    """One English line for a path: ``A —label→ B (…) ←label— C (…)``."""
    if not steps:
        return ""
    text = steps[0]["from_label"]
    for step in steps:
        arrow = f" ←{step['label']}— " if step["direction"] == "backward" else \
            f" —{step['label']}→ "
        text += f"{arrow}{step['to_label']} ({', '.join(details(step))})"
    return text
