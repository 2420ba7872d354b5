"""A proposed fact as a small JSON *spec*, and back: what a reviewer edits and adds by hand.

The review routes and CLI speak specs, never RDF. :func:`read` turns a proposed fact node into
its spec; :func:`to_fact` checks a spec and turns it into the extractor's own record
(:mod:`graph.ingest.facts`), so an edited or hand-added fact is written by the same
:class:`~graph.ingest.proposal.ProposalWriter` as an extracted one and has the same shape.

======================  ==========================================================================
``type``                keys (entities are ``id:`` slugs such as ``"openai"`` or full IRIs)
======================  ==========================================================================
``relation``            ``subject``, ``predicate`` (an ``aikg:`` object property), ``object``
``round``               ``organization``, ``amount`` / ``post_money`` / ``pre_money``
                        (``{"value", "currency"}``), ``investors``, ``lead``, ``label``
``cluster``             ``cluster``, ``total``, ``chips`` (``[{"chip", "quantity", "status"}]``),
                        ``expected_by``
``holding``             ``holder``, ``chip`` or ``manufacturer``, ``quantity``, ``exact``
======================  ==========================================================================

Every type also takes ``status`` (``Actual``, ``Planned``, ``Reported``, ``Claimed``,
``Derived`` — the last with ``derivation``), ``time`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)
and ``evidence`` (words of the article text that state the fact; their offsets are kept).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from graph.errors import InvalidInput
from graph.ingest.facts import Allocation, ClusterFact, Fact, HoldingFact, Money, Relation, \
    RoundFact, When
from graph.ingest.quad_index import TYPE, Index, a, every, one
from graph.vocab import AIKG, ID

__all__ = ["KINDS", "RELATIONS", "STATUSES", "read", "to_fact"]

KINDS = ("relation", "round", "cluster", "holding")
STATUSES = ("Actual", "Planned", "Reported", "Claimed", "Derived")
RELATIONS = ("ceoOf", "chiefExecutive", "founderOf", "foundedBy", "employedBy", "employs",
             "spokespersonFor", "manufactures", "manufacturer", "develops", "developer",
             "operates", "operatedBy", "owns", "ownedBy", "trainedOn", "usedToTrain",
             "competesWith", "partnerOf", "supplierOf", "customerOf", "cloudProviderOf",
             "cloudCustomerOf", "investedIn", "hasInvestor", "demands", "strainsSupplyOf")
"""Predicates a ``relation`` spec may use: the ontology's entity-to-entity properties."""
INVERSE = {"chiefExecutive": "ceoOf", "foundedBy": "founderOf", "employs": "employedBy",
           "manufacturer": "manufactures", "developer": "develops", "operatedBy": "operates",
           "ownedBy": "owns", "usedToTrain": "trainedOn", "hasInvestor": "investedIn",
           "customerOf": "supplierOf", "cloudCustomerOf": "cloudProviderOf"}
"""Each inverse predicate and the one direction facts compare in (``X ceoOf Y`` is
``Y chiefExecutive X``)."""
SYMMETRIC = frozenset({"competesWith", "partnerOf"})


def one_direction(subject: str, predicate: str, obj: str) -> tuple[str, str, str]:
    """``(subject, predicate, object)`` said the one way two statements of it compare equal:
    inverse predicates turned round, symmetric ones with their ends in order."""
    if predicate in INVERSE:
        return obj, INVERSE[predicate], subject
    if predicate in SYMMETRIC and subject > obj:
        return obj, predicate, subject
    return subject, predicate, obj
