"""Where an ingestion stands: its record, pending and accepted facts, as JSON-ready data.

:func:`load` reads one ingestion (the record and its mentions in ``g:ingestions``, the pending
graph and the target graph) into a :class:`Loaded`; :func:`describe` turns it into the answer of
``GET /ingest/{id}`` with a one-line English summary per fact built from labels
(``Elon Musk —ceoOf→ Tesla``, ``Colossus: 100,000 × Nvidia H100 (actual, 2024-09)``). A fact
is ``pending`` while its node is in the pending graph, ``accepted`` once it is in the target
graph and ``rejected`` when it is in neither (dropped by a rejection).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from graph.errors import EntityNotFound, InvalidInput
from graph.ingest.fact_spec import read
from graph.ingest.quad_index import LABEL, TYPE, Index, a, every, index, one
from graph.vocab import AIKG, GRAPH, ID, PREFIXES

INGESTIONS = ox.NamedNode(str(GRAPH.ingestions))
"""The named graph of ingestion records."""
_ID = re.compile(r"[0-9a-f]{16}")
_FACT = re.compile(re.escape(str(ID)) + r"[0-9a-f]{16}-p([0-9]+)")
_RECORD = f"""SELECT ?r ?s ?p ?o WHERE {{ GRAPH {INGESTIONS} {{
    {{ ?r ?p ?o BIND(?r AS ?s) }} UNION {{ ?r <{AIKG.ambiguousMention}> ?s . ?s ?p ?o }}
    UNION {{ ?r <{AIKG.proposes}> ?s . ?s <{AIKG.reviewAction}> ?o
             BIND(<{AIKG.reviewAction}> AS ?p) }} }} }}"""

_EDITABLE = {"Assertion", "ClusterState", "Holding", "FundingRound"}


def node(slug: str) -> ox.NamedNode:
    """``id:<slug>``."""
    return ox.NamedNode(f"{ID}{slug}")


def check_id(ingestion_id: str) -> str:
    """``ingestion_id`` when it is 16 lowercase hexadecimal digits, else InvalidInput."""
    if not isinstance(ingestion_id, str) or not _ID.fullmatch(ingestion_id):
        raise InvalidInput(f"an ingestion id is 16 lowercase hexadecimal digits, not "
                           f"{str(ingestion_id)[:40]!r}")
    return ingestion_id


def fact_number(iri: str) -> int | None:
    """``3`` for ``id:<id>-p03``; ``None`` for anything else."""
    match = _FACT.fullmatch(iri)
    return int(match.group(1)) if match else None


@dataclass
class Loaded:
    """One ingestion as stored."""

    id: str
    record: ox.NamedNode
    record_quads: list[ox.Quad]
    pending_quads: list[ox.Quad]
    target_quads: list[ox.Quad]
    index: Index = field(init=False)
    pending_subjects: set = field(init=False)
    target_subjects: set = field(init=False)

    def __post_init__(self) -> None:
        self.index = index([*self.record_quads, *self.pending_quads, *self.target_quads])
        self.pending_subjects = {q.subject for q in self.pending_quads}
        self.target_subjects = {q.subject for q in self.target_quads}
        proposed = every(self.index, self.record, a("proposes"))
        self.facts = sorted((p for p in proposed if fact_number(p.value) is not None),
                            key=lambda p: fact_number(p.value))
        self.entities = {p for p in proposed if fact_number(p.value) is None}
        self.pending = one(self.index, self.record, a("pendingGraph"))
        self.target = one(self.index, self.record, a("targetGraph"))
        self.article = node(f"article-{self.id}")
        self.source = getattr(one(self.index, self.record, a("source")), "value", None)
        self.state = getattr(one(self.index, self.record, a("reviewState")), "value", "pending")

    def fact_state(self, subject: object) -> str:
        """``pending``, ``accepted`` or ``rejected`` (in neither graph)."""
        if subject in self.pending_subjects:
            return "pending"
        return "accepted" if subject in self.target_subjects else "rejected"

    def short(self, fact: ox.NamedNode) -> str:
        """``p03`` for ``id:<id>-p03``."""
        return fact.value.rsplit("-", 1)[-1]

    def counts(self) -> dict[str, int]:
        states = [self.fact_state(f) for f in self.facts]
        return {"facts": len(states), **{s: states.count(s) for s in
                                         ("pending", "accepted", "rejected")},
                "new_entities": len(self.entities),
                "ambiguous": len(every(self.index, self.record, a("ambiguousMention")))}


def load(kg, ingestion_id: str) -> Loaded:
    """Read one ingestion. Raises InvalidInput (malformed id) or EntityNotFound (unknown)."""
    record = node(f"ingestion-{check_id(ingestion_id)}")
    rows = kg.select(_RECORD, substitutions={ox.Variable("r"): record})
    if not rows:
        raise EntityNotFound(f"no ingestion {ingestion_id}")
    quads = [ox.Quad(r["s"], r["p"], r["o"], INGESTIONS) for r in rows]
    graphs = {q.predicate: q.object for q in quads if q.subject == record}
    pending = graphs.get(a("pendingGraph"))
    target = graphs.get(a("targetGraph"))
    return Loaded(ingestion_id, record, quads,
                  list(kg.quads(pending)) if pending is not None else [],
                  list(kg.quads(target)) if target is not None else [])


def describe(kg, ingestion_id: str) -> dict:
    """The ingestion as JSON-ready data: ``id``, ``state``, ``source``, ``article`` (title,
    published, url, language and ``text``: the text read, ``None`` for ingestions staged
    before texts were kept), ``pending_graph``, ``target_graph``, ``facts``,
    ``new_entities``, ``ambiguous``, ``counts``.

    Raises:
        InvalidInput: the id is not 16 lowercase hexadecimal digits.
        EntityNotFound: no ingestion has this id.
    """
    found = load(kg, ingestion_id)
    labels = Labels(kg, found.index)
    idx, art = found.index, found.article
    article = {key: _value(one(idx, art, a(prop))) for key, prop in (
        ("title", "title"), ("published", "datePublished"), ("url", "url"),
        ("language", "language"))}
    article["publisher"] = _value(one(idx, art, a("publisher")))
    article["text"] = _value(one(idx, found.record, a("articleText")))
    return {
        "id": found.id, "state": found.state, "source": found.source, "article": article,
        "pending_graph": getattr(found.pending, "value", None),
        "target_graph": getattr(found.target, "value", None),
        "facts": [_fact(found, f, labels) for f in found.facts],
        "new_entities": [{"iri": e.value, "label": labels(e),
                          "class": _local(one(idx, e, TYPE)),
                          "confidence": _number(one(idx, e, a("confidence"))),
                          "evidence": _evidence(idx, e), "review": _value(one(
                              idx, e, a("reviewAction"))), "state": _entity_state(found, e)}
                         for e in sorted(found.entities, key=str)],
        "ambiguous": [{"surface": _value(one(idx, m, LABEL)), "evidence": _evidence(idx, m),
                       "candidates": [{"iri": c.value, "label": labels(c)}
                                      for c in every(idx, m, a("candidate"))]}
                      for m in every(idx, found.record, a("ambiguousMention"))],
        "counts": found.counts(),
    }


# -- internals ---------------------------------------------------------------------------------


class Labels:
    """English label of a node (else any label, else its local name), from the ingestion's
    own graphs first, then the store."""

    def __init__(self, kg, idx: Index) -> None:
        self.kg, self.idx, self.cache = kg, idx, {}

    def __call__(self, term: object) -> str:
        if term is None:
            return "?"
        if isinstance(term, ox.Literal):
            return term.value
        if term not in self.cache:
            found = every(self.idx, term, LABEL) or [row["l"] for row in self.kg.select(
                f"SELECT ?s ?l WHERE {{ ?s {LABEL} ?l }}", substitutions={ox.Variable("s"): term})]
            english = [t for t in found if getattr(t, "language", None) == "en"]
            self.cache[term] = (english or sorted(found, key=str) or [None])[0]
        label = self.cache[term]
        return label.value if label is not None else _local(term)


def _fact(found: Loaded, fact: ox.NamedNode, labels: Labels) -> dict:
    idx = found.index
    types = sorted(_local(t) for t in every(idx, fact, TYPE))
    out = {"id": found.short(fact), "iri": fact.value, "types": types,
           "status": _local(one(idx, fact, a("status"))),
           "method": _value(one(idx, fact, a("extractionMethod"))),
           "confidence": _number(one(idx, fact, a("confidence"))),
           "evidence": _evidence(idx, fact), "state": found.fact_state(fact),
           "review": _value(one(idx, fact, a("reviewAction")))}
    if "Assertion" in types and "Claim" not in types:
        reified = [one(idx, fact, ox.NamedNode(PREFIXES["rdf"] + n))
                   for n in ("subject", "predicate", "object")]
        out.update(zip(("subject", "predicate", "object"), map(_value, reified)))
    out["summary"] = summary(idx, fact, types, labels) if types else ""
    if out["state"] == "pending" and set(types) & _EDITABLE:
        out["spec"] = read(idx, fact)
    return out


def summary(idx: Index, fact: object, types: list[str], labels: Labels) -> str:
    """One English line for a fact node, from labels."""
    status = _local(one(idx, fact, a("status")))
    time = _value(one(idx, fact, a("asOf")) or one(idx, fact, a("announcedOn")))
    tail = " (" + ", ".join(x for x in (status and status.lower(), time) if x) + ")" \
        if status or time else ""
    if "ClusterState" in types:
        parts = [f"{_count(one(idx, x, a('quantity')))} × {labels(one(idx, x, a('chipModel')))}"
                 for x in every(idx, fact, a("hasAllocation"))]
        return f"{labels(one(idx, fact, a('stateOf')))}: {' + '.join(parts) or 'no chips'}{tail}"
    if "FundingRound" in types:
        parts = [f"{name} {_money(idx, one(idx, fact, a(prop)))}" for name, prop in (
            ("raised", "amountRaised"), ("pre-money", "preMoneyValuation"),
            ("post-money", "postMoneyValuation")) if one(idx, fact, a(prop)) is not None]
        investors = [labels(one(idx, i, a("investor")))
                     + (" (lead)" if _value(one(idx, i, a("isLead"))) == "true" else "")
                     for i in every(idx, fact, a("hasInvestment"))]
        if investors:
            parts.append("investors " + ", ".join(investors))
        return f"{labels(one(idx, fact, a('fundedOrganization')))} funding round" \
            + (": " + "; ".join(parts) if parts else "") + tail
    if "Holding" in types:
        chips = one(idx, fact, a("chipModel")) or one(idx, fact, a("chipManufacturer"))
        return (f"{labels(one(idx, fact, a('holder')))} holds at least "
                f"{_count(one(idx, fact, a('minQuantity')))} × {labels(chips)}{tail}")
    if "Claim" in types:
        said = [s for s in every(idx, fact, a("statement")) if s.language == "en"]
        return f"{labels(one(idx, fact, a('about')))}: {said[0].value if said else '…'}{tail}"
    if "Assertion" in types:
        s, p, o = (one(idx, fact, ox.NamedNode(PREFIXES["rdf"] + n))
                   for n in ("subject", "predicate", "object"))
        return f"{labels(s)} —{_local(p)}→ {labels(o)}" + (f" ({time})" if time else "")
    if "Announcement" in types or "Meeting" in types:
        people = ", ".join(labels(p) for p in every(idx, fact, a("participant")))
        when = _value(one(idx, fact, a("notAfter")))
        word = "by" if "Announcement" in types else "of"
        return f"{types[0]} {word} {people or '…'}" + (f", not after {when}" if when else "") + tail
    return f"{', '.join(types)} {_local(fact)}{tail}"


def _entity_state(found: Loaded, entity: ox.NamedNode) -> str:
    """A proposed entity's state; ``merged`` once a reviewer merged it into another."""
    action = _value(one(found.index, entity, a("reviewAction"))) or ""
    return "merged" if action.startswith("merged") else found.fact_state(entity)


def _money(idx: Index, amount: object) -> str:
    value = _number(one(idx, amount, a("amount")))
    currency = _value(one(idx, amount, a("currency"))) or ""
    shown = f"{int(value):,}" if isinstance(value, float) and value.is_integer() else value
    return f"{currency} {shown}".strip()


def _count(literal: object) -> str:
    number = _number(literal)
    return f"{int(number):,}" if isinstance(number, float) and number.is_integer() else "?"


def _number(literal: object) -> float | None:
    try:
        return float(Decimal(literal.value)) if isinstance(literal, ox.Literal) else None
    except InvalidOperation:
        return None


def _evidence(idx: Index, subject: object) -> dict[str, int | None]:
    start, end = (_number(one(idx, subject, a(p))) for p in ("evidenceStart", "evidenceEnd"))
    return {"start": None if start is None else int(start), "end": None if end is None else
            int(end)}


def _value(term: object) -> str | None:
    return None if term is None else term.value


def _local(term: object) -> str | None:
    if term is None:
        return None
    value = term.value
    return re.split(r"[#/]", value)[-1] if isinstance(term, ox.NamedNode) else value
