"""Funding analytics: rounds, amounts, investors and valuations per organisation over time, and
each investor's portfolio.

Read with SPARQL (``funding_*.rq``) from the n-ary ``aikg:FundingRound`` nodes:

* a **round** has a status, a time (``aikg:asOf``, else ``aikg:announcedOn``, at the precision
  the source gave), an amount raised and pre-/post-money valuations (``aikg:MonetaryAmount``:
  decimal ``amount`` + ISO 4217 ``currency``), its ``aikg:Investment`` s (investor, status,
  amount, lead flag) and ``aikg:investorListComplete`` (``None`` when the source does not say);
* a money value carries the status of an assertion made about it when there is one (the
  pre-money value of xAI's May 2024 round is *Derived*, with its derivation), else the round's;
* an organisation's **valuation history** is its rounds' post-money valuations in time order;
* an investor's **portfolio** is every organisation it invested in, through a round's
  investment or a direct ``aikg:hasInvestor`` / ``aikg:investedIn`` relation.

``as_of`` hides rounds, investments and direct relations whose time starts after the date (an
investment without a time of its own takes its round's); a *reported* round stays *reported*.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from graph.analytics.terms import (
    earliest,
    english_labels,
    ident,
    local_name,
    number,
    shown,
    time_of,
)
from graph.projection.cache import BUILD_WAIT
from graph.projection.timefilter import parse_as_of
from graph.store import queries
from graph.store.base import KnowledgeStore
from graph.store.kept import AS_JSON
from graph.store.memo import bounded

MONEY_KINDS = {"amountRaised": "amount_raised", "preMoneyValuation": "pre_money",
               "postMoneyValuation": "post_money"}


@bounded(BUILD_WAIT, keep=AS_JSON, read_at_start=False)  # its route sends the file's text
def funding_summary(kg: KnowledgeStore, *, as_of: str | date | None = None) -> dict[str, Any]:
    """Funding rounds per organisation over time, valuation histories, investor portfolios.

    Parameters
    ----------
    kg : KnowledgeStore
        The store.
    as_of : str or date, optional
        ``YYYY-MM-DD``: hide facts whose time starts after this day.

    Returns
    -------
    dict
        ``{"as_of", "organizations", "investors"}``. An organisation has ``rounds`` (time
        order; each with ``time`` = ``{"date", "precision"}``, ``status``, ``round_label``,
        ``amount_raised`` / ``pre_money`` / ``post_money`` = ``{"amount", "currency",
        "status", "derivation"}`` or ``None``, ``investors`` and ``investor_list_complete``),
        ``valuations`` (``{"date", "precision", "amount", "currency", "status", "round"}``)
        and ``investors`` (ids). An investor has a ``portfolio`` of
        ``{"organization", "label", "rounds"}``.
    """
    day = parse_as_of(as_of)
    labels = english_labels(kg)
    rounds = _rounds(kg, day)
    _add_money(kg, rounds)
    _add_investments(kg, rounds, day)
    by_org: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in sorted(rounds.values(), key=lambda r: ((r["time"] or {}).get("date", ""), r["id"])):
        by_org[r.pop("organization")].append(r)
    direct = _direct_investors(kg, day)
    organizations = []
    for org in sorted(set(by_org) | set(direct)):
        org_rounds = by_org.get(org, [])
        investors = {i["id"] for r in org_rounds for i in r["investors"]} | direct.get(org, set())
        organizations.append({
            "id": org, "label": labels.get(org), "rounds": org_rounds,
            "valuations": [{**(r["time"] or {"date": None, "precision": None}),
                            "amount": r["post_money"]["amount"],
                            "currency": r["post_money"]["currency"],
                            "status": r["post_money"]["status"], "round": r["id"]}
                           for r in org_rounds if r["post_money"]],
            "investors": sorted(investors)})
    portfolios: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for org in organizations:
        for r in org["rounds"]:
            for investor in r["investors"]:
                portfolios[investor["id"]][org["id"]].append(r["id"])
        for investor in org["investors"]:
            portfolios[investor][org["id"]]  # noqa: B018 - a direct relation, maybe no round
    investors = [{"id": inv, "label": labels.get(inv), "portfolio": [
        {"organization": org, "label": labels.get(org), "rounds": sorted(set(ids))}
        for org, ids in sorted(held.items())]} for inv, held in sorted(portfolios.items())]
    for r in (r for org in organizations for r in org["rounds"]):
        r["label"] = labels.get(r["id"])
        for investor in r["investors"]:
            investor["label"] = labels.get(investor["id"])
    return {"as_of": day.isoformat() if day else None, "organizations": organizations,
            "investors": investors}


def funding_json(kg: KnowledgeStore, *, as_of: str | date | None = None) -> bytes:
    """:func:`funding_summary` as JSON bytes (see :func:`graph.store.memo.bounded`): what the
    route sends, as the kept file holds it when there is one."""
    return funding_summary.json(kg, as_of=as_of)  # type: ignore[attr-defined, no-any-return]


def _rounds(kg: KnowledgeStore, day: date | None) -> dict[str, dict[str, Any]]:
    """round id → its fields, for rounds with a funded organisation visible as of ``day``."""
    found: dict[str, dict[str, Any]] = {}
    for row in queries.select(kg, "funding_rounds"):
        rid = ident(row["round"])
        r = found.setdefault(rid, {"id": rid, "organization": set(), "status": set(),
                                   "times": set(), "round_label": set(), "complete": set(),
                                   "derivation": set()})
        for key, variable in (("organization", "organization"), ("status", "status"),
                              ("round_label", "roundLabel"), ("complete", "complete"),
                              ("derivation", "derivation")):
            if variable in row:
                r[key].add(row[variable])
        r["times"].update(row[v] for v in ("asOf", "announced") if v in row)
    rounds = {}
    for rid, r in found.items():
        if not r["organization"] or not shown(r["times"], day):
            continue
        complete = {c.value in ("true", "1") for c in r["complete"]}
        rounds[rid] = {
            "id": rid, "organization": ident(min(r["organization"], key=str)),
            "status": _first(local_name(s) for s in r["status"]),
            "time": time_of(earliest(r["times"])), "times": r["times"],
            "round_label": _first(t.value for t in r["round_label"]),
            "amount_raised": None, "pre_money": None, "post_money": None,
            "investors": [], "investor_list_complete": (all(complete) if complete else None),
            "derivation": _first(d.value for d in r["derivation"])}
    return rounds


def _add_money(kg: KnowledgeStore, rounds: dict[str, dict[str, Any]]) -> None:
    for row in queries.select(kg, "funding_amounts"):
        r = rounds.get(ident(row["round"]))
        if r is None:
            continue
        key = MONEY_KINDS[local_name(row["kind"])]
        value = {"amount": number(row.get("amount")),
                 "currency": row["currency"].value if "currency" in row else None,
                 "status": local_name(row["status"]) if "status" in row else r["status"],
                 "derivation": row["derivation"].value if "derivation" in row else None}
        if r[key] is None or _money_key(value) < _money_key(r[key]):
            r[key] = value  # several values: keep one, the same every time


def _money_key(value: dict[str, Any]) -> tuple:
    return (value["amount"] is None, value["amount"] or 0, value["currency"] or "",
            value["status"] or "", value["derivation"] or "")


def _add_investments(kg: KnowledgeStore, rounds: dict[str, dict[str, Any]],
                     day: date | None) -> None:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for row in queries.select(kg, "funding_investments"):
        rid = ident(row["round"])
        if rid not in rounds or "investor" not in row:
            continue
        key = (rid, ident(row["investment"]))
        inv = found.setdefault(key, {"investor": set(), "status": set(), "times": set(),
                                     "amount": None, "currency": None, "lead": None})
        inv["investor"].add(ident(row["investor"]))
        if "status" in row:
            inv["status"].add(local_name(row["status"]))
        inv["times"].update(row[v] for v in ("asOf", "announced") if v in row)
        if "amount" in row:
            inv["amount"] = number(row["amount"])
            inv["currency"] = row["currency"].value if "currency" in row else None
        if "lead" in row:
            inv["lead"] = row["lead"].value in ("true", "1")
    for (rid, iid), inv in sorted(found.items()):
        r = rounds[rid]
        if not shown(inv["times"] or r["times"], day):
            continue
        for investor in sorted(inv["investor"]):
            r["investors"].append({"id": investor, "investment": iid,
                                   "status": _first(inv["status"]) or r["status"],
                                   "amount": inv["amount"], "currency": inv["currency"],
                                   "lead": inv["lead"]})
    for r in rounds.values():
        r["investors"].sort(key=lambda i: (i["id"], i["investment"]))
        del r["times"]


def _direct_investors(kg: KnowledgeStore, day: date | None) -> dict[str, set[str]]:
    """organisation id → investors named by a direct relation visible as of ``day``."""
    times: dict[tuple[str, str], set] = defaultdict(set)
    for row in queries.select(kg, "funding_investors"):
        key = (ident(row["organization"]), ident(row["investor"]))
        times[key].add(earliest([row.get("asOf"), row.get("announced")]))
    direct: dict[str, set[str]] = defaultdict(set)
    for (org, investor), when in times.items():
        if None in when or shown(when, day):
            direct[org].add(investor)
    return direct


def _first(values: Any) -> Any:
    present = sorted(v for v in values if v is not None)
    return present[0] if present else None
