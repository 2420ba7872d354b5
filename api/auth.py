"""Who may write: a bearer token compared in constant time; read-only mode; never cookies.

Writes (SPARQL updates, Graph Store writes, uploads) call :func:`require_write` first. Reads
are open. There is no cookie or session authentication at all, so a cross-site form POST can
never carry credentials (no CSRF).
"""

from __future__ import annotations

import hmac

from fastapi import Request

from graph.errors import KGError


class Unauthorized(KGError):
    """No valid bearer token (HTTP 401 with ``WWW-Authenticate: Bearer``)."""

    code = "unauthorized"
    headers = {"WWW-Authenticate": 'Bearer realm="aikg"'}


class Forbidden(KGError):
    """Writing is not allowed on this server (HTTP 403)."""

    code = "forbidden"

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


def require_write(request: Request) -> None:
    """Raise unless the request may write to the store."""
    settings = request.app.state.settings
    if settings.read_only:
        raise Forbidden("updates are disabled on this server (read-only mode)", code="read_only")
    if not settings.token:
        raise Forbidden("writes are disabled: the server has no write token (set AIKG_TOKEN)",
                        code="read_only")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise Unauthorized("a bearer token is required to write")
    if not hmac.compare_digest(given.strip().encode(), settings.token.encode()):
        raise Unauthorized("the bearer token is not valid")
