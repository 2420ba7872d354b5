"""Entities named the way people name them: a slug, an IRI, or a label or alias.

:func:`resolve_entity` is :func:`graph.explore.ids.resolve` for routes that take what a person
types (``/paths?from=Larry Ellison``, ``/view/path``): a slug or IRI of a known entity is that
entity; anything else that reads as a name (letters, digits, spaces and ``. , ' ’ & ( ) + / -``)
is looked up in the label index (:mod:`graph.explore.search`: English and Portuguese labels
and aliases, case-, accent- and punctuation-insensitive):

* exactly one entity has that name → that entity;
* several have it → :class:`~graph.errors.Ambiguous` (HTTP 300) listing them;
* none has it but some names come close (prefix, word, substring, fuzzy) →
  :class:`~graph.errors.Ambiguous` listing those (never a silent guess);
* nothing matches → :class:`~graph.errors.EntityNotFound` (404).

A slug-shaped value that is no entity's slug (``nobody``) is looked up by exact name only, so
it stays a 404 rather than a list of near misses. Text that is neither an id nor a name
(``x> } ; DROP``) is ``InvalidInput`` (400), as before.
"""

from __future__ import annotations

import re
from typing import Any

import networkx as nx

from graph.errors import Ambiguous, EngineUnavailable, EntityNotFound
from graph.explore.ids import SLUG, resolve
from graph.explore.label_index import index_for, label_index
from graph.explore.normalise import normalise
from graph.explore.search import INDEX_WAIT, SCAN_LIMIT, hits, indexed, scan

NAME = re.compile(r"^\w[\w .,'’&()+/\-]{0,199}$")
"""What a typed name may look like (no ``:``, so IRIs never read as names)."""
CANDIDATES = 10
"""Most candidates an :class:`~graph.errors.Ambiguous` answer lists."""


def resolve_entity(graph: nx.MultiDiGraph, value: str, *, field: str = "id") -> str:
    """The node IRI named by a slug, an IRI, or a label or alias (see the module docstring);
    ``field`` names the parameter in the errors (``from``, ``to``)."""
    text = value.strip() if isinstance(value, str) else value
    if not isinstance(text, str) or not NAME.match(text) or SLUG.match(text):
        try:
            return resolve(graph, text)
        except EntityNotFound:
            if not SLUG.match(text):
                raise
    found = name_hits(graph, text)
    exact = [h for h in found if h["match"] == "exact"]
    if len(exact) == 1:
        return exact[0]["iri"]
    if SLUG.match(text) and not exact:
        raise EntityNotFound(f"no entity {text!r}")
    if not found:
        raise EntityNotFound(f"no entity is named {text!r}")
    options = exact or found
    listed = ", ".join(f"{h['label']} ({h['id']})" for h in options[:3]) + \
        (f" and {len(options) - 3} more" if len(options) > 3 else "")
    message = (f"{len(options)} entities are named {text!r}: {listed}; give one's id" if exact
               else f"no entity is named exactly {text!r}; did you mean {listed}?")
    raise Ambiguous(f"{field}: {message}", field=field,
                    candidates=[{"id": h["id"], "label": h["label"], "classes": h["classes"]}
                                for h in options])


def name_hits(graph: nx.MultiDiGraph, text: str) -> list[dict[str, Any]]:
    """The :data:`CANDIDATES` best label-search hits of ``text`` in this projection, best
    first (:func:`graph.explore.search.search`'s answer, for a projection in hand)."""
    query = normalise(text)
    if not query:
        return []
    index = index_for(graph)
    if index is None and graph.number_of_nodes() > SCAN_LIMIT:
        index = index_for(graph, wait=True, timeout=INDEX_WAIT)
        if index is None:
            error = EngineUnavailable("the search index is being built after a change; retry")
            error.retry_after = 5
            raise error
    names = index.names if index is not None else label_index(graph)
    best = indexed(index, query, CANDIDATES) if index is not None else \
        scan(names, query, CANDIDATES)
    return hits(graph, names, best, CANDIDATES)
