"""The requests the remote store (:mod:`graph.store.remote`) sends, shaped for one engine's
profile (:mod:`graph.store.engine_profiles`): the dataset parameters of a query, the text of an
update request (the caller's operations and the journal's bump, ``DROP`` sent as ``CLEAR``
where the engine needs it, a non-atomic engine's risky updates refused), and the data blocks
that add or remove quads."""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from graph.errors import UpdateFailed
from graph.store.base import GraphName
from graph.store.engine_profiles import EngineProfile
from graph.store.remote_text import (
    data_block,
    drops_as_clears,
    journal_bump,
    may_fail_after_first,
    parses,
)


def dataset_params(profile: EngineProfile, union: bool, default_graph: list[GraphName] | None,
                   named_graphs: list[ox.NamedNode | ox.BlankNode] | None,
                   every_graph: Sequence[ox.NamedNode | ox.BlankNode]
                   ) -> dict[str, str | list[str]]:
    """The protocol's ``default-graph-uri``/``named-graph-uri`` for a query's dataset (the
    unnamed default graph cannot be named there and is left out), or the profile's parameters
    for the union of all graphs (``union``; ``every_graph`` when a default graph must be
    listed)."""
    if default_graph is None and named_graphs is None:
        return dict(profile.union_params) if union else {}
    params: dict[str, str | list[str]] = {}
    if default_graph is None and union:
        default_graph = list(every_graph)
    named = [g.value for g in default_graph or () if isinstance(g, ox.NamedNode)]
    if named:
        params["default-graph-uri"] = named
    if named_graphs:
        params["named-graph-uri"] = [g.value for g in named_graphs
                                     if isinstance(g, ox.NamedNode)]
    return params


def update_request(profile: EngineProfile, operations: str, writer: str, *,
                   checked: bool = False) -> str:
    """One update request: ``operations``, then the journal's bump recording ``writer`` (after
    them: Oxigraph takes no prologue after a ``;``). ``checked``: the operations came from a
    caller and may end with a ``;`` of their own, which pyoxigraph tells.

    Raises:
        ValueError: the engine applies operations one by one and one after the first may fail
            (the ones before it would stay applied).
        UpdateFailed: the request would be larger than the engine takes.
    """
    if checked and not profile.atomic_updates and may_fail_after_first(operations):
        raise ValueError(
            f"{profile.name} applies an update's operations one by one and keeps the first "
            "ones when a later one fails; send a graph operation (DROP, CLEAR, CREATE, LOAD, "
            "ADD, MOVE, COPY) without SILENT in a request of its own")
    if profile.clear_for_drop:
        operations = drops_as_clears(operations)
    text = f"{operations}\n;\n{journal_bump(writer)}"
    if checked and not parses(text):
        text = f"{operations}\n{journal_bump(writer)}"
    size = len(text.encode())
    if profile.max_update_bytes is not None and size > profile.max_update_bytes:
        raise UpdateFailed(
            f"this write is {size / 1e6:.1f} MB of SPARQL and {profile.name} takes at most "
            f"{profile.max_update_bytes / 1e6:g} MB in one request (aikg sends a write as one "
            "request so that nothing is half-applied): load the data in smaller parts, or with "
            "the engine's own bulk loader; nothing was applied")
    return text


def insert_block(profile: EngineProfile, quads: Sequence[ox.Quad]) -> str:
    """Operations adding ``quads``: ``INSERT DATA``, or its template form where the engine
    refuses blank nodes there (:func:`graph.store.remote_text.data_block`)."""
    blank = not profile.blank_data and any(
        isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object))
    return data_block("INSERT" if blank else "INSERT DATA", quads, profile.data_block)


def delete_block(profile: EngineProfile, quads: Sequence[ox.Quad]) -> str:
    """A ``DELETE DATA`` of ``quads`` (named nodes and literals only)."""
    return data_block("DELETE DATA", quads, profile.data_block)
