"""The store as a networkx ``MultiDiGraph``: entities as nodes, relations as typed edges.

Built by :func:`build_projection` from a handful of named SPARQL queries
(``graph/store/queries/projection_*.rq``, :mod:`graph.projection.build`); :func:`projection` returns a
cached graph per store that is refreshed only when ``kg.generation`` changes (every write bumps
it), never per request. A refresh is **incremental** when the store's change journal knows
exactly what the writes since the cached generation changed (:mod:`graph.projection.delta`:
about the cost of the touched facts, not of the store); otherwise it is a full build.
Refreshes run on a background thread; callers wait :data:`BUILD_WAIT` seconds at most, then get
a 503 ``Retry-After`` (:func:`ready_projection` never waits for a first build: callers that can
answer from a few entities' edges use :mod:`graph.projection.local` meanwhile). Functions
registered with :func:`on_refresh` run on that thread once a new graph is in the cache
(analytics start their precomputation there).

On a store on disk, every new projection is also saved beside it (:mod:`graph.projection.snapshot`),
and a process's first build reads that snapshot instead when it was made from the store as it is
now (seconds instead of minutes at 10M quads); later writes are caught up like any refresh.

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

import logging
import threading
import time
import weakref
from collections.abc import Callable

import networkx as nx

from graph.errors import EngineUnavailable
from graph.projection import build as projection_build
from graph.projection.acyclic import made
from graph.projection import snapshot
from graph.projection.build import (  # noqa: F401  (re-exported: the projection's vocabulary)
    AIKG,
    DERIVED,
    FACT_CLASSES,
    ID_NS,
    PROJ,
    TIME_ORDER,
    WD_NS,
    ident,
    local_name,
    number,
)
from graph.projection.delta import refresh
from graph.store import journal
from graph.store.base import KnowledgeStore
from graph.switching import STARTUP_QUIET, busy, patience, quiet
from graph.vocab import PREFIXES  # noqa: F401

log = logging.getLogger("aikg.projection")
_cache: dict[int, tuple[weakref.ref, int, nx.MultiDiGraph]] = {}
_jobs: dict[int, _Build] = {}
_lock = threading.Lock()
_listeners: list[Callable[[KnowledgeStore, nx.MultiDiGraph], None]] = []
_builds = 0
_refreshes = 0
_loads = 0
_warmed = False
WARM_AFTER = 1.0
"""Seconds a full build must take before the journal's update parser is warmed after it."""
BUILD_WAIT = 4.0
"""Seconds a caller waits for a build in progress before getting a 503 ``Retry-After``: well
under the engine's 10 s query deadline, so a slow build on a big store never gets its worker
killed (which would only restart the build), it just keeps going while callers retry. The
margin is for the waiting thread to get the GIL back from busy ones (a snapshot being read,
Louvain, a ~50 MB answer encoded or decoded in one C call): at 10M quads on a loaded machine,
8 s left too little, and workers were killed over and over while their first Louvain run never
finished; 6 s still did, twice in a first start (a question route whose wait ended while
aggregations and the label index held the interpreter: answered after more than 10 s)."""


class _Build:
    """One projection refresh (incremental from ``base``, else full) on its own thread."""

    def __init__(self, kg: KnowledgeStore, base: tuple[int, nx.MultiDiGraph] | None) -> None:
        self.generation = kg.generation
        self.store = weakref.ref(kg)  # ids of stores that are gone are reused
        self.done = threading.Event()
        self.error: BaseException | None = None
        threading.Thread(target=self._run, args=(kg, base), name="aikg-projection",
                         daemon=True).start()

    def _run(self, kg: KnowledgeStore, base: tuple[int, nx.MultiDiGraph] | None) -> None:
        global _refreshes, _loads
        warm, defer = False, base is None  # a first projection: see below
        try:
            graph, generation, loaded = None, self.generation, None
            keyed = snapshot.state(kg)  # the snapshot key of self.generation if still current
            if base is None:  # a first build: from the snapshot, caught up, if it matches
                base = snapshot.restore(kg)
                if base is not None:
                    _loads, loaded = _loads + 1, base[1]
                    if base[0] >= generation:
                        graph, generation = base[1], base[0]
            if graph is None and base is not None:
                changes = kg.changes_since(base[0], generation)
                if changes is not None:
                    graph = refresh(kg, base[1], changes, generation)
                    _refreshes += graph is not None
            if graph is None:
                started = time.monotonic()
                graph = build_projection(kg)
                warm = not _warmed and time.monotonic() - started >= WARM_AFTER
            with _lock:
                for key in [k for k, e in _cache.items() if e[0]() is None]:
                    del _cache[key]  # stores that are gone
                entry = _cache.get(id(kg))
                if entry is None or entry[0]() is not kg or entry[1] < generation:
                    _cache[id(kg)] = (weakref.ref(kg), generation, graph)
            if keyed is not None and keyed[0] == generation and graph is not loaded:
                snapshot.schedule(snapshot.location(kg), keyed[1], graph)  # type: ignore[arg-type]
            defer = defer and busy()
            if not defer:
                _notify(kg, graph)
        except BaseException as exc:  # handed to the callers waiting for this build
            self.error, defer = exc, False
        finally:
            self.done.set()
        if defer:  # requests waited for this store's first projection (a restart): they go
            quiet(STARTUP_QUIET)  # first, then the listeners start heavy work beside them
            _notify(kg, graph)
        if warm:
            _warm()


