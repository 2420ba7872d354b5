"""The SHACL check before accepted facts move: only violations the store does not already have
refuse them — measured on the neighbourhood of what moves, not on the whole store.

A violation can only appear on a node the moving quads touch: its own properties, the classes
of its values, the blank nodes it owns, and the triples that point at it through a property
some shape reads backwards (``sh:inversePath``, e.g. a chip allocation's cluster state). So the
check reads exactly that — every quad about each node the moving quads name, the blank nodes
those quads reach, the types of their values and the inverse-path links — from the data graphs,
validates it as it is and with the moving quads added to the target graph, and compares. Its
cost follows the size of what moves and of its neighbours, not of the store (validating the
whole store made each acceptance ~8 s at 25,000 quads, and grew with every source).
"""

from __future__ import annotations

from dataclasses import asdict

import pyoxigraph as ox
import rdflib

from graph.errors import ValidationFailed
from graph.ingest.quad_index import to_ox
from graph.ingest.review import Loaded
from graph.ingest.transfer import closure
from graph.sparql.guarded_writes import new_violations, validate_quads
from graph.store.base import KnowledgeStore
from graph.store.seeding import ONTOLOGY_GRAPH, SHAPES_GRAPH, is_data_graph

__all__ = ["check_acceptance"]

_SH = "http://www.w3.org/ns/shacl#"
_ABOUT = """SELECT ?g ?s ?p ?o WHERE { GRAPH ?g {
    { ?n ?p ?o BIND(?n AS ?s) }
    UNION { ?n ?via ?s . FILTER(isBlank(?s)) ?s ?p ?o }
    UNION { ?s ?p ?n . FILTER(?p IN (%s)) BIND(?n AS ?o) } } }"""
_TYPES = """SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s a ?o BIND(rdf:type AS ?p) } }"""
_BATCH = 200


def check_acceptance(kg: KnowledgeStore, found: Loaded, moving: list[ox.Quad],
                     shapes: rdflib.Graph | None, todo: list[ox.NamedNode]) -> None:
    """Raise ValidationFailed when ``moving``, put in the target graph, adds violations; its
    ``facts`` detail names the facts of ``todo`` the violations are about."""
    shape_quads = list(kg.quads(SHAPES_GRAPH)) if shapes is None else _shape_quads(shapes)
    axioms = [q for q in kg.quads(ONTOLOGY_GRAPH)
              if q.predicate.value == str(rdflib.RDFS.subClassOf)]
    base = [*shape_quads, *axioms, *_neighbourhood(kg, moving, shape_quads)]
    after = validate_quads([*base, *(ox.Quad(q.subject, q.predicate, q.object, found.target)
                                     for q in moving)])
    if after.conforms or not after.violations:
        return
    new = new_violations(validate_quads(base), after)
    if new:
        named = _facts_of(found, todo, [v.focus for v in new])
        raise ValidationFailed(
            f"nothing was accepted: the facts would add {len(new)} new violation(s)"
            + (f" (about {', '.join(named)})" if named else ""),
            report=after.text, violations=[asdict(v) for v in new], facts=named)


def _neighbourhood(kg: KnowledgeStore, moving: list[ox.Quad],
                   shape_quads: list[ox.Quad]) -> list[ox.Quad]:
    """The data quads about the named nodes of ``moving`` (see the module docstring)."""
    nodes = sorted({t for q in moving for t in (q.subject, q.object)
                    if isinstance(t, ox.NamedNode)}, key=str)
    inverse = sorted({q.object for q in shape_quads if q.predicate.value == _SH + "inversePath"
                      and isinstance(q.object, ox.NamedNode)}, key=str)
    found = _rows(kg, _ABOUT % (", ".join(map(str, inverse)) or "rdf:nil"), nodes)
    values = sorted({q.object for q in found if isinstance(q.object, ox.NamedNode)}
                    - set(nodes), key=str)
    found += _rows(kg, _TYPES, values, variable="s")
    return list(dict.fromkeys(q for q in found if is_data_graph(q.graph_name)))


def _rows(kg: KnowledgeStore, text: str, nodes: list[ox.NamedNode], *,
          variable: str = "n") -> list[ox.Quad]:
    """``text``'s rows as quads, for ``nodes`` in batches (a VALUES block of store terms)."""
    out = []
    for start in range(0, len(nodes), _BATCH):
        values = " ".join(str(n) for n in nodes[start:start + _BATCH])
        query = text.replace("SELECT ?g ?s ?p ?o WHERE {",
                             f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?{variable} {{ {values} }}", 1)
        rows = kg.select(query, prefixes={"rdf": str(rdflib.RDF)})
        out += [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]
    return out


def _shape_quads(shapes: rdflib.Graph) -> list[ox.Quad]:
    blanks: dict = {}
    return [ox.Quad(to_ox(s, blanks), to_ox(p, blanks), to_ox(o, blanks), SHAPES_GRAPH)
            for s, p, o in shapes]


def _facts_of(found: Loaded, todo: list[ox.NamedNode], focuses: list[str]) -> list[str]:
    """The ids of the facts of ``todo`` whose closure holds one of the ``focuses`` (a fact
    node, its sub-nodes, or an entity or blank node it brings)."""
    named = []
    for fact in todo:
        terms = {str(t) for q in closure(found, [fact]) if q.subject != found.article
                 for t in (q.subject, q.object)} | {f"<{fact.value}>"}
        values = {t[1:-1] if t.startswith("<") else t for t in terms}
        if any(f in values or f in terms or f.startswith(fact.value + "-") for f in focuses):
            named.append(found.short(fact))
    return named
