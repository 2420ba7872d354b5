"""What a view says about one node or edge besides its name: the edge's label with its
quantity (``uses 100,000 ×``), a node's link to its entity page and its relations as short
rows (each row once), and how a drawn edge is found with SPARQL.

Rows and labels are plain text (the page shows them with ``textContent``); links are relative
(``/entity/{id}``, ``?lang=pt`` for a Portuguese view), so a page saved by ``aikg view -o`` keeps
them as they are.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Any
from urllib.parse import quote

import networkx as nx

from graph.projection.cache import AIKG, ID_NS
from graph.views.legend import local_name, node_label

MAX_ROWS = 40
"""Most relation rows a node's details list (the rest is counted)."""
STATUS_WORDS = {
    "en": {}, "pt": {"Actual": "atual", "Planned": "planeado", "Reported": "noticiado",
                     "Claimed": "alegado", "Implied": "implícito", "Derived": "derivado",
                     "Editorial": "editorial"}}
INVESTED_IN_PATH = ("(^aikg:investor|aikg:madeInvestment)/(^aikg:hasInvestment|aikg:inRound)/"
                    "(aikg:fundedOrganization|^aikg:hasFundingRound)")
"""The SPARQL property path from an investor to the organisation it invested in through a
funding round: what a view draws as ``invested in`` when no ``aikg:hasInvestor`` /
``aikg:investedIn`` triple is stored (see ``docs/sparql.md``)."""
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")


def number(value: float | int, lang: str) -> str:
    """``100000`` → ``100,000`` (en) or ``100 000`` (pt), as the site's pages write it."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return text if lang == "en" else text.replace(",", "\u202f").replace(".", ",")


def entity_href(node: Any, lang: str) -> str | None:
    """``/entity/{id}`` (``?lang=pt`` in Portuguese) for an entity IRI under ``ID_NS``."""
    if not isinstance(node, str) or not node.startswith(ID_NS):
        return None
    slug = node[len(ID_NS):]
    if not _SAFE_ID.match(slug):
        return None
    return f"/entity/{quote(slug)}" + ("?lang=pt" if lang == "pt" else "")


def colour(value: Any) -> str | None:
    """``#rrggbb`` from ``rrggbb`` or ``#rrggbb`` (WDQS's ``?rgb``), else ``None``."""
    text = str(value or "").lstrip("#")
    return f"#{text.lower()}" if len(text) == 6 and all(c in "0123456789abcdefABCDEF"
                                                        for c in text) else None


def home_href(lang: str) -> str:
    return "/" + ("?lang=pt" if lang == "pt" else "")


def edge_text(data: dict[str, Any], lang: str) -> str:
    """The edge's label in ``lang`` followed by its chip quantity when it has one:
    ``uses 100,000 ×`` (an allocation), ``holds chips of ≥ 100,000`` (a holding's minimum)."""
    text = str(data.get(f"label_{lang}") or data.get("label_en") or data.get("label")
               or local_name(data.get("predicate")) or "")
    if isinstance(data.get("quantity"), (int, float)):
        text += f" {number(data['quantity'], lang)} ×"
    elif isinstance(data.get("min_quantity"), (int, float)):
        text += f" ≥ {number(data['min_quantity'], lang)}"
    elif data.get("quantity_text"):
        text += f" ({data['quantity_text']})"
    return text


def status_word(status: str, lang: str) -> str:
    return STATUS_WORDS[lang].get(status, status.lower())


def stored_as(data: dict[str, Any]) -> str | None:
    """How to find a drawn edge that is not one stored triple: the SPARQL path of an
    ``invested in`` edge folded from a funding round's investment."""
    if data.get("predicate") == AIKG + "investedIn" and data.get("kind") == "investedIn":
        return f"SPARQL: ?investor {INVESTED_IN_PATH} ?organisation"
    return None


def _row(graph: nx.Graph, other: Any, data: dict[str, Any], lang: str, outgoing: bool) -> str:
    text = edge_text(data, lang)
    status = str(data.get("status") or "Actual")
    name = node_label(graph.nodes[other], lang, str(other))
    about = [str(data["fact_label"])] if data.get("fact_label") else []
    about.append(status_word(status, lang))
    if data.get("time"):
        about.append(str(data["time"]))
    row = f"{text} {name}".strip() if outgoing else f"← {name} {text}".rstrip()
    return f"{row} ({', '.join(about)})"


def relation_rows(graph: nx.Graph, node: Any, lang: str, limit: int = MAX_ROWS) -> list[str]:
    """A node's relations as rows (outgoing first, in edge order) such as ``uses 100,000 ×
    Nvidia H100 (actual, 2024-09)`` or ``← Elon Musk announced (Musk announces …, actual,
    2024-09)``, each distinct row once, at most ``limit`` plus a last ``…`` row."""
    def rows():
        if graph.is_directed():
            yield from (_row(graph, v, d, lang, True)
                        for _, v, d in graph.out_edges(node, data=True))
            yield from (_row(graph, u, d, lang, False)
                        for u, _, d in graph.in_edges(node, data=True))
        else:
            yield from (_row(graph, v, d, lang, True)
                        for _, v, d in graph.edges(node, data=True))
    found = list(dict.fromkeys(islice(rows(), 10 * limit)))
    if len(found) > limit:
        more = "" if len(found) == 10 * limit else f" (+{len(found) - limit})"
        return found[:limit] + [f"…{more}"]
    return found
