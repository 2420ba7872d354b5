"""SELECT/ASK answers written by pyoxigraph: same meaning as the Python writers, same row cap."""

from __future__ import annotations

import asyncio
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from graph.errors import QueryTimeout
from graph.settings import Settings
from graph.sparql.execute import QueryLimits, answer_query
from graph.sparql.native import JSON_MEDIA, XML_MEDIA, CappedSink, cut_json, serialize_capped
from graph.sparql.results import materialise, write_json, write_xml
from graph.store.embedded import EmbeddedStore

EX = "http://example.org/"
RESULTS = "{http://www.w3.org/2005/sparql-results#}"
MEDIA = {"select": JSON_MEDIA, "graph": "text/turtle"}
ALL = f"SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?s"


@pytest.fixture(scope="module")
def store():
    """Rows whose literals hold what a byte-level row count could stumble on."""
    kg = EmbeddedStore.memory()
    awkward = ['},{', 'a,{"b"}', '<result>', "line\nbreak", "tab\there", "é ü \u2028", '\\"']
    lines = []
    for i in range(120):
        text = awkward[i % len(awkward)] if i % 3 == 0 else f"plain {i}"
        lines.append(f'<{EX}s{i:03d}> <{EX}p> {json.dumps(text)} .')
    lines.append(f'<{EX}s900> <{EX}p> "1000000"^^<http://www.w3.org/2001/XMLSchema#double> .')
    lines.append(f'<{EX}s901> <{EX}p> "chat"@fr .')
    lines.append(f'<{EX}s902> <{EX}p> _:blank .')
    lines.append(f'<{EX}s903> <{EX}p> "x"^^<{EX}dt> .')
    kg.load("\n".join(lines).encode(), ox.RdfFormat.N_TRIPLES)
    return kg


def _xml_rows(body: bytes) -> list[dict[str, tuple[str, str, tuple]]]:
    rows = []
    for result in ET.fromstring(body).iter(f"{RESULTS}result"):
        row = {}
        for binding in result:
            term = binding[0]
            row[binding.get("name")] = (term.tag, term.text or "", tuple(sorted(term.attrib.items())))
        rows.append(row)
    return rows


def _bnodes_as_one(document: dict) -> dict:
    for row in document.get("results", {}).get("bindings", []):
        for term in row.values():
            if term["type"] == "bnode":
                term["value"] = "_"
    return document


def test_json_and_xml_mean_what_the_python_writers_write(store):
    full = materialise(store.query(ALL), 10_000)
    body, truncated = serialize_capped(store.query(ALL), JSON_MEDIA, 10_000)
    assert not truncated
    assert _bnodes_as_one(json.loads(body)) == _bnodes_as_one(json.loads(write_json(full)))
    body, truncated = serialize_capped(store.query(ALL), XML_MEDIA, 10_000)
    native, python = _xml_rows(body), _xml_rows(write_xml(full))
    assert len(native) == len(python) == 124 and not truncated
    for a, b in zip(native, python):
        assert {k: v for k, v in a.items() if v[0] != f"{RESULTS}bnode"} == \
            {k: v for k, v in b.items() if v[0] != f"{RESULTS}bnode"}


@pytest.mark.parametrize("cap", [1, 2, 7, 50, 119, 123, 124, 125, 1000])
def test_the_row_cap_is_exact_and_never_silent(store, cap):
    for media in (JSON_MEDIA, XML_MEDIA):
        answer = answer_query(store, ALL, media={"select": media, "graph": None},
                              limits=QueryLimits(max_rows=cap))
        if media == JSON_MEDIA:
            document = json.loads(answer.body)
            rows = [r["s"]["value"] for r in document["results"]["bindings"]]
            assert document.get("truncated", False) is answer.truncated
        else:
            rows = [r["s"][1] for r in _xml_rows(answer.body)]
        assert rows == [f"{EX}s{i:03d}" for i in range(120)][:cap] + \
            [f"{EX}s{i}" for i in range(900, 904)][:max(0, cap - 120)]
        assert answer.truncated is (cap < 124)


