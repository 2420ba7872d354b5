"""Interactive HTML graph views: one self-contained, offline page per view.

Owns: the views themselves — whole graph, an entity's neighbourhood, paths, query results
(:mod:`~graph.views.pages`) — the renderer from a networkx graph to HTML through pyvis with our
own template (:mod:`~graph.views.render`, ``templates/``), what a node's or edge's details say
and link to (:mod:`~graph.views.details`), the legend and words (:mod:`~graph.views.legend`),
the inlined vis-network and its options (:mod:`~graph.views.assets`), reading a page's data
back (:mod:`~graph.views.embedded`) and the seeded layout for large views
(:mod:`~graph.views.layout`).

May import: :mod:`graph.explore`, :mod:`graph.analytics`, :mod:`graph.projection`,
:mod:`graph.sparql`, :mod:`graph.store` and the top-level modules.
"""
