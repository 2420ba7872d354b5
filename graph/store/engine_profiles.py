"""What aikg knows of each SPARQL engine it can run over (:mod:`graph.store.remote`).

The SPARQL 1.1 Protocol leaves a few things to the engine: how a query asks for the union of
all graphs as its default graph, whether a per-request timeout can be sent, where the update
and Graph Store endpoints live beside the query endpoint, and whether empty named graphs exist.
An :class:`EngineProfile` writes those down for one engine; :func:`profile_for` picks one by
name or from the ``Server`` header the engine answers with (``auto``).

Only ``oxigraph`` is tested against the real engine here (``oxigraph serve``); the others
record what their documentation says and are untested (docs/deployment.md, Remote store).
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
        endpoints={"/sparql": ("/sparql", "/sparql-graph-crud")}, server="virtuoso"),
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
