"""What moves with a fact, and the one SPARQL update that moves or drops it.

:func:`closure` is the part of the pending graph a fact takes with it: its own triples, its
sub-nodes (``id:<id>-pNN-…``) and blank nodes, the direct triple of an ``aikg:Assertion``, the
proposed new entities it mentions and the article node. :func:`transfer` writes one SPARQL
update that moves chosen pending quads into the target graph (accepting) or deletes them
(rejecting), and sets the review state, so a review step is one transaction. Every term comes
from the store, never from a request.
"""

from __future__ import annotations

import pyoxigraph as ox

from graph.ingest.review import INGESTIONS, TYPE, Loaded, a, one
from graph.vocab import PREFIXES

__all__ = ["closure", "set_state", "transfer"]

_REIFIED = [ox.NamedNode(PREFIXES["rdf"] + n) for n in ("subject", "predicate", "object")]


def closure(found: Loaded, facts: list[ox.NamedNode]) -> list[ox.Quad]:
    """The pending quads that move (or go) with ``facts`` (see the module docstring)."""
    by_subject: dict = {}
    for quad in found.pending_quads:
        by_subject.setdefault(quad.subject, []).append(quad)
    keep: dict[ox.Quad, None] = {}
    todo: list = [*facts, found.article]
    seen: set = set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for quad in by_subject.get(current, []):
            keep[quad] = None
            obj = quad.object
            if isinstance(obj, ox.BlankNode) or obj in found.entities or (
                    isinstance(obj, ox.NamedNode) and isinstance(current, ox.NamedNode)
                    and obj.value.startswith(current.value + "-")):
                todo.append(obj)
        if (TYPE, a("Assertion")) in found.index.get(current, []):
            s, p, o = (one(found.index, current, r) for r in _REIFIED)
            keep.update((q, None) for q in by_subject.get(s, [])
                        if q.predicate == p and q.object == o)
            todo += [t for t in (s, o) if t in found.entities]
    return list(keep)


def transfer(found: Loaded, quads: list[ox.Quad], *, state: str, into_target: bool) -> str:
    """One SPARQL update taking ``quads`` out of the pending graph — into the target graph
    when ``into_target``, else nowhere — and setting the review state. When ``quads`` is the
    whole pending graph, the graph itself goes. Blank nodes, which SPARQL data blocks cannot
    name, are matched through their chain from an IRI."""
    pending, target = found.pending, found.target
    operations = []
    if len(quads) == len(found.pending_quads):
        if into_target:
            operations.append(f"ADD SILENT GRAPH {pending} TO GRAPH {target}")
        operations.append(f"DROP SILENT GRAPH {pending}")
    else:
        blanks = {t for q in quads for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)}
        chains = sorted({_chain(found, b) for b in blanks}, key=len, reverse=True)
        for root, *links in chains:
            path = " . ".join(f"{f'?b{i}' if i else root} {link} ?b{i + 1}"
                              for i, link in enumerate(links))
            last = f"{f'?b{len(links) - 1}' if len(links) > 1 else root} {links[-1]} " \
                   f"?b{len(links)} . ?b{len(links)} ?x ?y"
            blank = " && ".join(f"isBlank(?b{i + 1})" for i in range(len(links)))
            insert = f"INSERT {{ GRAPH {target} {{ {last} }} }}" if into_target else ""
            operations.append(
                f"DELETE {{ GRAPH {pending} {{ {last} }} }} {insert}"
                f" WHERE {{ GRAPH {pending} {{ {path} OPTIONAL {{ ?b{len(links)} ?x ?y }} }}"
                f" FILTER({blank}) }}")
        plain = " ".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads
                         if not isinstance(q.subject, ox.BlankNode)
                         and not isinstance(q.object, ox.BlankNode))
        if plain:
            operations.append(f"DELETE DATA {{ GRAPH {pending} {{ {plain} }} }}")
            if into_target:
                operations.append(f"INSERT DATA {{ GRAPH {target} {{ {plain} }} }}")
    return " ;\n".join([*operations, set_state(found, state)])


def set_state(found: Loaded, state: str) -> str:
    """The SPARQL update setting the ingestion's ``aikg:reviewState`` to ``state``."""
    graph, record, prop = INGESTIONS, found.record, a("reviewState")
    return (f"DELETE {{ GRAPH {graph} {{ {record} {prop} ?s }} }} INSERT {{ GRAPH {graph} "
            f"{{ {record} {prop} {ox.Literal(state)} }} }} WHERE {{ OPTIONAL {{ GRAPH {graph} "
            f"{{ {record} {prop} ?s }} }} }}")


def _chain(found: Loaded, blank: ox.BlankNode) -> tuple:
    """``(root IRI, predicate, …)``: how ``blank`` hangs from the nearest IRI in the pending
    graph (proposals are trees below their fact nodes)."""
    links: list = []
    current = blank
    while isinstance(current, ox.BlankNode):
        parent = next(q for q in found.pending_quads if q.object == current)
        links.insert(0, parent.predicate)
        current = parent.subject
    return (current, *links)
