"""Compute as charts: chips per cluster, per organisation, per chip model and per AI model
trained, actual versus planned versus derived, from
:func:`graph.analytics.compute.compute_summary` (read, never changed: the summary is shared).

Every chart here is grouped bars, one bar per chip status, never stacked: a planned expansion
is drawn beside the chips that run, not on top of them. Counts that give only a minimum ("hundreds
of thousands") are their own "at least" bars and column, never added to exact counts.

* **clusters**: each cluster's current chips (the latest state per status);
* **organisations**: the chips of the clusters each operates or owns, plus its holdings;
* **chip models**: each model's chips summed over the clusters (holdings are per
  organisation and may be the same chips, so they are not added);
* **AI models**: for each model that the graph says is (or is to be) trained on a cluster
  (``aikg:trainedOn`` / ``aikg:usedToTrain``), that cluster's chips, with the training
  relation's own status.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.projection.cache import projection
from graph.projection.memo import remembered
from graph.projection.timefilter import edge_visible
from graph.site.chartdata import (
    LIMIT,
    Namer,
    buckets_of,
    chart,
    entity,
    largest,
    point,
    series,
    status_columns,
    status_series,
    table,
)
from graph.site.i18n import say
from graph.site.render import ONT_NS
from graph.store.base import KnowledgeStore

TRAINED_ON, USED_TO_TRAIN = ONT_NS + "trainedOn", ONT_NS + "usedToTrain"


def trained_on(kg: KnowledgeStore, day: date | None) -> list[tuple[str, str, str | None]]:
    """(AI model id, cluster id, status) of every training relation visible on ``day``; one
    walk over the projection's edges per projection and day (entity pages ask every time)."""
    graph = projection(kg)

    def walk() -> list[tuple[str, str, str | None]]:
        found = set()
        for u, v, data in graph.edges(data=True):
            if data["predicate"] in (TRAINED_ON, USED_TO_TRAIN) and edge_visible(data, day):
                model, cluster = (u, v) if data["predicate"] == TRAINED_ON else (v, u)
                found.add((graph.nodes[model]["id"], graph.nodes[cluster]["id"],
                           data["status"]))
        return sorted(found, key=lambda item: (item[0], item[1], item[2] or ""))
    return remembered(graph, ("site.trained_on", day), walk)


def counts_chart(chart_id: str, title: str, head: tuple[str, str, str],
                 rows: list[dict[str, Any]], lang: str, *,
                 extra: list[tuple[str, str, str]] = ()) -> dict[str, Any] | None:
    """Grouped bars of chip counts per status over ``rows`` (each ``{"x": bar label, "head":
    first cell, "counts": {bucket: n}, "at_least": n or None, …extra cells}``), with their
    table: the :data:`~graph.site.chartdata.LIMIT` rows with most chips, most first.
    ``None`` without rows."""
    if not rows:
        return None
    total = len(rows)
    rows = sorted(largest(rows, _size, LIMIT), key=lambda r: -_size(r))
    buckets = buckets_of([{b: {"total": n} for b, n in r["counts"].items()} for r in rows])
    bars = status_series([(r["x"], r["counts"]) for r in rows], buckets, lang)
    minimum = any(r.get("at_least") for r in rows)
    if minimum:
        bars.append(series("at_least", say(lang, "col_at_least"),
                           [point(r["x"], r.get("at_least") or 0, lang) for r in rows]))
    columns = [head, *status_columns(buckets, lang),
               *([("at_least", say(lang, "col_at_least"), "number")] if minimum else []), *extra]
    cells = [{head[0]: r["head"], **{b: r["counts"].get(b, 0) for b in buckets},
              "at_least": r.get("at_least"), **{k: r.get(k) for k, _, _ in extra}}
             for r in rows]
    return chart(chart_id, title, kind="bar", labels=[r["x"] for r in rows], series=bars,
                 lang=lang, table=table(say(lang, "table_of", title=title), columns, cells,
                                        shown=len(rows), total=total,
                                        source="/analytics/compute"))


def _size(row: dict[str, Any]) -> float:
    return sum(row["counts"].values()) + (row.get("at_least") or 0)


def _totals(chips: dict[str, Any], key: str | None = None,
            value: str | None = None) -> dict[str, int | float]:
    """bucket → count: the total, or the part of ``key`` (by_model / by_manufacturer) =
    ``value``."""
    if key is None:
        return {b: c["total"] for b, c in chips.items()}
    return {b: c[key].get(value, 0) for b, c in chips.items() if c[key].get(value)}


def cluster_chart(summary: dict[str, Any], lang: str, name: Namer) -> dict[str, Any] | None:
    title = say(lang, "chart_clusters")
    rows = [{"x": name(c["id"]), "head": entity(c["id"], name), "counts": _totals(c["chips"])}
            for c in summary["clusters"]]
    return counts_chart("clusters", title, ("cluster", say(lang, "col_cluster"), "entity"),
                        rows, lang)


def organization_chart(summary: dict[str, Any], lang: str,
                       name: Namer) -> dict[str, Any] | None:
    title = say(lang, "chart_organizations")
    rows = []
    for org in summary["organizations"]:
        counts = _totals(org["chips"])
        at_least = sum(h["min_quantity"] or 0 for h in org["at_least"])
        if any(counts.values()) or at_least:
            rows.append({"x": name(org["id"]), "head": entity(org["id"], name),
                         "counts": counts, "at_least": at_least or None,
                         "clusters": [entity(c["id"], name) for c in org["clusters"]]})
    return counts_chart("organizations", title,
                        ("organization", say(lang, "col_organization"), "entity"), rows, lang,
                        extra=[("clusters", say(lang, "col_clusters"), "entities")])


