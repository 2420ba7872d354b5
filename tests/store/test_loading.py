"""Loading RDF: atomic, positioned errors, dangerous inputs refused, graphs as promised."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.errors import DataSyntaxError, ForbiddenInput, InvalidIRI, UnsupportedFormat
from graph.store.formats import rdf_format
from graph.store.loading import file_graph_iri, load_bytes, load_file

GOOD = "".join(f'<http://example.org/s{i}> <http://example.org/p> "{i}" .\n' for i in range(1000))


def test_error_on_last_line_adds_nothing_and_names_line_and_column(fresh, tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text(GOOD + '<http://example.org/x> <http://example.org/p> "unterminated .\n')
    count, digest = len(fresh), fresh.content_hash()
    with pytest.raises(DataSyntaxError) as caught:
        load_file(fresh, path)
    assert caught.value.details == {"line": 1001, "column": 47}
    assert "bad.ttl" in str(caught.value) and "line 1001, column 47" in str(caught.value)
    assert (len(fresh), fresh.content_hash()) == (count, digest)


def test_triples_go_to_a_graph_named_after_the_file(fresh, tmp_path):
    path = tmp_path / "extra facts.ttl"
    path.write_text(GOOD)
    report = load_file(fresh, path)
    assert report.quads_added == 1000
    assert report.graphs == ("https://w3id.org/aikg/graph/file/extra%20facts.ttl",)
    assert file_graph_iri(path) == report.graphs[0]
    assert len(list(fresh.quads(ox.NamedNode(report.graphs[0])))) == 1000
    again = load_file(fresh, path)  # loading the same triples twice adds nothing
    assert again.quads_added == 0


def test_explicit_graph_and_trig_graphs(fresh, tmp_path):
    report = load_bytes(fresh, GOOD.encode(), rdf_format("ntriples"), graph="urn:x:mine")
    assert report.graphs == ("urn:x:mine",) and report.quads_added == 1000
    trig = b"<http://example.org/g1> { <http://example.org/a> <http://example.org/b> 1 . }\n"
    report = load_bytes(fresh, trig, rdf_format("trig"))
    assert report.graphs == ("http://example.org/g1",)
    assert fresh.has_graph(ox.NamedNode("http://example.org/g1"))


@pytest.mark.parametrize("graph", ["not an iri", "file:///etc/passwd", "javascript:alert(1)",
                                   "http://example.org/a> } ; DROP ALL ; #"])
def test_bad_graph_iris_are_refused(fresh, graph):
    with pytest.raises(InvalidIRI):
        load_bytes(fresh, GOOD.encode(), rdf_format("ntriples"), graph=graph)


def test_rdfxml_doctype_is_refused_before_parsing(fresh):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e0 "lol">'
            + b"".join(b'<!ENTITY e%d "%s">' % (i, b"&e%d;" % (i - 1) * 10) for i in range(1, 10))
            + b']><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
              b'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a">'
              b"<ex:p>&e9;</ex:p></rdf:Description></rdf:RDF>")
    digest = fresh.content_hash()
    with pytest.raises(ForbiddenInput) as caught:
        load_bytes(fresh, bomb, rdf_format("rdfxml"))
    assert caught.value.code == "doctype_forbidden"
    assert fresh.content_hash() == digest


def test_jsonld_remote_context_is_not_fetched(fresh):
    doc = b'{"@context": "http://127.0.0.1:9/ctx", "@id": "http://example.org/a", "p": "x"}'
    with pytest.raises(ForbiddenInput) as caught:
        load_bytes(fresh, doc, rdf_format("jsonld"))
    assert caught.value.code == "remote_context_forbidden"


def test_unknown_suffix_needs_a_format(fresh, tmp_path):
    path = tmp_path / "data.txt"
    path.write_text(GOOD)
    with pytest.raises(UnsupportedFormat, match="--format"):
        load_file(fresh, path)
    assert load_file(fresh, path, fmt=rdf_format("nt")).quads_added == 1000


def test_nesting_is_measured_on_tokens_not_on_brackets_inside_data():
    from graph.store.nesting import nesting_depth

    assert nesting_depth(b'{"a": "[[[{{{", "b": [1, {"c": []}]}', "json") == 4
    assert nesting_depth(b'<urn:s> <urn:p> "((([[[" , [ <urn:p> ( 1 2 ) ] . # ((((', "turtle") == 2
    assert nesting_depth(b"<urn:s> <urn:p> <<( <urn:s> <urn:p> <<( <urn:a> <urn:b> 1 )>> )>> .",
                         "turtle") == 2
    assert nesting_depth(b"<a><b/></a>", "rdfxml") == 0


def test_deep_payloads_are_refused_before_any_parser_sees_them(tmp_path):
    from graph.errors import ForbiddenInput
    from graph.store.embedded import EmbeddedStore
    from graph.store.formats import rdf_format
    from graph.store.loading import load_bytes

    kg = EmbeddedStore.memory()
    deep = ("<urn:s> <urn:p> " + "[ <urn:p> " * 129 + "1" + " ]" * 129 + " .").encode()
    with pytest.raises(ForbiddenInput, match="129 levels deep; the limit is 128") as caught:
        load_bytes(kg, deep, rdf_format("turtle"))
    assert caught.value.code == "payload_too_deep" and len(kg) == 0
    fine = ("<urn:s> <urn:p> " + "[ <urn:p> " * 128 + "1" + " ]" * 128 + " .").encode()
    load_bytes(kg, fine, rdf_format("turtle"))
    assert len(kg) == 129
