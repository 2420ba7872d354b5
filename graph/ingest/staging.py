"""Staging: an ingestion's proposals wait in a pending graph until a reviewer accepts or rejects.

:func:`stage` writes a proposal (an rdflib graph from :mod:`graph.ingest.proposal`) in one
transaction: the ``aikg:Ingestion`` record and its ``aikg:Mention`` nodes go to ``g:ingestions``
with ``aikg:reviewState "pending"``, ``aikg:pendingGraph g:pending-<id>`` and
``aikg:targetGraph g:doc-<id>``; everything else goes to ``g:pending-<id>``.

:func:`accept` moves facts from the pending graph to the target graph. A fact moves with its
closure: its own triples, its sub-nodes (``id:<id>-pNN-…``) and blank nodes, the direct triple
of an ``aikg:Assertion``, the proposed new entities it mentions and the article node. What
moves is SHACL-validated with its neighbourhood in the store first
(:mod:`graph.ingest.acceptance_check`), and only violations the store does not already have
refuse it (:class:`~graph.errors.ValidationFailed`, nothing moved). The move, the review state and the
removal of an emptied pending graph are one SPARQL update, so one transaction.
:func:`reject` drops what is still pending: all of it, or chosen facts with what only they
use. The closures and the updates are :mod:`graph.ingest.transfer`'s. :func:`describe` (in
:mod:`graph.ingest.review`) says where an ingestion stands.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import rdflib

from graph.errors import Conflict, InvalidInput, ValidationFailed
from graph.ingest.acceptance_check import check_acceptance
from graph.ingest.quad_index import to_ox
from graph.ingest.review import INGESTIONS, Loaded, check_id, describe, fact_number, load, node, one
from graph.ingest.transfer import closure, set_state, transfer
from graph.store.base import KnowledgeStore, canonical_quads
from graph.store.formats import rdf_format
from graph.store.seeding import PENDING_PREFIX
from graph.vocab import AIKG, GRAPH, PREFIXES

__all__ = ["accept", "describe", "list_ingestions", "proposal_quads", "proposal_rdf", "reject",
           "stage"]

def stage(kg: KnowledgeStore, ingestion_id: str, proposal: rdflib.Graph) -> tuple[dict, bool]:
    """Keep a proposal for review; ``(describe(...), created)``.

    Idempotent: when an ingestion with this id exists, in any state, nothing is written and
    ``created`` is false.

    Raises:
        InvalidInput: ``ingestion_id`` is not 16 lowercase hexadecimal digits.
    """
    check_id(ingestion_id)
    record = node(f"ingestion-{ingestion_id}")
    pending = ox.NamedNode(f"{PENDING_PREFIX}{ingestion_id}")
    target = ox.NamedNode(f"{GRAPH}doc-{ingestion_id}")
    with kg.writing():
        if kg.select(f"SELECT ?r WHERE {{ GRAPH {INGESTIONS} {{ ?r ?p ?o }} }} LIMIT 1",
                     substitutions={ox.Variable("r"): record}):
            return describe(kg, ingestion_id), False
        blanks: dict[rdflib.BNode, ox.BlankNode] = {}
        mentions = {to_ox(m, blanks) for m in proposal.objects(rdflib.URIRef(record.value),
                                                             AIKG.ambiguousMention)}
        quads = []
        for s, p, o in proposal:
            subject = to_ox(s, blanks)
            graph = INGESTIONS if subject == record or subject in mentions else pending
            quads.append(ox.Quad(subject, to_ox(p, blanks), to_ox(o, blanks), graph))
        quads += [ox.Quad(record, _p("reviewState"), ox.Literal("pending"), INGESTIONS),
                  ox.Quad(record, _p("pendingGraph"), pending, INGESTIONS),
                  ox.Quad(record, _p("targetGraph"), target, INGESTIONS)]
        kg.extend(quads)
    return describe(kg, ingestion_id), True


def proposal_quads(kg: KnowledgeStore, ingestion_id: str) -> list[ox.Quad]:
    """The record (``g:ingestions``) and what is still pending (``g:pending-<id>``), sorted
    with canonical blank nodes.

    Raises:
        InvalidInput, EntityNotFound: as :func:`describe`.
    """
    found = load(kg, ingestion_id)
    return canonical_quads([*found.record_quads, *found.pending_quads])


def proposal_rdf(kg: KnowledgeStore, ingestion_id: str, fmt_name: str) -> bytes:
    """:func:`proposal_quads` serialised like :func:`graph.store.export.export` (dataset formats keep
    the graph names; triple formats merge them)."""
    fmt = rdf_format(fmt_name)
    quads = proposal_quads(kg, ingestion_id)
    prefixes = PREFIXES if fmt.name in ("turtle", "trig", "rdfxml") else None
    if fmt.datasets:
        return ox.serialize(quads, format=fmt.ox_format, prefixes=prefixes)
    triples = sorted({q.triple for q in quads}, key=lambda t: (str(t.subject), str(t.predicate),
                                                              str(t.object)))
    return ox.serialize(triples, format=fmt.ox_format, prefixes=prefixes)


def accept(kg: KnowledgeStore, ingestion_id: str, facts: list[str] | None = None, *,
           shapes: rdflib.Graph | None = None, skip_invalid: bool = False) -> dict:
    """Move facts (``None``: every pending one — facts rejected one by one stay rejected — and
    whatever else is pending) into the target graph; returns :func:`describe` plus ``"moved"`` (the fact ids moved now).

    Args:
        facts: fact ids such as ``"p03"`` or fact IRIs; already accepted ones are skipped.
        shapes: SHACL shapes to check against instead of the store's ``g:shapes``.
        skip_invalid: leave the facts that SHACL refuses pending (returned as ``"held"``, with
            the violations) and move the rest, instead of moving nothing.

    Raises:
        InvalidInput: a malformed id, or facts the ingestion does not propose (named).
        EntityNotFound: no such ingestion.
        Conflict: the ingestion, or a selected fact, was rejected.
        ValidationFailed: the move would add SHACL violations; nothing was moved.
    """
    with kg.writing():
        found = load(kg, ingestion_id)
        if found.state == "rejected":
            raise Conflict(f"ingestion {ingestion_id} was rejected; its facts cannot be accepted")
        chosen = [f for f in found.facts if found.fact_state(f) != "rejected"] \
            if facts is None else _select(found, facts)  # all: those not rejected one by one
        gone = [f for f in chosen if found.fact_state(f) == "rejected"]
        if gone:
            raise Conflict("rejected facts cannot be accepted: "
                           + ", ".join(found.short(f) for f in gone))
        todo = [f for f in chosen if found.fact_state(f) == "pending"]
        everything = facts is None and bool(found.pending_quads)
        if not todo and not everything:
            return {**describe(kg, ingestion_id), "moved": []}
        moving = list(found.pending_quads) if everything else closure(found, todo)
        held: list[ox.NamedNode] = []
        refused: list[dict] = []
        while True:
            try:
                check_acceptance(kg, found, moving, shapes, todo)
                break
            except ValidationFailed as failure:
                named = [f for f in todo if found.short(f) in failure.details.get("facts", [])]
                if not skip_invalid or not named:
                    raise
                held += named
                refused += failure.details.get("violations", [])
                todo = [f for f in todo if f not in named]
                if not todo:
                    return {**describe(kg, ingestion_id), "moved": [],
                            "held": [found.short(f) for f in held], "violations": refused}
                moving = closure(found, todo)
        left = [f for f in found.facts if found.fact_state(f) == "pending" and f not in todo]
        kg.update(transfer(found, moving, state="pending" if left else "accepted",
                           into_target=True))
    out = {**describe(kg, ingestion_id), "moved": [found.short(f) for f in todo]}
    return {**out, "held": [found.short(f) for f in held], "violations": refused} \
        if held else out


def reject(kg: KnowledgeStore, ingestion_id: str, facts: list[str] | None = None) -> dict:
    """Drop what is pending: everything (``facts`` is ``None``), or the named facts with what
    only they use (their closure less the closure of the facts still pending). Once nothing
    is pending the state becomes ``"rejected"``, or ``"accepted"`` when some facts were
    accepted. Idempotent: facts rejected before are skipped. Returns :func:`describe`.

    Args:
        facts: fact ids such as ``"p03"`` or fact IRIs.

    Raises:
        InvalidInput: a malformed id, or facts the ingestion does not propose (named).
        EntityNotFound: no such ingestion.
        Conflict: a selected fact was accepted; nothing was dropped.
    """
    with kg.writing():
        found = load(kg, ingestion_id)
        pending = [f for f in found.facts if found.fact_state(f) == "pending"]
        if facts is not None:
            chosen = _select(found, facts)
            taken = [f for f in chosen if found.fact_state(f) == "accepted"]
            if taken:
                raise Conflict("accepted facts cannot be rejected: "
                               + ", ".join(found.short(f) for f in taken))
            todo = [f for f in chosen if f in pending]
            left = [f for f in pending if f not in todo]
            if not todo:
                return describe(kg, ingestion_id)
            if left:
                kept = set(closure(found, left))
                dropping = [q for q in closure(found, todo) if q not in kept]
                kg.update(transfer(found, dropping, state="pending", into_target=False))
                return describe(kg, ingestion_id)
        state = "accepted" if any(found.fact_state(f) == "accepted" for f in found.facts) \
            else "rejected"
        if found.state != state or kg.has_graph(found.pending):
            kg.update(f"DROP SILENT GRAPH {found.pending} ;\n" + set_state(found, state))
    return describe(kg, ingestion_id)


def list_ingestions(kg: KnowledgeStore) -> list[dict]:
    """Every ingestion, by id: ``{"id", "state", "source", "title", "counts"}``."""
    rows = kg.select(f"SELECT DISTINCT ?r WHERE {{ GRAPH {INGESTIONS} {{ ?r a "
                     f"{_p('Ingestion')} }} }} ORDER BY ?r")
    out = []
    for row in rows:
        found = load(kg, row["r"].value.rsplit("ingestion-", 1)[-1])
        title = one(found.index, found.article, _p("title"))
        out.append({"id": found.id, "state": found.state, "source": found.source,
                    "title": title.value if title is not None else None,
                    "counts": found.counts()})
    return out


# -- internals ---------------------------------------------------------------------------------


def _p(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(getattr(AIKG, name)))


def _select(found: Loaded, facts: list[str]) -> list[ox.NamedNode]:
    """The fact IRIs named by ``p03``-style ids or IRIs; InvalidInput naming unknown ones."""
    known = {f.value: f for f in found.facts} | {f"p{fact_number(f.value)}": f
                                                  for f in found.facts}
    keys = [re.sub(r"^p0*(?=[0-9])", "p", str(item).strip()) for item in facts]
    unknown = [str(item)[:80] for item, key in zip(facts, keys) if key not in known]
    if unknown:
        raise InvalidInput(f"ingestion {found.id} proposes no fact "
                           + ", ".join(map(repr, unknown)), facts=unknown[:20])
    return list(dict.fromkeys(known[key] for key in keys))
