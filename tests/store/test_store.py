"""The on-disk store and the seeder: durable, idempotent, replace-on-change, locked."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.errors import DataSyntaxError, SeedError, StoreUnavailable
from graph.store.embedded import EmbeddedStore
from graph.store.seeding import CATALOG_GRAPH, ensure_seeded

ENTITIES = ox.NamedNode("https://w3id.org/aikg/graph/entities")


def test_first_start_installs_everything_and_restart_duplicates_nothing(project_copy):
    kg = EmbeddedStore.open(project_copy.store_path)
    first = ensure_seeded(kg, project_copy)
    assert first.installed == ["ontology/aikg.ttl", "ontology/shapes.ttl",
                               "seeds/article-126747c0c0c83b3e.trig", "seeds/entities.trig",
                               "seeds/sources.trig"]
    count, digest = len(kg), kg.content_hash()
    kg.close()

    kg = EmbeddedStore.open(project_copy.store_path)  # a restart: data is on disk
    assert (len(kg), kg.content_hash()) == (count, digest)
    again = ensure_seeded(kg, project_copy)
    assert again.installed == [] and len(again.unchanged) == 5
    assert (len(kg), kg.content_hash()) == (count, digest)
    kg.close()


def test_a_restart_checks_the_seeds_without_listing_every_named_graph(project_copy,
                                                                    monkeypatch):
    """The catalog is read from its own graph: listing the store's graphs (72k at 10M quads,
    ~1.5 s cold) once in the server's check and again in its engine delayed every restart."""
    kg = EmbeddedStore.open(project_copy.store_path)
    ensure_seeded(kg, project_copy)
    kg.close()
    kg = EmbeddedStore.open(project_copy.store_path)

    def listed():
        raise AssertionError("named graphs listed")

    monkeypatch.setattr(kg, "named_graphs", listed)
    assert len(ensure_seeded(kg, project_copy).unchanged) == 5
    kg.close()


def test_changed_seed_file_replaces_its_graph(project_copy):
    kg = EmbeddedStore.open(project_copy.store_path)
    ensure_seeded(kg, project_copy)
    path = project_copy.seeds_dir / "entities.trig"
    text = path.read_text("utf-8")
    assert '"Nvidia"@en' in text
    path.write_text(text.replace('"Nvidia"@en', '"NVIDIA Corporation"@en'), "utf-8")
    report = ensure_seeded(kg, project_copy)
    assert report.installed == ["seeds/entities.trig"]
    labels = {r["l"].value for r in kg.select(
        "SELECT ?l { GRAPH <https://w3id.org/aikg/graph/entities> { "
        "<https://w3id.org/aikg/id/nvidia> <http://www.w3.org/2000/01/rdf-schema#label> ?l "
        "FILTER(lang(?l) = 'en') } }")}
    assert labels == {"NVIDIA Corporation"}
    kg.close()


def test_removed_seed_file_takes_its_graph_away(project_copy):
    kg = EmbeddedStore.open(project_copy.store_path)
    ensure_seeded(kg, project_copy)
    assert kg.has_graph(ENTITIES)
    (project_copy.seeds_dir / "entities.trig").unlink()
    report = ensure_seeded(kg, project_copy)
    assert report.removed == ["seeds/entities.trig"]
    assert not kg.has_graph(ENTITIES)
    assert not any(q.subject == ENTITIES for q in kg.quads(CATALOG_GRAPH))
    kg.close()


def test_seed_syntax_error_changes_nothing(project_copy):
    kg = EmbeddedStore.open(project_copy.store_path)
    ensure_seeded(kg, project_copy)
    before = kg.content_hash()
    (project_copy.seeds_dir / "entities.trig").write_text(
        "@prefix ex: <http://example.org/> .\nex:g { ex:a ex:b ex:c . }\nex:g { ex:a ex:b }\n",
        "utf-8")
    with pytest.raises(DataSyntaxError) as caught:
        ensure_seeded(kg, project_copy)
    assert caught.value.details["line"] == 3
    assert "seeds/entities.trig" in str(caught.value)
    assert kg.content_hash() == before
    kg.close()


