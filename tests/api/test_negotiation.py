"""Content negotiation for the SPARQL endpoint: Accept parsing, wildcards, q=0, aliases, format."""

from __future__ import annotations

import pytest

from api.negotiation import (
    GRAPH_OFFERS,
    SELECT_OFFERS,
    MediaRange,
    NotAcceptable,
    choose,
    format_override,
    negotiate,
    parse_accept,
    result_offers,
)
from graph.errors import KGError

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TTL = "text/turtle"
NT = "application/n-triples"
NQ = "application/n-quads"
TRIG = "application/trig"
JSONLD = "application/ld+json"
RDFXML = "application/rdf+xml"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
NO = NotAcceptable

CASES = [
    # missing, empty, any
    (None, "select", JSON),
    ("", "select", JSON),
    ("   ", "graph", TTL),
    ("*/*", "select", JSON),
    ("*/*", "ask", JSON),
    ("*/*", "graph", TTL),
    # q-values
    ("text/csv;q=0.5, application/sparql-results+json;q=0.9", "select", JSON),
    ("text/csv;q=0.9, application/sparql-results+json;q=0.5", "select", CSV),
    ("text/csv; q=0.5 , text/tab-separated-values ; q=0.6", "select", TSV),
    ("text/csv;q=1.000, application/sparql-results+json;q=0.999", "select", CSV),
    # wildcards, ties to server order
    ("text/*", "select", CSV),
    ("text/tab-separated-values, text/csv", "select", CSV),
    ("text/*", "graph", TTL),
    ("application/*;q=0.1, text/csv", "select", CSV),
    ("application/*;q=0.1, text/csv", "graph", NT),
    ("application/*", "select", JSON),
    # q=0 exclusion and specific-overrides-wildcard
    ("*/*, text/csv;q=0", "select", JSON),
    ("text/csv;q=0, */*", "select", JSON),
    ("*/*, application/sparql-results+json;q=0", "select", XML),
    ("text/csv, */*;q=0", "select", CSV),
    ("text/*;q=0, text/csv", "select", CSV),
    ("text/*;q=0, */*", "select", JSON),
    ("text/csv, text/tab-separated-values, application/*;q=0", "select", CSV),
    ("*/*;q=0", "select", NO),
    ("text/csv;q=0", "select", NO),
    ("text/turtle;q=0, text/*", "graph", NO),
    # aliases, resolved to the canonical type
    ("application/json", "select", JSON),
    ("application/json", "ask", JSON),
    ("application/json", "graph", JSONLD),
    ("application/xml", "select", XML),
    ("text/xml", "select", XML),
    ("text/xml", "graph", RDFXML),
    ("application/x-turtle", "graph", TTL),
    ("text/plain", "graph", NT),
    ("text/plain", "select", NO),
    ("application/json;q=0.4, text/csv;q=0.5", "select", CSV),
    ("text/turtle, */*;q=0.5", "graph", TTL),
    ("application/ld+json, text/turtle;q=0.5", "graph", JSONLD),
    ("application/n-quads", "graph", NQ),
    ("application/trig", "graph", TRIG),
    # nothing acceptable
    ("text/html", "select", NO),
    ("application/x-unknown", "select", NO),
    ("application/x-unknown", "graph", NO),
    ("text/turtle", "select", NO),
    ("text/csv", "graph", NO),
    # parameters and charset
    ("text/turtle;charset=utf-8", "graph", TTL),
    ("text/turtle;charset=UTF-8", "graph", TTL),
    ('text/turtle;charset="utf-8"', "graph", TTL),
    ("text/csv;header=present", "select", CSV),
    ("text/csv;charset=utf-16", "select", NO),
    ("text/csv;charset=utf-16, application/sparql-results+json;q=0.2", "select", JSON),
    ("text/turtle;q=0.2, text/turtle;charset=utf-8;q=0.9, application/trig;q=0.5", "graph", TTL),
    ("text/turtle;charset=iso-8859-1, application/ld+json;q=0.1", "graph", JSONLD),
    # malformed pieces are dropped, never fatal
    (";;,text/csv", "select", CSV),
    ("text", "select", JSON),
    ("text, text/csv", "select", CSV),
    (",,, ,", "graph", TTL),
    ("*/csv, text/tab-separated-values", "select", TSV),
    ("text/csv;q=abc, text/tab-separated-values;q=0.5", "select", TSV),
    ("text/csv;q=2, text/tab-separated-values;q=0.5", "select", TSV),
    ("text/csv;q=0.12345, text/tab-separated-values;q=0.5", "select", TSV),
    ("text/csv;q=abc", "select", JSON),
    ("text/csv;;q=0.5;, application/sparql-results+json;q=0.4", "select", CSV),
    ('text/csv;foo="a,b";q=0.9, text/tab-separated-values;q=0.5', "select", CSV),
    ("text/csv;foo, text/tab-separated-values;q=0.5", "select", CSV),
    # case-insensitive types and parameter names
    ("TEXT/CSV", "select", CSV),
    ("Text/Turtle;Q=0.5, APPLICATION/LD+JSON;Q=0.4", "graph", TTL),
    ("Application/SPARQL-Results+JSON", "select", JSON),
    # browsers
    (BROWSER, "select", XML),
    (BROWSER, "ask", XML),
    (BROWSER, "graph", RDFXML),
    ("text/html,application/xhtml+xml,*/*;q=0.8", "select", JSON),
]


