"""The query page ``/query``: a SPARQL editor, the example questions, and a query's result as
a table, as a graph (the ``/view/query`` view) and as downloads from ``/sparql``.

The page works without JavaScript: its form sends ``?query=`` back to ``/query`` and the
server runs it here, through the same guarded :func:`graph.sparql.execute.run_query` as
``/sparql`` and ``/view/query``, under the caller's :class:`QueryLimits`. With JavaScript
(``static/query.js``) the textarea becomes a YASQE editor and Run asks ``/sparql`` directly;
the table it draws is the one :func:`result_table` describes. :func:`query_data` is the page's
JSON twin (the examples, and the result when a query is given).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox

from graph.errors import KGError
from graph.site.examples import EXAMPLES
from graph.site.i18n import check_page_lang, words
from graph.site.render import GRAPH_NS, ID_NS, render_page
from graph.sparql.execute import QueryLimits, run_query
from graph.sparql.results import AskResult, GraphResult, QueryResult, SelectResult
from graph.store.base import KnowledgeStore
from graph.vocab import PREFIXES

SHOWN_ROWS = 1000
"""Rows the page draws; the downloads carry every row (up to the endpoint's cap)."""
XSD = "http://www.w3.org/2001/XMLSchema#"
OWN_NS = "https://w3id.org/aikg/"
"""Our own IRIs link to their pages (entities, sources) or to nothing, never to the web."""
NUMERIC = frozenset(XSD + n for n in (
    "integer", "decimal", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
    "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong"))
PLAIN = frozenset({XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"})
DOWNLOADS = {"select": (("csv", "CSV"), ("json", "JSON"), ("tsv", "TSV")),
             "ask": (("json", "JSON"), ("xml", "XML")),
             "graph": (("turtle", "Turtle"), ("jsonld", "JSON-LD"), ("ntriples", "N-Triples"))}
EXTENSIONS = {"csv": "csv", "json": "json", "tsv": "tsv", "xml": "xml", "turtle": "ttl",
              "jsonld": "jsonld", "ntriples": "nt"}


def cell(term: Any) -> dict[str, str] | None:
    """One RDF term as the SPARQL JSON results format writes a binding (``None`` unbound)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def result_table(result: QueryResult) -> dict[str, Any]:
    """A result as the page shows it: ``form`` (``select``, ``ask`` or ``graph``),
    ``variables`` in query order (``subject``, ``predicate``, ``object`` for triples),
    ``rows`` of :func:`cell` values, ``truncated`` (the endpoint's row cap cut it), and
    ``graphable``: whether ``/view/query`` can draw it (CONSTRUCT/DESCRIBE, or a SELECT with
    ``?item``)."""
    if isinstance(result, AskResult):
        return {"form": "ask", "boolean": result.value, "variables": [], "rows": [],
                "truncated": False, "graphable": False}
    if isinstance(result, GraphResult):
        rows = [[cell(t.subject), cell(t.predicate), cell(t.object)]
                for t in sorted(result.triples, key=str)]
        return {"form": "graph", "variables": ["subject", "predicate", "object"], "rows": rows,
                "truncated": result.truncated, "graphable": True}
    assert isinstance(result, SelectResult)
    return {"form": "select", "variables": list(result.variables),
            "rows": [[cell(t) for t in row] for row in result.rows],
            "truncated": result.truncated, "graphable": "item" in result.variables}


def compact(iri: str) -> str:
    """``https://w3id.org/aikg/id/nvidia`` → ``id:nvidia``, with the longest predeclared
    namespace that fits; other IRIs unchanged."""
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri


def shown(value: dict[str, str] | None) -> dict[str, Any]:
    """How the table draws one cell: ``text``, a local or web ``href``, a ``note`` (language
    tag or datatype) and ``num`` (right-aligned). ``static/query.js`` draws the same."""
    if value is None:
        return {"text": "", "href": None, "note": None, "num": False}
    kind, text = value["type"], value["value"]
    if kind == "uri":
        href = None
        if text.startswith(ID_NS):
            href = "/entity/" + text[len(ID_NS):]
        elif text.startswith(GRAPH_NS + "doc-"):
            href = "/source/" + text[len(GRAPH_NS):]
        elif text.startswith(("https://", "http://")) and not text.startswith(OWN_NS):
            href = text
        return {"text": compact(text), "href": href, "note": None, "num": False,
                "local": bool(href and href.startswith("/"))}
    if kind == "bnode":
        return {"text": "_:" + text, "href": None, "note": None, "num": False}
    if kind == "literal":
        datatype = value.get("datatype")
        note = value.get("xml:lang") or (compact(datatype) if datatype and datatype not in PLAIN
                                         else None)
        return {"text": text, "href": None, "note": note, "num": datatype in NUMERIC}
    return {"text": text, "href": None, "note": None, "num": False}


def query_links(text: str, form: str, lang: str) -> dict[str, Any]:
    """The result's downloads from ``/sparql`` (by ``format``), its graph view and the link
    that shares the query."""
    view = {"query": text, **({"lang": lang} if lang != "en" else {})}
    return {
        "downloads": [{"label": label, "format": fmt, "file": f"query-result.{EXTENSIONS[fmt]}",
                       "href": "/sparql?" + urlencode({"query": text, "format": fmt})}
                      for fmt, label in DOWNLOADS[form]],
        "graph": "/view/query?" + urlencode(view),
        "share": "/query?" + urlencode(view),
    }


def query_data(kg: KnowledgeStore, *, query: str | None = None, lang: str = "en",
               limits: QueryLimits | None = None) -> dict[str, Any]:
    """The page's content: the examples (in ``lang``), the predeclared prefixes and, with a
    ``query``, its ``result`` (:func:`result_table`) and links.

    Raises:
        QuerySyntaxError: the query does not parse (the error carries line and column).
        QueryRefused: the guard refused it.
    """
    check_page_lang(lang)
    out: dict[str, Any] = {"examples": [e.as_dict(lang) | {"href": example_href(e.query, lang)}
                                        for e in EXAMPLES],
                           "prefixes": dict(PREFIXES), "query": query}
    if query is not None and query.strip():
        table = result_table(run_query(kg, query, limits=limits or QueryLimits()))
        out["result"] = table
        out["links"] = query_links(query, table["form"], lang)
    return out


def example_href(text: str, lang: str) -> str:
    """The link that opens the page with ``text`` loaded and run, at the results."""
    return "/query?" + urlencode({"query": text, **({"lang": lang} if lang != "en" else {})}) \
        + "#results"


def query_page(kg: KnowledgeStore, *, lang: str = "en", here: str = "/query",
               params: dict[str, Any] | None = None, query: str | None = None,
               limits: QueryLimits | None = None) -> tuple[str, KGError | None]:
    """The page in ``lang``, and the error the query raised (``None`` when it ran or there
    was none): a failed query is shown on the page, next to the editor, instead of the
    generic error page."""
    check_page_lang(lang)
    error: KGError | None = None
    try:
        data = query_data(kg, query=query, lang=lang, limits=limits)
    except KGError as exc:
        error = exc
        data = query_data(kg, lang=lang)
        data["query"] = query
    result = data.get("result")
    rows = [[shown(c) for c in row] for row in result["rows"][:SHOWN_ROWS]] if result else []
    json_url = "/query?" + urlencode({"format": "json", **({"query": query} if query else {})})
    html = render_page("query.html", lang, here=here, params=params, data=data, rows=rows,
                       error=_error_view(error, query), shown_rows=SHOWN_ROWS,
                       json_url=json_url, config=_config(lang))
    return html, error


def _error_view(error: KGError | None, query: str | None) -> dict[str, Any] | None:
    """The error as the page shows it: its body, and the line of the query it points at."""
    if error is None:
        return None
    body = error.to_dict()
    line = body.get("line")
    where = f" (line {line}, column {body.get('column')})"
    if isinstance(line, int) and body["message"].endswith(where):  # the page says it once
        body["message"] = body["message"][:-len(where)]
    lines = (query or "").split("\n")
    text = lines[line - 1] if isinstance(line, int) and 0 < line <= len(lines) else None
    return {**body, "line_text": text}


def _config(lang: str) -> dict[str, Any]:
    """What ``static/query.js`` needs: the predeclared prefixes, its words, the row cap."""
    keys = ("q_table", "q_graph", "q_rows", "q_truncated", "q_shown", "q_yes", "q_no",
            "q_answer", "q_running", "q_failed", "q_at", "q_no_rows", "q_graph_needs",
            "q_downloads", "q_share", "q_open_graph", "q_graph_title", "query_label",
            "download")
    t = words(lang)
    return {"lang": lang, "prefixes": dict(PREFIXES), "shown_rows": SHOWN_ROWS,
            "words": {k: t[k] for k in keys}}
