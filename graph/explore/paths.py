"""Explained paths between two entities over the projection, ignoring edge direction.

:func:`find_paths` walks the projection undirected (:mod:`graph.explore.path_search`: parallel
and opposite edges between two entities make one link, visible on a date when any of its edges
is), so every path is a distinct sequence of entities. The shortest path comes from a
breadth-first search; the other simple paths from a depth-first walk per length, pruned by the
distance to the target, so shorter paths always come first (the shortest path itself first of
all, so ``paths[0]`` is ``shortest`` whatever ``limit`` is) and enumeration stops after
``limit`` paths. The search reads at most :data:`~graph.explore.path_search.PATH_WORK`
neighbours; past that it answers with what it found and ``complete: false``.

Each step reports the relation that links the two entities (when several do, the most certain
status first, then the forward one), its direction relative to the stored edge (``forward``,
``backward`` or ``symmetric``), status, time and source, and how many other relations link
the same two entities. :func:`explain` turns a path into one English line:
``Larry Ellison —met→ Jensen Huang (dinner, claimed, before 2024-09)``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import networkx as nx

from graph.errors import InvalidInput
from graph.explore.entities import node_summary, resolve_entity
from graph.explore.path_search import (
    OutOfWork, Work, is_relation_node, paths_by_length, shortest_path)
from graph.params import check_limit
from graph.projection.cache import projection
from graph.projection.timefilter import edge_visible, parse_as_of
from graph.store.base import KnowledgeStore

MAX_HOPS = 6
MAX_LIMIT = 100
STATUS_RANK = {s: i for i, s in enumerate(
    ("Actual", "Reported", "Derived", "Planned", "Implied", "Claimed", "Editorial"))}
TIME_WORDS = {"asOf": "as of", "announcedOn": "announced", "notAfter": "before"}

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
    answer = {"from": node_summary(graph, source), "to": node_summary(graph, target),
              "max_hops": max_hops, "limit": limit, "as_of": day.isoformat() if day else None,
              "shortest": None, "paths": [], "complete": True}
    work = Work()
    try:
        shortest = shortest_path(graph, source, target, day, work) if is_relation_node(
            graph, source) and is_relation_node(graph, target) else None
    except OutOfWork:
        answer["complete"] = False
        answer["message"] = f"no path between {_id(graph, source)} and " \
                            f"{_id(graph, target)} found within the search's work limit"
        return answer
    if shortest is None:
        answer["message"] = f"no path between {_id(graph, source)} and " \
                            f"{_id(graph, target)}" + (f" as of {day}" if day else "")
        return answer
    answer["shortest"] = _path(graph, shortest, day)
    # the shortest path first, whatever the limit (paths[0] is always answer["shortest"])
    found, answer["complete"] = paths_by_length(
        graph, shortest, max_hops, limit, day, work,
        order=lambda p: [graph.nodes[n]["id"] for n in p])
    answer["paths"] = [_path(graph, p, day) for p in found]
    answer["message"] = f"{len(found)} path(s) of at most {max_hops} hops" if found else \
        f"the shortest path has {len(shortest) - 1} hops, more than max_hops={max_hops}"
    if not answer["complete"]:
        answer["message"] += " (the search stopped at its work limit: there may be more)"
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