def chip_model_chart(summary: dict[str, Any], lang: str, name: Namer) -> dict[str, Any] | None:
    title = say(lang, "chart_chip_models")
    rows = []
    for chip in summary["chip_models"]:
        counts: dict[str, int | float] = {}
        where = []
        for c in summary["clusters"]:
            part = _totals(c["chips"], "by_model", chip["id"])
            for bucket, n in part.items():
                counts[bucket] = counts.get(bucket, 0) + n
            if part:
                where.append(entity(c["id"], name))
        if counts:
            rows.append({"x": name(chip["id"]), "head": entity(chip["id"], name),
                         "counts": counts, "clusters": where})
    return counts_chart("chip-models", title, ("chip", say(lang, "col_chip_model"), "entity"),
                        rows, lang, extra=[("clusters", say(lang, "col_clusters"), "entities")])


def ai_model_chart(summary: dict[str, Any], trained: list[tuple[str, str, str | None]],
                   lang: str, name: Namer, *, only: str | None = None,
                   chart_id: str = "ai-models", title: str | None = None
                   ) -> dict[str, Any] | None:
    """Per training relation (model, cluster), the cluster's chips; with ``only``, the
    relations of that AI model, one bar group per cluster."""
    title = title or say(lang, "chart_ai_models")
    clusters = {c["id"]: c for c in summary["clusters"]}
    rows = []
    for model, cluster, status in trained:
        if (only and model != only) or cluster not in clusters:
            continue
        x = name(cluster) if only else f"{name(model)} · {name(cluster)}"
        rows.append({"x": x, "head": entity(model, name), "cluster": entity(cluster, name),
                     "relation": status, "counts": _totals(clusters[cluster]["chips"])})
    return counts_chart(chart_id, title, ("model", say(lang, "col_ai_model"), "entity"), rows,
                        lang, extra=[("cluster", say(lang, "col_trained_on"), "entity"),
                                     ("relation", say(lang, "status"), "status")])


def cluster_detail(summary: dict[str, Any], cluster_id: str, lang: str,
                   name: Namer) -> dict[str, Any] | None:
    """A cluster's chips per chip model, actual versus planned versus derived."""
    cluster = next((c for c in summary["clusters"] if c["id"] == cluster_id), None)
    if cluster is None:
        return None
    return _by_model(cluster["chips"], [], say(lang, "chart_chips_of", name=name(cluster_id)),
                     lang, name)


def organization_detail(summary: dict[str, Any], org_id: str, lang: str,
                        name: Namer) -> dict[str, Any] | None:
    """An organisation's chips per chip model (its clusters and holdings)."""
    org = next((o for o in summary["organizations"] if o["id"] == org_id), None)
    if org is None:
        return None
    return _by_model(org["chips"], org["at_least"],
                     say(lang, "chart_chips_of", name=name(org_id)), lang, name)


def _by_model(chips: dict[str, Any], at_least: list[dict[str, Any]], title: str, lang: str,
              name: Namer) -> dict[str, Any] | None:
    models = sorted({m for c in chips.values() for m in c["by_model"]})
    rows = [{"x": name(m), "head": entity(m, name), "counts": _totals(chips, "by_model", m)}
            for m in models]
    for h in at_least:
        label = name(h["chip"]) if h["chip"] else say(lang, "chips_by", maker=name(
            h["manufacturer"]))
        rows.append({"x": label, "head": entity(h["chip"] or h["manufacturer"], name),
                     "counts": {}, "at_least": h["min_quantity"]})
    return counts_chart("entity-chips", title, ("chip", say(lang, "col_chip_model"), "entity"),
                        rows, lang)


def where_chips_run(summary: dict[str, Any], ident: str, lang: str,
                    name: Namer) -> dict[str, Any] | None:
    """Where a chip model's chips, or a maker's chips, run: per cluster (by status) and per
    organisation holding them (exact holdings, and minimums as "at least")."""
    key = "by_model" if any(c["id"] == ident for c in summary["chip_models"]) \
        else "by_manufacturer"
    field = "chip" if key == "by_model" else "manufacturer"
    rows = [{"x": name(c["id"]), "head": entity(c["id"], name),
             "counts": _totals(c["chips"], key, ident)} for c in summary["clusters"]]
    rows = [r for r in rows if r["counts"]]
    for org in summary["organizations"]:
        counts: dict[str, int | float] = {}
        for h in org["holdings"]:
            if h[field] == ident:
                bucket = (h["status"] or "unknown").lower()
                counts[bucket] = counts.get(bucket, 0) + h["quantity"]
        at_least = sum(h["min_quantity"] or 0 for h in org["at_least"] if h[field] == ident)
        if counts or at_least:
            rows.append({"x": name(org["id"]), "head": entity(org["id"], name),
                         "counts": counts, "at_least": at_least or None})
    return counts_chart("entity-where-chips-run", say(lang, "chart_where_runs", name=name(ident)),
                        ("where", say(lang, "col_where"), "entity"), rows, lang)
