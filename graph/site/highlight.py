"""Evidence highlighting: an article text and the character spans of its proposals, as the flat
run of pieces the review page prints (highlighted pieces become ``<mark>`` elements).

Spans may overlap (two facts read from one sentence; a new name inside a fact's sentence), so
the text is cut at every span boundary and each piece lists every span that covers it. Offsets
are Python string indices (Unicode code points), as the extractor writes them; a span that is
empty, reversed or outside the text is left out (and reported by :func:`segments`'s caller).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise


@dataclass(frozen=True)
class Span:
    """One highlight: ``key`` (a fact id such as ``p03``, or a name's key) over
    ``text[start:end]``; ``kind`` is ``fact``, ``new`` (a proposed new entity) or
    ``ambiguous``."""

    key: str
    start: int
    end: int
    kind: str = "fact"


@dataclass
class Piece:
    """A run of text between two span boundaries and the spans covering it."""

    text: str
    start: int
    end: int
    spans: list[Span] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        """The id of the piece's ``<mark>``: ``ev-<start>``, unique since pieces never
        overlap."""
        return f"ev-{self.start}"

    def keys(self, kind: str) -> list[str]:
        """The keys of the spans of ``kind`` covering this piece, in span order."""
        return [s.key for s in self.spans if s.kind == kind]


def valid(span: Span, length: int) -> bool:
    """True when ``span`` covers at least one character of a text of ``length``."""
    return 0 <= span.start < span.end <= length


def segments(text: str, spans: list[Span]) -> list[Piece]:
    """``text`` cut at every boundary of the valid ``spans``; the pieces, in order, joined
    give back ``text`` exactly.

    >>> [(p.text, [s.key for s in p.spans]) for p in segments("abcdef",
    ...     [Span("p01", 0, 4), Span("p02", 2, 6)])]
    [('ab', ['p01']), ('cd', ['p01', 'p02']), ('ef', ['p02'])]
    """
    usable = [s for s in spans if valid(s, len(text))]
    cuts = sorted({0, len(text), *(s.start for s in usable), *(s.end for s in usable)})
    pieces = []
    for start, end in pairwise(cuts):
        covering = [s for s in usable if s.start <= start and end <= s.end]
        pieces.append(Piece(text[start:end], start, end, covering))
    return pieces


def first_anchor(pieces: list[Piece], key: str) -> str | None:
    """The anchor of the first piece ``key`` covers (where a link to its evidence goes)."""
    return next((p.anchor for p in pieces if any(s.key == key for s in p.spans)), None)
