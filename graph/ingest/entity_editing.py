"""A reviewer fixes the entities of a proposal: adds one the extractor missed, retypes or relabels
a proposed one, or merges it into an entity the graph already has.

Like :mod:`graph.ingest.editing`, each operation rewrites the pending graph and the review record
in one SPARQL update, so it is applied whole or not at all.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from graph.errors import Conflict, InvalidInput
from graph.ingest.editing import ACTION, KNOWN, known, rewrite
from graph.ingest.fact_spec import entity as entity_iri
from graph.ingest.review import INGESTIONS, LABEL, TYPE, Loaded, a, describe, every, load, one
from graph.ingest.transfer import set_state
from graph.store.base import KnowledgeStore
from graph.vocab import PREFIXES

__all__ = ["ENTITY_CLASSES", "add_entity", "edit_entity", "merge_entity"]

ENTITY_CLASSES = ("Person", "Organization", "Company", "InvestmentFirm", "MediaOutlet",
                  "Product", "ChipModel", "AIModel", "LanguageModel", "ComputeCluster")
"""Classes a reviewer may give an entity."""
_ALT = ox.NamedNode(PREFIXES["skos"] + "altLabel")
_MATCH = ox.NamedNode(PREFIXES["skos"] + "exactMatch")
_RANK = ("added", "retyped", "edited", "enriched")
"""What an entity's review note says, strongest first: a retyped entity stays "retyped" when
it is relabelled later; "enriched" (only aliases, Portuguese label or QID added) is no
correction of what the extractor proposed."""


def add_entity(kg: KnowledgeStore, ingestion_id: str, spec: dict[str, Any]) -> dict:
    """Propose an entity the text names but the extractor missed: ``{"slug", "class",
    "label", "label_pt"?, "aliases"?, "wikidata"?}``. It is accepted with the facts that use it.

    Raises:
        InvalidInput: a bad key, an unknown class, a slug the store or proposal already has.
    """
    if not isinstance(spec, dict) or set(spec) - {"slug", "class", "label", "label_pt",
                                                  "aliases", "wikidata"}:
        raise InvalidInput("an entity is {\"slug\", \"class\", \"label\", \"label_pt\", "
                           "\"aliases\", \"wikidata\"}", field="body")
    iri = ox.NamedNode(entity_iri(spec.get("slug"), "slug"))
    with kg.writing():
        found = load(kg, ingestion_id)
        if iri in found.entities or kg.select(KNOWN, substitutions={ox.Variable("e"): iri}):
            raise InvalidInput(f"{iri.value} is already an entity: use it, or merge into it",
                               field="slug")
        quads = _describe_entity(found, iri, spec, new=True)
        quads.append(ox.Quad(iri, a("extractionMethod"), ox.Literal("review:hand"),
                             found.pending))
        record = [ox.Quad(found.record, a("proposes"), iri, INGESTIONS),
                  ox.Quad(iri, ACTION, ox.Literal("added"), INGESTIONS)]
        kg.update(rewrite(found, [*found.pending_quads, *quads], add=record)
                  + " ;\n" + set_state(found, "pending"))
    return describe(kg, ingestion_id)


def edit_entity(kg: KnowledgeStore, ingestion_id: str, entity: str,
                changes: dict[str, Any]) -> dict:
    """Retype or relabel a proposed new entity: ``{"class"?, "label"?, "label_pt"?,
    "aliases"?, "wikidata"?}``.

    Raises:
        InvalidInput: unknown class or key; the entity is not one this ingestion proposes.
        Conflict: the entity is no longer pending.
    """
    if not isinstance(changes, dict) or not changes or set(changes) - {
            "class", "label", "label_pt", "aliases", "wikidata"}:
        raise InvalidInput("an entity edit is {\"class\", \"label\", \"label_pt\", "
                           "\"aliases\", \"wikidata\"} (any of them)", field="body")
    with kg.writing():
        found = load(kg, ingestion_id)
        iri = _pending_entity(found, entity)
        types = sorted(t.value.rsplit("#", 1)[-1] for t in every(found.index, iri, TYPE))
        wanted = changes.get("class")  # of several types, the one the edit keeps, else the first
        current = {"class": wanted if wanted in types else (types[0] if types else None),
                   "label": _label(found, iri, "en"), "label_pt": _label(found, iri, "pt")}
        replaced = {TYPE, LABEL} | ({_ALT} if "aliases" in changes else set()) | (
            {a("wikidataQID"), _MATCH} if "wikidata" in changes else set())
        keep = [q for q in found.pending_quads
                if not (q.subject == iri and q.predicate in replaced)]
        quads = _describe_entity(found, iri, {**current, **changes}, new=False)
        kind = "retyped" if changes.get("class", current["class"]) != current["class"] else \
            "edited" if changes.get("label", current["label"]) != current["label"] else "enriched"
        previous = getattr(one(found.index, iri, ACTION), "value", None)
        action = min((previous, kind), key=lambda x: _RANK.index(x) if x in _RANK else 99)
        removed = [ox.Quad(iri, ACTION, ox.Literal(previous), INGESTIONS)] \
            if previous and previous != action else []
        record = [ox.Quad(iri, ACTION, ox.Literal(action), INGESTIONS)]
        kg.update(rewrite(found, [*keep, *quads], add=record, remove=removed))
    return describe(kg, ingestion_id)


def merge_entity(kg: KnowledgeStore, ingestion_id: str, entity: str, into: str) -> dict:
    """"This is Colossus": a proposed new entity becomes an existing one (or another proposed
    one) in every pending fact; its name is kept as an alias of ``into``.

    Raises:
        InvalidInput: ``entity`` is not a pending proposed entity; ``into`` is unknown or the same.
    """
    target = ox.NamedNode(entity_iri(into, "into"))
    with kg.writing():
        found = load(kg, ingestion_id)
        iri = _pending_entity(found, entity)
        if target == iri:
            raise InvalidInput("an entity is not merged into itself", field="into")
        known(kg, found, target.value, "into")
        surfaces = {q.object for q in found.pending_quads if q.subject == iri
                    and q.predicate == LABEL}
        pending = [ox.Quad(target if q.subject == iri else q.subject, q.predicate,
                           target if q.object == iri else q.object, q.graph_name)
                   for q in found.pending_quads if q.subject != iri]
        names = {row["l"].value for row in kg.select(
            f"SELECT ?e ?l WHERE {{ ?e {LABEL}|{_ALT} ?l }}", substitutions={ox.Variable("e"): target})}
        pending += [ox.Quad(target, _ALT, s, found.pending) for s in sorted(surfaces, key=str)
                    if s.value not in names and isinstance(s, ox.Literal)]
        record = [ox.Quad(iri, ACTION, ox.Literal(f"merged into {target.value}"), INGESTIONS)]
        previous = every(found.index, iri, ACTION)
        kg.update(rewrite(found, list(dict.fromkeys(pending)), add=record,
                           remove=[ox.Quad(iri, ACTION, p, INGESTIONS) for p in previous]))
    return describe(kg, ingestion_id)


# -- internals ---------------------------------------------------------------------------------


def _pending_entity(found: Loaded, entity: object) -> ox.NamedNode:
    iri = ox.NamedNode(entity_iri(entity, "entity"))
    if iri not in found.entities:
        raise InvalidInput(f"ingestion {found.id} proposes no new entity {iri.value}",
                           field="entity")
    if found.fact_state(iri) != "pending":
        raise Conflict(f"{iri.value} is no longer pending; only pending entities change")
    return iri


def _label(found: Loaded, iri: ox.NamedNode, lang: str) -> str | None:
    return next((q.object.value for q in found.pending_quads if q.subject == iri
                 and q.predicate == LABEL and getattr(q.object, "language", None) == lang), None)


def _describe_entity(found: Loaded, iri: ox.NamedNode, spec: dict, *, new: bool) -> list[ox.Quad]:
    kind = spec.get("class")
    if kind not in ENTITY_CLASSES:
        raise InvalidInput(f"class is one of {', '.join(ENTITY_CLASSES)}", field="class")
    label = spec.get("label")
    if not isinstance(label, str) or not label.strip() or len(label) > 200:
        raise InvalidInput("label is a name of 1 to 200 characters", field="label")
    graph = found.pending
    quads = [ox.Quad(iri, TYPE, a(kind), graph),
             ox.Quad(iri, LABEL, ox.Literal(label.strip(), language="en"), graph)]
    label_pt = spec.get("label_pt")
    if label_pt is not None:
        if not isinstance(label_pt, str) or not label_pt.strip() or len(label_pt) > 200:
            raise InvalidInput("label_pt is a name of 1 to 200 characters", field="label_pt")
        quads.append(ox.Quad(iri, LABEL, ox.Literal(label_pt.strip(), language="pt"), graph))
    aliases = spec.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(x, str) and 0 < len(x) <= 200
                                                for x in aliases):
        raise InvalidInput("aliases is a list of names", field="aliases")
    quads += [ox.Quad(iri, _ALT, ox.Literal(x.strip(), language="en"), graph) for x in aliases]
    qid = spec.get("wikidata")
    if qid is not None:
        if not isinstance(qid, str) or not re.fullmatch(r"Q[1-9][0-9]{0,11}", qid):
            raise InvalidInput("wikidata is a QID such as Q95", field="wikidata")
        quads += [ox.Quad(iri, a("wikidataQID"), ox.Literal(qid), graph),
                  ox.Quad(iri, _MATCH, ox.NamedNode(f"http://www.wikidata.org/entity/{qid}"),
                          graph)]
    if new:
        quads.append(ox.Quad(iri, a("confidence"), ox.Literal(str(Decimal(1)), datatype=ox.NamedNode(
            PREFIXES["xsd"] + "decimal")), graph))
    return quads
