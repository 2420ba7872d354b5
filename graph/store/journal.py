"""The store's change journal: what each write changed, when it is known exactly.

:class:`graph.store.embedded.KnowledgeStore` records one entry per generation (its last
:data:`KEEP_GENERATIONS`): a :class:`Change` (the quads the write added and removed) or ``None``
when the change is not known. Caches that can update themselves from a delta (the networkx
projection, :mod:`graph.projection.delta`) ask :meth:`Journal.since` and rebuild from scratch
when it answers ``None``.

What is known:

* ``extend``, ``remove`` and ``load`` (up to :data:`MAX_QUADS` quads, ``load`` up to
  :data:`MAX_LOAD_BYTES` bytes): the given or parsed quads. A ``load`` is parsed a second time
  for the journal, so its blank nodes carry other labels than the stored ones: such a change is
  marked ``fresh_blanks`` (consumers that must look a new blank node up in the store cannot,
  and rebuild instead);
* ``remove_graph``: the quads of the graph, read before it is removed (up to :data:`MAX_QUADS`);
* ``update`` with ``changed=(added, removed)``: what the caller says the update adds and removes
  (the Graph Store Protocol's replace and delete read the old graph first,
  :mod:`graph.store.graph_store`), its blank nodes taken as ``fresh_blanks``;
* ``update``: a SPARQL update made only of ``INSERT DATA`` and ``DELETE DATA`` operations (up to
  :data:`MAX_UPDATE_CHARS` characters) gives the quads of its data blocks. The text is kept and
  parsed (with rdflib) only when someone asks, so writes pay nothing. Both kinds land in
  ``added``/``removed`` as written, whether or not the quads were already there or absent:
  a change says which quads *may* have changed, which is what caches need. ``INSERT DATA``
  mints new blank nodes, so these changes are ``fresh_blanks`` too.

Anything else (``DELETE``/``INSERT … WHERE``, ``DROP``, ``CLEAR``, ``LOAD``, large writes, text
rdflib cannot parse) is recorded as ``None``: unknown.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

_PARSING = threading.Lock()
"""rdflib's SPARQL grammar is not thread-safe: pyparsing learns how many arguments each parse
action takes on its first calls, and two threads doing that at once can leave an action called
with none, so every later update fails to parse (seen at 1M quads: the refresh after the first
write raced :func:`warm`, and all refreshes became full builds). One parse at a time."""
KEEP_GENERATIONS = 64
MAX_QUADS = 50_000
MAX_LOAD_BYTES = 4_000_000
MAX_UPDATE_CHARS = 200_000


@dataclass(frozen=True)
class Change:
    """The quads one write added and removed (either may also hold quads that were already
    there, or already absent)."""

    added: tuple[ox.Quad, ...] = ()
    removed: tuple[ox.Quad, ...] = ()
    fresh_blanks: bool = False
    """Whether blank nodes of ``added`` may carry other labels than the stored ones."""

    def new_blank_nodes(self) -> bool:
        """Whether ``added`` has blank nodes that cannot be looked up in the store."""
        return self.fresh_blanks and any(
            isinstance(t, ox.BlankNode)
            for q in self.added for t in (q.subject, q.object, q.graph_name))


@dataclass(frozen=True)
class _Update:
    """A SPARQL update's text, turned into a :class:`Change` on demand."""

    text: str
    prefixes: dict[str, str] | None
    base_iri: str | None


