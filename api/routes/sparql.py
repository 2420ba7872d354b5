"""The SPARQL 1.1 Protocol endpoint ``/sparql``: queries for everyone, updates with a token."""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from starlette.requests import ClientDisconnect

from api.auth import require_write
from api.body import read_body
from api.errors import handle_client_disconnect, handle_kg_error
from api.negotiation import (
    GRAPH_ALIASES,
    GRAPH_OFFERS,
    SELECT_ALIASES,
    SELECT_OFFERS,
    NotAcceptable,
    format_override,
    negotiate,
    parse_accept,
    quality,
)
from api.protocol import ProtocolError, SparqlRequest, read_request
from api.routes.service import describe
from api.routes.store import request_iri
from graph.errors import InvalidInput, InvalidIRI, KGError
from graph.iris import checked_iri
from graph.sparql.execute import QueryLimits, answer_query, run_update
from graph.sparql.guarded_writes import writer
from graph.sparql.repeatable import repeatable

router = APIRouter(tags=["sparql"])
RESULT_TYPES = (*SELECT_OFFERS, *SELECT_ALIASES, *GRAPH_OFFERS, *GRAPH_ALIASES)


def media_by_form(accept: str | None, fmt: str | None) -> dict[str, str | None]:
    """What to produce for each query form; 406 when the client accepts neither."""
    return dict(_media_by_form(accept, fmt))


@lru_cache(maxsize=256)
def _media_by_form(accept: str | None, fmt: str | None) -> tuple[tuple[str, str | None], ...]:
    """:func:`media_by_form`, remembered: negotiation is a pure function of the two strings,
    parsing an ``Accept`` header costs more than the rest of a point lookup's request handling,
    and clients send the same few headers again and again (refusals are not remembered)."""
    media: dict[str, str | None] = {}
    for form in ("select", "graph"):
        try:
            media[form] = format_override(fmt, form) if fmt else negotiate(accept, form)
        except NotAcceptable:
            media[form] = None
    if not any(media.values()):
        raise NotAcceptable(f"cannot produce {fmt or accept!r}: no SPARQL result or RDF format "
                            "matches", accept=accept, format=fmt)
    return tuple(media.items())


def requested_timeout(raw: str | None) -> float | None:
    """A client's ``timeout`` parameter (:attr:`SparqlRequest.timeout`) in seconds (the engine
    caps it)."""
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise InvalidInput("timeout must be a number of seconds") from None
    if not 0 < value <= 3600:
        raise InvalidInput("timeout must be between 0 and 3600 seconds")
    return value


def limits_of(request: Request) -> QueryLimits:
    settings = request.app.state.settings
    return QueryLimits(max_bytes=settings.max_query_bytes, max_depth=settings.max_query_depth,
                       max_rows=settings.max_rows)


def base_iri(request: Request) -> str | None:
    """The base IRI of queries and updates: the endpoint's URL as the client sent it, without
    the query string (the same IRI the service description gives as ``sd:endpoint``), or
    ``None`` when that is not an acceptable absolute IRI (relative IRIs are then errors)."""
    try:
        return checked_iri(request_iri(request))
    except (InvalidIRI, ProtocolError):
        return None


async def run(request: Request, sparql: SparqlRequest) -> Response:
    """Send the operation to the engine and shape the response. The engine call is awaited on
    the event loop (:meth:`graph.engine.supervisor.Engine.acall`), and the answer arrives already
    serialised, so the response is its bytes as they are. A repeatable read's answer is given
    again until the next write (:mod:`graph.engine.answers`)."""
    engine = request.app.state.engine
    timeout = requested_timeout(sparql.timeout)
    limits = limits_of(request)
    if sparql.operation == "update":
        require_write(request)
        update = writer(run_update, getattr(request.app.state.settings, "validate_writes", False))
        await engine.acall(update, write=True, timeout=timeout, text=sparql.text, limits=limits,
                           using_graphs=sparql.default_graphs,
                           using_named_graphs=sparql.named_graphs, base_iri=base_iri(request))
        return Response(status_code=204)
    answer = await engine.acall(answer_query, timeout=timeout, remember=repeatable(sparql.text),
                                text=sparql.text,
                                media=media_by_form(request.headers.get("accept"),
                                                    sparql.format),
                                limits=limits, default_graphs=sparql.default_graphs,
                                named_graphs=sparql.named_graphs, base_iri=base_iri(request))
    headers = {"X-SPARQL-MaxRows": str(limits.max_rows)} if answer.truncated else None
    return Response(answer.body, media_type=answer.media_type, headers=headers)


