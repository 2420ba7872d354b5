"""Finding and following entities: what the REST routes and pages answer about one entity.

Owns: entity listings and cards (:mod:`~graph.explore.entities`), ids, IRIs and limits
(:mod:`~graph.explore.ids`; entities named by label in :mod:`~graph.explore.names`), pages
of one entity's relations (:mod:`~graph.explore.relations`),
neighbourhoods (:mod:`~graph.explore.neighbourhood`), explained paths between two entities
(:mod:`~graph.explore.paths`) and label search (:mod:`~graph.explore.search`, with its label
and fuzzy indexes).

May import: :mod:`graph.projection`, :mod:`graph.store` and the top-level modules.
"""
