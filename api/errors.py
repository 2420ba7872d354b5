"""The one place where library errors become HTTP responses.

Every :class:`~graph.errors.KGError` is answered with ``{"error": code, "message": text, …}`` and
the status from :data:`STATUS`, found by walking the exception's class hierarchy. A client that
disconnects mid-request is one log line. Anything else is logged and answered 500 with a generic
body: no tracebacks, paths or tokens reach a client.
"""

from __future__ import annotations

import logging

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.routing import Match

from api.auth import Forbidden, Unauthorized
from api.fairness import FAULT_KEY
from api.negotiation import NotAcceptable
from api.pages import HEADERS
from graph import errors
from graph.site.i18n import LANGS, pick_lang
from graph.site.render import error_page

log = logging.getLogger("aikg.api")

STATUS: dict[type[errors.KGError], int] = {
    errors.KGError: 400,
    errors.InvalidInput: 400,
    errors.DataSyntaxError: 400,
    errors.ForbiddenInput: 400,
    errors.QuerySyntaxError: 400,
    errors.QueryRefused: 400,
    errors.QueryTooLarge: 413,
    errors.EntityNotFound: 404,
    errors.Ambiguous: 300,
    errors.Conflict: 409,
    errors.StoreUnavailable: 503,
    errors.ExtractorFailed: 502,
    errors.StorageFull: 507,
    errors.ValidationFailed: 422,
    errors.SeedError: 500,
    errors.InternalError: 500,
    errors.EngineUnavailable: 503,
    errors.NotProducible: 406,
    errors.UpdateFailed: 400,
    NotAcceptable: 406,
    Unauthorized: 401,
    Forbidden: 403,
}


def status_for(exc: errors.KGError) -> int:
    """The HTTP status of an error: its own ``http_status`` (protocol errors carry one), else
    the entry of its nearest class in :data:`STATUS`."""
    status = getattr(exc, "http_status", None)
    if isinstance(status, int):
        return status
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None,
                   **details: object) -> JSONResponse:
    return JSONResponse({"error": code, "message": message, **details}, status_code=status,
                        headers=headers)


def wants_html(request: Request) -> bool:
    """An error on an HTML page route, or a browser's ``GET`` of a path no route takes."""
    return bool(getattr(request.state, "html", False))


def html_error(request: Request, status: int, body: dict[str, object],
               headers: dict[str, str] | None = None) -> HTMLResponse:
    """The error as a page in the request's language, with the pages' security headers."""
    asked = request.query_params.get("lang")
    lang = pick_lang(asked if asked in LANGS else None, request.headers.get("accept-language"))
    params = {k: v for k, v in request.query_params.items() if k != "lang"}
    content = error_page(lang, status, body, here=request.url.path, params=params)
    return HTMLResponse(content, status_code=status, headers={**HEADERS, **(headers or {})})


async def handle_kg_error(request: Request, exc: errors.KGError) -> JSONResponse | HTMLResponse:
    headers = dict(getattr(exc, "headers", None) or {})
    if isinstance(exc, errors.EngineUnavailable):
        headers["Retry-After"] = str(exc.retry_after)
        if exc.fault:  # api.fairness charges it to the client
            setattr(request.state, FAULT_KEY, exc.fault)
    if wants_html(request):
        return html_error(request, status_for(exc), exc.to_dict(), headers or None)
    return JSONResponse(exc.to_dict(), status_code=status_for(exc), headers=headers or None)


async def handle_http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    codes = {404: "not_found", 405: "method_not_allowed", 413: "payload_too_large"}
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == 405:  # every method some route takes on this path, not the first's
        headers["Allow"] = ", ".join(allowed_methods(request))
    return error_response(exc.status_code, codes.get(exc.status_code, "http_error"),
                          str(exc.detail), headers=headers or None)


def allowed_methods(request: Request) -> list[str]:
    """The methods the app's routes take on the request's path, sorted (routes of included
    routers too)."""
    methods: set[str] = set()
    routes = list(request.app.router.routes)
    while routes:
        route = routes.pop()
        inner = getattr(route, "original_router", None) or getattr(route, "routes", None)
        if inner is not None:
            routes.extend(getattr(inner, "routes", inner))
            continue
        match, _ = route.matches(request.scope)
        if match is not Match.NONE:
            methods |= getattr(route, "methods", None) or set()
    return sorted(methods)


async def handle_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}"
                         for e in exc.errors())
    return error_response(400, "invalid_parameter", problems or "invalid request")


async def handle_client_disconnect(request: Request, exc: ClientDisconnect) -> Response:
    """The client went away before its request body arrived: one log line, no traceback, and
    an answer nobody will read (the server drops it)."""
    log.info("client disconnected during %s %s", request.method, request.url.path)
    return Response(status_code=400)


async def handle_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(500, "internal_error", "internal error; the server log has details")