def test_literals_full_of_row_separators_fall_back_to_the_exact_python_count():
    kg = EmbeddedStore.memory()
    kg.load("\n".join(f'<{EX}s{i:02d}> <{EX}p> "}},{{}},{{}},{{" .' for i in range(30)).encode(),
            ox.RdfFormat.N_TRIPLES)
    assert serialize_capped(kg.query(ALL), JSON_MEDIA, 30) is None  # bound says "more"
    for cap, truncated in ((30, False), (29, True), (10, True)):
        answer = answer_query(kg, ALL, media=MEDIA, limits=QueryLimits(max_rows=cap))
        document = json.loads(answer.body)
        assert len(document["results"]["bindings"]) == min(cap, 30)
        assert answer.truncated is truncated and document.get("truncated", False) is truncated


def test_ask_and_empty_answers(store):
    for media in (JSON_MEDIA, XML_MEDIA):
        answer = answer_query(store, "ASK { ?s ?p ?o }", media={"select": media, "graph": None},
                              limits=QueryLimits(max_rows=1))
        assert not answer.truncated and answer.media_type == media
    assert json.loads(answer_query(store, "ASK {}", media=MEDIA, limits=QueryLimits()).body) \
        == {"head": {}, "boolean": True}
    empty = answer_query(store, "SELECT ?x WHERE { ?x <urn:none> ?y }", media=MEDIA,
                         limits=QueryLimits(max_rows=1))
    assert json.loads(empty.body) == {"head": {"vars": ["x"]}, "results": {"bindings": []}}
    rows = answer_query(store, "SELECT * {} VALUES () { () () () }", media=MEDIA,
                        limits=QueryLimits(max_rows=2))
    assert json.loads(rows.body)["results"]["bindings"] == [{}, {}] and rows.truncated


def test_row_marks_split_across_chunks_are_counted_once():
    sink = CappedSink(JSON_MEDIA, 10)
    for chunk in (b'{"head":{"vars":["a"]},"results":{"bindings":[{"a":1}', b"}", b",", b"{",
                  b'"a":2},{"a":3}', b"]}}"):
        sink.write(chunk)
    assert sink.marks == 2 and not sink.full
    xml = CappedSink(XML_MEDIA, 1)
    xml.write(b"<results><res")
    with pytest.raises(Exception):
        xml.write(b"ult></result><result></result>")
    assert xml.full and xml.marks == 2
    assert cut_json(b'{"head":{"vars":[]},"results":{"bindings":[{},{', 1) is not None


def test_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("AIKG_MAX_REQUESTS_PER_CLIENT", "8")
    monkeypatch.setenv("AIKG_MAX_ROWS", "1000000")
    settings = Settings.from_env()
    assert settings.max_requests_per_client == 8 and settings.max_rows == 1_000_000
    assert settings.max_requests_total == 12
    monkeypatch.setenv("AIKG_MAX_REQUESTS_PER_CLIENT", "20")
    assert Settings.from_env().max_requests_total == 20
    monkeypatch.setenv("AIKG_MAX_REQUESTS_TOTAL", "30")
    assert Settings.from_env().max_requests_total == 30


def test_acall_answers_and_keeps_the_deadline(app_client):
    engine = app_client.engine
    ask = dict(text="ASK {}", media=MEDIA, limits=QueryLimits())
    answer = asyncio.run(engine.acall(answer_query, **ask))
    assert json.loads(answer.body)["boolean"] is True
    pid = engine.pid
    slow = "SELECT (COUNT(*) AS ?c) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(QueryTimeout):
        asyncio.run(engine.acall(answer_query, timeout=1, **{**ask, "text": slow}))
    assert engine.pid != pid
    assert json.loads(asyncio.run(engine.acall(answer_query, **ask)).body)["boolean"] is True
