"""One call from an article's text to a staged proposal: :func:`ingest`.

:func:`propose` is the pure part (text + gazetteer → proposal graph, no store), used by
:func:`ingest` and by the quality measurement; :func:`ingest` checks the inputs (:func:`graph.ingest.request.check_request`), reads the
gazetteer from the store (remembered until the next write), and stages the proposal. The
ingestion id is the first 16 hex digits of the SHA-256 of the text, so the same text always
gives the same id, and ingesting it again changes nothing.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from rdflib import Graph

from graph.ingest import staging
from graph.ingest.facts import When
from graph.ingest.linking import Gazetteer
from graph.ingest.model_extractor import model_facts
from graph.ingest.proposal import ArticleMeta, write_proposal
from graph.ingest.relations import extract
from graph.ingest.request import check_request
from graph.ingest.sentence import Doc
from graph.ingest.text import detect_language
from graph.store.base import KnowledgeStore
from graph.store.memo import per_generation


def propose(text: str, gazetteer: Gazetteer, *, lang: str = "auto",
            published: datetime.date | None = None, source: str | None = None,
            title: str | None = None, outlet: str | None = None,
            model: tuple[str, dict[str, Any]] | None = None) -> tuple[str, Graph]:
    """Extract facts from ``text`` and return ``(ingestion id, proposal graph)``; ``outlet``
    (the publisher's name) is linked to a known entity or proposed as a new media outlet;
    ``model`` (a model's name and its answer, :func:`graph.ingest.model_extractor.ask_model`)
    adds the facts the model found that the rules did not."""
    language = detect_language(text) if lang == "auto" else lang
    month = When(published.isoformat(), "date") if published else None  # as of the day
    doc = Doc(text, language, month, gazetteer)
    found = extract(doc, published)
    if model is not None:
        extra, new = model_facts(model[1], text, gazetteer, model=model[0], rules=found.facts)
        found.facts.extend(extra)
        found.new.update({iri: m for iri, m in new.items() if iri not in found.new})
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    ident = digest[:16]  # the ingestion id: the same text always gives the same ingestion
    publisher, known = _publisher(gazetteer, outlet) if outlet else (None, True)
    meta = ArticleMeta(ident, digest, language,
                       published.isoformat() if published else None, source, title, text,
                       outlet, publisher, not known)
    return ident, write_proposal(meta, gazetteer, found.facts, found.new, found.ambiguous)


@per_generation
def store_gazetteer(kg: KnowledgeStore) -> Gazetteer:
    """The gazetteer of the store's entities, rebuilt after each write."""
    return Gazetteer.from_store(kg)


def ingest(kg: KnowledgeStore, text: str, *, lang: str = "auto", published: str | None = None,
           source: str | None = None, title: str | None = None,
           outlet: str | None = None,
           model: tuple[str, dict[str, Any]] | None = None) -> tuple[dict, bool]:
    """Extract and stage; return ``(description, created)`` (created is False on a repeat).
    ``model``: a model's name and answer whose facts join the rules' (see :func:`propose`)."""
    args = check_request(text, lang=lang, published=published, source=source, title=title,
                         outlet=outlet)
    date = datetime.date.fromisoformat(args["published"]) if args["published"] else None
    ident, proposal = propose(text, store_gazetteer(kg), lang=args["lang"], published=date,
                              source=args["source"], title=args["title"],
                              outlet=args["outlet"], model=model)
    return staging.stage(kg, ident, proposal)


def _publisher(gazetteer: Gazetteer, name: str) -> tuple[str, bool]:
    """``(IRI, known)`` of the outlet called ``name``: the known entity the whole name links
    to, else a new IRI for it."""
    whole = [m for m in gazetteer.find_mentions(name, "en")
             if m.start == 0 and m.end == len(name) and m.entity and not m.new]
    return (whole[0].entity, True) if whole else (gazetteer.new_iri(name), False)
