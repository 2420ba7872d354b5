"""The SPARQL 1.1 Graph Store HTTP Protocol at ``/store``.

This router owns the HTTP side of graph management: which graph a URL names, status codes,
content negotiation, request bodies (size cap, media types, multipart/form-data) and auth. What
each operation does to the store is :mod:`graph.store.graph_store`, run in the engine's worker.

* Indirect identification: ``/store?default`` (the store's real default graph) or
  ``/store?graph=IRI`` (percent-decoded exactly once); exactly one of them, else 400.
* Direct identification: ``/store/<path>`` names the graph whose IRI is the request URL as sent
  (scheme, host and raw path; no query).
* ``POST /store`` with neither parameter creates a graph with a fresh IRI under ``/store/``:
  201 with ``Location``.
* GET/HEAD: Turtle unless Accept (or ``format``) asks for another RDF format; 404 for a missing
  graph. PUT: 201 created / 204 replaced. POST: merge, 204 (201 when it created the graph).
  DELETE: 204 / 404. Writes need ``Authorization: Bearer <token>`` and are atomic; with
  ``settings.validate_writes`` one that would add SHACL violations is refused with 422.
"""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from functools import lru_cache
from urllib.parse import parse_qsl, quote

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import URL

from api.auth import require_write
from api.body import read_body
from api.negotiation import GRAPH_ALIASES, format_override, negotiate
from api.protocol import ProtocolError
from graph.errors import EntityNotFound, UnsupportedFormat
from graph.sparql import guarded_writes
from graph.store import graph_store as graphstore
from graph.store.formats import RdfFormat, rdf_format_for_media_type, rdf_format_for_path

router = APIRouter(tags=["graph store"])

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
"""Largest request body accepted (413 beyond), unless ``settings.max_upload_bytes`` says."""

METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE"]
NEW_GRAPH = object()
"""Target of a POST to the store itself: a graph with a fresh IRI."""
_GENERIC_TYPES = ("", "application/octet-stream", "text/plain")
"""Part media types too vague to trust when the file name tells the format."""


# -- which graph -------------------------------------------------------------------------------


def request_iri(request: Request) -> str:
    """The request URL as the client sent it: scheme, host and raw (still percent-encoded)
    path, without the query string."""
    raw = request.scope.get("raw_path")
    if raw is None:
        path = quote(request.scope.get("root_path", "") + request.url.path, safe="/%:@!$&'()*+,;=")
    else:
        try:
            path = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError("the request path is not UTF-8") from None
    return f"{_origin(request.scope)}{path.split('?', 1)[0]}"


def _origin(scope: dict) -> str:
    """``scheme://host[:port]`` of a request exactly as Starlette's ``request.url`` gives them
    (the ``Host`` header when valid, else the server's address), remembered per origin: every
    ``/sparql`` request asks for its base IRI, and parsing its whole URL (a new query string
    each time) took 8% of the serving process's time for point lookups."""
    host = next((value for key, value in scope.get("headers", ()) if key == b"host"), None)
    server = scope.get("server")
    return _origin_of(scope.get("scheme", "http"), host, tuple(server) if server else None)


@lru_cache(maxsize=256)
def _origin_of(scheme: str, host: bytes | None, server: tuple | None) -> str:
    url = URL(scope={"scheme": scheme, "server": server, "path": "/", "query_string": b"",
                     "headers": [] if host is None else [(b"host", host)]})
    return f"{url.scheme}://{url.netloc}"


