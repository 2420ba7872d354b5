"""SHACL validation of the data graphs against ``ontology/shapes.ttl`` (pyshacl).

The shapes and the ontology are read from the store's ``g:shapes`` and ``g:ontology`` graphs, so
what is validated is what is installed. The data graph is the merge of every other named graph
plus the default graph, with the ontology's ``rdfs:subClassOf`` axioms added so that
``sh:targetClass`` also reaches instances of subclasses. (Handing pyshacl the whole ontology as
``ont_graph`` instead makes it clone graphs into a slow rdflib dataset: minutes instead of 0.1 s.)
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate
from rdflib.namespace import RDFS, SH

from graph.errors import SeedError
from graph.store.base import KnowledgeStore
from graph.store.seeding import ONTOLOGY_GRAPH, SHAPES_GRAPH, is_data_graph


@dataclass(frozen=True)
class Violation:
    """One SHACL result."""

    focus: str
    path: str | None
    message: str
    severity: str
    shape: str | None


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating the store."""

    conforms: bool
    violations: tuple[Violation, ...]
    text: str


def to_rdflib(quads: list[ox.Quad]) -> rdflib.Graph:
    """The triples of ``quads`` as an rdflib graph (graph names dropped)."""
    graph = rdflib.Graph()
    if quads:
        data = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES)
        graph.parse(data=data.decode(), format="nt")
    return graph


def data_quads(kg: KnowledgeStore) -> list[ox.Quad]:
    """Quads of every graph except the ontology, shapes and catalog graphs and the pending
    proposals of ingestions."""
    return [q for q in kg.quads() if is_data_graph(q.graph_name)]


def validate_store(kg: KnowledgeStore) -> ValidationReport:
    """Validate the data graphs of ``kg`` against its installed shapes.

    Raises:
        SeedError: the store holds no shapes (it was never seeded).
    """
    shapes = to_rdflib(list(kg.quads(SHAPES_GRAPH)))
    if len(shapes) == 0:
        raise SeedError("the store has no SHACL shapes; run `aikg seed` or start the service "
                        "once to install them")
    subclass = ox.NamedNode(str(RDFS.subClassOf))
    axioms = [q for q in kg.quads(ONTOLOGY_GRAPH) if q.predicate == subclass]
    return validate_graph(to_rdflib(data_quads(kg) + axioms), shapes)


def validate_graph(data: rdflib.Graph, shapes: rdflib.Graph) -> ValidationReport:
    """Validate an rdflib graph (class hierarchy included); results sorted by focus node,
    path and message."""
    conforms, results, text = shacl_validate(
        data, shacl_graph=shapes, inference="none", abort_on_first=False,
        allow_warnings=True, advanced=True)
    violations = []
    for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        def one(predicate: rdflib.URIRef, _r: rdflib.term.Node = result) -> str | None:
            value = results.value(_r, predicate)
            return None if value is None else str(value)
        severity = one(SH.resultSeverity) or str(SH.Violation)
        violations.append(Violation(
            focus=one(SH.focusNode) or "", path=one(SH.resultPath),
            message=one(SH.resultMessage) or "", severity=severity.rsplit("#", 1)[-1],
            shape=one(SH.sourceShape)))
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return ValidationReport(bool(conforms), tuple(violations), str(text))
