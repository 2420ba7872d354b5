"""Liveness of the service and its query engine."""

from __future__ import annotations

from fastapi import APIRouter, Request

from graph.store.inventory import generation

router = APIRouter(tags=["health"])


@router.get("/health", summary="Liveness check")
def read_health(request: Request) -> dict[str, object]:
    """``{"ok": true, "status": "ok", "generation": g, "engine_restarts": n, "answers": {...}}``
    when the engine answers within two seconds; 503 otherwise (the engine is then busy, never
    restarted for it). ``answers``: the remembered SPARQL answers (entries, bytes, hits,
    misses). ``"status": "degraded"`` with a ``reason`` while writes fail (the disk under the
    store is full); reads still work."""
    engine = request.app.state.engine
    answer: dict[str, object] = {"ok": True, "status": "ok",
                                 "generation": engine.call(generation, timeout=2, probe=True),
                                 "engine_restarts": engine.restarts,
                                 "answers": engine.answers.stats()}
    if engine.degraded is not None:
        answer.update(status="degraded", reason=engine.degraded)
    return answer