def _notify(kg: KnowledgeStore, graph: nx.MultiDiGraph) -> None:
    """Call every :func:`on_refresh` listener with the projection just cached."""
    for listener in list(_listeners):
        try:
            listener(kg, graph)
        except Exception:  # a listener's bug must not fail the refresh
            log.exception("projection listener %r failed", listener)


def _warm() -> None:
    """Warm the journal's update parser once per process, after the first full build of a large
    store (on this background thread, when nobody waits for it), so the first incremental
    refresh does not pay ~0.5 s for it. Not after a quick build: on a small store the worker has
    just started and its spare is still importing (the engine's deadline test times the swap)."""
    global _warmed
    _warmed = True
    try:
        journal.warm()
    except Exception:  # only a missed speed-up
        log.exception("warming the journal's update parser failed")


def on_refresh(listener: Callable[[KnowledgeStore, nx.MultiDiGraph], None]) -> None:
    """Call ``listener(kg, graph)`` on the refresh thread after each new projection is cached
    (before callers waiting for it are released — except a store's first projection while
    requests are being answered: after, once they are, :func:`graph.switching.quiet`); it should
    return quickly."""
    if listener not in _listeners:
        _listeners.append(listener)


def start_build(kg: KnowledgeStore) -> _Build | None:
    """Start refreshing ``kg``'s projection in the background unless it is fresh or already
    being refreshed for the current generation; returns the running build, or ``None`` if
    fresh."""
    with _lock:
        entry = _cache.get(id(kg))
        if entry and entry[0]() is kg and entry[1] == kg.generation:
            return None
        job = _jobs.get(id(kg))
        if job is None or job.store() is not kg or job.generation != kg.generation or (
                job.done.is_set() and job.error):
            base = (entry[1], entry[2]) if entry and entry[0]() is kg else None
            job = _jobs[id(kg)] = _Build(kg, base)
        return job


def projection(kg: KnowledgeStore, *, wait: float = BUILD_WAIT) -> nx.MultiDiGraph:
    """The projection of ``kg``, refreshed only when its generation changed since the last one.
    The graph is shared: callers must treat it as read-only (use views, never mutate).

    Raises:
        EngineUnavailable: a refresh is still running after ``wait`` seconds (retry soon).
    """
    while True:
        job = start_build(kg)
        if job is None:
            with _lock:
                entry = _cache.get(id(kg))
            if entry and entry[0]() is kg:
                return entry[2]
            continue
        if not job.done.wait(patience(wait)):
            error = EngineUnavailable("the relationship graph is being rebuilt after a change; "
                                      "retry in a few seconds")
            error.retry_after = 2
            raise error
        if job.error is not None:
            raise job.error
        if job.generation == kg.generation:
            with _lock:
                return _cache[id(kg)][2]


def ready_projection(kg: KnowledgeStore, *, refresh_wait: float = 0.0
                     ) -> nx.MultiDiGraph | None:
    """The projection of ``kg``'s current generation if it is built, else ``None``; starts the
    build like :func:`projection` but never waits for a first build (nor raises its error), and
    waits at most ``refresh_wait`` seconds for the refresh of an older cached projection."""
    job = start_build(kg)
    if job is not None:
        with _lock:
            entry = _cache.get(id(kg))
        older = entry is not None and entry[0]() is kg
        waited = job.done.wait(patience(refresh_wait if older else 0.0))
        if not waited or job.error is not None:
            return None
    with _lock:
        entry = _cache.get(id(kg))
    return entry[2] if entry and entry[0]() is kg and entry[1] == kg.generation else None


def projection_builds() -> int:
    """How many full builds this process has made (tests count rebuilds with it)."""
    return _builds


def projection_refreshes() -> int:
    """How many incremental refreshes this process has made."""
    return _refreshes


def projection_loads() -> int:
    """How many projections this process has read from a snapshot (:mod:`.snapshot`)."""
    return _loads


def projection_status(kg: KnowledgeStore) -> dict[str, int | None]:
    """Full builds, incremental refreshes and snapshot loads so far in this process and the
    generation of ``kg``'s cached projection (``None`` if none); callable through the engine,
    so tests can count rebuilds remotely."""
    entry = _cache.get(id(kg))
    return {"builds": _builds, "refreshes": _refreshes, "loads": _loads,
            "generation": kg.generation,
            "cached_generation": entry[1] if entry and entry[0]() is kg else None}


def build_projection(kg: KnowledgeStore) -> nx.MultiDiGraph:
    """Build the projection of ``kg`` from scratch (see the module docstring)."""
    global _builds
    _builds += 1
    return made(lambda: projection_build.build(kg))
