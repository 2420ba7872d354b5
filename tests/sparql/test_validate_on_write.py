"""Validate-on-write (``Settings.validate_writes``): writes that would add SHACL violations are
refused with 422 and change nothing; valid writes, and writes beside old violations, go through."""

from __future__ import annotations

import statistics
import time

import pyoxigraph as ox
import pytest

from graph.errors import ValidationFailed
from graph.settings import Settings
from graph.sparql.guarded_writes import (
    current_report,
    new_violations,
    validate_quads,
    validated_add_parts,
    validated_delete_graph,
    validated_replace_graph,
    validated_update,
)
from graph.store.inventory import content_hash
from graph.store.validation import validate_store
from graph.vocab import PREFIXES

AUTH = {"Authorization": "Bearer secret-token"}
AIKG = PREFIXES["aikg"]
ID = PREFIXES["id"]
QUANTITY = f"{AIKG}quantity"
ENTITIES = PREFIXES["g"] + "entities"

PREFIX_TTL = f"@prefix aikg: <{AIKG}> .\n@prefix id: <{ID}> .\n"
PREFIX_SPARQL = (f"PREFIX aikg: <{AIKG}>\nPREFIX id: <{ID}>\n"
                 "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")


def allocation(name: str, quantity: int) -> str:
    """Turtle of a chip allocation that is valid except, perhaps, for its quantity."""
    return f"""id:colossus-2024-09 aikg:hasAllocation id:{name} .
id:{name} a aikg:ChipAllocation ;
    aikg:chipModel id:nvidia-h100 ;
    aikg:quantity {quantity} ;
    aikg:status aikg:Actual ;
    aikg:source id:article-126747c0c0c83b3e .
"""


