"""The SPARQL 1.1 Protocol endpoint ``/sparql`` (queries; updates are not enabled yet)."""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.negotiation import format_override, negotiate
from api.protocol import ProtocolError, SparqlRequest, read_request
from graph.formats import rdf_format_for_media_type
from graph.results import RESULT_WRITERS, GraphResult, QueryResult
from graph.sparql import QueryLimits, run_query, write_graph

router = APIRouter(tags=["sparql"])

WRITERS = {media.split(";")[0]: writer for media, writer in RESULT_WRITERS.values()}
CONTENT_TYPES = {media.split(";")[0]: media for media, _ in RESULT_WRITERS.values()}


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes ``limit`` bytes."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProtocolError(f"request body over {limit} bytes", status=413,
                                code="payload_too_large")
        chunks.append(chunk)
    return b"".join(chunks)


def answer(request: Request, sparql: SparqlRequest) -> Response:
    """Run a query in the calling (worker) thread and serialise it as negotiated."""
    settings = request.app.state.settings
    limits = QueryLimits(max_bytes=settings.max_query_bytes,
                         max_depth=settings.max_query_depth, max_rows=settings.max_rows)
    result = run_query(request.app.state.kg, sparql.text, limits=limits,
                       default_graph=[ox.NamedNode(g) for g in sparql.default_graphs] or None,
                       named_graphs=[ox.NamedNode(g) for g in sparql.named_graphs] or None)
    return render(result, request.headers.get("accept"), sparql.format, limits.max_rows)


def render(result: QueryResult, accept: str | None, fmt: str | None, max_rows: int) -> Response:
    form = "graph" if isinstance(result, GraphResult) else "select"
    media = format_override(fmt, form) or negotiate(accept, form)
    if form == "graph":
        body = write_graph(result, rdf_format_for_media_type(media))
        content_type = media
    else:
        body = WRITERS[media](result)
        content_type = CONTENT_TYPES[media]
    headers = {"X-SPARQL-MaxRows": str(max_rows)} if result.truncated else {}
    return Response(body, media_type=content_type, headers=headers)


@router.api_route("/sparql", methods=["GET", "POST"], summary="SPARQL 1.1 query endpoint")
async def sparql_endpoint(request: Request) -> Response:
    """Answer a SPARQL query sent by GET (``?query=``), by POST form, or by POST with
    ``Content-Type: application/sparql-query``. The default graph is the union of all graphs
    unless ``default-graph-uri`` / ``named-graph-uri`` name a dataset. Results are negotiated
    from the Accept header (or a ``format`` parameter); 406 when nothing asked for can be made."""
    settings = request.app.state.settings
    body = await read_body(request, settings.max_query_bytes * 3) \
        if request.method == "POST" else b""
    sparql = read_request(request.method, request.scope.get("query_string", b""),
                          request.headers.get("content-type"), body)
    if sparql.operation == "update":
        raise ProtocolError("updates are not enabled on this server", status=403,
                            code="read_only")
    if sparql.operation == "describe-service":
        raise ProtocolError("give a query parameter (the service description is not served "
                            "yet)")
    return await run_in_threadpool(answer, request, sparql)
