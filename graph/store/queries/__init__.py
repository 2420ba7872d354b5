"""Named, parameterised SPARQL queries used by aikg itself.

Each query is a ``.rq`` file beside this module, read once. Values from outside are passed as
bindings (pyoxigraph substitutions), never pasted into the text. The ``aikg``, ``g``, ``rdfs``
and other prefixes of :data:`graph.vocab.PREFIXES` are predeclared.

They read what the graph *knows*: ingested proposals still awaiting review (graphs
``g:pending-<id>``) and the ingestion records (``g:ingestions``) are left out of their dataset,
so a proposal shows on no entity page, view, path or chart until it is accepted.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources

import pyoxigraph as ox

from graph.store.base import KnowledgeStore, Term
from graph.store.memo import per_generation
from graph.vocab import GRAPH, PREFIXES

PENDING_PREFIX = str(GRAPH) + "pending-"
INGESTIONS = str(GRAPH) + "ingestions"


def is_review_graph(name: object) -> bool:
    """Whether a graph holds ingestion machinery (proposals awaiting review, their records)."""
    value = getattr(name, "value", None)
    return isinstance(value, str) and (value.startswith(PENDING_PREFIX) or value == INGESTIONS)


@per_generation
def known_dataset(kg: KnowledgeStore) -> dict[str, list]:
    """Query options whose dataset leaves out the review graphs: ``{}`` (the union of all
    graphs) when there are none, else the default graph and every other named graph. Staging
    writes a pending graph with its record in the ingestions graph, so a store without that
    graph has none: answered without listing every named graph (1.4M at 10M: 1.6 s of a
    restart's first entity page)."""
    if not kg.has_graph(ox.NamedNode(INGESTIONS)):
        return {}
    graphs = kg.named_graphs()
    if not any(is_review_graph(g) for g in graphs):
        return {}
    kept = [g for g in graphs if not is_review_graph(g)]
    return {"default_graph": [ox.DefaultGraph(), *kept], "named_graphs": kept}


@cache
def load(name: str) -> str:
    """The text of ``<name>.rq``."""
    return resources.files(__package__).joinpath(f"{name}.rq").read_text(encoding="utf-8")


def select(kg: KnowledgeStore, name: str, *, union: bool = True,
           **bindings: Term) -> list[dict[str, Term]]:
    """Run the named SELECT with ``bindings`` (variable name → RDF term) and return its rows.

    Bound variables must be projected by the query (a pyoxigraph requirement).
    """
    substitutions = {ox.Variable(k): v for k, v in bindings.items()}
    dataset = known_dataset(kg) if union else {}
    return kg.select(load(name), substitutions=substitutions or None, prefixes=PREFIXES,
                     union=union, **dataset)


def each(kg: KnowledgeStore, name: str, **bindings: Term) -> Iterator[dict[str, Term]]:
    """:func:`select`, one row at a time: for answers too long to hold at once (a row per named
    graph, at a million graphs), to be consumed in the calling thread."""
    dataset = known_dataset(kg)
    solutions = kg.query(load(name), substitutions={ox.Variable(k): v for k, v in
                                                    bindings.items()} or None,
                         prefixes=PREFIXES, **dataset)
    names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
    for solution in solutions:  # type: ignore[union-attr]
        yield {n: solution[n] for n in names if solution[n] is not None}
