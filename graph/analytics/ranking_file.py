"""The whole-graph PageRank and degree rankings kept beside an on-disk store, so a restart does
not rank the graph again.

Each new projection's rankings are precomputed (:mod:`graph.analytics.network`): at 10M quads
the CSR arrays, the power iteration and two sorts of 634k entities by score and id hold the
interpreter for ~2 s (4 s on a slow day) right when a restart's first requests come. The
rankings of a large projection (:data:`KEEP_FROM_NODES` nodes or more) are therefore kept with
the whole-store answers (:mod:`graph.store.kept`, ``graph.analytics.rankings.bin``): an
uncompressed ``.npz`` holding, per measure, the ranked nodes as positions in the projection's
node order (which its snapshot keeps, :mod:`graph.projection.snapshot_format`) and their scores.
They are read only for the projection of the store's state now, with the key, check and code
digest of every kept answer; positions that do not fit the projection (out of range, repeated)
make the file ignored and the rankings computed as without it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import networkx as nx
import numpy as np

from graph.store import kept
from graph.store.base import KnowledgeStore

NAME = "graph.analytics.rankings"
MEASURES = ("pagerank", "degree")
KEEP_FROM_NODES = 50_000
"""Nodes from which rankings are kept (a smaller graph is ranked in well under a second)."""
Ranked = list[tuple[Any, float]]
log = logging.getLogger("aikg.analytics")


CODEC = kept.ARRAYS


def _state(kg: KnowledgeStore, base: nx.MultiDiGraph) -> dict[str, Any] | None:
    """The store's state now, if ``base`` is its projection and it keeps answers."""
    if kept.place(kg) is None or len(base) < KEEP_FROM_NODES:
        return None
    with kg.writing():
        generation, state = kg.generation, kept.key(kg)
    return state if generation == base.graph.get("generation") else None


def read(kg: KnowledgeStore, base: nx.MultiDiGraph) -> dict[str, Ranked]:
    """Measure → ranking kept for ``base``, the projection of ``kg`` now; empty when none is."""
    state = _state(kg, base)
    if state is None:
        return {}
    found = kept.read(kept.place(kg), NAME, state, CODEC)  # type: ignore[arg-type]
    if found is kept.MISSING:
        return {}
    nodes = np.array(list(base._node), dtype=object)
    rankings = {}
    for measure in MEASURES:
        order, scores = found.get(f"{measure}_order"), found.get(f"{measure}_score")
        if order is None or scores is None or order.ndim != 1 or order.dtype.kind not in "iu" \
                or scores.dtype != np.float64 or scores.shape != order.shape \
                or (order.size and (order.min() < 0 or order.max() >= len(nodes)
                                    or np.bincount(order).max() > 1)):
            log.warning("kept rankings ignored: they do not fit the projection")
            return {}
        rankings[measure] = list(zip(nodes[order].tolist(), scores.tolist()))
    return rankings


def write(kg: KnowledgeStore, base: nx.MultiDiGraph, rankings: dict[str, Ranked]) -> None:
    """Keep ``rankings`` (every measure of :data:`MEASURES`) of ``base``, the projection of
    ``kg`` now (nothing when it is not, or is small; never raises)."""
    state = _state(kg, base)
    if state is None:
        return
    position = {node: k for k, node in enumerate(base._node)}
    arrays = {}
    for measure in MEASURES:
        ranked = rankings[measure]
        arrays[f"{measure}_order"] = np.fromiter((position[n] for n, _ in ranked), np.int32,
                                                 count=len(ranked))
        arrays[f"{measure}_score"] = np.fromiter((s for _, s in ranked), np.float64,
                                                 count=len(ranked))
    kept.write(kept.place(kg), NAME, state, CODEC, arrays)  # type: ignore[arg-type]


class Rankings:
    """The whole-graph rankings of one projection: read from their file on first use, else
    computed, and kept once every measure is computed."""

    def __init__(self, kg: KnowledgeStore, base: nx.MultiDiGraph) -> None:
        self._kg, self._base = kg, base
        self._read: dict[str, Ranked] | None = None
        self._made: dict[str, Ranked] = {}
        self._lock = threading.Lock()

    def ranked(self, measure: str, compute: Callable[[], Ranked]) -> Ranked:
        """The ranking by ``measure``: the kept one, else ``compute()``'s."""
        with self._lock:
            if self._read is None:
                self._read = read(self._kg, self._base)
        found = self._read.get(measure)
        if found is not None:
            return found
        value = compute()
        with self._lock:
            self._made[measure] = value
            complete = set(self._made) == set(MEASURES)
        if complete:
            write(self._kg, self._base, self._made)
        return value
