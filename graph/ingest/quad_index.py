"""Quads read as a small in-memory index: subject → (predicate, object) pairs, and the terms
every reader of an ingestion needs (``rdf:type``, ``rdfs:label``, ``aikg:`` terms as nodes)."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib

from graph.vocab import AIKG, PREFIXES

TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
LABEL = ox.NamedNode(PREFIXES["rdfs"] + "label")
Index = dict[object, list[tuple[ox.NamedNode, object]]]


def a(name: str) -> ox.NamedNode:
    """The aikg term ``name`` as a pyoxigraph node (a typo raises)."""
    return ox.NamedNode(str(getattr(AIKG, name)))


def index(quads: list[ox.Quad]) -> Index:
    """Subject → ``[(predicate, object)]``."""
    out: Index = {}
    for quad in quads:
        out.setdefault(quad.subject, []).append((quad.predicate, quad.object))
    return out


def one(idx: Index, subject: object, predicate: ox.NamedNode) -> object | None:
    """The first object of ``subject predicate ?o``, or ``None``."""
    return next((o for p, o in idx.get(subject, []) if p == predicate), None)


def every(idx: Index, subject: object, predicate: ox.NamedNode) -> list:
    """Every object of ``subject predicate ?o``, sorted."""
    return sorted((o for p, o in idx.get(subject, []) if p == predicate), key=str)


def to_ox(term: rdflib.term.Node, blanks: dict[rdflib.BNode, ox.BlankNode]) -> ox.NamedNode | \
        ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph one; blank nodes are fresh (no clash with the store's)."""
    if isinstance(term, rdflib.BNode):
        return blanks.setdefault(term, ox.BlankNode())
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))
                          if term.datatype else None)
    return ox.NamedNode(str(term))
