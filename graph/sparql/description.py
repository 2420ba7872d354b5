"""The W3C SPARQL 1.1 Service Description of the endpoint, with VoID statistics of the dataset.

:func:`describe_service` owns the *content* of the description; serialising it and taking the
endpoint IRI from the request is the HTTP layer's job (``api/routes/service.py``). Every number
is computed by SPARQL on the store (the ``sd_*`` queries in :mod:`graph.store.queries`), so it equals
what the matching ``COUNT`` query returns:

* the default graph (the union of all graphs) has ``void:triples`` = distinct triples overall;
* each named graph has ``void:triples``, one ``void:classPartition`` per class (``void:entities``
  = distinct instances) and one ``void:propertyPartition`` per property (``void:triples``).

The numbers are whole-store aggregations (seconds at 20k quads, far past the engine's 10 s
deadline at millions): :func:`statistics` computes them on a background thread once per store
generation, and a caller waits at most :data:`STATISTICS_WAIT` seconds for them, then gets a 503
``Retry-After`` (:func:`graph.store.memo.bounded`). A store with more than
:data:`MAX_DESCRIBED_GRAPHS` named graphs (one per source document: over a million at 10M quads)
has only its largest ones described; the description then says so in an ``rdfs:comment`` of the
dataset (neither SD nor VoID has a term for a partial list of graphs), and the default graph's
``void:triples`` is still the exact total.
"""

from __future__ import annotations

import heapq
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from graph.errors import UnsupportedFormat
from graph.iris import checked_iri
from graph.store import queries
from graph.store.base import KnowledgeStore, Term
from graph.store.formats import rdf_format_for_media_type
from graph.store.kept import Codec
from graph.store.memo import bounded

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
SIMPLE_ENTAILMENT = ox.NamedNode("http://www.w3.org/ns/entailment/Simple")

PREFIXES = {"sd": SD, "void": VOID, "formats": FORMATS,
            "xsd": "http://www.w3.org/2001/XMLSchema#"}
"""Prefixes for serialising a description."""

RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                  "SPARQL_Results_TSV", "Turtle", "N-Triples", "N-Quads", "TriG", "JSON-LD",
                  "RDF_XML")
"""What the endpoint answers in (W3C format IRIs under ``formats:``)."""

INPUT_FORMATS = ("Turtle", "N-Triples", "N-Quads", "TriG", "JSON-LD", "RDF_XML")
"""What the Graph Store endpoint accepts as uploads."""

MAX_DESCRIBED_GRAPHS = 1000
"""Most named graphs a description lists: past that, the largest by triples (ties by IRI), so a
description stays a few hundred kilobytes however many source documents the store holds."""

STATISTICS_WAIT = 4.0
"""Seconds a caller waits for the statistics being computed before a 503 ``Retry-After``: the
projection's ``BUILD_WAIT``, well under the engine's 10 s deadline (past which the worker is
killed, its caches lost, and the computation started over)."""


@dataclass(frozen=True)
class Described:
    """One named graph of a description: its triples, class and property partitions."""
    name: ox.NamedNode
    triples: int
    classes: tuple[tuple[Term, int], ...]
    properties: tuple[tuple[Term, int], ...]


@dataclass(frozen=True)
class Statistics:
    """The numbers of a description: distinct triples of the union, how many named graphs
    there are, and the ones described (all of them, or the :data:`MAX_DESCRIBED_GRAPHS`
    largest), in the store's order of graphs."""
    triples: int
    graphs: int
    described: tuple[Described, ...]


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def _void(name: str) -> ox.NamedNode:
    return ox.NamedNode(VOID + name)


