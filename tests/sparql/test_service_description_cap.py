"""The service description's statistics are computed once per store generation, and on a
store with more named graphs than :data:`graph.sparql.description.MAX_DESCRIBED_GRAPHS` only
the largest (by triples, ties by IRI) are described — with their partitions, computed for
them alone — while the default graph still counts every triple. Every number is checked
against direct SPARQL counts (:func:`counted`)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import RDF, RDFS, Namespace

from graph.settings import Settings
from graph.sparql import description
from graph.sparql.description import describe_service
from graph.store import queries
from graph.store.embedded import EmbeddedStore
from graph.store.seeding import ensure_seeded
from tests.conftest import FULL_SEEDS

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
EX = "http://www.example/"
Numbers = tuple[int, dict[str, tuple[int, dict[str, int], dict[str, int]]]]


def counted(kg: EmbeddedStore) -> Numbers:
    """Distinct triples of the union and, per named graph, its triples, instances per class
    and triples per property: straight COUNT queries, one graph at a time."""
    def value(text: str, g: ox.NamedNode) -> list[dict]:
        return kg.select(text, substitutions={ox.Variable("g"): g})

    union = int(kg.select("SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o "
                          "{ ?s ?p ?o } }")[0]["n"].value)
    graphs = {}
    for g in kg.named_graphs():
        triples = sum(int(r["n"].value) for r in value(
            "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", g))
        classes = {r["c"].value: int(r["n"].value) for r in value(
            "SELECT ?g ?c (COUNT(DISTINCT ?e) AS ?n) { GRAPH ?g { ?e a ?c } } GROUP BY ?g ?c", g)}
        properties = {r["p"].value: int(r["n"].value) for r in value(
            "SELECT ?g ?p (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ?p", g)}
        graphs[g.value] = (triples, classes, properties)
    return union, graphs


def described(sd: rdflib.Graph) -> tuple[Numbers, str | None]:
    """The same numbers read from a description, and the dataset's comment (if any)."""
    dataset = sd.value(sd.value(predicate=RDF.type, object=SD.Service), SD.defaultDataset)
    union = sd.value(sd.value(dataset, SD.defaultGraph), VOID.triples).toPython()
    graphs = {}
    for entry in sd.objects(dataset, SD.namedGraph):
        graph = sd.value(entry, SD.graph)
        graphs[str(sd.value(entry, SD.name))] = (
            sd.value(graph, VOID.triples).toPython(),
            {str(sd.value(p, VOID["class"])): sd.value(p, VOID.entities).toPython()
             for p in sd.objects(graph, VOID.classPartition)},
            {str(sd.value(p, VOID.property)): sd.value(p, VOID.triples).toPython()
             for p in sd.objects(graph, VOID.propertyPartition)})
    comment = sd.value(dataset, RDFS.comment)
    return (union, graphs), None if comment is None else str(comment)