@pytest.mark.parametrize(("accept", "form", "expected"), CASES)
def test_negotiate(accept, form, expected):
    if expected is NotAcceptable:
        with pytest.raises(NotAcceptable) as info:
            negotiate(accept, form)
        assert info.value.code == "not_acceptable"
    else:
        assert negotiate(accept, form) == expected


def test_not_acceptable_names_request_and_offers():
    with pytest.raises(NotAcceptable) as info:
        negotiate("application/x-unknown", "graph")
    error = info.value
    assert isinstance(error, KGError)
    assert "application/x-unknown" in error.message
    assert all(media in error.message for media in GRAPH_OFFERS)
    body = error.to_dict()
    assert body["error"] == "not_acceptable"
    assert body["accept"] == "application/x-unknown"
    assert body["available"] == list(GRAPH_OFFERS)


def test_result_offers():
    assert result_offers("select") == result_offers("ask")
    offers, aliases = result_offers("select")
    assert offers == SELECT_OFFERS == (JSON, XML, CSV, TSV)
    assert aliases == {"application/json": JSON, "application/xml": XML, "text/xml": XML}
    offers, aliases = result_offers("graph")
    assert offers == GRAPH_OFFERS == (TTL, NT, NQ, TRIG, JSONLD, RDFXML)
    assert aliases["text/plain"] == NT and aliases["application/json"] == JSONLD
    assert set(aliases.values()) <= set(offers)
    with pytest.raises(ValueError):
        result_offers("construct")


def test_parse_accept_fields():
    ranges = parse_accept(" Text/CSV ; q=0.5 ; Charset=UTF-8 , bogus, */*;q=0.1")
    assert ranges == [MediaRange("text", "csv", (("charset", "UTF-8"),), 0.5, 0),
                      MediaRange("*", "*", (), 0.1, 2)]
    assert [r.specificity for r in ranges] == [3, 0]


@pytest.mark.parametrize("header", [None, "", "text", ";;", "text/csv;q=x"])
def test_parse_accept_defaults_to_anything(header):
    assert parse_accept(header) == [MediaRange("*", "*", (), 1.0, 0)]


def test_media_range_is_frozen():
    media_range = parse_accept("text/csv")[0]
    with pytest.raises(AttributeError):
        media_range.q = 0.0


@pytest.mark.parametrize(("accept", "offers", "expected"), [
    (None, ["a/b", "c/d"], "a/b"),
    ("c/d", ["a/b", "c/d"], "c/d"),
    ("c/*;q=0.5, a/b;q=0.4", ["a/b", "c/d"], "c/d"),
    ("*/*;q=0.5, a/b;q=0", ["a/b", "c/d"], "c/d"),
    ("x/y", ["a/b", "c/d"], None),
    ("*/*", [], None),
    ("application/json", [JSON], None),  # choose() knows no aliases
])
def test_choose(accept, offers, expected):
    assert choose(accept, offers) == expected


@pytest.mark.parametrize(("value", "form", "expected"), [
    (None, "select", None),
    ("", "graph", None),
    ("json", "select", JSON),
    ("JSON", "ask", JSON),
    ("xml", "select", XML),
    ("csv", "select", CSV),
    (" tsv ", "select", TSV),
    ("turtle", "graph", TTL),
    ("ttl", "graph", TTL),
    ("ntriples", "graph", NT),
    ("nt", "graph", NT),
    ("nquads", "graph", NQ),
    ("nq", "graph", NQ),
    ("trig", "graph", TRIG),
    ("jsonld", "graph", JSONLD),
    ("json-ld", "graph", JSONLD),
    ("rdfxml", "graph", RDFXML),
    ("json", "graph", JSONLD),
    ("xml", "graph", RDFXML),
    ("text/csv", "select", CSV),
    ("application/json", "select", JSON),
    ("text/plain", "graph", NT),
])
def test_format_override(value, form, expected):
    assert format_override(value, form) == expected


@pytest.mark.parametrize(("value", "form"), [
    ("turtle", "select"), ("ttl", "ask"), ("jsonld", "select"), ("csv", "graph"),
    ("tsv", "graph"), ("html", "select"), ("yaml", "graph"), ("text/turtle", "select"),
    ("text/csv", "graph"),
])
def test_format_override_refuses(value, form):
    with pytest.raises(NotAcceptable) as info:
        format_override(value, form)
    assert info.value.code == "not_acceptable"
    assert value in info.value.message
