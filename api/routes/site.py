"""The web site's own pages and files: the home page and the static files the pages load.

Each page route renders one function of :mod:`graph.site` in the engine (:func:`api.pages.page`)
or, with ``?format=json``, returns that page's content as JSON.
"""

from __future__ import annotations

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from api.pages import data, page, wants_json
from graph.site.assets import static_file
from graph.site.home import home_data, home_page

router = APIRouter(tags=["pages"])
HTML = {200: {"content": {"text/html": {}, "application/json": {}},
              "description": "An HTML page, or its content as JSON with `?format=json`."}}
LANG_DOC = "`en` or `pt`; default from `Accept-Language`."


@router.get("/", summary="Home page: search and what the graph holds", responses=HTML)
async def home(request: Request,
               q: str | None = Query(None, description="Search entities by name."),
               lang: str | None = Query(None, description=LANG_DOC),
               format: str | None = Query(None, description="`json` for the page's content."),
               ) -> Response:
    """Entities per class, facts per status, sources, the latest ingestions; with `q`, the
    entities whose names match."""
    if wants_json(request):
        return await data(request, home_data, q=q)
    return await page(request, home_page, q=q)


@router.get("/static/{path:path}", summary="A static file of the web pages",
            include_in_schema=False)
def static(request: Request, path: str = Path()) -> Response:
    content, media, etag = static_file(path)
    headers = {"ETag": etag, "Cache-Control": "public, max-age=3600",
               "X-Content-Type-Options": "nosniff"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(content, media_type=media, headers=headers)
