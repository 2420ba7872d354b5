"""The HTTP front door of ingestion: ``/ingest`` (api.routes.ingest)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
import rdflib
from fastapi.testclient import TestClient

from api.app import create_app
from graph.ingest.staging import stage
from graph.store.inventory import content_hash
from graph.vocab import ID
from tests.conftest import AUTH
from tests.ingest.test_ingest_staging import build

ARTICLE = "Jensen Huang is the CEO of Nvidia. Nvidia manufactures the H100."


def staged(api, iid: str, **kwargs) -> str:
    api.engine.call(stage, write=True, ingestion_id=iid, proposal=build(iid, **kwargs))
    return iid


def test_writes_need_the_token(module_app_client):
    api = module_app_client
    iid = staged(api, "1000000000000001")
    for path in ("/ingest", f"/ingest/{iid}/accept", f"/ingest/{iid}/reject"):
        response = api.post(path, json={"text": ARTICLE})
        assert response.status_code == 401, response.text
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert api.get(f"/ingest/{iid}").json()["state"] == "pending"


def test_read_only_mode_refuses_writes(shared_engine):
    settings = replace(shared_engine.settings, read_only=True)
    with TestClient(create_app(shared_engine, settings)) as api:
        response = api.post("/ingest", json={"text": ARTICLE}, headers=AUTH)
    assert response.status_code == 403 and response.json()["error"] == "read_only"


@pytest.mark.parametrize("body, field", [
    ({"text": ""}, "text"), ({"text": "   \n"}, "text"), ({"lang": "en"}, "text"),
    ({"text": ARTICLE, "lang": "fr"}, "lang"),
    ({"text": ARTICLE, "published": "2024-02-30"}, "published"),
    ({"text": ARTICLE, "published": "5 Sept 2024"}, "published"),
    ({"text": ARTICLE, "source": "ftp://example.org/a"}, "source"),
    ({"text": ARTICLE, "source": "javascript:alert(1)"}, "source"),
    ({"text": ARTICLE, "source": "not a url"}, "source"),
    ({"text": ARTICLE, "colour": "red"}, "body"),
], ids=lambda v: str(v)[:30])
def test_bad_fields_are_400_naming_the_field(module_app_client, body, field):
    response = module_app_client.post("/ingest", json=body, headers=AUTH)
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "invalid_parameter"
    assert response.json()["field"] == field


def test_bad_bodies(module_app_client):
    api = module_app_client
    response = api.post("/ingest", content=b"{not json", headers={
        **AUTH, "Content-Type": "application/json"})
    assert response.status_code == 400 and response.json()["field"] == "body"
    response = api.post("/ingest", content=b"\xff\xfe", headers={
        **AUTH, "Content-Type": "text/plain"})
    assert response.status_code == 400 and response.json()["field"] == "text"
    response = api.post("/ingest", content=ARTICLE, headers={
        **AUTH, "Content-Type": "application/xml"})
    assert response.status_code == 415
    response = api.post("/ingest", json={"text": "a" * 200_001}, headers=AUTH)
    assert response.status_code == 413 and response.json()["error"] == "payload_too_large"
    response = api.post("/ingest", content=b"a" * 1_400_000, headers={
        **AUTH, "Content-Type": "text/plain"})
    assert response.status_code == 413


def test_unknown_and_malformed_ids(module_app_client):
    api = module_app_client
    for method, suffix in (("get", ""), ("post", "/accept"), ("post", "/reject")):
        response = getattr(api, method)(f"/ingest/ffffffffffffffff{suffix}", headers=AUTH)
        assert response.status_code == 404, response.text
        response = getattr(api, method)(f"/ingest/NOT-AN-ID{suffix}", headers=AUTH)
        assert response.status_code == 400, response.text
        assert "16 lowercase hexadecimal" in response.json()["message"]


def test_show_in_json_and_rdf(module_app_client):
    api = module_app_client
    iid = staged(api, "1000000000000002")
    body = api.get(f"/ingest/{iid}").json()
    assert set(body) == {"id", "state", "source", "article", "pending_graph", "target_graph",
                         "facts", "new_entities", "ambiguous", "counts"}
    assert [f["id"] for f in body["facts"]] == ["p01", "p02", "p03"]
    assert body["facts"][0]["summary"] == "Elon Musk —ceoOf→ Tesla"
    facts = {ID[f"{iid}-p{n:02d}"] for n in (1, 2, 3)}
    response = api.get(f"/ingest/{iid}", headers={"Accept": "text/turtle"})
    assert response.headers["content-type"].startswith("text/turtle")
    turtle = rdflib.Graph().parse(data=response.text, format="turtle")
    assert facts <= set(turtle.subjects())
    response = api.get(f"/ingest/{iid}", headers={"Accept": "application/trig"})
    dataset = rdflib.Dataset().parse(data=response.text, format="trig")
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert {f"https://w3id.org/aikg/graph/pending-{iid}",
            "https://w3id.org/aikg/graph/ingestions"} <= graphs
    response = api.get(f"/ingest/{iid}", headers={"Accept": "application/n-quads"})
    assert response.status_code == 200 and f"pending-{iid}>" in response.text
    assert api.get(f"/ingest/{iid}?format=turtle").headers["content-type"].startswith(
        "text/turtle")
    response = api.get(f"/ingest/{iid}", headers={"Accept": "application/rdf+xml"})
    assert response.status_code == 406 and response.json()["error"] == "not_acceptable"
    listed = {i["id"]: i for i in api.get("/ingest").json()}
    assert listed[iid]["counts"]["facts"] == 3 and listed[iid]["title"] == "Chips and money"


def test_accept_selected_then_reject_then_conflict(module_app_client):
    api = module_app_client
    iid = staged(api, "1000000000000003")
    response = api.post(f"/ingest/{iid}/accept", json={"facts": ["p01", "p03"]}, headers=AUTH)
    assert response.status_code == 200, response.text
    assert response.json()["moved"] == ["p01", "p03"]
    assert response.json()["state"] == "pending"
    response = api.post(f"/ingest/{iid}/accept", json={"facts": ["p07"]}, headers=AUTH)
    assert response.status_code == 400 and "p07" in response.json()["message"]
    response = api.post(f"/ingest/{iid}/accept", json={"facts": "p01"}, headers=AUTH)
    assert response.status_code == 400
    response = api.post(f"/ingest/{iid}/reject", headers=AUTH)
    assert response.status_code == 200 and response.json()["state"] == "accepted"
    assert [f["state"] for f in response.json()["facts"]] == ["accepted", "rejected",
                                                              "accepted"]
    response = api.post(f"/ingest/{iid}/accept", json={"facts": ["p02"]}, headers=AUTH)
    assert response.status_code == 409 and response.json()["error"] == "conflict"


def test_accept_all_and_reject_all(module_app_client):
    api = module_app_client
    iid = staged(api, "1000000000000004")
    response = api.post(f"/ingest/{iid}/accept", headers=AUTH)
    assert response.status_code == 200 and response.json()["state"] == "accepted"
    other = staged(api, "1000000000000005")
    assert api.post(f"/ingest/{other}/reject", headers=AUTH).json()["state"] == "rejected"
    response = api.post(f"/ingest/{other}/accept", headers=AUTH)
    assert response.status_code == 409


def test_accept_with_violations_is_422_and_moves_nothing(module_app_client):
    api = module_app_client
    iid = staged(api, "1000000000000006", break_allocation=True)
    before = api.engine.call(content_hash)
    response = api.post(f"/ingest/{iid}/accept", headers=AUTH)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "validation_failed"
    assert [(v["focus"], v["path"]) for v in body["violations"]] == [
        (str(ID[f"{iid}-p02-a2"]), "https://w3id.org/aikg/ont#chipModel")]
    assert api.engine.call(content_hash) == before


# -- creation through the extractor (graph.ingest.pipeline) ------------------------------------


def test_post_creates_then_finds_the_same_ingestion(app_client):
    api = app_client
    fields = {"text": ARTICLE, "lang": "en", "published": "2024-09-05",
              "source": "https://example.org/nvidia", "title": "Nvidia"}
    response = api.post("/ingest", json=fields, headers=AUTH)
    assert response.status_code == 201, response.text
    body = response.json()
    assert re.fullmatch(r"[0-9a-f]{16}", body["id"])
    assert response.headers["location"] == f"/ingest/{body['id']}"
    assert body["state"] == "pending" and body["counts"]["facts"] == len(body["facts"])
    assert body["article"]["url"] == "https://example.org/nvidia"
    for fact in body["facts"]:
        assert re.fullmatch(r"p[0-9]{2}", fact["id"]) and fact["state"] == "pending"
        assert fact["summary"] and fact["method"].startswith("rule:")
        assert 0 <= fact["confidence"] <= 1
    before = api.engine.call(content_hash)
    again = api.post("/ingest", content=ARTICLE, params={"lang": "en"},
                     headers={**AUTH, "Content-Type": "text/plain; charset=utf-8"})
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert "location" not in again.headers
    assert api.engine.call(content_hash) == before
    assert body["id"] in {i["id"] for i in api.get("/ingest").json()}
