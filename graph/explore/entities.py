"""Entities: listing, and one entity's card with a page of its relations.

Everything here reads the cached projection (:mod:`graph.projection.cache`), so a request never
rebuilds it. Until its first build is done (minutes on a large store) an entity's card is
answered from the projection around that entity alone (:mod:`graph.projection.local`: the same
edges with the same attributes, so the same answer), unless the entity is a hub, which waits for
the full projection as every other call does. The only other SPARQL run per request is the bound
``entity_attributes`` query (the entity's literal-valued properties, remembered per store
generation for well-connected entities), with the IRI passed as a substitution, never pasted. An
entity's relations come in pages (:mod:`graph.explore.relations`: ``limit`` per direction from
``offset``, with exact totals per direction and per predicate).

Identifiers are checked by :func:`graph.explore.ids.resolve` (400 / 404), and by
:func:`graph.explore.names.resolve_entity` where a person may type a name instead (``Larry
Ellison``; 300 when the name fits several entities); the neighbourhood is
:func:`graph.explore.neighbourhood.neighbours`. All three are re-exported here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx
import pyoxigraph as ox

from graph.errors import EntityNotFound
from graph.explore.ids import (
    MAX_LIMIT,
    SLUG,
    class_iri,
    node_summary,
    predicate_iri,
    resolve,
)
from graph.explore.names import resolve_entity
from graph.explore.neighbourhood import (
    DIRECTIONS,
    MAX_DEPTH,
    MAX_NODES,
    neighbours,
    neighbours_json,
)
from graph.explore.relations import CACHED_FROM, Relation, relation, relation_page
from graph.explore.search import label_index, normalise
from graph.iris import checked_iri
from graph.params import MAX_OFFSET, check_limit
from graph.projection.cache import BUILD_WAIT, ID_NS, local_name, projection, ready_projection
from graph.projection.local import neighbourhood_projection
from graph.projection.memo import remembered
from graph.projection.timefilter import parse_as_of
from graph.store import queries
from graph.store.base import KnowledgeStore
from graph.store.memo import per_generation

__all__ = ["DIRECTIONS", "MAX_DEPTH", "MAX_LIMIT", "MAX_NODES", "RELATIONS_LIMIT", "SLUG",
           "EntityDetail", "Relation", "class_iri", "entity_detail",
           "list_entities", "neighbours", "neighbours_json", "node_summary", "predicate_iri",
           "resolve", "resolve_entity"]

RELATIONS_LIMIT = 100
"""Relations per direction on one page of :func:`entity_detail` unless asked otherwise."""
REFRESH_WAIT = 1.0
"""Seconds :func:`entity_detail` waits for the projection to catch up with a write (usually an
incremental refresh of milliseconds) before answering from the entity's own neighbourhood."""


@dataclass
class EntityDetail:
    """An entity's card with one page of its relations: ``outgoing`` and ``incoming`` hold at
    most ``limit`` relations each, from ``offset``; ``totals`` counts every relation per
    direction (``{"outgoing": n, "incoming": m}``) and ``by_predicate`` per direction and
    predicate (``[{"predicate", "label", "count"}]``), as visible on ``as_of``; ``next_offset``
    is the ``offset`` of the next page, ``None`` on the last."""

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
    totals: dict[str, int] = field(default_factory=dict)
    by_predicate: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    limit: int = RELATIONS_LIMIT
    offset: int = 0
    next_offset: int | None = None