_TIME = {4: "gYear", 7: "gYearMonth", 10: "date"}
_TIME_RE = re.compile(r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?")
_KEYS = {"relation": {"subject", "predicate", "object"},
         "round": {"organization", "amount", "post_money", "pre_money", "investors", "lead",
                   "label"},
         "cluster": {"cluster", "total", "chips", "expected_by", "size_factor", "build_days"},
         "holding": {"holder", "chip", "manufacturer", "quantity", "exact"}}
_COMMON = {"type", "status", "time", "evidence", "derivation"}


def read(idx: Index, fact: ox.NamedNode) -> dict[str, Any]:
    """The spec of the proposed fact ``fact`` (its quads indexed in ``idx``).

    Raises:
        InvalidInput: announcements and meetings, which have no spec (reject and add instead).
    """
    def value(predicate: str, subject: object = fact) -> Any:
        term = one(idx, subject, a(predicate))
        return None if term is None else _plain(term)

    types = {t.value.rsplit("#", 1)[-1] for t in every(idx, fact, TYPE)}
    spec: dict[str, Any] = {"status": value("status")}
    if "Assertion" in types:
        spec |= {"type": "relation", "predicate": _plain(one(idx, fact, _rdf("predicate"))),
                 "subject": _plain(one(idx, fact, _rdf("subject"))),
                 "object": _plain(one(idx, fact, _rdf("object"))), "time": value("asOf")}
    elif "ClusterState" in types:
        chips = [{"chip": value("chipModel", x), "quantity": value("quantity", x),
                  "status": value("status", x)}
                 for x in every(idx, fact, a("hasAllocation"))]
        spec |= {"type": "cluster", "cluster": value("stateOf"), "total": value("totalChips"),
                 "chips": chips, "time": value("asOf") or value("announcedOn"),
                 "expected_by": value("expectedBy"), "size_factor": value("sizeFactor"),
                 "build_days": value("buildDurationDays")}
    elif "Holding" in types:
        spec |= {"type": "holding", "holder": value("holder"), "chip": value("chipModel"),
                 "manufacturer": value("chipManufacturer"),
                 "quantity": value("quantity") or value("minQuantity"),
                 "exact": one(idx, fact, a("quantity")) is not None, "time": value("asOf")}
    elif "FundingRound" in types:
        investments = every(idx, fact, a("hasInvestment"))
        spec |= {"type": "round", "organization": value("fundedOrganization"),
                 **{key: _money(idx, one(idx, fact, a(prop))) for key, prop in (
                     ("amount", "amountRaised"), ("post_money", "postMoneyValuation"),
                     ("pre_money", "preMoneyValuation"))},
                 "investors": [value("investor", x) for x in investments],
                 "lead": [value("investor", x) for x in investments
                          if value("isLead", x) in (True, "true")],
                 "label": value("roundLabel"), "time": value("announcedOn") or value("asOf")}
    else:
        raise InvalidInput(f"{fact.value.rsplit('-', 1)[-1]} is an announcement or a meeting, "
                           "which cannot be edited: reject it and add the fact you mean")
    derivation = value("derivation")
    if derivation:
        spec["derivation"] = derivation
    return {k: v for k, v in spec.items() if v is not None}


def to_fact(spec: object, *, start: int, end: int, method: str, confidence: float) -> Fact:
    """The extractor's record for a spec; InvalidInput naming the first wrong key."""
    if not isinstance(spec, dict):
        raise InvalidInput("a fact is a JSON object with a \"type\"", field="fact")
    kind = spec.get("type")
    if kind not in KINDS:
        raise InvalidInput(f"a fact's type is one of {', '.join(KINDS)}", field="type")
    unknown = sorted(set(spec) - _KEYS[kind] - _COMMON)
    if unknown:
        raise InvalidInput(f"a {kind} fact has no key {unknown[0]!r}", field=unknown[0])
    status = spec.get("status") or "Actual"
    if status not in STATUSES:
        raise InvalidInput(f"status is one of {', '.join(STATUSES)}", field="status")
    derivation = _text(spec, "derivation")
    if status == "Derived" and not derivation:
        raise InvalidInput("a Derived fact says how it was derived (\"derivation\")",
                           field="derivation")
    found = {"start": start, "end": end, "method": method, "confidence": confidence,
             "status": status, "derivation": derivation}
    when = when_of(spec.get("time"), "time")
    if kind == "relation":
        predicate = spec.get("predicate")
        if predicate not in RELATIONS:
            raise InvalidInput(f"predicate is one of {', '.join(RELATIONS)}", field="predicate")
        return Relation(**found, subject=entity(spec.get("subject"), "subject"),
                        predicate=predicate, object=entity(spec.get("object"), "object"),
                        as_of=when)
    if kind == "round":
        investors = [entity(i, "investors") for i in _list(spec, "investors")]
        leads = [entity(i, "lead") for i in _list(spec, "lead")]
        if set(leads) - set(investors):
            raise InvalidInput("every lead is also among the investors", field="lead")
        moneys = {k: _money_spec(spec.get(k), k) for k in ("amount", "post_money", "pre_money")}
        if not investors and not any(moneys.values()):
            raise InvalidInput("a round has an amount, a valuation or investors", field="round")
        return RoundFact(**found, organization=entity(spec.get("organization"), "organization"),
                         amount=moneys["amount"], post_money=moneys["post_money"],
                         pre_money=moneys["pre_money"], investors=investors, leads=leads,
                         when=when, label=_text(spec, "label"))
    if kind == "cluster":
        chips = [_allocation(c, status) for c in _list(spec, "chips")]
        total = _count(spec.get("total"), "total", optional=True)
        if total is None and not chips:
            raise InvalidInput("a cluster state has a total or chips", field="chips")
        factor = spec.get("size_factor")
        return ClusterFact(**found, cluster=entity(spec.get("cluster"), "cluster"), total=total,
                           allocations=chips, when=when,
                           expected_by=when_of(spec.get("expected_by"), "expected_by"),
                           size_factor=None if factor is None else _decimal(factor, "size_factor"),
                           build_days=_count(spec.get("build_days"), "build_days", optional=True))
    chip, maker = spec.get("chip"), spec.get("manufacturer")
    if bool(chip) == bool(maker):
        raise InvalidInput("a holding names a chip or a manufacturer (one of them)", field="chip")
    return HoldingFact(**found, holder=entity(spec.get("holder"), "holder"),
                       chip=entity(chip, "chip") if chip else None,
                       manufacturer=entity(maker, "manufacturer") if maker else None,
                       minimum=_count(spec.get("quantity"), "quantity"),
                       exact=bool(spec.get("exact", True)), when=when)


def entity(value: object, field: str) -> str:
    """The IRI of an entity named by slug (``openai``) or IRI in the ``id:`` namespace."""
    text = value if isinstance(value, str) else ""
    if text.startswith(str(ID)):
        text = text[len(str(ID)):]
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,99}", text):
        raise InvalidInput(f"{field}: an entity is an id slug such as \"openai\" (lowercase "
                           "letters, digits, hyphens)", field=field)
    return f"{ID}{text}"


