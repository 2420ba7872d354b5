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

import pyoxigraph as ox

from graph.errors import EntityNotFound, InvalidInput
from graph.explore.ids import SLUG
from graph.projection.cache import projection
from graph.site.i18n import check_page_lang
from graph.site.render import GRAPH_NS, ID_NS, render_page, slug
from graph.store import queries
from graph.store.base import KnowledgeStore
from graph.store.memo import per_generation
from graph.vocab import PREFIXES

DOCUMENTS = """SELECT ?doc ?p ?v WHERE {
  ?doc a aikg:Article .
  VALUES ?p { rdfs:label aikg:title aikg:url aikg:language aikg:datePublished rdfs:comment }
  ?doc ?p ?v
}"""
PUBLISHERS = """SELECT ?doc ?name WHERE {
  ?doc a aikg:Article ; aikg:publisher ?pub . ?pub rdfs:label ?name FILTER(lang(?name) = "en")
}"""
GRAPHS = """SELECT DISTINCT ?doc ?g WHERE {
  { GRAPH g:meta { ?g aikg:sourceDocument ?doc } }
  UNION { GRAPH ?g { ?f aikg:source ?doc } }
}"""
FIELDS = {"label": "label", "title": "title", "url": "url", "language": "language",
          "datePublished": "published", "comment": "comment"}


def _rows(kg: KnowledgeStore, text: str) -> list[dict[str, ox.NamedNode | ox.Literal]]:
    return kg.select(text, prefixes=PREFIXES, **queries.known_dataset(kg))


@per_generation
def sources_data(kg: KnowledgeStore) -> list[dict[str, Any]]:
    """Every source document: ``id``, ``iri``, ``title``, ``publisher``, ``url``,
    ``language``, ``published``, ``graphs`` (names of the graphs it feeds) and ``facts``;
    counted once per store generation (a walk over the whole projection)."""
    docs: dict[str, dict[str, Any]] = {}
    for row in _rows(kg, DOCUMENTS):
        doc = docs.setdefault(row["doc"].value, _blank(row["doc"].value))
        field = FIELDS[row["p"].value.rsplit("#", 1)[-1]]
        value = row["v"]
        if field == "label" and getattr(value, "language", None) not in (None, "en"):
            continue
        doc[field] = doc[field] or value.value
    for row in _rows(kg, PUBLISHERS):
        if row["doc"].value in docs:
            docs[row["doc"].value]["publisher"] = row["name"].value
    for row in _rows(kg, GRAPHS):
        if row["doc"].value in docs and isinstance(row["g"], ox.NamedNode):
            docs[row["doc"].value]["graphs"].append(row["g"].value)
    graph = projection(kg)
    facts_by_graph: dict[str, set[str]] = {}
    for _, _, data in graph.edges(data=True):
        if data.get("fact") and data.get("source"):
            facts_by_graph.setdefault(data["source"], set()).add(data["fact"])
    out = []
    for doc in docs.values():
        doc["graphs"] = sorted(set(doc["graphs"]))
        doc["title"] = doc.pop("title") or doc["label"]
        doc["facts"] = len(set().union(*(facts_by_graph.get(g, set()) for g in doc["graphs"])))
        out.append(doc)
    return sorted(out, key=lambda d: (d["published"] or "", d["id"]), reverse=True)


def source_data(kg: KnowledgeStore, source_id: str) -> dict[str, Any]:
    """One source (a document id or the name of a graph it feeds) and the facts it supports,
    sorted by subject, predicate and object."""
    if not isinstance(source_id, str) or not SLUG.match(source_id):
        raise InvalidInput("a source id is a slug such as article-… or doc-…",
                           parameter="source_id")
    wanted = {ID_NS + source_id, GRAPH_NS + source_id}
    found = [d for d in sources_data(kg) if d["iri"] in wanted
             or any(g in wanted for g in d["graphs"])]
    if not found:
        raise EntityNotFound(f"no source called {source_id!r}", id=source_id)
    doc = dict(found[0])  # the list is shared until the next write
    graph = projection(kg)
    facts = []
    for u, v, data in graph.edges(data=True):
        if data.get("source") in doc["graphs"]:
            a, b = graph.nodes[u], graph.nodes[v]
            facts.append({"subject": a["id"], "subject_label": a["label_en"],
                          "predicate": data["predicate"], "label": data["label_en"],
                          "label_pt": data["label_pt"], "object": b["id"],
                          "object_label": b["label_en"], "status": data["status"],
                          "time": data["time"], "quantity": data.get("quantity"),
                          "fact": data["fact"], "graph": data["source"]})
    facts.sort(key=lambda f: (f["subject_label"].lower(), f["label"], f["object_label"].lower(),
                              f["time"] or "", f["fact"] or ""))
    return {**doc, "supports": facts}


def sources_page(kg: KnowledgeStore, *, lang: str = "en", here: str = "/sources",
                 params: dict[str, Any] | None = None) -> str:
    check_page_lang(lang)
    return render_page("sources.html", lang, here=here, params=params,
                       sources=sources_data(kg), json_url="/sources?format=json")


def source_page(kg: KnowledgeStore, source_id: str, *, lang: str = "en", here: str = "/",
                params: dict[str, Any] | None = None) -> str:
    check_page_lang(lang)
    return render_page("source.html", lang, here=here, params=params,
                       s=source_data(kg, source_id), json_url=f"/source/{source_id}?format=json")


def _blank(iri: str) -> dict[str, Any]:
    return {"id": slug(iri), "iri": iri, "label": None, "title": None, "publisher": None,
            "url": None, "language": None, "published": None, "comment": None, "graphs": []}
