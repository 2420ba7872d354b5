"""The remote store: aikg over a SPARQL engine it reaches by HTTP (Oxigraph server, Virtuoso,
Fuseki, QLever, Neptune…), behind the same seam as the embedded store
(:class:`graph.store.base.KnowledgeStore`).

Queries and updates go over the SPARQL 1.1 Protocol, graph reads over the Graph Store Protocol
when the engine has it (:mod:`graph.store.remote_protocol`); what differs between engines is in
:mod:`graph.store.engine_profiles` and shapes each request (:mod:`graph.store.remote_requests`).
Answers are pyoxigraph objects, as from the embedded store.

* **Text**: every query or update is parsed locally by pyoxigraph first, so a syntax error
  reads exactly as over the embedded store (line and column) and never reaches the engine.
  Prefixes and the base IRI become a prologue; bindings a ``VALUES`` clause of serialised
  terms first in the ``WHERE`` group (:mod:`graph.store.remote_text`), never pasted text.
* **Changes**: every write aikg makes is one update request that also counts the write in
  ``g:journal``; writes made elsewhere are seen by :mod:`graph.store.remote_watch` (the journal
  and the graphs' sizes). Changes are not known one by one over the protocol, so the
  projection is rebuilt in full after a write.
* **Deadlines**: reads wait ``read_timeout`` seconds, writes ``write_timeout``, plus the
  engine's own timeout parameter where its profile knows one; past that, or when the engine
  cannot be reached, :class:`~graph.errors.EngineUnavailable` (503, ``Retry-After``).
* ``g:journal`` is left out of :meth:`named_graphs`, :meth:`quads`, ``len`` and the content
  hash, so exports equal the embedded store's (SPARQL over the whole dataset sees it).
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence

import pyoxigraph as ox

from graph.errors import UpdateFailed
from graph.store import journal
from graph.store.base import GraphName, Term, canonical_nquads
from graph.store.remote_protocol import EngineError, ProtocolClient
from graph.store.remote_reads import read_all
from graph.store.remote_requests import dataset_params, delete_block, insert_block, update_request
from graph.store.remote_watch import watch
from graph.store.remote_text import (JOURNAL, JOURNAL_READ, bind_in_where, check_update,
                                     drop_graphs, prologue, term)

QueryAnswer = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


class RemoteStore:
    """A SPARQL engine over HTTP as a :class:`~graph.store.base.KnowledgeStore`."""

    def __init__(self, client: ProtocolClient, *, poll: float = 1.0, scan: float = 30.0
                 ) -> None:
        self._client = client
        self.path = client.query_url
        """The engine's query endpoint."""
        self.remote = True
        self.poll = poll
        self.scan = scan
        self._write_lock = threading.RLock()
        self._generation = 0
        self._writer: str | None = None
        self._closed = threading.Event()
        self._graphs: tuple[int, list[ox.NamedNode | ox.BlankNode]] | None = None

    @classmethod
    def open(cls, client: ProtocolClient, *, poll: float = 1.0, scan: float = 30.0
             ) -> RemoteStore:
        """Connect (learning the engine's profile), read the journal and start watching it.

        Raises:
            StoreUnavailable: the engine refuses aikg's requests.
            EngineUnavailable: the engine cannot be reached or does not answer in time.
        """
        client.connect()
        kg = cls(client, poll=poll, scan=scan)
        kg._writer = kg._journal_writer()
        threading.Thread(target=kg._watch, name="aikg-journal-watch", daemon=True).start()
        return kg

    @property
    def engine(self) -> str:
        """The engine's profile name (known once connected)."""
        return self._client.profile.name

    def close(self) -> None:
        self._closed.set()
        self._client.close()

    # -- generations -----------------------------------------------------------------------------

    @property
    def generation(self) -> int:
        """Increases by one after every write made through this object, and once more when the
        journal (every ``poll`` seconds) or the graph sizes (every ``scan`` seconds) show a
        write made elsewhere."""
        return self._generation

    def _watch(self) -> None:
        """Watch the engine for writes made elsewhere (:mod:`graph.store.remote_watch`)."""
        watch(self, poll=self.poll, scan=self.scan, closed=self._closed, lock=self._write_lock)

    def _journal_writer(self) -> str | None:
        rows = self.select(JOURNAL_READ, union=False)
        return rows[0]["writer"].value if rows else None

    def advance_generation(self, floor: int) -> None:
        with self._write_lock:
            self._generation = max(self._generation, floor)

    def changes_since(self, generation: int, until: int | None = None
                      ) -> list[journal.Change] | None:
        """``[]`` when nothing was written since ``generation``, else ``None`` (unknown)."""
        return [] if generation >= (self._generation if until is None else until) else None

    # -- reading ---------------------------------------------------------------------------------

    def __len__(self) -> int:
        hidden = ", ".join(term(g) for g in self._hidden())
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                           f"FILTER(?g NOT IN ({hidden})) }}", union=False)
        default = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", union=False) \
            if self._client.profile.union_params else [{"n": ox.Literal("0")}]
        return int(rows[0]["n"].value) + int(default[0]["n"].value)

    def quads(self, graph: GraphName | None = None) -> Iterator[ox.Quad]:
        """All quads (``g:journal`` left out), or those of one graph."""
        if graph is None:
            found = self._client.dataset()
            if found is None:
                found = [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in self.select(
                    "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)]
                if self._client.profile.union_params:
                    found += list(self.quads(ox.DefaultGraph()))
            hidden = self._hidden()
            return iter([q for q in found if q.graph_name not in hidden])
        triples = self._client.graph(graph)  # type: ignore[arg-type]
        if triples is not None:
            return iter([ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples])
        if isinstance(graph, ox.DefaultGraph):
            rows = self.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", union=False)
        else:
            rows = self.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                               substitutions={ox.Variable("g"): graph}, union=False)
        return iter([ox.Quad(r["s"], r["p"], r["o"], graph) for r in rows])

    def _hidden(self) -> list[ox.NamedNode]:
        """Graphs that are not aikg's data: ``g:journal`` and the engine's own."""
        return [JOURNAL, *map(ox.NamedNode, self._client.profile.system_graphs)]

    def named_graphs(self) -> list[ox.NamedNode | ox.BlankNode]:
        """Named graphs on the engine (not ``g:journal``, not the engine's own), by IRI."""
        return [g for g in self._all_graphs() if g != JOURNAL]

    def _all_graphs(self) -> list[ox.NamedNode | ox.BlankNode]:
        """Every named graph but the engine's own, ``g:journal`` included; read once per
        generation (a write here, or one seen in the journal, reads them again)."""
        generation = self._generation
        if self._graphs is not None and self._graphs[0] == generation:
            return self._graphs[1]
        profile = self._client.profile
        pattern = "{}" if profile.empty_graphs else "{ ?s ?p ?o }"
        # GROUP BY, not DISTINCT: Virtuoso 7 takes 20 s for DISTINCT ?g at 100k quads, 25 ms so
        answer = self._client.query(f"SELECT ?g WHERE {{ GRAPH ?g {pattern} }} GROUP BY ?g",
                                    {}, graph=False)
        found = sorted((r["g"] for r in answer  # type: ignore[union-attr]
                        if r["g"].value not in profile.system_graphs), key=str)
        self._graphs = (generation, found)
        return found

    def has_graph(self, graph: ox.NamedNode) -> bool:
        pattern = "{}" if self._client.profile.empty_graphs else "{ ?s ?p ?o }"
        return bool(self.query(f"ASK {{ GRAPH ?g {pattern} }}",
                               substitutions={ox.Variable("g"): graph}, union=False))

    def query(self, text: str, *, substitutions: dict[ox.Variable, Term] | None = None,
              prefixes: dict[str, str] | None = None, union: bool = True,
              default_graph: list[GraphName] | None = None,
              named_graphs: list[ox.NamedNode | ox.BlankNode] | None = None,
              base_iri: str | None = None) -> QueryAnswer:
        """Run a SPARQL query on the engine (callers guard untrusted text first). It is parsed
        locally first (pyoxigraph's ``SyntaxError``, with line and column, as from the
        embedded store). The dataset: ``default_graph``/``named_graphs`` become the protocol's
        ``default-graph-uri``/``named-graph-uri`` (the unnamed default graph cannot be named
        there and is left out); otherwise ``union`` asks for the union of all graphs."""
        form = ox.Store().query(text, substitutions=substitutions, prefixes=prefixes,
                                base_iri=base_iri)  # parses (and plans) only: never iterated
        full = prologue(prefixes, base_iri) + text
        if substitutions:
            full = bind_in_where(full, substitutions)
        graph = isinstance(form, ox.QueryTriples)
        answer = self._client.query(full, dataset_params(
            self._client.profile, union, default_graph, named_graphs, self.named_graphs()),
                                    graph=graph, ask=isinstance(form, ox.QueryBoolean))
        if not graph:
            return answer  # type: ignore[return-value]
        scratch = ox.Store()  # QueryTriples can only come from a query
        scratch.extend(ox.Quad(t.subject, t.predicate, t.object) for t in answer)  # type: ignore
        return scratch.query("CONSTRUCT WHERE { ?s ?p ?o }")

    def select(self, text: str, **kwargs: object) -> list[dict[str, Term]]:
        """Rows of a SELECT as dicts of bound variables (unbound ones absent)."""
        solutions = self.query(text, **kwargs)  # type: ignore[arg-type]
        names = [v.value for v in solutions.variables]
        return [{n: s[n] for n in names if s[n] is not None} for s in solutions]

    def select_values(self, text: str, *, substitutions: dict[ox.Variable, Term] | None = None,
                      prefixes: dict[str, str] | None = None, union: bool = True,
                      default_graph: list[GraphName] | None = None,
                      named_graphs: list[ox.NamedNode | ox.BlankNode] | None = None
                      ) -> tuple[list[str], list[list[str | None]]]:
        """A SELECT's variables and all its rows as values (``None`` unbound), past any row
        cap (:mod:`graph.store.remote_reads`): the projection's whole-graph reads."""
        names = [v.value for v in ox.Store().query(  # type: ignore[union-attr]
            text, substitutions=substitutions, prefixes=prefixes).variables]
        body = bind_in_where(text, substitutions) if substitutions else text
        params = dataset_params(self._client.profile, union, default_graph, named_graphs,
                                self.named_graphs())
        return names, read_all(lambda q: self._client.values(q, params), prologue(prefixes, None),
                               body, names)

    def content_hash(self) -> str:
        """SHA-256 of the sorted N-Quads of the whole store, blank nodes canonicalised."""
        return hashlib.sha256(canonical_nquads(self.quads()).encode()).hexdigest()

    # -- writing ---------------------------------------------------------------------------------

    def writing(self) -> threading.RLock:
        return self._write_lock

    def _write(self, operations: str, *, checked: bool = False) -> None:
        """Send one update request (:func:`graph.store.remote_requests.update_request`)."""
        writer = uuid.uuid4().hex
        text = update_request(self._client.profile, operations, writer, checked=checked)
        with self._write_lock:
            try:
                self._client.update(text)
            except EngineError as exc:
                raise ValueError(str(exc)) from None
            except Exception:
                self._generation += 1  # a write that timed out may still be applied
                raise
            self._writer = writer
            self._generation += 1

    def load(self, data: bytes, fmt: ox.RdfFormat, *, to_graph: GraphName | None = None,
             base_iri: str | None = None) -> None:
        """Parse ``data`` here (a syntax error sends nothing) and add it in one request."""
        moved = to_graph is not None
        self.extend(ox.Quad(q.subject, q.predicate, q.object, to_graph)  # type: ignore[arg-type]
                    if moved and isinstance(q.graph_name, ox.DefaultGraph) else q
                    for q in ox.parse(data, fmt, base_iri=base_iri))

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads in one request (one transaction on the engine)."""
        quads = list(quads)
        with self._write_lock:
            if quads:
                self._write(insert_block(self._client.profile, quads))
            else:
                self._generation += 1

    def remove_graph(self, graph: ox.NamedNode) -> None:
        with self._write_lock:
            if self.has_graph(graph):
                self._write(drop_graphs([graph])[0])

    def remove(self, quads: Iterable[ox.Quad]) -> None:
        """Remove the given quads (missing ones are ignored).

        Raises:
            UpdateFailed: a quad holds a blank node (one from an earlier answer cannot be named
                in a request).
        """
        quads = list(quads)
        if any(isinstance(t, ox.BlankNode) for q in quads
               for t in (q.subject, q.object, q.graph_name)):
            raise UpdateFailed("quads with blank nodes cannot be removed one by one over a "
                               "remote engine; remove their graph instead")
        with self._write_lock:
            if quads:
                self._write(delete_block(self._client.profile, quads))
            else:
                self._generation += 1

    def update(self, text: str, *, prefixes: dict[str, str] | None = None,
               base_iri: str | None = None,
               changed: tuple[Sequence[ox.Quad], Sequence[ox.Quad]] | None = None) -> None:
        """Run a SPARQL update in one request (callers guard untrusted text first); it is parsed
        locally first, so a syntax error raises pyoxigraph's ``SyntaxError`` and sends nothing.
        An engine that refuses it raises ``ValueError`` (nothing applied on engines whose
        updates are transactions, Oxigraph's among them). ``changed`` is not needed: the
        projection rebuilds after every remote write."""
        check_update(text, prefixes, base_iri)  # as the embedded store would: same positions
        self._write(prologue(prefixes, base_iri) + text, checked=True)

