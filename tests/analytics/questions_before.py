"""The questions' answers as computed before they were computed once per store generation
(graph/analytics/questions.py at commit 51ee099, a whole-graph read per request and parameter
set): the oracle that the per-generation answers, filtered per request, must equal exactly."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from typing import Any

from graph.analytics.terms import english_labels, ident, local_name
from graph.store import queries
from graph.store.base import KnowledgeStore


def largest_rounds(kg: KnowledgeStore, *, start: str = "2024", end: str = "2025",
                   currency: str = "USD", limit: int = 20) -> list[dict[str, Any]]:
    assert re.fullmatch(r"[0-9]{4}", start) and re.fullmatch(r"[0-9]{4}", end)
    labels = english_labels(kg)
    rounds: dict[tuple, dict[str, Any]] = {}
    for row in queries.select(kg, "question_rounds"):
        time = _value(row.get("announced") or row.get("asOf"))
        if row["currency"].value != currency or not time or not start <= time[:4] <= end:
            continue
        org, amount = ident(row["organization"]), Decimal(row["amount"].value)
        item = rounds.setdefault((org, amount, time[:7]), {
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
    ranked = sorted(rounds.values(), key=lambda r: (-r["amount"], r["time"], r["organization"]))
    return [{**r, "status": sorted(r["status"]), "rounds": sorted(r["rounds"]),
             "leads": [{"id": i, "label": labels.get(i)} for i in sorted(r["leads"])],
             "sources": sorted(r["sources"])} for r in ranked[:limit]]


def serial_leaders(kg: KnowledgeStore, *, minimum: int = 2) -> list[dict[str, Any]]:
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
        organizations = {org for org, _ in roles}
        if len(organizations) >= minimum:
            out.append({"person": person, "label": labels.get(person),
                        "organizations": len(organizations),
                        "roles": [{**r, "status": sorted(r["status"]), "times": sorted(r["times"]),
                                   "sources": sorted(r["sources"])}
                                  for _, r in sorted(roles.items())]})
    return sorted(out, key=lambda p: (-p["organizations"], p["person"]))


def _value(term: object) -> str | None:
    return None if term is None else term.value


def _number(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)
