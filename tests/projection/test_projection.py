"""The networkx projection (graph.projection.cache) and as-of time travel (graph.projection.timefilter), with
exact values on the seed graph and on the hand-made tests/data/mini.trig."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import InvalidInput
from graph.projection import cache as proj
from graph.projection.cache import PROJ, build_projection, projection, projection_builds
from graph.projection.timefilter import parse_as_of, subgraph_as_of, time_start, visible
from graph.settings import PROJECT_ROOT
from graph.store.base import KnowledgeStore
from graph.store.embedded import EmbeddedStore
from graph.store.formats import rdf_format

ID = "https://w3id.org/aikg/id/"
AIKG = "https://w3id.org/aikg/ont#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DOC = "https://w3id.org/aikg/graph/doc-126747c0c0c83b3e"
MINI = Path(__file__).resolve().parents[1] / "data" / "mini.trig"


def mini_store() -> KnowledgeStore:
    """The ontology plus tests/data/mini.trig in a fresh in-memory store."""
    kg = EmbeddedStore.memory()
    kg.load((PROJECT_ROOT / "ontology" / "aikg.ttl").read_bytes(), rdf_format("turtle").ox_format,
            to_graph=ox.NamedNode("https://w3id.org/aikg/graph/ontology"))
    kg.load(MINI.read_bytes(), rdf_format("trig").ox_format)
    return kg


@pytest.fixture(scope="module")
def mini() -> KnowledgeStore:
    return mini_store()


def edges(graph, u=None):
    """(subject id, predicate local name, object id, status, time) of every edge, sorted."""
    return sorted((graph.nodes[a]["id"], proj.local_name(d["predicate"]), graph.nodes[b]["id"],
                   d["status"], d["time"]) for a, b, d in graph.edges(u, data=True))


# -- seed graph ----------------------------------------------------------------------------------

def test_seed_projection_sizes_and_nodes(seeded):
    graph = projection(seeded)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (24, 45)
    assert all(n.startswith(ID) for n in graph)  # no literals, ontology terms or blank nodes
    for fact in ("colossus-2024-09", "colossus-2024-09-h100", "xai-round-2024-05",
                 "xai-round-2024-05-a16z", "dinner-ellison-musk-huang", "126747c0c0c83b3e-f50",
                 "oracle-investor-event-2024-09", "openai-nvidia-holding-2024-11"):
        assert ID + fact not in graph
    assert graph.nodes[ID + "nvidia"] == {
        "iri": ID + "nvidia", "id": "nvidia", "label_en": "Nvidia", "label_pt": "Nvidia",
        "aliases": ["NVDA", "NVIDIA", "NVIDIA Corporation"], "classes": [AIKG + "Company"],
        "wikidata": "Q182477"}
    assert graph.nodes[ID + "larry-ellison"]["wikidata"] is None
    assert graph.nodes[ID + "126747c0c0c83b3e-person-1"]["label_pt"] == \
        "Nvidia: diretor de vendas não identificado"


def test_cluster_states_fold_into_uses_edges(seeded):
    graph = projection(seeded)
    uses = sorted((graph.nodes[v]["id"], d["quantity"], d["status"], d["time"],
                   d["time_property"], d["fact"][len(ID):])
                  for _, v, d in graph.out_edges(ID + "colossus", data=True)
                  if d["predicate"] == PROJ + "uses")
    assert uses == [
        ("nvidia-h100", 100000, "Actual", "2024-09", "asOf", "colossus-2024-09-h100"),
        ("nvidia-h100", 150000, "Derived", "2024-09", "announcedOn",
         "colossus-planned-2024-09-h100"),
        ("nvidia-h200", 50000, "Planned", "2024-09", "announcedOn",
         "colossus-planned-2024-09-h200")]


def test_investments_fold_into_invested_in_edges(seeded):
    graph = projection(seeded)
    [(data)] = graph[ID + "andreessen-horowitz"][ID + "xai"].values()
    assert {k: data[k] for k in ("predicate", "label_en", "label_pt", "status", "time",
                                 "time_type", "time_property", "source", "fact", "round",
                                 "round_label", "raised", "currency", "post_money", "amount")} == {
        "predicate": AIKG + "investedIn", "label_en": "invested in", "label_pt": "investiu em",
        "status": "Actual", "time": "2024-05", "time_type": XSD + "gYearMonth",
        "time_property": "announcedOn", "source": DOC, "fact": ID + "xai-round-2024-05-a16z",
        "round": ID + "xai-round-2024-05", "round_label": "Series B", "raised": 6000000000,
        "currency": "USD", "post_money": 24000000000, "amount": None}


def test_meeting_folds_into_symmetric_met_edges(seeded):
    graph = projection(seeded)
    met = sorted((graph.nodes[u]["id"], graph.nodes[v]["id"], d["status"], d["time_property"])
                 for u, v, d in graph.edges(data=True) if d["predicate"] == PROJ + "met")
    assert met == [("elon-musk", "jensen-huang", "Claimed", "notAfter"),
                   ("elon-musk", "larry-ellison", "Claimed", "notAfter"),
                   ("jensen-huang", "larry-ellison", "Claimed", "notAfter")]
    assert all(d["symmetric"] for *_, d in graph.edges(ID + "elon-musk", data=True)
               if d["predicate"] == PROJ + "met")


def test_direct_edges_take_status_and_time_from_their_assertion(seeded):
    graph = projection(seeded)
    assert ("xai", "foundedBy", "elon-musk", "Implied", "2024-11") in edges(graph, ID + "xai")
    assert ("nvidia", "chiefExecutive", "jensen-huang", "Actual", "2024") in \
        edges(graph, ID + "nvidia")
    [quartz] = graph[ID + "quartz-2024-11-27-musk-nvidia"][ID + "quartz"].values()
    assert (quartz["status"], quartz["fact"], quartz["source"]) == \
        ("Actual", None, "https://w3id.org/aikg/graph/meta")


def test_as_of_view_hides_the_september_cluster_state(seeded):
    graph = projection(seeded)
    june = subgraph_as_of(graph, date(2024, 6, 1))
    assert not any(d["predicate"] == PROJ + "uses" for *_, d in june.edges(data=True))
    # hidden: 3 uses, 2 announced, 1 attended (2024-09); strains, 2 competes, 2 holdings,
    # tesla chief executive, 2 demands (2024-11)
    assert june.number_of_nodes() == 24 and june.number_of_edges() == 45 - 14
    september = subgraph_as_of(graph, date(2024, 9, 1))
    assert sum(d["predicate"] == PROJ + "uses" for *_, d in september.edges(data=True)) == 3
    [trained] = june[ID + "grok"][ID + "colossus"].values()  # planned, no time: still planned
    assert trained["status"] == "Planned"


# -- mini graph ----------------------------------------------------------------------------------

def test_mini_projection_exact(mini):
    graph = build_projection(mini)
    assert sorted(graph.nodes[n]["id"] for n in graph) == [
        "acme", "ada", "bob", "carol", "chip-x", "chipco", "cluster-1", "fundco"]
    assert edges(graph) == [
        ("acme", "chiefExecutive", "ada", "Actual", "2023"),
        ("acme", "competesWith", "chipco", "Reported", "2025-01-15"),
        ("acme", "foundedBy", "bob", "Actual", None),
        ("acme", "operates", "cluster-1", "Actual", "2024-03"),
        ("ada", "met", "carol", "Claimed", "2024-05"),
        ("chipco", "manufactures", "chip-x", "Actual", None),
        ("cluster-1", "uses", "chip-x", "Actual", "2024-06"),
        ("cluster-1", "uses", "chip-x", "Planned", "2024-08"),
        ("fundco", "investedIn", "acme", "Actual", "2024-02"),
    ]
    assert graph.nodes[ID + "carol"]["label_en"] == "Carol Ção"  # pt only: falls back
    assert graph.nodes[ID + "acme"]["wikidata"] == "Q1"
    assert graph.nodes[ID + "ada"]["aliases"] == ["Countess of Lovelace"]
    sizes = [subgraph_as_of(graph, date.fromisoformat(d)).number_of_edges()
             for d in ("2023-12-31", "2024-02-01", "2024-07-01", "2025-01-15")]
    assert sizes == [4, 5, 7, 9]


# -- the cache -----------------------------------------------------------------------------------

def test_projection_is_rebuilt_only_after_writes(mini):
    kg = mini_store()
    before = projection_builds()
    first = projection(kg)
    assert projection(kg) is first
    assert projection_builds() == before + 1
    kg.extend([ox.Quad(ox.NamedNode(ID + "dan"), ox.NamedNode(proj.PREFIXES["rdf"] + "type"),
                       ox.NamedNode(AIKG + "Person"),
                       ox.NamedNode("https://w3id.org/aikg/graph/mini"))])
    refreshed = proj.projection_refreshes()
    second = projection(kg)  # an exact change: refreshed incrementally, not rebuilt
    assert projection_builds() == before + 1 and second is not first
    assert proj.projection_refreshes() == refreshed + 1
    assert ID + "dan" in second and ID + "dan" not in first and projection(kg) is second
    assert projection_builds() == before + 1
    kg.update("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = <urn:x:none>) }")
    projection(kg)  # an update the journal cannot read: a full build
    assert projection_builds() == before + 2
    assert proj.projection_status(kg)["cached_generation"] == kg.generation


# -- timefilter ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["2024-09", "2024-6-1", "yesterday", "2024-02-30", "x' OR 1"])
def test_parse_as_of_refuses_anything_but_a_day(text):
    with pytest.raises(InvalidInput):
        parse_as_of(text)


def test_time_starts_and_visibility():
    assert parse_as_of("2024-06-01") == date(2024, 6, 1) and parse_as_of(None) is None
    assert time_start("2024-09", XSD + "gYearMonth") == date(2024, 9, 1)
    assert time_start("2024", XSD + "gYear") == date(2024, 1, 1)
    assert time_start("2024-11-27", XSD + "date") == date(2024, 11, 27)
    assert time_start("2024-11-27T10:00:00Z", XSD + "dateTime") == date(2024, 11, 27)
    assert time_start("soon", XSD + "string") is None
    june = date(2024, 6, 1)
    assert not visible("2024-09", XSD + "gYearMonth", june)
    assert visible("2024-06", XSD + "gYearMonth", june)
    assert visible("2024", XSD + "gYear", june)
    assert visible(None, None, june)
    assert visible("2024-09", XSD + "gYearMonth", june, prop="notAfter")
    assert visible("2099-01-01", XSD + "date", None)


TIMES_TRIG = """
@prefix aikg: <https://w3id.org/aikg/ont#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix e: <https://w3id.org/aikg/id/> .
e:g1 {
  e:f1 a aikg:Assertion ; rdf:subject e:a ; rdf:predicate aikg:supplies ; rdf:object e:b ;
       aikg:status aikg:reported , aikg:claimed ;
       aikg:asOf "2024-09-01"^^xsd:date ; aikg:notAfter "2024"^^xsd:gYear .
  e:f2 a aikg:Assertion ; rdf:subject e:b ; rdf:predicate aikg:supplies ; rdf:object e:c .
  e:f3 a aikg:Assertion ; rdf:subject e:b ; rdf:predicate aikg:supplies ; rdf:object "c" ;
       aikg:asOf "2024-01-01"^^xsd:date .
  e:other aikg:asOf "2023-01-01"^^xsd:date .
}
e:g2 { e:f2 aikg:announcedOn "2024-02-02"^^xsd:date .
       e:f1 a aikg:Assertion ; rdf:subject e:a ; rdf:predicate aikg:supplies ; rdf:object e:b . }
"""


@pytest.mark.parametrize("source", ["times", "seeds"])
def test_assertion_rows_read_in_two_queries_equal_the_one_query(source, seeded):
    """The split read (used over remote stores) gives the one query's rows, as a multiset:
    several statuses and times, none, times in another graph, on other nodes, literals."""
    from collections import Counter
    from graph.projection.build import assertion_rows
    if source == "seeds":
        kg = seeded
    else:
        kg = EmbeddedStore.memory()
        kg.load(TIMES_TRIG.encode(), ox.RdfFormat.TRIG)
    one = assertion_rows(kg, split=False)
    two = assertion_rows(kg, split=True)

    def counted(found):
        return Counter(tuple(sorted(r.items())) for r in found)
    assert counted(one) == counted(two)
    if source == "times":
        assert len(one) == 2 * 2 + 1 + 1  # f1 in g1: 2 statuses x 2 times; f2 in g1; f1 in g2
