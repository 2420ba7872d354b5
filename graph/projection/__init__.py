"""The relationship projection: the store as a networkx ``MultiDiGraph`` of entities and typed,
dated, sourced edges.

Owns: the cached projection per store generation and its background builds
(:mod:`~graph.projection.cache`), the full build from named queries
(:mod:`~graph.projection.build`), the incremental refresh from the change journal
(:mod:`~graph.projection.delta`), the small projection around a few entities used before the
first build (:mod:`~graph.projection.local`), the projection saved beside an on-disk store and
read back at the next start (:mod:`~graph.projection.snapshot`, in the arrays of
:mod:`~graph.projection.snapshot_format`), results remembered per projection
(:mod:`~graph.projection.memo`) and as-of time filtering (:mod:`~graph.projection.timefilter`).

May import: :mod:`graph.store` and the top-level modules.
"""
