"""ASGI middleware of the service: a cap on the request target's length, and opt-in CORS.

* :class:`URLLengthLimit` answers 414 ``uri_too_long`` (the JSON error shape) before routing when
  the path plus query string is longer than ``settings.max_url_bytes``: large queries go by
  POST, and no handler ever parses a 60 KB URL.
* :func:`add_cors` installs Starlette's CORS middleware only when the operator named origins
  (``settings.cors_origins``). Credentials are never allowed, so no origin is ever reflected
  together with ``Access-Control-Allow-Credentials: true``. Origins are checked with
  :func:`check_origin`: a scheme, a host and an optional port, exactly as a browser sends them.
"""

from __future__ import annotations

import re

from fastapi import FastAPI
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import error_response
from graph.errors import InvalidInput

CORS_METHODS = ("GET", "POST", "PUT", "DELETE", "HEAD")
CORS_HEADERS = ("authorization", "content-type", "accept")
CORS_EXPOSED = ("X-SPARQL-MaxRows", "Location", "Retry-After")
"""Response headers a browser script may read (row cap, created graph, back-off)."""

_ORIGIN = re.compile(r"https?://(?:[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")


def check_origin(origin: str) -> str:
    """Return ``origin`` if it is ``*`` or ``scheme://host[:port]`` (no path, no trailing
    slash), else raise :class:`~graph.errors.InvalidInput`; ``null`` is refused (sandboxed
    pages send it)."""
    if origin == "*" or _ORIGIN.fullmatch(origin):
        return origin
    raise InvalidInput(f"not a CORS origin: {origin!r}; write it as scheme://host[:port], "
                       "e.g. https://app.example")


class JSONCORSMiddleware(CORSMiddleware):
    """Starlette's CORS middleware, with refused preflights in the service's JSON error shape."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        headers = {k: v for k, v in response.headers.items()
                   if k.lower() not in ("content-length", "content-type")}
        return error_response(response.status_code, "cors_forbidden",
                              response.body.decode("utf-8", "replace"), headers=headers)


def add_cors(app: FastAPI, origins: tuple[str, ...]) -> None:
    """Allow the browser origins ``origins`` (nothing when empty), never with credentials."""
    if not origins:
        return
    app.add_middleware(JSONCORSMiddleware, allow_origins=[check_origin(o) for o in origins],
                       allow_credentials=False, allow_methods=list(CORS_METHODS),
                       allow_headers=list(CORS_HEADERS), expose_headers=list(CORS_EXPOSED))


class RequestHeadLimits:
    """Answer 414 ``uri_too_long`` when the request's path plus query string exceed
    ``max_url_bytes``, and 431 ``headers_too_large`` when its headers exceed
    ``max_header_bytes`` (a 64 MB header was answered 200 after ~120 MB of memory)."""

    def __init__(self, app: ASGIApp, max_url_bytes: int, max_header_bytes: int) -> None:
        self.app = app
        self.max_url_bytes = max_url_bytes
        self.max_header_bytes = max_header_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path = scope.get("raw_path") or scope.get("path", "").encode("utf-8")
            size = len(path) + len(scope.get("query_string", b""))
            headers = sum(len(name) + len(value) for name, value in scope.get("headers", ()))
            response = None
            if size > self.max_url_bytes:
                response = error_response(
                    414, "uri_too_long", f"the request URL is {size} bytes; the limit is "
                    f"{self.max_url_bytes} bytes (send large queries by POST)")
            elif headers > self.max_header_bytes:
                response = error_response(
                    431, "headers_too_large", f"the request headers are {headers} bytes; the "
                    f"limit is {self.max_header_bytes} bytes")
            if response is not None:
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
