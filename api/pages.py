"""What every HTML page route shares: the page language, the security headers, the call of one
page function in the engine, and the JSON twin of a page (Datasette-style ``?format=json``).

Page routes mark the request (``request.state.html``) so :mod:`api.errors` answers their errors
with an HTML page instead of a JSON body.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse

from graph.errors import InvalidInput
from graph.site.i18n import pick_lang

SITE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; "
            "frame-ancestors 'self'")
HEADERS = {"Content-Security-Policy": SITE_CSP, "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "no-referrer", "Vary": "Accept, Accept-Language",
           "Cache-Control": "no-cache"}


def page_lang(request: Request) -> str:
    """``?lang=`` (``en``/``pt``), else the browser's preference, else English."""
    return pick_lang(request.query_params.get("lang"), request.headers.get("accept-language"))


def wants_json(request: Request) -> bool:
    """``?format=json``, or an ``Accept`` that names JSON and not HTML."""
    fmt = request.query_params.get("format")
    if fmt not in (None, "", "json", "html"):
        raise InvalidInput("format must be json or html", parameter="format")
    if fmt:
        return fmt == "json"
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def html(content: str, status_code: int = 200) -> HTMLResponse:
    return HTMLResponse(content, status_code=status_code, headers=HEADERS)


async def page(request: Request, func: Callable[..., str], **kwargs: Any) -> HTMLResponse:
    """Render one page function (``func(kg, lang=…, here=…, params=…, **kwargs)``) in the
    engine, with the page's language, path and query for its language switch."""
    request.state.html = True
    lang = page_lang(request)
    content = await request.app.state.engine.acall(
        func, lang=lang, here=request.url.path, params=dict(request.query_params), **kwargs)
    return html(content)


async def data(request: Request, func: Callable[..., Any], **kwargs: Any) -> JSONResponse:
    """A page's content as JSON: one data function in the engine."""
    return JSONResponse(await request.app.state.engine.acall(func, **kwargs),
                        headers={"Vary": "Accept, Accept-Language"})
