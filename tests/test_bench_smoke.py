"""Smoke tests of the benchmark suite (small sizes, no timing assertions)."""

from __future__ import annotations

import argparse
import hashlib

import pyoxigraph as ox
import pytest
import rdflib

from bench import rest_latency
from bench.synthetic import HUB, generate, generate_to
from bench.synthetic import main as synthetic_main
from graph.settings import Settings
from graph.store.validation import to_rdflib, validate_graph

pytestmark = pytest.mark.slow  # engines and benchmarks started for real: run by .ci/run with -m slow

ID = "https://w3id.org/aikg/id/"


@pytest.fixture(scope="module")
def sample() -> tuple[bytes, object]:
    return generate(10_000, seed=7)


def test_generator_is_deterministic(sample, tmp_path) -> None:
    data, _ = sample
    again, _ = generate(10_000, seed=7)
    assert hashlib.sha256(again).digest() == hashlib.sha256(data).digest()
    other, _ = generate(10_000, seed=8)
    assert other != data
    out = tmp_path / "kg.nq"
    synthetic_main(["--triples", "10000", "--seed", "7", "-o", str(out)])
    assert out.read_bytes() == data


def test_generator_streams_the_same_bytes_to_a_file(tmp_path) -> None:
    data, info = generate(120_000, seed=5)  # past one 100,000-line flush
    streamed = generate_to(tmp_path / "kg.nq", 120_000, seed=5)
    assert (tmp_path / "kg.nq").read_bytes() == data
    assert (streamed.triples, streamed.counts, streamed.sample) == (
        info.triples, info.counts, info.sample)


@pytest.mark.parametrize("target", [5_000, 10_000, 50_000])
def test_generator_hits_the_requested_size(target) -> None:
    data, info = generate(target)
    quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    assert len(quads) == info.triples
    assert len(set(quads)) == len(quads)  # no duplicate statements
    assert abs(len(quads) - target) <= 0.1 * target


def test_generated_graph_is_modelled_like_the_seeds(sample) -> None:
    data, info = sample
    quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    graphs = {q.graph_name.value for q in quads}
    assert "https://w3id.org/aikg/graph/entities" in graphs
    assert any(g.startswith("https://w3id.org/aikg/graph/doc-") for g in graphs)
    assert not any(isinstance(q.graph_name, ox.DefaultGraph) for q in quads)
    subjects = {q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)}
    assert ID + HUB in subjects and all(ID + slug in subjects
                                       for k, slug in info.sample.items() if k != "search")
    types = {q.object.value.rsplit("#", 1)[-1] for q in quads
             if q.predicate.value.endswith("#type")}
    assert {"Assertion", "ClusterState", "ChipAllocation", "FundingRound", "Investment",
            "MonetaryAmount", "Article", "Company", "Person", "ChipModel", "ComputeCluster",
            "InvestmentFirm"} <= types
    langs = {q.object.language for q in quads if q.predicate.value.endswith("#label")}
    assert {"en", "pt"} <= langs


def test_ten_thousand_triples_conform_to_the_shapes(sample) -> None:
    data, _ = sample
    settings = Settings(store_path=None)
    shapes = rdflib.Graph().parse(settings.shapes_file, format="turtle")
    ontology = rdflib.Graph().parse(settings.ontology_file, format="turtle")
    graph = to_rdflib(list(ox.parse(data, format=ox.RdfFormat.N_QUADS)))
    for axiom in ontology.triples((None, rdflib.RDFS.subClassOf, None)):
        graph.add(axiom)  # so that sh:targetClass reaches subclasses, as validate_store does
    report = validate_graph(graph, shapes)
    assert report.conforms, report.violations[:5]


def test_rest_latency_runs_end_to_end(capsys) -> None:
    report = rest_latency.main(["--triples", "5000", "--rounds", "3"])
    assert report["quads"] > 5000
    assert report["projection"]["nodes"] > 0
    assert all(row["first_status"] == 200 and row["statuses"] == [200]
               for row in report["rows"]), report["rows"]
    out = capsys.readouterr().out
    assert "| call |" in out and "python -m bench.rest_latency" in out


