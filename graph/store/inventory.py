"""What is in the store: triples per graph, entities per class, named graphs and their sources."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from graph.store import queries
from graph.store.base import KnowledgeStore


@dataclass(frozen=True)
class GraphInfo:
    """A named graph, its size and what the metadata and catalog graphs say of it."""

    iri: str
    triples: int
    label: str | None = None
    comment: str | None = None
    document: str | None = None
    """The source document the graph was taken from (``aikg:sourceDocument``)."""
    file: str | None = None
    """The seed file it was installed from, if any."""


@dataclass(frozen=True)
class Stats:
    """Sizes of the store."""

    total: int
    default_graph: int
    graphs: tuple[GraphInfo, ...]
    classes: tuple[tuple[str, int], ...]
    """(class IRI, number of distinct instances) in the data graphs, largest first."""
    engine: str = "pyoxigraph"
    """The engine holding the data (:attr:`graph.store.base.KnowledgeStore.engine`)."""


@dataclass(frozen=True)
class SourceDocument:
    """A document described in the metadata graph."""

    iri: str
    title: str | None
    publisher: str | None
    language: str | None
    published: str | None
    published_datatype: str | None
    """The datatype of ``published``: its precision (xsd:date, xsd:gYearMonth, xsd:gYear)."""


def _value(row: dict, name: str) -> str | None:
    term = row.get(name)
    return None if term is None else term.value


def list_graphs(kg: KnowledgeStore) -> tuple[GraphInfo, ...]:
    """Every non-empty named graph with its triple count and metadata, sorted by IRI (the
    store's own graphs left out: a remote store's journal, the engine's system graphs)."""
    infos: dict[str, GraphInfo] = {}
    shown = {g.value for g in kg.named_graphs() if isinstance(g, ox.NamedNode)}
    for row in queries.select(kg, "graph_sizes"):
        iri = row["graph"].value
        if iri not in infos and iri in shown:  # several labels would repeat a row; keep the first
            infos[iri] = GraphInfo(iri, int(row["triples"].value), _value(row, "label"),
                                   _value(row, "comment"), _value(row, "document"),
                                   _value(row, "file"))
    return tuple(infos.values())


def stats(kg: KnowledgeStore) -> Stats:
    """Triples in total, in the default graph and per named graph; entities per class. The
    default graph holds what the named graphs do not (over an engine whose default graph is
    the union of the named ones, nothing)."""
    total, graphs = len(kg), list_graphs(kg)
    classes = tuple((row["class"].value, int(row["entities"].value))
                    for row in queries.select(kg, "class_counts"))
    return Stats(total=total, default_graph=total - sum(g.triples for g in graphs),
                 graphs=graphs, classes=classes, engine=kg.engine)


def source_documents(kg: KnowledgeStore) -> tuple[SourceDocument, ...]:
    """Every source document: the seeds' (described in ``g:meta``) and accepted ingestions'."""
    docs: dict[str, SourceDocument] = {}
    for row in queries.select(kg, "source_documents"):
        iri = row["document"].value
        published = row.get("published")
        docs.setdefault(iri, SourceDocument(
            iri, _value(row, "title") or _value(row, "headline"), _value(row, "publisher"),
            _value(row, "language"),
            None if published is None else published.value,
            None if published is None else published.datatype.value))
    return tuple(docs.values())


def generation(kg: KnowledgeStore) -> int:
    """The store's write generation: a cheap liveness probe for the engine."""
    return kg.generation


def content_hash(kg: KnowledgeStore) -> tuple[int, str, str]:
    """(quad count, SHA-256 of the canonical N-Quads, the engine that made them): proves a
    failed write changed nothing. Engines that do not keep literals as written (Virtuoso) give
    another hash for the same data."""
    return len(kg), kg.content_hash(), kg.engine
