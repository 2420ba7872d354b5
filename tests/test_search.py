"""Label search (graph.search): normalisation, ranking tiers, the index cache, REST and CLI."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from graph.errors import InvalidInput
from graph.projection import projection
from graph.search import label_index, normalise, search
from test_entities import cli_group, explore_app


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
