"""Entities: list, detail, neighbours (graph.explore.entities), their REST routes and ``aikg entity``."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import click
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli.explore import COMMANDS
from api.routes import entities as entity_routes
from api.routes import paths as path_routes
from api.routes import search as search_routes
from graph.errors import EntityNotFound, InvalidInput
from graph.explore.entities import entity_detail, list_entities, neighbours, neighbours_json
from graph.projection.cache import projection_status
from graph.settings import Settings
from tests.conftest import AUTH, start_engine

ID = "https://w3id.org/aikg/id/"
AIKG = "https://w3id.org/aikg/ont#"
HOSTILE = ["x> } ; DROP", "x> } ; DROP ALL", "https://w3id.org/aikg/id/x> } ; DROP",
           "javascript:alert(1)", "file:///etc/passwd", "<x>", "Nvidia", "a" * 300, "-x"]


def explore_app(engine):
    """The app, with the exploration routers included if api/app.py does not have them yet."""
    app = create_app(engine)
    routes = app.router.routes
    included = {id(getattr(route, "original_router", None)) for route in routes}
    paths = {getattr(route, "path", None) for route in routes}
    for router in (entity_routes.router, search_routes.router, path_routes.router):
        if id(router) not in included and not {r.path for r in router.routes} <= paths:
            app.include_router(router)
    return app


@pytest.fixture
def api(shared_engine):
    with TestClient(explore_app(shared_engine)) as test_client:
        yield test_client


def cli_group():
    @click.group()
    @click.pass_context
    def group(ctx):
        ctx.obj = Settings.from_env()
    for command in COMMANDS:
        group.add_command(command)
    return group


# -- library -------------------------------------------------------------------------------------

def test_nvidia_manufactures_both_chip_models_used_by_colossus(seeded):
    colossus = entity_detail(seeded, "colossus")
    used = {r.other for r in colossus.outgoing if r.label == "uses"}
    assert used == {"nvidia-h100", "nvidia-h200"}
    nvidia = entity_detail(seeded, "nvidia")
    made = {r.other for r in nvidia.outgoing if r.predicate == AIKG + "manufactures"}
    assert used <= made == {"nvidia-h100", "nvidia-h200"}
    planned = [r for r in colossus.outgoing if r.other == "nvidia-h200"]
    assert [(r.status, r.details["quantity"], r.time) for r in planned] == \
        [("Planned", 50000, "2024-09")]


def test_entity_detail_card(seeded):
    card = entity_detail(seeded, ID + "nvidia")
    assert (card.id, card.labels, card.wikidata, card.wikidata_url) == (
        "nvidia", {"en": "Nvidia", "pt": "Nvidia"}, "Q182477",
        "https://www.wikidata.org/wiki/Q182477")
    assert card.aliases == ["NVDA", "NVIDIA", "NVIDIA Corporation"]
    assert [(r.label, r.other, r.status, r.time) for r in card.outgoing] == [
        ("chief executive", "jensen-huang", "Actual", "2024"),
        ("employs", "126747c0c0c83b3e-person-1", "Actual", "2024-11"),  # not after
        ("manufactures", "nvidia-h100", "Actual", "2024-11"),
        ("manufactures", "nvidia-h200", "Actual", "2024-11")]
    assert len(card.incoming) == 7
    assert {"name": "industry", "value": "semiconductors and AI accelerators"}.items() <= \
        card.attributes[0].items()
    assert entity_detail(seeded, "larry-ellison").wikidata_url is None
    xai = entity_detail(seeded, "xai")
    assert [(r.label, r.other, r.direction, r.details.get("round_label")) for r in xai.incoming
            if r.label == "invested in"] == [
        ("invested in", "andreessen-horowitz", "in", "Series B"),
        ("invested in", "sequoia-capital", "in", "Series B")]


def test_as_of_hides_the_september_cluster_state(seeded):
    card = entity_detail(seeded, "colossus", as_of="2024-06-01")
    assert card.outgoing == [] and card.as_of == "2024-06-01"
    assert [(r.label, r.other, r.status) for r in card.incoming] == [
        ("operates", "xai", "Actual"), ("owns", "xai", "Actual"),
        ("trained on", "grok", "Planned")]


@pytest.mark.parametrize("bad", HOSTILE)
def test_hostile_ids_are_refused_never_queried(seeded, bad):
    with pytest.raises((InvalidInput, EntityNotFound)):
        entity_detail(seeded, bad)


def test_unknown_and_fact_node_ids_are_not_found(seeded):
    for missing in ("nobody", ID + "colossus-2024-09", "urn:x:nvidia", AIKG + "Company"):
        with pytest.raises(EntityNotFound):
            entity_detail(seeded, missing)


def test_list_entities(seeded):
    orgs = list_entities(seeded, type="Organization", limit=3)
    assert orgs["total"] == 12
    assert [e["id"] for e in orgs["items"]] == ["andreessen-horowitz", "downcodes", "meta"]
    assert list_entities(seeded, type="aikg:Person")["total"] == 5
    assert list_entities(seeded, type=AIKG + "ChipModel")["total"] == 2
    assert list_entities(seeded)["total"] == 24
    assert [e["id"] for e in list_entities(seeded, q="NVIDIA", limit=3, offset=1)["items"]] == \
        ["126747c0c0c83b3e-person-2", "article-126747c0c0c83b3e", "nvidia"]
    assert list_entities(seeded, q="nvidia")["total"] == 7
    for bad in ({"type": "Unicorn"}, {"limit": 0}, {"limit": 5000}, {"offset": -1}):
        with pytest.raises(InvalidInput):
            list_entities(seeded, **bad)


def test_neighbours(seeded):
    one = neighbours(seeded, "colossus")
    assert [(n["id"], n["distance"]) for n in one["nodes"]] == [
        ("colossus", 0), ("elon-musk", 1), ("grok", 1), ("nvidia-h100", 1), ("nvidia-h200", 1),
        ("xai", 1)]
    assert len(one["edges"]) == 8
    inward = neighbours(seeded, "colossus", direction="in")
    assert [n["id"] for n in inward["nodes"]] == ["colossus", "elon-musk", "grok", "xai"]
    chips = neighbours(seeded, "colossus", depth=2, predicate="uses", direction="out")
    assert [n["id"] for n in chips["nodes"]] == ["colossus", "nvidia-h100", "nvidia-h200"]
    made = neighbours(seeded, "nvidia", predicate=AIKG + "manufactures", direction="out")
    assert [n["id"] for n in made["nodes"]] == ["nvidia", "nvidia-h100", "nvidia-h200"]
    june = neighbours(seeded, "colossus", as_of="2024-06-01")
    assert [n["id"] for n in june["nodes"]] == ["colossus", "grok", "xai"]
    rivals = neighbours(seeded, "xai", predicate="competesWith", direction="out")
    assert [n["id"] for n in rivals["nodes"]] == ["xai", "meta", "openai"]  # symmetric
    two = neighbours(seeded, "larry-ellison", depth=2, predicate="met")
    assert [(n["id"], n["distance"]) for n in two["nodes"]] == [
        ("larry-ellison", 0), ("elon-musk", 1), ("jensen-huang", 1)]


@pytest.mark.parametrize("bad", [{"depth": 0}, {"depth": 4}, {"direction": "sideways"},
                                 {"predicate": "rdf:type"}, {"predicate": AIKG + "quantity"},
                                 {"predicate": "x> } ; DROP"}, {"as_of": "June"}])
def test_neighbours_refuse_bad_parameters(seeded, bad):
    with pytest.raises(InvalidInput):
        neighbours(seeded, "colossus", **bad)


# -- HTTP ----------------------------------------------------------------------------------------

def test_http_entity_detail_and_neighbours(api):
    answer = api.get("/entities/nvidia")
    assert answer.status_code == 200
    body = answer.json()
    assert body["wikidata_url"] == "https://www.wikidata.org/wiki/Q182477"
    assert {r["other"] for r in body["outgoing"] if r["label"] == "manufactures"} == \
        {"nvidia-h100", "nvidia-h200"}
    assert api.get("/entities/https://w3id.org/aikg/id/nvidia").json()["id"] == "nvidia"
    june = api.get("/entities/colossus", params={"as_of": "2024-06-01"}).json()
    assert june["outgoing"] == []
    near = api.get("/entities/colossus/neighbours",
                   params={"predicate": "uses", "direction": "out"}).json()
    assert [n["id"] for n in near["nodes"]] == ["colossus", "nvidia-h100", "nvidia-h200"]
    listed = api.get("/entities", params={"type": "Person", "limit": 2}).json()
    assert listed["total"] == 5 and len(listed["items"]) == 2


@pytest.mark.parametrize("bad", HOSTILE + ["%00", "x%3E%20%7D", "..%2F..%2Fetc"])
def test_http_hostile_ids_are_400_or_404(api, bad):
    answer = api.get(f"/entities/{bad}")
    assert answer.status_code in (400, 404), answer.text
    assert answer.json()["error"] in ("invalid_parameter", "invalid_iri", "not_found")
    assert api.get(f"/entities/{bad}/neighbours").status_code in (400, 404)


def test_http_errors(api):
    assert api.get("/entities/nobody").status_code == 404
    assert api.get("/entities", params={"limit": 5000}).status_code == 400
    assert api.get("/entities", params={"type": "Unicorn"}).status_code == 400
    assert api.get("/entities/colossus/neighbours", params={"depth": 9}).status_code == 400
    assert api.get("/entities/colossus/neighbours",
                   params={"predicate": "nope"}).json()["error"] == "invalid_parameter"
    assert api.get("/entities/colossus", params={"as_of": "2024-13-01"}).status_code == 400


def test_http_routes_are_documented_with_examples(api):
    spec = api.get("/openapi.json").json()
    for path in ("/entities", "/entities/{entity_id}", "/entities/{entity_id}/neighbours",
                 "/search", "/paths"):
        operation = spec["paths"][path]["get"]
        assert operation["summary"] and operation["description"], path
        assert operation["responses"]["200"]["content"]["application/json"]["example"], path


def _refreshes(engine):
    """Full builds plus incremental refreshes of the projection in the worker."""
    status = engine.call(projection_status)
    return status["builds"] + status.get("refreshes", 0)


def test_http_projection_is_rebuilt_only_after_writes(tmp_path, seeded_store_dir):
    engine = start_engine(seeded_store_dir, tmp_path / "store")
    try:
        with TestClient(explore_app(engine)) as client:
            assert client.get("/entities/nvidia").status_code == 200
            builds = _refreshes(engine)
            for _ in range(3):
                client.get("/entities/nvidia/neighbours")
                client.get("/search", params={"q": "nvid"})
            assert _refreshes(engine) == builds
            update = ("PREFIX aikg: <https://w3id.org/aikg/ont#> "
                      "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                      "INSERT DATA { GRAPH <https://w3id.org/aikg/graph/test> { "
                      "<https://w3id.org/aikg/id/new-co> a aikg:Company ; "
                      "rdfs:label \"New Co\"@en } }")
            assert client.post("/sparql", data={"update": update}, headers=AUTH).status_code \
                == 204
            assert client.get("/entities/new-co").json()["labels"]["en"] == "New Co"
            assert client.get("/entities/nvidia").status_code == 200
            assert client.get("/search", params={"q": "new co"}).json()["hits"][0]["id"] == \
                "new-co"
            assert _refreshes(engine) == builds + 1
    finally:
        engine.close()


# -- CLI -----------------------------------------------------------------------------------------

def test_cli_entity(runner):
    result = runner.invoke(cli_group(), ["entity", "nvidia"])
    assert result.exit_code == 0, result.output
    assert "Nvidia (nvidia)  [Company]" in result.output
    assert "→ manufactures" in result.output and "Nvidia H200" in result.output
    assert "(11 relations)" in result.output
    bad = runner.invoke(cli_group(), ["entity", "x> } ; DROP"])
    assert bad.exit_code == 1 and "not an entity id" in bad.output
    assert "Traceback" not in bad.output


# -- relation pages ------------------------------------------------------------------------------

def _keys(relations):
    return [(r.label, r.other, r.time, r.fact, r.source, r.predicate) for r in relations]


def test_relations_are_paged_with_exact_totals(seeded):
    full = entity_detail(seeded, "nvidia")
    assert full.totals == {"outgoing": 4, "incoming": 7}
    assert (full.limit, full.offset, full.next_offset) == (100, 0, None)
    assert [(c["label"], c["count"]) for c in full.by_predicate["outgoing"]] == [
        ("chief executive", 1), ("employs", 1), ("manufactures", 2)]
    assert sum(c["count"] for c in full.by_predicate["incoming"]) == 7
    assert _keys(full.outgoing) == sorted(_keys(full.outgoing), key=lambda k: (
        k[0], k[1], k[2] or "", k[3] or "", k[4], k[5]))
    outgoing, incoming, offsets, offset = [], [], [], 0
    while offset is not None:
        page = entity_detail(seeded, "nvidia", limit=3, offset=offset)
        assert (page.totals, page.by_predicate) == (full.totals, full.by_predicate)
        assert len(page.outgoing) <= 3 and len(page.incoming) <= 3
        outgoing += page.outgoing
        incoming += page.incoming
        offsets.append(offset)
        offset = page.next_offset
    assert offsets == [0, 3, 6]
    assert (outgoing, incoming) == (full.outgoing, full.incoming)
    assert entity_detail(seeded, "nvidia", limit=3, offset=3) == \
        entity_detail(seeded, "nvidia", limit=3, offset=3)  # same page every time


def test_pages_past_the_end_and_totals_only(seeded):
    past = entity_detail(seeded, "nvidia", offset=50)
    assert (past.outgoing, past.incoming, past.next_offset) == ([], [], None)
    assert past.totals == {"outgoing": 4, "incoming": 7}
    counts = entity_detail(seeded, "nvidia", limit=0)
    assert (counts.outgoing, counts.incoming, counts.next_offset) == ([], [], None)
    assert counts.by_predicate == entity_detail(seeded, "nvidia").by_predicate
    for bad in ({"limit": -1}, {"limit": 1001}, {"offset": -1}, {"limit": "5"}):
        with pytest.raises(InvalidInput):
            entity_detail(seeded, "nvidia", **bad)


def test_pages_follow_as_of(seeded):
    june = entity_detail(seeded, "colossus", as_of="2024-06-01", limit=2)
    assert june.totals == {"outgoing": 0, "incoming": 3}
    assert [(c["label"], c["count"]) for c in june.by_predicate["incoming"]] == [
        ("operates", 1), ("owns", 1), ("trained on", 1)]
    assert [r.label for r in june.incoming] == ["operates", "owns"] and june.next_offset == 2
    rest = entity_detail(seeded, "colossus", as_of="2024-06-01", limit=2, offset=2)
    assert [r.label for r in rest.incoming] == ["trained on"] and rest.next_offset is None
    assert entity_detail(seeded, "colossus").totals["outgoing"] > 0


def test_large_entities_page_from_the_cached_order(fresh):
    chips = " ".join(
        f"id:pg-chip-{i:03d} a aikg:ChipModel ; rdfs:label \"PG chip {i:03d}\"@en . "
        f"id:pg-maker aikg:manufactures id:pg-chip-{i:03d} . "
        + (f"id:pg-a{i} a aikg:Assertion ; rdf:subject id:pg-maker ; "
           f"rdf:predicate aikg:manufactures ; rdf:object id:pg-chip-{i:03d} ; "
           f"aikg:asOf \"{2020 + i % 5}\"^^xsd:gYear . " if i % 3 == 0 else "")
        for i in range(150))
    fresh.update("PREFIX aikg: <https://w3id.org/aikg/ont#> PREFIX id: <https://w3id.org/aikg/id/> "
                 "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                 "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
                 "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> "
                 "INSERT DATA { GRAPH <https://w3id.org/aikg/graph/pg> { "
                 "id:pg-maker a aikg:Company ; rdfs:label \"PG Maker\"@en . " + chips + " } }")
    first = entity_detail(fresh, "pg-maker")
    assert first.totals == {"outgoing": 150, "incoming": 0} and first.next_offset == 100
    assert [r.other for r in first.outgoing] == [f"pg-chip-{i:03d}" for i in range(100)]
    second = entity_detail(fresh, "pg-maker", offset=100)
    assert [r.other for r in second.outgoing] == [f"pg-chip-{i:03d}" for i in range(100, 150)]
    assert second.next_offset is None
    visible = [i for i in range(150) if i % 3 or 2020 + i % 5 <= 2022]
    old = entity_detail(fresh, "pg-maker", as_of="2022-06-30", limit=1000)
    assert [r.other for r in old.outgoing] == [f"pg-chip-{i:03d}" for i in visible]
    assert old.totals["outgoing"] == len(visible) == old.by_predicate["outgoing"][0]["count"]
    hood = neighbours(fresh, "pg-maker", as_of="2022-06-30")
    assert hood == neighbours(fresh, "pg-maker", as_of="2022-06-30")
    assert len(hood["nodes"]) == len(visible) + 1


def test_http_entity_pages(api):
    body = api.get("/entities/nvidia", params={"limit": 3, "offset": 3,
                                               "as_of": "2030-01-01"}).json()
    assert body["totals"] == {"outgoing": 4, "incoming": 7}
    assert (len(body["outgoing"]), len(body["incoming"]), body["next_offset"]) == (1, 3, 6)
    link = urlsplit(body["next"])
    assert link.path == "/entities/nvidia"
    assert parse_qs(link.query) == {"limit": ["3"], "offset": ["6"], "as_of": ["2030-01-01"]}
    last = api.get(body["next"]).json()
    assert (last["outgoing"], len(last["incoming"]), last["next"]) == ([], 1, None)
    assert api.get("/entities/nvidia").json()["next"] is None
    assert api.get("/entities/nvidia", params={"limit": 5000}).status_code == 400
    assert api.get("/entities/nvidia", params={"offset": -1}).status_code == 400


def test_cli_entity_pages(runner):
    result = runner.invoke(cli_group(), ["entity", "nvidia", "--limit", "2"])
    assert result.exit_code == 0, result.output
    assert "outgoing → 1–2 of 4 (chief executive 1, employs 1, manufactures 2)" in result.output
    assert "(4 of 11 relations shown; --offset 2 for more)" in result.output
    last = runner.invoke(cli_group(), ["entity", "nvidia", "--limit", "2", "--offset", "6"])
    assert "outgoing → none of 4" in last.output
    assert "(1 of 11 relations shown)" in last.output


def test_neighbours_json_is_the_neighbourhood(seeded):
    for kwargs in ({}, {"depth": 2, "direction": "out"}, {"as_of": "2024-06-01"}):
        assert json.loads(neighbours_json(seeded, "colossus", **kwargs)) == \
            neighbours(seeded, "colossus", **kwargs)
    with pytest.raises(InvalidInput):
        neighbours_json(seeded, "colossus", depth=4)