def when_of(value: object, field: str) -> When | None:
    """A ``YYYY[-MM[-DD]]`` text as a :class:`When` (``None`` stays ``None``)."""
    if value is None:
        return None
    if not isinstance(value, str) or not _TIME_RE.fullmatch(value):
        raise InvalidInput(f"{field} is YYYY, YYYY-MM or YYYY-MM-DD", field=field)
    return When(value, _TIME[len(value)])


# -- internals ---------------------------------------------------------------------------------


def _rdf(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"http://www.w3.org/1999/02/22-rdf-syntax-ns#{name}")


def _plain(term: object) -> Any:
    if isinstance(term, ox.NamedNode):
        text = term.value
        if text.startswith(str(ID)):
            return text[len(str(ID)):]
        return text.rsplit("#", 1)[-1] if text.startswith(str(AIKG)) else text
    if isinstance(term, ox.Literal):
        kind = term.datatype.value.rsplit("#", 1)[-1]
        if kind == "integer":
            return int(term.value)
        if kind == "boolean":
            return term.value == "true"
        if kind == "decimal":
            number = Decimal(term.value)
            return int(number) if number == number.to_integral_value() else float(number)
        return term.value
    return None


def _money(idx: Index, node: object) -> dict | None:
    if node is None:
        return None
    return {"value": _plain(one(idx, node, a("amount"))),
            "currency": _plain(one(idx, node, a("currency")))}


def _money_spec(value: object, field: str) -> Money | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"value", "currency"} or not (
            isinstance(value["currency"], str) and re.fullmatch(r"[A-Z]{3}", value["currency"])):
        raise InvalidInput(f'{field} is {{"value": 6600000000, "currency": "USD"}}', field=field)
    amount = _decimal(value["value"], field)
    if amount < 0:
        raise InvalidInput(f"{field} is not negative", field=field)
    return Money(amount, value["currency"])


def _allocation(chip: object, status: str) -> Allocation:
    if not isinstance(chip, dict) or set(chip) - {"chip", "quantity", "status"}:
        raise InvalidInput('chips are [{"chip": "nvidia-h100", "quantity": 100000}]', field="chips")
    own = chip.get("status") or status
    if own not in STATUSES or own == "Derived":
        raise InvalidInput("a chip line's status is Actual, Planned, Reported or Claimed",
                           field="chips")
    return Allocation(entity(chip.get("chip"), "chips"), _count(chip.get("quantity"), "chips"),
                      own)


def _count(value: object, field: str, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInput(f"{field} is a whole number, 0 or more", field=field)
    return value


def _decimal(value: object, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise InvalidInput(f"{field} is a number", field=field)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise InvalidInput(f"{field} is a number", field=field) from None
    if not number.is_finite():
        raise InvalidInput(f"{field} is a finite number", field=field)
    return number


def _list(spec: dict, field: str) -> list:
    value = spec.get(field) or []
    if not isinstance(value, list):
        raise InvalidInput(f"{field} is a list", field=field)
    return value


def _text(spec: dict, field: str) -> str | None:
    value = spec.get(field)
    if value is not None and (not isinstance(value, str) or len(value) > 500):
        raise InvalidInput(f"{field} is a text of at most 500 characters", field=field)
    return value or None
