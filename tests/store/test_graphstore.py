"""Graph Store semantics (graph/store/graph_store.py) on an in-memory store: atomic PUT and POST,
created/replaced flags, the real default graph, blank nodes, payload checks."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.errors import DataSyntaxError, ForbiddenInput, InvalidInput, InvalidIRI
from graph.store import graph_store as gs
from graph.store.base import KnowledgeStore
from graph.store.embedded import EmbeddedStore
from graph.store.formats import RDF_FORMATS

G = "http://www.example/gsp/person/1.ttl"
EX = "http://www.example/"
JOHN = b"""@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix v: <http://www.w3.org/2006/vcard/ns#> .
<http://www.example/gsp/person/1> a foaf:Person ;
    foaf:businessCard [ a v:VCard ; v:fn "John Doe" ] .
"""
JANE = JOHN.replace(b"John", b"Jane")


@pytest.fixture
def kg() -> KnowledgeStore:
    store = EmbeddedStore.memory()
    store.extend([ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal("other"),
                          ox.NamedNode(EX + "other-graph"))])
    return store


def triples(kg: KnowledgeStore, graph: str | None) -> set[tuple[str, str, str]]:
    """The graph's triples with blank nodes written as ``_``."""
    name = ox.NamedNode(graph) if graph else ox.DefaultGraph()
    return {tuple("_" if isinstance(t, ox.BlankNode) else str(t)
                  for t in (q.subject, q.predicate, q.object)) for q in kg.quads(name)}


def count(kg: KnowledgeStore, graph: str | None) -> int:
    return len(list(kg.quads(ox.NamedNode(graph) if graph else ox.DefaultGraph())))


def test_put_creates_then_replaces(kg):
    assert gs.replace_graph(kg, graph=G, data=JOHN, fmt_name="turtle") is True
    assert ("_", "<http://www.w3.org/2006/vcard/ns#fn>", '"John Doe"') in triples(kg, G)
    assert gs.replace_graph(kg, graph=G, data=JANE, fmt_name="turtle") is False
    assert count(kg, G) == 4
    assert ("_", "<http://www.w3.org/2006/vcard/ns#fn>", '"Jane Doe"') in triples(kg, G)
    assert not any('"John Doe"' in t for t in triples(kg, G))
    assert triples(kg, EX + "other-graph") == {(f"<{EX}s>", f"<{EX}p>", '"other"')}


@pytest.mark.parametrize("graph", [G, "http://www.example/new", None])
def test_put_with_syntax_error_on_last_line_changes_nothing(kg, graph):
    gs.replace_graph(kg, graph=G, data=JOHN, fmt_name="turtle")
    before = kg.content_hash()
    with pytest.raises(DataSyntaxError) as error:
        gs.replace_graph(kg, graph=graph, data=JANE + b"<http://a> <http://b> .\n",
                         fmt_name="turtle")
    assert error.value.details["line"] == 5
    assert kg.content_hash() == before
    assert gs.graph_exists(kg, graph="http://www.example/new") is False


def test_post_merges_and_creates(kg):
    assert gs.add_to_graph(kg, graph=G, data=JOHN, fmt_name="turtle") is True
    assert gs.add_to_graph(kg, graph=G, data=b'<http://www.example/gsp/person/1> '
                           b'<http://xmlns.com/foaf/0.1/givenName> "John" .',
                           fmt_name="ntriples") is False
    assert count(kg, G) == 5


def test_blank_nodes_stay_blank_and_never_merge_with_stored_ones(kg):
    data = b'_:b0 <http://www.example/p> "1" .'
    gs.add_to_graph(kg, graph=G, data=data, fmt_name="ntriples")
    gs.add_to_graph(kg, graph=G, data=data, fmt_name="ntriples")
    subjects = {q.subject for q in kg.quads(ox.NamedNode(G))}
    assert len(subjects) == 2 and all(isinstance(s, ox.BlankNode) for s in subjects)
    assert ox.BlankNode("b0") not in subjects


