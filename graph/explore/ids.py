"""Naming things in the projection: entity ids and IRIs, classes, predicates, and the checks
shared by every exploration call (:mod:`graph.explore.entities`, :mod:`graph.explore.neighbourhood`,
:mod:`graph.explore.paths`, :mod:`graph.views.pages`).

Identifiers from outside are validated first (:func:`resolve`): a slug must match
:data:`SLUG` and an IRI must pass :func:`graph.iris.checked_iri`; anything else is
``InvalidInput`` (400), and a well-formed id that is not a projection node is
``EntityNotFound`` (404).
"""

from __future__ import annotations

import re
from typing import Any

import networkx as nx

from graph.errors import EntityNotFound, InvalidInput
from graph.iris import checked_iri
from graph.projection.cache import ID_NS, PROJ, ident
from graph.vocab import PREFIXES

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,100}$")
MAX_LIMIT = 1000


def resolve(graph: nx.MultiDiGraph, value: str) -> str:
    """The node IRI named by a slug (``nvidia``) or a full IRI; see the module docstring."""
    if not isinstance(value, str) or not value:
        raise InvalidInput("an entity id must be a slug such as 'nvidia' or an absolute IRI")
    if SLUG.match(value):
        iri = ID_NS + value
    elif ":" in value:
        iri = checked_iri(value)
    else:
        raise InvalidInput(f"not an entity id: {value[:80]!r} (use a slug of lowercase letters, "
                           "digits and '-', or an absolute IRI)")
    if iri not in graph:
        raise EntityNotFound(f"no entity {ident(iri)!r}")
    return iri


def node_summary(graph: nx.MultiDiGraph, iri: str) -> dict[str, Any]:
    """The short form of a node used in lists."""
    data = graph.nodes[iri]
    return {"id": data["id"], "iri": iri, "label": data["label_en"], "label_pt": data["label_pt"],
            "classes": data["classes"], "wikidata": data["wikidata"]}


def class_iri(graph: nx.MultiDiGraph, value: str) -> str:
    """An ontology class named by IRI, ``aikg:Local`` or local name, else ``InvalidInput``."""
    supers = graph.graph["superclasses"]
    for candidate in (value, PREFIXES["aikg"] + value.removeprefix("aikg:")):
        if candidate in supers:
            return candidate
    raise InvalidInput(f"unknown class {value[:80]!r}; use an aikg class such as 'Company'",
                       parameter="type")


def predicate_iri(graph: nx.MultiDiGraph, value: str) -> str:
    """An object property of the ontology (or a projection predicate) named by IRI,
    ``aikg:local`` or local name, else ``InvalidInput``."""
    props = graph.graph["properties"]
    for candidate in (value, PREFIXES["aikg"] + value.removeprefix("aikg:"), PROJ + value):
        if candidate in props:
            return candidate
    raise InvalidInput(f"unknown predicate {value[:80]!r}; use an object property of the "
                       "ontology such as 'manufactures'", parameter="predicate")