def test_seed_may_not_write_default_graph_or_share_graphs(project_copy):
    kg = EmbeddedStore.memory()
    extra = project_copy.seeds_dir / "zz-extra.trig"
    extra.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    with pytest.raises(SeedError, match="default graph"):
        ensure_seeded(kg, project_copy)
    extra.write_text("<https://w3id.org/aikg/graph/entities> { <http://example.org/a> "
                     "<http://example.org/b> <http://example.org/c> . }\n")
    with pytest.raises(SeedError, match="also written by"):
        ensure_seeded(kg, project_copy)
    assert len(kg) == 0


def test_blank_nodes_of_two_seed_files_stay_two_nodes(project_copy):
    """Exports label blank nodes canonically (_:c14n0 in every file): two files' labels must
    not join their amounts into one node."""
    for name in ("zz-a", "zz-b"):
        (project_copy.seeds_dir / f"{name}.trig").write_text(
            f"<http://example.org/{name}> {{ <http://example.org/{name}> "
            "<http://example.org/amount> _:c14n0 . _:c14n0 <http://example.org/v> 1 . }\n")
    kg = EmbeddedStore.memory()
    ensure_seeded(kg, project_copy)
    rows = kg.select("SELECT DISTINCT ?m WHERE { GRAPH ?g { ?s <http://example.org/amount> ?m } }")
    assert len(rows) == 2


def test_second_opener_gets_a_clear_error(project_copy):
    kg = EmbeddedStore.open(project_copy.store_path)
    with pytest.raises(StoreUnavailable, match="in use by another"):
        EmbeddedStore.open(project_copy.store_path)
    kg.close()


def test_generation_counts_writes(fresh):
    start = fresh.generation
    fresh.extend([ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/b"),
                          ox.Literal("c"), ox.NamedNode("http://example.org/g"))])
    fresh.remove_graph(ox.NamedNode("http://example.org/g"))
    fresh.remove_graph(ox.NamedNode("http://example.org/never-existed"))  # not a write
    assert fresh.generation == start + 2


def test_content_hash_ignores_blank_node_labels():
    a, b = EmbeddedStore.memory(), EmbeddedStore.memory()
    data = b"<http://example.org/s> <http://example.org/p> [ <http://example.org/q> 1 ] ."
    a.load(data, ox.RdfFormat.TURTLE)
    b.load(data, ox.RdfFormat.TURTLE)
    assert a.content_hash() == b.content_hash()
    b.load(b"<http://example.org/s> <http://example.org/p> 2 .", ox.RdfFormat.TURTLE)
    assert a.content_hash() != b.content_hash()


def test_the_dataset_hides_review_graphs_and_lists_no_graph_without_them(fresh, monkeypatch):
    from graph.store import queries

    fresh.extend([ox.Quad(ox.NamedNode("urn:x:a"), ox.NamedNode("urn:x:p"),
                          ox.Literal("1"), ox.NamedNode("urn:x:g"))])
    listed = []
    listing = fresh.named_graphs
    monkeypatch.setattr(fresh, "named_graphs", lambda: listed.append(1) or listing())
    assert queries.known_dataset(fresh) == {} and not listed  # no ingestions graph: no listing
    pending = ox.NamedNode(f"{queries.PENDING_PREFIX}1")
    fresh.extend([ox.Quad(ox.NamedNode("urn:x:r"), ox.NamedNode("urn:x:p"), ox.Literal("2"),
                          ox.NamedNode(queries.INGESTIONS)),
                  ox.Quad(ox.NamedNode("urn:x:b"), ox.NamedNode("urn:x:p"), ox.Literal("3"),
                          pending)])
    dataset = queries.known_dataset(fresh)
    assert listed and ox.NamedNode("urn:x:g") in dataset["named_graphs"]
    assert pending not in dataset["named_graphs"]
    assert ox.NamedNode(queries.INGESTIONS) not in dataset["named_graphs"]
