"""Small helpers shared by the analytics modules (compute, funding, centrality): RDF terms
turned into the plain values their JSON answers use, and the as-of time test.

* An entity's **id** is its slug under ``https://w3id.org/aikg/id/`` (``id:xai`` → ``"xai"``);
  any other IRI is its own id.
* A **status** is the local name of the ``aikg:Status`` individual (``"Actual"``).
* A **time** keeps the precision the source gave: ``{"date": "2024-05", "precision": "month"}``.
* A fact is **shown as of** a date unless every time it carries starts after that date; a fact
  with no time at all is always shown (see :mod:`graph.projection.timefilter`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import networkx as nx
import pyoxigraph as ox

from graph.projection.timefilter import time_start, visible
from graph.store import queries
from graph.store.base import KnowledgeStore
from graph.vocab import ID

ID_NS = str(ID)
XSD = "http://www.w3.org/2001/XMLSchema#"
PRECISION = {f"{XSD}gYear": "year", f"{XSD}gYearMonth": "month", f"{XSD}date": "day",
             f"{XSD}dateTime": "instant", f"{XSD}dateTimeStamp": "instant"}
"""Datatype of a time literal → the precision it states."""


def ident(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str | None:
    """The id of an entity term: its slug in the ``id:`` namespace, else its IRI."""
    if term is None:
        return None
    value = term.value
    return value[len(ID_NS):] if value.startswith(ID_NS) and len(value) > len(ID_NS) else value


def local_name(term: ox.NamedNode | None) -> str | None:
    """The part of an IRI after its last ``#`` or ``/`` (``aikg:Actual`` → ``"Actual"``)."""
    if term is None:
        return None
    value = term.value
    return value.rsplit("#", 1)[-1] if "#" in value else value.rstrip("/").rsplit("/", 1)[-1]


def number(term: ox.Literal | None) -> int | float | None:
    """A numeric literal as an ``int`` when it is integral, else a ``float``."""
    if term is None:
        return None
    try:
        value = Decimal(term.value)
    except InvalidOperation:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def time_of(term: ox.Literal | None) -> dict[str, str] | None:
    """A time literal as ``{"date": lexical form, "precision": year|month|day|instant}``."""
    if term is None:
        return None
    return {"date": term.value, "precision": PRECISION.get(term.datatype.value, "unknown")}


def earliest(times: Iterable[ox.Literal | None]) -> ox.Literal | None:
    """The time that starts first (unreadable times last, then by lexical form)."""
    present = [t for t in times if t is not None]
    if not present:
        return None
    return min(present, key=lambda t: (time_start(t.value, t.datatype.value) or date.max,
                                       t.value))


def shown(times: Iterable[ox.Literal | None], as_of: date | None) -> bool:
    """Whether a fact with these times is visible as of ``as_of``: always without a date or
    without times, else when at least one of its times starts on or before the date."""
    present = [t for t in times if t is not None]
    if as_of is None or not present:
        return True
    return any(visible(t.value, t.datatype.value, as_of) for t in present)


def english_labels(kg: KnowledgeStore) -> dict[str, str]:
    """id → English label of every IRI that has one (the smallest when there are several)."""
    labels: dict[str, str] = {}
    for row in queries.select(kg, "analytics_labels"):
        key = ident(row["entity"])
        text = row["label"].value
        if key not in labels or text < labels[key]:
            labels[key] = text
    return labels


def node_id(G: nx.Graph, node: Any) -> str:
    """A projection node's id; read from networkx's node dict, not through ``G.nodes`` (a call
    per lookup: rankings look up 634k nodes at 10M)."""
    return id_of(G._node[node], node)


def id_of(data: dict[str, Any], node: Any) -> str:
    """The id of ``node`` whose attributes are ``data``."""
    return data.get("id") or ident(ox.NamedNode(node))


def describe(G: nx.Graph, node: Any) -> dict[str, Any]:
    data = G.nodes[node]
    classes = sorted({str(c).rsplit("#", 1)[-1] for c in data.get("classes") or ()})
    return {"id": id_of(data, node), "label": data.get("label_en"), "classes": classes}
