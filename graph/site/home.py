"""The home page: a search box, what the graph holds, where to go next, the latest ingestions.

:func:`home_data` is the page's content as JSON (``/?format=json``); :func:`home_page` renders
it. With ``q`` (the search form without JavaScript) the page lists the matching entities.
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter
from typing import Any
from urllib.parse import urlencode

from graph.errors import EngineUnavailable
from graph.explore.search import search
from graph.ingest.staging import list_ingestions
from graph.projection.cache import projection
from graph.site.i18n import check_page_lang
from graph.site.labels import class_labels, class_name
from graph.site.render import render_page
from graph.store.base import KnowledgeStore
from graph.store.inventory import source_documents
from graph.store.kept import AS_JSON
from graph.store.memo import bounded

LATEST = 8
STATUS_ORDER = ("Actual", "Planned", "Reported", "Claimed", "Implied", "Derived", "Editorial")


def home_data(kg: KnowledgeStore, *, q: str | None = None, lang: str = "en") -> dict[str, Any]:
    """Entities per class (named in ``lang``), facts per status, the sources, the store's
    write generation, the latest ingestions and, with ``q``, the search hits.

    The counts are made on a background thread once per store generation (at 10M quads they
    read 1.4M sources; inline, every visit passed the engine's deadline). Until they are ready
    the page shows the last counts made (their ``generation`` says which) or none, with
    ``counting: true``; it is never held longer than :data:`SUMMARY_WAIT` seconds."""
    try:
        counts = {**summary(kg, lang=lang), "generation": kg.generation, "counting": False}
        with _lock:
            _last.setdefault(kg, {})[lang] = counts
    except EngineUnavailable:
        with _lock:
            last = _last.get(kg, {}).get(lang, _EMPTY)
        counts = {**last, "counting": True}
    return {**counts, "search": search(kg, q, limit=20) if q and q.strip() else None}


SUMMARY_WAIT = 2.0
"""Seconds a home page waits for its counts before it is shown without them."""
_EMPTY = {"entities": None, "classes": [], "facts": None, "facts_by_status": [], "sources": None,
          "newest_source": None, "generation": None, "latest_ingestions": []}
_last: weakref.WeakKeyDictionary[KnowledgeStore, dict[str, dict[str, Any]]] = \
    weakref.WeakKeyDictionary()
"""The last counts made for each store, per language."""
_lock = threading.Lock()


@bounded(SUMMARY_WAIT, keep=AS_JSON)
def summary(kg: KnowledgeStore, *, lang: str = "en") -> dict[str, Any]:
    """What :func:`home_data` says of the whole store, counted once per store generation (a
    walk over every node and edge of the projection: ~0.5 s at 1M quads) and, in English, kept
    beside the store (:mod:`graph.store.kept`): at 10M its query of 1.4M sources took ~8 s of
    a core at every restart, beside everything else a restart does."""
    graph = projection(kg)
    counts: Counter[str] = Counter()
    for _, data in graph.nodes(data=True):
        counts.update(data["classes"])
    labels = class_labels(kg)
    classes = [{"class": iri, "name": class_name(labels, iri, lang).capitalize(), "count": n}
               for iri, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    facts: dict[str, set[str]] = {}
    for _, _, data in graph.edges(data=True):
        if data.get("fact"):
            facts.setdefault(data["status"] or "Actual", set()).add(data["fact"])
    by_status = sorted(([s, len(f)] for s, f in facts.items()),
                       key=lambda item: (STATUS_ORDER.index(item[0])
                                         if item[0] in STATUS_ORDER else 99, item[0]))
    documents = source_documents(kg)
    dated = sorted((d.published for d in documents if d.published), reverse=True)
    ingestions = list_ingestions(kg)[-LATEST:]
    return {
        "entities": graph.number_of_nodes(),
        "classes": classes,
        "facts": sum(n for _, n in by_status),
        "facts_by_status": by_status,
        "sources": len(documents),
        "newest_source": dated[0] if dated else None,
        "latest_ingestions": ingestions,
    }


def home_page(kg: KnowledgeStore, *, lang: str = "en", q: str | None = None,
              here: str = "/", params: dict[str, Any] | None = None) -> str:
    """The home page in ``lang``."""
    check_page_lang(lang)
    data = home_data(kg, q=q, lang=lang)
    return render_page("home.html", lang, here=here, params=params, data=data,
                       search_text=q or "", json_url=_json_url(q))


def _json_url(q: str | None) -> str:
    return "/?" + urlencode({"format": "json", **({"q": q} if q else {})})
