"""``/docs``: the interactive API documentation (Swagger UI) served from the package, so it
works offline and under the site's strict CSP; FastAPI's own ``/docs`` (Swagger UI from a CDN,
started by an inline script) and ``/redoc`` (ReDoc from a CDN) are turned off in
:func:`api.app.create_app`."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.pages import html, page_lang
from graph.site.apidocs import docs_page

router = APIRouter()


@router.get("/docs", include_in_schema=False)
def docs(request: Request) -> HTMLResponse:
    request.state.html = True
    return html(docs_page(lang=page_lang(request), openapi_url=request.app.openapi_url,
                          here=request.url.path, params=dict(request.query_params)))
