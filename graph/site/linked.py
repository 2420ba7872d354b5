"""Linked data: what an entity IRI dereferences to when a client asks for RDF.

``GET /id/<slug>`` (an entity IRI's path) answers the page with ``Accept: text/html`` and, for
an RDF media type, :func:`entity_rdf`: every statement with the entity as subject or object,
and every statement of the facts that mention it (the nodes carrying an ``aikg:status``), so a
status, a time and a quantity come with the relation they qualify. Dataset formats (TriG,
N-Quads, JSON-LD) keep each statement's source graph; triple formats merge them. Proposals
awaiting review are left out.
"""

from __future__ import annotations

import pyoxigraph as ox

from graph.explore.entities import resolve
from graph.projection.cache import projection
from graph.store import queries
from graph.store.base import KnowledgeStore, canonical_quads
from graph.store.export import serialize
from graph.store.formats import RDF_FORMATS, RdfFormat
from graph.vocab import PREFIXES

DESCRIBE = """SELECT ?e ?s ?p ?o ?g WHERE {
  { GRAPH ?g { ?e ?p ?o } BIND(?e AS ?s) }
  UNION { GRAPH ?g { ?s ?p ?e } BIND(?e AS ?o) }
  UNION { GRAPH ?h { ?s ?q ?e . ?s aikg:status ?status } GRAPH ?g { ?s ?p ?o } }
}"""
MEDIA_TYPES: dict[str, RdfFormat] = {f.media_type: f for f in RDF_FORMATS}


def entity_rdf(kg: KnowledgeStore, entity_id: str, *, media_type: str = "text/turtle") -> bytes:
    """The description of an entity (a slug or its IRI) in the RDF format of ``media_type``.

    Raises:
        EntityNotFound: no such entity. InvalidInput: a malformed id.
    """
    iri = resolve(projection(kg), entity_id)
    solutions = kg.query(DESCRIBE, prefixes=PREFIXES, **queries.known_dataset(kg),
                         substitutions={ox.Variable("e"): ox.NamedNode(iri)})
    quads = {ox.Quad(row["s"], row["p"], row["o"], row["g"]) for row in solutions}
    return serialize(canonical_quads(list(quads)), MEDIA_TYPES[media_type])
