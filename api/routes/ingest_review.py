"""Fixing a proposal over HTTP before accepting it, and the review log.

``PATCH /ingest/{id}/facts/{fact}`` edits a pending fact, ``POST /ingest/{id}/facts`` adds one
the extractor missed, ``POST /ingest/{id}/entities`` proposes an entity, ``PATCH
/ingest/{id}/entities/{slug}`` retypes or relabels a proposed one and ``POST
/ingest/{id}/entities/{slug}/merge`` makes it an existing entity; each answers the ingestion as
``GET /ingest/{id}`` does (:mod:`graph.ingest.editing`). ``GET /ingest/log`` counts what review
kept, corrected, rejected and added (:mod:`graph.ingest.review_log`). Writes need the token.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.auth import require_write
from api.body import read_body
from graph.errors import InvalidInput
from graph.ingest.editing import add_fact, edit_fact
from graph.ingest.entity_editing import add_entity, edit_entity, merge_entity
from graph.ingest.review_log import review_log
from graph.store.nesting import check_depth

router = APIRouter(prefix="/ingest", tags=["ingest"])
SPEC = {"type": "relation", "subject": "sam-altman", "predicate": "ceoOf", "object": "openai",
        "status": "Actual", "time": "2024-10", "evidence": "Sam Altman leads OpenAI"}


async def _body(request: Request) -> Any:
    require_write(request)
    body = await read_body(request, 64 * 1024)
    check_depth(body, "json")
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise InvalidInput("the body is not UTF-8 JSON", field="body") from None


async def _run(request: Request, func: Any, **kwargs: Any) -> Any:
    return await request.app.state.engine.acall(func, write=True, **kwargs)


@router.get("/log", summary="The review log: facts kept, corrected, rejected and added")
async def read_review_log(request: Request) -> dict[str, Any]:
    """Per ingestion and in total: facts and proposed entities accepted as proposed, corrected
    (edited, retyped or merged), rejected, added by hand, and still pending."""
    return await request.app.state.engine.acall(review_log)


@router.patch("/{ingestion_id}/facts/{fact}", summary="Edit a pending fact (token required)",
              responses={409: {"description": "the fact was accepted or rejected"}})
async def patch_fact(request: Request, ingestion_id: str, fact: str) -> dict[str, Any]:
    """Change keys of the fact's spec (as `facts[].spec` of `GET /ingest/{id}` shows it):
    `{"status": "Planned"}`, `{"time": "2025-06"}`, `{"object": "colossus"}`,
    `{"amount": {"value": 6000000000, "currency": "USD"}}`, `{"evidence": "words of the
    text"}`. The fact keeps its id and is marked as edited."""
    changes = await _body(request)
    return await _run(request, edit_fact, ingestion_id=ingestion_id, fact=fact, changes=changes)


@router.post("/{ingestion_id}/facts", summary="Add a fact by hand (token required)",
             status_code=201, openapi_extra={"requestBody": {"content": {
                 "application/json": {"example": SPEC}}}})
async def post_fact(request: Request, ingestion_id: str) -> JSONResponse:
    """A fact the extractor missed, as a spec of type `relation`, `round`, `cluster` or
    `holding` with the words of the text that state it (`evidence`). It waits, pending, for
    acceptance like the others; the answer names it (`added`)."""
    spec = await _body(request)
    result = await _run(request, add_fact, ingestion_id=ingestion_id, spec=spec)
    return JSONResponse(result, status_code=201)


@router.post("/{ingestion_id}/entities", summary="Propose an entity by hand (token required)",
             status_code=201)
async def post_entity(request: Request, ingestion_id: str) -> JSONResponse:
    """`{"slug": "valor-equity-partners", "class": "InvestmentFirm", "label": "Valor Equity
    Partners", "label_pt"?, "aliases"?, "wikidata"?}`; accepted with the facts that use it."""
    spec = await _body(request)
    return JSONResponse(await _run(request, add_entity, ingestion_id=ingestion_id, spec=spec),
                        status_code=201)


@router.patch("/{ingestion_id}/entities/{entity}", summary="Retype or relabel a proposed "
              "entity (token required)")
async def patch_entity(request: Request, ingestion_id: str, entity: str) -> dict[str, Any]:
    """`{"class"?, "label"?, "label_pt"?, "aliases"?, "wikidata"?}` for an entity this
    ingestion proposes as new."""
    changes = await _body(request)
    return await _run(request, edit_entity, ingestion_id=ingestion_id, entity=entity,
                      changes=changes)


@router.post("/{ingestion_id}/entities/{entity}/merge", summary="Merge a proposed entity into "
             "an existing one (token required)")
async def merge(request: Request, ingestion_id: str, entity: str) -> dict[str, Any]:
    """`{"into": "colossus"}`: every pending fact that used the proposed entity uses `into`
    instead, and the proposed name becomes an alias of it."""
    body = await _body(request)
    if not isinstance(body, dict) or set(body) != {"into"}:
        raise InvalidInput('the body is {"into": "<entity slug>"}', field="into")
    return await _run(request, merge_entity, ingestion_id=ingestion_id, entity=entity,
                      into=body["into"])
