"""As-of time travel: which facts are visible on a given day (shared by every ``as_of`` API).

Times in aikg keep the precision of their source (``xsd:gYear`` 2024, ``xsd:gYearMonth`` 2024-09,
``xsd:date``, ``xsd:dateTime``). The rule, used by entities, neighbours, paths and analytics:

* a fact is **hidden as of D** when its time **starts** after D: ``"2024-09"^^xsd:gYearMonth``
  starts on 2024-09-01, ``"2024"^^xsd:gYear`` on 2024-01-01, a date or date-time on its day;
* a fact **without a time** stays visible (we cannot tell when it began);
* a time given as ``aikg:notAfter`` ("in or before 2024-09") has no known start, so the fact stays
  visible (``prop="notAfter"``);
* status is untouched: a visible planned fact stays ``Planned``, it never becomes actual;
* a time we cannot parse (unknown datatype, malformed lexical form) never hides a fact.

:func:`subgraph_as_of` applies the rule to the networkx projection as a read-only view (no copy).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

import networkx as nx

from graph.errors import InvalidInput

XSD = "http://www.w3.org/2001/XMLSchema#"
_AS_OF = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_START = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_PARTS = {f"{XSD}gYear": 1, f"{XSD}gYearMonth": 2, f"{XSD}date": 3, f"{XSD}dateTime": 3,
          f"{XSD}dateTimeStamp": 3}
"""Datatype → how many of year, month, day its lexical form starts with."""
UNBOUNDED_START = frozenset({"notAfter", "https://w3id.org/aikg/ont#notAfter"})
"""Time properties that give an upper bound only: the fact's start is unknown."""


def parse_as_of(text: str | date | None) -> date | None:
    """``YYYY-MM-DD`` → a date; ``None`` or ``""`` → ``None`` (no time travel).

    Raises:
        InvalidInput: anything else (``2024-09``, ``yesterday``, 2024-02-30).
    """
    if text is None or text == "":
        return None
    if isinstance(text, date):
        return text
    if not isinstance(text, str) or not _AS_OF.match(text):
        raise InvalidInput(f"as_of must be a date written YYYY-MM-DD, not {str(text)[:40]!r}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"as_of is not a real date: {text!r}") from None


@lru_cache(maxsize=4096)
def time_start(value: str | None, datatype: str | None) -> date | None:
    """The first day of a time literal, or ``None`` when it has none we can read."""
    if not value or datatype not in _PARTS:
        return None
    match = _START.match(value.strip())
    if not match:
        return None
    parts = [int(p) for p in match.groups()[:_PARTS[datatype]] if p is not None]
    if len(parts) != _PARTS[datatype]:
        return None
    year, month, day = (parts + [1, 1])[:3]
    try:
        return date(year, month, day)
    except ValueError:
        return None


def visible(value: str | None, datatype: str | None, as_of: date | None, *,
            prop: str | None = None) -> bool:
    """Whether a fact whose time is ``value``^^``datatype`` is visible as of ``as_of``.

    ``prop`` is the time property (local name or IRI) when known: ``notAfter`` never hides.
    """
    if as_of is None or prop in UNBOUNDED_START:
        return True
    start = time_start(value, datatype)
    return start is None or start <= as_of


def edge_visible(data: dict[str, Any], as_of: date | None) -> bool:
    """:func:`visible` for a projection edge's attributes (``time``, ``time_type``,
    ``time_property``)."""
    return visible(data.get("time"), data.get("time_type"), as_of,
                   prop=data.get("time_property"))


def subgraph_as_of(graph: nx.MultiDiGraph, as_of: date | None) -> nx.MultiDiGraph:
    """The projection as seen on ``as_of``: a view hiding edges whose time starts later
    (every node stays). ``None`` returns the graph itself."""
    if as_of is None:
        return graph

    def keep(u: str, v: str, k: int) -> bool:
        return edge_visible(graph[u][v][k], as_of)

    return nx.subgraph_view(graph, filter_edge=keep)
