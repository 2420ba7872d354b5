"""The ingestion pages people use in a browser: the paste-an-article form at ``/ingest/new``, and
the HTML answers of ``GET /ingest`` (the list) and ``GET /ingest/{id}`` (the review screen),
which :mod:`api.routes.ingest` gives when the client prefers ``text/html``.

This router is included before the ingest router so that ``/ingest/new`` is never read as an
ingestion id. The pages' buttons call the JSON routes with the token typed into the page.
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.negotiation import choose
from api.pages import page
from graph.site.review import ingestions_page, new_ingestion_page, review_page

router = APIRouter(tags=["pages"])


def wants_page(request: Request, offers: list[str], fmt: str | None) -> bool:
    """True when ``?format=html``, or (without ``format``) when ``Accept`` prefers
    ``text/html`` to every one of ``offers`` (a browser does; ``*/*`` and API clients do not)."""
    if fmt:
        return fmt.lower() == "html"
    return choose(request.headers.get("accept"), [*offers, "text/html"]) == "text/html"


async def review_html(request: Request, ingestion_id: str) -> HTMLResponse:
    """The review screen of one ingestion."""
    return await page(request, review_page, ingestion_id=ingestion_id)


async def ingestions_html(request: Request) -> HTMLResponse:
    """The list of ingestions."""
    return await page(request, ingestions_page)


@router.get("/ingest/new", summary="Page: paste an article to ingest",
            response_class=HTMLResponse)
async def new_ingestion(request: Request,
                        lang: str | None = Query(None, description="`en` or `pt`; default "
                                                 "from `Accept-Language`.")) -> Response:
    """A form for an article's text, language, publication date, source URL and title, and the
    write token (kept only in the page); its script sends them to `POST /ingest` and opens the
    review screen of the new ingestion."""
    return await page(request, new_ingestion_page)
