"""A reviewer fixes a proposal before accepting it: edit or add facts, retype, add or merge entities.

Each operation reads the ingestion (:func:`graph.ingest.review.load`), builds the new content of
its pending graph in memory and writes it back in **one** SPARQL update together with the
review record, so an edit is applied whole or not at all. Facts are written from a spec
(:mod:`graph.ingest.fact_spec`) by the extractor's own
:class:`~graph.ingest.proposal.ProposalWriter`, so an edited fact has the shape an extracted one
has; only facts and entities still pending can change.

What the reviewer did is kept in ``g:ingestions`` (never accepted into the article's graph) as
``<fact or entity> aikg:reviewAction "edited" | "added" | "retyped" | "merged into <iri>"``:
:mod:`graph.ingest.review_log` counts it.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pyoxigraph as ox

from graph.errors import Conflict, InvalidInput
from graph.ingest.fact_spec import read, to_fact
from graph.ingest.facts import ClusterFact, Fact, HoldingFact, Relation, RoundFact
from graph.ingest.proposal import ArticleMeta, ProposalWriter
from graph.ingest.quad_index import to_ox
from graph.ingest.review import INGESTIONS, Labels, Loaded, a, describe, fact_number, load, one
from graph.ingest.transfer import set_state
from graph.store.base import KnowledgeStore
from graph.store.seeding import PENDING_PREFIX
from graph.vocab import PREFIXES

__all__ = ["add_fact", "edit_fact"]

ACTION = a("reviewAction")
KNOWN = f"""SELECT ?e ?t WHERE {{ GRAPH ?g {{ ?e a ?t }}
    FILTER(!STRSTARTS(STR(?g), "{PENDING_PREFIX}")) }} LIMIT 1"""


def edit_fact(kg: KnowledgeStore, ingestion_id: str, fact: str, changes: dict[str, Any]) -> dict:
    """Change keys of a pending fact's spec (``{"status": "Planned", "time": "2025-06"}``,
    ``{"object": "colossus"}``, ``{"amount": {"value": …, "currency": "USD"}}``; ``evidence``
    re-points it); the fact keeps its id. Returns :func:`describe`.

    Raises:
        InvalidInput: bad id, unknown fact, a key the fact's type lacks, an unknown entity.
        Conflict: the fact is not pending (accepted or rejected facts do not change).
    """
    if not isinstance(changes, dict) or not changes or "type" in changes:
        raise InvalidInput("an edit is a JSON object of the keys to change (not \"type\")",
                           field="body")
    with kg.writing():
        found = load(kg, ingestion_id)
        node = _pending_fact(found, fact)
        spec = {**read(found.index, node), **changes}
        start, end = _evidence(found, changes.get("evidence"), node)
        method = one(found.index, node, a("extractionMethod"))
        confidence = one(found.index, node, a("confidence"))
        new = to_fact(spec, start=start, end=end,
                      method=method.value if method is not None else "review:hand",
                      confidence=float(confidence.value) if confidence is not None else 1.0)
        _check_entities(kg, found, new)
        written = _write(kg, found, new, fact_number(node.value))
        kept = [q for q in found.pending_quads
                if q.subject == node and q.predicate == a("buildsUpon")]
        pending = [q for q in found.pending_quads if q not in _own(found, node)]
        action = one(found.index, node, ACTION)
        actions = [] if action is not None else [ox.Quad(node, ACTION, ox.Literal("edited"),
                                                         INGESTIONS)]
        kg.update(rewrite(found, [*pending, *written, *kept], add=actions))
    return describe(kg, ingestion_id)


def add_fact(kg: KnowledgeStore, ingestion_id: str, spec: dict[str, Any]) -> dict:
    """Add a fact the extractor missed, from a spec with ``evidence`` (words of the article
    text); it gets the next id and waits for acceptance like the others.

    Raises:
        InvalidInput: bad spec, evidence not in the text, unknown entity.
        Conflict: the ingestion was rejected.
    """
    with kg.writing():
        found = load(kg, ingestion_id)
        if found.state == "rejected":
            raise Conflict(f"ingestion {ingestion_id} was rejected; add to a new ingestion")
        if not isinstance(spec, dict) or not spec.get("evidence"):
            raise InvalidInput("a hand-added fact quotes its \"evidence\" from the article text",
                               field="evidence")
        start, end = _evidence(found, spec["evidence"], None)
        new = to_fact(spec, start=start, end=end, method="review:hand", confidence=1.0)
        _check_entities(kg, found, new)
        number = max((fact_number(f.value) for f in found.facts), default=0) + 1
        written = _write(kg, found, new, number)
        node = written[0].subject
        record = [ox.Quad(found.record, a("proposes"), node, INGESTIONS),
                  ox.Quad(node, ACTION, ox.Literal("added"), INGESTIONS)]
        kg.update(rewrite(found, [*found.pending_quads, *written], add=record)
                  + " ;\n" + set_state(found, "pending"))
    return {**describe(kg, ingestion_id), "added": f"p{number:02d}"}


# -- internals ---------------------------------------------------------------------------------


def _pending_fact(found: Loaded, fact: object) -> ox.NamedNode:
    key = re.sub(r"^p0*(?=[0-9])", "", str(fact).strip())
    chosen = next((f for f in found.facts if str(fact_number(f.value)) == key
                   or f.value == fact), None)
    if chosen is None:
        raise InvalidInput(f"ingestion {found.id} proposes no fact {str(fact)[:40]!r}",
                           field="fact")
    state = found.fact_state(chosen)
    if state != "pending":
        raise Conflict(f"{found.short(chosen)} was {state}; only pending facts change")
    return chosen


def _evidence(found: Loaded, words: object, node: ox.NamedNode | None) -> tuple[int, int]:
    """Offsets of ``words`` in the article text, or the fact's own when ``words`` is None."""
    if words is None and node is not None:
        start, end = (one(found.index, node, a(p)) for p in ("evidenceStart", "evidenceEnd"))
        if start is not None and end is not None:
            return int(start.value), int(end.value)
    text = getattr(one(found.index, found.record, a("articleText")), "value", None)
    if not isinstance(words, str) or not words.strip():
        raise InvalidInput("evidence is words of the article text", field="evidence")
    at = -1 if text is None else text.find(words)
    if at < 0:
        raise InvalidInput(f"the article text does not contain {words[:60]!r}",
                           field="evidence")
    return at, at + len(words)


