"""The shape of a chart on a page, and the names its labels use.

A chart is a JSON-able dict: ``{"id", "title", "chart", "table"}``.

* ``chart`` is what ``static/charts.js`` draws (it goes into the page as a
  ``<script type="application/json" id="chart-ID">`` block, never as executable script):
  ``{"kind": "bar"|"line", "horizontal", "unit": "count"|"money"|"score", "currency", "lang",
  "labels", "series"}``; a series is ``{"key", "name", "status", "points"}`` and a point
  ``{"x": label, "y": number, "status", "note"}`` (``status``: the fact's status, which the
  script shows by colour or point style; ``note``: that status in words).
* ``table`` is the same data as a table beside the chart (its accessible fallback):
  ``{"caption", "columns": [{"key", "label", "type"}], "rows": [{key: value}], "shown",
  "total", "source"}`` (when a chart keeps only the ``shown`` largest of ``total`` items,
  ``source`` is the JSON route that has them all; else the three are ``None``). A column's
  ``type`` tells the template how to write a cell: ``text``, ``entity`` (``{"id", "label"}``,
  a link to its page), ``entities`` (a list of those), ``time`` (a time at its precision),
  ``number``, ``money`` (``{"amount", "currency", "status"}``), ``status`` or ``score``. The
  first column is the row's header.

Every word is in the page's language: entity labels come from the projection (``label_pt``
in Portuguese, English when there is none); the chart words from :mod:`graph.site.i18n`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from graph.projection.cache import projection
from graph.site.i18n import say
from graph.site.render import ID_NS
from graph.store.base import KnowledgeStore

LIMIT = 20
"""Bars (and table rows) a chart keeps: the largest; the JSON routes have them all."""
LINES = 10
"""Companies a valuation chart keeps: those valued highest."""
MAIN_STATUSES = ("actual", "planned", "derived")
"""Chip buckets every compute chart shows, in this order (others follow when present)."""

Namer = Callable[[str | None], str]


def namer(kg: KnowledgeStore, lang: str, *fallbacks: Mapping[str, str | None]) -> Namer:
    """A function from an entity id (slug, or IRI outside ``id:``) to its label in ``lang``:
    the projection's label, else the first of ``fallbacks`` that names it, else the id."""
    nodes = projection(kg).nodes

    def name(ident: str | None) -> str:
        if not ident:
            return ""
        data = nodes.get(ident if "://" in ident else ID_NS + ident)
        if data:
            return data.get(f"label_{lang}") or data.get("label_en") or ident
        for names in fallbacks:
            if names.get(ident):
                return names[ident] or ident
        return ident
    return name


def entity(ident: str | None, name: Namer) -> dict[str, str] | None:
    """A table cell naming an entity (a link to its page)."""
    return {"id": ident, "label": name(ident)} if ident else None


def chart(chart_id: str, title: str, *, kind: str, labels: list[str],
          series: list[dict[str, Any]], table: dict[str, Any], lang: str,
          unit: str = "count", currency: str | None = None,
          horizontal: bool = False) -> dict[str, Any]:
    """One chart and its table."""
    return {"id": chart_id, "title": title, "table": table,
            "chart": {"kind": kind, "horizontal": horizontal, "unit": unit,
                      "currency": currency, "lang": lang, "labels": labels, "series": series}}


def series(key: str, name: str, points: list[dict[str, Any]], *,
           status: str | None = None) -> dict[str, Any]:
    return {"key": key, "name": name, "status": status, "points": points}


def point(x: str, y: float, lang: str, status: str | None = None) -> dict[str, Any]:
    return {"x": x, "y": y, "status": status,
            "note": status_word(lang, status) if status else None}


def table(caption: str, columns: Iterable[tuple[str, str, str]],
          rows: list[dict[str, Any]], *, shown: int = 0, total: int = 0,
          source: str | None = None) -> dict[str, Any]:
    """A table: ``columns`` as (key, label, type). When only the ``shown`` largest of
    ``total`` items (rows, or companies) are kept, the table says so and links ``source``, the
    JSON route that has them all."""
    cut = total > shown
    return {"caption": caption,
            "columns": [{"key": k, "label": label, "type": t} for k, label, t in columns],
            "rows": rows, "shown": shown if cut else None, "total": total if cut else None,
            "source": source if cut else None}


def largest(items: list[Any], size: Callable[[Any], float], limit: int | None) -> list[Any]:
    """The ``limit`` largest ``items`` by ``size``, in their own order (all without a limit)."""
    if limit is None or len(items) <= limit:
        return items
    kept = set(sorted(range(len(items)), key=lambda i: (-size(items[i]), i))[:limit])
    return [item for i, item in enumerate(items) if i in kept]


def status_word(lang: str, status: str | None) -> str:
    """``Actual`` / ``actual`` → "actual" / "real"; an unknown status as it is written."""
    if not status or status.lower() == "unknown":
        return say(lang, "unknown")
    key = status[:1].upper() + status[1:].lower()
    try:
        return say(lang, key)
    except KeyError:
        return status


def capital(word: str) -> str:
    """"planned" → "Planned" (a legend or a column header)."""
    return word[:1].upper() + word[1:]


def buckets_of(counts: Iterable[dict[str, Any]]) -> list[str]:
    """The chip buckets to show for some ``chips`` dicts of a compute summary: actual, planned,
    derived, then any other status that has chips, alphabetically."""
    others = {b for chips in counts for b, c in chips.items()
              if b not in MAIN_STATUSES and c["total"]}
    return [*MAIN_STATUSES, *sorted(others)]


def status_columns(buckets: list[str], lang: str) -> list[tuple[str, str, str]]:
    """Table columns for chip counts per bucket."""
    return [(b, capital(status_word(lang, b)), "number") for b in buckets]


def status_series(rows: list[tuple[str, dict[str, int | float]]], buckets: list[str],
                  lang: str) -> list[dict[str, Any]]:
    """One bar series per bucket over ``rows`` = [(x label, {bucket: count})]; buckets with no
    chips anywhere are left out of the chart (the table keeps them)."""
    found = []
    for bucket in buckets:
        if not any(counts.get(bucket) for _, counts in rows):
            continue
        status = bucket[:1].upper() + bucket[1:]
        found.append(series(bucket, capital(status_word(lang, bucket)),
                            [point(x, counts.get(bucket, 0), lang, status)
                             for x, counts in rows], status=status))
    return found
