"""The store seam: the one interface the rest of ``graph/`` uses to reach a quad store.

Everything above :mod:`graph.store` (SPARQL execution, the projection, analytics, exploration,
views, ingestion, the engine) types its store as :class:`KnowledgeStore` from this module and
calls only the methods below. A backend is one module beside :mod:`graph.store.embedded`
(pyoxigraph in process, the default) that implements them; nothing else changes.

The data model across the seam is pyoxigraph's: terms, quads, formats and query results are
``pyoxigraph`` objects (a remote backend parses what its engine answers into them). What is
specific to the embedded backend stays behind it: the ``pyoxigraph.Store`` itself, its
``bulk_load``, RocksDB's single-process lock, and the rule that a result iterator is consumed on
the thread that made it.

Contract every backend keeps:

* ``generation`` grows by one with every write made through the object; caches key on it;
* ``changes_since`` answers from a change journal (:mod:`graph.store.journal`), ``None`` when a
  write in the range is not known exactly (callers then rebuild);
* queries see the union of all graphs as the default graph unless told otherwise;
* every write is one transaction: on any error nothing is applied;
* ``writing()`` is the lock under which a caller may check, then write, with nothing between.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol

import pyoxigraph as ox

from graph.store.journal import Change

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph
QueryAnswer = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


class KnowledgeStore(Protocol):
    """What aikg needs of a quad store (see the module docstring for the contract)."""

    path: object
    """Where the backend keeps its data (a directory, a URL), or ``None`` in memory."""
    engine: str
    """The engine that holds the data: ``pyoxigraph`` for the embedded store, else the remote
    engine's profile name (exports and content hashes name it: engines that do not keep
    literals as written give other bytes for the same data)."""
    remote: bool
    """Whether every query is a round trip to another process (many small queries then cost
    more than one large one)."""

    @property
    def generation(self) -> int:
        """Increases by one after every write made through this object."""

    def advance_generation(self, floor: int) -> None:
        """Continue counting generations from at least ``floor`` (a restarted engine)."""

    def changes_since(self, generation: int, until: int | None = None) -> list[Change] | None:
        """What the writes after ``generation`` (up to ``until``) changed, oldest first, or
        ``None`` when that is not known exactly."""

    def __len__(self) -> int:
        """Number of quads."""

    def quads(self, graph: GraphName | None = None) -> Iterator[ox.Quad]:
        """All quads, or those of one graph."""

    def named_graphs(self) -> list[ox.NamedNode | ox.BlankNode]:
        """Named graphs that exist, sorted by IRI."""

    def has_graph(self, graph: ox.NamedNode) -> bool:
        """Whether a named graph exists."""

    def query(self, text: str, *, substitutions: dict[ox.Variable, Term] | None = None,
              prefixes: dict[str, str] | None = None, union: bool = True,
              default_graph: list[GraphName] | None = None,
              named_graphs: list[ox.NamedNode | ox.BlankNode] | None = None,
              base_iri: str | None = None) -> QueryAnswer:
        """Run a SPARQL query as it is (callers guard untrusted text first); ``substitutions``
        bind variables (never string concatenation)."""

    def select(self, text: str, **kwargs: object) -> list[dict[str, Term]]:
        """Rows of a SELECT as dicts of bound variables."""

    def content_hash(self) -> str:
        """SHA-256 of the canonical N-Quads of the whole store (:func:`canonical_nquads`)."""

    def writing(self) -> threading.RLock:
        """The store's reentrant write lock."""

    def load(self, data: bytes, fmt: ox.RdfFormat, *, to_graph: GraphName | None = None,
             base_iri: str | None = None) -> None:
        """Parse and add ``data`` in one transaction."""

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads in one transaction."""

    def remove_graph(self, graph: ox.NamedNode) -> None:
        """Remove a named graph and its quads (no-op when absent)."""

    def remove(self, quads: Iterable[ox.Quad]) -> None:
        """Remove quads (missing ones ignored)."""

    def update(self, text: str, *, prefixes: dict[str, str] | None = None,
               base_iri: str | None = None,
               changed: tuple[Sequence[ox.Quad], Sequence[ox.Quad]] | None = None) -> None:
        """Run a SPARQL update in one transaction; ``changed`` gives the quads it adds and
        removes when the caller knows them exactly (for the journal)."""

    def close(self) -> None:
        """Release the store; the object must not be used afterwards."""


def canonical_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Quads with blank nodes relabelled by RDFC-1.0, sorted by graph, subject, predicate,
    object: the same data always gives the same list."""
    quads = list(quads)
    if any(_has_blank(q) for q in quads):
        dataset = ox.Dataset(quads)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        quads = list(dataset)
    return sorted(quads, key=_quad_key)


def canonical_nquads(quads: Iterable[ox.Quad]) -> str:
    """Sorted N-Quads text with canonical blank-node labels."""
    return "".join(f"{q} .\n" for q in canonical_quads(quads))


def _quad_key(quad: ox.Quad) -> tuple[str, str, str, str]:
    graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
    return (graph, str(quad.subject), str(quad.predicate), str(quad.object))


def _has_blank(quad: ox.Quad) -> bool:
    return any(isinstance(t, ox.BlankNode)
               for t in (quad.subject, quad.object, quad.graph_name))