def describe(kg: EmbeddedStore) -> tuple[Numbers, str | None]:
    triples = describe_service(kg, endpoint="http://example.org/sparql")
    return described(rdflib.Graph().parse(
        data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt"))


def largest(numbers: Numbers, cap: int) -> Numbers:
    """``numbers`` with only the ``cap`` largest graphs, ties by IRI."""
    union, graphs = numbers
    kept = sorted(graphs, key=lambda g: (-graphs[g][0], g))[:cap]
    return union, {g: graphs[g] for g in kept}


@pytest.fixture
def toy() -> EmbeddedStore:
    """Five graphs: b has 5 triples, a, c and e 3 each (a tie), d none."""
    kg = EmbeddedStore.memory()
    kg.update(f"""PREFIX ex: <{EX}> INSERT DATA {{
        GRAPH ex:b {{ ex:x a ex:C ; ex:p 1, 2 . ex:y a ex:C, ex:D }}
        GRAPH ex:a {{ ex:x a ex:C ; ex:p 1 ; ex:q 2 }}
        GRAPH ex:c {{ ex:z ex:p 1, 2, 3 }}
        GRAPH ex:e {{ ex:x a ex:D ; ex:p 1 ; ex:q 3 }} }} ;
        CREATE GRAPH ex:d""")
    return kg


def test_every_graph_is_described_up_to_the_cap(toy):
    assert description.MAX_DESCRIBED_GRAPHS == 1000
    numbers, comment = describe(toy)
    assert numbers == counted(toy) and comment is None
    assert numbers[0] == 11 and set(numbers[1]) == {EX + g for g in "abcde"}
    assert numbers[1][EX + "b"] == (5, {EX + "C": 2, EX + "D": 1},
                                    {str(RDF.type): 3, EX + "p": 2})


@pytest.mark.parametrize("cap, kept", [(1, "b"), (2, "ba"), (3, "bac"), (4, "bace"),
                                       (5, "bacde")])
def test_past_the_cap_only_the_largest_graphs_are_described(toy, monkeypatch, cap, kept):
    monkeypatch.setattr(description, "MAX_DESCRIBED_GRAPHS", cap)
    numbers, comment = describe(toy)
    assert numbers == largest(counted(toy), cap)
    assert set(numbers[1]) == {EX + g for g in kept}
    assert numbers[0] == 11  # distinct triples of all graphs, described or not
    if cap < 5:
        assert comment == (f"{cap} of the 5 named graphs are described: the largest by "
                           "triples (ties by IRI); the default graph counts every triple.")
    else:
        assert comment is None


def test_empty_graphs_fill_the_cap_by_iri(monkeypatch):
    kg = EmbeddedStore.memory()
    kg.update(f"PREFIX ex: <{EX}> INSERT DATA {{ GRAPH ex:m {{ ex:x ex:p 1 }} }} ; "
              "CREATE GRAPH ex:z ; CREATE GRAPH ex:k ; CREATE GRAPH ex:n")
    monkeypatch.setattr(description, "MAX_DESCRIBED_GRAPHS", 3)
    numbers, comment = describe(kg)
    assert numbers == (1, {EX + "m": (1, {}, {EX + "p": 1}), EX + "k": (0, {}, {}),
                           EX + "n": (0, {}, {})})
    assert comment.startswith("3 of the 4 named graphs")


def test_the_partitions_are_read_for_the_described_graphs_only(monkeypatch):
    kg = EmbeddedStore.memory()
    ensure_seeded(kg, Settings(store_path=None, seeds_dir=FULL_SEEDS))  # 147 graphs
    reads, select = [], queries.select
    monkeypatch.setattr(queries, "select", lambda kg, name, **b: reads.append((name, b))
                        or select(kg, name, **b))
    monkeypatch.setattr(description, "MAX_DESCRIBED_GRAPHS", 2)
    numbers, comment = describe(kg)
    expected = largest(counted(kg), 2)
    assert numbers == expected and len(kg.named_graphs()) > 100
    assert set(numbers[1]) == {"https://w3id.org/aikg/graph/ontology",
                               "https://w3id.org/aikg/graph/doc-126747c0c0c83b3e"}
    assert comment.startswith(f"2 of the {len(kg.named_graphs())} named graphs")
    partitions = [(name, b) for name, b in reads if name.endswith("_partitions")]
    assert sorted((name, b["graph"].value) for name, b in partitions) == sorted(
        (name, g) for name in ("sd_class_partitions", "sd_property_partitions")
        for g in numbers[1])


def test_statistics_are_computed_once_per_generation(toy, monkeypatch):
    runs, union = [], description._union_triples
    monkeypatch.setattr(description, "_union_triples", lambda kg: runs.append(1) or union(kg))
    first = describe(toy)
    assert describe(toy) == first and len(runs) == 1
    toy.update(f"PREFIX ex: <{EX}> INSERT DATA {{ GRAPH ex:d {{ ex:x ex:p 9 }} }}")
    numbers, _ = describe(toy)
    assert len(runs) == 2 and numbers == counted(toy) and numbers[1][EX + "d"][0] == 1