def test_bench_entry_point_writes_a_dated_report(tmp_path, monkeypatch):
    import bench.__main__ as entry
    from bench import http_sparql, load_ratio, render_sizes

    monkeypatch.setattr(entry, "RESULTS", tmp_path)
    monkeypatch.setattr(entry.engine_latency, "main", lambda argv: print("engine table"))
    monkeypatch.setattr(load_ratio, "main", lambda argv: print("load table", *argv))
    monkeypatch.setattr(http_sparql, "main", lambda argv: print("http table", *argv))
    monkeypatch.setattr(render_sizes, "main", lambda argv: print("render table"))
    path = entry.main(["--scales", "2000", "--rounds", "2"])
    report = path.read_text("utf-8")
    assert path.parent == tmp_path and path.name.endswith(".md")
    assert "## Engine latency" in report and "engine table" in report
    assert "## REST latency at 2,000 synthetic quads" in report and "| call |" in report
    assert "## Load ratio at 2,000 synthetic quads\n\nload table --triples 2000" in report
    assert "## SPARQL over HTTP at 2,000 synthetic quads\n\nhttp table --triples 2000" in report
    assert "## Rendering graph views (server side)\n\nrender table" in report

# -- issue 6: load ratio, SPARQL over HTTP (with peers when installed), rendering sizes ----------

def _peers_missing() -> str | None:
    from bench import peers

    reasons = [r for r in (peers.available(n) for n in ("oxigraph", "rdflib-endpoint")) if r]
    return "; ".join(reasons) or None


def test_load_ratio_runs(capsys):
    from bench import load_ratio

    report = load_ratio.main(["--triples", "10000", "--rounds", "1"])
    assert report["quads"] >= 10_000 and report["aikg_s"] > 0 and report["raw_s"] > 0
    assert "ratio aikg / raw" in capsys.readouterr().out


@pytest.fixture(scope="module")
def http_report() -> dict:
    """One small run of the HTTP benchmark: aikg, plus the peers that are installed."""
    from bench import http_sparql

    engines = ["aikg"] + ([] if _peers_missing() else ["oxigraph", "rdflib-endpoint"])
    return http_sparql.main(["--triples", "10000", "--engines", ",".join(engines),
                             "--duration", "0.3",
                             "--shapes", "2-hop join,point lookup (a new person each)",
                             "--ceiling-seconds", "0.3", "--sequential-rounds", "20",
                             "--idle-window", "0.2"])


def test_http_sparql_against_aikg(http_report):
    cells = {k: v for k, v in http_report["cells"].items() if k[0] == "aikg"}
    assert set(cells) == {("aikg", "2-hop join"), ("aikg", "point lookup (a new person each)")}
    for result in cells.values():
        assert result["probe_status"] == 200 and result["rows"], result
        assert result["run"].requests > 0 and result["run"].errors == 0, result["run"]
    assert http_report["centrality"][0] == 200
    procs = http_report["memory"]["aikg"]
    assert len(procs) >= 2 and all(p["hwm"] >= p["rss"] > 0 for p in procs)  # uvicorn + worker
    assert http_report["sequential_p50_ms"]["aikg"] > 0  # point lookup, one client
    assert "aikg's added latency" in http_report["markdown"]
    assert "| memory after the cells |" in http_report["markdown"]


@pytest.mark.skipif(_peers_missing() is not None, reason=f"bench peers: {_peers_missing()}")
def test_http_sparql_peers_give_the_same_answers(http_report):
    assert not http_report["skipped"], http_report["skipped"]
    for shape in ("2-hop join", "point lookup (a new person each)"):
        answers = {http_report["cells"][(engine, shape)]["answer"]
                   for engine in ("aikg", "oxigraph", "rdflib-endpoint")}
        assert len(answers) == 1 and None not in answers, (shape, answers)
        assert all(http_report["cells"][(engine, shape)]["run"].requests > 0
                   for engine in ("oxigraph", "rdflib-endpoint"))
    assert "aikg/oxigraph req/s" in http_report["markdown"]


def test_scale_bench_restarts_under_many_clients(tmp_path, capsys):
    from bench import scale

    figures = scale.main(["--triples", "3000", "--rounds", "1", "--clients", "--work",
                          str(tmp_path)])
    crowd = figures["restart_clients"]
    assert crowd["clients"] == len(scale.routes(figures["ids"])) and not crowd["still_waiting"]
    assert crowd["every_route_s"] >= crowd["ready_s"] > 0 and crowd["statuses"]["200"] >= 27
    assert crowd["engine_restarts"] == 0 and figures["restart"]["every_route_s"] > 0
    first = figures["first_start"]
    assert first["settled_s"] >= first["snapshot_s"] > 0  # stopped once idle
    assert "restart under 27 clients" in capsys.readouterr().out


