"""Network, compute and funding analytics: ``/analytics/…``.

Each handler calls one library function in the engine's worker (under the query deadline):
:func:`graph.analytics.network.centrality`, :func:`graph.analytics.network.communities`,
:func:`graph.analytics.network.community_members`,
:func:`graph.analytics.compute.compute_summary`, :func:`graph.analytics.funding.funding_summary`, and, with the
write token, :func:`graph.analytics.scores_graph.write_analytics`. Parameters are checked by those
functions (400 ``invalid_parameter`` for an unknown measure or class, a bad date or a limit out
of range).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request, Response

from api.auth import require_write
from graph.analytics.compute import compute_json
from graph.analytics.funding import funding_json
from graph.analytics.communities import MAX_COMMUNITIES, MAX_MEMBERS
from graph.analytics.network import MAX_LIMIT, centrality, communities, community_members
from graph.analytics.scores_graph import write_analytics

router = APIRouter(prefix="/analytics", tags=["analytics"])

AS_OF = Query(None, description="`YYYY-MM-DD`: hide facts whose time starts after this day "
                                "(planned facts stay planned).", examples=["2024-06-01"])


def _example(value: Any) -> dict[int | str, dict[str, Any]]:
    return {200: {"content": {"application/json": {"example": value}}},
            400: {"description": "a parameter is invalid (`invalid_parameter`)"}}


@router.get("/centrality", summary="Entities ranked by a centrality measure",
            responses=_example([{"rank": 1, "id": "nvidia", "label": "Nvidia",
                                 "classes": ["Company"], "score": 0.4782608695652174}]))
def read_centrality(
    request: Request,
    measure: str = Query("degree", description="`degree`, `pagerank` or `betweenness`."),
    type: str | None = Query(None, description="Local name of an aikg class (subclasses "
                             "included), e.g. `Organization`.", examples=["Organization"]),
    as_of: str | None = AS_OF,
    limit: int = Query(50, description=f"How many entities, 1 to {MAX_LIMIT}."),
) -> list[dict[str, Any]]:
    """Rank the entities of the network projection. Degree and betweenness ignore edge
    direction; PageRank follows it (subject → object). Scores are normalised (networkx) and
    computed on the whole graph (as of the date, if given) before the `type` filter;
    betweenness is exact below 2,000 entities and sampled with a fixed seed above. Ties are
    ordered by id. Without `as_of`, the numbers equal those `POST /analytics/refresh` writes to
    the graph `https://w3id.org/aikg/graph/analytics`."""
    return request.app.state.engine.call(centrality, measure=measure, type=type, as_of=as_of,
                                         limit=limit)


@router.get("/communities", summary="Louvain communities of the network, largest first",
            responses=_example([{"community": 1, "size": 3, "members": [
                {"id": "elon-musk", "label": "Elon Musk", "classes": ["Person"]}],
                "computed_at_generation": 12}]))
def read_communities(
    request: Request,
    as_of: str | None = AS_OF,
    limit: int = Query(100, description=f"How many communities, 1 to {MAX_COMMUNITIES}."),
    offset: int = Query(0, description="How many of the largest to skip."),
    members: int = Query(100, description=f"Members listed per community, 0 to {MAX_MEMBERS} "
                         "(the first by id; `size` counts all of them)."),
) -> list[dict[str, Any]]:
    """Louvain communities of the undirected projection with a fixed seed: the same graph
    always gives the same answer. Largest community first (ties by first member id); members
    sorted by id; `/analytics/communities/{community}` pages through one community's members.
    Without `as_of` they are recomputed on a schedule (at most every 5 minutes while writes
    come), not after every write: `computed_at_generation` is the store generation (`/health`)
    they were computed on; with `as_of`, the current one."""
    return request.app.state.engine.call(communities, as_of=as_of, limit=limit, offset=offset,
                                         members=members)


@router.get("/communities/{community}", summary="One community's members, a page",
            responses={**_example({"community": 1, "size": 3, "offset": 0, "members": [
                {"id": "elon-musk", "label": "Elon Musk", "classes": ["Person"]}],
                "computed_at_generation": 12}), 404: {"description": "no such community"}})
def read_community(
    request: Request,
    community: int,
    as_of: str | None = AS_OF,
    limit: int = Query(1000, description=f"How many members, 1 to {MAX_MEMBERS}."),
    offset: int = Query(0, description="How many members (by id) to skip."),
) -> dict[str, Any]:
    """The members of the community ranked `community` by `/analytics/communities` (1 is the
    largest), sorted by id, `limit` of them from `offset`."""
    return request.app.state.engine.call(community_members, community=community, as_of=as_of,
                                         limit=limit, offset=offset)


@router.get("/compute", summary="Chips per cluster and organisation",
            responses=_example({"as_of": None, "clusters": [{
                "id": "colossus", "label": "Colossus",
                "current": ["colossus-2024-09", "colossus-planned-2024-09"],
                "chips": {"actual": {"total": 100000, "by_model": {"nvidia-h100": 100000},
                                     "by_manufacturer": {"nvidia": 100000}}}}],
                "organizations": [{"id": "xai", "supplier_share": {
                    "actual": {"nvidia": 1.0}}}]}))
def read_compute(request: Request, as_of: str | None = AS_OF) -> Response:
    """Chips per compute cluster and per organisation (clusters it operates or owns, and
    holdings), split by status (actual, planned, derived, …), chip model and maker, with each
    organisation's supplier share per status. A cluster counts the latest visible state of
    each status; holdings that give only a minimum are listed under `at_least`, never added
    to exact counts."""
    return Response(request.app.state.engine.call(compute_json, as_of=as_of),
                    media_type="application/json")  # encoded once, in the worker


@router.get("/funding", summary="Funding rounds, valuations and portfolios",
            responses=_example({"as_of": None, "organizations": [{
                "id": "xai", "label": "xAI", "valuations": [
                    {"date": "2024-05", "precision": "month", "amount": 24000000000,
                     "currency": "USD", "status": "Actual", "round": "xai-round-2024-05"},
                    {"date": "2024-11", "precision": "month", "amount": 50000000000,
                     "currency": "USD", "status": "Reported",
                     "round": "xai-round-reported-2024-11"}]}],
                "investors": [{"id": "andreessen-horowitz", "portfolio": [
                    {"organization": "xai", "label": "xAI",
                     "rounds": ["xai-round-2024-05"]}]}]}))
def read_funding(request: Request, as_of: str | None = AS_OF) -> Response:
    """Per organisation: its funding rounds in time order (time with its precision, status,
    amount raised, pre- and post-money valuations with their own status and derivation,
    investors, whether the investor list is complete) and its valuation history; per
    investor: its portfolio."""
    return Response(request.app.state.engine.call(funding_json, as_of=as_of),
                    media_type="application/json")


@router.post("/refresh", summary="Rewrite the analytics graph (token required)",
             responses={200: {"content": {"application/json": {"example": {
                 "graph": "https://w3id.org/aikg/graph/analytics", "entities": 24,
                 "triples": 76, "generated_at": "2025-01-01T12:00:00Z"}}}},
                 401: {"description": "no valid bearer token"},
                 403: {"description": "the server is read-only"}})
def refresh(request: Request) -> dict[str, Any]:
    """Recompute degree, PageRank and betweenness of every entity and replace the named graph
    `https://w3id.org/aikg/graph/analytics` with them in one transaction
    (`?entity aikg:degreeCentrality|aikg:pagerank|aikg:betweennessCentrality ?value`,
    `xsd:double`), so SPARQL can `ORDER BY DESC(?pagerank)` and read the same numbers as
    `GET /analytics/centrality`. Needs `Authorization: Bearer <token>`."""
    require_write(request)
    return request.app.state.engine.call(write_analytics, write=True)