def page_redirect(request: Request) -> Response | None:
    """A browser opening ``/sparql`` (a ``GET`` whose ``Accept`` names ``text/html`` above
    every result format, with no parameter but one ``query``) is sent to the query page,
    ``303`` to ``/query`` (with the query: ``/query?query=…``); ``None`` for every protocol
    client, whose request goes on as before (a ``format`` parameter, a dataset, ``*/*`` or
    ``text/*`` never redirect)."""
    accept = request.headers.get("accept") or ""
    if request.method != "GET" or "text/html" not in accept.lower():
        return None  # the common case, decided without parsing anything
    try:
        pairs = parse_qsl(request.scope.get("query_string", b"").decode("utf-8"),
                          keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError:
        return None
    names = [name for name, _ in pairs]
    if set(names) - {"query"} or len(names) > 1:
        return None
    ranges = parse_accept(accept)
    wanted = quality(ranges, "text/html", exact_only=True)
    if wanted == 0 or wanted <= max(quality(ranges, media) for media in RESULT_TYPES):
        return None
    target = "/query?" + urlencode(pairs) + "#results" if pairs else "/query"
    return RedirectResponse(target, status_code=303, headers={"Vary": "Accept"})


@router.get("/sparql", summary="SPARQL 1.1 query, or the service description",
            operation_id="sparql_get")
@router.post("/sparql", summary="SPARQL 1.1 query or update", operation_id="sparql_post")
async def sparql_endpoint(request: Request) -> Response:
    """Answer a SPARQL query sent by GET (``?query=``), by POST form (``query=``), or by POST
    with ``Content-Type: application/sparql-query``; apply an update sent by POST form
    (``update=``) or ``application/sparql-update`` with ``Authorization: Bearer <token>``
    (204). The default graph is the union of all graphs unless ``default-graph-uri`` /
    ``named-graph-uri`` or the query's ``FROM`` / ``FROM NAMED`` name a dataset (the parameters
    win); ``using-graph-uri`` / ``using-named-graph-uri`` name the dataset of an update's
    ``WHERE`` (400 with ``USING`` or ``WITH`` in the update). Relative IRIs resolve against the
    endpoint's URL. Results are negotiated from the Accept header (or a
    ``format`` parameter); 406 when nothing asked for can be made. Every operation runs under
    a deadline (``timeout`` parameter, capped by the server): past it the answer is 503 with
    ``Retry-After`` and nothing is half-written."""
    if (to_page := page_redirect(request)) is not None:
        return to_page
    settings = request.app.state.settings
    body = await read_body(request, settings.max_query_bytes * 3) \
        if request.method == "POST" else b""
    sparql = read_request(request.method, request.scope.get("query_string", b""),
                          request.headers.get("content-type"), body)
    if sparql.operation == "describe-service":
        return await run_in_threadpool(describe, request)
    return await run(request, sparql)


class SparqlFastPath:
    """ASGI middleware that hands ``GET``/``POST /sparql`` straight to :func:`sparql_endpoint`.

    The endpoint takes nothing but the request, so FastAPI's routing, dependency resolution and
    per-route wrappers only cost time (about a quarter of the service's CPU per point lookup).
    Installed innermost (inside admission control, the URL cap and CORS), so every request
    still passes those; errors of the service (:class:`~graph.errors.KGError`) get the same
    JSON answer as from the routed endpoint, anything else goes on to the server-error handler.
    Other methods and paths go to the router (``/sparql`` PUT → 405, the OpenAPI operations).
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if (scope["type"] != "http" or scope["path"] != "/sparql"
                or scope["method"] not in ("GET", "POST")):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            response = await sparql_endpoint(request)
        except KGError as exc:
            response = await handle_kg_error(request, exc)
        except ClientDisconnect as exc:  # gone before its body arrived: one log line
            response = await handle_client_disconnect(request, exc)
        await response(scope, receive, send)
