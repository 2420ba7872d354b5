"""The embedded quad store: pyoxigraph on disk (or in memory for tests).

:class:`EmbeddedStore` is the only object that touches ``pyoxigraph.Store``; the rest of aikg
sees it through the seam :class:`graph.store.base.KnowledgeStore`. It adds what aikg relies on:

* a ``generation`` counter bumped by every write made through it, so caches (the networkx
  projection, statistics) know when to rebuild;
* a change journal (:mod:`graph.store.journal`): per generation, the quads the write added and removed
  when that is known exactly (``extend``, ``remove``, ``load``, ``remove_graph``, updates made of
  ``INSERT DATA``/``DELETE DATA``), so the projection can update itself instead of rebuilding
  (:meth:`KnowledgeStore.changes_since`);
* on disk, a durable write count that outlives the process (:mod:`graph.store.stamp`), so
  files made from one state of the data (the projection snapshot) know whether it changed,
  and the journal of the last writes by that count (:mod:`graph.store.journal_file`);
* queries that see the union of all graphs by default;
* results fully materialised in the calling thread (a pyoxigraph result iterator consumed on
  another thread aborts the process);
* a content hash (SHA-256 of the sorted, blank-node-canonical N-Quads) used by tests and
  tools to prove that a failed write changed nothing.

Writes are serialised by one lock: Oxigraph 0.5 does not detect write-write conflicts. A write on
a full disk raises :class:`~graph.errors.StorageFull` (:mod:`graph.store.disk_space`).
"""

from __future__ import annotations

import hashlib
import itertools
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from graph.errors import StoreUnavailable
from graph.store import journal
from graph.store.disk_space import disk_writes
from graph.store.base import GraphName, Term, canonical_nquads
from graph.store.journal_file import JournalFile
from graph.store.stamp import Stamp, StampFile


