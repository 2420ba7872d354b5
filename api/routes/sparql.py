"""The SPARQL 1.1 Protocol endpoint ``/sparql``: queries for everyone, updates with a token."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.auth import require_write
from api.body import read_body
from api.negotiation import NotAcceptable, format_override, negotiate
from api.protocol import ProtocolError, SparqlRequest, read_request
from api.routes.service import describe
from api.routes.store import request_iri
from graph.errors import InvalidInput, InvalidIRI
from graph.guarded_writes import writer
from graph.iris import checked_iri
from graph.sparql import QueryLimits, answer_query, run_update

router = APIRouter(tags=["sparql"])


def media_by_form(accept: str | None, fmt: str | None) -> dict[str, str | None]:
    """What to produce for each query form; 406 when the client accepts neither."""
    media: dict[str, str | None] = {}
    for form in ("select", "graph"):
        try:
            media[form] = format_override(fmt, form) if fmt else negotiate(accept, form)
        except NotAcceptable:
            media[form] = None
    if not any(media.values()):
        raise NotAcceptable(f"cannot produce {fmt or accept!r}: no SPARQL result or RDF format "
                            "matches", accept=accept, format=fmt)
    return media


def requested_timeout(request: Request) -> float | None:
    """A client's ``timeout`` parameter in seconds (the engine caps it)."""
    raw = request.query_params.get("timeout")
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


def run(request: Request, sparql: SparqlRequest) -> Response:
    """Send the operation to the engine (in a worker thread) and shape the response."""
    engine = request.app.state.engine
    timeout = requested_timeout(request)
    if sparql.operation == "update":
        require_write(request)
        update = writer(run_update, getattr(request.app.state.settings, "validate_writes", False))
        engine.call(update, write=True, timeout=timeout, text=sparql.text,
                    limits=limits_of(request), using_graphs=sparql.default_graphs,
                    using_named_graphs=sparql.named_graphs, base_iri=base_iri(request))
        return Response(status_code=204)
    answer = engine.call(answer_query, timeout=timeout, text=sparql.text,
                         media=media_by_form(request.headers.get("accept"), sparql.format),
                         limits=limits_of(request), default_graphs=sparql.default_graphs,
                         named_graphs=sparql.named_graphs, base_iri=base_iri(request))
    headers = {"X-SPARQL-MaxRows": str(limits_of(request).max_rows)} if answer.truncated else {}
    return Response(answer.body, media_type=answer.media_type, headers=headers)


@router.api_route("/sparql", methods=["PUT", "DELETE", "PATCH"], include_in_schema=False)
def sparql_wrong_method() -> None:
    """Other methods get 405 naming both allowed ones (two routes would each name one)."""
    raise ProtocolError("the SPARQL endpoint takes GET and POST", status=405,
                        code="method_not_allowed", headers={"Allow": "GET, POST"})


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
    settings = request.app.state.settings
    body = await read_body(request, settings.max_query_bytes * 3) \
        if request.method == "POST" else b""
    sparql = read_request(request.method, request.scope.get("query_string", b""),
                          request.headers.get("content-type"), body)
    if sparql.operation == "describe-service":
        return await run_in_threadpool(describe, request)
    return await run_in_threadpool(run, request, sparql)