def test_multipart_parts_are_all_or_nothing(kg):
    good = (b'<http://www.example/a> <http://www.example/p> "x" .', "ntriples")
    before = kg.content_hash()
    with pytest.raises(DataSyntaxError):
        gs.add_parts(kg, graph=G, parts=[good, (b"<http://www.example/a> <p", "turtle")])
    assert kg.content_hash() == before
    assert gs.add_parts(kg, graph=G, parts=[good, (JOHN, "turtle")]) is True
    assert count(kg, G) == 5


def test_default_graph_is_the_real_default_graph(kg):
    assert gs.graph_exists(kg, graph=None)
    assert gs.read_graph(kg, graph=None, fmt_name="ntriples") == b""
    assert gs.replace_graph(kg, graph=None, data=JOHN, fmt_name="turtle") is False
    assert count(kg, None) == 4
    assert gs.add_to_graph(kg, graph=None, data=JANE, fmt_name="turtle") is False
    assert count(kg, None) == 7  # the person's type is shared, the cards are not
    assert len(ox.Dataset(ox.parse(gs.read_graph(kg, graph=None, fmt_name="nquads"),
                                   format=ox.RdfFormat.N_QUADS))) == 7
    assert gs.delete_graph(kg, graph=None) is True
    assert triples(kg, None) == set()
    assert len(triples(kg, EX + "other-graph")) == 1  # named graphs untouched


def test_delete(kg):
    assert gs.delete_graph(kg, graph=G) is False
    gs.replace_graph(kg, graph=G, data=JOHN, fmt_name="turtle")
    assert gs.delete_graph(kg, graph=G) is True
    assert gs.read_graph(kg, graph=G, fmt_name="turtle") is None
    assert gs.delete_graph(kg, graph=G) is False
    assert gs.graph_exists(kg, graph=EX + "other-graph")


def test_empty_put_creates_an_empty_graph(kg):
    assert gs.replace_graph(kg, graph=G, data=b"", fmt_name="turtle") is True
    assert gs.graph_exists(kg, graph=G)
    assert gs.read_graph(kg, graph=G, fmt_name="ntriples") == b""
    assert gs.read_graph(kg, graph=EX + "missing", fmt_name="turtle") is None


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=lambda f: f.name)
def test_read_graph_round_trips_in_every_format(kg, fmt):
    gs.replace_graph(kg, graph=G, data=JOHN, fmt_name="turtle")
    before = triples(kg, G)
    body = gs.read_graph(kg, graph=G, fmt_name=fmt.name)
    assert gs.replace_graph(kg, graph=G, data=body, fmt_name=fmt.name) is False
    assert triples(kg, G) == before


def test_dataset_payload_may_only_hold_the_target_graph(kg):
    own = f'<{EX}a> <{EX}p> "x" <{G}> .\n<{EX}a> <{EX}p> "y" .\n'.encode()
    assert gs.replace_graph(kg, graph=G, data=own, fmt_name="nquads") is True
    assert count(kg, G) == 2
    before = kg.content_hash()
    with pytest.raises(InvalidInput, match="named graph"):
        gs.add_to_graph(kg, graph=G, data=f'<{EX}a> <{EX}p> "z" <{EX}elsewhere> .'.encode(),
                        fmt_name="nquads")
    assert kg.content_hash() == before


def test_relative_iris_resolve_against_the_graph_iri(kg):
    gs.replace_graph(kg, graph=G, data=b"<> <#p> <other> .", fmt_name="turtle")
    assert triples(kg, G) == {(f"<{G}>", f"<{G}#p>", "<http://www.example/gsp/person/other>")}


def test_rdfxml_doctype_and_bad_iris_are_refused(kg):
    before = kg.content_hash()
    bomb = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rdf:RDF/>'
    with pytest.raises(ForbiddenInput):
        gs.replace_graph(kg, graph=G, data=bomb, fmt_name="rdfxml")
    with pytest.raises(InvalidIRI):
        gs.replace_graph(kg, graph="file:///etc/passwd", data=JOHN, fmt_name="turtle")
    with pytest.raises(InvalidIRI):
        gs.delete_graph(kg, graph="not an iri")
    assert kg.content_hash() == before


def test_new_graph_iri_is_fresh_and_under_the_base():
    first, second = (gs.new_graph_iri("http://testserver/store") for _ in range(2))
    assert first.startswith("http://testserver/store/") and first != second
    assert gs.new_graph_iri("http://testserver/store/").count("//") == 1
