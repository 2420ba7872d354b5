"""The aikg command line, driven through click's runner against an on-disk store in tmp_path."""

from __future__ import annotations

import json

import rdflib

from api.cli import cli


def run(runner, *args, **kwargs):
    return runner.invoke(cli, list(args), catch_exceptions=False, **kwargs)


def test_stats_seeds_the_store_on_first_use(runner, tmp_path):
    result = run(runner, "stats", "--json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["default_graph"] == 0
    assert body["graphs"]["https://w3id.org/aikg/graph/doc-126747c0c0c83b3e"] > 100
    assert body["classes"]["https://w3id.org/aikg/ont#ComputeCluster"] == 1
    assert (tmp_path / "cli-store").is_dir()
    again = json.loads(run(runner, "stats", "--json").output)
    assert again == body  # a second start installs nothing twice


def test_seed_reports_what_changed(runner):
    first = run(runner, "seed").output.splitlines()
    assert "installed  seeds/entities.trig" in first
    second = run(runner, "seed").output.splitlines()
    assert "unchanged  seeds/entities.trig" in second


def test_graphs_lists_sources(runner):
    result = run(runner, "graphs")
    assert result.exit_code == 0
    assert "g:doc-126747c0c0c83b3e" in result.output
    assert "seeds/article-126747c0c0c83b3e.trig" in result.output
    assert "xsd:gYearMonth" in result.output  # the seed's date keeps its month precision


def test_query_formats(runner):
    text = ("SELECT ?n WHERE { ?a aikg:chipModel id:nvidia-h200 ; aikg:quantity ?n ; "
            "aikg:status aikg:Planned }")
    table = run(runner, "query", text)
    assert table.exit_code == 0 and "50000" in table.output and "(1 row)" in table.output
    as_json = json.loads(run(runner, "query", "--format", "json", text).output)
    assert as_json["results"]["bindings"] == [{"n": {
        "type": "literal", "value": "50000",
        "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]
    csv_out = run(runner, "query", "--format", "csv", text).output
    assert csv_out.splitlines() == ["n", "50000"]
    stdin = run(runner, "query", input=text)
    assert "50000" in stdin.output


def test_construct_prints_turtle(runner):
    result = run(runner, "query", "CONSTRUCT WHERE { id:nvidia aikg:manufactures ?chip }")
    graph = rdflib.Graph().parse(data=result.output, format="turtle")
    assert {str(o) for o in graph.objects()} == {"https://w3id.org/aikg/id/nvidia-h100",
                                                  "https://w3id.org/aikg/id/nvidia-h200"}


def test_query_errors_are_one_line(runner):
    result = runner.invoke(cli, ["query", "SELECT * WHERE { ?s ?p"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: invalid SPARQL")
    assert len(result.output.strip().splitlines()) == 1
    refused = runner.invoke(cli, ["query", "SELECT * { SERVICE <http://127.0.0.1:9/> { } }"])
    assert refused.exit_code == 1 and "SERVICE is disabled" in refused.output
    wrong = runner.invoke(cli, ["query", "--format", "turtle", "SELECT * { ?s ?p ?o } LIMIT 1"])
    assert wrong.exit_code != 0 and "CONSTRUCT" in wrong.output


def test_load_is_atomic_and_reports_the_position(runner, tmp_path):
    good = tmp_path / "extra.ttl"
    good.write_text('<http://example.org/a> <http://example.org/b> "c" .\n')
    loaded = run(runner, "load", str(good))
    assert loaded.exit_code == 0
    assert "loaded 1 new quads into https://w3id.org/aikg/graph/file/extra.ttl" in loaded.output
    before = json.loads(run(runner, "stats", "--json").output)
    bad = tmp_path / "bad.ttl"
    bad.write_text('<http://example.org/x> <http://example.org/y> "z" .\n'
                   '<http://example.org/x> <http://example.org/y> "z\n')
    failed = runner.invoke(cli, ["load", str(bad), "--graph", "urn:x:bad"])
    assert failed.exit_code == 1
    assert "bad.ttl" in failed.output and "line 2" in failed.output
    assert len(failed.output.strip().splitlines()) == 1
    assert json.loads(run(runner, "stats", "--json").output) == before
    iri = runner.invoke(cli, ["load", str(good), "--graph", "file:///etc/passwd"])
    assert iri.exit_code == 1 and "unsupported IRI scheme" in iri.output


def test_export_is_deterministic_and_parses(runner, tmp_path):
    first = run(runner, "export", "--format", "nquads").stdout_bytes
    assert run(runner, "export", "--format", "nquads").stdout_bytes == first
    out = tmp_path / "doc.ttl"
    result = run(runner, "export", "--graph", "https://w3id.org/aikg/graph/doc-126747c0c0c83b3e",
                 "--format", "turtle", "-o", str(out))
    assert result.exit_code == 0
    graph = rdflib.Graph().parse(out, format="turtle")
    assert len(graph) > 100
    missing = runner.invoke(cli, ["export", "--graph", "https://w3id.org/aikg/graph/nope"])
    assert missing.exit_code == 1 and "no graph named" in missing.output


def test_validate_passes_on_seeds_and_fails_on_bad_data(runner, tmp_path):
    ok = run(runner, "validate")
    assert ok.exit_code == 0 and "conforms: 0 violation(s)" in ok.output
    bad = tmp_path / "bad-facts.ttl"
    bad.write_text("""
        @prefix aikg: <https://w3id.org/aikg/ont#> . @prefix id: <https://w3id.org/aikg/id/> .
        id:bad-allocation a aikg:ChipAllocation ; aikg:chipModel id:nvidia-h100 ;
            aikg:quantity 0 ; aikg:status aikg:Actual ; aikg:source id:article-126747c0c0c83b3e .
        id:bad-money a aikg:MonetaryAmount ; aikg:amount 5.0 ; aikg:currency "usd" .
    """)
    assert run(runner, "load", str(bad)).exit_code == 0
    result = runner.invoke(cli, ["validate", "--json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert not report["conforms"]
    focus = {v["focus"] for v in report["violations"]}
    assert {"https://w3id.org/aikg/id/bad-allocation", "https://w3id.org/aikg/id/bad-money"} <= focus


def test_store_in_use_is_a_clean_error(runner, tmp_path):
    from graph.store.embedded import EmbeddedStore

    kg = EmbeddedStore.open(tmp_path / "cli-store")
    try:
        result = runner.invoke(cli, ["stats"])
    finally:
        kg.close()
    assert result.exit_code == 1
    assert "in use by another aikg process" in result.output
    assert "Traceback" not in result.output
