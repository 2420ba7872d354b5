"""Label search over the entities of the projection: English and Portuguese labels and aliases.

Matching is case-, accent- and punctuation-insensitive: both sides go through
:func:`normalise` (Unicode NFKD, combining marks dropped, case folded, anything but letters
and digits turned into one space), and are compared without spaces too, so ``jensen-huang``,
``JÉNSEN HUANG`` and ``jensenhuang`` all equal ``Jensen Huang``. Tiers, best first:

========== ========================================================= =============
tier       the normalised query …                                    score
========== ========================================================= =============
exact      equals the name                                           1.0
prefix     starts the name                                           0.90–0.99
word       starts a word of the name                                 0.80–0.89
substring  occurs in the name                                        0.70–0.79
fuzzy      is close to the name or one of its words (difflib ratio   0.45–0.60
           ≥ :data:`FUZZY_CUTOFF`)
========== ========================================================= =============

Inside a tier the score grows with the share of the name matched, so shorter names rank first
("nvid" → Nvidia before Nvidia H100); an alias scores 0.005 below a label. Each entity appears
once, with its best match; ties go by id.

The names come from :func:`graph.explore.label_index.label_index` (built once per projection, i.e. once
per store generation). Queries are answered from the projection's
:class:`~graph.explore.label_index.LabelIndex` (prefix and word ranges, a substring search, a filtered
fuzzy pass), which finds exactly the names a scan of every name would score; until the index is
built (on a background thread, started by the worker or by the first search) the same answer
comes from that scan (:func:`scan`).
"""

from __future__ import annotations

import difflib
from typing import Any

import networkx as nx
import numpy as np

from graph.errors import EngineUnavailable, InvalidInput
from graph.explore.fuzzy_index import FUZZY_CUTOFF, fuzzy_ratio
from graph.explore.label_file import keeper
from graph.explore.label_index import (
    ALIAS_PENALTY,
    LabelIndex,
    Name,
    index_for,
    label_index,
)
from graph.explore.normalise import normalise, score_name
from graph.projection.cache import projection
from graph.store.base import KnowledgeStore

__all__ = ["FUZZY_CUTOFF", "MAX_LIMIT", "MAX_QUERY", "label_index", "normalise", "scan", "search"]

MAX_LIMIT = 100
MAX_QUERY = 200

Best = dict[str, tuple[float, int, str]]
"""Entity IRI → (score, position of the name in the name list, tier) of its best match so far;
between equal scores the earlier name wins."""


def _keep(best: Best, names: list[Name], i: int, score: float, tier: str) -> None:
    iri = names[i].iri
    score -= ALIAS_PENALTY if names[i].field == "alias" else 0.0
    old = best.get(iri)
    if old is None or score > old[0] or (score == old[0] and i < old[1]):
        best[iri] = (score, i, tier)


def scan(names: list[Name], query: str, limit: int) -> Best:
    """Best match per entity by scoring every name (the reference the index must equal)."""
    compact = query.replace(" ", "")
    best: Best = {}
    for i, name in enumerate(names):
        scored = score_name(query, compact, name)
        if scored is not None:
            _keep(best, names, i, *scored)
    if len(best) >= limit:  # fuzzy hits rank last: skip them when the page is full
        return best
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(compact)
    found = set(best)
    for i, name in enumerate(names):
        if name.iri not in found:
            ratio = fuzzy_ratio(matcher, (name.compact, *name.words))
            if ratio >= FUZZY_CUTOFF:
                _keep(best, names, i, 0.6 * ratio, "fuzzy")
    return best


def indexed(index: LabelIndex, query: str, limit: int) -> Best:
    """:func:`scan`'s answer from the index: the same names, found without scanning."""
    compact = query.replace(" ", "")
    names, best = index.names, {}
    # Exact, prefix and word hits outrank every substring hit (> 0.795 against ≤ 0.79) and
    # substring hits every fuzzy one: a tier is looked at only while the page is not full.
    heads, scores = index.heads(query, compact)
    if _take(best, names, query, compact, heads, scores, limit):
        return best
    rest, scores = index.substrings(compact, heads)
    if _take(best, names, query, compact, rest, scores, limit):
        return best
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(compact)
    found = set(best)
    for i, ratio in index.fuzzy.scores(matcher, compact).items():
        if names[i].iri not in found:
            _keep(best, names, i, 0.6 * ratio, "fuzzy")
    return best


def _take(best: Best, names: list[Name], query: str, compact: str, positions: np.ndarray,
          scores: np.ndarray, limit: int) -> bool:
    """Score names given best first until ``limit`` entities are in ``best`` and the next
    name scores less than the last of them (ties are all taken: they rank by id); whether
    the page is full. Scores are recomputed by :func:`score_name` for the names taken."""
    cut = None
    for i, estimate in zip(positions.tolist(), scores.tolist()):
        if cut is not None and estimate < cut - 1e-9:
            return True
        _keep(best, names, i, *score_name(query, compact, names[i]))
        if cut is None and len(best) >= limit:
            cut = estimate
    return len(best) >= limit


SCAN_LIMIT = 250_000
"""Above this many projected nodes a search never scans every name: it waits up to
:data:`INDEX_WAIT` seconds for the label index, then answers 503 with ``Retry-After``."""
INDEX_WAIT = 5.0


def search(kg: KnowledgeStore, q: str, *, limit: int = 10) -> dict[str, Any]:
    """Entities whose label or alias matches ``q``, best first (see the module docstring).

    Raises:
        InvalidInput: empty or over-long ``q``, ``limit`` outside 1–100.
    """
    if not isinstance(q, str) or not q.strip() or len(q) > MAX_QUERY:
        raise InvalidInput(f"q must have 1 to {MAX_QUERY} characters", parameter="q")
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}", parameter="limit")
    graph = projection(kg)
    query = normalise(q)
    if not query:
        return {"query": q, "normalised": "", "hits": []}
    index = index_for(graph, kept=keeper(kg))
    if index is None and graph.number_of_nodes() > SCAN_LIMIT:
        index = index_for(graph, wait=True, timeout=INDEX_WAIT, kept=keeper(kg))
        if index is None:  # scanning this many names could pass the request deadline
            error = EngineUnavailable("the search index is being built after a change; retry")
            error.retry_after = 5
            raise error
    names = index.names if index is not None else label_index(graph)
    best = indexed(index, query, limit) if index is not None else scan(names, query, limit)
    return {"query": q, "normalised": query, "hits": hits(graph, names, best, limit)}


def hits(graph: nx.MultiDiGraph, names: list[Name], best: Best,
         limit: int) -> list[dict[str, Any]]:
    """The ``limit`` best entities of ``best`` as JSON hits, by score then id."""
    ranked = sorted(best.items(), key=lambda h: (-h[1][0], graph.nodes[h[0]]["id"]))
    found = []
    for iri, (score, position, tier) in ranked[:limit]:
        name, data = names[position], graph.nodes[iri]
        found.append({"id": data["id"], "iri": name.iri, "label": data["label_en"],
                      "matched": name.text, "field": name.field, "match": tier,
                      "score": round(score, 3), "classes": data["classes"]})
    return found
