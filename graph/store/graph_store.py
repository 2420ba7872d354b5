"""Graph Store HTTP Protocol semantics over a :class:`~graph.store.embedded.KnowledgeStore`, protocol-free.

This module owns what a GSP operation *means* for the store; ``api/routes/store.py`` owns the
HTTP side (URLs, status codes, bodies). Every function takes the store first and only picklable
arguments, so the engine can run it in its worker process.

* A graph is named by an absolute IRI (``str``) or ``None`` for the store's real default graph
  (not the union the SPARQL endpoint queries). The default graph always exists; a named graph
  exists once created, even when empty.
* Writes are atomic: the whole payload is parsed first (an error anywhere changes nothing), then
  applied as one SPARQL update (one store transaction) under the store's write lock. The update
  is given the quads it adds and removes (those of the replaced or deleted graph, read under the
  lock) for the store's change journal, so the projection refreshes incrementally after it.
* Blank nodes of a payload stay blank nodes and never co-refer with blank nodes already in the
  store (SPARQL ``INSERT DATA`` mints fresh ones).
* A payload is a graph: in a dataset format (TriG, N-Quads, JSON-LD) only its default graph, or
  a named graph with the target's own name, is accepted; other named graphs are refused.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from graph.errors import InvalidInput
from graph.iris import checked_iri
from graph.store import journal
from graph.store.base import KnowledgeStore
from graph.store.formats import rdf_format
from graph.store.loading import check_safe, data_syntax_error
from graph.vocab import PREFIXES

Payload = tuple[bytes, str]
"""One piece of uploaded RDF: ``(data, format name)``."""


def graph_exists(kg: KnowledgeStore, *, graph: str | None) -> bool:
    """True for the default graph and for every named graph in the store (empty ones too)."""
    return graph is None or kg.has_graph(_graph_node(graph))


def read_graph(kg: KnowledgeStore, *, graph: str | None, fmt_name: str) -> bytes | None:
    """The graph serialised in the format called ``fmt_name``; ``None`` when it does not exist.

    Triple formats get the graph's triples; dataset formats get them as quads of the graph
    (named graph) or of the default graph, so the output can be sent back with PUT.
    """
    fmt = rdf_format(fmt_name)
    name = _graph_node(graph) if graph is not None else ox.DefaultGraph()
    if graph is not None and not kg.has_graph(name):
        return None
    triples = sorted((q.triple for q in kg.quads(name)),
                     key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    prefixes = PREFIXES if fmt.name in ("turtle", "trig", "rdfxml") else None
    if fmt.datasets:
        items: list[ox.Quad] | list[ox.Triple] = [ox.Quad(t.subject, t.predicate, t.object, name)
                                                  for t in triples]
    else:
        items = triples
    return ox.serialize(items, format=fmt.ox_format, prefixes=prefixes)


def read_graph_of(kg: KnowledgeStore, *, graph: str | None, fmt_name: str
                  ) -> tuple[bytes | None, str]:
    """:func:`read_graph` and the engine that answered it (``X-AIKG-Engine``: engines that do
    not keep literals as written give other bytes for the same data)."""
    return read_graph(kg, graph=graph, fmt_name=fmt_name), kg.engine


def replace_graph(kg: KnowledgeStore, *, graph: str | None, data: bytes, fmt_name: str) -> bool:
    """PUT: make the graph hold exactly the payload's triples. True if the graph was created,
    False if it existed (and was replaced). A payload that does not parse changes nothing."""
    return _write(kg, graph, [(data, fmt_name)], replace=True)


def add_to_graph(kg: KnowledgeStore, *, graph: str | None, data: bytes, fmt_name: str) -> bool:
    """POST: merge the payload's triples into the graph (creating it). True if created."""
    return _write(kg, graph, [(data, fmt_name)], replace=False)


def add_parts(kg: KnowledgeStore, *, graph: str | None, parts: Sequence[Payload]) -> bool:
    """POST of several payloads (multipart/form-data): all are parsed, then merged into the
    graph in one transaction; any part that does not parse changes nothing. True if created."""
    return _write(kg, graph, list(parts), replace=False)