def _indirect_target(request: Request) -> str | None | object:
    """The graph named by ``?default`` / ``?graph=IRI``; :data:`NEW_GRAPH` for a bare POST."""
    try:
        pairs = parse_qsl(request.scope.get("query_string", b"").decode("latin-1"),
                          keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError("percent-escapes must encode UTF-8 text") from None
    graphs = [v for k, v in pairs if k == "graph"]
    default = any(k == "default" for k, _ in pairs)
    if not graphs and not default and request.method == "POST":
        return NEW_GRAPH
    if len(graphs) + default != 1:
        raise ProtocolError("name exactly one graph: ?default or one ?graph=IRI")
    return graphs[0] if graphs else None


# -- request bodies ----------------------------------------------------------------------------


def _format_of(content_type: str | None, filename: str | None = None) -> RdfFormat:
    """The RDF format of a body or part: its media type, else its file name's suffix; 415."""
    base, *params = [p.strip() for p in (content_type or "").split(";")]
    base = base.lower()
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip('"').lower() not in (
                "utf-8", "utf8"):
            raise ProtocolError("RDF must be sent as UTF-8", status=415,
                                code="unsupported_media_type")
    fmt = None if base in _GENERIC_TYPES else rdf_format_for_media_type(
        GRAPH_ALIASES.get(base, base))
    if fmt is None and filename:
        try:
            fmt = rdf_format_for_path(filename)
        except UnsupportedFormat:
            fmt = None
    if fmt is None and base == "text/plain":
        fmt = rdf_format_for_media_type(GRAPH_ALIASES[base])
    if fmt is None:
        raise ProtocolError(f"cannot read RDF sent as {base or 'no Content-Type'!r}; send one "
                            "of text/turtle, application/trig, application/n-triples, "
                            "application/n-quads, application/ld+json, application/rdf+xml",
                            status=415, code="unsupported_media_type")
    return fmt


async def _read_body(request: Request) -> bytes:
    """The body, refused with 413 as soon as it passes the upload cap."""
    return await read_body(request, getattr(request.app.state.settings, "max_upload_bytes",
                                            MAX_UPLOAD_BYTES))


def multipart_payloads(content_type: str, body: bytes) -> list[graphstore.Payload]:
    """The RDF parts of a multipart/form-data body (stdlib ``email`` parser); each part's own
    Content-Type decides its format, else its file name; 415 when neither does."""
    message = BytesParser(policy=policy.HTTP).parsebytes(
        b"MIME-Version: 1.0\r\nContent-Type: " + content_type.encode("latin-1") + b"\r\n\r\n"
        + body)
    if not message.is_multipart() or not message.get_boundary():
        raise ProtocolError("multipart/form-data needs a boundary parameter")
    parts = [p for p in message.iter_parts() if not p.is_multipart()]
    if not parts or message.defects:
        raise ProtocolError("the multipart/form-data body is malformed or has no parts")
    payloads = []
    for part in parts:
        fmt = _format_of(part.get("content-type"), part.get_filename())
        payloads.append((part.get_payload(decode=True) or b"", fmt.name))
    return payloads


async def _payloads(request: Request, *, multipart: bool) -> list[graphstore.Payload]:
    content_type = request.headers.get("content-type", "")
    if multipart and content_type.split(";")[0].strip().lower() == "multipart/form-data":
        return multipart_payloads(content_type, await _read_body(request))
    fmt = _format_of(content_type)
    return [(await _read_body(request), fmt.name)]


# -- operations --------------------------------------------------------------------------------


async def _call(request: Request, func: object, *, write: bool = False, **kwargs: object):
    if write:  # validate-on-write swaps in the checking twin (graph.sparql.guarded_writes)
        func = guarded_writes.writer(
            func, getattr(request.app.state.settings, "validate_writes", False))
    return await request.app.state.engine.acall(func, write=write, **kwargs)


async def _handle(request: Request, target: str | None | object) -> Response:
    method = request.method
    if method in ("GET", "HEAD"):
        if target is NEW_GRAPH:
            raise ProtocolError("name a graph: ?default or ?graph=IRI")
        media = (format_override(request.query_params.get("format"), "graph")
                 or negotiate(request.headers.get("accept"), "graph"))
        body, engine = await _call(request, graphstore.read_graph_of, graph=target,
                                   fmt_name=rdf_format_for_media_type(media).name)
        if body is None:
            raise EntityNotFound(f"no graph named <{target}> in the store")
        if method == "HEAD":
            return Response(b"", media_type=media, headers={
                "content-length": str(len(body)), "x-aikg-engine": engine})
        return Response(body, media_type=media, headers={"x-aikg-engine": engine})
    require_write(request)
    if method == "DELETE":
        if not await _call(request, graphstore.delete_graph, write=True, graph=target):
            raise EntityNotFound(f"no graph named <{target}> in the store")
        return Response(status_code=204)
    if method == "PUT":
        (data, fmt_name), = await _payloads(request, multipart=False)
        created = await _call(request, graphstore.replace_graph, write=True, graph=target,
                              data=data, fmt_name=fmt_name)
        return Response(status_code=201 if created else 204)
    parts = await _payloads(request, multipart=True)
    if target is NEW_GRAPH:
        iri = graphstore.new_graph_iri(request_iri(request))
        await _call(request, graphstore.add_parts, write=True, graph=iri, parts=parts)
        return Response(status_code=201, headers={"location": iri})
    created = await _call(request, graphstore.add_parts, write=True, graph=target, parts=parts)
    return Response(status_code=201 if created else 204)


async def store_indirect(request: Request) -> Response:
    """Read, replace, merge into or delete the graph named by ``?default`` or ``?graph=IRI``;
    ``POST /store`` alone creates a new graph (201, ``Location``). Writes need the bearer
    token; uploads are Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML or
    multipart/form-data of those (POST), at most 10 MiB."""
    return await _handle(request, _indirect_target(request))


async def store_direct(request: Request, path: str) -> Response:
    """The graph whose IRI is this URL (without query): the same operations as ``/store``."""
    return await _handle(request, request_iri(request))


# One route per method, so every operation has its own OpenAPI id (a multi-method route
# repeats one id). Starlette's 405 then names only one method, so the methods the Graph Store
# does not take get their own route with a complete Allow header.
for _method in METHODS:
    router.add_api_route("/store", store_indirect, methods=[_method],
                         summary=f"Graph Store Protocol (indirect): {_method}",
                         operation_id=f"store_indirect_{_method.lower()}")
    router.add_api_route("/store/{path:path}", store_direct, methods=[_method],
                         summary=f"Graph Store Protocol (direct): {_method}",
                         operation_id=f"store_direct_{_method.lower()}")


def store_wrong_method() -> None:
    """Other methods get 405 naming the ones the Graph Store takes."""
    raise ProtocolError("the Graph Store takes " + ", ".join(METHODS), status=405,
                        code="method_not_allowed", headers={"Allow": ", ".join(METHODS)})


for _path in ("/store", "/store/{path:path}"):
    router.add_api_route(_path, store_wrong_method, methods=["PATCH", "TRACE"],
                         include_in_schema=False)
