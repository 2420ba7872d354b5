"""A label index read back from its file keeps its names by column and makes each object when
asked for (:mod:`graph.explore.label_file`).

At 10M quads an index has ~760k names and ~465k fuzzy texts. Made whole, as a build makes them,
they are ~760k named tuples (with a tuple of words each) and ~465k lists of owners: ~3 s of the
interpreter at every restart, while the first requests wait for it. A search looks at a few dozen
of them. :class:`NameColumns` holds the names as four lists of strings and a flag array, and
:class:`Owners` the owners as one integer array; both read like the lists they stand for.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from typing import overload

import numpy as np

from graph.explore.fuzzy_index import Name


class NameColumns(Sequence[Name]):
    """The names of an index by column; ``self[i]`` is the :class:`Name` a build makes.

    Parameters
    ----------
    iris, texts, spaced, compacts
        Per name: the entity, the label or alias as written, normalised, and normalised without
        spaces (``spaced.replace(" ", "")``).
    alias
        Per name, whether it is an alias (else a label).
    """

    def __init__(self, iris: list[str], texts: list[str], spaced: list[str],
                 compacts: list[str], alias: np.ndarray) -> None:
        self.iris, self.texts, self.spaced, self.compacts = iris, texts, spaced, compacts
        self.alias = alias
        self._whole: list[Name] | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.iris)

    @overload
    def __getitem__(self, at: int) -> Name: ...

    @overload
    def __getitem__(self, at: slice) -> list[Name]: ...

    def __getitem__(self, at: int | slice) -> Name | list[Name]:
        if isinstance(at, slice):
            return [self[i] for i in range(*at.indices(len(self)))]
        spaced = self.spaced[at]
        return Name(self.iris[at], self.texts[at], "alias" if self.alias[at] else "label",
                    spaced, self.compacts[at], tuple(spaced.split()))

    def __iter__(self) -> Iterator[Name]:
        """Every name; the list is made on the first walk and kept (a scan walks them all)."""
        with self._lock:
            if self._whole is None:
                fields = np.where(self.alias, "alias", "label").tolist()
                self._whole = [Name(*row, tuple(row[3].split())) for row in zip(
                    self.iris, self.texts, fields, self.spaced, self.compacts)]
        return iter(self._whole)


class Owners(Sequence[list[int]]):
    """Lists of name positions stored end to end: ``self[k]`` is ``flat[ends[k-1]:ends[k]]``."""

    def __init__(self, flat: np.ndarray, ends: np.ndarray) -> None:
        self._flat, self._ends = flat, ends

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, at: int) -> list[int]: ...

    @overload
    def __getitem__(self, at: slice) -> list[list[int]]: ...

    def __getitem__(self, at: int | slice) -> list[int] | list[list[int]]:
        if isinstance(at, slice):
            return [self[i] for i in range(*at.indices(len(self)))]
        if at < 0:
            at += len(self)
        start = int(self._ends[at - 1]) if at else 0
        return self._flat[start:int(self._ends[at])].tolist()  # type: ignore[no-any-return]
