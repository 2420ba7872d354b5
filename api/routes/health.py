"""Liveness and size of the service."""

from __future__ import annotations

from fastapi import APIRouter, Request

router = APIRouter(tags=["health"])


@router.get("/health", summary="Liveness check")
def read_health(request: Request) -> dict[str, object]:
    """``{"ok": true, "quads": n, "generation": g}`` while the service can read its store."""
    kg = request.app.state.kg
    return {"ok": True, "quads": len(kg), "generation": kg.generation}
