"""The search's label index kept beside an on-disk store, so a restart does not build it again.

Building the index of a projection (:class:`graph.explore.label_index.LabelIndex`: every label
and alias normalised, sorted by compact form and by word-start suffix, and the fuzzy index)
takes ~15 s of Python at 10M quads, and searches answer 503 until it exists. So the index of a
large projection (:data:`KEEP_FROM_NAMES` names or more) is written with the whole-store answers
(:mod:`graph.store.kept`, file ``graph.explore.label_index.bin``): an uncompressed ``.npz`` of
the names by column (string tables: UTF-8 joined by NUL), the sorted orders and the fuzzy
index's texts, owners and character counts, from which the index is put together again without
sorting, normalising or counting, its names and owners left as columns and made one at a time
when a search asks (:mod:`graph.explore.name_columns`): ~1.2 s at 10M quads on a slow day,
where the JSON this replaced took 6.1 s. It is read only for the projection of the store's state
now (the projection's generation is the store's, under its write lock) with the key, check and
code digest of every kept answer; one that does not match, or whose parts do not fit together
(counts, positions, shapes), is ignored and the index built as without it.

Registers the listener that starts each new projection's index
(:func:`graph.projection.cache.on_refresh`); the worker imports this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from graph.explore.fuzzy_index import COLUMNS, FuzzyIndex
from graph.explore.label_index import LabelIndex, index_for
from graph.explore.name_columns import NameColumns, Owners
from graph.projection.cache import on_refresh
from graph.store import kept
from graph.store.base import KnowledgeStore
from graph.store.npz import npz_arrays, npz_bytes

NAME = "graph.explore.label_index"
SEPARATOR = "\x00"
KEEP_FROM_NAMES = 50_000
"""Names from which an index is kept (a smaller one is built in well under a second)."""


def to_arrays(index: LabelIndex) -> dict[str, np.ndarray]:
    """The index as arrays: its names by column (the entity IRIs as a table of distinct ones),
    its sorted orders, and the fuzzy index's texts, owners and character counts (``ValueError``
    for a string holding a NUL character, which separates the strings of a table)."""
    names = index.names
    iris = [n.iri for n in names]
    table = list(dict.fromkeys(iris))
    code = {iri: k for k, iri in enumerate(table)}
    by_compact, suffix_ids, suffix_starts = index.parts
    owners = index.fuzzy.owners
    return {"sizes": np.array([len(names), len(table), len(index.fuzzy.texts)], np.int64),
            "iri_table": _pack(table), "iri": np.array([code[i] for i in iris], np.int32),
            "text": _pack([n.text for n in names]), "spaced": _pack([n.spaced for n in names]),
            "alias": np.array([i for i, n in enumerate(names) if n.field == "alias"], np.int32),
            "by_compact": np.asarray(by_compact, np.int32),
            "suffix_ids": np.asarray(suffix_ids, np.int32),
            "suffix_starts": np.asarray(suffix_starts, np.int32),
            "fuzzy_texts": _pack(index.fuzzy.texts),
            "fuzzy_sizes": np.array([len(o) for o in owners], np.int32),
            "fuzzy_owners": np.array([i for o in owners for i in o], np.int32),
            "fuzzy_counts": index.fuzzy.counts}


def from_arrays(arrays: dict[str, np.ndarray]) -> LabelIndex:
    """The index :func:`to_arrays` made, its names and owners kept by column
    (:mod:`graph.explore.name_columns`); ``ValueError`` when its parts do not fit together
    (counts, positions, shapes). The orders themselves are trusted: the file's check and key
    say it is whole and written by this code for this very projection."""
    sizes = _positions(arrays["sizes"], None)
    if sizes.shape != (3,):
        raise ValueError("not the sizes of an index")
    size, distinct, fuzzy_size = sizes.tolist()
    table = np.array(_unpack(arrays["iri_table"], distinct) + [""], dtype=object)
    iris = table[_positions(arrays["iri"], distinct, size)].tolist()
    texts = _unpack(arrays["text"], size)
    spaced_text = _text(arrays["spaced"])
    spaced = _split(spaced_text, size)
    compacts = _split(spaced_text.replace(" ", ""), size)
    alias = np.zeros(size, dtype=bool)
    alias[_positions(arrays["alias"], size)] = True
    by_compact = _positions(arrays["by_compact"], size, size)
    suffix_ids = _positions(arrays["suffix_ids"], size)
    suffix_starts = _positions(arrays["suffix_starts"], None, len(suffix_ids))
    fuzzy_texts = _unpack(arrays["fuzzy_texts"], fuzzy_size)
    owners = _positions(arrays["fuzzy_owners"], size)
    ends = np.cumsum(_positions(arrays["fuzzy_sizes"], None, fuzzy_size))
    counts = arrays["fuzzy_counts"]
    if (size and np.bincount(by_compact, minlength=size).max() != 1) \
            or (len(ends) and int(ends[-1]) != len(owners)) \
            or counts.dtype != np.uint16 or counts.shape != (fuzzy_size, COLUMNS):
        raise ValueError("orders that do not fit the names")
    names = NameColumns(iris, texts, spaced, compacts, alias)
    return LabelIndex.from_parts(names, by_compact, suffix_ids, suffix_starts,
                                 FuzzyIndex.from_parts(fuzzy_texts, Owners(owners, ends), counts))


def encode(index: LabelIndex) -> bytes:
    """The index as the bytes of an uncompressed ``.npz`` (nothing pickled)."""
    return npz_bytes(to_arrays(index))


def decode(body: bytes) -> LabelIndex:
    """The index :func:`encode` wrote; ``ValueError`` for what is not one."""
    return from_arrays(npz_arrays(body))


def _pack(strings: list[str]) -> np.ndarray:
    text = SEPARATOR.join(strings)
    if text.count(SEPARATOR) != max(len(strings) - 1, 0):
        raise ValueError("a name holds a NUL character")
    return np.frombuffer(text.encode("utf-8", "surrogatepass"), np.uint8)


def _text(data: np.ndarray) -> str:
    if data.dtype != np.uint8 or data.ndim != 1:
        raise ValueError("not a string table")
    return data.tobytes().decode("utf-8", "surrogatepass")


def _split(text: str, count: int) -> list[str]:
    strings = text.split(SEPARATOR) if count else []
    if len(strings) != count:
        raise ValueError(f"{len(strings)} strings, not {count}")
    return strings


def _unpack(data: np.ndarray, count: int) -> list[str]:
    return _split(_text(data), count)


def _positions(values: np.ndarray, below: int | None, length: int | None = None) -> np.ndarray:
    """``values``: integers ≥ 0 (and < ``below`` when given; ``length`` of them when given)."""
    if values.ndim != 1 or values.dtype.kind not in "iu" or (
            length is not None and len(values) != length) or (values.size and (
            values.min() < 0 or (below is not None and values.max() >= below))):
        raise ValueError("not a list of positions within the names")
    return values


CODEC = kept.Codec(encode, decode, binary=True)


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
