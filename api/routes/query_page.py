"""The query page ``/query``: a SPARQL editor with example questions; with ``?query=`` the
server runs the query (the page works without JavaScript) and shows its result, or its error
with line and column, next to the editor (:mod:`graph.site.query`)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.errors import status_for
from api.pages import SITE_CSP, data, html, page_lang, wants_json
from api.routes.sparql import limits_of
from graph.site.query import query_data, query_page

router = APIRouter(tags=["pages"])
QUERY_CSP = SITE_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
"""The site's policy with inline styles allowed on this page only: YASQE's syntax-error
tooltip writes ``<strong style='text-decoration:underline'>`` through ``innerHTML`` (one
underline; refused, every hover logged a violation). Scripts stay ``'self'`` only."""
HTML = {200: {"content": {"text/html": {}, "application/json": {}},
              "description": "The page, or with `?format=json` the examples and the result."},
        400: {"description": "a query that does not parse (the page shows line and column) "
                             "or that the guard refuses; a bad `lang` or `format`"}}


@router.get("/query", summary="The SPARQL query page: editor, examples, results", responses=HTML)
async def query(request: Request,
                query: str | None = Query(None, description="A SPARQL query to run and show."),
                lang: str | None = Query(None, description="`en` or `pt`; default from "
                                         "`Accept-Language`."),
                format: str | None = Query(None, description="`json` for the content."),
                ) -> Response:
    """A SPARQL editor with syntax highlighting and prefix completion, example questions each
    runnable in one click, and with `query` its result as a table, a graph (`/view/query`)
    and downloads (`/sparql?format=…`). The query runs through the same guard and limits as
    `/sparql`."""
    if wants_json(request):
        return await data(request, query_data, query=query, lang=page_lang(request),
                          limits=limits_of(request))
    request.state.html = True
    content, error = await request.app.state.engine.acall(
        query_page, lang=page_lang(request), here=request.url.path,
        params=dict(request.query_params), query=query, limits=limits_of(request))
    response = html(content, status_code=status_for(error) if error else 200)
    response.headers["Content-Security-Policy"] = QUERY_CSP
    return response
