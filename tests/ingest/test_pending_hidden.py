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
