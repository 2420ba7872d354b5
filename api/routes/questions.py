"""Questions of the whole graph, with their sources: ``/analytics/rounds``,
``/analytics/suppliers``, ``/analytics/leaders`` and ``/analytics/disagreements``.

Each handler calls one function of :mod:`graph.analytics.questions` in the engine's worker
(under the query deadline); parameters are checked there (400 ``invalid_parameter``), before
it waits at most a few seconds for the answers of the store's generation, computed once in the
background (503 ``Retry-After`` while they are not ready). Suppliers and disagreements are
sent as the JSON bytes the worker gives (the kept file's own text when there is one: megabytes
at 10M quads that the serving process would otherwise encode again at every call).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request, Response

from graph.analytics.questions import (
    disagreements_json,
    largest_rounds,
    serial_leaders,
    suppliers_json,
)

router = APIRouter(prefix="/analytics", tags=["analytics"])
A_LIST = {200: {"content": {"application/json": {"schema": {
    "type": "array", "items": {"type": "object"}}}}}}
"""The answer of a route that sends the worker's JSON bytes as they are (no response model)."""


@router.get("/rounds", summary="The largest funding rounds of a period, with lead investors")
def read_rounds(request: Request,
                start: str = Query("2024", description="First year, `YYYY`."),
                end: str = Query("2025", description="Last year, `YYYY`."),
                currency: str = Query("USD", description="ISO 4217 code of the amounts."),
                limit: int = Query(20, description="How many rounds, 1 to 500.")
                ) -> list[dict[str, Any]]:
    """Rounds raised in `currency` between `start` and `end`, largest first: organisation,
    amount, post-money valuation, round label, time, status, lead investors, and every source
    that states the round (one round told by several sources is one answer)."""
    return request.app.state.engine.call(largest_rounds, start=start, end=end,
                                         currency=currency, limit=limit)


@router.get("/suppliers", summary="Who supplies chips to whom", responses=A_LIST)
def read_suppliers(request: Request) -> Response:
    """Supplier → customer pairs, stated as such or read from the chips in the customer's
    clusters and holdings (`how`), with the chips and the sources."""
    return Response(request.app.state.engine.call(suppliers_json),
                    media_type="application/json")  # encoded once, in the worker


@router.get("/leaders", summary="People who lead or founded more than one company")
def read_leaders(request: Request,
                 minimum: int = Query(2, ge=1, le=100,
                                      description="Fewest organisations a person leads or "
                                                  "founded.")) -> list[dict[str, Any]]:
    """People who are chief executive or founder of at least `minimum` organisations, each
    role with its status, times and sources."""
    return request.app.state.engine.call(serial_leaders, minimum=minimum)


@router.get("/disagreements", summary="Figures on which sources disagree", responses=A_LIST)
def read_disagreements(request: Request) -> Response:
    """Rounds (raised, post-money) and clusters (chips at one time) whose sources give
    different figures: every figure with the sources that give it."""
    return Response(request.app.state.engine.call(disagreements_json),
                    media_type="application/json")
