"""An entity's neighbourhood in the relationship projection, breadth first (depth 1–3).

Edges are followed ``out`` (the entity is the subject), ``in`` or ``both`` ways (symmetric
relations either way), optionally of one predicate, as visible on an ``as_of`` day (the rule of
:mod:`graph.projection.timefilter`). The walk reads the projection's adjacency directly, so a neighbour that
cannot be added any more (past :data:`MAX_NODES`) costs one lookup however many edges lead to
it, and the answers for well-connected entities are remembered beside the projection
(:mod:`graph.projection.memo`), as their JSON (:func:`neighbours_json`, what the REST route
sends).
"""

from __future__ import annotations

import json
from collections import deque
from datetime import date
from typing import Any

import networkx as nx

from graph.errors import InvalidInput
from graph.explore.ids import node_summary, predicate_iri, resolve
from graph.params import check_limit
from graph.explore.relations import CACHED_FROM
from graph.projection.cache import projection
from graph.projection.memo import remembered
from graph.projection.timefilter import edge_visible, parse_as_of
from graph.store.base import KnowledgeStore

MAX_DEPTH = 3
MAX_NODES = 1000
"""Neighbourhoods stop growing past this many nodes (``truncated`` says so)."""
DIRECTIONS = ("in", "out", "both")


def neighbours(kg: KnowledgeStore, id_or_iri: str, *, depth: int = 1,
               predicate: str | None = None, direction: str = "both",
               as_of: str | date | None = None) -> dict[str, Any]:
    """Entities within ``depth`` hops (1–3) of an entity, following edges ``out`` (entity as
    subject), ``in`` or ``both`` ways (symmetric relations count both ways), optionally only
    one predicate, as visible on ``as_of``: breadth-first on the projection's adjacency, edges
    filtered as :func:`graph.projection.timefilter.subgraph_as_of` would (no copy). Past :data:`MAX_NODES`
    nodes, edges to further nodes are left out and ``truncated`` is set; a neighbour left out
    costs one lookup, however many edges lead to it. Answers for well-connected entities are
    remembered beside the projection (:mod:`graph.projection.memo`): treat them as read-only."""
    graph, key = _neighbours_key(kg, id_or_iri, depth, predicate, direction, as_of)
    if graph.degree(key[0]) < CACHED_FROM:
        return _neighbourhood(graph, *key)
    return remembered(graph, ("neighbours", *key), lambda: _neighbourhood(graph, *key))


def neighbours_json(kg: KnowledgeStore, id_or_iri: str, *, depth: int = 1,
                    predicate: str | None = None, direction: str = "both",
                    as_of: str | date | None = None) -> bytes:
    """:func:`neighbours` as compact UTF-8 JSON, serialised where the answer is made (one
    bytes object crosses the engine's pipe instead of thousands of dicts) and, for
    well-connected entities, remembered beside the projection like the answer."""
    graph, key = _neighbours_key(kg, id_or_iri, depth, predicate, direction, as_of)
    if graph.degree(key[0]) < CACHED_FROM:
        return _dumps(_neighbourhood(graph, *key))
    return remembered(graph, ("neighbours-json", *key), lambda: _dumps(
        remembered(graph, ("neighbours", *key), lambda: _neighbourhood(graph, *key))))


def _neighbours_key(kg: KnowledgeStore, id_or_iri: str, depth: int, predicate: str | None,
                    direction: str, as_of: str | date | None) -> tuple[nx.MultiDiGraph, tuple]:
    """The projection and the checked parameters ``(start, depth, predicate IRI or None,
    direction, day or None)`` of a neighbourhood."""
    check_limit(depth, "depth", MAX_DEPTH)
    if direction not in DIRECTIONS:
        raise InvalidInput("direction must be in, out or both", parameter="direction")
    day = parse_as_of(as_of)
    graph = projection(kg)
    start = resolve(graph, id_or_iri)
    wanted = predicate_iri(graph, predicate) if predicate else None
    return graph, (start, depth, wanted, direction, day)


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, allow_nan=False,
                      separators=(",", ":")).encode("utf-8")


def _neighbourhood(graph: nx.MultiDiGraph, start: str, depth: int, wanted: str | None,
                   direction: str, day: date | None) -> dict[str, Any]:
    """:func:`neighbours` once its parameters are checked."""
    distance = {start: 0}
    edges: dict[tuple[str, str, int], dict[str, Any]] = {}
    queue, truncated = deque([start]), False
    while queue:
        node = queue.popleft()
        if distance[node] == depth:
            continue
        for adjacency, outward, every in _sides(graph, node, direction):
            for other, keyed in adjacency.items():
                if other not in distance and len(distance) >= MAX_NODES:
                    truncated = truncated or any(_follows(d, every, wanted, day)
                                                 for d in keyed.values())
                    continue
                followed = [(k, d) for k, d in keyed.items() if _follows(d, every, wanted, day)]
                if not followed:
                    continue
                if other not in distance:
                    distance[other] = distance[node] + 1
                    queue.append(other)
                for k, d in followed:
                    edges[(node, other, k) if outward else (other, node, k)] = d
    nodes = [{**node_summary(graph, n), "distance": d} for n, d in distance.items()]
    nodes.sort(key=lambda n: (n["distance"], n["id"]))
    return {"entity": node_summary(graph, start), "depth": depth, "direction": direction,
            "predicate": wanted, "as_of": day.isoformat() if day else None,
            "nodes": nodes,
            "edges": [_edge_json(graph, u, v, d) for (u, v, _), d in sorted(edges.items())],
            "truncated": truncated}


def _sides(graph: nx.MultiDiGraph, node: str, direction: str):
    """(neighbour → key → edge attributes, whether those edges leave ``node``, whether every
    edge is followed or only symmetric ones) for the out and the in side of ``node``."""
    yield graph._succ[node], True, direction in ("out", "both")
    yield graph._pred[node], False, direction in ("in", "both")


def _follows(data: dict[str, Any], every: bool, wanted: str | None, day: date | None) -> bool:
    """Whether breadth-first search follows an edge: symmetric or on a followed side, of the
    wanted predicate, visible on ``day``."""
    return ((every or data["symmetric"]) and (wanted is None or data["predicate"] == wanted)
            and (day is None or edge_visible(data, day)))


def _edge_json(graph: nx.MultiDiGraph, u: str, v: str, data: dict[str, Any]) -> dict[str, Any]:
    return {"from": graph.nodes[u]["id"], "to": graph.nodes[v]["id"],
            "predicate": data["predicate"], "label": data["label_en"], "status": data["status"],
            "time": data["time"], "time_property": data["time_property"],
            "source": data["source"], "fact": data["fact"], "symmetric": data["symmetric"]}
