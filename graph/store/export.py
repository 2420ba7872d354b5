"""Deterministic export of the whole store or one graph.

Two exports of the same data are byte-identical: blank nodes are relabelled canonically
(RDFC-1.0) and statements are written in sorted order. Dataset formats (TriG, N-Quads, JSON-LD)
keep graph names; triple formats (Turtle, N-Triples, RDF/XML) merge the selected graphs.

An export made over a remote engine says so in a first comment line (formats with comments:
Turtle, TriG, N-Triples, N-Quads), ``# aikg export, engine: virtuoso``: engines that do not keep
literals as written (Virtuoso: ``"01"^^xsd:integer`` comes back ``"1"``) give other bytes for
the same data. The embedded store's exports carry no such line.
"""

from __future__ import annotations

import pyoxigraph as ox

from graph.errors import EntityNotFound
from graph.iris import checked_iri
from graph.store.base import KnowledgeStore, canonical_quads
from graph.store.formats import RdfFormat
from graph.vocab import PREFIXES


def export(kg: KnowledgeStore, fmt: RdfFormat, *, graph: str | None = None) -> bytes:
    """Serialise the store (or the named graph ``graph``) in ``fmt``.

    Raises:
        InvalidIRI: ``graph`` is not a valid IRI.
        EntityNotFound: the store has no graph called ``graph``.
    """
    if graph is not None:
        name = ox.NamedNode(checked_iri(graph))
        if not kg.has_graph(name):
            raise EntityNotFound(f"no graph named <{name.value}> in the store")
        quads = canonical_quads(kg.quads(name))
    else:
        quads = canonical_quads(kg.quads())
    return engine_note(kg, fmt) + serialize(quads, fmt)


def engine_note(kg: KnowledgeStore, fmt: RdfFormat) -> bytes:
    """The comment line naming a remote engine (nothing for the embedded store or a format
    without comments)."""
    if not kg.remote or fmt.name not in ("turtle", "trig", "ntriples", "nquads"):
        return b""
    return f"# aikg export, engine: {kg.engine}\n".encode()


def serialize(quads: list[ox.Quad], fmt: RdfFormat) -> bytes:
    """Canonical ``quads`` in ``fmt``, sorted; triple formats merge the graphs."""
    prefixes = PREFIXES if fmt.name in ("turtle", "trig", "rdfxml") else None
    if fmt.datasets:
        return ox.serialize(quads, format=fmt.ox_format, prefixes=prefixes)
    triples = sorted({q.triple for q in quads}, key=lambda t: (str(t.subject),
                                                                 str(t.predicate),
                                                                 str(t.object)))
    return ox.serialize(triples, format=fmt.ox_format, prefixes=prefixes)
