"""Paths between entities named the way people name them (``Larry Ellison``), and the 300
Multiple Choices answer for a name that fits several entities or none exactly."""

from __future__ import annotations

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.errors import Ambiguous, EntityNotFound, InvalidInput
from graph.explore.entities import resolve_entity
from graph.explore.paths import find_paths
from graph.projection.cache import ID_NS, projection


@pytest.fixture
def api(shared_engine):
    with TestClient(create_app(shared_engine)) as client:
        yield client


@pytest.mark.parametrize("name", ["Larry Ellison", "larry ellison", "LARRY ÉLLISON",
                                  " Larry  Ellison ", "larry-ellison", ID_NS + "larry-ellison"])
def test_names_slugs_and_iris_name_the_same_entity(seeded, name):
    assert resolve_entity(projection(seeded), name, field="from") == ID_NS + "larry-ellison"


def test_paths_by_name_equal_paths_by_slug(seeded):
    by_name = find_paths(seeded, "Larry Ellison", "jensen huang")
    by_slug = find_paths(seeded, "larry-ellison", "jensen-huang")
    assert by_name == by_slug and len(by_name["paths"]) == 6


def test_a_name_two_entities_share_is_ambiguous():
    graph = nx.MultiDiGraph()
    for slug, label, aliases in (("mercury-planet", "Mercury", []),
                                 ("mercury-records", "Mercury Records", ["MERCURY"]),
                                 ("venus", "Venus", [])):
        graph.add_node(ID_NS + slug, id=slug, label_en=label, label_pt=label, aliases=aliases,
                       classes=["https://w3id.org/aikg/ont#Organization"], wikidata=None)
    with pytest.raises(Ambiguous) as caught:
        resolve_entity(graph, "mércury", field="to")
    body = caught.value.to_dict()
    assert body["error"] == "ambiguous" and body["field"] == "to" and "give one's id" in \
        body["message"]
    assert body["candidates"] == [
        {"id": "mercury-planet", "label": "Mercury",
         "classes": ["https://w3id.org/aikg/ont#Organization"]},
        {"id": "mercury-records", "label": "Mercury Records",
         "classes": ["https://w3id.org/aikg/ont#Organization"]}]
    assert resolve_entity(graph, "Mercury Records") == ID_NS + "mercury-records"
    assert resolve_entity(graph, "mercury-planet") == ID_NS + "mercury-planet"


def test_near_names_are_offered_never_guessed(seeded):
    graph = projection(seeded)
    with pytest.raises(Ambiguous) as caught:
        resolve_entity(graph, "Larry", field="from")
    assert [c["id"] for c in caught.value.details["candidates"]] == ["larry-ellison"]
    with pytest.raises(EntityNotFound):
        resolve_entity(graph, "nobody")  # slug-shaped: exact names only, still a 404
    with pytest.raises(EntityNotFound):
        resolve_entity(graph, "Zzqx Wvvb")
    with pytest.raises(InvalidInput):
        resolve_entity(graph, "x> } ; DROP")


def test_http_paths_take_names(api):
    body = api.get("/paths", params={"from": "Larry Ellison", "to": "Jensen Huang"})
    assert body.status_code == 200, body.text
    assert body.json()["from"]["id"] == "larry-ellison" and len(body.json()["paths"]) == 6


def test_http_ambiguous_names_answer_300_with_candidates(api):
    response = api.get("/paths", params={"from": "Larry", "to": "Jensen Huang"})
    assert response.status_code == 300
    body = response.json()
    assert body["error"] == "ambiguous" and body["field"] == "from" and body["message"]
    assert body["candidates"] == [{"id": "larry-ellison", "label": "Larry Ellison",
                                   "classes": ["https://w3id.org/aikg/ont#Person"]}]
    other = api.get("/paths", params={"from": "Larry Ellison", "to": "Nvidia H"})
    assert other.status_code == 300 and other.json()["field"] == "to"
    assert {"nvidia-h100", "nvidia-h200"} <= {c["id"] for c in other.json()["candidates"]}
    assert api.get("/paths", params={"from": "nobody", "to": "nvidia"}).status_code == 404


def test_the_first_path_is_the_shortest_whatever_the_limit(seeded):
    for limit in (1, 2, 10):
        answer = find_paths(seeded, "elon-musk", "oracle", limit=limit)
        assert answer["paths"][0] == answer["shortest"] and len(answer["paths"]) == limit
