"""The store as a networkx ``MultiDiGraph``: entities as nodes, relations as typed edges.

Built by :func:`build_projection` from a handful of named SPARQL queries
(``graph/queries/projection_*.rq``); :func:`projection` returns a cached copy per store that is
rebuilt only when ``kg.generation`` changes (every write bumps it), never per request.

**Nodes** are *entities*: IRIs typed with an ``aikg:`` class in a data graph (any graph but
``g:ontology``, ``g:shapes``, ``g:catalog``) — people, organisations (companies, investment
firms, media outlets), chip models, AI/language models, compute clusters and articles. Not nodes:
literals, blank nodes, ontology terms (``aikg:…``, status individuals) and **fact nodes**
(:data:`FACT_CLASSES`: assertions, claims, cluster states, chip allocations, holdings, funding
rounds, investments, monetary amounts, events). Node attributes: ``iri``, ``id`` (slug after
``https://w3id.org/aikg/id/``, else the IRI), ``label_en``, ``label_pt`` (falling back to each
other, then to the id), ``aliases`` (``skos:altLabel`` values), ``classes`` (sorted asserted
class IRIs), ``wikidata`` (QID or ``None``).

**Edges** (attributes ``predicate``, ``label_en``, ``label_pt``, ``kind``, ``status`` — local
name, ``"Actual"`` when nothing says otherwise —, ``time``/``time_type``/``time_property``
(``asOf`` > ``announcedOn`` > ``notAfter``), ``source`` (named graph IRI), ``fact`` (IRI of the
assertion or n-ary node, or ``None``), ``symmetric``):

* ``direct``: a triple between two entities in a data graph whose predicate is an
  ``owl:ObjectProperty`` of ``g:ontology``, one edge per (triple, graph). Status and time come
  from the ``aikg:Assertion`` of the same graph naming that triple (the first by IRI if several).
* folded n-ary facts, one edge per fact node (extra attributes in brackets):
  ``uses`` cluster → chip model per chip allocation of a cluster state [``quantity``, ``state``;
  time and status of the allocation, else of its state]; ``aikg:investedIn`` investor →
  organisation per investment in a funding round [``round``, ``round_label``, ``raised``,
  ``amount``, ``currency``, ``post_money``]; ``met`` between each pair of meeting participants
  (one edge, lower IRI first, ``symmetric``); ``attended`` participant → organiser of other
  events; ``announced`` announcer → announced entity (or the cluster of an announced cluster
  state); ``holdsChipsOf`` holder → chip model, else manufacturer, of a holding
  [``min_quantity``, ``quantity_text``]. Folded edges carry ``fact_label`` (the node's English
  label). ``uses``, ``met``, ``attended``, ``announced``, ``holdsChipsOf`` are projection-only
  predicates under :data:`PROJ` (never stored).

**Dropped**: datatype properties and labels (kept only as node attributes above), ``rdf:type``,
claims (they have no object entity), triples touching a fact node (``hasFundingRound``,
``aikg:source``, ``aikg:status``, …; the folded edges carry what matters), funding rounds without
investments, triples in the ontology, shapes and catalog graphs.

``G.graph`` holds ``generation``, ``properties`` (predicate IRI → labels, inverse, symmetric,
derived) and ``superclasses`` (class IRI → set of its superclasses, itself included).
"""

from __future__ import annotations

import gc
import threading
import weakref
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import networkx as nx

from graph import queries
from graph.errors import EngineUnavailable
from graph.store import KnowledgeStore
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
DERIVED = {
    PROJ + "uses": ("uses", "usa"), PROJ + "met": ("met", "encontrou-se com"),
    PROJ + "attended": ("attended an event of", "participou num evento de"),
    PROJ + "announced": ("announced", "anunciou"),
    PROJ + "holdsChipsOf": ("holds chips of", "detém chips de")}
"""Projection-only predicate IRI → (English, Portuguese) label."""
TIME_ORDER = ("asOf", "announcedOn", "notAfter")

_cache: dict[int, tuple[weakref.ref, int, nx.MultiDiGraph]] = {}
_jobs: dict[int, _Build] = {}
_lock = threading.Lock()
_builds = 0
BUILD_WAIT = 8.0
"""Seconds a caller waits for a build in progress before getting a 503 ``Retry-After``: less
than the engine's query deadline, so a slow build on a big store never gets its worker killed
(which would only restart the build), it just keeps going while callers retry."""


class _Build:
    """One projection build running on its own thread."""

    def __init__(self, kg: KnowledgeStore) -> None:
        self.generation = kg.generation
        self.done = threading.Event()
        self.error: BaseException | None = None
        threading.Thread(target=self._run, args=(kg,), name="aikg-projection",
                         daemon=True).start()

    def _run(self, kg: KnowledgeStore) -> None:
        try:
            graph = build_projection(kg)
            with _lock:
                for key in [k for k, e in _cache.items() if e[0]() is None]:
                    del _cache[key]  # stores that are gone
                _cache[id(kg)] = (weakref.ref(kg), self.generation, graph)
        except BaseException as exc:  # handed to the callers waiting for this build
            self.error = exc
        finally:
            self.done.set()