class EmbeddedStore:
    """A pyoxigraph store plus a write lock and a generation counter: the default backend of
    :class:`graph.store.base.KnowledgeStore`.

    Use :meth:`open` for an on-disk store and :meth:`memory` for an in-memory one.
    """

    def __init__(self, store: ox.Store, path: Path | None = None) -> None:
        self._store = store
        self.path = path
        """Directory of the on-disk store, or ``None`` in memory."""
        self.engine, self.remote = "pyoxigraph", False
        self._write_lock = threading.RLock()
        self._generation = 0
        self._journal = journal.Journal()
        self._stamp = StampFile(path) if path is not None else None
        self._journal_file = JournalFile(path) if path is not None else None

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None) -> EmbeddedStore:
        """Open (creating if needed) the store at ``path``; ``None`` gives an in-memory store.

        Raises:
            StoreUnavailable: the directory is locked by another process or cannot be created.
        """
        if path is None:
            return cls.memory()
        path = Path(path)
        try:
            path.mkdir(parents=True, exist_ok=True)
            return cls(ox.Store(str(path)), path)
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreUnavailable(
                    f"the store at {path} is in use by another aikg process; stop it or "
                    "use another --store path") from None
            raise StoreUnavailable(f"cannot open the store at {path}: {exc.strerror or exc}") \
                from None

    @classmethod
    def memory(cls) -> EmbeddedStore:
        """A fresh, empty in-memory store."""
        return cls(ox.Store(), None)

    def close(self) -> None:
        """Flush to disk and release the store (the object must not be used afterwards)."""
        if self.path is not None:
            self._store.flush()
        del self._store

    # -- reading -------------------------------------------------------------------------------

    @property
    def generation(self) -> int:
        """Increases by one after every write made through this object."""
        return self._generation

    def advance_generation(self, floor: int) -> None:
        """Continue counting from ``floor`` (a restarted engine keeps generations increasing);
        the journal knows nothing before it, so caches from older generations rebuild."""
        with self._write_lock:
            self._generation = max(self._generation, floor)

    def changes_since(self, generation: int, until: int | None = None
                      ) -> list[journal.Change] | None:
        """What the writes after ``generation`` (up to ``until``, default the current one)
        changed, oldest first; ``None`` when any of them is not known exactly or is older than
        the journal (see :mod:`graph.store.journal`): then only a full rebuild is safe."""
        return self._journal.since(generation, self._generation if until is None else until)

    def stamp(self) -> Stamp | None:
        """The durable state of an on-disk store's data (:mod:`graph.store.stamp`), ``None`` in
        memory; read it under :meth:`writing` to pair it with :attr:`generation`."""
        return self._stamp.current if self._stamp is not None else None

    def __len__(self) -> int:
        return len(self._store)

    def quads(self, graph: GraphName | None = None) -> Iterator[ox.Quad]:
        """All quads, or those of one graph (``ox.DefaultGraph()`` for the default graph)."""
        return self._store.quads_for_pattern(None, None, None, graph)

    def named_graphs(self) -> list[ox.NamedNode | ox.BlankNode]:
        """Named graphs that exist in the store, sorted by IRI."""
        return sorted(self._store.named_graphs(), key=str)

    def has_graph(self, graph: ox.NamedNode) -> bool:
        return self._store.contains_named_graph(graph)

    def query(self, text: str, *, substitutions: dict[ox.Variable, Term] | None = None,
              prefixes: dict[str, str] | None = None, union: bool = True,
              default_graph: list[GraphName] | None = None,
              named_graphs: list[ox.NamedNode | ox.BlankNode] | None = None,
              base_iri: str | None = None,
              ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query as it is (callers guard untrusted text first).

        The default graph is the union of all graphs unless ``union`` is false or an explicit
        ``default_graph`` is given. Relative IRIs resolve against ``base_iri`` (unless the text
        declares its own ``BASE``). The result must be consumed in the calling thread.
        """
        kwargs: dict[str, object] = {}
        if base_iri is not None:
            kwargs["base_iri"] = base_iri
        if default_graph is not None:
            kwargs["default_graph"] = default_graph
        else:
            kwargs["use_default_graph_as_union"] = union
        if named_graphs is not None:
            kwargs["named_graphs"] = named_graphs
        return self._store.query(text, substitutions=substitutions, prefixes=prefixes, **kwargs)

    def select(self, text: str, **kwargs: object) -> list[dict[str, Term]]:
        """Run a SELECT and return its rows as dicts of bound variables (unbound ones absent)."""
        solutions = self.query(text, **kwargs)  # type: ignore[arg-type]
        names = [v.value for v in solutions.variables]
        rows = []
        for solution in solutions:
            rows.append({n: solution[n] for n in names if solution[n] is not None})
        return rows

    def content_hash(self) -> str:
        """SHA-256 of the sorted N-Quads of the whole store, blank nodes canonicalised."""
        return hashlib.sha256(canonical_nquads(self.quads()).encode()).hexdigest()

    # -- writing -------------------------------------------------------------------------------

    def writing(self) -> threading.RLock:
        """The store's write lock (reentrant), for callers that must check and then write with
        nothing slipping in between: ``with kg.writing(): ...``."""
        return self._write_lock

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Around every write: the write lock, a full disk as :class:`StorageFull`, and the
        durable stamp counted before the store changes (:mod:`graph.store.stamp`)."""
        with self._write_lock, disk_writes(self.path):
            if self._stamp is None:
                yield
                return
            self._stamp.begin_write()
            before = self._generation
            yield
            if self._generation == before:  # a write that turned out to change nothing
                self._journal_file.append(self._stamp.current.writes, journal.Change())

    def _wrote(self, change: journal.Change | object | None = None) -> None:
        self._generation += 1
        self._journal.record(self._generation, change)
        if self._stamp is not None:
            self._journal_file.append(self._stamp.current.writes, change)

    def changes_since_writes(self, writes: int) -> list[journal.Change] | None:
        """What the writes after durable write number ``writes`` changed (the journal file,
        :mod:`graph.store.journal_file`), or ``None`` when that is not known exactly; read it
        under :meth:`writing` with :meth:`stamp`."""
        if self._stamp is None:
            return None
        return self._journal_file.since(writes, self._stamp.current.writes)

    def load(self, data: bytes, fmt: ox.RdfFormat, *, to_graph: GraphName | None = None,
             base_iri: str | None = None) -> None:
        """Parse and add ``data`` in one transaction: on any error nothing is added."""
        with self._writing():
            kwargs: dict[str, object] = {"format": fmt, "base_iri": base_iri}
            if to_graph is not None:
                kwargs["to_graph"] = to_graph
            if self.path is None:
                self._store.load(data, **kwargs)
            else:
                self._store.bulk_load(data, **kwargs)
            try:
                change = journal.parsed_load(data, fmt, to_graph, base_iri)
            except (SyntaxError, ValueError, OSError):
                change = None
            self._wrote(change)

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads in one transaction."""
        quads = list(quads)
        with self._writing():
            self._store.extend(quads)
            self._wrote(journal.quads_entry(quads))

    def remove_graph(self, graph: ox.NamedNode) -> None:
        """Remove a named graph and all its quads (no-op if it does not exist)."""
        with self._writing():
            if self._store.contains_named_graph(graph):
                quads = list(itertools.islice(
                    self._store.quads_for_pattern(None, None, None, graph), journal.MAX_QUADS + 1))
                self._store.remove_graph(graph)
                self._wrote(journal.quads_entry(removed=quads))

    def remove(self, quads: Iterable[ox.Quad]) -> None:
        """Remove the given quads (missing ones are ignored)."""
        quads = list(quads)
        with self._writing():
            for quad in quads:
                self._store.remove(quad)
            self._wrote(journal.quads_entry(removed=quads))

    def update(self, text: str, *, prefixes: dict[str, str] | None = None,
               base_iri: str | None = None,
               changed: tuple[Sequence[ox.Quad], Sequence[ox.Quad]] | None = None) -> None:
        """Run a SPARQL update in one transaction (callers guard untrusted text first);
        relative IRIs resolve against ``base_iri`` unless the text declares its own ``BASE``.
        ``changed``: the quads the update adds and removes, when the caller knows them exactly
        (read under :meth:`writing`); the journal records them instead of reading the text."""
        with self._writing():
            self._store.update(text, prefixes=prefixes, base_iri=base_iri)
            self._wrote(journal.update_entry(text, prefixes, base_iri) if changed is None else
                        journal.quads_entry(*changed, fresh_blanks=True))
