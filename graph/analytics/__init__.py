"""Network and domain analytics over the projection.

Owns: centrality rankings and Louvain communities (:mod:`~graph.analytics.network`), their
background precomputation and remembered results (:mod:`~graph.analytics.jobs`), scores written
to a named graph for SPARQL (:mod:`~graph.analytics.scores_graph`), the compute summary (chips
per cluster and organisation, :mod:`~graph.analytics.compute`), the funding summary (rounds,
valuations, investors, :mod:`~graph.analytics.funding`) and the terms they share
(:mod:`~graph.analytics.terms`).

May import: :mod:`graph.projection`, :mod:`graph.store` and the top-level modules.
"""