def start_build(kg: KnowledgeStore) -> _Build | None:
    """Start building ``kg``'s projection in the background unless it is fresh or already being
    built for the current generation; returns the running build, or ``None`` if fresh."""
    with _lock:
        entry = _cache.get(id(kg))
        if entry and entry[0]() is kg and entry[1] == kg.generation:
            return None
        job = _jobs.get(id(kg))
        if job is None or job.generation != kg.generation or (job.done.is_set() and job.error):
            job = _jobs[id(kg)] = _Build(kg)
        return job


def projection(kg: KnowledgeStore, *, wait: float = BUILD_WAIT) -> nx.MultiDiGraph:
    """The projection of ``kg``, rebuilt only when its generation changed since the last build.
    The graph is shared: callers must treat it as read-only (use views, never mutate).

    Raises:
        EngineUnavailable: a rebuild is still running after ``wait`` seconds (retry soon).
    """
    while True:
        job = start_build(kg)
        if job is None:
            with _lock:
                entry = _cache.get(id(kg))
            if entry and entry[0]() is kg:
                return entry[2]
            continue
        if not job.done.wait(wait):
            error = EngineUnavailable("the relationship graph is being rebuilt after a change; "
                                      "retry in a few seconds")
            error.retry_after = 2
            raise error
        if job.error is not None:
            raise job.error
        if job.generation == kg.generation:
            with _lock:
                return _cache[id(kg)][2]


def projection_builds() -> int:
    """How many projections this process has built (tests count rebuilds with it)."""
    return _builds


def projection_status(kg: KnowledgeStore) -> dict[str, int | None]:
    """Builds so far in this process and the generation of ``kg``'s cached projection
    (``None`` if none); callable through the engine, so tests can count rebuilds remotely."""
    entry = _cache.get(id(kg))
    return {"builds": _builds, "generation": kg.generation,
            "cached_generation": entry[1] if entry and entry[0]() is kg else None}


def build_projection(kg: KnowledgeStore) -> nx.MultiDiGraph:
    """Build the projection of ``kg`` from scratch (see the module docstring)."""
    global _builds
    _builds += 1
    collecting = gc.isenabled()
    gc.disable()  # millions of small objects: the cyclic GC would rescan them over and over
    try:
        graph = nx.MultiDiGraph(generation=kg.generation, properties=_properties(kg),
                                superclasses=_superclasses(kg))
        _add_nodes(kg, graph)
        _add_direct(kg, graph)
        for name, rule in _FOLDS.items():
            _add_folded(kg, graph, name, rule)
        return graph
    finally:
        if collecting:
            gc.enable()


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

def _rows(kg: KnowledgeStore, name: str) -> list[dict[str, str]]:
    """Rows of a named query as plain strings (IRIs, lexical forms; unbound variables absent):
    much faster than term objects; queries project ``LANG()``/``DATATYPE()`` where needed."""
    solutions = kg.query(queries.load(name), prefixes=PREFIXES)
    names = [v.value for v in solutions.variables]
    return [{n: t.value for n, t in zip(names, row) if t is not None} for row in solutions]


def _properties(kg: KnowledgeStore) -> dict[str, dict[str, Any]]:
    props: dict[str, dict[str, Any]] = {}
    for row in _rows(kg, "projection_properties"):
        entry = props.setdefault(row["property"], {"labels": {}, "inverse": None,
                                                   "derived": False,
                                                   "symmetric": row["symmetric"] == "true"})
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
    supers: dict[str, set[str]] = {}
    for row in _rows(kg, "projection_classes"):
        supers.setdefault(row["class"], set()).add(row["super"])
    return supers


def _pick(labels: dict[str, str]) -> tuple[str | None, str | None]:
    """(English, Portuguese) from language tag → text, preferring plain ``en``/``pt`` tags."""
    def best(lang: str) -> str | None:
        tags = [t for t in labels if t == lang or t.startswith(lang + "-")]
        return labels[min(tags, key=lambda t: (t != lang, t))] if tags else None
    en, pt = best("en"), best("pt")
    return en or pt or labels.get(""), pt or en or labels.get("")


# -- nodes ---------------------------------------------------------------------------------------

