"""Validate-on-write: HTTP writes checked against the SHACL shapes before they are applied.

With ``Settings.validate_writes`` on, the routes send every write (SPARQL update, Graph Store
PUT/POST/DELETE, multipart) through the functions here instead of the plain ones
(:func:`writer` picks). Each one, holding the store's write lock from the check to the write:

1. computes the quads the store would hold after the write, without touching it: for the Graph
   Store Protocol the parsed payload replaces or extends the target graph (or the graph goes);
   for a SPARQL update the store is copied into an in-memory pyoxigraph store and the update is
   applied there by :func:`graph.sparql.execute.run_update` (same guard, ``USING`` rewrite and errors);
2. validates the data graphs of that candidate against its shapes (:func:`validate_quads`, the
   same data graph as :func:`graph.store.validation.validate_store`);
3. refuses with :class:`~graph.errors.ValidationFailed` (HTTP 422, ``violations`` listed) when the
   candidate has violations the store does not already have, compared as
   ``(focus, path, message)`` so that old violations do not block unrelated writes; otherwise
   applies the write with the plain function.

Cost: the whole data graph is validated on each write (about 0.18 s on the seed store), plus
once more for the store as it is unless the report of the previous validated write can be
reused (it is cached per store generation when the write produced exactly the candidate quads).
Fine for curated stores; that is why it is opt-in.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDFS

from graph.errors import ValidationFailed
from graph.sparql.execute import QueryLimits, run_update
from graph.store import graph_store as graphstore
from graph.store.base import KnowledgeStore
from graph.store.embedded import EmbeddedStore
from graph.store.seeding import ONTOLOGY_GRAPH, SHAPES_GRAPH, is_data_graph
from graph.store.validation import ValidationReport, Violation, validate_graph

_SUBCLASS = ox.NamedNode(str(RDFS.subClassOf))
_XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")
_EMPTY = ValidationReport(True, (), "no shapes installed: nothing validated")

_reports: weakref.WeakKeyDictionary[KnowledgeStore, tuple[int, ValidationReport]] = \
    weakref.WeakKeyDictionary()
_reports_lock = threading.Lock()


# -- validation of a set of quads --------------------------------------------------------------


def validate_quads(quads: Iterable[ox.Quad]) -> ValidationReport:
    """Validate the data graphs among ``quads`` (every graph but the ontology, shapes,
    catalog and pending-proposal ones, plus the ontology's ``rdfs:subClassOf`` axioms) against the shapes among
    them. Blank nodes keep their labels, so reports of two quad sets that share blank nodes
    name them alike. No shapes: an empty, conforming report."""
    shapes, data = [], []
    for quad in quads:
        if quad.graph_name == SHAPES_GRAPH:
            shapes.append(quad)
        elif quad.graph_name == ONTOLOGY_GRAPH:
            if quad.predicate == _SUBCLASS:
                data.append(quad)
        elif is_data_graph(quad.graph_name):
            data.append(quad)
    if not shapes:
        return _EMPTY
    return validate_graph(_rdflib_graph(data), _rdflib_graph(shapes))


def current_report(kg: KnowledgeStore) -> ValidationReport:
    """The report of the store as it is, cached per store generation."""
    generation = kg.generation
    with _reports_lock:
        cached = _reports.get(kg)
    if cached is not None and cached[0] == generation:
        return cached[1]
    report = validate_quads(kg.quads())
    _remember(kg, generation, report)
    return report


def new_violations(before: ValidationReport, after: ValidationReport) -> list[Violation]:
    """Violations of ``after`` whose ``(focus, path, message)`` is not among ``before``'s."""
    seen = {_key(v) for v in before.violations}
    return [v for v in after.violations if _key(v) not in seen]


# -- the guarded writes ------------------------------------------------------------------------


def validated_update(kg: KnowledgeStore, text: str, *, limits: QueryLimits | None = None,
                     using_graphs: tuple[str, ...] | list[str] = (),
                     using_named_graphs: tuple[str, ...] | list[str] = (),
                     base_iri: str | None = None) -> None:
    """:func:`graph.sparql.execute.run_update`, refused (nothing applied) when it would add violations.

    Raises:
        ValidationFailed: the update would add SHACL violations.
        (and everything :func:`~graph.sparql.execute.run_update` raises)
    """
    kwargs: dict[str, Any] = {"limits": limits, "using_graphs": using_graphs,
                              "using_named_graphs": using_named_graphs, "base_iri": base_iri}
    with kg.writing():
        copy = EmbeddedStore.memory()
        copy.extend(kg.quads())
        for name in kg.named_graphs():  # empty named graphs exist too (DROP GRAPH needs them)
            copy._store.add_graph(name)
        run_update(copy, text, **kwargs)
        candidate = list(copy.quads())
        report = _check(kg, candidate)
        run_update(kg, text, **kwargs)
        _settle(kg, candidate, report)


def validated_replace_graph(kg: KnowledgeStore, *, graph: str | None, data: bytes,
                            fmt_name: str) -> bool:
    """:func:`graph.store.graph_store.replace_graph` (PUT), refused when it would add violations."""
    return _gsp(kg, graph, [(data, fmt_name)], replace=True,
                apply=lambda: graphstore.replace_graph(kg, graph=graph, data=data,
                                                       fmt_name=fmt_name))


def validated_add_to_graph(kg: KnowledgeStore, *, graph: str | None, data: bytes,
                           fmt_name: str) -> bool:
    """:func:`graph.store.graph_store.add_to_graph` (POST), refused when it would add violations."""
    return _gsp(kg, graph, [(data, fmt_name)], replace=False,
                apply=lambda: graphstore.add_to_graph(kg, graph=graph, data=data,
                                                      fmt_name=fmt_name))


def validated_add_parts(kg: KnowledgeStore, *, graph: str | None,
                        parts: Sequence[graphstore.Payload]) -> bool:
    """:func:`graph.store.graph_store.add_parts` (POST, multipart too), refused when it would add
    violations."""
    return _gsp(kg, graph, list(parts), replace=False,
                apply=lambda: graphstore.add_parts(kg, graph=graph, parts=parts))


def validated_delete_graph(kg: KnowledgeStore, *, graph: str | None) -> bool:
    """:func:`graph.store.graph_store.delete_graph`, refused when removing the graph would add
    violations (say, a node elsewhere whose required target lived in it)."""
    return _gsp(kg, graph, [], replace=True,
                apply=lambda: graphstore.delete_graph(kg, graph=graph))


GUARDED: dict[Callable[..., Any], Callable[..., Any]] = {
    run_update: validated_update,
    graphstore.replace_graph: validated_replace_graph,
    graphstore.add_to_graph: validated_add_to_graph,
    graphstore.add_parts: validated_add_parts,
    graphstore.delete_graph: validated_delete_graph,
}
"""Each plain write function and its validating twin."""


def writer(func: Callable[..., Any], validate: bool) -> Callable[..., Any]:
    """The function a route should send to the engine: ``func`` itself, or its validating twin
    when ``validate`` (``Settings.validate_writes``) is on."""
    return GUARDED[func] if validate else func


# -- internals ---------------------------------------------------------------------------------


def _gsp(kg: KnowledgeStore, graph: str | None, parts: list[graphstore.Payload], *,
         replace: bool, apply: Callable[[], bool]) -> bool:
    name: ox.NamedNode | ox.DefaultGraph = (
        ox.DefaultGraph() if graph is None else graphstore._graph_node(graph))
    added: list[ox.Quad] = []
    fresh: dict[ox.BlankNode, ox.BlankNode] = {}  # as the write does: no co-reference with
    for data, fmt_name in parts:                 # blank nodes already in the store
        for t in graphstore._parse_graph(data, fmt_name,
                                         None if graph is None else name):  # type: ignore[arg-type]
            added.append(ox.Quad(_fresh(t.subject, fresh), t.predicate,
                                 _fresh(t.object, fresh), name))
    with kg.writing():
        kept = (q for q in kg.quads() if not (replace and q.graph_name == name))
        candidate = [*kept, *added]
        report = _check(kg, candidate)
        result = apply()
        _settle(kg, candidate, report)
    return result


def _check(kg: KnowledgeStore, candidate: list[ox.Quad]) -> ValidationReport:
    """The candidate's report; raises :class:`ValidationFailed` on new violations."""
    after = validate_quads(candidate)
    if not after.violations:
        return after
    new = new_violations(current_report(kg), after)
    if new:
        raise ValidationFailed(
            f"the write was refused, nothing was applied: it would add {len(new)} new "
            "violation(s)", violations=[asdict(v) for v in new])
    return after


def _settle(kg: KnowledgeStore, candidate: list[ox.Quad], report: ValidationReport) -> None:
    """Cache the candidate's report for the new generation when the store now holds exactly
    the candidate's quads (not so when the write minted other blank nodes)."""
    if set(kg.quads()) == set(candidate):
        _remember(kg, kg.generation, report)


def _remember(kg: KnowledgeStore, generation: int, report: ValidationReport) -> None:
    with _reports_lock:
        _reports[kg] = (generation, report)


def _key(violation: Violation) -> tuple[str, str | None, str]:
    return violation.focus, violation.path, violation.message


def _fresh(term: Any, fresh: dict[ox.BlankNode, ox.BlankNode]) -> Any:
    if isinstance(term, ox.BlankNode):
        return fresh.setdefault(term, ox.BlankNode())
    if isinstance(term, ox.Triple):
        return ox.Triple(_fresh(term.subject, fresh), term.predicate, _fresh(term.object, fresh))
    return term


def _rdflib_graph(quads: Iterable[ox.Quad]) -> rdflib.Graph:
    """The triples of ``quads`` as an rdflib graph, blank nodes keeping their labels (triples
    with RDF 1.2 triple terms, which rdflib cannot hold, are left out)."""
    graph = rdflib.Graph()
    for quad in quads:
        s, p, o = _term(quad.subject), _term(quad.predicate), _term(quad.object)
        if s is not None and p is not None and o is not None:
            graph.add((s, p, o))
    return graph


def _term(term: Any) -> rdflib.term.Node | None:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype == _XSD_STRING:  # as rdflib reads a plain literal
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    return None
