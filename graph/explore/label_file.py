"""The search's label index kept beside an on-disk store, so a restart does not build it again.

Building the index of a projection (:class:`graph.explore.label_index.LabelIndex`: every label
and alias normalised, sorted by compact form and by word-start suffix, and the fuzzy index)
takes ~15 s of Python at 10M quads, and searches answer 503 until it exists. So the index of a
large projection (:data:`KEEP_FROM_NAMES` names or more) is written with the whole-store answers
(:mod:`graph.store.kept`, file ``graph.explore.label_index.json``): the names and the sorted
orders, from which the index is put together again without sorting or normalising (~3 s at
10M). It is read only for the projection of the store's state now (the projection's generation
is the store's, under its write lock) with the key, check and code digest of every kept answer;
one that does not match, or whose parts do not fit together (counts, positions, orders), is
ignored and the index built as without it.

Registers the listener that starts each new projection's index
(:func:`graph.projection.cache.on_refresh`); the worker imports this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from graph.explore.fuzzy_index import FuzzyIndex, Name
from graph.explore.label_index import LabelIndex, index_for
from graph.projection.cache import on_refresh
from graph.store import kept
from graph.store.base import KnowledgeStore

NAME = "graph.explore.label_index"
KEEP_FROM_NAMES = 50_000
"""Names from which an index is kept (a smaller one is built in well under a second)."""


def encode(index: LabelIndex) -> dict[str, Any]:
    """The index as JSON: its names by column and its sorted orders."""
    names = index.names
    by_compact, suffix_ids, suffix_starts = index.parts
    return {"iri": [n.iri for n in names], "text": [n.text for n in names],
            "spaced": [n.spaced for n in names],
            "alias": [i for i, n in enumerate(names) if n.field == "alias"],
            "by_compact": list(by_compact), "suffix_ids": list(suffix_ids),
            "suffix_starts": list(suffix_starts), "fuzzy_texts": index.fuzzy.texts,
            "fuzzy_sizes": [len(o) for o in index.fuzzy.owners],
            "fuzzy_owners": [i for owners in index.fuzzy.owners for i in owners]}


def decode(data: dict[str, Any]) -> LabelIndex:
    """The index :func:`encode` wrote; ``ValueError`` when its parts do not fit together
    (counts, positions). The orders themselves are trusted: the file's check and key say it is
    whole and written by this code for this very projection."""
    iris, texts, spaced = _strings(data["iri"]), _strings(data["text"]), _strings(data["spaced"])
    size = len(iris)
    if len(texts) != size or len(spaced) != size:
        raise ValueError("columns of different lengths")
    fields = ["label"] * size
    for k in _positions(data["alias"], size).tolist():
        fields[k] = "alias"
    compacts = [form.replace(" ", "") for form in spaced]
    words = map(tuple, map(str.split, spaced))
    names = list(map(Name._make, zip(iris, texts, fields, spaced, compacts, words)))
    by_compact = _positions(data["by_compact"], size)
    suffix_ids = _positions(data["suffix_ids"], size)
    suffix_starts = _positions(data["suffix_starts"], None)
    fuzzy_texts, sizes = _strings(data["fuzzy_texts"]), _positions(data["fuzzy_sizes"], None)
    flat = _positions(data["fuzzy_owners"], size).tolist()
    if len(by_compact) != size or (size and np.bincount(by_compact, minlength=size).max() != 1) \
            or len(suffix_ids) != len(suffix_starts) or len(sizes) != len(fuzzy_texts) \
            or int(sizes.sum()) != len(flat):
        raise ValueError("orders that do not fit the names")
    ends = np.cumsum(sizes).tolist()
    owners = [flat[end - n:end] for n, end in zip(sizes.tolist(), ends)]
    return LabelIndex.from_parts(names, by_compact.tolist(), suffix_ids.tolist(),
                                 suffix_starts.tolist(),
                                 FuzzyIndex.from_parts(fuzzy_texts, owners))


def _strings(values: Any) -> list[str]:
    if type(values) is not list:
        raise ValueError("not a list of strings")
    try:
        "".join(values)  # one pass in C: a TypeError at the first value that is not a string
    except TypeError:
        raise ValueError("not a list of strings") from None
    return values


def _positions(values: Any, size: int | None) -> np.ndarray:
    """``values`` as integers ≥ 0 (and < ``size`` when given), checked."""
    if type(values) is not list:
        raise ValueError("not a list of positions")
    found = np.array(values) if values else np.zeros(0, dtype=np.int64)
    if found.ndim != 1 or found.dtype.kind != "i" or (found.size and (
            found.min() < 0 or (size is not None and found.max() >= size))):
        raise ValueError("not a list of positions within the names")
    return found


CODEC = kept.Codec(encode, decode)


@dataclass(frozen=True)
class KeptIndex:
    """The label index kept beside ``kg`` (a :class:`~graph.explore.label_index.Keeper`)."""

    kg: KnowledgeStore

    def read(self, graph: nx.MultiDiGraph) -> LabelIndex | None:
        state = self._state(graph)
        if state is None:
            return None
        found = kept.read(kept.place(self.kg), NAME, state, CODEC)  # type: ignore[arg-type]
        return None if found is kept.MISSING else found

    def write(self, graph: nx.MultiDiGraph, index: LabelIndex) -> None:
        state = self._state(graph)
        if state is not None and len(index.names) >= KEEP_FROM_NAMES:
            kept.write(kept.place(self.kg), NAME, state, CODEC, index)  # type: ignore[arg-type]

    def _state(self, graph: nx.MultiDiGraph) -> dict[str, Any] | None:
        """The store's state now, if ``graph`` is its projection."""
        with self.kg.writing():
            generation, state = self.kg.generation, kept.key(self.kg)
        return state if generation == graph.graph.get("generation") else None


def keeper(kg: KnowledgeStore) -> KeptIndex | None:
    """Where ``kg``'s label index is kept, ``None`` for a store that keeps nothing."""
    return KeptIndex(kg) if kept.place(kg) is not None else None


def _warm(kg: KnowledgeStore, graph: nx.MultiDiGraph) -> None:
    """Start building (or reading) the index of each new projection as soon as it is cached
    (listener of :func:`graph.projection.cache.on_refresh`)."""
    index_for(graph, kept=keeper(kg))


on_refresh(_warm)
