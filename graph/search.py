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
once, with its best match. The index is built once per projection, i.e. once per store
generation.
"""

from __future__ import annotations

import difflib
import threading
import unicodedata
import weakref
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.errors import InvalidInput
from graph.projection import projection
from graph.store import KnowledgeStore

FUZZY_CUTOFF = 0.75
MAX_LIMIT = 100
MAX_QUERY = 200


@dataclass(frozen=True)
class _Name:
    iri: str
    text: str
    field: str
    spaced: str
    compact: str
    words: tuple[str, ...]


_indexes: dict[int, tuple[weakref.ref, list[_Name]]] = {}
_lock = threading.Lock()


def normalise(text: str) -> str:
    """Lower-case, accent-free, punctuation-free text with single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in bare).split())


def label_index(graph: nx.MultiDiGraph) -> list[_Name]:
    """Every label and alias of the projection's nodes, normalised (cached per projection)."""
    with _lock:
        entry = _indexes.get(id(graph))
        if entry and entry[0]() is graph:
            return entry[1]
        names: list[_Name] = []
        for iri, data in graph.nodes(data=True):
            seen: set[str] = set()
            for field, text in ([("label", data["label_en"]), ("label", data["label_pt"])]
                                + [("alias", a) for a in data["aliases"]]):
                spaced = normalise(text)
                if spaced and spaced not in seen:
                    seen.add(spaced)
                    names.append(_Name(iri, text, field, spaced, spaced.replace(" ", ""),
                                       tuple(spaced.split())))
        for key in [k for k, e in _indexes.items() if e[0]() is None]:
            del _indexes[key]
        _indexes[id(graph)] = (weakref.ref(graph), names)
        return names


def _score(query: str, compact: str, matcher: difflib.SequenceMatcher | None,
           name: _Name) -> tuple[float, str] | None:
    """(score, tier) of one name, or ``None``; fuzzy matching only when ``matcher`` is given."""
    share = len(compact) / max(len(name.compact), 1)
    if name.compact == compact:
        return 1.0, "exact"
    if name.compact.startswith(compact):
        return 0.9 + 0.09 * share, "prefix"
    if f" {query}" in f" {name.spaced}":
        return 0.8 + 0.09 * share, "word"
    if compact in name.compact:
        return 0.7 + 0.09 * share, "substring"
    if matcher is None:
        return None
    best = 0.0
    for candidate in (name.compact, *name.words):
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= FUZZY_CUTOFF and matcher.quick_ratio() >= FUZZY_CUTOFF:
            best = max(best, matcher.ratio())
    if best >= FUZZY_CUTOFF:
        return 0.6 * best, "fuzzy"
    return None


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
    compact = query.replace(" ", "")
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(compact)
    best: dict[str, tuple[float, str, _Name]] = {}
    names = label_index(graph)
    for fuzzy in (None, matcher):  # fuzzy hits rank last: skip them when the page is full
        if fuzzy is not None and len(best) >= limit:
            break
        for name in names:
            if fuzzy is not None and name.iri in best:
                continue
            scored = _score(query, compact, fuzzy, name)
            if scored is None:
                continue
            score = scored[0] - (0.005 if name.field == "alias" else 0.0)
            if name.iri not in best or score > best[name.iri][0]:
                best[name.iri] = (score, scored[1], name)
    ranked = sorted(best.values(), key=lambda h: (-h[0], graph.nodes[h[2].iri]["id"]))
    hits = []
    for score, tier, name in ranked[:limit]:
        data = graph.nodes[name.iri]
        hits.append({"id": data["id"], "iri": name.iri, "label": data["label_en"],
                     "matched": name.text, "field": name.field, "match": tier,
                     "score": round(score, 3), "classes": data["classes"]})
    return {"query": q, "normalised": query, "hits": hits}
