"""The last whole-graph communities, kept beside an on-disk store across restarts.

A Louvain run over the whole projection takes minutes at 10M quads; after a restart with no
write since, its answer is still the current one. So each run's result is written to
:data:`FILE` in the store's directory with the snapshot key of the store state it was computed
on (:func:`graph.projection.snapshot.state`: the store's id, durable write count and the
projection's code), and a process's first request for communities reads it instead of running
Louvain when that key is the store's key now. A file with another key, or that does not parse,
or whose CRC-32 differs, is ignored (a run is made as without it).
"""

from __future__ import annotations

import json
import logging
import os
import zlib
from typing import Any

import networkx as nx

from graph.projection import snapshot
from graph.store.base import KnowledgeStore

FILE = "aikg-communities.json"
log = logging.getLogger("aikg.analytics")


def save(kg: KnowledgeStore, key: dict[str, Any] | None, found: list[list[Any]]) -> None:
    """Keep ``found`` for the store state ``key`` (never raises: only a missed speed-up)."""
    path = snapshot.location(kg)
    if path is None or key is None:
        return
    target = path.with_name(FILE)
    temporary = target.with_name(f"{FILE}.{os.getpid()}.tmp")
    try:
        body = json.dumps(found)
        temporary.write_text(json.dumps({"key": key, "crc": zlib.crc32(body.encode()),
                                         "communities": body}), encoding="utf-8")
        os.replace(temporary, target)
    except (OSError, TypeError, ValueError):
        log.exception("keeping the communities in %s failed", target)
        temporary.unlink(missing_ok=True)


def load(kg: KnowledgeStore, base: nx.MultiDiGraph) -> list[list[Any]] | None:
    """The communities kept for the store state ``base`` is the projection of, if any."""
    path, current = snapshot.location(kg), snapshot.state(kg)
    if path is None or current is None or current[0] != base.graph["generation"]:
        return None
    try:
        data = json.loads(path.with_name(FILE).read_text(encoding="utf-8"))
        if data["key"] != current[1] or zlib.crc32(data["communities"].encode()) != data["crc"]:
            return None
        found = json.loads(data["communities"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    valid = isinstance(found, list) and all(
        isinstance(c, list) and all(isinstance(n, str) for n in c) for c in found)
    return found if valid else None
