"""The web site's own pages and files: the home page and the static files the pages load.

Each page route renders one function of :mod:`graph.site` in the engine (:func:`api.pages.page`)
or, with ``?format=json``, returns that page's content as JSON.
"""

from __future__ import annotations

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from api.negotiation import NotAcceptable, choose
from api.pages import data, page, page_lang, wants_json
from graph.site.assets import static_file
from graph.site.entity import entity_data, entity_page
from graph.site.home import home_data, home_page
from graph.site.linked import MEDIA_TYPES, entity_rdf
from graph.site.sources import source_data, source_page, sources_data, sources_page

router = APIRouter(tags=["pages"])
HTML = {200: {"content": {"text/html": {}, "application/json": {}},
              "description": "An HTML page, or its content as JSON with `?format=json`."}}
LANG_DOC = "`en` or `pt`; default from `Accept-Language`."
AS_OF_DOC = "`YYYY-MM-DD`: hide facts whose time starts after that day."
ID_OFFERS = ("text/turtle", "text/html", *(m for m in MEDIA_TYPES if m != "text/turtle"))


@router.get("/", summary="Home page: search and what the graph holds", responses=HTML)
async def home(request: Request,
               q: str | None = Query(None, description="Search entities by name."),
               lang: str | None = Query(None, description=LANG_DOC),
               format: str | None = Query(None, description="`json` for the page's content."),
               ) -> Response:
    """Entities per class, facts per status, sources, the latest ingestions; with `q`, the
    entities whose names match."""
    if wants_json(request):
        return await data(request, home_data, q=q, lang=page_lang(request))
    return await page(request, home_page, q=q)


@router.get("/entity/{entity_id}", summary="An entity's page", responses=HTML)
async def entity(request: Request,
                 entity_id: str = Path(description="A slug such as `nvidia`.",
                                       examples=["nvidia"]),
                 as_of: str | None = Query(None, description=AS_OF_DOC),
                 offset: int = Query(0, description="Relations to skip (hubs page by 50)."),
                 path_to: str | None = Query(None, description="Find paths to this entity "
                                             "(an id or a name)."),
                 to: str | None = Query(None, description="Same as `path_to`, by id (what "
                                        "the suggestion list fills in)."),
                 lang: str | None = Query(None, description=LANG_DOC),
                 format: str | None = Query(None, description="`json` for the page's content."),
                 ) -> Response:
    """Names, classes, Wikidata link, relations grouped by predicate with status, time and
    source, the neighbourhood graph and paths to another entity."""
    kwargs = {"entity_id": entity_id, "as_of": as_of, "offset": offset, "path_to": to or path_to}
    if wants_json(request):
        return await data(request, entity_data, **kwargs)
    return await page(request, entity_page, **kwargs)


@router.get("/sources", summary="Every source document", responses=HTML)
async def sources(request: Request, lang: str | None = Query(None, description=LANG_DOC),
                  limit: int = Query(100, description="Sources per page, 1–1000."),
                  offset: int = Query(0, description="Sources to skip."),
                  format: str | None = Query(None, description="`json` for the list."),
                  ) -> Response:
    """Title, outlet, date, language and the number of facts of each source, newest first, a
    page at a time (`total` counts them all)."""
    if wants_json(request):
        return await data(request, sources_data, limit=limit, offset=offset)
    return await page(request, sources_page, limit=limit, offset=offset)


@router.get("/source/{source_id}", summary="A source document and the facts it supports",
            responses=HTML)
async def source(request: Request,
                 source_id: str = Path(description="A document id (`article-…`) or the name "
                                       "of its graph (`doc-…`).",
                                       examples=["doc-126747c0c0c83b3e"]),
                 lang: str | None = Query(None, description=LANG_DOC),
                 format: str | None = Query(None, description="`json` for the page's content."),
                 ) -> Response:
    """Outlet, URL, date, language and every fact the source supports."""
    if wants_json(request):
        return await data(request, source_data, source_id=source_id)
    return await page(request, source_page, source_id=source_id)


@router.get("/id/{entity_id}", summary="An entity IRI, dereferenced",
            responses={200: {"content": {m: {} for m in ID_OFFERS},
                             "description": "The entity's description as RDF, or its page."}})
async def entity_iri(request: Request, entity_id: str = Path(examples=["nvidia"]),
                     lang: str | None = Query(None, description=LANG_DOC)) -> Response:
    """`https://w3id.org/aikg/id/{id}` resolves here: `Accept: text/html` gets the entity's
    page, an RDF media type (Turtle by default) its statements and those of the facts that
    mention it (`Vary: Accept`)."""
    chosen = choose(request.headers.get("accept"), ID_OFFERS)
    if chosen is None:
        raise NotAcceptable("cannot describe an entity in the requested media types; "
                            f"available: {', '.join(ID_OFFERS)}", available=list(ID_OFFERS))
    if chosen == "text/html":
        return await page(request, entity_page, entity_id=entity_id)
    body = await request.app.state.engine.acall(entity_rdf, entity_id=entity_id,
                                                media_type=chosen)
    return Response(body, media_type=chosen, headers={"Vary": "Accept"})


@router.get("/static/{path:path}", summary="A static file of the web pages",
            include_in_schema=False)
def static(request: Request, path: str = Path()) -> Response:
    content, media, etag = static_file(path)
    headers = {"ETag": etag, "Cache-Control": "public, max-age=3600",
               "X-Content-Type-Options": "nosniff"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(content, media_type=media, headers=headers)
