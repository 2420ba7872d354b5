"""Article ingestion: from a news text (Portuguese or English) to proposed facts awaiting review.

The pipeline runs offline with rules and a gazetteer built from the graph's own labels:

1. :mod:`graph.ingest.text` splits the text into sentences with character offsets, folds
   strings for matching (case, accents, punctuation) and guesses the language.
2. :mod:`graph.ingest.linking` finds entity mentions: labels and aliases of the store's
   entities (``rdfs:label``, ``skos:altLabel`` in any language), with Portuguese contractions
   and articles ("da Nvidia", "a xAI", "do Colossus"); unknown proper names become proposed
   new entities with a class guess; a name matching several entities is reported as ambiguous.
3. :mod:`graph.ingest.quantities` reads numbers, money and dates in pt-PT, pt-BR and English
   and resolves relative dates against the publication date.
4. :mod:`graph.ingest.relations` applies the extraction rules sentence by sentence and
   :mod:`graph.ingest.proposal` writes what they find as RDF in the ontology's own shapes
   (an ``aikg:Assertion`` per binary fact, ``ClusterState``/``ChipAllocation``/``Holding``/
   ``FundingRound``/``Investment`` n-ary nodes), each fact node carrying ``aikg:status``,
   ``aikg:source``, ``aikg:evidenceStart``/``aikg:evidenceEnd`` (the sentence's offsets, never
   its words), ``aikg:extractionMethod`` and ``aikg:confidence``.
5. :mod:`graph.ingest.staging` keeps the proposal in a pending named graph and an
   ``aikg:Ingestion`` record, and accepts (all or selected facts, SHACL-checked) or rejects it.

Identifiers, for an ingestion whose id is the first 16 hex digits of the SHA-256 of the text:

* ingestion record ``id:ingestion-<id>`` in graph ``g:ingestions``;
* pending graph ``g:pending-<id>``; target graph ``g:doc-<id>``; article ``id:article-<id>``;
* fact nodes ``id:<id>-p<nn>``; new entities ``id:<slug>`` (not yet in the store).

May import: :mod:`graph.sparql` (SHACL-checked writes), :mod:`graph.store` and the top-level
modules; never the projection, analytics, exploration or views.
"""
