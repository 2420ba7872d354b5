"""An entity's page: its names, classes and Wikidata link, its relations grouped by predicate
with their status, time and source, an "as of" control, its neighbourhood graph, and "find a
path to…" another entity.

:func:`entity_data` is the page's content (the entity card of
:func:`graph.explore.entities.entity_detail`, its relations grouped, and the paths asked for);
:func:`entity_page` renders it. A hub's relations come a page at a time (``offset``).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from graph.errors import Ambiguous, EngineUnavailable, EntityNotFound, InvalidInput
from graph.explore.entities import RELATIONS_LIMIT, entity_detail
from graph.explore.paths import find_paths
from graph.site.charts import entity_charts
from graph.site.i18n import check_page_lang
from graph.site.labels import class_labels, class_name
from graph.site.render import render_page
from graph.store.base import KnowledgeStore
from graph.store.memo import per_generation

PAGE = 50
"""Relations per direction on one page."""
MAX_PATHS = 10
CHART_WAIT = 0.25
"""Seconds a page waits for the funding and compute summaries behind its charts (seconds to
compute at 1M quads after a write): past that, the page comes without them, saying so."""


def entity_data(kg: KnowledgeStore, entity_id: str, *, as_of: str | None = None,
                offset: int = 0, path_to: str | None = None, lang: str = "en",
                ) -> dict[str, Any]:
    """The entity card with its relations grouped by predicate (``groups``), class names in
    ``lang``, and, with ``path_to`` (an id or a name), the paths to that entity or the
    candidates when the name is ambiguous."""
    detail = asdict(entity_detail(kg, entity_id, as_of=as_of or None, offset=offset,
                                  limit=min(PAGE, RELATIONS_LIMIT)))
    labels = class_labels(kg)
    detail["class_names"] = [class_name(labels, c, lang) for c in detail["classes"]]
    detail["groups"] = {direction: _groups(detail[direction], lang)
                        for direction in ("outgoing", "incoming")}
    detail["path"] = _paths(kg, detail["id"], path_to, as_of) if path_to else None
    try:
        detail["charts"] = _charts(kg, iri=detail["iri"], as_of=as_of or None, lang=lang)
    except EngineUnavailable:
        detail["charts"] = None  # being computed: the page says so
    return detail


def entity_page(kg: KnowledgeStore, entity_id: str, *, lang: str = "en",
                as_of: str | None = None, offset: int = 0, path_to: str | None = None,
                here: str = "/", params: dict[str, Any] | None = None) -> str:
    """The entity's page in ``lang``."""
    check_page_lang(lang)
    data = entity_data(kg, entity_id, as_of=as_of, offset=offset, path_to=path_to, lang=lang)
    return render_page("entity.html", lang, here=here, params=params, e=data,
                       charts=data["charts"] or [],
                       json_url=f"/entities/{data['id']}" + (f"?as_of={data['as_of']}"
                                                             if data["as_of"] else ""))


@per_generation
def _charts(kg: KnowledgeStore, *, iri: str, as_of: str | None, lang: str) -> list[dict]:
    """An entity's charts, drawn once per store generation (a chip maker's "where its chips
    run" walks every cluster: ~40 ms at 1M quads); not remembered while being computed."""
    return entity_charts(kg, iri, as_of=as_of, lang=lang, wait=CHART_WAIT)


def _groups(relations: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Relations grouped by predicate, in the order they come (sorted by predicate label);
    identical rows (same other entity, status, time, source and details) shown once."""
    groups: dict[str, dict[str, Any]] = {}
    for rel in relations:
        group = groups.setdefault(rel["predicate"], {
            "predicate": rel["predicate"], "direction": rel["direction"],
            "label": rel["label_pt"] if lang == "pt" and rel.get("label_pt") else rel["label"],
            "relations": [], "seen": set()})
        key = (rel["other"], rel["status"], rel["time"], rel["source"],
               tuple(sorted((k, str(v)) for k, v in rel["details"].items() if k != "state")))
        if key not in group["seen"]:
            group["seen"].add(key)
            group["relations"].append(rel)
    for group in groups.values():
        del group["seen"]
    return list(groups.values())


def _paths(kg: KnowledgeStore, entity_id: str, text: str, as_of: str | None) -> dict[str, Any]:
    """The paths from the entity to the one ``text`` names (an id or a name, resolved as
    ``/paths`` resolves it): ``{"query", "target", "candidates", "result"}`` — ``result`` is
    :func:`find_paths`'s answer, ``candidates`` the entities an ambiguous name fits."""
    text = text.strip()
    answer: dict[str, Any] = {"query": text, "target": None, "candidates": [], "result": None}
    try:
        answer["result"] = find_paths(kg, entity_id, text, limit=MAX_PATHS, as_of=as_of or None)
        answer["target"] = answer["result"]["to"]["id"]
    except Ambiguous as exc:
        answer["candidates"] = [c for c in exc.details["candidates"] if c["id"] != entity_id]
    except (EntityNotFound, InvalidInput):
        pass  # "nothing is called …" (the same entity, or text that is no name, included)
    return answer
