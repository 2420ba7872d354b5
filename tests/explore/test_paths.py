"""Explained paths (graph.explore.paths): exact paths on mini.trig and the seed graph, REST and CLI."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from tests.explore.test_entities import cli_group, explore_app
from tests.projection.test_projection import mini_store

from graph.errors import EntityNotFound, InvalidInput
from graph.explore.paths import explain, find_paths, short_label


@pytest.fixture(scope="module")
def mini():
    return mini_store()


@pytest.fixture
def api(shared_engine):
    with TestClient(explore_app(shared_engine)) as test_client:
        yield test_client


def nodes(answer):
    return [path["nodes"] for path in answer["paths"]]


# -- mini graph: hand-computed -------------------------------------------------------------------

def test_mini_single_path_with_every_direction(mini):
    answer = find_paths(mini, "bob", "carol")
    assert nodes(answer) == [["bob", "acme", "ada", "carol"]]
    assert answer["shortest"]["nodes"] == ["bob", "acme", "ada", "carol"]
    steps = answer["paths"][0]["steps"]
    assert [(s["label"], s["direction"], s["status"], s["time"], s["time_property"])
            for s in steps] == [
        ("founded by", "backward", "Actual", None, None),
        ("chief executive", "forward", "Actual", "2023", "asOf"),
        ("met", "symmetric", "Claimed", "2024-05", "notAfter")]
    assert steps[2]["source"] == "https://w3id.org/aikg/graph/mini"
    assert steps[2]["fact"] == "https://w3id.org/aikg/id/lunch"
    assert answer["paths"][0]["explanation"] == (
        "Bob Builder ←founded by— Acme (actual) —chief executive→ Ada Lovelace "
        "(actual, as of 2023) —met→ Carol Ção (lunch, claimed, before 2024-05)")


def test_mini_two_paths_and_time_travel(mini):
    assert nodes(find_paths(mini, "fundco", "chip-x")) == [
        ["fundco", "acme", "chipco", "chip-x"], ["fundco", "acme", "cluster-1", "chip-x"]]
    assert nodes(find_paths(mini, "fundco", "chip-x", limit=1)) == [
        ["fundco", "acme", "chipco", "chip-x"]]
    july = find_paths(mini, "fundco", "chip-x", as_of="2024-07-01")  # competesWith is 2025
    assert nodes(july) == [["fundco", "acme", "cluster-1", "chip-x"]]
    assert july["paths"][0]["explanation"].endswith(
        "—uses→ Chip X (5,000 chips, actual, as of 2024-06)")
    april = find_paths(mini, "fundco", "chip-x", as_of="2024-04-01")  # no uses edge yet
    assert (april["paths"], april["shortest"]) == ([], None)
    assert april["message"] == "no path between fundco and chip-x as of 2024-04-01"


def test_mini_max_hops_shorter_than_shortest_path(mini):
    answer = find_paths(mini, "bob", "carol", max_hops=2)
    assert answer["paths"] == [] and answer["shortest"]["hops"] == 3
    assert answer["message"] == "the shortest path has 3 hops, more than max_hops=2"


# -- seed graph ----------------------------------------------------------------------------------

def test_ellison_to_huang(seeded):
    answer = find_paths(seeded, "larry-ellison", "jensen-huang", max_hops=3)
    shortest = answer["shortest"]
    assert shortest["explanation"] == \
        "Larry Ellison —met→ Jensen Huang (dinner, claimed, before 2024-09)"
    [step] = shortest["steps"]
    assert (step["label"], step["direction"], step["status"], step["fact"]) == (
        "met", "symmetric", "Claimed", "https://w3id.org/aikg/id/dinner-ellison-musk-huang")
    assert nodes(answer) == [
        ["larry-ellison", "jensen-huang"],
        ["larry-ellison", "elon-musk", "jensen-huang"],
        ["larry-ellison", "elon-musk", "nvidia", "jensen-huang"],
        ["larry-ellison", "oracle", "nvidia", "jensen-huang"]]
    assert answer["message"] == "4 path(s) of at most 3 hops"
    assert answer["complete"] is True


def test_a_search_past_its_work_limit_answers_what_it_found(seeded, monkeypatch):
    from graph.explore import path_search

    whole = find_paths(seeded, "larry-ellison", "jensen-huang", max_hops=4, limit=100)
    monkeypatch.setattr(path_search, "PATH_WORK", 60)
    cut = find_paths(seeded, "larry-ellison", "jensen-huang", max_hops=4, limit=100)
    assert cut["complete"] is False and whole["complete"] is True
    assert cut["shortest"] == whole["shortest"]
    assert 1 <= len(cut["paths"]) < len(whole["paths"])
    assert all(p in whole["paths"] for p in cut["paths"])
    assert cut["message"].endswith("(the search stopped at its work limit: there may be more)")
    monkeypatch.setattr(path_search, "PATH_WORK", 1)
    none = find_paths(seeded, "larry-ellison", "jensen-huang")
    assert none["shortest"] is None and none["paths"] == [] and none["complete"] is False
    assert "work limit" in none["message"]


def test_seed_paths_as_of_june_2024(seeded):
    answer = find_paths(seeded, "andreessen-horowitz", "nvidia-h200", as_of="2024-06-01")
    assert nodes(answer) == [
        ["andreessen-horowitz", "xai", "nvidia", "nvidia-h200"],
        ["andreessen-horowitz", "xai", "nvidia", "nvidia-h100", "nvidia-h200"]]
    assert answer["paths"][0]["explanation"] == (
        "Andreessen Horowitz —invested in→ xAI (Series B, actual, announced 2024-05) "
        "—customer of→ Nvidia (implied, before 2024-11) —manufactures→ Nvidia H200 (actual, "
        "before 2024-11)")  # "not after" times never hide a fact
    later = find_paths(seeded, "andreessen-horowitz", "nvidia-h200", max_hops=3)
    assert ["andreessen-horowitz", "xai", "colossus", "nvidia-h200"] in nodes(later)


@pytest.mark.parametrize("bad", [{"max_hops": 50}, {"max_hops": 0}, {"limit": 0},
                                 {"limit": 1000}, {"as_of": "2024-06"},
                                 {"to_id": "larry-ellison"}, {"to_id": "x> } ; DROP"}])
def test_refusals(seeded, bad):
    with pytest.raises(InvalidInput):
        find_paths(seeded, **{"from_id": "larry-ellison", "to_id": "jensen-huang", **bad})


def test_unknown_entities(seeded):
    with pytest.raises(EntityNotFound):
        find_paths(seeded, "larry-ellison", "nobody")


def test_formatter():
    assert short_label("dinner of Larry Ellison, Elon Musk and Jensen Huang") == "dinner"
    assert short_label("Oracle investor event, September 2024") == "Oracle investor event"
    assert explain([]) == ""
    step = {"from_label": "A", "to_label": "B", "label": "owns", "direction": "backward",
            "status": "Planned", "time": "2025", "time_property": "announcedOn"}
    assert explain([step]) == "A ←owns— B (planned, announced 2025)"


# -- HTTP and CLI --------------------------------------------------------------------------------

def test_http_paths(api):
    body = api.get("/paths", params={"from": "larry-ellison", "to": "jensen-huang",
                                     "max_hops": 2}).json()
    explanation = body["shortest"]["explanation"]
    assert all(word in explanation for word in ("met", "dinner", "claimed", "before 2024-09"))
    assert len(body["paths"]) == 2
    assert api.get("/paths", params={"from": "larry-ellison", "to": "jensen-huang",
                                     "max_hops": 50}).status_code == 400
    assert api.get("/paths", params={"from": "larry-ellison", "to": "jensen-huang",
                                     "limit": 101}).status_code == 400
    assert api.get("/paths", params={"from": "x> } ; DROP", "to": "nvidia"}).status_code == 400
    assert api.get("/paths", params={"from": "nobody", "to": "nvidia"}).status_code == 404
    assert api.get("/paths", params={"from": "nvidia"}).status_code == 400


def test_cli_path(runner):
    result = runner.invoke(cli_group(), ["path", "larry-ellison", "jensen-huang",
                                         "--max-hops", "2"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "1. (1 hop) Larry Ellison —met→ Jensen Huang (dinner, claimed, before 2024-09)\n")
    assert result.output.endswith("2 path(s) of at most 2 hops\n")
    missing = runner.invoke(cli_group(), ["path", "larry-ellison", "nobody"])
    assert missing.exit_code == 1 and "no entity 'nobody'" in missing.output
