"""Entities: listing, one entity's card with every relation, and its neighbourhood.

Everything here reads the cached projection (:mod:`graph.projection`), so a request never
rebuilds it; the only SPARQL run per request is the bound ``entity_attributes`` query (the
entity's literal-valued properties), with the IRI passed as a substitution, never pasted.

Identifiers from outside are validated first (:func:`resolve`): a slug must match
:data:`SLUG` and an IRI must pass :func:`graph.iris.checked_iri`; anything else is
``InvalidInput`` (400), and a well-formed id that is not a projection node is
``EntityNotFound`` (404).
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx
import pyoxigraph as ox

from graph import queries
from graph.errors import EntityNotFound, InvalidInput
from graph.iris import checked_iri
from graph.projection import ID_NS, PROJ, ident, local_name, projection
from graph.search import label_index, normalise
from graph.store import KnowledgeStore
from graph.timefilter import parse_as_of, subgraph_as_of
from graph.vocab import PREFIXES

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,100}$")
MAX_LIMIT = 1000
MAX_DEPTH = 3
MAX_NODES = 1000
"""Neighbourhoods stop growing past this many nodes (``truncated`` says so)."""
DIRECTIONS = ("in", "out", "both")


@dataclass
class Relation:
    """One edge seen from an entity: ``direction`` is ``out`` (the entity is the subject),
    ``in`` (the object) or ``symmetric``."""

    predicate: str
    label: str
    label_pt: str
    direction: str
    other: str
    other_label: str
    status: str
    time: str | None
    time_type: str | None
    time_property: str | None
    source: str
    fact: str | None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class EntityDetail:
    """An entity's card."""

    iri: str
    id: str
    labels: dict[str, str]
    aliases: list[str]
    classes: list[str]
    wikidata: str | None
    wikidata_url: str | None
    attributes: list[dict[str, str | None]]
    outgoing: list[Relation]
    incoming: list[Relation]
    as_of: str | None = None


def resolve(graph: nx.MultiDiGraph, value: str) -> str:
    """The node IRI named by a slug (``nvidia``) or a full IRI; see the module docstring."""
    if not isinstance(value, str) or not value:
        raise InvalidInput("an entity id must be a slug such as 'nvidia' or an absolute IRI")
    if SLUG.match(value):
        iri = ID_NS + value
    elif ":" in value:
        iri = checked_iri(value)
    else:
        raise InvalidInput(f"not an entity id: {value[:80]!r} (use a slug of lowercase letters, "
                           "digits and '-', or an absolute IRI)")
    if iri not in graph:
        raise EntityNotFound(f"no entity {ident(iri)!r}")
    return iri


def node_summary(graph: nx.MultiDiGraph, iri: str) -> dict[str, Any]:
    """The short form of a node used in lists."""
    data = graph.nodes[iri]
    return {"id": data["id"], "iri": iri, "label": data["label_en"], "label_pt": data["label_pt"],
            "classes": data["classes"], "wikidata": data["wikidata"]}


def check_limit(value: int, name: str, maximum: int, minimum: int = 1) -> int:
    """``value`` if ``minimum <= value <= maximum``, else ``InvalidInput``."""
    if not isinstance(value, int) or not minimum <= value <= maximum:
        raise InvalidInput(f"{name} must be between {minimum} and {maximum}", parameter=name)
    return value


def class_iri(graph: nx.MultiDiGraph, value: str) -> str:
    """An ontology class named by IRI, ``aikg:Local`` or local name, else ``InvalidInput``."""
    supers = graph.graph["superclasses"]
    for candidate in (value, PREFIXES["aikg"] + value.removeprefix("aikg:")):
        if candidate in supers:
            return candidate
    raise InvalidInput(f"unknown class {value[:80]!r}; use an aikg class such as 'Company'",
                       parameter="type")


