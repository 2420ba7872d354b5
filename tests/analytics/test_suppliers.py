"""``/analytics/suppliers`` on a small known graph: a stated supplier relation gets the sources
of its own reified statements only — one without a statement is credited with none, however
many other facts carry a status and a source (the query once joined such a pair with every
fact that had a status: wrong sources, and at 10M triples a cross product that never ended)."""

from __future__ import annotations

import pyoxigraph as ox

from graph.analytics.questions import suppliers
from graph.store.embedded import EmbeddedStore

GRAPH = """
@prefix aikg: <https://w3id.org/aikg/ont#> . @prefix id: <https://w3id.org/aikg/id/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
id:nvidia aikg:supplierOf id:meta .
id:amd aikg:supplierOf id:openai .
id:openai aikg:customerOf id:microsoft .
id:s1 a aikg:Assertion ; rdf:subject id:amd ; rdf:predicate aikg:supplierOf ;
    rdf:object id:openai ; aikg:status aikg:reported ; aikg:source id:article-a .
id:s2 a aikg:Assertion ; rdf:subject id:openai ; rdf:predicate aikg:customerOf ;
    rdf:object id:microsoft ; aikg:status aikg:actual ; aikg:source id:article-b .
id:s3 a aikg:Assertion ; rdf:subject id:openai ; rdf:predicate aikg:customerOf ;
    rdf:object id:microsoft ; aikg:source id:article-c .
id:other a aikg:Assertion ; rdf:subject id:elon-musk ; rdf:predicate aikg:ceoOf ;
    rdf:object id:tesla ; aikg:status aikg:reported ; aikg:source id:article-z .
"""


def test_stated_pairs_carry_the_sources_of_their_own_statements_only():
    kg = EmbeddedStore.memory()
    kg.load(GRAPH.encode(), ox.RdfFormat.TURTLE)
    pairs = {(p["supplier"], p["customer"]): (p["how"], p["sources"]) for p in suppliers(kg)}
    assert pairs == {("nvidia", "meta"): (["stated"], []),
                     ("amd", "openai"): (["stated"], ["article-a"]),
                     ("microsoft", "openai"): (["stated"], ["article-b", "article-c"])}
