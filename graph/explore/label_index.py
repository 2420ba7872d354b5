"""The label index behind :mod:`graph.explore.search`: every label and alias of the projection's entities,
normalised, with lookup structures that find the names a query can match without scanning them.

One :class:`LabelIndex` is built per projection (i.e. per store generation) and then only read.
It answers, for a normalised query, the *candidate* names of each tier; :mod:`graph.explore.search`
scores them with :func:`~graph.explore.normalise.score_name`, the same function the plain scan
uses, so answers never depend on whether the index was ready:

* **prefix / exact**: a sorted list of the names without spaces (``compact``), cut by bisection;
* **word** (the query starts a word): a sorted list of every word-start suffix of the spaced
  name (``jensen huang`` → ``jensen huang``, ``huang``), cut by bisection;
* **substring**: one string of all compact names joined by ``\\x00``, searched with
  :meth:`str.find` (each hit jumps to the next name); every exact, prefix and word match is also a
  substring match, so this pass alone finds all non-fuzzy candidates;
* **fuzzy**: see :mod:`graph.explore.fuzzy_index` (a character-count filter that never drops a name
  difflib would accept).

:func:`index_for` returns the index of a projection, or starts building it on a background
thread and returns ``None`` so that the caller can answer with a scan meanwhile (``wait=True``
blocks instead). Each new projection's index is started as soon as the projection is cached
(:func:`graph.projection.cache.on_refresh`), so searches rarely have to scan.
"""

from __future__ import annotations

import bisect
import logging
import threading
import weakref
from collections.abc import Sequence
from typing import Protocol, overload

import networkx as nx
import numpy as np

from graph.explore.fuzzy_index import FuzzyIndex, Name
from graph.explore.name_columns import NameColumns
from graph.explore.normalise import normalise
from graph.projection.acyclic import settle
from graph.switching import collection_paused, patience, yielding

log = logging.getLogger("aikg.search")

ALIAS_PENALTY = 0.005
"""An alias scores this much below a label with the same match."""
_LAST = "\U0010ffff"
"""Sorts after every character of a normalised name: ``[q, q + _LAST)`` holds what starts with q."""


class Keeper(Protocol):
    """Where a projection's index is kept between starts (:mod:`graph.explore.label_file`)."""

    def read(self, graph: nx.MultiDiGraph) -> LabelIndex | None: ...

    def write(self, graph: nx.MultiDiGraph, index: LabelIndex) -> None: ...


_names: dict[int, tuple[weakref.ref, Sequence[Name]]] = {}
_indexes: dict[int, tuple[weakref.ref, LabelIndex]] = {}
_building: dict[int, threading.Event] = {}
_lock = threading.Lock()


def label_index(graph: nx.MultiDiGraph) -> Sequence[Name]:
    """Every label and alias of the projection's nodes, normalised (cached per projection)."""
    with _lock:
        entry = _names.get(id(graph))
        if entry and entry[0]() is graph:
            return entry[1]
    names: list[Name] = []
    forms: dict[str, tuple[str, str, tuple[str, ...]]] = {}  # text → its three forms, once
    for iri, data in graph.nodes(data=True):
        seen: set[str] = set()
        for field, text in ([("label", data["label_en"]), ("label", data["label_pt"])]
                            + [("alias", a) for a in data["aliases"]]):
            form = forms.get(text)
            if form is None:
                spaced = normalise(text)
                form = forms[text] = (spaced, spaced.replace(" ", ""), tuple(spaced.split()))
            if form[0] and form[0] not in seen:
                seen.add(form[0])
                names.append(Name(iri, text, field, *form))
    with _lock:
        entry = _names.get(id(graph))
        if entry and entry[0]() is graph:  # another thread was quicker: keep one list
            return entry[1]
        _forget_dead(_names)
        _names[id(graph)] = (weakref.ref(graph), names)
    return names


