"""Centrality scores written to a named graph, so SPARQL can sort by them.

:func:`write_analytics` computes degree, PageRank and betweenness centrality for every node of
the projection (the whole graph, no ``as_of``: the same numbers as
:func:`graph.analytics.network.centrality` without a date) and **replaces** the graph
``https://w3id.org/aikg/graph/analytics`` with::

    ?entity aikg:degreeCentrality ?d ; aikg:pagerank ?p ; aikg:betweennessCentrality ?b .

each value an ``xsd:double`` whose lexical form is Python's shortest round-trip form of the
float, so a SPARQL client reads back exactly the number the REST API gives. The graph is
derived data and says so inside itself (its ``rdfs:label``, ``rdfs:comment`` and
``prov:generatedAtTime``); the seeds and ``g:meta`` are left alone. The replacement is one
SPARQL update (``DROP SILENT GRAPH`` then ``INSERT DATA``), hence one transaction: readers see
the old scores or the new ones, never an empty or half-written graph.

Example query::

    SELECT ?entity ?pagerank WHERE {
      GRAPH g:analytics { ?entity aikg:pagerank ?pagerank }
    } ORDER BY DESC(?pagerank) ?entity
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pyoxigraph as ox

from graph.analytics.network import MEASURES, all_scores
from graph.store.base import KnowledgeStore
from graph.vocab import AIKG, GRAPH, PREFIXES

ANALYTICS_GRAPH = ox.NamedNode(str(GRAPH["analytics"]))
"""``g:analytics``."""
PROPERTIES: dict[str, ox.NamedNode] = {
    "degree": ox.NamedNode(str(AIKG.degreeCentrality)),
    "pagerank": ox.NamedNode(str(AIKG.pagerank)),
    "betweenness": ox.NamedNode(str(AIKG.betweennessCentrality)),
}
"""Measure → the datatype property that holds it."""
XSD_DOUBLE = ox.NamedNode(PREFIXES["xsd"] + "double")
XSD_DATETIME = ox.NamedNode(PREFIXES["xsd"] + "dateTime")
RDFS = PREFIXES["rdfs"]
LABEL = "derived network analytics"


def double(value: float) -> ox.Literal:
    """An ``xsd:double`` literal that reads back as exactly ``value``."""
    return ox.Literal(repr(float(value)), datatype=XSD_DOUBLE)


def analytics_triples(kg: KnowledgeStore, *,
                      generated_at: datetime | None = None) -> list[ox.Triple]:
    """The triples of the analytics graph: three scores per entity plus the graph's own
    provenance (label, comment, generation time), sorted."""
    when = generated_at or datetime.now(timezone.utc)
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")  # the form Oxigraph stores (whole seconds)
    computed = all_scores(kg)
    triples = []
    for measure in MEASURES:
        for node, score in computed[measure].items():
            triples.append(ox.Triple(ox.NamedNode(node), PROPERTIES[measure], double(score)))
    graph = ANALYTICS_GRAPH
    triples += [
        ox.Triple(graph, ox.NamedNode(RDFS + "label"), ox.Literal(LABEL, language="en")),
        ox.Triple(graph, ox.NamedNode(RDFS + "label"),
                  ox.Literal("análises de rede derivadas", language="pt")),
        ox.Triple(graph, ox.NamedNode(RDFS + "comment"), ox.Literal(
            "Derived data, recomputed from the whole graph on request: degree, PageRank and "
            "betweenness centrality of every entity of the network of relations.",
            language="en")),
        ox.Triple(graph, ox.NamedNode(PREFIXES["prov"] + "generatedAtTime"),
                  ox.Literal(stamp, datatype=XSD_DATETIME)),
    ]
    return sorted(triples, key=str)


def write_analytics(kg: KnowledgeStore, *,
                    generated_at: datetime | None = None) -> dict[str, Any]:
    """Recompute the scores and replace ``g:analytics`` with them in one transaction.

    Parameters
    ----------
    kg : KnowledgeStore
        A writable store.
    generated_at : datetime, optional
        The time recorded as ``prov:generatedAtTime`` (default: now; stored in UTC, whole
        seconds; a naive datetime is taken as UTC).

    Returns
    -------
    dict
        ``{"graph", "entities", "triples", "generated_at"}``.
    """
    triples = analytics_triples(kg, generated_at=generated_at)
    body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    kg.update(f"DROP SILENT GRAPH {ANALYTICS_GRAPH} ;\n"
              f"INSERT DATA {{ GRAPH {ANALYTICS_GRAPH} {{\n{body}\n}} }}")
    generated = next(t.object.value for t in triples
                     if t.predicate.value == PREFIXES["prov"] + "generatedAtTime")
    entities = {t.subject for t in triples if t.predicate == PROPERTIES["degree"]}
    return {"graph": ANALYTICS_GRAPH.value, "entities": len(entities),
            "triples": len(triples), "generated_at": generated}
