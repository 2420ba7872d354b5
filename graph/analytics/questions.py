"""Questions analysts ask of the whole graph, answered as JSON with the sources behind each
answer: the largest funding rounds of a period with their lead investors, who supplies chips
to whom, people who lead or found more than one company, and the facts sources disagree on.

Each reads what the graph *knows* (named SPARQL queries ``question_*.rq``, proposals awaiting
review left out) and groups rows in Python. The same round or cluster state reported by
several sources is one node per source (each source graph keeps its own facts), so answers
group them: a round is one answer with every source that states it, and a disagreement is a
thing whose sources give different values. Investor portfolios and clusters by actual and
planned chips are :func:`graph.analytics.funding.funding_summary` and
:func:`graph.analytics.compute.compute_summary`.

Each is a whole-graph read, far past the engine's 10 s deadline at millions of quads: the
answers are computed on a background thread once per store generation, without parameters
(every currency and year of the rounds, every person with a role), and a caller waits at most
:data:`WAIT` seconds for them, then gets a 503 ``Retry-After`` (:func:`graph.store.memo.bounded`).
Parameters are checked first, then only pick from what was computed: a caller cannot start a
whole-graph read per parameter set.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from typing import Any

from graph.analytics.terms import english_labels, ident, local_name
from graph.errors import InvalidInput
from graph.projection.cache import BUILD_WAIT
from graph.store import queries
from graph.store.base import KnowledgeStore
from graph.store.kept import AS_JSON
from graph.store.memo import bounded

__all__ = ["QUESTIONS", "disagreements", "largest_rounds", "serial_leaders", "suppliers"]

QUESTIONS = {
    "largest-rounds": "The largest funding rounds of a period, with their lead investors",
    "suppliers": "Who supplies chips to whom (stated, or chips in a customer's clusters)",
    "serial-leaders": "People who lead or founded more than one company",
    "disagreements": "Rounds and clusters on which sources give different figures",
}
"""Question id → what it answers (``GET /questions``)."""
_YEAR = re.compile(r"[0-9]{4}")
WAIT = BUILD_WAIT
"""Seconds a caller waits for the answers of this generation before a 503 ``Retry-After``."""


def largest_rounds(kg: KnowledgeStore, *, start: str = "2024", end: str = "2025",
                   currency: str = "USD", limit: int = 20) -> list[dict[str, Any]]:
    """Rounds raised in ``currency`` whose time falls in the years ``start``–``end``, largest
    first: organisation, amount, post-money, label, time, status, lead investors and sources.
    Statements of one round by several sources (same organisation, amount and month) are one
    answer."""
    if not (_YEAR.fullmatch(str(start)) and _YEAR.fullmatch(str(end))) or start > end:
        raise InvalidInput("start and end are years, start first (2024, 2025)", field="start")
    if not re.fullmatch(r"[A-Z]{3}", currency or ""):
        raise InvalidInput("currency is an ISO 4217 code such as USD", field="currency")
    if not 1 <= limit <= 500:
        raise InvalidInput("limit is 1 to 500", field="limit")
    rounds = _rounds.within(kg, WAIT).get(currency, ())  # type: ignore[attr-defined]
    ranked = sorted((r for r in rounds if start <= r["time"][:4] <= end),
                    key=lambda r: (-r["amount"], r["time"], r["organization"]))
    return ranked[:limit]


@bounded(WAIT, keep=AS_JSON)
def _rounds(kg: KnowledgeStore) -> dict[str, list[dict[str, Any]]]:
    """Currency → every round raised in it (the answers of :func:`largest_rounds`, in the order
    the query first states them): a round is its statements with one organisation, amount,
    currency and month (its time's year is the month's)."""
    labels = english_labels(kg)
    rounds: dict[tuple, dict[str, Any]] = {}
    for row in queries.select(kg, "question_rounds"):
        time = _value(row.get("announced") or row.get("asOf"))
        if not time:
            continue
        org, amount = ident(row["organization"]), Decimal(row["amount"].value)
        currency = row["currency"].value
        item = rounds.setdefault((currency, org, amount, time[:7]), {
            "organization": org, "label": labels.get(org), "amount": _number(amount),
            "currency": currency, "post_money": None, "round": None, "time": time,
            "status": set(), "leads": set(), "sources": set(), "rounds": set()})
        item["rounds"].add(ident(row["round"]))
        if row.get("post") is not None and item["post_money"] is None:
            item["post_money"] = {"amount": _number(Decimal(row["post"].value)),
                                  "currency": row["postCurrency"].value}
        item["round"] = item["round"] or _value(row.get("roundLabel"))
        item["status"].add(local_name(row["status"]) if row.get("status") else "Actual")
        if row.get("lead") is not None:
            item["leads"].add(ident(row["lead"]))
        if row.get("source") is not None:
            item["sources"].add(ident(row["source"]))
    by_currency: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rounds.values():
        by_currency[r["currency"]].append({
            **r, "status": sorted(r["status"]), "rounds": sorted(r["rounds"]),
            "leads": [{"id": i, "label": labels.get(i)} for i in sorted(r["leads"])],
            "sources": sorted(r["sources"])})
    return dict(by_currency)


def suppliers(kg: KnowledgeStore) -> list[dict[str, Any]]:
    """Supplier → customer pairs: the chips involved, how it is known (``stated`` supplier
    relation, chips in the customer's ``cluster``, chips it ``holding``s) and the sources."""
    return _suppliers.within(kg, WAIT)  # type: ignore[attr-defined, no-any-return]


def suppliers_json(kg: KnowledgeStore) -> bytes:
    """:func:`suppliers` as JSON bytes, what the route sends: the kept file's own text when
    there is one (~6.5 MB at 10M quads, no longer decoded by the worker at each start nor
    encoded again by the serving process at each call)."""
    return _suppliers.json_within(kg, WAIT)  # type: ignore[attr-defined, no-any-return]


@bounded(WAIT, keep=AS_JSON, read_at_start=False)
def _suppliers(kg: KnowledgeStore) -> list[dict[str, Any]]:
    labels = english_labels(kg)
    pairs: dict[tuple, dict[str, Any]] = {}
    for row in queries.select(kg, "question_suppliers"):
        key = (ident(row["supplier"]), ident(row["customer"]))
        item = pairs.setdefault(key, {"supplier": key[0], "supplier_label": labels.get(key[0]),
                                      "customer": key[1], "customer_label": labels.get(key[1]),
                                      "chips": set(), "how": set(), "sources": set()})
        item["how"].add(row["how"].value)
        if row.get("chip") is not None:
            item["chips"].add(ident(row["chip"]))
        if row.get("source") is not None:
            item["sources"].add(ident(row["source"]))
    return [{**p, "chips": sorted(p["chips"]), "how": sorted(p["how"]),
             "sources": sorted(p["sources"])} for _, p in sorted(pairs.items())]


def serial_leaders(kg: KnowledgeStore, *, minimum: int = 2) -> list[dict[str, Any]]:
    """People who are chief executive or founder of at least ``minimum`` organisations, each
    role with its status, time and sources; most organisations first."""
    people = _leaders.within(kg, WAIT)  # type: ignore[attr-defined]
    return [p for p in people if p["organizations"] >= minimum]


@bounded(WAIT, keep=AS_JSON)
def _leaders(kg: KnowledgeStore) -> list[dict[str, Any]]:
    """Everyone who is chief executive or founder of an organisation, as
    :func:`serial_leaders` answers them, most organisations first."""
    labels = english_labels(kg)
    people: dict[str, dict[tuple, dict[str, Any]]] = defaultdict(dict)
    for row in queries.select(kg, "question_roles"):
        person, org = ident(row["person"]), ident(row["organization"])
        role = "ceo" if local_name(row["role"]) == "ceoOf" else "founder"
        item = people[person].setdefault((org, role), {
            "organization": org, "label": labels.get(org), "role": role, "status": set(),
            "times": set(), "sources": set()})
        for key, variable in (("status", "status"), ("times", "asOf"), ("sources", "source")):
            if row.get(variable) is not None:
                value = row[variable]
                item[key].add(local_name(value) if key == "status" else
                              ident(value) if key == "sources" else value.value)
    out = []
    for person, roles in people.items():
        out.append({"person": person, "label": labels.get(person),
                    "organizations": len({org for org, _ in roles}),
                    "roles": [{**r, "status": sorted(r["status"]), "times": sorted(r["times"]),
                               "sources": sorted(r["sources"])}
                              for _, r in sorted(roles.items())]})
    return sorted(out, key=lambda p: (-p["organizations"], p["person"]))


def disagreements(kg: KnowledgeStore) -> list[dict[str, Any]]:
    """Things sources give different figures for: a round (one organisation, one month, or
    one round label) raised or valued differently, a cluster counted differently at one time.
    Each with every figure and the sources behind it."""
    return _disagreements.within(kg, WAIT)  # type: ignore[attr-defined, no-any-return]


def disagreements_json(kg: KnowledgeStore) -> bytes:
    """:func:`disagreements` as JSON bytes, what the route sends (see :func:`suppliers_json`)."""
    return _disagreements.json_within(kg, WAIT)  # type: ignore[attr-defined, no-any-return]


@bounded(WAIT, keep=AS_JSON, read_at_start=False)
def _disagreements(kg: KnowledgeStore) -> list[dict[str, Any]]:
    labels = english_labels(kg)
    found: dict[tuple, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for row in queries.select(kg, "question_rounds"):
        time, source = _value(row.get("announced") or row.get("asOf")), row.get("source")
        if source is None or not time:
            continue
        org = ident(row["organization"])
        figures = {"amount raised": (row["amount"], row["currency"]),
                   "post-money valuation": (row.get("post"), row.get("postCurrency"))}
        keys = [("round", org, time[:7])] if len(time) >= 7 else []  # a year is no one round
        if row.get("roundLabel") is not None:
            keys.append(("round", org, row["roundLabel"].value))
        for key in keys:
            for what, (amount, unit) in figures.items():
                if amount is not None:  # figures in two currencies are no disagreement
                    found[(*key, f"{what} ({unit.value})")][
                        f"{_number(Decimal(amount.value)):,} {unit.value}"].add(ident(source))
    for row in queries.select(kg, "question_cluster_states"):
        time, source = _value(row.get("asOf") or row.get("announced")), row.get("source")
        if source is None or not time or row.get("total") is None:
            continue
        status = local_name(row["status"]) if row.get("status") else "Actual"
        key = ("cluster", ident(row["cluster"]), time[:7], f"{status.lower()} chips")
        found[key][f"{int(row['total'].value):,}"].add(ident(source))
    out, seen = [], set()
    for (kind, about, when, what), values in sorted(found.items()):
        sources = {s for group in values.values() for s in group}
        signature = (kind, about, what, frozenset((v, frozenset(s)) for v, s in values.items()))
        if len(values) < 2 or len(sources) < 2 or signature in seen:
            continue
        seen.add(signature)
        out.append({"kind": kind, "about": about, "label": labels.get(about), "when": when,
                    "what": what, "values": [{"value": v, "sources": sorted(s)}
                                             for v, s in sorted(values.items())]})
    return out


def _value(term: object) -> str | None:
    return None if term is None else term.value


def _number(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)
