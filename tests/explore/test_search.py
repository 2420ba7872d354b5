"""Label search (graph.explore.search): normalisation, ranking tiers, the index cache, REST and CLI."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from tests.explore.test_entities import cli_group, explore_app

from graph.errors import InvalidInput
from graph.explore import search as search_module
from graph.explore.label_index import cached_index, index_for
from graph.explore.search import hits, indexed, label_index, normalise, scan, search
from graph.projection.cache import projection


@pytest.fixture
def api(shared_engine):
    with TestClient(explore_app(shared_engine)) as test_client:
        yield test_client


def ids(kg, q, limit=10):
    return [hit["id"] for hit in search(kg, q, limit=limit)["hits"]]


def test_normalise():
    assert normalise("  Jénsen-HUANG!! ") == "jensen huang"
    assert normalise("Ção") == "cao"
    assert normalise("GPT-4") == "gpt 4"
    assert normalise("?!") == ""


def test_prefix_ranks_the_shortest_name_first(seeded):
    assert ids(seeded, "nvid", limit=3) == ["nvidia", "nvidia-h100", "nvidia-h200"]
    [first] = search(seeded, "nvid", limit=1)["hits"]
    assert (first["match"], first["matched"], first["score"]) == ("prefix", "Nvidia", 0.96)
    assert first["classes"] == ["https://w3id.org/aikg/ont#Company"]


@pytest.mark.parametrize("q,match", [("colosso", "fuzzy"), ("COLOSSUS", "exact"),
                                     ("colossus", "exact"), ("Colossus!", "exact")])
def test_colossus_variants(seeded, q, match):
    hits = search(seeded, q)["hits"]
    assert (hits[0]["id"], hits[0]["match"]) == ("colossus", match)


@pytest.mark.parametrize("q", ["Jensen Huang", "jensen huang", "JENSEN HUANG", "Jénsen Huâng",
                               "jensen-huang", "  jensen   huang ", "JensenHuang"])
def test_jensen_huang_accent_case_and_punctuation_variants(seeded, q):
    [hit] = search(seeded, q)["hits"][:1]
    assert (hit["id"], hit["match"], hit["score"]) == ("jensen-huang", "exact", 1.0)


def test_aliases_and_portuguese_labels(seeded):
    [hit] = search(seeded, "a16z")["hits"]
    assert (hit["id"], hit["field"], hit["matched"]) == ("andreessen-horowitz", "alias", "a16z")
    assert ids(seeded, "GPT4")[0] == "gpt-4"
    assert ids(seeded, "memphis supercluster")[0] == "colossus"
    assert ids(seeded, "porta voz") == ["126747c0c0c83b3e-person-2"]
    assert ids(seeded, "huang")[0] == "jensen-huang"
    assert ids(seeded, "oracel")[0] == "oracle"
    assert search(seeded, "zzzzqqq")["hits"] == []
    assert search(seeded, "?!")["hits"] == []


def test_tiers_are_ordered(seeded):
    scores = {h["id"]: (h["match"], h["score"]) for h in search(seeded, "h100", limit=5)["hits"]}
    assert scores["nvidia-h100"][0] == "exact"
    assert all(s <= scores["nvidia-h100"][1] for _, s in scores.values())


@pytest.mark.parametrize("bad", [{"q": ""}, {"q": "   "}, {"q": "x" * 201},
                                 {"q": "nvidia", "limit": 0}, {"q": "nvidia", "limit": 101}])
def test_bad_queries(seeded, bad):
    with pytest.raises(InvalidInput):
        search(seeded, **{"limit": 10, **bad})


def test_index_is_built_once_per_projection(seeded):
    graph = projection(seeded)
    assert label_index(graph) is label_index(graph)
    search(seeded, "nvid")
    assert label_index(projection(seeded)) is label_index(graph)


def test_http_search(api):
    body = api.get("/search", params={"q": "nvid"}).json()
    assert body["hits"][0]["id"] == "nvidia"
    assert api.get("/search", params={"q": "colosso"}).json()["hits"][0]["id"] == "colossus"
    assert api.get("/search", params={"q": "a16z", "limit": 1}).json()["hits"][0]["id"] == \
        "andreessen-horowitz"
    assert api.get("/search", params={"q": ""}).status_code == 400
    assert api.get("/search").status_code == 400
    assert api.get("/search", params={"q": "x", "limit": 500}).status_code == 400
    assert api.get("/search", params={"q": "x> } ; DROP"}).status_code == 200


def test_cli_search(runner):
    result = runner.invoke(cli_group(), ["search", "colosso"])
    assert result.exit_code == 0, result.output
    assert "colossus  Colossus  Colossus  fuzzy" in result.output
    assert result.output.endswith("(1 hit)\n")


# -- the label index -----------------------------------------------------------------------------

def _queries(names):
    """Every name, its prefixes, suffixes, single words, typos (a letter dropped or doubled),
    and a few that match nothing or everything."""
    found = {"a", "e", "n", "1", "zzzzqqq", "nvidia corp", "colosso", "oracel", "porta voz"}
    for name in names:
        text = name.spaced
        found.update({text, name.compact, text[:3], text[:5], text[-4:], *name.words})
        if len(text) > 4:
            found.update({text[:2] + text[3:], text[:4] + text[3:]})
    return sorted(found)


@pytest.mark.parametrize("limit", [1, 3, 10, 100])
def test_index_answers_like_the_scan(seeded, limit):
    graph = projection(seeded)
    index = index_for(graph, wait=True)
    names = label_index(graph)
    assert index is not None and index.names is names
    for query in _queries(names):
        expected = hits(graph, names, scan(names, query, limit), limit)
        assert hits(graph, names, indexed(index, query, limit), limit) == expected, query


def test_search_answers_the_same_before_and_after_the_index_is_built(seeded, monkeypatch):
    queries = ("nvid", "colosso", "h100", "a16z", "x", "jensen-huang")
    with monkeypatch.context() as patch:  # as if the index were still being built: a scan
        patch.setattr(search_module, "index_for", lambda graph, **kw: None)
        before = {q: search(seeded, q, limit=5) for q in queries}
    assert index_for(projection(seeded), wait=True) is not None
    assert {q: search(seeded, q, limit=5) for q in queries} == before


def test_index_is_renewed_after_a_write(fresh):
    old = index_for(projection(fresh), wait=True)
    assert cached_index(projection(fresh)) is old
    assert search(fresh, "Quantum Widgets")["hits"] == []
    fresh.update("PREFIX aikg: <https://w3id.org/aikg/ont#> "
                 "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                 "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                 "INSERT DATA { GRAPH <https://w3id.org/aikg/graph/test> { "
                 "<https://w3id.org/aikg/id/qw> a aikg:Company ; rdfs:label \"Quantum Widgets\"@en ;"
                 " skos:altLabel \"QWX\" } }")
    new = index_for(projection(fresh), wait=True)
    assert new is not old
    assert [(h["id"], h["match"]) for h in search(fresh, "quantum widgets")["hits"]] == [
        ("qw", "exact")]
    assert [(h["id"], h["field"]) for h in search(fresh, "qwx")["hits"]] == [("qw", "alias")]
    assert search(fresh, "Quantm Widgets")["hits"][0]["match"] == "fuzzy"


def test_lcs_length_bounds_difflib():
    import difflib
    import random

    from graph.explore.fuzzy_index import lcs_length

    def slow(a, b):
        row = [0] * (len(b) + 1)
        for x in a:
            diagonal, row[0] = 0, 0
            for j, y in enumerate(b, 1):
                diagonal, row[j] = row[j], diagonal + 1 if x == y else max(row[j], row[j - 1])
        return row[-1]

    rng = random.Random(7)
    for _ in range(2000):
        a = "".join(rng.choice("abcd1") for _ in range(rng.randint(0, 12)))
        b = "".join(rng.choice("abcd1") for _ in range(rng.randint(1, 12)))
        masks = {}
        for bit, char in enumerate(b):
            masks[char] = masks.get(char, 0) | 1 << bit
        found = lcs_length(a, masks, len(b))
        assert found == slow(a, b), (a, b)
        blocks = difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
        assert sum(block.size for block in blocks) <= found


def test_large_graph_without_its_index_answers_503_instead_of_scanning(seeded, monkeypatch):
    """A scan of millions of names could pass the request deadline and get the worker killed."""
    from graph.errors import EngineUnavailable

    monkeypatch.setattr(search_module, "SCAN_LIMIT", 0)
    monkeypatch.setattr(search_module, "INDEX_WAIT", 0.01)
    monkeypatch.setattr(search_module, "index_for", lambda graph, **kw: None)
    with pytest.raises(EngineUnavailable) as raised:
        search(seeded, "Colossus")
    assert raised.value.retry_after == 5