def list_entities(kg: KnowledgeStore, *, type: str | None = None, q: str | None = None,
                  limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Entities sorted by id, optionally of a class (subclasses included) and whose label or
    alias contains ``q`` (case-, accent- and punctuation-insensitive)."""
    check_limit(limit, "limit", MAX_LIMIT)
    check_limit(offset, "offset", MAX_OFFSET, 0)
    graph = projection(kg)
    wanted = class_iri(graph, type) if type else None
    needle = normalise(q or "").replace(" ", "")
    named = {n.iri for n in label_index(graph) if needle in n.compact} if needle else None
    supers, data = graph.graph["superclasses"], graph.nodes
    order = remembered(graph, "entities by id", lambda: sorted(
        data, key=lambda iri: data[iri]["id"]))  # sorted once per projection: 1.9 s at 10M
    items = order if named is None and not wanted else [
        iri for iri in order if (named is None or iri in named)
        and (not wanted or any(wanted in supers.get(c, {c}) for c in data[iri]["classes"]))]
    page = [node_summary(graph, iri) for iri in items[offset:offset + limit]]
    return {"total": len(items), "limit": limit, "offset": offset, "items": page}


def entity_detail(kg: KnowledgeStore, id_or_iri: str, *, as_of: str | date | None = None,
                  limit: int = RELATIONS_LIMIT, offset: int = 0) -> EntityDetail:
    """Labels, aliases, classes, Wikidata link, literal attributes and a page of the relations
    of an entity, outgoing and incoming, as visible on ``as_of``.

    Parameters
    ----------
    kg
        The store.
    id_or_iri
        A slug (``nvidia``) or an entity IRI.
    as_of
        ``YYYY-MM-DD``: hide relations whose time starts later (:mod:`graph.projection.timefilter`).
    limit
        Relations per direction on the page, 0–:data:`MAX_LIMIT` (0: totals only).
    offset
        Relations to skip in each direction (past the end: empty lists, totals still exact).

    Returns
    -------
    EntityDetail
        Relations of each direction sorted by predicate label, other entity's id, time, fact,
        source graph and predicate IRI: the same order on every call of a store generation.

    Raises
    ------
    InvalidInput
        A bad id, ``as_of``, ``limit`` or ``offset``.
    EntityNotFound
        No such entity.
    """
    check_limit(limit, "limit", MAX_LIMIT, 0)
    check_limit(offset, "offset", MAX_OFFSET, 0)
    day = parse_as_of(as_of)
    graph = _projection_for(kg, id_or_iri)
    iri = resolve(graph, id_or_iri)
    data = graph.nodes[iri]
    out = relation_page(graph, iri, "out", as_of=day, limit=limit, offset=offset)
    into = relation_page(graph, iri, "in", as_of=day, limit=limit, offset=offset)
    more = limit > 0 and offset + limit < max(out.total, into.total)
    qid = data["wikidata"]
    return EntityDetail(
        iri=iri, id=data["id"], labels={"en": data["label_en"], "pt": data["label_pt"]},
        aliases=list(data["aliases"]), classes=list(data["classes"]), wikidata=qid,
        wikidata_url=f"https://www.wikidata.org/wiki/{qid}" if qid else None,
        attributes=[dict(a) for a in (_hub_attributes(kg, iri=iri)
                                      if graph.degree(iri) >= CACHED_FROM
                                      else _attributes(kg, iri))],
        outgoing=[relation(graph, d, v, "out") for v, d in out.edges],
        incoming=[relation(graph, d, u, "in") for u, d in into.edges],
        as_of=day.isoformat() if day else None,
        totals={"outgoing": out.total, "incoming": into.total},
        by_predicate={"outgoing": out.by_predicate, "incoming": into.by_predicate},
        limit=limit, offset=offset, next_offset=offset + limit if more else None)


def _projection_for(kg: KnowledgeStore, id_or_iri: str) -> nx.MultiDiGraph:
    """The projection if it is ready; else, without waiting for it, the projection around the
    entity named (:func:`graph.projection.local.neighbourhood_projection`); for a hub, or over
    a remote engine (where its many small queries take longer than the full build's few large
    ones), the projection waited for as :func:`graph.projection.cache.projection` does."""
    graph = ready_projection(kg, refresh_wait=REFRESH_WAIT)
    if graph is not None:
        return graph
    if kg.remote:
        return projection(kg)
    try:
        resolve(nx.MultiDiGraph(), id_or_iri)  # InvalidInput for a malformed id, before a query
    except EntityNotFound:
        pass
    iri = ID_NS + id_or_iri if SLUG.match(id_or_iri) else checked_iri(id_or_iri)
    hubs, started = _hubs(kg), time.monotonic()
    local = None if iri in hubs else neighbourhood_projection(kg, [iri])
    if local is not None:
        return local
    hubs.add(iri)
    # the walk and the wait together stay within BUILD_WAIT: under load the walk can take
    # seconds, and a request past its deadline gets the worker killed, its build lost
    return projection(kg, wait=max(0.0, BUILD_WAIT - (time.monotonic() - started)))


@per_generation
def _hubs(kg: KnowledgeStore) -> set[str]:
    """IRIs found to be hubs (too much within reach for :func:`neighbourhood_projection`) in
    this generation: asked again while the projection builds, they wait without walking."""
    return set()


def _attributes(kg: KnowledgeStore, iri: str) -> list[dict[str, str | None]]:
    rows = queries.select(kg, "entity_attributes", entity=ox.NamedNode(iri))
    return [{"property": r["property"].value, "name": local_name(r["property"].value),
             "value": r["value"].value, "language": r["value"].language,
             "source": r["g"].value} for r in rows]


@per_generation
def _hub_attributes(kg: KnowledgeStore, *, iri: str) -> list[dict[str, str | None]]:
    """:func:`_attributes` of a well-connected entity, whose query scans all its triples,
    remembered until the next write."""
    return _attributes(kg, iri)
