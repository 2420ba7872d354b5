"""Answers remembered until the next write: never stale, never for unrepeatable queries."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest

from graph.engine.answers import AnswerCache, key_of
from graph.engine.supervisor import Engine
from graph.errors import EngineUnavailable
from graph.settings import Settings
from graph.sparql.repeatable import repeatable

AUTH = {"Authorization": "Bearer secret-token"}  # the write token of the app fixtures
JSON = {"Accept": "application/sparql-results+json"}
MODELS = "SELECT ?m WHERE { id:xai aikg:develops ?m } ORDER BY ?m"


@dataclass(frozen=True)
class Body:
    body: bytes


def test_an_answer_is_given_back_only_at_its_generation():
    cache = AnswerCache(1000)
    assert cache.put("k", Body(b"abc"), asked_at=3, now=3)
    assert cache.get("k", 3) == Body(b"abc")
    assert cache.get("k", 4) is None  # a write since
    assert cache.stats()["hits"] == 1 and cache.stats()["misses"] == 1


def test_an_answer_computed_across_a_write_is_not_kept():
    cache = AnswerCache(1000)
    assert not cache.put("k", Body(b"abc"), asked_at=3, now=4)
    assert cache.get("k", 3) is None and cache.get("k", 4) is None


def test_memory_is_bounded_least_recently_used_first():
    cache = AnswerCache(800)  # answers of at most 100 bytes are kept
    assert not cache.put("big", Body(b"x" * 101), 1, 1)
    for name in "abcdefgh":
        assert cache.put(name, Body(b"x" * 100), 1, 1)
    cache.get("a", 1)  # a is now the most recent
    cache.put("i", Body(b"x" * 100), 1, 1)
    assert cache.bytes == 800 and len(cache) == 8
    assert cache.get("b", 1) is None and cache.get("a", 1) is not None
    cache.clear()
    assert len(cache) == 0 and cache.bytes == 0


def test_only_answers_with_a_known_size_and_hashable_arguments_are_kept():
    cache = AnswerCache(1000)
    assert not cache.put("k", {"rows": 3}, 1, 1)
    assert key_of(len, {"media": {"select": "json"}, "graphs": ("a",)}) is not None
    assert key_of(len, {"x": {1, 2}}) is None  # a set: not frozen here
    assert key_of(len, {"a": 1, "b": [2]}) == key_of(len, {"b": [2], "a": 1})
    assert key_of(len, {"a": (1,)}) != key_of(len, {"a": [1]})


@pytest.mark.parametrize("text, expected", [
    ("SELECT * { ?s ?p ?o }", True),
    ('SELECT ?s { ?s <http://x/now> "rand" } # NOW()', True),  # IRIs, strings, comments
    ("PREFIX now: <http://x/> SELECT ?o { now:a ?p ?o }", True),
    ("SELECT (NOW() AS ?t) {}", False),
    ("SELECT (now\n() AS ?t) {}", False),
    ("SELECT (\\u004EOW() AS ?t) {}", False),  # a codepoint escape
    ("SELECT ?x { BIND(bnode() AS ?x) }", False),
    ("SELECT ?x { BIND(RAND() AS ?x) }", False),
    ("SELECT (UUID() AS ?u) (STRUUID() AS ?v) {}", False),
    ("SELECT (\\uD800 AS ?x) {}", False),  # cannot be read: not remembered
])
def test_repeatable_queries(text, expected):
    assert repeatable(text) is expected


def sparql(client, text, **headers):
    return client.get("/sparql", params={"query": "PREFIX id: <https://w3id.org/aikg/id/> "
                                         "PREFIX aikg: <https://w3id.org/aikg/ont#> " + text},
                      headers={**JSON, **headers})


def models(client):
    response = sparql(client, MODELS)
    assert response.status_code == 200
    return [row["m"]["value"].rsplit("/", 1)[-1]
            for row in response.json()["results"]["bindings"]]


def test_a_repeated_query_is_answered_again_without_the_engine(app_client):
    before = models(app_client)
    engine = app_client.engine
    hits = engine.answers.hits
    pid = engine.pid
    os.kill(pid, 19)  # SIGSTOP: the worker cannot answer anything now
    try:
        assert models(app_client) == before
        assert engine.answers.hits == hits + 1
    finally:
        os.kill(pid, 18)  # SIGCONT
    health = app_client.get("/health").json()["answers"]
    assert health["hits"] >= 1 and health["entries"] >= 1 and health["bytes"] > 0


def test_a_write_makes_the_next_answer_fresh(app_client):
    assert "grok-9" not in models(app_client)
    update = ("PREFIX id: <https://w3id.org/aikg/id/> PREFIX aikg: <https://w3id.org/aikg/ont#> "
              "INSERT DATA { GRAPH <https://w3id.org/aikg/graph/test> "
              "{ id:xai aikg:develops id:grok-9 } }")
    assert app_client.post("/sparql", data={"update": update}, headers=AUTH).status_code == 204
    assert "grok-9" in models(app_client)
    update = update.replace("INSERT DATA", "DELETE DATA")
    assert app_client.post("/sparql", data={"update": update}, headers=AUTH).status_code == 204
    assert "grok-9" not in models(app_client)


def test_a_graph_store_write_makes_the_next_answer_fresh(app_client):
    assert "grok-9" not in models(app_client)
    body = "<https://w3id.org/aikg/id/xai> <https://w3id.org/aikg/ont#develops> " \
           "<https://w3id.org/aikg/id/grok-9> ."
    response = app_client.post("/store", params={"graph": "https://w3id.org/aikg/graph/test"},
                               content=body, headers={**AUTH, "Content-Type": "text/turtle"})
    assert response.status_code in (200, 201, 204)
    assert "grok-9" in models(app_client)


def test_unrepeatable_queries_are_always_asked(app_client):
    engine = app_client.engine
    for _ in range(2):
        assert sparql(app_client, "SELECT (STRUUID() AS ?u) {}").status_code == 200
    first = sparql(app_client, "SELECT (STRUUID() AS ?u) {}").json()
    second = sparql(app_client, "SELECT (STRUUID() AS ?u) {}").json()
    assert first != second
    assert engine.answers.hits == 0


def test_the_format_asked_for_is_part_of_the_key(app_client):
    assert models(app_client)
    response = sparql(app_client, MODELS, Accept="text/csv")
    assert response.status_code == 200 and response.text.startswith("m\r\n")


def test_a_replaced_worker_forgets_every_answer(app_client):
    models(app_client)
    engine = app_client.engine
    assert len(engine.answers) >= 1
    with pytest.raises(EngineUnavailable):
        engine.call(kill_self)
    models(app_client)  # answered by the spare, asked again
    assert engine.restarts >= 1 and engine.answers.hits == 0


def kill_self(kg):
    os.kill(os.getpid(), 9)


def test_over_a_remote_engine_nothing_is_remembered():
    engine = Engine(Settings(store_path=None, store_url="http://127.0.0.1:9/sparql"))
    assert engine.answers.max_bytes == 0
    assert not engine.answers.put(key_of(len, {}), Body(b"a"), 0, 0)