def _add_nodes(kg: KnowledgeStore, graph: nx.MultiDiGraph) -> None:
    classes: dict[str, set[str]] = defaultdict(set)
    for row in _rows(kg, "projection_entities"):
        classes[row["entity"]].add(row["class"])
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    aliases: dict[str, set[str]] = defaultdict(set)
    qids: dict[str, str] = {}
    for row in _rows(kg, "projection_names"):
        entity, prop, value = row["entity"], row["property"], row["value"]
        if prop.endswith("#label"):
            labels[entity].setdefault(row.get("lang", ""), value)
        elif prop.endswith("#altLabel"):
            aliases[entity].add(value)
        elif prop == AIKG + "wikidataQID":
            qids[entity] = value
        elif value.startswith(WD_NS + "Q"):
            qids.setdefault(entity, value[len(WD_NS):])
    for iri in sorted(e for e, types in classes.items() if not types & FACT_CLASSES):
        en, pt = _pick(labels.get(iri, {}))
        slug = ident(iri)
        graph.add_node(iri, iri=iri, id=slug, label_en=en or slug, label_pt=pt or slug,
                       aliases=sorted(aliases.get(iri, ())), classes=sorted(classes[iri]),
                       wikidata=qids.get(iri))


# -- edges ---------------------------------------------------------------------------------------

def _attrs(graph: nx.MultiDiGraph, predicate: str, kind: str, source: str, fact: str | None,
           status: str | None, time: tuple[str, str | None, str] | None) -> dict[str, Any]:
    info = graph.graph["properties"][predicate]
    value, datatype, prop = time or (None, None, None)
    return {"predicate": predicate, "label_en": info["label_en"], "label_pt": info["label_pt"],
            "kind": kind, "source": source, "fact": fact,
            "status": local_name(status) or "Actual", "time": value, "time_type": datatype,
            "time_property": local_name(prop), "symmetric": info["symmetric"]}


def _best_time(rows: list[dict[str, str]], prefix: str = "") -> tuple[str, str, str] | None:
    """(value, datatype, property) of a fact's time from its rows, by :data:`TIME_ORDER`;
    ``prefix="parent"`` reads ``?parentTime``/``?parentTimeType``/``?parentTimeProperty``."""
    value, dtype, prop = (f"{prefix}Time", f"{prefix}TimeType", f"{prefix}TimeProperty") \
        if prefix else ("time", "timeType", "timeProperty")
    timed = [r for r in rows if value in r]
    if len(timed) < 2:
        return (timed[0][value], timed[0].get(dtype), timed[0][prop]) if timed else None
    found = {local_name(r[prop]): (r[value], r.get(dtype), r[prop]) for r in timed}
    return next((found[n] for n in TIME_ORDER if n in found), None)


def _add_direct(kg: KnowledgeStore, graph: nx.MultiDiGraph) -> None:
    facts: dict[tuple[str, str, str, str], tuple[str, list[dict[str, str]]]] = {}
    for row in _rows(kg, "projection_assertions"):  # keep the first assertion by IRI
        key, fact = (row["s"], row["p"], row["o"], row["g"]), row["fact"]
        kept = facts.get(key)
        if kept is None or fact < kept[0]:
            facts[key] = (fact, [row])
        elif fact == kept[0]:
            kept[1].append(row)
    triples = {(r["s"], r["p"], r["o"], r["g"]) for r in _rows(kg, "projection_direct")
               if r["s"] in graph and r["o"] in graph}
    edges = []
    for key in sorted(triples):
        fact, rows = facts.get(key, (None, []))
        status = next((r["status"] for r in rows if "status" in r), None)
        edges.append((key[0], key[2], _attrs(graph, key[1], "direct", key[3], fact, status,
                                             _best_time(rows))))
    graph.add_edges_from(edges)


_FOLDS = {
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
edge attribute → variable). Status and time come from ``?status``/``?time…`` of the fact node,
else from ``?parentStatus``/``?parentTime…`` (the cluster state of an allocation, the round of
an investment)."""
_NUMBERS = frozenset({"quantity", "raised", "amount", "post_money", "min_quantity"})


def _add_folded(kg: KnowledgeStore, graph: nx.MultiDiGraph, name: str,
                rule: tuple[str, str, str | None, dict[str, str]]) -> None:
    subject, obj, predicate, extra = rule
    groups: dict[tuple[str, ...], list[dict[str, str]]] = {}
    for row in _rows(kg, name):
        s, o = row[subject], row[obj]
        if s in graph and o in graph:
            p = predicate or PROJ + row["kind"]
            groups.setdefault((s, o, p, row["fact"], row["g"]), []).append(row)
    for (s, o, p, fact, g), rows in sorted(groups.items()):
        first = rows[0]
        attrs = {a: (number if a in _NUMBERS else str)(first[v]) if v in first else None
                 for a, v in extra.items()}
        graph.add_edge(s, o, **_attrs(graph, p, local_name(p), g, fact,
                                      first.get("status") or first.get("parentStatus"),
                                      _best_time(rows) or _best_time(rows, "parent")),
                       fact_label=next((r["label"] for r in rows if "label" in r), None), **attrs)
