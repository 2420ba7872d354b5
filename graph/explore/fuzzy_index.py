"""Fuzzy candidates for :mod:`graph.explore.search` without running difflib on every name.

A name matches fuzzily when difflib's ``ratio`` between the query and the name's compact form or
one of its words reaches :data:`FUZZY_CUTOFF`. ``ratio`` never exceeds ``quick_ratio`` (twice
the size of the multiset intersection of the two strings' characters over their total length),
which never exceeds ``real_quick_ratio`` (the same bound from the lengths alone). The index keeps
each distinct string once, sorted by length, with its character counts in a small matrix
(``a``–``z``, ``0``–``9`` and one column shared by every other character, which can only
overcount the intersection). Per query, numpy keeps the strings whose length and counts allow
the cutoff; then a string's longest common subsequence with the query must allow it too
(difflib's matching blocks are a common subsequence, so ``ratio`` ≤ 2·LCS / total length; a
bit-parallel LCS costs a few integer operations per character, difflib far more). Only the
strings left go through difflib, with the same calls the plain scan makes, so the scores are
the same to the last bit.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np


class Name(NamedTuple):
    """One label or alias of an entity, normalised (``spaced``) and without spaces
    (``compact``); ``field`` is ``label`` or ``alias`` (a named tuple: 760k of them are made
    for an index at 10M quads, twice as fast as frozen dataclass instances)."""

    iri: str
    text: str
    field: str
    spaced: str
    compact: str
    words: tuple[str, ...]


FUZZY_CUTOFF = 0.75
COLUMNS = 37
_TABLE = np.full(128, COLUMNS - 1, dtype=np.int64)
_TABLE[ord("a"):ord("z") + 1] = np.arange(26)
_TABLE[ord("0"):ord("9") + 1] = np.arange(26, 36)
_CAP = 65535
"""Character counts are stored as 16 bits (no name or query repeats a character that often)."""
_SLACK = 1e-9
"""Filters are loosened by this much so that float rounding can never drop a candidate."""


def _columns(text: str) -> np.ndarray:
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    return _TABLE[np.minimum(codes, 127)]


def fuzzy_ratio(matcher: difflib.SequenceMatcher, candidates: tuple[str, ...]) -> float:
    """The best ``ratio`` of ``matcher``'s query (its ``seq2``) over ``candidates`` that pass
    the quick filters, 0.0 if none does (the plain scan's rule)."""
    best = 0.0
    for candidate in candidates:
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= FUZZY_CUTOFF and matcher.quick_ratio() >= FUZZY_CUTOFF:
            best = max(best, matcher.ratio())
    return best


def lcs_length(text: str, masks: dict[str, int], size: int) -> int:
    """Length of the longest common subsequence of ``text`` and a query of ``size`` characters
    whose ``masks`` map each character to the bits of its positions (bit-parallel, after
    Allison–Dix and Hyyrö: one pass over ``text``)."""
    full = (1 << size) - 1
    row = full
    for char in text:
        matched = row & masks.get(char, 0)
        row = ((row + matched) | (row - matched)) & full
    return size - row.bit_count()


class FuzzyIndex:
    """Distinct compact names and words, their lengths and character counts.

    Parameters
    ----------
    names
        The normalised names of a :class:`graph.explore.label_index.LabelIndex`.
    """

    def __init__(self, names: list[Name]) -> None:
        owners: dict[str, list[int]] = {}
        for i, name in enumerate(names):
            for text in {name.compact, *name.words}:
                owners.setdefault(text, []).append(i)
        texts = sorted(owners, key=lambda t: (len(t), t))
        self._assemble(texts, [owners[t] for t in texts])

    @classmethod
    def from_parts(cls, texts: list[str], owners: Sequence[list[int]],
                   counts: np.ndarray | None = None) -> FuzzyIndex:
        """The index whose sorted distinct :attr:`texts` and their :attr:`owners` (name
        positions), and maybe their character :attr:`counts`, are given: how a kept index is
        read back."""
        index = cls.__new__(cls)
        index._assemble(texts, owners, counts)
        return index

    def _assemble(self, texts: list[str], owners: Sequence[list[int]],
                  counts: np.ndarray | None = None) -> None:
        self.texts = texts
        self.owners = owners
        self.lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        if counts is not None:
            self.counts = counts
            return
        counts = np.zeros((len(texts), COLUMNS), dtype=np.uint16)
        if texts:
            rows = np.repeat(np.arange(len(texts)), self.lengths)
            flat = np.bincount(rows * COLUMNS + _columns("".join(texts)),
                               minlength=len(texts) * COLUMNS)
            counts[:] = np.minimum(flat, _CAP).reshape(len(texts), COLUMNS)
        self.counts = counts

    def candidates(self, compact: str) -> list[int]:
        """Positions in :attr:`texts` whose length and characters allow ``ratio`` ≥ cutoff
        against ``compact`` (a superset of those difflib accepts)."""
        size = len(compact)
        if not size or not self.texts:
            return []
        # real_quick_ratio = 2 min(a, b) / (a + b) >= c  <=>  a in [b c / (2 - c), b (2 - c) / c]
        low = size * FUZZY_CUTOFF / (2 - FUZZY_CUTOFF) - _SLACK
        high = size * (2 - FUZZY_CUTOFF) / FUZZY_CUTOFF + _SLACK
        lo = int(np.searchsorted(self.lengths, np.ceil(low), side="left"))
        hi = int(np.searchsorted(self.lengths, np.floor(high), side="right"))
        if lo >= hi:
            return []
        wanted = np.minimum(np.bincount(_columns(compact), minlength=COLUMNS),
                            _CAP).astype(np.uint16)
        shared = np.minimum(self.counts[lo:hi], wanted).sum(axis=1, dtype=np.int64)
        ratio = 2.0 * shared / (self.lengths[lo:hi] + size)
        return (np.nonzero(ratio >= FUZZY_CUTOFF - _SLACK)[0] + lo).tolist()

    def scores(self, matcher: difflib.SequenceMatcher, compact: str) -> dict[int, float]:
        """Name position → best ``ratio`` ≥ cutoff over its compact form and words, for the
        query ``compact`` already set as ``matcher``'s ``seq2``."""
        best: dict[int, float] = {}
        masks: dict[str, int] = {}
        for bit, char in enumerate(compact):
            masks[char] = masks.get(char, 0) | 1 << bit
        size = len(compact)
        for position in self.candidates(compact):
            text = self.texts[position]
            if 2.0 * lcs_length(text, masks, size) / (len(text) + size) < FUZZY_CUTOFF - _SLACK:
                continue
            ratio = fuzzy_ratio(matcher, (text,))
            if ratio >= FUZZY_CUTOFF:
                for owner in self.owners[position]:
                    if ratio > best.get(owner, 0.0):
                        best[owner] = ratio
        return best