class Journal:
    """Per-generation changes of one store (thread-safe; entries are immutable)."""

    def __init__(self) -> None:
        self._entries: OrderedDict[int, Change | _Update | None] = OrderedDict()
        self._lock = threading.Lock()

    def record(self, generation: int, entry: Change | _Update | None) -> None:
        """Remember what the write that produced ``generation`` changed."""
        with self._lock:
            self._entries[generation] = entry
            while len(self._entries) > KEEP_GENERATIONS:
                self._entries.popitem(last=False)

    def since(self, old: int, new: int) -> list[Change] | None:
        """The changes that took the store from generation ``old`` to ``new``, oldest first;
        ``None`` if any of them is unknown or forgotten."""
        changes = []
        for generation in range(old + 1, new + 1):
            with self._lock:
                entry = self._entries.get(generation)
            if isinstance(entry, _Update):
                entry = update_change(entry.text, entry.prefixes, entry.base_iri)
                self.record_parsed(generation, entry)
            if entry is None:
                return None
            changes.append(entry)
        return changes

    def record_parsed(self, generation: int, entry: Change | None) -> None:
        with self._lock:
            if generation in self._entries:
                self._entries[generation] = entry


def update_entry(text: str, prefixes: dict[str, str] | None,
                 base_iri: str | None) -> _Update | None:
    """The journal entry of a SPARQL update (parsed later), ``None`` if it is too large."""
    return _Update(text, dict(prefixes) if prefixes else None, base_iri) \
        if len(text) <= MAX_UPDATE_CHARS else None


def quads_entry(added: Sequence[ox.Quad] = (), removed: Sequence[ox.Quad] = (), *,
                fresh_blanks: bool = False) -> Change | None:
    """A :class:`Change`, or ``None`` (unknown) past :data:`MAX_QUADS` quads."""
    if len(added) + len(removed) > MAX_QUADS:
        return None
    return Change(tuple(added), tuple(removed), fresh_blanks)


def parsed_load(data: bytes, fmt: ox.RdfFormat, to_graph: Any, base_iri: str | None
                ) -> Change | None:
    """The quads of a ``load`` (parsed again), ``None`` if it is too large."""
    if len(data) > MAX_LOAD_BYTES:
        return None
    quads = []
    for quad in ox.parse(data, fmt, base_iri=base_iri):
        if to_graph is not None and isinstance(quad.graph_name, ox.DefaultGraph):
            quad = ox.Quad(quad.subject, quad.predicate, quad.object, to_graph)
        quads.append(quad)
    return quads_entry(quads, fresh_blanks=True)


def update_change(text: str, prefixes: dict[str, str] | None,
                  base_iri: str | None) -> Change | None:
    """The quads of an update made only of ``INSERT DATA``/``DELETE DATA``; else ``None``."""
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        with _PARSING:
            parsed = translateUpdate(parseUpdate(text), base=base_iri, initNs=prefixes or {})
    except Exception:  # rdflib's parser raises many kinds; pyoxigraph accepted the text
        return None
    added: list[ox.Quad] = []
    removed: list[ox.Quad] = []
    blanks: dict[str, ox.BlankNode] = {}
    for operation in parsed.algebra:
        if operation.name not in ("InsertData", "DeleteData"):
            return None
        target = added if operation.name == "InsertData" else removed
        for triple in operation.get("triples") or ():
            target.append(_quad(triple, None, blanks))
        for graph, triples in (operation.get("quads") or {}).items():
            target.extend(_quad(triple, graph, blanks) for triple in triples)
    return quads_entry(added, removed, fresh_blanks=True)


def warm() -> None:
    """Import and exercise rdflib's SPARQL update parser once (~0.5 s, more under load), so the
    first refresh after a write does not pay for it (:mod:`graph.projection.cache` calls this on its
    background thread after a full build)."""
    update_change("INSERT DATA { <urn:aikg:warm> <urn:aikg:warm> <urn:aikg:warm> }", None, None)


def _quad(triple: tuple[Any, Any, Any], graph: Any, blanks: dict[str, ox.BlankNode]) -> ox.Quad:
    s, p, o = (_term(t, blanks) for t in triple)
    return ox.Quad(s, p, o, ox.DefaultGraph() if graph is None else _term(graph, blanks))


def _term(term: Any, blanks: dict[str, ox.BlankNode]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph one (literals keep rdflib's lexical form; each blank
    node label gets one fresh blank node, as ``INSERT DATA`` makes new ones anyway)."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return blanks.setdefault(str(term), ox.BlankNode())
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unexpected term {term!r}")
