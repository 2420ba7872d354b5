"""Article ingestion over HTTP: ``/ingest``.

``POST /ingest`` runs the extractor (:func:`graph.ingest.pipeline.ingest`) on an article text and
stages its proposals; ``GET /ingest`` lists ingestions and ``GET /ingest/{id}`` shows one (JSON,
or the record and pending graph as Turtle, TriG or N-Quads); ``POST /ingest/{id}/accept`` moves
facts into the article's graph after a SHACL check and ``POST /ingest/{id}/reject`` drops what is
pending (:mod:`graph.ingest.staging`). Writes need the bearer token. Each handler checks the
request and calls one library function in the engine's worker.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from api.auth import require_write
from api.body import read_body
from api.negotiation import NotAcceptable, choose
from api.protocol import ProtocolError
from api.routes.review import ingestions_html, review_html, wants_page
from graph.errors import InvalidInput
from graph.ingest.model_extractor import consult
from graph.ingest.pipeline import ingest
from graph.ingest.request import LANGUAGES, MAX_TEXT_CHARS, check_request
from graph.ingest.staging import accept, describe, list_ingestions, proposal_rdf, reject
from graph.store.nesting import check_depth

router = APIRouter(prefix="/ingest", tags=["ingest"])

MAX_BODY_BYTES = 6 * MAX_TEXT_CHARS + 64 * 1024
"""Body cap of ``POST /ingest``: room for 200,000 characters however they are escaped (the
character count is checked after decoding: 413 beyond)."""
OFFERS = {"application/json": None, "text/turtle": "turtle", "application/trig": "trig",
          "application/n-quads": "nquads"}
FORMATS = {"json": "application/json", "turtle": "text/turtle", "ttl": "text/turtle",
           "trig": "application/trig", "nquads": "application/n-quads"}
VARY = {"Vary": "Accept"}
FIELDS = ("text", "lang", "published", "source", "title", "outlet")
EXAMPLE = {"id": "3f2a9c0d4b5e6f70", "state": "pending", "counts": {
    "facts": 2, "pending": 2, "accepted": 0, "rejected": 0, "new_entities": 0, "ambiguous": 0},
    "facts": [{"id": "p01", "status": "Actual", "confidence": 0.9, "state": "pending",
               "summary": "Jensen Huang —ceoOf→ Nvidia"}]}


async def _engine(request: Request, func: Any, *, write: bool = False, **kwargs: Any) -> Any:
    return await request.app.state.engine.acall(func, write=write, **kwargs)


def _json(body: bytes, what: str) -> Any:
    check_depth(body, "json")
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise InvalidInput(f"{what} is not UTF-8 JSON", field="body") from None


@router.post("", summary="Ingest an article text (token required)", status_code=201,
             responses={201: {"content": {"application/json": {"example": EXAMPLE}}},
                        200: {"description": "this text was ingested before: its ingestion"},
                        400: {"description": "a field is invalid (`field` names it)"},
                        413: {"description": "text over 200,000 characters"}})
async def create_ingestion(
        request: Request,
        lang: str | None = Query(None, description=f"With `text/plain`: {', '.join(LANGUAGES)}."),
        published: str | None = Query(None, description="With `text/plain`: `YYYY-MM-DD`."),
        source: str | None = Query(None, description="With `text/plain`: the article's URL."),
        title: str | None = Query(None, description="With `text/plain`: the article's title."),
        outlet: str | None = Query(None, description="With `text/plain`: the publisher's name."),
) -> Response:
    """Extract facts from an article (Portuguese or English) and stage them for review. Send
    JSON `{"text", "lang", "published", "source", "title", "outlet"}` or the text as `text/plain` with the
    other fields as query parameters. 201 with `Location` when new; 200 when the same text was
    ingested before (the id is the first 16 hex digits of the text's SHA-256). With
    `AIKG_EXTRACTOR_URL` set, a model's facts join the rules' proposals (502
    `extractor_failed` when it cannot be asked; nothing is staged)."""
    require_write(request)
    body = await read_body(request, MAX_BODY_BYTES)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        fields = _json(body, "the body")
        if not isinstance(fields, dict) or set(fields) - set(FIELDS):
            raise InvalidInput(f"the body is a JSON object with the fields {', '.join(FIELDS)}",
                               field="body")
    elif kind == "text/plain":
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput("the text is not UTF-8", field="text") from None
        fields = {"text": text, "lang": lang, "published": published, "source": source,
                  "title": title, "outlet": outlet}
    else:
        raise ProtocolError("send the article as application/json or text/plain", status=415,
                            code="unsupported_media_type")
    args = check_request(**fields)
    model = await run_in_threadpool(consult, request.app.state.settings, args["text"],
                                    args["lang"])  # outside the engine: a slow model holds no lock
    result, created = await _engine(request, ingest, write=True, model=model, **args)
    return JSONResponse(result, status_code=201 if created else 200,
                        headers={"Location": f"/ingest/{result['id']}"} if created else None)


@router.get("", summary="List ingestions", response_model=list[dict[str, Any]],
            responses={200: {"content": {"text/html": {}}}})
async def read_ingestions(request: Request,
                          format: str | None = Query(None, description="`json` or `html`; "
                                                     "overrides Accept.")) -> Any:
    """Every ingestion by id with its review state, source, title and fact counts. A browser
    (`Accept: text/html`, or `format=html`) gets the list as a page."""
    if wants_page(request, ["application/json"], format):
        return await ingestions_html(request)
    if format and format.lower() != "json":
        raise NotAcceptable("available: application/json, text/html (or format=json|html)",
                            available=["application/json", "text/html"])
    return JSONResponse(await _engine(request, list_ingestions), headers=VARY)


@router.get("/{ingestion_id}", summary="One ingestion and its proposals",
            responses={200: {"content": {"application/json": {"example": EXAMPLE},
                                         "text/turtle": {}, "application/trig": {},
                                         "application/n-quads": {}, "text/html": {}}}})
async def read_ingestion(request: Request, ingestion_id: str,
                         format: str | None = Query(None, description="`json`, `turtle`, "
                                                    "`trig`, `nquads` or `html`; overrides "
                                                    "Accept.")
                         ) -> Response:
    """JSON: state, article (with its text), each proposed fact (status, confidence, evidence
    offsets, a one-line summary, pending, accepted or rejected), proposed new entities and
    ambiguous mentions. Turtle, TriG or N-Quads: the ingestion record and what is still
    pending. A browser (`Accept: text/html`, or `format=html`) gets the review screen."""
    if wants_page(request, list(OFFERS), format):
        return await review_html(request, ingestion_id)
    media = FORMATS.get((format or "").lower()) if format else choose(
        request.headers.get("accept"), list(OFFERS))
    if media is None:
        raise NotAcceptable(f"available: {', '.join(OFFERS)} (or format=json|turtle|trig|"
                            "nquads)", available=list(OFFERS))
    if OFFERS[media] is None:
        return JSONResponse(await _engine(request, describe, ingestion_id=ingestion_id),
                            headers=VARY)
    data = await _engine(request, proposal_rdf, ingestion_id=ingestion_id,
                         fmt_name=OFFERS[media])
    return Response(data, media_type=media, headers=VARY)


@router.post("/{ingestion_id}/accept", summary="Accept proposed facts (token required)",
             responses={422: {"description": "SHACL violations; nothing was moved"},
                        409: {"description": "the ingestion was rejected"}})
async def accept_facts(request: Request, ingestion_id: str) -> dict[str, Any]:
    """Move all pending facts, or those of an optional JSON body `{"facts": ["p01", "p03"]}`,
    into the article's graph with their sub-nodes and the new entities they use. The result is
    SHACL-checked with the rest of the store first: 422 with the violations and the facts they
    are about (`facts`), nothing moved — or, with `"skip_invalid": true`, those facts stay
    pending (`held`) and the rest move."""
    require_write(request)
    facts, skip = await _chosen_facts(request, allow_skip=True)
    return await _engine(request, accept, write=True, ingestion_id=ingestion_id, facts=facts,
                         skip_invalid=skip)


@router.post("/{ingestion_id}/reject", summary="Reject pending facts (token required)",
             responses={400: {"description": "facts the ingestion does not propose (named)"},
                        409: {"description": "a chosen fact was accepted; nothing dropped"}})
async def reject_ingestion(request: Request, ingestion_id: str) -> dict[str, Any]:
    """Drop every fact still pending, or those of an optional JSON body `{"facts": ["p03"]}`
    with what only they use; facts accepted before stay. Idempotent."""
    require_write(request)
    facts, _ = await _chosen_facts(request)
    return await _engine(request, reject, write=True, ingestion_id=ingestion_id, facts=facts)


async def _chosen_facts(request: Request, allow_skip: bool = False) -> tuple[list[str] | None,
                                                                           bool]:
    """The fact ids of an optional body `{"facts": [...]}` (``None`` without a body or list)
    and its `skip_invalid` flag when ``allow_skip``."""
    body = await read_body(request, 64 * 1024)
    data = _json(body, "the body") if body.strip() else {}
    facts = data.get("facts") if isinstance(data, dict) else []
    keys = {"facts", "skip_invalid"} if allow_skip else {"facts"}
    if not isinstance(data, dict) or set(data) - keys or facts is not None and (
            not isinstance(facts, list) or not all(isinstance(f, str) for f in facts)):
        raise InvalidInput('the body is {"facts": ["p01", …]'
                           + (', "skip_invalid": true}' if allow_skip else "}"), field="facts")
    skip = data.get("skip_invalid", False)
    if not isinstance(skip, bool):
        raise InvalidInput("skip_invalid is true or false", field="skip_invalid")
    return facts, skip
