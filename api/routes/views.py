"""HTML graph views: the whole graph, an entity's neighbourhood, a path, a query result.

Each handler calls one function of :mod:`graph.views.pages` in the query engine and returns its
self-contained page with a Content-Security-Policy that forbids every external load (the page
inlines vis-network and needs nothing else); its header's search form may only submit to this
site (``form-action 'self'``).
"""

from __future__ import annotations

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from api.routes.paths import AMBIGUOUS
from graph.sparql.execute import QueryLimits
from graph.views.pages import entity_view_html, path_view_html, query_view_html, whole_graph_html

router = APIRouter(tags=["views"])

CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "img-src data:; base-uri 'none'; form-action 'self'; frame-ancestors 'self'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "no-referrer"}
HTML = {200: {"content": {"text/html": {}}, "description": "A self-contained HTML page."}}
LANG_DOC = "Labels in `en` or `pt`."
AS_OF_DOC = "`YYYY-MM-DD`: hide facts whose time starts after that day."


def page(html: str) -> HTMLResponse:
    """A view with the no-external-loads security headers."""
    return HTMLResponse(html, headers=HEADERS)


@router.get("/view", summary="Interactive view of the whole graph", response_class=HTMLResponse,
            responses=HTML)
def view_graph(request: Request,
               as_of: str | None = Query(None, description=AS_OF_DOC, examples=["2024-06-01"]),
               type: list[str] | None = Query(None, description="Only entities of these "
                                              "classes (repeatable; subclasses included).",
                                              examples=[["Company"]]),
               lang: str = Query("en", description=LANG_DOC, examples=["pt"]),
               ) -> HTMLResponse:
    """Every entity and relation, coloured by class; past 300 nodes laid out on the server
    with physics off, and at most 1,500 nodes drawn (the page says how many of how many)."""
    return page(request.app.state.engine.call(whole_graph_html, as_of=as_of, classes=type,
                                              lang=lang))


@router.get("/view/path", summary="Interactive view of the paths between two entities",
            response_class=HTMLResponse, responses={**HTML, **AMBIGUOUS})
def view_path(request: Request,
              source: str = Query(alias="from", description="Start entity: slug, IRI or "
                                  "name (label or alias).", examples=["Elon Musk"]),
              target: str = Query(alias="to", description="End entity: slug, IRI or name "
                                  "(label or alias).", examples=["oracle"]),
              max_hops: int = Query(4, description="Longest path, 1–6 hops.", examples=[4]),
              limit: int = Query(10, description="Paths to draw, 1–100.", examples=[10]),
              as_of: str | None = Query(None, description=AS_OF_DOC),
              lang: str = Query("en", description=LANG_DOC),
              ) -> HTMLResponse:
    """Every path `/paths` finds (at most `limit`), the shortest thick and red, the others
    lighter red, among the paths' entities and their neighbours; the title says how many.
    A name that fits several entities (or none exactly) answers 300 with the candidates."""
    return page(request.app.state.engine.call(path_view_html, from_id=source, to_id=target,
                                              max_hops=max_hops, limit=limit, as_of=as_of,
                                              lang=lang))


@router.get("/view/query", summary="Interactive view of a SPARQL result",
            response_class=HTMLResponse, responses=HTML)
def view_query(request: Request,
               query: str = Query(description="A CONSTRUCT or DESCRIBE query, or a SELECT with "
                                  "Wikidata's graph-view variables `?item ?itemLabel "
                                  "?linkedItem ?linkedItemLabel ?edgeLabel ?rgb`."),
               lang: str = Query("en", description=LANG_DOC),
               ) -> HTMLResponse:
    """A query result as a graph; the query is guarded and row-capped like `/sparql`."""
    settings = request.app.state.settings
    limits = QueryLimits(max_bytes=settings.max_query_bytes, max_depth=settings.max_query_depth,
                         max_rows=settings.max_rows)
    return page(request.app.state.engine.call(query_view_html, text=query, lang=lang,
                                              limits=limits))


@router.get("/view/entity/{entity_id:path}", summary="Interactive view of an entity's "
            "neighbourhood", response_class=HTMLResponse, responses=HTML)
def view_entity(request: Request,
                entity_id: str = Path(description="A slug such as `nvidia` or an entity IRI.",
                                      examples=["colossus"]),
                depth: int = Query(1, description="Hops, 1–3.", examples=[2]),
                as_of: str | None = Query(None, description=AS_OF_DOC),
                lang: str = Query("en", description=LANG_DOC),
                ) -> HTMLResponse:
    """The entity (larger, thick border) and every entity within `depth` hops."""
    return page(request.app.state.engine.call(entity_view_html, id_or_iri=entity_id,
                                              depth=depth, as_of=as_of, lang=lang))
