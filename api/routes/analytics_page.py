"""The analytics page ``/analytics``: funding and compute charts with their data tables and
the most central entities (:mod:`graph.site.analytics_page`); ``?format=json`` gives the same
content as JSON."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.pages import data, page, page_lang, wants_json
from graph.site.analytics_page import DEFAULT_MEASURE, analytics_data, analytics_page

router = APIRouter(tags=["pages"])
HTML = {200: {"content": {"text/html": {}, "application/json": {}},
              "description": "An HTML page, or its content as JSON with `?format=json`."},
        400: {"description": "a bad `as_of`, `measure`, `lang` or `format`"}}


@router.get("/analytics", summary="Charts of funding and compute, and the central entities",
            responses=HTML)
async def analytics(request: Request,
                    as_of: str | None = Query(None, description="`YYYY-MM-DD`: hide facts "
                                              "whose time starts after that day."),
                    measure: str = Query(DEFAULT_MEASURE, description="Centrality of the "
                                         "ranking: `degree`, `pagerank` or `betweenness`."),
                    lang: str | None = Query(None, description="`en` or `pt`; default from "
                                             "`Accept-Language`."),
                    format: str | None = Query(None, description="`json` for the content."),
                    ) -> Response:
    """Valuations over time and funding rounds with their investors; chips per cluster,
    organisation, chip model and AI model trained (actual, planned, derived); the top
    entities by centrality. Each chart has its data table."""
    kwargs = {"as_of": as_of or None, "measure": measure}
    if wants_json(request):
        return await data(request, analytics_data, lang=page_lang(request), **kwargs)
    return await page(request, analytics_page, **kwargs)
