"""Smoke tests of the benchmark suite (small sizes, no timing assertions)."""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
import pytest
import rdflib

from bench import rest_latency
from bench.synthetic import HUB, generate, main as synthetic_main
from graph.settings import Settings
from graph.validation import to_rdflib, validate_graph

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

    monkeypatch.setattr(entry, "RESULTS", tmp_path)
    monkeypatch.setattr(entry.engine_latency, "main", lambda argv: print("engine table"))
    path = entry.main(["--scales", "2000", "--rounds", "2"])
    report = path.read_text("utf-8")
    assert path.parent == tmp_path and path.name.endswith(".md")
    assert "## Engine latency" in report and "engine table" in report
    assert "## REST latency at 2,000 synthetic quads" in report and "| call |" in report
