"""Export: every format round-trips to the same graphs; the same data gives the same bytes."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from graph.errors import EntityNotFound
from graph.store.embedded import EmbeddedStore
from graph.store.export import export
from graph.store.formats import rdf_format

RDFLIB_NAME = {"turtle": "turtle", "trig": "trig", "ntriples": "nt", "nquads": "nquads",
               "jsonld": "json-ld", "rdfxml": "xml"}
DOC = "https://w3id.org/aikg/graph/doc-126747c0c0c83b3e"


def store_as_dataset(kg, graph=None):
    data = ox.serialize(list(kg.quads(ox.NamedNode(graph) if graph else None)),
                        format=ox.RdfFormat.N_QUADS)
    dataset = rdflib.Dataset()
    dataset.parse(data=data.decode(), format="nquads")
    return dataset


def merged(dataset):
    graph = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


@pytest.mark.parametrize("name", ["trig", "nquads", "jsonld"])
def test_dataset_formats_round_trip_graph_by_graph(seeded, name):
    exported = rdflib.Dataset()
    exported.parse(data=export(seeded, rdf_format(name)).decode(), format=RDFLIB_NAME[name])
    expected = store_as_dataset(seeded)
    names = {c.identifier for c in expected.graphs()} - {rdflib.URIRef("urn:x-rdflib:default")}
    assert names == {c.identifier for c in exported.graphs()} - {
        rdflib.URIRef("urn:x-rdflib:default")}
    for name_ in names:
        assert isomorphic(expected.graph(name_), exported.graph(name_)), name_


@pytest.mark.parametrize("name", ["turtle", "ntriples", "rdfxml"])
def test_triple_formats_round_trip_one_graph_and_the_merge(seeded, name):
    one = rdflib.Graph().parse(data=export(seeded, rdf_format(name), graph=DOC).decode(),
                               format=RDFLIB_NAME[name])
    assert isomorphic(one, merged(store_as_dataset(seeded, DOC)))
    whole = rdflib.Graph().parse(data=export(seeded, rdf_format(name)).decode(),
                                 format=RDFLIB_NAME[name])
    assert isomorphic(whole, merged(store_as_dataset(seeded)))


@pytest.mark.parametrize("name", ["turtle", "trig", "ntriples", "nquads", "jsonld"])
def test_exports_are_byte_identical_even_from_another_store(seeded, name):
    first = export(seeded, rdf_format(name))
    assert export(seeded, rdf_format(name)) == first
    copy = EmbeddedStore.memory()  # reload the export: blank nodes get new internal ids
    copy.load(export(seeded, rdf_format("nquads")), ox.RdfFormat.N_QUADS)
    assert export(copy, rdf_format(name)) == first


def test_unknown_graph_is_not_found(seeded):
    with pytest.raises(EntityNotFound):
        export(seeded, rdf_format("turtle"), graph="https://w3id.org/aikg/graph/nope")
