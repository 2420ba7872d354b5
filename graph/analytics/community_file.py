"""The last whole-graph communities, kept beside an on-disk store across restarts.

A Louvain run over the whole projection takes minutes at 10M quads; after a restart with no
write since, its answer is still the current one. So each run's result is written to
:data:`FILE` in the store's directory with the snapshot key of the store state it was computed
on (:func:`graph.projection.snapshot.state`: the store's id, durable write count and the
projection's code), and a process's first request for communities reads it instead of running
Louvain when that key is the store's key now. The file is written and checked as every kept
answer is (:func:`graph.store.kept.write` and :func:`~graph.store.kept.read`: a header with the
key and a CRC-32, written whole or not at all); one with another key, that does not parse or
whose check differs is ignored (a run is made as without it).
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.projection import snapshot
from graph.store import kept
from graph.store.base import KnowledgeStore

NAME = "aikg-communities"
FILE = f"{NAME}.json"
RANKED = {"ranked": 1}
"""Part of the key: the communities are kept ranked for the projection they were computed on
(:func:`graph.analytics.communities.whole_louvain`); a file of an older version (unranked)
does not match and is made again."""


def _decode(found: Any) -> list[list[str]]:
    if not (isinstance(found, list) and all(
            isinstance(c, list) and all(isinstance(n, str) for n in c) for c in found)):
        raise ValueError("not a list of communities")
    return found


CODEC = kept.Codec(lambda found: found, _decode)


def save(kg: KnowledgeStore, key: dict[str, Any] | None, found: list[list[Any]]) -> None:
    """Keep ``found`` for the store state ``key`` (never raises: only a missed speed-up)."""
    path = snapshot.location(kg)
    if path is not None and key is not None:
        kept.write(path.parent, NAME, {**key, **RANKED}, CODEC, found)


def load(kg: KnowledgeStore, base: nx.MultiDiGraph) -> list[list[Any]] | None:
    """The communities kept for the store state ``base`` is the projection of, if any."""
    path, current = snapshot.location(kg), snapshot.state(kg)
    if path is None or current is None or current[0] != base.graph["generation"]:
        return None
    found = kept.read(path.parent, NAME, {**current[1], **RANKED}, CODEC)
    return None if found is kept.MISSING else found
