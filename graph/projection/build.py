"""The full build of the projection (see :mod:`graph.projection.cache` for what it contains).

The pieces are shared with the incremental refresh (:mod:`graph.projection.delta`): rows of the
named queries (``graph/store/queries/projection_*.rq``, optionally with one variable bound by a
pyoxigraph substitution) become node attributes (:func:`node_attrs`) and edges
(:func:`direct_edges`, :func:`folded_edges`) by the same code either way, so both paths give
the same attributes. :func:`edge_order`: the order of the keys (0, 1, …) of parallel edges.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import networkx as nx
import pyoxigraph as ox

from graph.projection.acyclic import Projection
from graph.projection.records import compact_graph
from graph.store import queries
from graph.store.base import KnowledgeStore
from graph.vocab import PREFIXES

AIKG = PREFIXES["aikg"]
ID_NS = PREFIXES["id"]
WD_NS = PREFIXES["wd"]
PROJ = "https://w3id.org/aikg/projection#"
"""Namespace of the projection-only predicates of folded edges."""
FACT_CLASSES = frozenset(AIKG + c for c in (
    "Assertion", "Claim", "ClusterState", "ChipAllocation", "Holding", "FundingRound", "Investment",
    "MonetaryAmount", "Event", "Announcement", "Meeting", "InvestorEvent", "Status"))
"""Classes whose instances are facts, never nodes (whatever other class they also have)."""
PROVENANCE_CLASSES = frozenset({AIKG + "Article", AIKG + "Ingestion"})
"""Classes of where facts come from: nodes (entity pages and views show an article's links),
but no part of the relationships that centrality, communities and paths read
(:func:`relationship_view`), where every ingested article would be a hub linking the companies
it mentions."""
DERIVED = {
    PROJ + "uses": ("uses", "usa"), PROJ + "met": ("met", "encontrou-se com"),
    PROJ + "attended": ("attended an event of", "participou num evento de"),
    PROJ + "announced": ("announced", "anunciou"),
    PROJ + "holdsChipsOf": ("holds chips of", "detém chips de")}
"""Projection-only predicate IRI → (English, Portuguese) label."""
TIME_ORDER = ("asOf", "announcedOn", "notAfter")
Edge = tuple[str, str, dict[str, Any]]


def build(kg: KnowledgeStore) -> nx.MultiDiGraph:
    """A new projection of ``kg`` from scratch (the caller disables the cyclic GC)."""
    graph = Projection(generation=kg.generation, **ontology_attrs(kg))
    for iri, attrs in sorted(node_attrs(rows(kg, "projection_entities"),
                                        rows(kg, "projection_names")).items()):
        graph.add_node(iri, **attrs)
    triples = {(r["s"], r["p"], r["o"], r["g"]) for r in rows(kg, "projection_direct")}
    graph.add_edges_from(direct_edges(graph, triples, assertion_rows(kg)))
    for name in FOLDS:
        graph.add_edges_from(folded_edges(graph, name, rows(kg, name)))
    compact_graph(graph)
    return graph


def relationship_view(graph: nx.Graph) -> nx.Graph:
    """``graph`` without its provenance nodes (:data:`PROVENANCE_CLASSES`) and their edges."""
    return nx.subgraph_view(graph, filter_node=lambda n: not PROVENANCE_CLASSES.intersection(
        graph.nodes[n].get("classes", ())))


def ident(iri: str) -> str:
    """The id of an entity IRI: its slug under ``id:``, else the IRI itself."""
    return iri[len(ID_NS):] if iri.startswith(ID_NS) and len(iri) > len(ID_NS) else iri


@lru_cache(maxsize=4096)
def local_name(iri: str | None) -> str | None:
    """The part of an IRI after its last ``#`` or ``/``."""
    if iri is None or "#" in iri:
        return iri and iri.rsplit("#", 1)[-1]
    return iri.rstrip("/").rsplit("/", 1)[-1]


def number(value: str | None) -> int | float | None:
    """A numeric lexical form as ``int`` when integral, else ``float``; ``None`` if not one."""
    try:
        parsed = Decimal(value)  # type: ignore[arg-type]
    except (InvalidOperation, TypeError):
        return None
    return int(parsed) if parsed == parsed.to_integral_value() else float(parsed)


# -- queries and ontology ------------------------------------------------------------------------

def rows(kg: KnowledgeStore, name: str, **bindings: ox.NamedNode | ox.BlankNode
         ) -> list[dict[str, str]]:
    """Rows of a named query as plain strings (IRIs, lexical forms; unbound variables absent):
    much faster than term objects; queries project ``LANG()``/``DATATYPE()`` where needed.
    ``bindings`` bind query variables (pyoxigraph substitutions, never text)."""
    substitutions = {ox.Variable(k): v for k, v in bindings.items()} or None
    ask = {"prefixes": PREFIXES, "substitutions": substitutions, **queries.known_dataset(kg)}
    if kg.remote:  # values only, read past an engine's row cap (Virtuoso's)
        names, values = kg.select_values(queries.load(name), **ask)  # type: ignore[attr-defined]
        return [{n: v for n, v in zip(names, row) if v is not None} for row in values]
    solutions = kg.query(queries.load(name), **ask)
    names = [v.value for v in solutions.variables]
    return [{n: t.value for n, t in zip(names, row) if t is not None} for row in solutions]


def assertion_rows(kg: KnowledgeStore, *, split: bool | None = None) -> list[dict[str, str]]:
    """Every row of ``projection_assertions``. Over a remote store (or with ``split``) read as
    two queries, the assertions and the times, joined here on ``?fact`` and ``?g`` into the
    same rows: the one query is three times slower over Virtuoso at 10M quads (590 s)."""
    if not (kg.remote if split is None else split):
        return rows(kg, "projection_assertions")
    times: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in rows(kg, "projection_times"):
        times.setdefault((row.pop("fact"), row.pop("g")), []).append(row)
    return [{**fact, **time} for fact in rows(kg, "projection_assertion_facts")
            for time in times.get((fact["fact"], fact["g"]), ({},))]


def ontology_attrs(kg: KnowledgeStore) -> dict[str, Any]:
    """``properties`` and ``superclasses``: what the ontology tells a projection (``G.graph``)."""
    return {"properties": _properties(kg), "superclasses": _superclasses(kg)}


def _properties(kg: KnowledgeStore) -> dict[str, dict[str, Any]]:
    props: dict[str, dict[str, Any]] = {}
    for row in rows(kg, "projection_properties"):
        entry = props.setdefault(row["property"], {"labels": {}, "inverse": None,
                                                   "derived": False,
                                                   "symmetric": "symmetric" in row})
        entry["inverse"] = row.get("inverse", entry["inverse"])
        if "label" in row:
            entry["labels"].setdefault(row.get("lang", ""), row["label"])
    for info in props.values():
        info["label_en"], info["label_pt"] = _pick(info.pop("labels"))
    for iri, (en, pt) in DERIVED.items():
        props[iri] = {"label_en": en, "label_pt": pt, "inverse": None, "derived": True,
                      "symmetric": iri == PROJ + "met"}
    return props


def _superclasses(kg: KnowledgeStore) -> dict[str, set[str]]:
    """Each class of the ontology → itself and all its superclasses (transitively)."""
    classes: set[str] = set()
    direct: dict[str, set[str]] = {}
    for row in rows(kg, "projection_classes"):
        if row["class"] == row["super"]:
            classes.add(row["class"])
        else:
            direct.setdefault(row["class"], set()).add(row["super"])
    supers: dict[str, set[str]] = {}
    for cls in classes:
        seen, todo = {cls}, [cls]
        while todo:
            for parent in direct.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        supers[cls] = seen
    return supers


def _pick(labels: dict[str, str]) -> tuple[str | None, str | None]:
    """(English, Portuguese) from language tag → text, preferring plain ``en``/``pt`` tags."""
    def best(lang: str) -> str | None:
        tags = [t for t in labels if t == lang or t.startswith(lang + "-")]
        return labels[min(tags, key=lambda t: (t != lang, t))] if tags else None
    en, pt = best("en"), best("pt")
    return en or pt or labels.get(""), pt or en or labels.get("")


# -- nodes ---------------------------------------------------------------------------------------
# -- nodes ---------------------------------------------------------------------------------------

def node_attrs(entity_rows: list[dict[str, str]], name_rows: list[dict[str, str]]
               ) -> dict[str, dict[str, Any]]:
    """IRI → node attributes of the entities among the rows of ``projection_entities`` (those
    with no fact class), named from the rows of ``projection_names``."""
    classes: dict[str, set[str]] = defaultdict(set)
    for row in entity_rows:
        classes[row["entity"]].add(row["class"])
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    aliases: dict[str, set[str]] = defaultdict(set)
    qids: dict[str, str] = {}
    for row in name_rows:
        entity, prop, value = row["entity"], row["property"], row["value"]
        if prop.endswith("#label"):
            labels[entity].setdefault(row.get("lang", ""), value)
        elif prop.endswith("#altLabel"):
            aliases[entity].add(value)
        elif prop == AIKG + "wikidataQID":
            qids[entity] = value
        elif value.startswith(WD_NS + "Q"):
            qids.setdefault(entity, value[len(WD_NS):])
    found = {}
    for iri, types in classes.items():
        if types & FACT_CLASSES:
            continue
        en, pt = _pick(labels.get(iri, {}))
        slug = ident(iri)
        found[iri] = {"iri": iri, "id": slug, "label_en": en or slug, "label_pt": pt or slug,
                      "aliases": sorted(aliases.get(iri, ())), "classes": sorted(types),
                      "wikidata": qids.get(iri)}
    return found


# -- edges ---------------------------------------------------------------------------------------

def _attrs(graph: nx.MultiDiGraph, predicate: str, kind: str, source: str, fact: str | None,
           status: str | None, time: tuple[str, str | None, str] | None) -> dict[str, Any]:
    info = graph.graph["properties"][predicate]
    value, datatype, prop = time or (None, None, None)
    return {"predicate": predicate, "label_en": info["label_en"], "label_pt": info["label_pt"],
            "kind": kind, "source": source, "fact": fact,
            "status": local_name(status) or "Actual", "time": value, "time_type": datatype,
            "time_property": local_name(prop), "symmetric": info["symmetric"]}


def _best_time(found: list[dict[str, str]], prefix: str = "") -> tuple[str, str, str] | None:
    """(value, datatype, property) of a fact's time from its rows, by :data:`TIME_ORDER`;
    ``prefix="parent"`` reads ``?parentTime``/``?parentTimeType``/``?parentTimeProperty``."""
    value, dtype, prop = (f"{prefix}Time", f"{prefix}TimeType", f"{prefix}TimeProperty") \
        if prefix else ("time", "timeType", "timeProperty")
    timed = [r for r in found if value in r]
    if len(timed) < 2:
        return (timed[0][value], timed[0].get(dtype), timed[0][prop]) if timed else None
    named = {local_name(r[prop]): (r[value], r.get(dtype), r[prop]) for r in timed}
    return next((named[n] for n in TIME_ORDER if n in named), None)


def direct_edges(graph: nx.MultiDiGraph, triples: set[tuple[str, str, str, str]],
                 assertion_rows: list[dict[str, str]]) -> list[Edge]:
    """Edges of the direct ``(s, p, o, g)`` triples between two nodes of ``graph``, sorted, with
    status and time from the first assertion by IRI among ``assertion_rows`` naming each."""
    facts: dict[tuple[str, str, str, str], tuple[str, list[dict[str, str]]]] = {}
    for row in assertion_rows:  # keep the first assertion by IRI
        key, fact = (row["s"], row["p"], row["o"], row["g"]), row["fact"]
        kept = facts.get(key)
        if kept is None or fact < kept[0]:
            facts[key] = (fact, [row])
        elif fact == kept[0]:
            kept[1].append(row)
    edges = []
    for key in sorted(k for k in triples if k[0] in graph and k[2] in graph):
        fact, found = facts.get(key, (None, []))
        status = next((r["status"] for r in found if "status" in r), None)
        edges.append((key[0], key[2], _attrs(graph, key[1], "direct", key[3], fact, status,
                                             _best_time(found))))
    return edges


FOLDS = {
    "projection_uses": ("cluster", "chip", PROJ + "uses",
                        {"quantity": "quantity", "state": "state"}),
    "projection_investments": ("investor", "org", AIKG + "investedIn", {
        "round": "round", "round_label": "roundLabel", "raised": "raised", "amount": "amount",
        "currency": "currency", "post_money": "post"}),
    "projection_events": ("a", "b", None, {}),
    "projection_holdings": ("holder", "target", PROJ + "holdsChipsOf", {
        "min_quantity": "minQuantity", "quantity_text": "quantityText"}),
}
"""Query name → (subject variable, object variable, predicate (``None``: ``PROJ + ?kind``),
edge attribute → variable). Status and time come from ``?status``/``?time…`` of the fact node
(``?fact``), else from ``?parentStatus``/``?parentTime…`` (the cluster state of an allocation,
the round of an investment)."""
_NUMBERS = frozenset({"quantity", "raised", "amount", "post_money", "min_quantity"})
_GROUP = {"direct": 0, "uses": 1, "investedIn": 2, "met": 3, "attended": 3, "announced": 3,
          "holdsChipsOf": 4}


def folded_edges(graph: nx.MultiDiGraph, name: str, found: list[dict[str, str]]) -> list[Edge]:
    """Edges folded from the rows of the query ``name`` of :data:`FOLDS`, between two nodes of
    ``graph``, sorted, one per (subject, object, predicate, fact, graph)."""
    subject, obj, predicate, extra = FOLDS[name]
    groups: dict[tuple[str, ...], list[dict[str, str]]] = {}
    for row in found:
        s, o = row[subject], row[obj]
        if s in graph and o in graph:
            p = predicate or PROJ + row["kind"]
            groups.setdefault((s, o, p, row["fact"], row["g"]), []).append(row)
    edges = []
    for (s, o, p, fact, g), rows_ in sorted(groups.items()):
        first = rows_[0]
        attrs = {a: (number if a in _NUMBERS else str)(first[v]) if v in first else None
                 for a, v in extra.items()}
        edges.append((s, o, {**_attrs(graph, p, local_name(p), g, fact,
                                      first.get("status") or first.get("parentStatus"),
                                      _best_time(rows_) or _best_time(rows_, "parent")),
                             "fact_label": next((r["label"] for r in rows_ if "label" in r), None),
                             **attrs}))
    return edges


def edge_order(data: dict[str, Any]) -> tuple[int, str, str, str]:
    """Sort key of the edges between two given nodes: the order a full build adds them in
    (direct edges, then each fold of :data:`FOLDS` in turn, each sorted)."""
    group = _GROUP[data["kind"]]
    return (group, data["predicate"], data["fact"] or "" if group else "", data["source"])
