"""Proposals awaiting review are not knowledge: an ingested article's pending facts and its
ingestion record show on no entity card, projection, path or search until they are accepted."""

from __future__ import annotations

from graph.explore.entities import entity_detail
from graph.explore.search import search
from graph.ingest.pipeline import ingest
from graph.ingest.staging import accept
from graph.projection.cache import projection

TEXT = ("Zephyra Compute, a startup, said on Monday that its Halcyon cluster runs 4,000 Nvidia "
        "H100 chips. Nvidia makes the H100.")


def sources_of(kg, entity: str) -> set[str]:
    detail = entity_detail(kg, entity)
    return {r.source for r in detail.outgoing + detail.incoming}


def test_pending_facts_and_records_stay_out_until_accepted(fresh):
    before_nodes = set(projection(fresh).nodes)
    before_sources = sources_of(fresh, "nvidia")
    staged, _ = ingest(fresh, TEXT, lang="en", published="2024-10-01")
    assert staged["facts"], staged  # the article did propose facts
    graph = projection(fresh)
    assert set(graph.nodes) == before_nodes  # no proposed entity, no ingestion record
    assert not any(c.endswith("#Ingestion") for _, d in graph.nodes(data=True)
                   for c in d["classes"])
    assert sources_of(fresh, "nvidia") == before_sources
    assert all(not h["id"].startswith("ingestion-")
               for h in search(fresh, "ingestion", limit=10)["hits"])

    accept(fresh, staged["id"])
    assert staged["target_graph"] in sources_of(fresh, "nvidia")


def test_accepted_articles_are_no_hubs_and_no_paths(fresh):
    """Accepted ingestions put article nodes in the projection (entity pages show them), but
    they are provenance: never among the most central entities, never a step of a path."""
    from graph.analytics.network import centrality
    from graph.explore.paths import find_paths

    texts = [f"Company{n} Labs, a startup, said its Cluster{n} supercomputer runs {n},000 "
             f"Nvidia H100 chips. Elon Musk and Larry Ellison praised Company{n} Labs."
             for n in range(1, 6)]
    for text in texts:
        staged, _ = ingest(fresh, text, lang="en", published="2024-10-01")
        accept(fresh, staged["id"])
    graph = projection(fresh)
    articles = {d["id"] for _, d in graph.nodes(data=True)
                if any(c.endswith("#Article") for c in d["classes"])}
    assert len(articles) > 5  # the seed's article and the five accepted ones are nodes
    top = {row["id"] for row in centrality(fresh, measure="degree", limit=10)}
    assert not top & articles, top & articles
    answer = find_paths(fresh, "larry-ellison", "elon-musk", max_hops=4, limit=100)
    assert answer["paths"]
    assert not any(set(p["nodes"]) & articles for p in answer["paths"])
