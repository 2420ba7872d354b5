"""The sources: every document facts are taken from, and one source's page — its metadata
(outlet, URL, date, language) and every fact it supports, with status and time.

A source is an ``aikg:Article`` described in any graph the store knows (the seeds describe
theirs in ``g:meta``; an accepted ingestion in its own ``g:doc-<id>``). The facts it supports
are the relations of the projection whose fact cites it (``aikg:source``) or that sit in a
graph declared to come from it (``aikg:sourceDocument``). ``/source/<id>`` takes the
document's id (``article-…``) or its graph's name (``doc-…``), as entity pages link it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox

from graph.errors import EntityNotFound, InvalidInput
from graph.explore.ids import SLUG
from graph.explore.source_index import GRAPHS, INDEX_WAIT, rows, source_index
from graph.params import MAX_OFFSET, check_limit
from graph.projection.cache import projection
from graph.site.i18n import check_page_lang
from graph.site.render import GRAPH_NS, ID_NS, render_page, slug
from graph.store.base import KnowledgeStore
from graph.vocab import PREFIXES

DOCUMENTS = """SELECT ?doc ?p ?v WHERE {
  ?doc a aikg:Article .
  VALUES ?p { rdfs:label aikg:title aikg:url aikg:language aikg:datePublished rdfs:comment }
  ?doc ?p ?v
}"""
PUBLISHERS = """SELECT ?doc ?name WHERE {
  ?doc a aikg:Article ; aikg:publisher ?pub . ?pub rdfs:label ?name FILTER(lang(?name) = "en")
}"""
IS_DOCUMENT = "SELECT ?doc WHERE { ?doc a aikg:Article } LIMIT 1"
FIELDS = {"label": "label", "title": "title", "url": "url", "language": "language",
          "datePublished": "published", "comment": "comment"}
PAGE = 100
MAX_PAGE = 1000
def sources_data(kg: KnowledgeStore, *, limit: int = PAGE, offset: int = 0) -> dict[str, Any]:
    """One page of the source documents, newest first: ``total``, ``offset``, ``limit`` and
    ``sources``, each with ``id``, ``iri``, ``title``, ``publisher``, ``url``, ``language``,
    ``published``, ``comment``, ``graphs`` (names of the graphs it feeds) and ``facts``.

    Raises:
        InvalidInput: ``limit`` outside 1–1000 or a negative ``offset``.
        EngineUnavailable: the order of this store generation is still being made.
    """
    check_limit(limit, "limit", MAX_PAGE)
    check_limit(offset, "offset", MAX_OFFSET, minimum=0)
    index = source_index.within(kg, INDEX_WAIT)
    page = [_document(kg, iri, index.facts.get(iri, 0))
            for iri in index.order[offset:offset + limit]]
    return {"total": len(index.order), "offset": offset, "limit": limit, "sources": page}


def _document(kg: KnowledgeStore, iri: str, facts: int) -> dict[str, Any]:
    """One source's metadata (three lookups bound to its IRI)."""
    doc, node = _blank(iri), ox.NamedNode(iri)
    for row in rows(kg, DOCUMENTS, doc=node):
        field = FIELDS[row["p"].value.rsplit("#", 1)[-1]]
        value = row["v"]
        if field == "label" and getattr(value, "language", None) not in (None, "en"):
            continue
        doc[field] = doc[field] or value.value
    for row in rows(kg, PUBLISHERS, doc=node):
        doc["publisher"] = row["name"].value
    doc["graphs"] = sorted({row["g"].value for row in rows(kg, GRAPHS, doc=node)
                            if isinstance(row["g"], ox.NamedNode)})
    doc["title"] = doc.pop("title") or doc["label"]
    doc["facts"] = facts
    return doc


def source_data(kg: KnowledgeStore, source_id: str) -> dict[str, Any]:
    """One source (a document id or the name of a graph it feeds) and the facts it supports,
    sorted by subject, predicate and object."""
    if not isinstance(source_id, str) or not SLUG.match(source_id):
        raise InvalidInput("a source id is a slug such as article-… or doc-…",
                           parameter="source_id")
    iri = _find(kg, source_id)
    if iri is None:
        raise EntityNotFound(f"no source called {source_id!r}", id=source_id)
    doc = _document(kg, iri, 0)
    graph = projection(kg)
    fed, facts = set(doc["graphs"]), []
    for u, v, data in graph.edges(data=True):
        if data.get("source") in fed:
            a, b = graph.nodes[u], graph.nodes[v]
            facts.append({"subject": a["id"], "subject_label": a["label_en"],
                          "predicate": data["predicate"], "label": data["label_en"],
                          "label_pt": data["label_pt"], "object": b["id"],
                          "object_label": b["label_en"], "status": data["status"],
                          "time": data["time"], "quantity": data.get("quantity"),
                          "fact": data["fact"], "graph": data["source"]})
    facts.sort(key=lambda f: (f["subject_label"].lower(), f["label"], f["object_label"].lower(),
                              f["time"] or "", f["fact"] or ""))
    doc["facts"] = len({f["fact"] for f in facts if f["fact"]})
    return {**doc, "supports": facts}


def _find(kg: KnowledgeStore, source_id: str) -> str | None:
    """The IRI of the document ``source_id`` names: its own id, or a graph it feeds."""
    document = ox.NamedNode(ID_NS + source_id)
    if rows(kg, IS_DOCUMENT, doc=document):
        return document.value
    graph = ox.NamedNode(GRAPH_NS + source_id)
    fed = sorted(row["doc"].value for row in rows(kg, GRAPHS, g=graph)
                 if rows(kg, IS_DOCUMENT, doc=row["doc"]))
    return fed[0] if fed else None


def sources_page(kg: KnowledgeStore, *, limit: int = PAGE, offset: int = 0, lang: str = "en",
                 here: str = "/sources", params: dict[str, Any] | None = None) -> str:
    check_page_lang(lang)
    listing = sources_data(kg, limit=limit, offset=offset)
    return render_page("sources.html", lang, here=here, params=params, listing=listing,
                       json_url="/sources?" + urlencode({"format": "json", "limit": limit,
                                                         "offset": offset}))


def source_page(kg: KnowledgeStore, source_id: str, *, lang: str = "en", here: str = "/",
                params: dict[str, Any] | None = None) -> str:
    check_page_lang(lang)
    return render_page("source.html", lang, here=here, params=params,
                       s=source_data(kg, source_id), json_url=f"/source/{source_id}?format=json")


def _blank(iri: str) -> dict[str, Any]:
    return {"id": slug(iri), "iri": iri, "label": None, "title": None, "publisher": None,
            "url": None, "language": None, "published": None, "comment": None, "graphs": []}
