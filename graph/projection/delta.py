"""Incremental refresh of the projection: the graph of generation *g + k* from that of *g*
and the store's change journal (:meth:`graph.store.embedded.KnowledgeStore.changes_since`).

:func:`refresh` gives a graph **equal** to a full build of the current store (same nodes, edges,
edge keys and attributes; only the iteration order of nodes and neighbours may differ), or
``None`` when only a full build is safe: a change is unknown, touches ``g:ontology`` (labels and
kinds of every predicate), adds blank nodes whose stored labels it does not know
(:meth:`graph.store.journal.Change.new_blank_nodes`: ``INSERT DATA`` and ``load`` mint their own, and
the queries below could not be bound to them), or reaches more than :data:`MAX_REACHED`
resources.

How:

1. **Seeds**: the IRIs and blank nodes of the changed quads (subjects, objects), vocabulary
   terms (``aikg:``, ``rdf:``, ``owl:``… namespaces: classes, statuses) left out.
2. **Walk**: from the seeds, :data:`DEPTH` steps along triples in either direction (the current
   store plus the changed quads, so links that were removed count too), never through an entity
   that was a node of the old graph (hubs stay put) nor through vocabulary terms. Every folded
   edge hangs on a fact node at most two links from any resource its value depends on
   (allocation → state → cluster, amount → round → investment…), so the walk reaches the fact
   node (``?fact``) of every folded edge a change can alter, and one endpoint of it.
3. **Nodes**: the IRI subjects of the changed quads are re-read (``projection_entities`` and
   ``projection_names`` bound to each): nodes appear, disappear (with their edges) or get new
   attribute dicts.
4. **Edges**: old edges whose anchor was reached (``fact``; for ``uses`` and ``investedIn``
   the cluster state or funding round, also at most two links from anything they depend on),
   and old direct edges of the changed triples
   (or of the reached assertions), are dropped; the fold queries are re-run bound to each
   reached resource as the anchor, the direct and assertion queries bound to each affected
   ``(s, p, o, g)`` and to each new node as subject or object. Bindings are pyoxigraph
   substitutions, never text.
5. For every pair of nodes whose edges changed, all its edges are put back in the order of a
   full build (:func:`graph.projection.build.edge_order`), so keys match too.

The walk (:func:`reach`), the direct edges of given nodes (:func:`node_keys`,
:func:`keyed_direct_edges`) and the bound fold queries (:func:`fold_rows`) also build the
projection around a few entities (:mod:`graph.projection.local`).

The old graph is never modified (a reader may still hold it): the new one shares its attribute
dicts and the adjacency of untouched nodes and copies only what it changes (copy-on-write on
networkx's ``_node``/``_succ``/``_pred`` dicts; a full ``copy()`` takes ~0.8 s at 1M quads).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice
from typing import Any

import networkx as nx
import pyoxigraph as ox

from graph.projection.acyclic import Projection
from graph.projection.build import FOLDS, direct_edges, edge_order, folded_edges, node_attrs, rows
from graph.store import queries
from graph.store.base import KnowledgeStore
from graph.store.journal import Change
from graph.vocab import PREFIXES

DEPTH = 3
MAX_REACHED = 5000
ONTOLOGY = PREFIXES["g"] + "ontology"
_VOCABULARY = tuple(v for k, v in PREFIXES.items() if k not in ("id", "g", "wd"))
_EXCLUDED = frozenset(PREFIXES["g"] + n for n in ("ontology", "shapes", "catalog"))
Resource = ox.NamedNode | ox.BlankNode
_BOUND = {"projection_uses": "state", "projection_investments": "round"}
"""Fold query → the variable bound to each reached resource (default ``fact``): the parent
node, which the query planner starts from (binding ``?fact`` there scans every state/round)."""
_ANCHOR = {"uses": "state", "investedIn": "round"}
"""Edge kind → the attribute naming the anchor whose re-run replaces it."""


def refresh(kg: KnowledgeStore, old: nx.MultiDiGraph, changes: list[Change],
            generation: int) -> nx.MultiDiGraph | None:
    """The projection of ``kg`` after ``changes``, derived from ``old`` (left untouched), or
    ``None`` when a full build is needed (see the module docstring)."""
    quads = [q for c in changes for q in (*c.added, *c.removed)]
    if any(c.new_blank_nodes() for c in changes) or any(
            isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == ONTOLOGY
            for q in quads):
        return None
    reached = _walk(kg, old, quads)
    if reached is None:
        return None
    graph = _Copy(old, generation)
    new_nodes = _refresh_nodes(kg, graph, {q.subject.value for q in quads
                                           if isinstance(q.subject, ox.NamedNode)})
    facts = {r.value for r in reached}
    dropped: set[tuple[str, str, int]] = set()
    keys: set[tuple[str, str, str, str]] = set()
    for u, targets in old._succ.items():  # ~20 ms at 1M quads (twice that through EdgeView)
        for v, parallel in targets.items():
            for k, d in parallel.items():
                if d.get(_ANCHOR.get(d["kind"], "fact")) in facts:
                    dropped.add((u, v, k))
                    if d["kind"] == "direct":
                        keys.add((u, d["predicate"], v, d["source"]))
    keys |= _direct_keys(kg, graph, quads, reached, new_nodes)
    for s, p, o, g in keys:
        for k, d in old.get_edge_data(s, o, default={}).items():
            if d["kind"] == "direct" and d["predicate"] == p and d["source"] == g:
                dropped.add((s, o, k))
    edges = keyed_direct_edges(kg, graph.result, keys)
    for name in FOLDS:
        edges += folded_edges(graph.result, name, fold_rows(kg, name, reached))
    graph.set_pairs(old, dropped, edges)
    return graph.result


def fold_rows(kg: KnowledgeStore, name: str, anchors: Iterable[Resource]
              ) -> list[dict[str, str]]:
    """Rows of the fold query ``name`` bound to each of ``anchors`` in turn."""
    anchor = _BOUND.get(name, "fact")
    return [row for r in anchors for row in rows(kg, name, **{anchor: r})]


def _walk(kg: KnowledgeStore, old: nx.MultiDiGraph, quads: list[ox.Quad]
          ) -> set[Resource] | None:
    """Resources reached from the changed quads (see the module docstring), or ``None``."""
    links: dict[Resource, set[Resource]] = {}
    for q in quads:
        if isinstance(q.object, (ox.NamedNode, ox.BlankNode)) and \
                isinstance(q.subject, (ox.NamedNode, ox.BlankNode)):
            links.setdefault(q.subject, set()).add(q.object)
            links.setdefault(q.object, set()).add(q.subject)
    frontier = {r for r in links if not _vocabulary(r)} | {
        q.subject for q in quads if isinstance(q.subject, (ox.NamedNode, ox.BlankNode))}
    return reach(kg, frontier, old.__contains__, links=links)


def reach(kg: KnowledgeStore, frontier: set[Resource], stop: Callable[[str], bool], *,
           depth: int = DEPTH, limit: int = MAX_REACHED,
           links: dict[Resource, set[Resource]] | None = None) -> set[Resource] | None:
    """``frontier`` and the resources ``depth`` links from it along triples in either direction
    (the store's, plus ``links``), never through vocabulary terms nor IRIs that ``stop``;
    ``None`` past ``limit`` resources."""
    reached, links = set(frontier), links or {}
    for _ in range(depth):
        following = set()
        for resource in frontier:
            if isinstance(resource, ox.NamedNode) and stop(resource.value):
                continue  # an entity: the walk stops there
            found = links.get(resource, set()) | _links(kg, resource, limit)
            following |= {n for n in found if n not in reached and not _vocabulary(n)}
        reached |= following
        if len(reached) > limit:
            return None
        frontier = following
    return reached


def _links(kg: KnowledgeStore, resource: Resource, limit: int) -> set[Resource]:
    """The resources linked to ``resource`` but vocabulary terms, read no further than
    ``limit + 1`` of them (a hub's are not all needed to know the walk is past ``limit``)."""
    solutions = kg.query(queries.load("projection_links"), prefixes=PREFIXES,
                         substitutions={ox.Variable("x"): resource}, **queries.known_dataset(kg))
    return set(islice((n for n in (row["n"] for row in solutions) if not _vocabulary(n)),
                      limit + 1))


def _vocabulary(term: Any) -> bool:
    return isinstance(term, ox.NamedNode) and term.value.startswith(_VOCABULARY)


def _refresh_nodes(kg: KnowledgeStore, graph: _Copy, iris: set[str]) -> set[str]:
    """Re-read the nodes of ``iris``; returns those that are new."""
    new = set()
    for iri in sorted(iris):
        term = ox.NamedNode(iri)
        attrs = node_attrs(rows(kg, "projection_entities", entity=term),
                           rows(kg, "projection_names", entity=term)).get(iri)
        if attrs is None:
            graph.remove_node(iri)
        elif iri not in graph.result:
            graph.add_node(iri, attrs)
            new.add(iri)
        elif graph.result.nodes[iri] != attrs:
            graph.set_node(iri, attrs)
    return new


def _direct_keys(kg: KnowledgeStore, graph: _Copy, quads: list[ox.Quad],
                 reached: set[Resource], new_nodes: set[str]) -> set[tuple[str, str, str, str]]:
    """``(s, p, o, g)`` of the direct triples whose edge may have changed."""
    props = graph.result.graph["properties"]
    keys = {(q.subject.value, q.predicate.value, q.object.value, q.graph_name.value)
            for q in quads if isinstance(q.subject, ox.NamedNode)
            and isinstance(q.object, ox.NamedNode) and isinstance(q.graph_name, ox.NamedNode)
            and q.graph_name.value not in _EXCLUDED
            and not props.get(q.predicate.value, {"derived": True})["derived"]}
    for fact in reached:
        keys |= {(r["s"], r["p"], r["o"], r["g"])
                 for r in rows(kg, "projection_assertions", fact=fact)}
    return keys | node_keys(kg, new_nodes)


def node_keys(kg: KnowledgeStore, nodes: Iterable[str]) -> set[tuple[str, str, str, str]]:
    """``(s, p, o, g)`` of the direct triples with one of ``nodes`` as subject or object."""
    return {(r["s"], r["p"], r["o"], r["g"]) for node in nodes for end in ("s", "o")
            for r in rows(kg, "projection_direct", **{end: ox.NamedNode(node)})}


def keyed_direct_edges(kg: KnowledgeStore, graph: nx.MultiDiGraph,
                       keys: set[tuple[str, str, str, str]]
                       ) -> list[tuple[str, str, dict[str, Any]]]:
    """The direct edges of ``keys`` between nodes of ``graph`` as the store has them now."""
    triples, assertions = set(), []
    for key in keys:
        if key[0] not in graph or key[2] not in graph:
            continue
        bound = dict(zip("spog", (ox.NamedNode(v) for v in key)))
        if rows(kg, "projection_direct", **bound):
            triples.add(key)
            assertions += rows(kg, "projection_assertions", **bound)
    return direct_edges(graph, triples, assertions)


class _Copy:
    """A copy-on-write copy of a ``MultiDiGraph``: shares the old graph's dicts and copies a
    node's adjacency dict (never an edge's attribute dict) before changing it."""

    def __init__(self, old: nx.MultiDiGraph, generation: int) -> None:
        self.result = graph = Projection()
        graph.graph.update(old.graph, generation=generation)
        graph._node = dict(old._node)
        graph._adj = dict(old._succ)  # also sets _succ
        graph._pred = dict(old._pred)
        self._owned: set[tuple[str, str]] = set()

    def _own(self, side: str, node: str) -> dict[str, dict[int, dict[str, Any]]]:
        table = self.result._succ if side == "succ" else self.result._pred
        if (side, node) not in self._owned:
            table[node] = dict(table[node])
            self._owned.add((side, node))
        return table[node]

    def add_node(self, node: str, attrs: dict[str, Any]) -> None:
        self.result._node[node] = attrs
        self.result._succ[node], self.result._pred[node] = {}, {}
        self._owned |= {("succ", node), ("pred", node)}

    def set_node(self, node: str, attrs: dict[str, Any]) -> None:
        self.result._node[node] = attrs

    def remove_node(self, node: str) -> None:
        graph = self.result
        if node not in graph._node:
            return
        for other in graph._succ[node]:
            if other != node:
                del self._own("pred", other)[node]
        for other in graph._pred[node]:
            if other != node:
                del self._own("succ", other)[node]
        del graph._node[node], graph._succ[node], graph._pred[node]

    def set_pairs(self, old: nx.MultiDiGraph, dropped: set[tuple[str, str, int]],
                  edges: list[tuple[str, str, dict[str, Any]]]) -> None:
        """Drop the old edges ``dropped``, add ``edges``, and key every changed pair's edges
        in full-build order."""
        pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for u, v, _ in dropped:
            pairs.setdefault((u, v), [])
        for u, v, data in edges:
            pairs.setdefault((u, v), []).append(data)
        graph = self.result
        for (u, v), added in pairs.items():
            if u not in graph._node or v not in graph._node:
                continue
            kept = [d for k, d in (old._succ.get(u, {}).get(v, {}) if u in old and v in old
                                   else {}).items() if (u, v, k) not in dropped]
            every = sorted(kept + added, key=edge_order)
            succ, pred = self._own("succ", u), self._own("pred", v)
            if every:
                succ[v] = pred[u] = dict(enumerate(every))
            else:
                succ.pop(v, None)
                pred.pop(u, None)

