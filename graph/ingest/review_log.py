"""The review log: per ingestion, what the reviewer kept, corrected, rejected and added.

It is read from what review leaves behind — each proposed fact's state and the
``aikg:reviewAction`` notes in ``g:ingestions`` (:mod:`graph.ingest.editing`) — so it cannot
drift from what happened. Facts:

* ``as_proposed``: accepted without an edit (an entity only *enriched* — aliases, a Portuguese
  label or a Wikidata QID added, which the extractor cannot know — counts here);
* ``corrected``: edited, then accepted;
* ``rejected``: proposed by the extractor and rejected (edited or not);
* ``added``: written by the reviewer (``review:hand``) and accepted;
* ``pending``: not decided yet.

Entities proposed as new count the same way (``merged`` into an existing one counts as a
correction of the proposal). ``totals`` sums every ingestion.
"""

from __future__ import annotations

from graph.ingest.review import INGESTIONS, a, load
from graph.store.base import KnowledgeStore

__all__ = ["review_log"]

FIELDS = ("proposed", "as_proposed", "corrected", "rejected", "added", "pending")


def review_log(kg: KnowledgeStore) -> dict:
    """``{"ingestions": [{"id", "source", "title", "facts": {…}, "entities": {…}}], "totals":
    {"facts": {…}, "entities": {…}}}`` with the counts of :data:`FIELDS`."""
    rows = kg.select(f"SELECT DISTINCT ?r WHERE {{ GRAPH {INGESTIONS} {{ ?r a "
                     f"{a('Ingestion')} }} }} ORDER BY ?r")
    out = []
    for row in rows:
        found = load(kg, row["r"].value.rsplit("ingestion-", 1)[-1])
        title = next((q.object.value for q in [*found.pending_quads, *found.target_quads]
                      if q.subject == found.article and q.predicate == a("title")), None)
        out.append({"id": found.id, "source": found.source, "title": title,
                    "facts": _count(found, found.facts),
                    "entities": _count(found, sorted(found.entities, key=str))})
    totals = {kind: {f: sum(item[kind][f] for item in out) for f in FIELDS}
              for kind in ("facts", "entities")}
    return {"ingestions": out, "totals": totals}


def _count(found, nodes: list) -> dict[str, int]:
    counts = dict.fromkeys(FIELDS, 0)
    for node in nodes:
        action = next((q.object.value for q in found.record_quads
                       if q.subject == node and q.predicate == a("reviewAction")), None)
        state = "merged" if action and action.startswith("merged") else found.fact_state(node)
        if action != "added":
            counts["proposed"] += 1
        if state == "pending":
            counts["pending"] += 1
        elif state == "rejected":
            if action != "added":  # a hand-added fact taken back again counts nowhere
                counts["rejected"] += 1
        elif action == "added":
            counts["added"] += 1
        elif action in (None, "enriched"):
            counts["as_proposed"] += 1
        else:
            counts["corrected"] += 1
    return counts