class LabelIndex:
    """Lookup structures over :func:`label_index` (read-only once built).

    Parameters
    ----------
    names
        The normalised names, as :func:`label_index` returns them; candidates are positions in
        this list.
    """

    def __init__(self, names: list[Name]) -> None:
        by_compact = sorted(range(len(names)), key=lambda i: names[i].compact)
        # Word starts after the first: a name whose spaced form starts with the query also
        # starts with it without spaces, so the prefix range already holds it.
        owners, starts = [], []
        for i, name in enumerate(names):
            for start in _later_word_starts(name.spaced):
                owners.append(i)
                starts.append(start)
        texts = [names[i].spaced[start:] for i, start in zip(owners, starts)]
        order = sorted(range(len(texts)), key=texts.__getitem__)  # stable: ties by name
        self._assemble(names, [n.compact for n in names], [n.spaced for n in names],
                       np.array([n.field == "alias" for n in names], dtype=bool), by_compact,
                       [owners[k] for k in order], [starts[k] for k in order],
                       FuzzyIndex(names), [texts[k] for k in order])

    @classmethod
    def from_parts(cls, names: NameColumns, by_compact: Sequence[int],
                   suffix_ids: Sequence[int], suffix_starts: Sequence[int],
                   fuzzy: FuzzyIndex) -> LabelIndex:
        """The index of ``names`` from its sorted orders (:attr:`parts`), without sorting and
        without making the names: how a kept index is read back
        (:mod:`graph.explore.label_file`)."""
        index = cls.__new__(cls)
        index._assemble(names, names.compacts, names.spaced, names.alias, by_compact,
                        suffix_ids, suffix_starts, fuzzy)
        return index

    def _assemble(self, names: Sequence[Name], compacts: list[str], spaced: list[str],
                  alias: np.ndarray, by_compact: Sequence[int], suffix_ids: Sequence[int],
                  suffix_starts: Sequence[int], fuzzy: FuzzyIndex,
                  suffixes: list[str] | None = None) -> None:
        self.names = names
        self.lengths = np.fromiter(map(len, compacts), dtype=np.int64, count=len(compacts))
        self.penalty = np.where(alias, ALIAS_PENALTY, 0.0)
        self._compacts: Sequence[str] = _Sorted(compacts, by_compact, None)
        self._compact_ids = np.asarray(by_compact, dtype=np.int64)
        self._suffixes: Sequence[str] = suffixes if suffixes is not None else _Sorted(
            spaced, suffix_ids, suffix_starts)
        self._suffix_ids = np.asarray(suffix_ids, dtype=np.int64)
        self.parts = (by_compact, suffix_ids, suffix_starts)
        """The sorted orders: names by compact form, word-start suffixes (name, offset)."""
        self._blob = "\x00".join(compacts)
        self._starts = np.concatenate([[0], np.cumsum(self.lengths[:-1] + 1)]).tolist() \
            if compacts else []
        self.fuzzy = fuzzy

    def heads(self, query: str, compact: str) -> tuple[np.ndarray, np.ndarray]:
        """Names matching exactly, as a prefix or at a word start, and the scores
        :func:`~graph.explore.normalise.score_name` gives them (alias penalty included), best
        first (then by position)."""
        lo = bisect.bisect_left(self._compacts, compact)
        hi = bisect.bisect_left(self._compacts, compact + _LAST, lo)
        prefixed = self._compact_ids[lo:hi]
        lo = bisect.bisect_left(self._suffixes, query)
        hi = bisect.bisect_left(self._suffixes, query + _LAST, lo)
        worded = np.unique(self._suffix_ids[lo:hi])
        seen = np.zeros(len(self.names), dtype=bool)
        seen[prefixed] = True
        worded = worded[~seen[worded]]
        size = len(compact)
        lengths = self.lengths[prefixed]
        scores = np.where(lengths == size, 1.0, 0.9 + 0.09 * (size / np.maximum(lengths, 1)))
        word_scores = 0.8 + 0.09 * (size / np.maximum(self.lengths[worded], 1))
        return _ranked(np.concatenate([prefixed, worded]),
                       np.concatenate([scores, word_scores]), self.penalty)

    def substrings(self, compact: str, skip: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Names containing ``compact`` other than those in ``skip``, with their substring
        scores, best first (then by position)."""
        found, blob, starts = [], self._blob, self._starts
        position = blob.find(compact)
        while position >= 0:
            i = bisect.bisect_right(starts, position) - 1
            found.append(i)
            if i + 1 == len(starts):
                break
            position = blob.find(compact, starts[i + 1])
        hits = np.array(found, dtype=np.int64)
        hits = hits[~np.isin(hits, skip)]
        scores = 0.7 + 0.09 * (len(compact) / np.maximum(self.lengths[hits], 1))
        return _ranked(hits, scores, self.penalty)


class _Sorted(Sequence[str]):
    """The sorted compact names (``starts`` ``None``) or word-start suffixes of the names
    (``texts``: their compact or spaced forms), made one at a time as bisection asks for them:
    an index read back from its file has the orders, and making the 1.65M suffixes and 760k
    compact names of one at 10M quads took ~2 s of the interpreter at each restart (a built
    index keeps the list it sorted)."""

    def __init__(self, texts: Sequence[str], ids: Sequence[int],
                 starts: Sequence[int] | None) -> None:
        self._texts, self._ids, self._starts = texts, ids, starts

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, at: int) -> str: ...

    @overload
    def __getitem__(self, at: slice) -> list[str]: ...

    def __getitem__(self, at: int | slice) -> str | list[str]:
        if isinstance(at, slice):
            return [self[i] for i in range(*at.indices(len(self)))]
        text = self._texts[self._ids[at]]
        return text if self._starts is None else text[self._starts[at]:]


def _ranked(positions: np.ndarray, scores: np.ndarray,
            penalty: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scores = scores - penalty[positions]
    order = np.lexsort((positions, -scores))
    return positions[order], scores[order]


def _later_word_starts(spaced: str) -> list[int]:
    return [i + 1 for i, c in enumerate(spaced) if c == " "]


def _forget_dead(cache: dict[int, tuple[weakref.ref, object]]) -> None:
    for key in [k for k, entry in cache.items() if entry[0]() is None]:
        del cache[key]


def cached_index(graph: nx.MultiDiGraph) -> LabelIndex | None:
    """The index of ``graph`` if it is built, else ``None`` (never builds)."""
    with _lock:
        entry = _indexes.get(id(graph))
    return entry[1] if entry and entry[0]() is graph else None


def index_for(graph: nx.MultiDiGraph, *, wait: bool = False, timeout: float | None = None,
              kept: Keeper | None = None) -> LabelIndex | None:
    """The index of the projection ``graph``; when it is not built yet, start building it on a
    background thread (one build at a time: while another projection's index is being built,
    nothing new starts) and return ``None``, or, with ``wait``, wait for it up to ``timeout``
    seconds (``None``: no limit; the result is ``None`` if the build failed or took longer).
    ``kept``: where the build first looks for the index, and keeps the one it built
    (:mod:`graph.explore.label_file`)."""
    for _ in range(3):  # a build of another graph may hold the slot: wait for it, then start
        index = cached_index(graph)
        if index is not None:
            return index
        with _lock:
            done = _building.get(id(graph))
            mine = done is None and not _building
            if mine:
                done = _building[id(graph)] = threading.Event()
                threading.Thread(target=_build, args=(weakref.ref(graph), id(graph), done, kept),
                                 name="aikg-label-index", daemon=True).start()
            elif done is None:
                done = next(iter(_building.values()))
        if not wait:
            return None
        if not done.wait(patience(timeout)):
            return cached_index(graph)
        if mine:
            return cached_index(graph)
    return cached_index(graph)


def _build(ref: weakref.ref, key: int, done: threading.Event, kept: Keeper | None) -> None:
    graph = ref()
    try:
        if graph is not None:
            # seconds of Python at 10M: requests get the GIL back in 0.5 ms, and the collector
            with yielding(), collection_paused():  # does not walk the new objects again (-25%)
                index = kept.read(graph) if kept else None
                if index is None:
                    index = LabelIndex(label_index(graph))
                    if kept:
                        kept.write(graph, index)
                settle()  # out of the collector's sight, as the projection
            with _lock:
                _forget_dead(_indexes)
                _forget_dead(_names)
                _indexes[key] = (ref, index)
                _names.setdefault(key, (ref, index.names))
    except Exception:  # a later search builds it again; meanwhile searches scan
        log.exception("building the label index failed")
    finally:
        with _lock:
            if _building.get(key) is done:
                del _building[key]
        done.set()