def list_entities(kg: KnowledgeStore, *, type: str | None = None, q: str | None = None,
                  limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Entities sorted by id, optionally of a class (subclasses included) and whose label or
    alias contains ``q`` (case-, accent- and punctuation-insensitive)."""
    check_limit(limit, "limit", MAX_LIMIT)
    check_limit(offset, "offset", 10**9, 0)
    graph = projection(kg)
    wanted = class_iri(graph, type) if type else None
    needle = normalise(q or "").replace(" ", "")
    named = {n.iri for n in label_index(graph) if needle in n.compact} if needle else None
    supers = graph.graph["superclasses"]
    items = [iri for iri, data in graph.nodes(data=True)
             if (named is None or iri in named)
             and (not wanted or any(wanted in supers.get(c, {c}) for c in data["classes"]))]
    items.sort(key=lambda iri: graph.nodes[iri]["id"])
    page = [node_summary(graph, iri) for iri in items[offset:offset + limit]]
    return {"total": len(items), "limit": limit, "offset": offset, "items": page}


def relation(graph: nx.MultiDiGraph, data: dict[str, Any], other: str,
             direction: str) -> Relation:
    """An edge's attributes as a :class:`Relation` towards ``other``."""
    details = {k: v for k, v in data.items() if k not in _EDGE_CORE and v is not None}
    return Relation(
        predicate=data["predicate"], label=data["label_en"], label_pt=data["label_pt"],
        direction="symmetric" if data["symmetric"] else direction, other=graph.nodes[other]["id"],
        other_label=graph.nodes[other]["label_en"], status=data["status"], time=data["time"],
        time_type=data["time_type"], time_property=data["time_property"],
        source=data["source"], fact=data["fact"], details=details)


_EDGE_CORE = frozenset({"predicate", "label_en", "label_pt", "status", "time", "time_type",
                        "time_property", "source", "fact", "symmetric"})


def entity_detail(kg: KnowledgeStore, id_or_iri: str, *,
                  as_of: str | date | None = None) -> EntityDetail:
    """Labels, aliases, classes, Wikidata link, literal attributes and every relation of an
    entity, outgoing and incoming, as visible on ``as_of``."""
    day = parse_as_of(as_of)
    graph = projection(kg)
    iri = resolve(graph, id_or_iri)
    view = subgraph_as_of(graph, day)
    data = graph.nodes[iri]
    outgoing = [relation(graph, d, v, "out") for _, v, d in view.out_edges(iri, data=True)]
    incoming = [relation(graph, d, u, "in") for u, _, d in view.in_edges(iri, data=True)]
    order = lambda r: (r.label, r.other, r.time or "", r.fact or "")  # noqa: E731
    qid = data["wikidata"]
    return EntityDetail(
        iri=iri, id=data["id"], labels={"en": data["label_en"], "pt": data["label_pt"]},
        aliases=list(data["aliases"]), classes=list(data["classes"]), wikidata=qid,
        wikidata_url=f"https://www.wikidata.org/wiki/{qid}" if qid else None,
        attributes=_attributes(kg, iri), outgoing=sorted(outgoing, key=order),
        incoming=sorted(incoming, key=order), as_of=day.isoformat() if day else None)


def _attributes(kg: KnowledgeStore, iri: str) -> list[dict[str, str | None]]:
    rows = queries.select(kg, "entity_attributes", entity=ox.NamedNode(iri))
    return [{"property": r["property"].value, "name": local_name(r["property"].value),
             "value": r["value"].value, "language": r["value"].language,
             "source": r["g"].value} for r in rows]


def predicate_iri(graph: nx.MultiDiGraph, value: str) -> str:
    """An object property of the ontology (or a projection predicate) named by IRI,
    ``aikg:local`` or local name, else ``InvalidInput``."""
    props = graph.graph["properties"]
    for candidate in (value, PREFIXES["aikg"] + value.removeprefix("aikg:"), PROJ + value):
        if candidate in props:
            return candidate
    raise InvalidInput(f"unknown predicate {value[:80]!r}; use an object property of the "
                       "ontology such as 'manufactures'", parameter="predicate")


def neighbours(kg: KnowledgeStore, id_or_iri: str, *, depth: int = 1,
               predicate: str | None = None, direction: str = "both",
               as_of: str | date | None = None) -> dict[str, Any]:
    """Entities within ``depth`` hops (1–3) of an entity, following edges ``out`` (entity as
    subject), ``in`` or ``both`` ways (symmetric relations count both ways), optionally only
    one predicate, as visible on ``as_of``: breadth-first on an as-of view of the projection
    (no copy)."""
    check_limit(depth, "depth", MAX_DEPTH)
    if direction not in DIRECTIONS:
        raise InvalidInput("direction must be in, out or both", parameter="direction")
    day = parse_as_of(as_of)
    graph = projection(kg)
    start = resolve(graph, id_or_iri)
    wanted = predicate_iri(graph, predicate) if predicate else None
    view = subgraph_as_of(graph, day)
    distance = {start: 0}
    edges: dict[tuple[str, str, int], dict[str, Any]] = {}
    queue, truncated = deque([start]), False
    while queue:
        node = queue.popleft()
        if distance[node] == depth:
            continue
        for u, v, k, data in _incident(view, node, direction):
            if wanted and data["predicate"] != wanted:
                continue
            other = v if u == node else u
            if other not in distance:
                if len(distance) >= MAX_NODES:
                    truncated = True
                    continue
                distance[other] = distance[node] + 1
                queue.append(other)
            edges[(u, v, k)] = data
    nodes = [{**node_summary(graph, n), "distance": d} for n, d in distance.items()]
    nodes.sort(key=lambda n: (n["distance"], n["id"]))
    return {"entity": node_summary(graph, start), "depth": depth, "direction": direction,
            "predicate": wanted, "as_of": day.isoformat() if day else None,
            "nodes": nodes,
            "edges": [_edge_json(graph, u, v, d) for (u, v, _), d in sorted(edges.items())],
            "truncated": truncated}


def _incident(graph: nx.MultiDiGraph, node: str, direction: str):
    if direction in ("out", "both"):
        yield from graph.out_edges(node, keys=True, data=True)
    else:
        yield from ((u, v, k, d) for u, v, k, d in graph.out_edges(node, keys=True, data=True)
                    if d["symmetric"])
    if direction in ("in", "both"):
        yield from graph.in_edges(node, keys=True, data=True)
    else:
        yield from ((u, v, k, d) for u, v, k, d in graph.in_edges(node, keys=True, data=True)
                    if d["symmetric"])


def _edge_json(graph: nx.MultiDiGraph, u: str, v: str, data: dict[str, Any]) -> dict[str, Any]:
    return {"from": graph.nodes[u]["id"], "to": graph.nodes[v]["id"],
            "predicate": data["predicate"], "label": data["label_en"], "status": data["status"],
            "time": data["time"], "time_property": data["time_property"],
            "source": data["source"], "fact": data["fact"], "symmetric": data["symmetric"]}