def ask(client, text: str) -> bool:
    response = client.get("/sparql", params={"query": PREFIX_SPARQL + text},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return response.json()["boolean"]


def assert_quantity_refused(response) -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "validation_failed"
    assert body["message"].endswith("new violation(s)")
    assert body["violations"]
    assert set(body["violations"][0]) == {"focus", "path", "message", "severity", "shape"}
    assert any(v["path"] == QUANTITY and v["focus"] == f"{ID}bad-gsp-allocation"
               or v["path"] == QUANTITY and v["focus"] == f"{ID}bad-sparql-allocation"
               for v in body["violations"]), body["violations"]
    assert all(v["severity"] == "Violation" for v in body["violations"])


# -- over HTTP, validate_writes on ------------------------------------------------------------


def test_gsp_post_of_an_invalid_allocation_is_refused_and_changes_nothing(validating_client):
    api = validating_client
    before = api.engine.call(content_hash)
    response = api.post("/store", params={"graph": "https://example.org/g/new"},
                        content=PREFIX_TTL + allocation("bad-gsp-allocation", 0),
                        headers={**AUTH, "Content-Type": "text/turtle"})
    assert_quantity_refused(response)
    # only the quantity is wrong: exactly one new violation
    assert len(response.json()["violations"]) == 1
    assert "positive" in response.json()["violations"][0]["message"]
    assert api.engine.call(content_hash) == before


def test_sparql_insert_of_an_invalid_allocation_is_refused_and_changes_nothing(
        validating_client):
    api = validating_client
    before = api.engine.call(content_hash)
    update = (PREFIX_SPARQL + "INSERT DATA { GRAPH <https://example.org/g/new> { "
              + allocation("bad-sparql-allocation", 0).replace("@prefix", "") + "} }")
    response = api.post("/sparql", content=update,
                        headers={**AUTH, "Content-Type": "application/sparql-update"})
    assert_quantity_refused(response)
    assert api.engine.call(content_hash) == before
    assert not ask(api, "ASK { id:bad-sparql-allocation ?p ?o }")


def test_put_multipart_and_delete_that_add_violations_are_refused(validating_client):
    api = validating_client
    before = api.engine.call(content_hash)
    bad = PREFIX_TTL + allocation("bad-gsp-allocation", -3)
    response = api.put("/store", params={"graph": "https://example.org/g/put"}, content=bad,
                       headers={**AUTH, "Content-Type": "text/turtle"})
    assert_quantity_refused(response)
    response = api.post("/store", params={"graph": "https://example.org/g/multi"},
                        files={"a": ("a.ttl", PREFIX_TTL.encode(), "text/turtle"),
                               "b": ("b.ttl", bad.encode(), "text/turtle")},
                        headers=AUTH)
    assert_quantity_refused(response)
    # the entities graph holds the chip models and organisations the facts point at
    response = api.delete("/store", params={"graph": ENTITIES}, headers=AUTH)
    assert response.status_code == 422, response.text
    assert api.engine.call(content_hash) == before


def test_valid_writes_are_applied(validating_client):
    api = validating_client
    response = api.post("/store", params={"graph": "https://example.org/g/good"},
                        content=PREFIX_TTL + allocation("good-gsp-allocation", 12),
                        headers={**AUTH, "Content-Type": "text/turtle"})
    assert response.status_code == 201, response.text
    assert ask(api, "ASK { GRAPH <https://example.org/g/good> "
                    "{ id:good-gsp-allocation aikg:quantity 12 } }")
    update = (PREFIX_SPARQL + "INSERT DATA { GRAPH <https://example.org/g/good> { "
              + allocation("good-sparql-allocation", 7) + "} }")
    response = api.post("/sparql", content=update,
                        headers={**AUTH, "Content-Type": "application/sparql-update"})
    assert response.status_code == 204, response.text
    assert ask(api, "ASK { id:good-sparql-allocation aikg:quantity 7 }")
    response = api.delete("/store", params={"graph": "https://example.org/g/good"},
                          headers=AUTH)
    assert response.status_code == 204
    assert not ask(api, "ASK { id:good-gsp-allocation ?p ?o }")


def test_syntax_errors_keep_their_own_answer(validating_client):
    response = validating_client.post(
        "/sparql", content="INSERT DATA { <a> }",
        headers={**AUTH, "Content-Type": "application/sparql-update"})
    assert response.status_code == 400
    response = validating_client.put("/store", params={"graph": "https://example.org/g/x"},
                                     content=b"<a> <b> .",
                                     headers={**AUTH, "Content-Type": "text/turtle"})
    assert response.status_code == 400


@pytest.mark.slow  # a measurement (40 validated writes), not a check of meaning
def test_validated_write_latency(validating_client, module_app_client):
    """Not an assertion on speed: prints the median extra latency of a validated write."""
    def median_ms(api, kind: str) -> float:
        times = []
        for i in range(20):
            update = (PREFIX_SPARQL + f"INSERT DATA {{ GRAPH <https://example.org/g/lat> {{ "
                      f'id:latency-{kind}-{i} a aikg:Organization ; rdfs:label "L{i}"@en }} }}')
            start = time.perf_counter()
            response = api.post("/sparql", content=update,
                                headers={**AUTH, "Content-Type": "application/sparql-update"})
            times.append(time.perf_counter() - start)
            assert response.status_code == 204, response.text
        return statistics.median(times) * 1000
    plain, checked = median_ms(module_app_client, "plain"), median_ms(validating_client, "on")
    print(f"\nmedian write: {plain:.1f} ms plain, {checked:.1f} ms validated "
          f"(+{checked - plain:.1f} ms)")


# -- over HTTP, validate_writes off -------------------------------------------------------------


def test_without_the_setting_the_invalid_write_is_accepted(module_app_client):
    api = module_app_client
    response = api.post("/store", params={"graph": "https://example.org/g/unchecked"},
                        content=PREFIX_TTL + allocation("bad-gsp-allocation", 0),
                        headers={**AUTH, "Content-Type": "text/turtle"})
    assert response.status_code == 201, response.text
    assert ask(api, "ASK { id:bad-gsp-allocation aikg:quantity 0 }")


# -- the library --------------------------------------------------------------------------------


def test_validate_quads_agrees_with_validate_store(fresh):
    assert validate_quads(fresh.quads()).violations == validate_store(fresh).violations == ()
    fresh.update(f"INSERT DATA {{ GRAPH <https://example.org/g/x> {{ "
                 f"{allocation('x', 0)} }} }}", prefixes=PREFIXES)
    ours, theirs = validate_quads(fresh.quads()), validate_store(fresh)
    assert [(v.focus, v.path, v.message) for v in ours.violations] == \
        [(v.focus, v.path, v.message) for v in theirs.violations]


def test_old_violations_do_not_block_unrelated_writes(fresh):
    fresh.update(f"INSERT DATA {{ GRAPH <https://example.org/g/old> {{ "
                 f"{allocation('old', 0)} _:b a aikg:ChipAllocation . }} }}", prefixes=PREFIXES)
    assert current_report(fresh).violations  # the store already has violations
    validated_update(fresh, "INSERT DATA { GRAPH <https://example.org/g/y> "
                            '{ <https://example.org/y> a aikg:Organization ; '
                            'rdfs:label "Y"@en } }')
    assert validated_replace_graph(fresh, graph="https://example.org/g/z",
                                   data=b"<https://example.org/z> a <https://example.org/C> .",
                                   fmt_name="turtle")
    before = fresh.content_hash()
    with pytest.raises(ValidationFailed) as refused:
        validated_add_parts(fresh, graph="https://example.org/g/z",
                            parts=[((PREFIX_TTL + allocation("new", 0)).encode(), "turtle")])
    assert [v["focus"] for v in refused.value.details["violations"]] == [f"{ID}new"]
    assert fresh.content_hash() == before
    # removing the graph that holds the old violations adds none
    assert validated_delete_graph(fresh, graph="https://example.org/g/old")
    assert not current_report(fresh).violations


def test_new_violations_compares_focus_path_and_message(fresh):
    fresh.update(f"INSERT DATA {{ GRAPH <https://example.org/g/x> {{ "
                 f"{allocation('x', 0)} }} }}", prefixes=PREFIXES)
    report = validate_quads(fresh.quads())
    assert report.violations and not new_violations(report, report)
    assert new_violations(validate_quads([]), report) == list(report.violations)
    assert validate_quads([]).conforms  # no shapes: nothing validated


def test_an_update_that_drops_an_empty_graph_still_works(fresh):
    fresh.update("CREATE GRAPH <https://example.org/g/empty>")
    validated_update(fresh, "DROP GRAPH <https://example.org/g/empty>")
    assert not fresh.has_graph(ox.NamedNode("https://example.org/g/empty"))


def test_setting_from_the_environment(monkeypatch):
    monkeypatch.delenv("AIKG_VALIDATE_WRITES", raising=False)
    assert Settings.from_env().validate_writes is False
    monkeypatch.setenv("AIKG_VALIDATE_WRITES", "1")
    assert Settings.from_env().validate_writes is True


@pytest.mark.parametrize("args, env", [(["--validate-writes"], {}),
                                       ([], {"AIKG_VALIDATE_WRITES": "1"}),
                                       ([], {})])
def test_serve_option_and_environment_reach_the_settings(runner, monkeypatch, args, env):
    from api.cli import cli

    monkeypatch.delenv("AIKG_VALIDATE_WRITES", raising=False)
    calls = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kwargs: calls.append(app))
    result = runner.invoke(cli, ["serve", *args], env=env)
    assert result.exit_code == 0, result.output
    assert calls[-1].state.settings.validate_writes is bool(args or env)
