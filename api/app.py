"""The FastAPI application factory.

``create_app(engine, settings)`` builds the app around a running
:class:`~graph.engine.supervisor.Engine` it is given (tests share one); without one, the app's lifespan
starts an engine over the store named by the settings (opening and seeding it in the engine's
worker process) and stops it at shutdown. Importing this module does nothing else.

Middleware (outermost first): CORS, only when ``settings.cors_origins`` names origins; then the
414 cap on the request URL (``settings.max_url_bytes``) and 431 on its headers
(``settings.max_header_bytes``); client fairness (:mod:`api.fairness`); admission
control; and the direct path
of ``GET``/``POST /sparql`` to its endpoint (:class:`api.routes.sparql.SparqlFastPath`). Read-only mode and the write token are
checked per write by :mod:`api.auth`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from api import errors
from api.admission import AdmissionControl
from api.fairness import Fairness
from api.middleware import RequestHeadLimits, add_cors
from api.routes import (
    analytics,
    analytics_page,
    docs,
    entities,
    health,
    ingest,
    ingest_review,
    paths,
    query_page,
    questions,
    review,
    search,
    service,
    site,
    sparql,
    store,
    views,
)
from graph.engine.supervisor import Engine, engine_for
from graph.errors import KGError
from graph.settings import Settings


def create_app(engine: Engine | None = None, settings: Settings | None = None) -> FastAPI:
    """Build the aikg HTTP application.

    Args:
        engine: a started engine to serve; ``None`` starts one at startup and stops it at
            shutdown.
        settings: limits, token and paths; defaults to the engine's settings, else
            :meth:`Settings.from_env`.
    """
    settings = settings or (engine.settings if engine else Settings.from_env())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if engine is not None:
            app.state.engine = engine
            yield
            return
        owned = engine_for(settings).start()
        app.state.engine = owned
        try:
            yield
        finally:
            owned.close()

    app = FastAPI(title="aikg", version="0.1.0", lifespan=lifespan,
                  summary="A knowledge graph of the AI industry: SPARQL and REST.",
                  docs_url=None, redoc_url=None)  # /docs from the package: api.routes.docs
    app.state.settings = settings
    app.include_router(sparql.router)
    app.include_router(store.router)
    app.include_router(service.router)
    app.include_router(entities.router)
    app.include_router(search.router)
    app.include_router(paths.router)
    app.include_router(analytics.router)
    app.include_router(questions.router)
    app.include_router(views.router)
    app.include_router(review.router)  # before ingest: /ingest/new is a page, not an id
    app.include_router(ingest_review.router)  # before ingest: /ingest/log is not an id
    app.include_router(ingest.router)
    app.include_router(health.router)
    app.include_router(site.router)
    app.include_router(analytics_page.router)
    app.include_router(query_page.router)
    app.include_router(docs.router)
    app.add_exception_handler(KGError, errors.handle_kg_error)
    app.add_exception_handler(StarletteHTTPException, errors.handle_http_error)
    app.add_exception_handler(RequestValidationError, errors.handle_validation_error)
    app.add_exception_handler(ClientDisconnect, errors.handle_client_disconnect)
    app.add_exception_handler(Exception, errors.handle_unexpected)
    app.add_middleware(sparql.SparqlFastPath)  # innermost: behind every check below
    app.add_middleware(AdmissionControl, per_client=settings.max_requests_per_client,
                       total=settings.max_requests_total)
    app.add_middleware(Fairness)  # outside admission: a refused client costs nothing
    app.add_middleware(RequestHeadLimits, max_url_bytes=settings.max_url_bytes,
                       max_header_bytes=settings.max_header_bytes)
    add_cors(app, settings.cors_origins)  # added last: outermost, so 414s carry CORS headers
    return app
