"""The FastAPI application factory.

``create_app(kg, settings)`` builds the app around a store it is given (tests pass a seeded
in-memory store); without one, the app's lifespan opens the on-disk store named by the settings,
installs the seeds and closes the store at shutdown. Importing this module does nothing else.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import errors
from api.routes import health, sparql
from graph.errors import KGError
from graph.seeding import ensure_seeded
from graph.settings import Settings
from graph.store import KnowledgeStore


def create_app(kg: KnowledgeStore | None = None, settings: Settings | None = None) -> FastAPI:
    """Build the aikg HTTP application.

    Args:
        kg: the store to serve; ``None`` opens (and seeds) ``settings.store_path`` at startup.
        settings: limits and paths; defaults to :meth:`Settings.from_env`.
    """
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = kg is None
        store = KnowledgeStore.open(settings.store_path) if owned else kg
        if owned:
            ensure_seeded(store, settings)
        app.state.kg = store
        try:
            yield
        finally:
            if owned:
                store.close()

    app = FastAPI(title="aikg", version="0.1.0", lifespan=lifespan,
                  summary="A knowledge graph of the AI industry: SPARQL and REST.")
    app.state.settings = settings
    if kg is not None:
        app.state.kg = kg
    app.include_router(sparql.router)
    app.include_router(health.router)
    app.add_exception_handler(KGError, errors.handle_kg_error)
    app.add_exception_handler(StarletteHTTPException, errors.handle_http_error)
    app.add_exception_handler(RequestValidationError, errors.handle_validation_error)
    app.add_exception_handler(Exception, errors.handle_unexpected)
    return app