def test_render_sizes(capsys):
    from bench import render_sizes

    rows = render_sizes.main(["--nodes", "100", "--repeat", "1"])
    assert [(r["nodes"], r["drawn"]) for r in rows] == [(100, 100)]
    assert all(r["bytes"] > r["gzip_bytes"] > 0 for r in rows)
    assert "| nodes | edges | drawn |" in capsys.readouterr().out


def test_refresh_bench_at_10k_equals_a_full_build(capsys):
    from bench import refresh

    report = refresh.main(["--triples", "10000", "--rounds", "1"])
    assert report["equal"] is True
    assert "refresh after INSERT DATA" in capsys.readouterr().out


def test_restart_bench_at_10k_reads_its_snapshot(capsys):
    from bench import restart

    report = restart.main(["--triples", "10000"])
    assert report["scratch"]["hub_s"] > 0 and report["snapshot"]["hub_s"] > 0
    assert report["snapshot"]["503s"] == 0
    assert report["nodes"] > 100 and report["edges"] > 100
    assert report["snapshot"]["routes"]["/analytics/communities"][1] == 0
    assert report["louvain_s"] > 0 and report["nx_louvain_s"] > 0  # side by side
    assert "| then `GET /entities/verdant-silicon` answers 200 (503s before) |" in \
        capsys.readouterr().out


def test_remote_engines_bench_gives_the_same_answers_over_each_store(capsys):
    from bench import remote_engines

    rows = remote_engines.main(["--triples", "3000", "--rounds", "1",
                                "--engines", "embedded,oxigraph"])
    assert [r["engine"] for r in rows] == ["embedded", "oxigraph"]
    assert rows[0]["quads"] == rows[1]["quads"] > 3000
    for key in ("direct point lookup", "direct 2-hop join"):
        assert rows[0][key][2] == rows[1][key][2] > 0  # the same row counts
    for name, _ in remote_engines.calls(rows[0]["ids"]):
        assert rows[0][name][2][0] == rows[1][name][2][0] == 200, name
    assert rows[0]["projection first"]["edges"] == rows[1]["projection first"]["edges"] > 0
    assert "| bulk load, s (quads/s) |" in capsys.readouterr().out


def test_bench_plan_options():
    import bench.__main__ as entry

    def titles(*argv: str) -> list[tuple[str, list[str]]]:
        ns = argparse.Namespace(scales="0,10000", with_10m=False, peers=False,
                                only=",".join(entry.PARTS), rounds=2, load_rounds=1,
                                duration=1.0, render_nodes="100", views=False)
        for item in argv:
            key, value = item.split("=", 1)
            setattr(ns, key, value if value not in ("True", "False") else value == "True")
        return [(title, run_args) for title, _, run_args in entry.plan(ns)]

    plan = titles()
    names = [t for t, _ in plan]
    assert names == ["Engine latency", "REST latency at 0 synthetic quads",
                     "REST latency at 10,000 synthetic quads",
                     "Analytics after a write at 10,000 synthetic quads",
                     "Restart, projection memory and analytics at 10,000 synthetic quads",
                     "Load ratio at 10,000 synthetic quads",
                     "SPARQL over HTTP at 10,000 synthetic quads",
                     "Rendering graph views (server side)",
                     "Article ingestion: quality and speed"]
    http_args = dict(plan)["SPARQL over HTTP at 10,000 synthetic quads"]
    assert http_args[http_args.index("--engines") + 1] == "aikg"
    http_args = dict(titles("peers=True"))["SPARQL over HTTP at 10,000 synthetic quads"]
    assert http_args[http_args.index("--engines") + 1] == "aikg,oxigraph,rdflib-endpoint"
    assert [t for t, _ in titles("only=http", "scales=100000")] == [
        "SPARQL over HTTP at 100,000 synthetic quads"]
    with pytest.raises(SystemExit, match="--with-10m"):
        titles("scales=10000000")
    big = dict(titles("only=http", "scales=1000000", "with_10m=True", "peers=True"))
    ten = big["SPARQL over HTTP at 10,000,000 synthetic quads"]
    assert ten[ten.index("--engines") + 1] == "aikg,oxigraph"  # rdflib-endpoint only up to 1M
