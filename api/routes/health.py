"""Liveness of the service and its query engine."""

from __future__ import annotations

from fastapi import APIRouter, Request

from graph.store.inventory import generation

router = APIRouter(tags=["health"])


@router.get("/health", summary="Liveness check")
def read_health(request: Request) -> dict[str, object]:
    """``{"ok": true, "generation": g, "engine_restarts": n}`` when the engine answers within
    two seconds; 503 otherwise."""
    engine = request.app.state.engine
    return {"ok": True, "generation": engine.call(generation, timeout=2),
            "engine_restarts": engine.restarts}
