"""Interactive HTML views of the knowledge graph (run in the engine; each returns a string).

* :func:`whole_graph_html` — the projection, optionally as of a day and limited to classes;
* :func:`entity_view_html` — an entity and everything within ``depth`` hops;
* :func:`path_view_html` — the paths between two entities (named by slug, IRI or name), the
  shortest highlighted strongest and the others lighter, in their context (the paths' nodes
  and their 1-hop neighbourhood);
* :func:`query_view_html` — a SPARQL result as a graph: CONSTRUCT/DESCRIBE triples between
  resources, or SELECT rows following Wikidata's Graph-view conventions
  (``?item ?itemLabel ?linkedItem ?linkedItemLabel ?edgeLabel ?rgb``).

Every view reads the cached projection (never rebuilt per request); SPARQL text goes through
:func:`graph.sparql.execute.run_query` (guarded, row-capped) like any other query. Pages come from
:func:`graph.views.render.render_html`: self-contained, offline and deterministic.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date
from typing import Any

import networkx as nx
import pyoxigraph as ox

from graph.errors import InvalidInput
from graph.explore.entities import MAX_DEPTH, class_iri, neighbours, resolve
from graph.explore.paths import MAX_HOPS, find_paths
from graph.params import check_limit
from graph.projection.cache import ID_NS, ident, local_name, projection
from graph.projection.timefilter import parse_as_of, subgraph_as_of
from graph.sparql.execute import QueryLimits, run_query
from graph.sparql.results import GraphResult, SelectResult
from graph.store.base import KnowledgeStore
from graph.views.legend import check_lang
from graph.views.render import render_html
from graph.views.titles import TITLES

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
CONTEXT_PER_NODE = 12
"""Neighbours drawn around each entity of a path view, beside the paths themselves."""
CONVENTION = ("a graph view needs a CONSTRUCT or DESCRIBE query, or a SELECT following "
              "Wikidata's graph-view conventions: ?item (a node), optional ?linkedItem (a node "
              "linked from ?item), optional ?itemLabel, ?linkedItemLabel, ?edgeLabel and ?rgb "
              "(a node colour such as 'e63946')")


def _as_of_suffix(day: date | None, lang: str) -> str:
    return f" ({TITLES[lang]['as_of']} {day.isoformat()})" if day else ""


def _label(graph: nx.MultiDiGraph, iri: str, lang: str) -> str:
    return graph.nodes[iri][f"label_{lang}"]


def whole_graph_html(kg: KnowledgeStore, *, as_of: str | date | None = None,
                     classes: Iterable[str] | None = None, lang: str = "en",
                     max_nodes: int = 1500) -> str:
    """The whole projection as visible on ``as_of``, optionally only entities of some classes
    (names such as ``Company`` or IRIs; subclasses included)."""
    check_lang(lang)
    day = parse_as_of(as_of)
    graph = projection(kg)
    view = subgraph_as_of(graph, day)
    title = TITLES[lang]["whole"]
    wanted = [class_iri(graph, c) for c in classes or () if c]
    if wanted:
        supers = graph.graph["superclasses"]
        keep = [n for n, d in graph.nodes(data=True)
                if any(w in supers.get(c, {c}) for c in d["classes"] for w in wanted)]
        view = view.subgraph(keep)
        title += " — " + ", ".join(local_name(w) for w in wanted)
    return render_html(view, title=title + _as_of_suffix(day, lang), lang=lang,
                       max_nodes=max_nodes)


def entity_subgraph(kg: KnowledgeStore, id_or_iri: str, *, depth: int = 1,
                    as_of: str | date | None = None) -> nx.MultiDiGraph:
    """The entity's neighbourhood (:func:`graph.explore.entities.neighbours`) as an induced subgraph
    view of the as-of projection."""
    found = neighbours(kg, id_or_iri, depth=depth, as_of=as_of)
    graph = projection(kg)
    return subgraph_as_of(graph, parse_as_of(as_of)).subgraph(n["iri"] for n in found["nodes"])


def entity_view_html(kg: KnowledgeStore, id_or_iri: str, *, depth: int = 1,
                     as_of: str | date | None = None, lang: str = "en") -> str:
    """An entity (drawn larger) and every entity within ``depth`` hops (1–3)."""
    check_lang(lang)
    check_limit(depth, "depth", MAX_DEPTH)
    day = parse_as_of(as_of)
    sub = entity_subgraph(kg, id_or_iri, depth=depth, as_of=day)
    graph = projection(kg)
    iri = resolve(graph, id_or_iri)
    title = TITLES[lang]["entity"].format(label=_label(graph, iri, lang), depth=depth,
                                          s="" if depth == 1 else "s")
    return render_html(sub, title=title + _as_of_suffix(day, lang), lang=lang, focus=iri)


def path_edges(kg: KnowledgeStore, answer: dict[str, Any],
               index: int = 0) -> list[tuple[str, str, int]]:
    """The projection edges ``(u, v, key)`` of path ``index`` (the first: the shortest) of a
    :func:`find_paths` answer: for each step the very edge the step reports (predicate, fact
    and source)."""
    graph = projection(kg)
    if len(answer["paths"]) <= index:
        return []
    found = []
    for step in answer["paths"][index]["steps"]:
        a, b = resolve(graph, step["from"]), resolve(graph, step["to"])
        ends = [(a, b), (b, a)] if step["direction"] == "symmetric" else \
            [(b, a)] if step["direction"] == "backward" else [(a, b)]
        for u, v in ends:
            key = next((k for k, d in graph.succ[u].get(v, {}).items()
                        if d["predicate"] == step["predicate"] and d["fact"] == step["fact"]
                        and d["source"] == step["source"]), None)
            if key is not None:
                found.append((u, v, key))
                break
    return found


def path_view_html(kg: KnowledgeStore, from_id: str, to_id: str, *, max_hops: int = 4,
                   limit: int = 10, as_of: str | date | None = None, lang: str = "en") -> str:
    """Every simple path :func:`find_paths` returns (at most ``limit``, of at most
    ``max_hops`` hops) from ``from_id`` to ``to_id`` (slugs, IRIs or names): the shortest
    path's edges thick and red, the others' lighter, among the paths' nodes and their 1-hop
    neighbours; the title says how many paths were found."""
    check_lang(lang)
    check_limit(max_hops, "max_hops", MAX_HOPS)
    day = parse_as_of(as_of)
    answer = find_paths(kg, from_id, to_id, max_hops=max_hops, limit=limit, as_of=day)
    graph = projection(kg)
    view = subgraph_as_of(graph, day)
    a, b = answer["from"]["iri"], answer["to"]["iri"]
    found = answer["paths"]
    on_path = list(dict.fromkeys([a] + [resolve(graph, n) for path in found
                                        for n in path["nodes"]] + [b]))
    context, left_out = _context(view, on_path)
    words = TITLES[lang]
    names = {"a": _label(graph, a, lang), "b": _label(graph, b, lang)}
    title = (words["nopath"] if not found else words["path"] if len(found) == 1
             else words["paths"]).format(**names, hops=max_hops, n=len(found))
    notes = [found[0]["explanation"]] if found and lang == "en" else []
    if len(found) == limit:
        notes.append(words["first"].format(n=limit))
    if not answer["complete"]:
        notes.append(words["incomplete"])
    if left_out:
        notes.append(words["left_out"].format(n=left_out, each=CONTEXT_PER_NODE))
    others = [edge for i in range(1, len(found)) for edge in path_edges(kg, answer, i)]
    return render_html(view.subgraph(context), title=title + _as_of_suffix(day, lang),
                       lang=lang, focus=[a, b], highlight_edges=path_edges(kg, answer),
                       other_edges=others, other_paths=max(len(found) - 1, 0), notes=notes)


def _context(view: nx.MultiDiGraph, on_path: list[str]) -> tuple[set[str], int]:
    """The entities of the paths and up to :data:`CONTEXT_PER_NODE` neighbours of each (in
    adjacency order), and how many neighbours were left out."""
    context, left_out = set(on_path), set()
    for node in on_path:
        around = dict.fromkeys(itertools.chain(view.successors(node), view.predecessors(node)))
        extra = [n for n in around if n not in context]
        context.update(extra[:CONTEXT_PER_NODE])
        left_out.update(extra[CONTEXT_PER_NODE:])
    return context, len(left_out - context)


# -- query results -------------------------------------------------------------------------------

def _key(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return f'"{term.value}"'
    return str(term)


def _node(result: nx.MultiDiGraph, graph: nx.MultiDiGraph, term: Any) -> str:
    """Add ``term`` as a node (labels and classes from the projection when it is an entity)."""
    key = _key(term)
    if key not in result:
        if key in graph:
            data = graph.nodes[key]
            result.add_node(key, id=data["id"], label_en=data["label_en"],
                            label_pt=data["label_pt"], classes=list(data["classes"]),
                            wikidata=data["wikidata"])
        else:
            name = term.value if isinstance(term, ox.Literal) else \
                ident(key) if key.startswith(ID_NS) else local_name(key) or key
            result.add_node(key, id=ident(key), label_en=name, label_pt=name, classes=[])
    return key


def query_graph(kg: KnowledgeStore, text: str, *,
                limits: QueryLimits | None = None) -> tuple[nx.MultiDiGraph, bool]:
    """A query's result as a graph, and whether the result was truncated (see module doc).

    Raises:
        InvalidInput: an ASK, or a SELECT without ``?item`` (the message explains the
            conventions).
    """
    result = run_query(kg, text, limits=limits)
    graph = projection(kg)
    props = graph.graph["properties"]
    out = nx.MultiDiGraph()
    if isinstance(result, GraphResult):
        labels: dict[str, dict[str, str]] = {}
        types: dict[str, list[str]] = {}
        details: dict[str, list[str]] = {}
        for s, p, o in (t for t in sorted(result.triples, key=str)):
            if isinstance(o, ox.Literal):
                if p.value in (RDFS_LABEL, SKOS_PREF):
                    labels.setdefault(_key(s), {}).setdefault((o.language or "")[:2], o.value)
                else:
                    details.setdefault(_key(s), []).append(f"{local_name(p.value)}: {o.value}")
                continue
            if p.value == RDF_TYPE:
                types.setdefault(_key(s), []).append(o.value)
                continue
            u, v = _node(out, graph, s), _node(out, graph, o)
            info = props.get(p.value, {})
            name = local_name(p.value) or p.value
            out.add_edge(u, v, predicate=p.value, label_en=info.get("label_en") or name,
                         label_pt=info.get("label_pt") or name)
        for key in list(labels) + list(types) + list(details):
            if key not in out:
                out.add_node(key, id=ident(key), label_en=local_name(key) or key,
                             label_pt=local_name(key) or key, classes=[])
        for key, names in labels.items():
            en = names.get("en") or names.get("") or next(iter(names.values()))
            out.nodes[key].update(label_en=en, label_pt=names.get("pt") or en)
        for key, found in types.items():
            out.nodes[key]["classes"] = sorted(set(out.nodes[key]["classes"]) | set(found))
        for key, lines in details.items():
            out.nodes[key]["details"] = lines[:20]
        return out, result.truncated
    if not isinstance(result, SelectResult) or "item" not in result.variables:
        raise InvalidInput(CONVENTION, parameter="query")
    column = {name: i for i, name in enumerate(result.variables)}

    def cell(row: tuple[Any, ...], name: str) -> Any:
        return row[column[name]] if name in column else None

    for row in result.rows:
        item = cell(row, "item")
        if item is None:
            continue
        u = _node(out, graph, item)
        for node, label_var in ((u, "itemLabel"),):
            _relabel(out, node, cell(row, label_var), cell(row, "rgb"))
        linked = cell(row, "linkedItem")
        if linked is not None:
            v = _node(out, graph, linked)
            _relabel(out, v, cell(row, "linkedItemLabel"), None)
            edge = cell(row, "edgeLabel")
            name = edge.value if edge is not None else ""
            out.add_edge(u, v, label_en=name, label_pt=name)
    return out, result.truncated


def _relabel(out: nx.MultiDiGraph, node: str, label: Any, rgb: Any) -> None:
    if label is not None:
        out.nodes[node].update(label_en=label.value, label_pt=label.value)
    if rgb is not None:
        out.nodes[node]["color"] = rgb.value


def query_view_html(kg: KnowledgeStore, text: str, *, lang: str = "en",
                    limits: QueryLimits | None = None) -> str:
    """A SPARQL result drawn as a graph (see :func:`query_graph`)."""
    check_lang(lang)
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("give a SPARQL query", parameter="query")
    result, truncated = query_graph(kg, text, limits=limits)
    words = TITLES[lang]
    rows = (limits or QueryLimits()).max_rows
    return render_html(result, title=words["query"], lang=lang,
                       notes=[words["truncated"].format(rows=rows)] if truncated else [])
