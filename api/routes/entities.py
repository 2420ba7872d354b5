"""REST routes for entities: the list, one entity's card and its neighbourhood.

Each handler calls one library function of :mod:`graph.explore.entities` in the query engine; bad
parameters raise ``InvalidInput`` there (400), unknown entities ``EntityNotFound`` (404).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from graph.explore.entities import entity_detail, list_entities, neighbours_json

router = APIRouter(tags=["entities"])

ID_DOC = "A slug such as `nvidia` or a full entity IRI (`https://w3id.org/aikg/id/nvidia`)."
AS_OF_DOC = ("`YYYY-MM-DD`: hide facts whose time starts after that day (a month such as "
             "2024-09 starts on its first day); facts without a time stay; planned stays planned.")
SUMMARY_EXAMPLE = {"id": "nvidia", "iri": "https://w3id.org/aikg/id/nvidia", "label": "Nvidia",
                   "label_pt": "Nvidia", "classes": ["https://w3id.org/aikg/ont#Company"],
                   "wikidata": "Q182477"}
RELATION_EXAMPLE = {
    "predicate": "https://w3id.org/aikg/ont#manufactures", "label": "manufactures",
    "label_pt": "fabrica", "direction": "out", "other": "nvidia-h100",
    "other_label": "Nvidia H100", "status": "Actual", "time": None, "time_type": None,
    "time_property": None, "source": "https://w3id.org/aikg/graph/doc-126747c0c0c83b3e",
    "fact": "https://w3id.org/aikg/id/126747c0c0c83b3e-f14", "details": {"kind": "direct"}}


def example(value: Any) -> dict[int | str, dict[str, Any]]:
    """An OpenAPI ``responses`` entry with one JSON example for 200."""
    return {200: {"content": {"application/json": {"example": value}}}}


@router.get("/entities", summary="List entities",
            responses=example({"total": 12, "limit": 1, "offset": 0,
                               "items": [SUMMARY_EXAMPLE]}))
def get_entities(request: Request,
                 type: str | None = Query(None, description="An aikg class (`Company`, "
                                          "`aikg:Person` or its IRI); subclasses included.",
                                          examples=["Organization"]),
                 q: str | None = Query(None, description="Only entities whose label or alias "
                                       "contains this text (case and accents ignored).",
                                       examples=["nvidia"]),
                 limit: int = Query(50, description="Page size, 1–1000.", examples=[50]),
                 offset: int = Query(0, description="Entities to skip.", examples=[0]),
                 ) -> dict[str, Any]:
    """People, organisations, chip and AI models, clusters and articles, sorted by id, with
    their English and Portuguese labels, classes and Wikidata QID; `total` counts every match."""
    return request.app.state.engine.call(list_entities, type=type, q=q, limit=limit,
                                         offset=offset)


@router.get("/entities/{entity_id:path}/neighbours", summary="Neighbourhood of an entity",
            responses=example({
                "entity": {**SUMMARY_EXAMPLE, "id": "colossus", "label": "Colossus"},
                "depth": 1, "direction": "out", "predicate": None, "as_of": None,
                "nodes": [{"id": "colossus", "distance": 0}, {"id": "nvidia-h100", "distance": 1}],
                "edges": [{"from": "colossus", "to": "nvidia-h100",
                           "predicate": "https://w3id.org/aikg/projection#uses",
                           "label": "uses", "status": "Actual", "time": "2024-09",
                           "time_property": "asOf", "source": RELATION_EXAMPLE["source"],
                           "fact": "https://w3id.org/aikg/id/colossus-2024-09-h100",
                           "symmetric": False}],
                "truncated": False}))
def get_neighbours(request: Request,
                   entity_id: str = Path(description=ID_DOC, examples=["colossus"]),
                   depth: int = Query(1, description="Hops, 1–3.", examples=[2]),
                   predicate: str | None = Query(None, description="Follow only this object "
                                                 "property (IRI or local name, e.g. "
                                                 "`manufactures`, or `uses`/`met`).",
                                                 examples=["manufactures"]),
                   direction: str = Query("both", description="`out` (entity is the subject), "
                                          "`in` or `both`.", examples=["out"]),
                   as_of: str | None = Query(None, description=AS_OF_DOC,
                                             examples=["2024-06-01"]),
                   ) -> Response:
    """Entities within `depth` hops, breadth first, with every edge followed (status, time,
    source, fact). Symmetric relations (`competes with`, `met`) are followed either way. Past
    1,000 entities the answer stops growing and says `truncated`."""
    body = request.app.state.engine.call(neighbours_json, id_or_iri=entity_id, depth=depth,
                                         predicate=predicate, direction=direction,
                                         as_of=as_of)
    return Response(body, media_type="application/json")


@router.get("/entities/{entity_id:path}", summary="One entity with a page of its relations",
            responses=example({
                "iri": SUMMARY_EXAMPLE["iri"], "id": "nvidia",
                "labels": {"en": "Nvidia", "pt": "Nvidia"}, "aliases": ["NVDA", "NVIDIA"],
                "classes": SUMMARY_EXAMPLE["classes"], "wikidata": "Q182477",
                "wikidata_url": "https://www.wikidata.org/wiki/Q182477",
                "attributes": [{"property": "https://w3id.org/aikg/ont#industry",
                                "name": "industry",
                                "value": "semiconductors and AI accelerators",
                                "language": "en",
                                "source": "https://w3id.org/aikg/graph/entities"}],
                "outgoing": [RELATION_EXAMPLE], "incoming": [], "as_of": None,
                "totals": {"outgoing": 4, "incoming": 7},
                "by_predicate": {"outgoing": [{"predicate": RELATION_EXAMPLE["predicate"],
                                               "label": "manufactures", "count": 2}],
                                 "incoming": []},
                "limit": 1, "offset": 0, "next_offset": 1,
                "next": "http://127.0.0.1:8000/entities/nvidia?limit=1&offset=1"}))
def get_entity(request: Request,
               entity_id: str = Path(description=ID_DOC, examples=["nvidia"]),
               as_of: str | None = Query(None, description=AS_OF_DOC, examples=["2024-06-01"]),
               limit: int = Query(100, description="Relations per direction on this page, "
                                  "0–1000 (0: only the totals).", examples=[100]),
               offset: int = Query(0, description="Relations to skip in each direction.",
                                   examples=[0]),
               ) -> dict[str, Any]:
    """Labels (en, pt), aliases, classes, Wikidata link, literal attributes and a page of the
    outgoing and incoming relations, each with its status, time, source graph and fact node.
    Folded n-ary facts appear as relations too (`uses` with the chip quantity, `invested in`
    with the round, `met` for meeting participants). Relations are sorted by predicate label,
    then the other entity's id, time, fact, source and predicate, so pages are stable; `totals`
    and `by_predicate` count every relation of each direction (after `as_of`), and `next` is
    the URL of the next page (`null` on the last)."""
    detail = request.app.state.engine.call(entity_detail, id_or_iri=entity_id, as_of=as_of,
                                           limit=limit, offset=offset)
    body = asdict(detail)
    body["next"] = None if detail.next_offset is None else \
        str(request.url.include_query_params(offset=detail.next_offset))
    return body
