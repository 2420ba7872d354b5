"""REST route for label search (:func:`graph.explore.search.search`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request

from graph.explore.search import search

router = APIRouter(tags=["search"])


@router.get("/search", summary="Find entities by name",
            responses={200: {"content": {"application/json": {"example": {
                "query": "nvid", "normalised": "nvid", "hits": [{
                    "id": "nvidia", "iri": "https://w3id.org/aikg/id/nvidia",
                    "label": "Nvidia", "matched": "Nvidia", "field": "label",
                    "match": "prefix", "score": 0.96,
                    "classes": ["https://w3id.org/aikg/ont#Company"]}]}}}}})
def get_search(request: Request,
               q: str = Query(description="Text to look for in English and Portuguese labels "
                              "and aliases.", examples=["colosso"]),
               limit: int = Query(10, description="Hits, 1–100.", examples=[5]),
               ) -> dict[str, Any]:
    """Case-, accent- and punctuation-insensitive search; exact matches rank above prefixes,
    word starts, substrings and fuzzy matches (`colosso` → Colossus, `a16z` → Andreessen
    Horowitz). Each hit gives the text that matched, the match kind and a score in 0–1."""
    return request.app.state.engine.call(search, q=q, limit=limit)
