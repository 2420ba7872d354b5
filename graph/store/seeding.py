"""Installing the ontology, the shapes and the seed files into the store, idempotently.

Each source file owns named graphs: ``ontology/aikg.ttl`` owns ``g:ontology``,
``ontology/shapes.ttl`` owns ``g:shapes``, and each ``seeds/*.trig`` file owns the graphs it
declares (a seed file may not write to the default graph, and two files may not share a graph).
The catalog graph ``g:catalog`` records, for every installed graph, the file it came from and
the SHA-256 of that file.

:func:`ensure_seeded` compares each file's hash with the catalog: unchanged files are skipped
(restarting duplicates nothing), a changed file replaces all the graphs it owned, and a file
that disappeared takes its graphs with it. All files are parsed before anything is written, so
a syntax error anywhere leaves the store as it was. The catalog entry of a file is written
last: if the process dies half-way, the next start sees a stale hash and installs the file again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from graph.errors import SeedError
from graph.settings import Settings
from graph.store import queries
from graph.store.base import KnowledgeStore
from graph.store.formats import RdfFormat, rdf_format, rdf_format_for_path
from graph.store.loading import parse_quads
from graph.vocab import AIKG, GRAPH

ONTOLOGY_GRAPH = ox.NamedNode(str(GRAPH.ontology))
SHAPES_GRAPH = ox.NamedNode(str(GRAPH.shapes))
CATALOG_GRAPH = ox.NamedNode(str(GRAPH.catalog))
META_GRAPH = ox.NamedNode(str(GRAPH.meta))
SYSTEM_GRAPHS = frozenset({ONTOLOGY_GRAPH, SHAPES_GRAPH, CATALOG_GRAPH})
"""Graphs that hold aikg's own machinery rather than facts about the world."""
PENDING_PREFIX = queries.PENDING_PREFIX
"""Named graphs ``g:pending-<id>`` hold ingested proposals awaiting review (not yet data)."""


def is_data_graph(name: object) -> bool:
    """Whether quads in graph ``name`` are facts to validate (not machinery, not proposals)."""
    if name in SYSTEM_GRAPHS:
        return False
    return not (isinstance(name, ox.NamedNode) and name.value.startswith(PENDING_PREFIX))

_LOADED_FROM = ox.NamedNode(str(AIKG.loadedFrom))
_CONTENT_HASH = ox.NamedNode(str(AIKG.contentHash))


@dataclass(frozen=True)
class SeedSource:
    """A file the seeder installs."""

    path: Path
    key: str
    """Stable name recorded in the catalog, e.g. ``seeds/entities.trig``."""
    fmt: RdfFormat
    graph: ox.NamedNode | None = None
    """The graph a triple-format file goes to; ``None`` for TriG files (they name graphs)."""


@dataclass
class SeedReport:
    """What :func:`ensure_seeded` did, by catalog key."""

    installed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.installed or self.removed)


def seed_sources(settings: Settings) -> list[SeedSource]:
    """The ontology, the shapes and every ``*.trig`` file of the seeds folder, in order."""
    sources = [
        SeedSource(settings.ontology_file, "ontology/aikg.ttl", rdf_format("turtle"),
                   ONTOLOGY_GRAPH),
        SeedSource(settings.shapes_file, "ontology/shapes.ttl", rdf_format("turtle"),
                   SHAPES_GRAPH),
    ]
    for path in sorted(settings.seeds_dir.glob("*.trig")):
        sources.append(SeedSource(path, f"seeds/{path.name}", rdf_format_for_path(path)))
    return sources


def ensure_seeded(kg: KnowledgeStore, settings: Settings) -> SeedReport:
    """Bring the store's ontology, shapes and seed graphs in line with the files.

    Raises:
        SeedError: a file is missing, writes to the default graph, or shares a graph with
            another file.
        DataSyntaxError: a file does not parse (nothing is written).
    """
    catalog = _read_catalog(kg)
    report = SeedReport()
    pending: list[tuple[SeedSource, str, list[ox.Quad]]] = []
    owners: dict[ox.NamedNode, str] = {}
    for source in seed_sources(settings):
        try:
            data = source.path.read_bytes()
        except OSError:
            raise SeedError(f"{source.key}: cannot read {source.path}") from None
        digest = hashlib.sha256(data).hexdigest()
        old = catalog.get(source.key)
        if old and old[1] == digest and all(kg.has_graph(g) for g in old[0]):
            report.unchanged.append(source.key)
            for graph in old[0]:
                owners[graph] = source.key
            continue
        quads = parse_quads(data, source.fmt, source=source.key, to_graph=source.graph)
        for graph in _graphs_of(quads, source):
            if graph in owners:
                raise SeedError(f"{source.key}: graph <{graph.value}> is also written by "
                                f"{owners[graph]}")
            owners[graph] = source.key
        pending.append((source, digest, quads))

    for source, digest, quads in pending:
        old_graphs = catalog.pop(source.key, (set(), ""))[0]
        _install(kg, source, digest, quads, old_graphs)
        report.installed.append(source.key)
    for key in report.unchanged:
        catalog.pop(key, None)
    for key, (graphs, _) in sorted(catalog.items()):
        for graph in graphs:
            kg.remove_graph(graph)
        _forget(kg, graphs)
        report.removed.append(key)
    return report


def _graphs_of(quads: list[ox.Quad], source: SeedSource) -> set[ox.NamedNode]:
    graphs: set[ox.NamedNode] = set()
    for quad in quads:
        if not isinstance(quad.graph_name, ox.NamedNode):
            raise SeedError(f"{source.key}: seed files must put every triple in a named "
                            f"graph; found one in the default graph: {quad.triple}")
        graphs.add(quad.graph_name)
    if source.graph is not None:
        graphs.add(source.graph)
    return graphs


def _install(kg: KnowledgeStore, source: SeedSource, digest: str, quads: list[ox.Quad],
             old_graphs: set[ox.NamedNode]) -> None:
    graphs = _graphs_of(quads, source)
    for graph in sorted(old_graphs | graphs, key=str):
        kg.remove_graph(graph)
    _forget(kg, old_graphs | graphs)
    kg.extend(quads)
    key = ox.Literal(source.key)
    kg.extend(quad for graph in sorted(graphs, key=str) for quad in (
        ox.Quad(graph, _LOADED_FROM, key, CATALOG_GRAPH),
        ox.Quad(graph, _CONTENT_HASH, ox.Literal(digest), CATALOG_GRAPH)))


def _forget(kg: KnowledgeStore, graphs: set[ox.NamedNode]) -> None:
    """Remove the catalog entries of ``graphs``."""
    kg.remove(quad for graph in graphs
              for quad in kg.quads(CATALOG_GRAPH) if quad.subject == graph)


def _read_catalog(kg: KnowledgeStore) -> dict[str, tuple[set[ox.NamedNode], str]]:
    """Catalog key → (graphs installed from that file, the file's hash)."""
    catalog: dict[str, tuple[set[ox.NamedNode], str]] = {}
    for row in queries.select(kg, "catalog", union=False, catalog=CATALOG_GRAPH):
        graphs, _ = catalog.setdefault(row["file"].value, (set(), row["hash"].value))
        graphs.add(row["graph"])
        catalog[row["file"].value] = (graphs, row["hash"].value)
    return catalog
