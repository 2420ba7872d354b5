"""Names of the ontology's classes in English and Portuguese, read from the ontology graph
(``rdfs:label`` with its language tag), remembered per store generation."""

from __future__ import annotations

import pyoxigraph as ox

from graph.site.render import slug
from graph.store.base import KnowledgeStore
from graph.store.memo import per_generation
from graph.vocab import PREFIXES

QUERY = ("SELECT ?class ?label WHERE { GRAPH g:ontology { ?class a owl:Class ; "
         "rdfs:label ?label } }")


@per_generation
def class_labels(kg: KnowledgeStore) -> dict[str, dict[str, str]]:
    """Class IRI → ``{"en": …, "pt": …}`` for every labelled class of the ontology."""
    found: dict[str, dict[str, str]] = {}
    for row in kg.select(QUERY, prefixes=PREFIXES):
        label = row["label"]
        if isinstance(label, ox.Literal) and label.language in ("en", "pt"):
            found.setdefault(row["class"].value, {})[label.language] = label.value
    return found


def class_name(labels: dict[str, dict[str, str]], iri: str, lang: str) -> str:
    """The label of a class in ``lang`` (else English, else its local name)."""
    names = labels.get(iri, {})
    return names.get(lang) or names.get("en") or slug(iri)