def _entities_of(fact: Fact) -> list[tuple[str, str]]:
    if isinstance(fact, Relation):
        return [(fact.subject, "subject"), (fact.object, "object")]
    if isinstance(fact, RoundFact):
        return [(fact.organization, "organization"), *((i, "investors") for i in fact.investors)]
    if isinstance(fact, ClusterFact):
        return [(fact.cluster, "cluster"), *((c.chip, "chips") for c in fact.allocations)]
    assert isinstance(fact, HoldingFact)
    return [(fact.holder, "holder"), (fact.chip or fact.manufacturer or "", "chip")]


def _check_entities(kg: KnowledgeStore, found: Loaded, fact: Fact) -> None:
    for iri, field in _entities_of(fact):
        known(kg, found, iri, field)


def known(kg: KnowledgeStore, found: Loaded, iri: str, field: str) -> None:
    node = ox.NamedNode(iri)
    if node in found.entities and found.fact_state(node) != "rejected":
        return
    if not kg.select(KNOWN, substitutions={ox.Variable("e"): node}):
        raise InvalidInput(f"{field}: no entity {iri}; add it to the ingestion first",
                           field=field)


def _write(kg: KnowledgeStore, found: Loaded, fact: Fact, number: int) -> list[ox.Quad]:
    """The pending quads of ``fact`` written as fact ``pNN`` (its node's quads first)."""
    labels = Labels(kg, found.index)
    book = SimpleNamespace(entity=lambda iri: SimpleNamespace(label=labels(ox.NamedNode(iri))))
    lang = getattr(one(found.index, found.article, a("language")), "value", "en")
    writer = ProposalWriter(ArticleMeta(found.id, "", lang), book)  # type: ignore[arg-type]
    skip = {writer.record, writer.article}
    writer.count = number - 1
    if isinstance(fact, Relation):
        writer.relation(fact)
    elif isinstance(fact, ClusterFact):
        writer.cluster(fact, {})
    elif isinstance(fact, HoldingFact):
        writer.holding(fact)
    else:
        writer.funding(fact)
    node = f"{found.record.value.replace('ingestion-', '')}-p{number:02d}"
    blanks: dict = {}
    quads = [ox.Quad(to_ox(s, blanks), to_ox(p, blanks), to_ox(o, blanks), found.pending)
             for s, p, o in writer.g if s not in skip]
    return sorted(quads, key=lambda q: (q.subject.value != node, str(q.subject)))


def _own(found: Loaded, node: ox.NamedNode) -> set[ox.Quad]:
    """The pending quads only ``node`` has: its own, its sub-nodes' and blank nodes', and its
    direct triple when no other pending fact states it."""
    own: set[ox.Quad] = set()
    todo: list = [node]
    while todo:
        current = todo.pop()
        for quad in found.pending_quads:
            if quad.subject == current and quad not in own:
                own.add(quad)
                obj = quad.object
                if isinstance(obj, ox.BlankNode) or (isinstance(obj, ox.NamedNode)
                                                     and obj.value.startswith(node.value + "-")):
                    todo.append(obj)
    reified = [one(found.index, node, ox.NamedNode(PREFIXES["rdf"] + n))
               for n in ("subject", "predicate", "object")]
    if None not in reified:
        others = [f for f in found.facts if f != node and found.fact_state(f) == "pending" and [
            one(found.index, f, ox.NamedNode(PREFIXES["rdf"] + n))
            for n in ("subject", "predicate", "object")] == reified]
        if not others:
            own |= {q for q in found.pending_quads if (q.subject, q.predicate, q.object)
                    == tuple(reified)}
    return own


def rewrite(found: Loaded, pending: list[ox.Quad], *, add: list[ox.Quad] = (),
             remove: list[ox.Quad] = ()) -> str:
    """One update: the pending graph becomes ``pending``; record quads added and removed."""
    body = " ".join(f"{q.subject} {q.predicate} {q.object} ." for q in dict.fromkeys(pending))
    steps = [f"DROP SILENT GRAPH {found.pending}"]
    if body:
        steps.append(f"INSERT DATA {{ GRAPH {found.pending} {{ {body} }} }}")
    if remove:
        steps.append("DELETE DATA { GRAPH " + str(INGESTIONS) + " { " + " ".join(
            f"{q.subject} {q.predicate} {q.object} ." for q in remove) + " } }")
    if add:
        steps.append("INSERT DATA { GRAPH " + str(INGESTIONS) + " { " + " ".join(
            f"{q.subject} {q.predicate} {q.object} ." for q in add) + " } }")
    return " ;\n".join(steps)

