"""Real SPARQL clients against a live server on loopback: SPARQLWrapper and rdflib's store."""

from __future__ import annotations

import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

AIKG = "https://w3id.org/aikg/ont#"
ID = "https://w3id.org/aikg/id/"
TOKEN_HEADER = {"Authorization": "Bearer secret-token"}


def test_sparqlwrapper_select_ask_construct_update(live_server):
    base, _ = live_server
    client = SPARQLWrapper(f"{base}/sparql")
    client.setQuery(f"SELECT ?chip WHERE {{ <{ID}nvidia> <{AIKG}manufactures> ?chip }} "
                    "ORDER BY ?chip")
    client.setReturnFormat(JSON)
    rows = client.queryAndConvert()["results"]["bindings"]
    assert [r["chip"]["value"] for r in rows] == [f"{ID}nvidia-h100", f"{ID}nvidia-h200"]

    client.setQuery(f"ASK {{ <{ID}nvidia> <{AIKG}chiefExecutive> <{ID}jensen-huang> }}")
    assert client.queryAndConvert()["boolean"] is True

    client.setQuery(f"CONSTRUCT WHERE {{ <{ID}xai> <{AIKG}hasInvestor> ?firm }}")
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=client.queryAndConvert(), format="turtle")
    assert set(graph.objects()) == {rdflib.URIRef(f"{ID}andreessen-horowitz"),
                                    rdflib.URIRef(f"{ID}sequoia-capital")}

    writer = SPARQLWrapper(f"{base}/sparql")
    writer.setMethod(POST)
    writer.addCustomHttpHeader("Authorization", "Bearer secret-token")
    writer.setQuery("INSERT DATA { GRAPH <urn:x:clients> { <urn:x:a> <urn:x:b> 'c' } }")
    writer.query()
    client.setQuery("ASK { GRAPH <urn:x:clients> { <urn:x:a> <urn:x:b> 'c' } }")
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True


def test_rdflib_sparql_store_reads_and_writes(live_server):
    base, _ = live_server
    store = SPARQLUpdateStore(f"{base}/sparql", f"{base}/sparql", headers=TOKEN_HEADER)
    dataset = rdflib.Dataset(store=store, default_union=True)
    rows = list(dataset.query(
        f"SELECT ?n WHERE {{ <{ID}colossus-2024-09> <{AIKG}totalChips> ?n }}"))
    assert [int(r[0]) for r in rows] == [100000]
    graph = dataset.graph(rdflib.URIRef("urn:x:rdflib"))
    graph.add((rdflib.URIRef("urn:x:s"), rdflib.URIRef("urn:x:p"), rdflib.Literal(42)))
    answer = dataset.query("ASK { GRAPH <urn:x:rdflib> { <urn:x:s> <urn:x:p> 42 } }")
    assert answer.askAnswer is True
