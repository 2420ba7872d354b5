"""What aikg knows of each SPARQL engine it can run over (:mod:`graph.store.remote`).

The SPARQL 1.1 Protocol leaves a few things to the engine: how a query asks for the union of
all graphs as its default graph, whether a per-request timeout can be sent, where the update
and Graph Store endpoints live beside the query endpoint, and whether empty named graphs exist.
An :class:`EngineProfile` writes those down for one engine; :func:`profile_for` picks one by
name or from the ``Server`` header the engine answers with (``auto``).

``oxigraph`` and ``virtuoso`` are tested against the real engines (``oxigraph serve`` and
Debian's Virtuoso 7, tests/remote); the others record what their documentation says and are
untested (docs/deployment.md, Remote store).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit


@dataclass(frozen=True)
class EngineProfile:
    """Known differences of one engine."""

    name: str
    union_params: dict[str, str] = field(default_factory=dict)
    """Query parameters that make the default graph the union of all graphs (``{}`` when the
    engine's default graph is that union already)."""
    timeout_param: str | None = None
    """Query parameter carrying the engine's own deadline, if it has one."""
    timeout_unit: float = 1.0
    """Units of ``timeout_param`` per second (1000 for milliseconds)."""
    endpoints: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Query URL path suffix → (update suffix, Graph Store suffix) to derive the other URLs."""
    empty_graphs: bool = False
    """Whether named graphs exist while empty (``GRAPH ?g {}`` lists them)."""
    dataset_dump: bool = False
    """Whether a Graph Store ``GET`` without ``graph`` answers the whole dataset as N-Quads."""
    graph_reads: bool = True
    """Whether a Graph Store ``GET`` of one graph answers all of it (Virtuoso's silently stops
    at its ``ResultSetMaxRows``, with no header saying so: graphs are read with SPARQL)."""
    data_block: int | None = None
    """Most triples per ``GRAPH`` block of an ``INSERT DATA`` (Virtuoso's parser runs out of
    memory past ~5,000 in one block; many blocks in one request are fine)."""
    system_graphs: tuple[str, ...] = ()
    """Graphs the engine keeps for itself (Virtuoso's schema and service description): left
    out of aikg's graphs, quads, size and content hash. Queries still see them (Virtuoso
    answers wrongly under any dataset restriction: a ``GRAPH`` outside it matches once)."""
    blank_data: bool = True
    """Whether ``INSERT DATA`` may hold blank nodes (Virtuoso 7 refuses them: the template form
    ``INSERT {…} WHERE {}`` is sent instead)."""
    atomic_updates: bool = True
    """Whether an update request is one transaction. Virtuoso applies its operations one by one
    and keeps those before one that fails: an update with an operation that can fail after its
    first (:func:`graph.store.remote_text.may_fail_after_first`) is refused before sending."""
    ask_as_select: bool = False
    """Whether ``ASK`` is sent as a ``SELECT`` of at most one row: Virtuoso's JSON answer to
    ``ASK`` is a SELECT's (one ``__ASK_RETVAL`` column)."""
    clear_for_drop: bool = False
    """Whether ``DROP`` is sent as ``CLEAR`` (:func:`graph.store.remote_text.drops_as_clears`):
    Virtuoso's ``DROP`` fails on a graph its triples made (not ``CREATE``), and ``DROP SILENT``
    then leaves the triples in place."""
    keeps_literals: bool = True
    """Whether literals come back as written. Virtuoso stores values: ``"01"^^xsd:integer``
    comes back ``"1"``, ``en-GB`` comes back ``en-gb``; content hashes and exports over it
    differ from the embedded store's and say which engine made them."""
    max_update_bytes: int | None = None
    """Largest update request the engine takes (UTF-8 bytes of its text): Virtuoso refuses one
    past 10 MB ("string session is longer than 10Mb"). aikg sends a write as one request so
    that nothing is half-applied, so a larger write is refused before sending."""
    csv_values: bool = False
    """Whether whole-graph reads that need only values ask for CSV results: Virtuoso writes
    1M rows of CSV in ~4 s and of JSON in ~46 s."""
    server: str = ""
    """Lower-case text of the ``Server`` header that identifies the engine."""

    def timeout(self, seconds: float) -> dict[str, str]:
        """The engine's own deadline as query parameters (``{}`` when it has none)."""
        if self.timeout_param is None:
            return {}
        value = seconds * self.timeout_unit
        return {self.timeout_param: str(int(value)) if self.timeout_unit > 1 else f"{value:g}"}

    def derive(self, query_url: str) -> tuple[str, str | None]:
        """The update and Graph Store URLs beside ``query_url`` (the update URL defaults to the
        query URL itself; no Graph Store URL when this profile cannot tell)."""
        parts = urlsplit(query_url)
        for suffix, (update, store) in self.endpoints.items():
            if parts.path.endswith(suffix):
                stem = parts.path[: len(parts.path) - len(suffix)]
                return (urlunsplit(parts._replace(path=stem + update, query="")),
                        urlunsplit(parts._replace(path=stem + store, query="")))
        return query_url, None


PROFILES = {
    "oxigraph": EngineProfile(
        "oxigraph", union_params={"union-default-graph": ""},
        endpoints={"/query": ("/update", "/store"), "/sparql": ("/update", "/store")},
        empty_graphs=True, dataset_dump=True, server="oxigraph"),
    "virtuoso": EngineProfile(
        "virtuoso", timeout_param="timeout", timeout_unit=1000.0,
        endpoints={"/sparql": ("/sparql", "/sparql-graph-crud")}, blank_data=False,
        graph_reads=False, data_block=1000, atomic_updates=False, keeps_literals=False,
        clear_for_drop=True, ask_as_select=True, max_update_bytes=10_000_000,
        system_graphs=("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#",
                       "http://localuriqaserver/sparql"), server="virtuoso"),
    "fuseki": EngineProfile(
        "fuseki", union_params={"default-graph-uri": "urn:x-arq:UnionGraph"},
        timeout_param="timeout",
        endpoints={"/query": ("/update", "/data"), "/sparql": ("/update", "/data")},
        dataset_dump=True, server="fuseki"),
    "qlever": EngineProfile("qlever", timeout_param="timeout", server="qlever"),
    "generic": EngineProfile("generic"),
}
"""Profiles by name; ``generic`` assumes nothing beyond SPARQL 1.1 (its default graph taken as
the union of all graphs, as in Virtuoso, QLever, GraphDB and Neptune)."""

ENGINE_NAMES = ("auto", *PROFILES)


def profile_for(name: str, server_header: str = "") -> EngineProfile:
    """The profile called ``name``; for ``auto``, the one whose engine sent ``server_header``
    (``generic`` when none matches)."""
    if name != "auto":
        return PROFILES[name]
    header = server_header.lower()
    return next((p for p in PROFILES.values() if p.server and p.server in header),
                PROFILES["generic"])