def _count(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


def describe_service(kg: KnowledgeStore, *, endpoint: str) -> list[ox.Triple]:
    """The service description of the SPARQL endpoint at ``endpoint`` (an absolute IRI).

    Raises:
        InvalidIRI: ``endpoint`` is not an absolute http(s) IRI.
        EngineUnavailable: the statistics of this generation are still being computed after
            :data:`STATISTICS_WAIT` seconds (503, ``Retry-After``).
    """
    endpoint_node = ox.NamedNode(checked_iri(endpoint))
    numbers = statistics.within(kg, STATISTICS_WAIT)  # type: ignore[attr-defined]
    service, dataset, default = ox.BlankNode(), ox.BlankNode(), ox.BlankNode()
    out = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), endpoint_node),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        ox.Triple(service, _sd("defaultEntailmentRegime"), SIMPLE_ENTAILMENT),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, RDF_TYPE, _void("Dataset")),
        ox.Triple(dataset, _void("sparqlEndpoint"), endpoint_node),
        ox.Triple(dataset, _sd("defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, _sd("Graph")),
        ox.Triple(default, _void("triples"), _count(numbers.triples)),
    ]
    if len(numbers.described) < numbers.graphs:
        out.append(ox.Triple(dataset, RDFS_COMMENT, ox.Literal(
            f"{len(numbers.described)} of the {numbers.graphs} named graphs are described: the "
            f"largest by triples (ties by IRI); the default graph counts every triple.",
            language="en")))
    out += [ox.Triple(service, _sd("resultFormat"), ox.NamedNode(FORMATS + f))
            for f in RESULT_FORMATS]
    out += [ox.Triple(service, _sd("inputFormat"), ox.NamedNode(FORMATS + f))
            for f in INPUT_FORMATS]
    for described in numbers.described:
        entry, graph = ox.BlankNode(), ox.BlankNode()
        out += [ox.Triple(dataset, _sd("namedGraph"), entry),
                ox.Triple(entry, RDF_TYPE, _sd("NamedGraph")),
                ox.Triple(entry, _sd("name"), described.name),
                ox.Triple(entry, _sd("graph"), graph),
                ox.Triple(graph, RDF_TYPE, _sd("Graph")),
                ox.Triple(graph, _void("triples"), _count(described.triples))]
        out += _partition_triples(graph, "class", described.classes)
        out += _partition_triples(graph, "property", described.properties)
    return _grouped(out)


def _encode(found: Statistics) -> dict[str, Any]:
    """The statistics as JSON; only named nodes are described (a blank node raises)."""
    def iri(term: Term) -> str:
        if not isinstance(term, ox.NamedNode):
            raise TypeError(f"not kept: {term}")
        return term.value
    return {"triples": found.triples, "graphs": found.graphs, "described": [
        [iri(d.name), d.triples, [[iri(c), n] for c, n in d.classes],
         [[iri(p), n] for p, n in d.properties]] for d in found.described]}


def _decode(kept: dict[str, Any]) -> Statistics:
    return Statistics(int(kept["triples"]), int(kept["graphs"]), tuple(
        Described(ox.NamedNode(name), int(triples),
                  tuple((ox.NamedNode(c), int(n)) for c, n in classes),
                  tuple((ox.NamedNode(p), int(n)) for p, n in properties))
        for name, triples, classes, properties in kept["described"]))


@bounded(STATISTICS_WAIT, keep=Codec(_encode, _decode))
def statistics(kg: KnowledgeStore) -> Statistics:
    """The numbers of the description of this store generation (remembered until a write)."""
    union = _union_triples(kg)
    named = [g for g in kg.named_graphs() if isinstance(g, ox.NamedNode)]
    sizes = _largest_graphs(kg, named, MAX_DESCRIBED_GRAPHS)
    if len(sizes) == len(named):  # every graph: one GROUP BY each over the whole store
        classes = _partition_rows(kg, "sd_class_partitions", "class", "entities")
        properties = _partition_rows(kg, "sd_property_partitions", "property", "triples")
    else:  # the largest graphs only, one query each: never the partitions of every graph
        classes, properties = defaultdict(list), defaultdict(list)
        for name in (g for g, triples in sizes.items() if triples):
            classes.update(_partition_rows(kg, "sd_class_partitions", "class", "entities",
                                           graph=name))
            properties.update(_partition_rows(kg, "sd_property_partitions", "property",
                                              "triples", graph=name))
    return Statistics(union, len(named), tuple(
        Described(name, sizes[name], tuple(classes.get(name, ())),
                  tuple(properties.get(name, ())))
        for name in named if name in sizes))


def service_description(kg: KnowledgeStore, *, endpoint: str, media: str) -> bytes:
    """:func:`describe_service` written in the RDF format of ``media`` (Turtle, TriG and RDF/XML
    with :data:`PREFIXES`), remembered until the next write: at 10M quads the description of a
    thousand graphs is ~50k triples, which took seconds to make and to send over the engine's
    pipe as objects, at every request. The statistics and then the text are made on the shared
    aggregation threads, the request waiting :data:`STATISTICS_WAIT` seconds for both together:
    made in the request beside the aggregations of a 10M first start, the text took 8.8 s and
    the request passed the engine's deadline (the worker killed, its projection lost).

    Raises:
        UnsupportedFormat: ``media`` is not an RDF format aikg writes.
        InvalidIRI: ``endpoint`` is not an absolute http(s) IRI.
        EngineUnavailable: the statistics or the text are still being made (503, ``Retry-After``).
    """
    if rdf_format_for_media_type(media) is None:
        raise UnsupportedFormat(f"cannot write a service description as {media}")
    checked_iri(endpoint)
    started = time.monotonic()
    statistics.within(kg, STATISTICS_WAIT)  # type: ignore[attr-defined]
    left = max(STATISTICS_WAIT - (time.monotonic() - started), 0.0)
    text: bytes = description_text.within(kg, left,  # type: ignore[attr-defined]
                                          endpoint=endpoint, media=media)
    return text


@bounded(STATISTICS_WAIT)
def description_text(kg: KnowledgeStore, *, endpoint: str, media: str) -> bytes:
    """The text of :func:`service_description` (``media`` checked by the caller)."""
    fmt = rdf_format_for_media_type(media)
    if fmt is None:
        raise UnsupportedFormat(f"cannot write a service description as {media}")
    prefixes = PREFIXES if fmt.name in ("turtle", "trig", "rdfxml") else None
    return ox.serialize(describe_service(kg, endpoint=endpoint), format=fmt.ox_format,
                        prefixes=prefixes)


def _union_triples(kg: KnowledgeStore) -> int:
    return int(queries.select(kg, "sd_union_triples")[0]["triples"].value)


def _largest_graphs(kg: KnowledgeStore, named: list[ox.NamedNode], cap: int,
                    ) -> dict[ox.NamedNode, int]:
    """Triples of every named graph in ``named`` (empty ones count 0) or, when there are more
    than ``cap``, of the ``cap`` largest (ties by IRI). The per-graph counts are streamed, never
    held for every graph."""
    counts = ((row["graph"], int(row["triples"].value))
              for row in queries.each(kg, "sd_graph_triples")
              if isinstance(row["graph"], ox.NamedNode))
    if len(named) <= cap:
        sizes = dict(counts)
        return {g: sizes.get(g, 0) for g in named}
    largest = dict(heapq.nsmallest(cap, counts, key=lambda c: (-c[1], c[0].value)))
    if len(largest) < cap:  # fewer non-empty graphs than the cap: the empty ones by IRI
        largest.update((g, 0) for g in heapq.nsmallest(
            cap - len(largest), (g for g in named if g not in largest), key=lambda g: g.value))
    return largest


def _partition_rows(kg: KnowledgeStore, query: str, key: str, measure: str, **bindings: Term,
                    ) -> dict[ox.NamedNode, list[tuple[Term, int]]]:
    """``{graph: [(class or property, count), ...]}`` from one GROUP BY query."""
    rows: dict[ox.NamedNode, list[tuple[Term, int]]] = defaultdict(list)
    for row in queries.select(kg, query, **bindings):
        rows[row["graph"]].append((row[key], int(row[measure].value)))
    return rows


def _partition_triples(graph: ox.BlankNode, kind: str,
                       rows: tuple[tuple[Term, int], ...]) -> list[ox.Triple]:
    link, key, measure = (("classPartition", "class", "entities") if kind == "class"
                          else ("propertyPartition", "property", "triples"))
    out = []
    for term, count in sorted(rows, key=lambda r: str(r[0])):
        part = ox.BlankNode()
        out += [ox.Triple(graph, _void(link), part),
                ox.Triple(part, _void(key), term),
                ox.Triple(part, _void(measure), _count(count))]
    return out


def _grouped(triples: list[ox.Triple]) -> list[ox.Triple]:
    """The triples with each subject's statements together (in order of first appearance), so
    serialisers write one block per node."""
    first: dict[object, int] = {}
    for index, triple in enumerate(triples):
        first.setdefault(triple.subject, index)
    return sorted(triples, key=lambda t: first[t.subject])