def delete_graph(kg: KnowledgeStore, *, graph: str | None) -> bool:
    """DELETE: remove a named graph (False when it does not exist) or empty the default graph
    (always True: the default graph always exists)."""
    with kg.writing():  # the existence check and the removal must not interleave with a write
        if graph is None:
            kg.update("CLEAR SILENT DEFAULT", changed=([], _old_quads(kg, ox.DefaultGraph())))
            return True
        name = _graph_node(graph)
        if not kg.has_graph(name):
            return False
        kg.update(f"DROP SILENT GRAPH {name}", changed=([], _old_quads(kg, name)))
        return True


def new_graph_iri(base: str) -> str:
    """A fresh graph IRI under ``base`` (the store's URL) for a POST to the store itself."""
    return f"{checked_iri(base).rstrip('/')}/{uuid.uuid4().hex}"


# -- internals ---------------------------------------------------------------------------------


def _graph_node(graph: str) -> ox.NamedNode:
    return ox.NamedNode(checked_iri(graph))


def _write(kg: KnowledgeStore, graph: str | None, parts: list[Payload], *, replace: bool) -> bool:
    """Parse every part, then apply them as one update; returns whether the graph was created."""
    name = _graph_node(graph) if graph is not None else None
    triples: list[ox.Triple] = []
    for data, fmt_name in parts:
        triples.extend(_parse_graph(data, fmt_name, name))
    target = "DEFAULT" if name is None else f"GRAPH {name}"
    operations = []
    if replace:
        operations.append(f"CLEAR SILENT {target}" if name is None else f"DROP SILENT {target}")
    if name is not None:
        operations.append(f"CREATE SILENT GRAPH {name}")
    if triples:
        operations.append(_insert_data(triples, name))
    # One update is one transaction; the lock keeps the "created?" answer true under concurrency
    # (the store's RLock, so KnowledgeStore.update can take it again).
    with kg.writing():
        created = name is not None and not kg.has_graph(name)
        if operations:
            node = ox.DefaultGraph() if name is None else name
            added = [ox.Quad(t.subject, t.predicate, t.object, node) for t in triples]
            kg.update(" ;\n".join(operations),
                      changed=(added, _old_quads(kg, node) if replace else []))
    return created


def _old_quads(kg: KnowledgeStore, graph: ox.NamedNode | ox.DefaultGraph) -> list[ox.Quad]:
    """The quads a replace or delete of ``graph`` removes, for the store's change journal (read
    under the write lock; one past :data:`graph.store.journal.MAX_QUADS` is enough to say "too many",
    and the journal then records the change as unknown)."""
    return list(itertools.islice(kg.quads(graph), journal.MAX_QUADS + 1))


def _parse_graph(data: bytes, fmt_name: str, name: ox.NamedNode | None) -> list[ox.Triple]:
    """The triples of one payload; relative IRIs resolve against the graph's IRI."""
    fmt = rdf_format(fmt_name)
    check_safe(data, fmt)
    try:
        quads = list(ox.parse(data, format=fmt.ox_format,
                              base_iri=name.value if name is not None else None))
    except SyntaxError as exc:
        raise data_syntax_error(exc, None) from None
    allowed = (ox.DefaultGraph(), name)
    stray = next((q.graph_name for q in quads if q.graph_name not in allowed), None)
    if stray is not None:
        raise InvalidInput(f"the payload is a graph; it may not contain the named graph {stray} "
                           "(send it to that graph instead)")
    return [q.triple for q in quads]


def _insert_data(triples: Iterable[ox.Triple], name: ox.NamedNode | None) -> str:
    """``INSERT DATA`` for the triples; blank nodes get fresh, safe labels."""
    fresh: dict[ox.BlankNode, ox.BlankNode] = {}

    def term(value: object) -> str:
        if isinstance(value, ox.BlankNode):
            return str(fresh.setdefault(value, ox.BlankNode()))
        if isinstance(value, ox.Triple):
            return f"<<( {term(value.subject)} {term(value.predicate)} {term(value.object)} )>>"
        return str(value)

    body = "".join(f"{term(t.subject)} {term(t.predicate)} {term(t.object)} .\n" for t in triples)
    if name is None:
        return f"INSERT DATA {{\n{body}}}"
    return f"INSERT DATA {{ GRAPH {name} {{\n{body}}} }}"
