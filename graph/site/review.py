"""The review screen of an ingested article (``GET /ingest/{id}`` in a browser), the list of
ingestions (``GET /ingest``) and the paste-an-article form (``GET /ingest/new``).

:func:`review_data` is :func:`graph.ingest.staging.describe` (the JSON of ``GET /ingest/{id}``,
the page's JSON twin) plus what the page needs besides: per fact its time, the entities it links
(new ones marked) and where its evidence starts in the text, and the text cut into highlighted
pieces (:mod:`graph.site.highlight`). The actions (accept, reject) are the JSON routes, called by
``static/review.js`` with the token the reviewer types into the page.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from graph.ingest.entity_editing import ENTITY_CLASSES
from graph.ingest.review import LABEL, TYPE, Loaded, a, every, fact_number, load, one
from graph.ingest.staging import describe, list_ingestions
from graph.site.highlight import Span, first_anchor, segments
from graph.site.i18n import check_page_lang, words
from graph.site.render import render_page, slug
from graph.store.base import KnowledgeStore
from graph.vocab import ID, PREFIXES

TIMES = ("asOf", "announcedOn", "expectedBy", "notAfter")
"""The time properties a fact node may carry, in the order the page shows them."""
_FIRST = {f"{PREFIXES['rdf']}subject": 0, f"{PREFIXES['rdf']}object": 1}
EDIT_STATUSES = ("Actual", "Planned", "Reported", "Claimed")
"""Statuses a reviewer may give a fact on the page (Derived needs a derivation: JSON/CLI)."""
SCRIPT_WORDS = ("msg_working", "msg_accepted", "msg_rejected", "msg_nothing", "msg_no_token",
                "msg_no_selection", "msg_401", "msg_403", "msg_409", "msg_422", "msg_422_other",
                "msg_error", "msg_network", "msg_too_long", "msg_created", "violation",
                "msg_edited", "msg_entity")
"""The words ``static/review.js`` and ``static/paste.js`` show, passed to them as JSON."""


def review_data(kg: KnowledgeStore, ingestion_id: str, lang: str = "en") -> dict[str, Any]:
    """:func:`describe` plus, per fact, ``times`` (``[(property, value)]``), ``links``
    (``[{"id", "iri", "label", "new", "state"}]``) and ``anchor`` (the id of the first
    highlighted piece of its evidence, ``None`` without text or offsets); and ``pieces``, the
    article text cut at every evidence boundary (empty when the text was not kept)."""
    data = describe(kg, ingestion_id)
    found = load(kg, ingestion_id)
    text = data["article"]["text"]
    spans = [Span(f["id"], f["evidence"]["start"], f["evidence"]["end"])
             for f in data["facts"] if None not in f["evidence"].values()]
    spans += [Span(e["iri"], e["evidence"]["start"], e["evidence"]["end"], "new")
              for e in data["new_entities"] if None not in e["evidence"].values()]
    spans += [Span(f"m{k}", m["evidence"]["start"], m["evidence"]["end"], "ambiguous")
              for k, m in enumerate(data["ambiguous"], 1) if None not in m["evidence"].values()]
    pieces = segments(text, spans) if text else []
    labels = _Labels(kg, found, lang)
    new_labels = {e["iri"]: e["label"] for e in data["new_entities"]}
    for fact in data["facts"]:
        node = ox.NamedNode(fact["iri"])
        fact["times"] = [(p, one(found.index, node, a(p)).value) for p in TIMES
                         if one(found.index, node, a(p)) is not None]
        fact["links"] = [{"id": slug(e.value), "iri": e.value,
                          "label": new_labels.get(e.value) or labels(e),
                          "new": e in found.entities, "state": found.fact_state(e)
                          if e in found.entities else "known"} for e in _linked(found, node)]
        fact["anchor"] = first_anchor(pieces, fact["id"]) if text else None
    for k, mention in enumerate(data["ambiguous"], 1):
        mention["anchor"] = first_anchor(pieces, f"m{k}")
    for entity in data["new_entities"]:
        entity["anchor"] = first_anchor(pieces, entity["iri"])
        entity["id"] = slug(entity["iri"])
    data["pieces"] = [{"text": p.text, "start": p.start, "end": p.end, "anchor": p.anchor,
                       "facts": p.keys("fact"), "new": bool(p.keys("new")),
                       "ambiguous": bool(p.keys("ambiguous"))} for p in pieces]
    return data


def review_page(kg: KnowledgeStore, *, ingestion_id: str, lang: str = "en", here: str = "/",
                params: dict[str, Any] | None = None) -> str:
    """The review screen of one ingestion in ``lang``."""
    check_page_lang(lang)
    data = review_data(kg, ingestion_id, lang)
    title = data["article"]["title"] or words(lang)["untitled"].format(id=ingestion_id)
    return render_page("review.html", lang, here=here, params=params, data=data, title=title,
                       script_words=_script_words(lang), statuses=EDIT_STATUSES,
                       entity_classes=ENTITY_CLASSES,
                       json_url=f"/ingest/{ingestion_id}?format=json")


def ingestions_page(kg: KnowledgeStore, *, lang: str = "en", here: str = "/ingest",
                    params: dict[str, Any] | None = None) -> str:
    """Every ingestion with its title, state and counts, newest id order as listed."""
    check_page_lang(lang)
    return render_page("ingestions.html", lang, here=here, params=params,
                       ingestions=list_ingestions(kg), json_url="/ingest?format=json")


def new_ingestion_page(kg: KnowledgeStore, *, lang: str = "en", here: str = "/ingest/new",
                       params: dict[str, Any] | None = None) -> str:
    """The paste-an-article form (``kg`` unused: every page function takes the store)."""
    check_page_lang(lang)
    return render_page("ingest_new.html", lang, here=here, params=params,
                       script_words=_script_words(lang), json_url=None)


# -- internals ---------------------------------------------------------------------------------


def _script_words(lang: str) -> dict[str, str]:
    table = words(lang)
    return {key: table[key] for key in SCRIPT_WORDS}


def _linked(found: Loaded, fact: ox.NamedNode) -> list[ox.NamedNode]:
    """The entities a fact node links, through its sub-nodes and blank nodes: subject and
    object of an assertion first, then the others in the order met. Fact nodes (what an
    announcement announces) and the article are not entities."""
    own = f"{ID}{found.id}-"
    out: list[ox.NamedNode] = []
    todo: list = [fact]
    seen: set = set()
    while todo:
        current = todo.pop(0)
        if current in seen:
            continue
        seen.add(current)
        pairs = sorted(found.index.get(current, []), key=lambda po: (
            _FIRST.get(po[0].value, len(_FIRST)), po[0].value))
        for predicate, obj in pairs:
            if predicate == TYPE or isinstance(obj, ox.Literal):
                continue
            if isinstance(obj, ox.BlankNode) or obj.value.startswith(current.value + "-"):
                todo.append(obj)
            elif (obj.value.startswith(str(ID)) and not obj.value.startswith(own)
                  and obj != found.article and fact_number(obj.value) is None
                  and obj not in out):
                out.append(obj)
    return out


class _Labels:
    """An entity's label in the page language, else English, else any; from the ingestion's
    own graphs first (new names), then the store."""

    def __init__(self, kg: KnowledgeStore, found: Loaded, lang: str) -> None:
        self.kg, self.found, self.lang = kg, found, lang

    def __call__(self, entity: ox.NamedNode) -> str:
        found = every(self.found.index, entity, LABEL) or [
            row["l"] for row in self.kg.select(f"SELECT ?s ?l WHERE {{ ?s {LABEL} ?l }}",
                                               substitutions={ox.Variable("s"): entity})]
        for wanted in (self.lang, "en"):
            chosen = [t.value for t in found if getattr(t, "language", None) == wanted]
            if chosen:
                return min(chosen)
        return min(t.value for t in found) if found else slug(entity.value)
