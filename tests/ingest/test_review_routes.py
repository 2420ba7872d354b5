"""The review routes (api/routes/ingest_review.py) and CLI commands (api/cli/review.py)."""

from __future__ import annotations

import json
from pathlib import Path

from api.cli import cli
from graph.settings import Settings
from graph.store.embedded import EmbeddedStore
from graph.store.seeding import ensure_seeded
from tests.conftest import AUTH

TEXT = ("Elon Musk is the chief executive of xAI. The Memphis supercluster Colossus runs "
        "100,000 Nvidia H100 chips. Acme Robotics competes with xAI.")


def test_review_over_http(module_app_client):
    api = module_app_client
    created = api.post("/ingest", json={"text": TEXT, "lang": "en"}, headers=AUTH).json()
    iid = created["id"]
    first = created["facts"][0]["id"]
    assert api.patch(f"/ingest/{iid}/facts/{first}", json={"status": "Planned"}).status_code \
        == 401
    answer = api.patch(f"/ingest/{iid}/facts/{first}", json={"status": "Rumoured"}, headers=AUTH)
    assert answer.status_code == 400 and answer.json()["field"] == "status"
    answer = api.patch(f"/ingest/{iid}/facts/{first}", json={"status": "Reported"}, headers=AUTH)
    assert answer.status_code == 200
    assert answer.json()["facts"][0]["status"] == "Reported"
    answer = api.post(f"/ingest/{iid}/entities", headers=AUTH, json={
        "slug": "memphis-grid", "class": "Organization", "label": "Memphis grid"})
    assert answer.status_code == 201
    assert any(e["iri"].endswith("/memphis-grid") for e in answer.json()["new_entities"])
    answer = api.post(f"/ingest/{iid}/facts", headers=AUTH, json={
        "type": "relation", "subject": "memphis-grid", "predicate": "supplierOf",
        "object": "xai", "evidence": "Memphis supercluster"})
    assert answer.status_code == 201 and answer.json()["added"]
    answer = api.patch(f"/ingest/{iid}/entities/memphis-grid", headers=AUTH,
                       json={"class": "Company"})
    assert answer.status_code == 200
    answer = api.post(f"/ingest/{iid}/entities/acme-robotics/merge", headers=AUTH,
                      json={"into": "tesla"})
    assert answer.status_code == 200
    answer = api.post(f"/ingest/{iid}/entities/acme-robotics/merge", headers=AUTH,
                      json={"to": "tesla"})
    assert answer.status_code == 400
    assert api.post(f"/ingest/{iid}/accept", headers=AUTH,
                    json={"skip_invalid": "yes"}).status_code == 400
    answer = api.post(f"/ingest/{iid}/accept", headers=AUTH, json={"skip_invalid": True})
    assert answer.status_code == 200 and answer.json()["state"] == "accepted"
    log = api.get("/ingest/log").json()
    mine = next(i for i in log["ingestions"] if i["id"] == iid)
    assert mine["facts"]["corrected"] == 1 and mine["facts"]["added"] == 1
    assert mine["entities"]["added"] == 1 and mine["entities"]["corrected"] == 1
    assert api.patch(f"/ingest/{iid}/facts/{first}", json={"status": "Actual"},
                     headers=AUTH).status_code == 409


def test_review_from_the_cli(runner, tmp_path: Path):
    path = tmp_path / "store"
    kg = EmbeddedStore.open(path)
    try:
        ensure_seeded(kg, Settings(store_path=path))
    finally:
        kg.close()
    base = ["--store", str(path)]
    result = runner.invoke(cli, [*base, "ingest", "-", "--json"], input=TEXT)
    iid = json.loads(result.output)["id"]
    result = runner.invoke(cli, [*base, "edit", iid, "p01", '{"status": "Claimed"}'])
    assert result.exit_code == 0 and "Claimed" in result.output
    result = runner.invoke(cli, [*base, "edit", iid, "p01", "{not json"])
    assert result.exit_code == 1 and result.output.startswith("Error: not JSON")
    spec = tmp_path / "fact.json"
    spec.write_text(json.dumps({"type": "relation", "subject": "nvidia", "predicate":
                                "supplierOf", "object": "xai", "evidence": "Nvidia H100"}))
    result = runner.invoke(cli, [*base, "add-fact", iid, f"@{spec}"])
    assert result.exit_code == 0 and "added p0" in result.output
    result = runner.invoke(cli, [*base, "merge", iid, "acme-robotics", "nobody"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    result = runner.invoke(cli, [*base, "merge", iid, "acme-robotics", "tesla"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(cli, [*base, "accept", iid, "--skip-invalid"]).exit_code == 0
    result = runner.invoke(cli, [*base, "review-log", "--json"])
    totals = json.loads(result.output)["totals"]["facts"]
    assert totals["corrected"] == 1 and totals["added"] == 1 and totals["pending"] == 0
    table = runner.invoke(cli, [*base, "review-log"]).output
    assert table.splitlines()[0].split() == ["ingestion", "title", "proposed", "as_proposed",
                                            "corrected", "rejected", "added", "pending"]


def test_replay_applies_review_files_from_the_command_line(runner, tmp_path):
    import json

    from api.cli.main import cli
    from tests.ingest.test_replay import RECORD
    path = tmp_path / "source.json"
    path.write_text(json.dumps(RECORD), encoding="utf-8")
    done = runner.invoke(cli, ["replay", str(path)])
    assert done.exit_code == 0, done.output
    assert "example-2024-05-27-xai-series-b: " in done.output and "state accepted" in done.output
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**RECORD, "facts": [{"type": "relation"}]}), encoding="utf-8")
    refused = runner.invoke(cli, ["replay", str(bad)])
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert len(refused.output.strip().splitlines()) == 1
