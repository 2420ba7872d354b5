"""Network and domain analytics over the projection.

Owns: centrality rankings (:mod:`~graph.analytics.network`) on CSR arrays
(:mod:`~graph.analytics.compact`), Louvain communities (:mod:`~graph.analytics.communities`) on a
schedule (:mod:`~graph.analytics.community_schedule`), their
background precomputation and remembered results (:mod:`~graph.analytics.jobs`), scores written
to a named graph for SPARQL (:mod:`~graph.analytics.scores_graph`), the compute summary (chips
per cluster and organisation, :mod:`~graph.analytics.compute`), the funding summary (rounds,
valuations, investors, :mod:`~graph.analytics.funding`) and the terms they share
(:mod:`~graph.analytics.terms`).

May import: :mod:`graph.projection`, :mod:`graph.store` and the top-level modules.
"""
