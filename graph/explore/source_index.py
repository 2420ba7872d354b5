"""The sources' order and fact counts (``/sources``): every source document of one store
generation, newest first, and how many facts of the projection each supports, made on a
background thread once per generation and kept beside an on-disk store across restarts
(:mod:`graph.store.kept`): at 10M quads there are 1.4M sources.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from graph.projection.cache import projection
from graph.store import queries
from graph.store.base import KnowledgeStore
from graph.store.kept import Codec
from graph.store.memo import bounded
from graph.vocab import PREFIXES, slug

GRAPHS = """SELECT DISTINCT ?doc ?g WHERE {
  { GRAPH g:meta { ?g aikg:sourceDocument ?doc } }
  UNION { GRAPH ?g { ?f aikg:source ?doc } }
}"""
DATES = """SELECT ?doc ?published WHERE {
  ?doc a aikg:Article OPTIONAL { ?doc aikg:datePublished ?published }
}"""
INDEX_WAIT = 2.0
"""Seconds a request waits for the sources' order and counts before answering 503."""


@dataclass(frozen=True)
class SourceIndex:
    """Every source document of one store generation, newest first, and the number of facts
    each supports: what the list pages need, without each source's metadata (at 10M quads
    there are 1.4M sources)."""
    order: tuple[str, ...]
    facts: dict[str, int]


def rows(kg: KnowledgeStore, text: str, **bindings: ox.NamedNode,
          ) -> list[dict[str, ox.NamedNode | ox.Literal]]:
    return kg.select(text, prefixes=PREFIXES, **queries.known_dataset(kg),
                     substitutions={ox.Variable(k): v for k, v in bindings.items()} or None)


INDEX_CODEC = Codec(lambda index: {"order": list(index.order), "facts": index.facts},
                    lambda kept: SourceIndex(tuple(map(str, kept["order"])),
                                             {str(k): int(v) for k, v in kept["facts"].items()}))
"""The index as JSON (kept beside the store across restarts, :mod:`graph.store.kept`)."""


@bounded(INDEX_WAIT, keep=INDEX_CODEC)
def source_index(kg: KnowledgeStore) -> SourceIndex:
    """The sources newest first (by publication date, then id) and their facts: made on a
    background thread once per store generation (a walk over every source and the whole
    projection); a caller waits at most :data:`INDEX_WAIT` seconds."""
    published: dict[str, str | None] = {}
    for row in rows(kg, DATES):
        value = row.get("published")
        if published.get(row["doc"].value) is None:
            published[row["doc"].value] = None if value is None else value.value
    graphs: dict[str, set[str]] = {}
    for row in rows(kg, GRAPHS):
        if row["doc"].value in published and isinstance(row["g"], ox.NamedNode):
            graphs.setdefault(row["g"].value, set()).add(row["doc"].value)
    facts: dict[str, set[str]] = {}
    for _, _, data in projection(kg).edges(data=True):
        fact = data.get("fact")
        for doc in graphs.get(data.get("source"), ()) if fact else ():
            facts.setdefault(doc, set()).add(fact)
    order = sorted(published, key=lambda iri: (published[iri] or "", slug(iri)), reverse=True)
    return SourceIndex(tuple(order), {doc: len(found) for doc, found in facts.items()})
