"""How search compares names: :func:`normalise` makes every label, alias and query
lower-case, accent-free and punctuation-free text with single spaces, and :func:`score_name`
scores one normalised name against a query (the tiers of :mod:`graph.explore.search`). The
label index and the plain scan both use them, so an answer never depends on which one ran.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache

from graph.explore.fuzzy_index import Name

_NOT_ALNUM = re.compile(r"[\W_]+")
"""Runs of characters that are not :meth:`str.isalnum` (``\\w`` is alphanumeric or ``_``)."""


@cache
def _combining() -> re.Pattern[str]:
    """Every combining character (``unicodedata.combining(c) != 0``), as one character class
    (made once: a walk over the code points, ~0.3 s)."""
    ranges: list[list[int]] = []
    for code in range(sys.maxunicode + 1):
        if unicodedata.combining(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return re.compile("[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "")
                                    for a, b in ranges) + "]+")


def normalise(text: str) -> str:
    """Lower-case, accent-free, punctuation-free text with single spaces (the labels of 10M
    quads in ~3 s: regular expressions instead of a Python test per character)."""
    if text.isascii():  # no decomposition, no combining marks; casefold is lower
        return " ".join(_NOT_ALNUM.sub(" ", text.lower()).split())
    bare = _combining().sub("", unicodedata.normalize("NFKD", text)).casefold()
    return " ".join(_NOT_ALNUM.sub(" ", bare).split())


def score_name(query: str, compact: str, name: Name) -> tuple[float, str] | None:
    """(score, tier) of a non-fuzzy match of one name (see :mod:`graph.explore.search`), or ``None``."""
    share = len(compact) / max(len(name.compact), 1)
    if name.compact == compact:
        return 1.0, "exact"
    if name.compact.startswith(compact):
        return 0.9 + 0.09 * share, "prefix"
    if f" {query}" in f" {name.spaced}":
        return 0.8 + 0.09 * share, "word"
    if compact in name.compact:
        return 0.7 + 0.09 * share, "substring"
    return None
