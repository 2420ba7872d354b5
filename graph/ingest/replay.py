"""Review an ingestion from a *review file*: the facts a curator read in a source, applied
through the same steps a person takes on the review screen.

A review file (``seeds/review/<slug>.json``) names a public source (title, outlet, URL, date,
language), a short digest of what it states written by the curator, the entities its facts use
and the facts themselves as specs (:mod:`graph.ingest.fact_spec`). :func:`replay` ingests the
digest, then reviews the extractor's proposals against the file, one recorded step at a time:

* a proposed new entity the file uses is kept, or retyped / relabelled when the file says
  otherwise; one that names an entity of the file or of the graph by another name is merged into
  it; entities the file needs and the extractor missed are added by hand;
* a proposed fact equal to a fact of the file (inverse predicates and symmetric ones compare
  equal) is accepted as proposed; one about the same thing with a wrong value, status, time or
  predicate is edited to the file's; a proposal the file implies ("X invested in Y" for an
  investor of a round it states) or the graph already holds from another source (corroboration)
  is kept; the other proposals are rejected; facts of the file that nobody proposed are added
  by hand, quoting their evidence from the digest;
* the chosen facts are accepted after the SHACL check, and whatever is left is rejected.

So the review log (:mod:`graph.ingest.review_log`) of a replayed file is an honest measure of
the extractor: what it got right, what a reviewer had to correct, reject and add.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from graph.errors import InvalidInput
from graph.ingest.editing import add_fact, edit_fact
from graph.ingest.entity_editing import add_entity, edit_entity, merge_entity
from graph.ingest.fact_spec import entity as entity_iri
from graph.ingest.fact_spec import INVERSE, one_direction, to_fact
from graph.ingest.pipeline import ingest
from graph.ingest.review import describe
from graph.ingest.staging import accept, reject
from graph.store.base import KnowledgeStore
from graph.store.seeding import PENDING_PREFIX
from graph.vocab import AIKG, GRAPH, ID, PREFIXES

__all__ = ["replay", "check_record"]

_ENTITY_KEYS = ("subject", "object", "organization", "cluster", "holder", "chip", "manufacturer")
_RECORD_KEYS = {"slug", "title", "outlet", "url", "published", "language", "text", "entities",
                "facts"}
_STATED = f"""SELECT ?s ?p ?o ?i ?g WHERE {{ GRAPH ?g {{ {{ ?s ?p ?o }} UNION {{ ?o ?i ?s }} }}
    FILTER(!STRSTARTS(STR(?g), "{PENDING_PREFIX}") && STR(?g) != "{GRAPH}ingestions") }} LIMIT 1"""
_KNOWN = f"""SELECT ?e ?l WHERE {{ GRAPH ?g {{ ?e a ?t . OPTIONAL {{ ?e <{PREFIXES['rdfs']}label>
    ?l }} }} FILTER(!STRSTARTS(STR(?g), "{PENDING_PREFIX}")) }}"""


def check_record(record: object) -> dict[str, Any]:
    """``record`` when it has the keys of a review file, its facts are valid specs quoting the
    digest, and every entity they use is declared or known; else InvalidInput naming the
    problem."""
    if not isinstance(record, dict) or set(record) != _RECORD_KEYS:
        raise InvalidInput("a review file has the keys " + ", ".join(sorted(_RECORD_KEYS)))
    text, slug = record["text"], record["slug"]
    if not all(isinstance(record[k], str) for k in ("text", "slug", "outlet")) or not all(
            isinstance(record[k], list) for k in ("facts", "entities")) or not all(
            isinstance(e, dict) and isinstance(e.get("slug"), str) and e.get("class")
            and e.get("en") for e in record["entities"]):
        raise InvalidInput("a review file's text, slug and outlet are strings, its facts a "
                           "list, its entities a list of {slug, class, en, …}")
    for number, spec in enumerate(record["facts"], 1):
        where = f"fact {number} of {slug}"
        if not isinstance(spec, dict) or not isinstance(spec.get("evidence"), str) \
                or spec["evidence"] not in text:
            raise InvalidInput(f"{where}: its evidence is not words of the digest")
        if not spec.get("time"):
            raise InvalidInput(f"{where}: it has no time")
        try:
            to_fact(spec, start=0, end=0, method="review:file", confidence=1.0)
        except InvalidInput as error:
            raise InvalidInput(f"{where}: {error}") from None
    return record


def replay(kg: KnowledgeStore, record: dict[str, Any]) -> dict[str, Any]:
    """Ingest the digest of the review file ``record`` and review it to the file's facts;
    returns :func:`~graph.ingest.review.describe` of the reviewed ingestion.

    Raises:
        InvalidInput: a bad review file, or an entity its facts use that is neither declared
            nor known.
        ValidationFailed: SHACL refuses facts of the file; nothing is accepted and the
            ingestion stays pending, as reviewed so far, for a person to look at.
    """
    check_record(record)
    declared = {e["slug"]: e for e in record["entities"]}
    unknown = [slug for slug in _used(record) if slug not in declared
               and not _labels(kg, entity_iri(slug, "entity"))]
    if unknown:
        raise InvalidInput(f"{record['slug']}: entity {unknown[0]!r} is neither declared nor "
                           "known")
    outlet = declared.get(record["outlet"], {}).get("en") or _label_of(kg, record["outlet"])
    result, _ = ingest(kg, record["text"], lang=record["language"],
                       published=record["published"], source=record["url"],
                       title=record["title"], outlet=outlet)
    iid = result["id"]
    if result["state"] != "pending":
        return result
    _review_entities(kg, iid, record, declared)
    chosen = _review_facts(kg, iid, record)
    accept(kg, iid, chosen)
    return reject(kg, iid)


def _review_entities(kg: KnowledgeStore, iid: str, record: dict, declared: dict) -> None:
    used = _used(record)
    proposed = {e["iri"]: e for e in describe(kg, iid)["new_entities"]}
    names: dict[str, str] = {}
    for slug in used:
        iri = entity_iri(slug, "entity")
        labels = _labels(kg, iri)
        if labels:
            names.update((_norm(label), slug) for label in labels)
            continue
        spec = declared[slug]
        wanted = {"class": spec["class"], "label": spec["en"], "label_pt": spec.get("pt"),
                  "aliases": spec.get("aliases") or [], "wikidata": spec.get("wikidata")}
        names.update((_norm(n), slug) for n in [spec["en"], spec.get("pt") or "",
                                                *wanted["aliases"]] if n)
        if iri in proposed:
            if (proposed[iri]["class"], proposed[iri]["label"]) != (spec["class"], spec["en"]) \
                    or wanted["aliases"] or wanted["wikidata"] or wanted["label_pt"]:
                edit_entity(kg, iid, slug, {k: v for k, v in wanted.items() if v})
        else:
            add_entity(kg, iid, {"slug": slug, **{k: v for k, v in wanted.items() if v}})
    for iri, entity in proposed.items():
        slug = iri[len(str(ID)):]
        target = names.get(_norm(entity["label"] or ""))
        if slug not in used and target and target != slug:
            merge_entity(kg, iid, slug, target)


def _review_facts(kg: KnowledgeStore, iid: str, record: dict) -> list[str]:
    pending = [f for f in describe(kg, iid)["facts"] if f["state"] == "pending"]
    wanted = [_canonical(spec) for spec in record["facts"]]
    matched: dict[int, dict] = {}
    for loose in (False, True):
        for number, spec in enumerate(wanted):
            if number in matched:
                continue
            taken = {id(f) for f in matched.values()}
            candidates = [f for f in pending if "spec" in f and id(f) not in taken
                          and _anchor(_canonical(f["spec"]), loose) == _anchor(spec, loose)]
            if candidates:
                matched[number] = min(candidates, key=lambda f: _distance(
                    _canonical(f["spec"]), spec))
    chosen = []
    for number, spec in enumerate(record["facts"]):
        proposal = matched.get(number)
        if proposal is None:
            chosen.append(add_fact(kg, iid, spec)["added"])
            continue
        if _same(_canonical(proposal["spec"]), wanted[number]):
            chosen.append(proposal["id"])
            continue
        changes = {k: v for k, v in spec.items() if k != "type"}
        changes["status"] = spec.get("status") or "Actual"  # unsaid: the file's default
        changes |= {k: None for k in proposal["spec"] if k not in spec and k not in (
            "type", "exact", "evidence")}
        edit_fact(kg, iid, proposal["id"], changes)
        chosen.append(proposal["id"])
    taken = {id(f) for f in matched.values()}
    return chosen + _implied(kg, iid, [f for f in pending if "spec" in f and id(f) not in taken],
                             wanted)


def _implied(kg: KnowledgeStore, iid: str, left: list[dict], wanted: list[dict]) -> list[str]:
    """Proposals the file implies without stating them, kept: "X invested in Y" for each
    investor of a round of Y (given the round's time and status when they lack them), and a
    relation the graph already holds from another source (this source corroborates it:
    "Nvidia H100" says who makes the chip)."""
    rounds = {(investor, spec["organization"]): spec for spec in wanted
              if spec["type"] == "round" for investor in spec["investors"]}
    chosen = []
    for proposal in left:
        spec = _canonical(proposal["spec"])
        source = rounds.get((spec.get("subject"), spec.get("object"))) \
            if spec.get("predicate") == "investedIn" else None
        if source is None:
            if spec.get("type") == "relation" and spec.get("time") and _known_fact(kg, spec):
                chosen.append(proposal["id"])
            continue
        changes = {k: source[k] for k in ("time", "status") if spec.get(k) != source[k]}
        if changes:
            edit_fact(kg, iid, proposal["id"], changes)
        chosen.append(proposal["id"])
    return chosen


def _known_fact(kg: KnowledgeStore, spec: dict) -> bool:
    """Whether an accepted graph states the relation of ``spec`` (either direction)."""
    inverse = next((i for i, d in INVERSE.items() if d == spec["predicate"]), spec["predicate"])
    return bool(kg.select(_STATED, substitutions={
        ox.Variable("s"): ox.NamedNode(f"{ID}{spec['subject']}"),
        ox.Variable("p"): ox.NamedNode(f"{AIKG}{spec['predicate']}"),
        ox.Variable("o"): ox.NamedNode(f"{ID}{spec['object']}"),
        ox.Variable("i"): ox.NamedNode(f"{AIKG}{inverse}")}))


def _canonical(spec: dict) -> dict:
    """The spec with entity IRIs as slugs and relations in one direction, amounts as
    Decimals, lists as sets: two specs saying the same compare equal."""
    out = {k: v for k, v in spec.items() if v is not None and k != "evidence"}
    for key in _ENTITY_KEYS:
        if key in out:
            out[key] = out[key].removeprefix(str(ID))
    if out.get("type") == "relation":
        out["subject"], out["predicate"], out["object"] = one_direction(
            out["subject"], out["predicate"], out["object"])
    for key in ("amount", "post_money", "pre_money"):
        if key in out:
            out[key] = (Decimal(str(out[key]["value"])), out[key]["currency"])
    for key in ("investors", "lead"):
        out[key] = frozenset(x.removeprefix(str(ID)) for x in out.get(key) or [])
    if "chips" in out:
        out["chips"] = frozenset((c["chip"].removeprefix(str(ID)), c["quantity"],
                                  c.get("status") or out.get("status", "Actual"))
                                 for c in out["chips"])
    out.setdefault("status", "Actual")
    if out.get("type") == "holding":
        out.setdefault("exact", True)
    return out


def _anchor(spec: dict, loose: bool) -> tuple:
    """What a proposal and a fact of the file must share to be the same fact (``loose``: the
    second pass, where a relation between the same two entities may differ in predicate)."""
    kind = spec.get("type")
    if kind == "relation":
        return (kind, *sorted((spec["subject"], spec["object"]))) if loose else \
            (kind, spec["subject"], spec["predicate"], spec["object"])
    if kind == "round":
        return kind, spec["organization"]
    if kind == "cluster":
        return kind, spec["cluster"]
    return kind, spec.get("holder"), spec.get("chip") or spec.get("manufacturer")


def _distance(proposal: dict, spec: dict) -> int:
    return sum(proposal.get(k) != spec.get(k) for k in set(proposal) | set(spec))


def _same(proposal: dict, spec: dict) -> bool:
    return _distance(proposal, spec) == 0


def _used(record: dict) -> list[str]:
    """The outlet and every entity the file's facts use, once each, in order."""
    return list(dict.fromkeys([record["outlet"], *(s for spec in record["facts"]
                                                   for s in _entities(spec))]))


def _entities(spec: dict) -> list[str]:
    slugs = [spec[k] for k in _ENTITY_KEYS if spec.get(k)]
    slugs += list(spec.get("investors") or []) + [c["chip"] for c in spec.get("chips") or []]
    return [s.removeprefix(str(ID)) for s in slugs]


def _labels(kg: KnowledgeStore, iri: str) -> list[str]:
    """Labels of ``iri`` outside pending graphs; ``[]`` when the graph does not know it."""
    rows = kg.select(_KNOWN, substitutions={ox.Variable("e"): ox.NamedNode(iri)})
    return [getattr(row.get("l"), "value", "") for row in rows]


def _label_of(kg: KnowledgeStore, slug: str) -> str:
    labels = [x for x in _labels(kg, entity_iri(slug, "outlet")) if x]
    if not labels:
        raise InvalidInput(f"outlet {slug!r} is neither declared nor known", field="outlet")
    return labels[0]


def _norm(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", name.lower()).strip()
