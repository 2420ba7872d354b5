"""The W3C SPARQL 1.1 Service Description of the endpoint, with VoID statistics of the dataset.

:func:`describe_service` owns the *content* of the description; serialising it and taking the
endpoint IRI from the request is the HTTP layer's job (``api/routes/service.py``). Every number
is computed by SPARQL on the store (the ``sd_*`` queries in :mod:`graph.store.queries`), so it equals
what the matching ``COUNT`` query returns:

* the default graph (the union of all graphs) has ``void:triples`` = distinct triples overall;
* each named graph has ``void:triples``, one ``void:classPartition`` per class (``void:entities``
  = distinct instances) and one ``void:propertyPartition`` per property (``void:triples``).
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from graph.iris import checked_iri
from graph.store import queries
from graph.store.base import KnowledgeStore, Term

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
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


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def _void(name: str) -> ox.NamedNode:
    return ox.NamedNode(VOID + name)


def _count(value: ox.Literal | int) -> ox.Literal:
    return ox.Literal(str(int(value.value if isinstance(value, ox.Literal) else value)),
                      datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


def describe_service(kg: KnowledgeStore, *, endpoint: str) -> list[ox.Triple]:
    """The service description of the SPARQL endpoint at ``endpoint`` (an absolute IRI).

    Raises:
        InvalidIRI: ``endpoint`` is not an absolute http(s) IRI.
    """
    endpoint_node = ox.NamedNode(checked_iri(endpoint))
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
        ox.Triple(default, _void("triples"), _count(_union_triples(kg))),
    ]
    out += [ox.Triple(service, _sd("resultFormat"), ox.NamedNode(FORMATS + f))
            for f in RESULT_FORMATS]
    out += [ox.Triple(service, _sd("inputFormat"), ox.NamedNode(FORMATS + f))
            for f in INPUT_FORMATS]
    classes = _partition_rows(kg, "sd_class_partitions", "class", "entities")
    properties = _partition_rows(kg, "sd_property_partitions", "property", "triples")
    for name, triples in _named_graphs(kg).items():
        entry, graph = ox.BlankNode(), ox.BlankNode()
        out += [ox.Triple(dataset, _sd("namedGraph"), entry),
                ox.Triple(entry, RDF_TYPE, _sd("NamedGraph")),
                ox.Triple(entry, _sd("name"), name),
                ox.Triple(entry, _sd("graph"), graph),
                ox.Triple(graph, RDF_TYPE, _sd("Graph")),
                ox.Triple(graph, _void("triples"), _count(triples))]
        out += _partition_triples(graph, "class", classes.get(name, []))
        out += _partition_triples(graph, "property", properties.get(name, []))
    return _grouped(out)


def _union_triples(kg: KnowledgeStore) -> ox.Literal:
    return queries.select(kg, "sd_union_triples")[0]["triples"]


def _named_graphs(kg: KnowledgeStore) -> dict[ox.NamedNode, ox.Literal | int]:
    """Every named graph with an IRI (empty ones count 0), sorted, with its triple count."""
    sizes = {row["graph"]: row["triples"] for row in queries.select(kg, "sd_graph_triples")}
    return {g: sizes.get(g, 0) for g in kg.named_graphs() if isinstance(g, ox.NamedNode)}


def _partition_rows(kg: KnowledgeStore, query: str, key: str, measure: str,
                   ) -> dict[ox.NamedNode, list[tuple[Term, ox.Literal]]]:
    """``{graph: [(class or property, count), ...]}`` from one GROUP BY query."""
    rows: dict[ox.NamedNode, list[tuple[Term, ox.Literal]]] = defaultdict(list)
    for row in queries.select(kg, query):
        rows[row["graph"]].append((row[key], row[measure]))
    return rows


def _partition_triples(graph: ox.BlankNode, kind: str,
                       rows: list[tuple[Term, ox.Literal]]) -> list[ox.Triple]:
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
