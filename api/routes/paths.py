"""REST route for explained paths between two entities (:func:`graph.explore.paths.find_paths`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request

from graph.explore.paths import find_paths

router = APIRouter(tags=["paths"])

STEP = {"from": "larry-ellison", "from_label": "Larry Ellison", "to": "jensen-huang",
        "to_label": "Jensen Huang", "predicate": "https://w3id.org/aikg/projection#met",
        "label": "met", "direction": "symmetric", "status": "Claimed", "time": "2024-09",
        "time_property": "notAfter",
        "source": "https://w3id.org/aikg/graph/doc-126747c0c0c83b3e",
        "fact": "https://w3id.org/aikg/id/dinner-ellison-musk-huang",
        "fact_label": "dinner of Larry Ellison, Elon Musk and Jensen Huang",
        "other_relations": 0}
AMBIGUOUS = {300: {"description": "A name fits several entities (or none exactly): pick one "
                     "of the candidates and ask again with its id.",
                     "content": {"application/json": {"example": {
                         "error": "ambiguous", "field": "from",
                         "message": "from: no entity is named exactly 'Larry'; did you mean "
                                    "Larry Ellison (larry-ellison)?",
                         "candidates": [{"id": "larry-ellison", "label": "Larry Ellison",
                                         "classes": ["https://w3id.org/aikg/ont#Person"]}]}}}}}
PATH = {"hops": 1, "nodes": ["larry-ellison", "jensen-huang"], "steps": [STEP],
        "explanation": "Larry Ellison —met→ Jensen Huang (dinner, claimed, before 2024-09)"}


@router.get("/paths", summary="How two entities are connected",
            responses={200: {"content": {"application/json": {"example": {
                "from": {"id": "larry-ellison"}, "to": {"id": "jensen-huang"}, "max_hops": 2,
                "limit": 10, "as_of": None, "shortest": PATH, "paths": [PATH],
                "message": "2 path(s) of at most 2 hops"}}}}, **AMBIGUOUS})
def get_paths(request: Request,
              source: str = Query(alias="from", description="Start entity: slug, IRI or name "
                                  "(label or alias).", examples=["larry-ellison"]),
              target: str = Query(alias="to", description="End entity: slug, IRI or name "
                                  "(label or alias).", examples=["Jensen Huang"]),
              max_hops: int = Query(4, description="Longest path, 1–6 hops.", examples=[3]),
              limit: int = Query(10, description="Paths to return, 1–100.", examples=[10]),
              as_of: str | None = Query(None, description="`YYYY-MM-DD`: ignore facts whose "
                                        "time starts after that day.", examples=["2024-06-01"]),
              ) -> dict[str, Any]:
    """The shortest path and the simple paths of at most `max_hops` hops (shortest first,
    edge direction ignored), each step with the relation's label, its direction relative to the
    stored edge, status, time and source, and a one-line English explanation. No path gives an
    empty list and a `message`. The search reads at most a million neighbours: past that (hubs
    of large graphs) it answers the paths found so far with `complete: false`. Entities may be
    named (`Larry Ellison`, any case or accents); a name that fits several entities, or none
    exactly, answers 300 with the `candidates`."""
    return request.app.state.engine.call(find_paths, from_id=source, to_id=target,
                                         max_hops=max_hops, limit=limit, as_of=as_of)
