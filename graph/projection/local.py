"""The projection around a few entities, for answering about them before the full projection is
built (:mod:`graph.projection.cache`: minutes on a store of millions of quads; this: milliseconds).

:func:`neighbourhood_projection` gives, for a set of entity IRIs, the subgraph of the full
build's projection made of those of them that are nodes, **every** edge with an end among them
and the nodes at the other ends, with the same attributes, the same keys between any two nodes
and the same ``G.graph``: whatever reads only these entities' edges (an entity's card and its
pages of relations, :mod:`graph.explore.entities`) answers exactly as on the full projection.

It is built like the edges of a new node in an incremental refresh
(:mod:`graph.projection.delta`), from the full build's named queries bound to single resources
(pyoxigraph substitutions, never text): the node queries bound to each entity and to each
other end; the direct triples bound to each entity as subject, then as object, with their
assertions bound to each triple; and the fold queries bound to each anchor (fact node, cluster
state, funding round) found by walking :data:`LOCAL_DEPTH` links out from the entities, never
through another entity nor a vocabulary term. Every anchor of a folded edge lies within two
links of both its ends (see :data:`LOCAL_DEPTH`), the assumption the refresh's walk rests on too.
The cost follows the entities' own facts, not the store; a hub (more than ``limit`` resources
within reach) gets ``None`` instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx
import pyoxigraph as ox

from graph.projection.build import FOLDS, folded_edges, node_attrs, ontology_attrs, rows
from graph.projection.delta import fold_rows, keyed_direct_edges, node_keys, reach
from graph.store.base import KnowledgeStore
from graph.store.memo import per_generation

LOCAL_DEPTH = 2
"""Links from an entity to the anchor of every folded edge it is an end of: a cluster state
(chip model ← allocation ← state), a funding round (investor ← investment ← round), an event
(cluster ← state ← announcement); other anchors are one link away."""
LOCAL_LIMIT = 1000
"""Resources within :data:`LOCAL_DEPTH` links past which :func:`neighbourhood_projection` gives
up (a few queries each: about a second)."""


def neighbourhood_projection(kg: KnowledgeStore, iris: Iterable[str], *,
                             limit: int = LOCAL_LIMIT) -> nx.MultiDiGraph | None:
    """The projection of ``kg`` around ``iris`` (see the module docstring).

    Parameters
    ----------
    kg
        The store.
    iris
        Entity IRIs; those that are not nodes of the projection are left out.
    limit
        Most resources within :data:`LOCAL_DEPTH` links of the entities.

    Returns
    -------
    networkx.MultiDiGraph or None
        The nodes among ``iris``, their edges and the nodes at the other ends, as in a full
        build of the current generation; ``None`` past ``limit``.
    """
    nodes = _Nodes(kg)
    centre = {iri for iri in iris if nodes[iri] is not None}
    reached = reach(kg, {ox.NamedNode(iri) for iri in centre},
                    lambda iri: iri not in centre and nodes[iri] is not None,
                    depth=LOCAL_DEPTH, limit=limit)
    if reached is None:
        return None
    keys = node_keys(kg, centre)
    folded = {name: [r for r in fold_rows(kg, name, reached) if {r[s], r[o]} & centre]
              for name, (s, o, _, _) in FOLDS.items()}
    ends = {end for key in keys for end in (key[0], key[2])} | {
        r[end] for name, found in folded.items() for r in found for end in FOLDS[name][:2]}
    graph = nx.MultiDiGraph(generation=kg.generation, **_ontology(kg))
    for iri in sorted(centre | ends):
        if nodes[iri] is not None:
            graph.add_node(iri, **nodes[iri])
    # in the order of a full build (direct edges sorted, then each fold sorted), so keys match
    graph.add_edges_from(keyed_direct_edges(kg, graph, keys))
    for name in FOLDS:
        graph.add_edges_from(folded_edges(graph, name, folded[name]))
    return graph


class _Nodes(dict):
    """IRI → node attributes (``None``: not a node), each read on first use by bound queries."""

    def __init__(self, kg: KnowledgeStore) -> None:
        super().__init__()
        self.kg = kg

    def __missing__(self, iri: str) -> dict[str, Any] | None:
        try:
            term = ox.NamedNode(iri)
        except ValueError:  # the id of a blank node, or a literal, at the end of a fold
            attrs = None
        else:
            attrs = node_attrs(rows(self.kg, "projection_entities", entity=term),
                               rows(self.kg, "projection_names", entity=term)).get(iri)
        self[iri] = attrs
        return attrs


@per_generation
def _ontology(kg: KnowledgeStore) -> dict[str, Any]:
    """``properties`` and ``superclasses`` of ``G.graph``, read once per store generation
    (shared by the graphs made from it: read-only)."""
    return ontology_attrs(kg)
