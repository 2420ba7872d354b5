"""Compute analytics: how many chips of which model and maker each cluster and organisation
runs, actual versus planned versus derived, and each organisation's suppliers.

Read with SPARQL (``compute_*.rq``), not from the network projection, because the numbers live
in n-ary fact nodes:

* a **cluster** has states (``aikg:ClusterState``: a snapshot or a plan) whose
  ``aikg:ChipAllocation`` s give a chip model and a quantity, each with its own status
  (a planned state can hold *planned* and *derived* allocations). A cluster's chips are those
  of its **current** states: for each state status, the latest visible state (snapshots are
  not added up over time, and a plan is never added to the snapshot it builds upon). A state
  without allocations counts its ``aikg:totalChips`` under the chip model ``"unknown"``;
* an **organisation** counts the current chips of every cluster it operates or owns (once per
  cluster, whatever the number of roles) plus its exact ``aikg:Holding`` s (the latest per chip
  model, maker and status). Holdings or allocations that give only a minimum
  (``aikg:minQuantity``, "hundreds of thousands") are listed under ``at_least`` and never added
  to exact counts;
* a chip's **maker** is ``aikg:manufacturer`` of its model or an organisation that
  ``aikg:manufactures`` it (several makers: the first id); a holding may name its maker
  directly (``aikg:chipManufacturer``);
* **supplier share**: per status, the fraction of an organisation's exact chips made by each
  maker.

``as_of`` hides states, allocations, holdings and operator relations whose time starts after
the date (an allocation without a time of its own takes its state's); statuses stay as they are,
so a plan announced before the date is still reported as planned.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

import pyoxigraph as ox

from graph.analytics.terms import (earliest, english_labels, ident, local_name, number, shown,
                                   time_of)
from graph.projection.cache import BUILD_WAIT
from graph.projection.timefilter import parse_as_of
from graph.store import queries
from graph.store.base import KnowledgeStore
from graph.store.kept import AS_JSON
from graph.store.memo import bounded

MAIN_BUCKETS = ("actual", "planned", "derived")
UNKNOWN = "unknown"


@bounded(BUILD_WAIT, keep=AS_JSON, read_at_start=False)  # its route sends the file's text
def compute_summary(kg: KnowledgeStore, *, as_of: str | date | None = None) -> dict[str, Any]:
    """Chips per cluster and per organisation, by status, chip model and maker.

    Parameters
    ----------
    kg : KnowledgeStore
        The store.
    as_of : str or date, optional
        ``YYYY-MM-DD``: hide facts whose time starts after this day.

    Returns
    -------
    dict
        ``{"as_of", "clusters", "organizations", "chip_models", "labels"}``. A cluster has
        ``states`` (every visible state with its allocations), ``current`` (the state ids that
        count) and ``chips``; an organisation has ``clusters`` (with roles), ``holdings``,
        ``at_least``, ``chips`` and ``supplier_share``. ``chips`` maps a lower-case status to
        ``{"total", "by_model", "by_manufacturer"}``; ``actual``, ``planned`` and ``derived``
        are always present. Ids are entity slugs; ``labels`` gives their English labels.
    """
    day = parse_as_of(as_of)
    makers = _manufacturers(kg)
    clusters = _clusters(kg, day, makers)
    roles = _roles(kg, day)
    holdings = _holdings(kg, day, makers)
    organizations = []
    for org in sorted(set(roles) | set(holdings)):
        chips = _buckets()
        for cluster_id in sorted(roles.get(org, {})):
            for bucket, counts in clusters.get(cluster_id, {}).get("chips", {}).items():
                _add_bucket(chips, bucket, counts)
        exact = [h for h in holdings.get(org, []) if h["quantity"] is not None]
        for h in exact:
            _add(chips, h["status"], h["chip"], h["manufacturer"], h["quantity"])
        organizations.append({
            "id": org,
            "clusters": [{"id": c, "roles": sorted(r)} for c, r in sorted(roles[org].items())]
            if org in roles else [],
            "holdings": exact,
            "at_least": [h for h in holdings.get(org, []) if h["quantity"] is None],
            "chips": chips,
            "supplier_share": _shares(chips),
        })
    used = {a["chip"] for c in clusters.values() for s in c["states"] for a in s["allocations"]}
    used |= {h["chip"] for hs in holdings.values() for h in hs}
    chip_models = [{"id": chip, "manufacturers": makers.get(chip, [])}
                   for chip in sorted(c for c in used if c and c != UNKNOWN)]
    labels = english_labels(kg)
    result = {"as_of": day.isoformat() if day else None,
              "clusters": [clusters[c] for c in sorted(clusters)],
              "organizations": organizations, "chip_models": chip_models}
    for entry in (*result["clusters"], *organizations, *chip_models):
        entry["label"] = labels.get(entry["id"])
    mentioned = _ids(result)
    result["labels"] = {k: v for k, v in sorted(labels.items()) if k in mentioned}
    return result


# -- reading -------------------------------------------------------------------------------------

def _manufacturers(kg: KnowledgeStore) -> dict[str, list[str]]:
    makers: dict[str, list[str]] = defaultdict(list)
    for row in queries.select(kg, "compute_manufacturers"):
        makers[ident(row["chip"])].append(ident(row["manufacturer"]))
    return {chip: sorted(set(m)) for chip, m in makers.items()}


def compute_json(kg: KnowledgeStore, *, as_of: str | date | None = None) -> bytes:
    """:func:`compute_summary` as JSON bytes (see :func:`graph.store.memo.bounded`): what the
    route sends, as the kept file holds it when there is one."""
    return compute_summary.json(kg, as_of=as_of)  # type: ignore[attr-defined, no-any-return]


def _maker(chip: str | None, makers: dict[str, list[str]]) -> str:
    return (makers.get(chip) or [UNKNOWN])[0] if chip else UNKNOWN


def _clusters(kg: KnowledgeStore, day: date | None,
              makers: dict[str, list[str]]) -> dict[str, dict[str, Any]]:
    """cluster id → its visible states, current state ids and chip buckets."""
    states: dict[str, dict[str, Any]] = {}
    allocations: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for row in queries.select(kg, "compute_states"):
        sid = ident(row["state"])
        state = states.setdefault(sid, {"id": sid, "cluster": ident(row["cluster"]),
                                        "status": set(), "times": set(), "total": set()})
        _collect(state, row, status="stateStatus", times=("stateAsOf", "stateAnnounced"),
                 total="stateTotal")
        if "allocation" in row:
            aid = ident(row["allocation"])
            alloc = allocations[sid].setdefault(aid, {"id": aid, "chip": set(), "status": set(),
                                                      "times": set(), "quantity": set(),
                                                      "min": set()})
            _collect(alloc, row, status="status", times=("asOf", "announced"),
                     quantity="quantity", min="minQuantity", chip="chip")
    by_cluster: dict[str, dict[str, Any]] = {}
    for sid, state in sorted(states.items()):
        if not shown(state["times"], day):
            continue
        status = _status(state["status"])
        allocs = [a for _, a in sorted(allocations.get(sid, {}).items())]
        entries = []
        for alloc in allocs:
            if not shown(alloc["times"] or state["times"], day):
                continue
            chip = ident(min(alloc["chip"], key=str)) if alloc["chip"] else UNKNOWN
            entries.append({"id": alloc["id"], "chip": chip, "manufacturer": _maker(chip, makers),
                            "quantity": _one(alloc["quantity"]),
                            "min_quantity": _one(alloc["min"]),
                            "status": _status(alloc["status"]) or status,
                            "time": time_of(earliest(alloc["times"]))})
        total = _one(state["total"])
        if not allocs and total is not None:
            entries.append({"id": None, "chip": UNKNOWN, "manufacturer": UNKNOWN,
                            "quantity": total, "min_quantity": None, "status": status,
                            "time": None})
        cluster = by_cluster.setdefault(state["cluster"], {"id": state["cluster"], "states": []})
        cluster["states"].append({"id": sid, "status": status, "total_chips": total,
                                  "time": time_of(earliest(state["times"])),
                                  "allocations": entries})
    for cluster in by_cluster.values():
        latest: dict[str | None, dict[str, Any]] = {}
        for state in sorted(cluster["states"], key=_when):
            latest[state["status"]] = state
        cluster["current"] = sorted(s["id"] for s in latest.values())
        chips = _buckets()
        for state in latest.values():
            for a in state["allocations"]:
                if a["quantity"] is not None:
                    _add(chips, a["status"], a["chip"], a["manufacturer"], a["quantity"])
        cluster["chips"] = chips
    return by_cluster


def _roles(kg: KnowledgeStore, day: date | None) -> dict[str, dict[str, set[str]]]:
    """organisation id → cluster id → {"operates", "owns"} (relations visible as of ``day``)."""
    times: dict[tuple[str, str, str], set] = defaultdict(set)
    for row in queries.select(kg, "compute_operators"):
        key = (ident(row["organization"]), ident(row["cluster"]), local_name(row["predicate"]))
        times[key].add(earliest([row.get("asOf"), row.get("announced")]))
    roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for (org, cluster, role), when in times.items():
        if None in when or shown(when, day):
            roles[org][cluster].add(role)
    return roles


def _holdings(kg: KnowledgeStore, day: date | None,
              makers: dict[str, list[str]]) -> dict[str, list[dict[str, Any]]]:
    """holder id → its latest visible holding per (chip, maker, status)."""
    found: dict[str, dict[str, Any]] = {}
    for row in queries.select(kg, "compute_holdings"):
        hid = ident(row["holding"])
        h = found.setdefault(hid, {"id": hid, "holder": set(), "chip": set(), "maker": set(),
                                   "quantity": set(), "min": set(), "text": set(),
                                   "status": set(), "times": set()})
        _collect(h, row, status="status", times=("asOf", "announced"), quantity="quantity",
                 min="minQuantity", chip="chip", holder="holder", maker="manufacturer",
                 text="quantityText")
    latest: dict[tuple, dict[str, Any]] = {}
    for h in sorted(found.values(), key=lambda h: (_sort_time(earliest(h["times"])), h["id"])):
        if not h["holder"] or not shown(h["times"], day):
            continue
        chip = ident(min(h["chip"], key=str)) if h["chip"] else None
        maker = ident(min(h["maker"], key=str)) if h["maker"] else _maker(chip, makers)
        entry = {"id": h["id"], "chip": chip, "manufacturer": maker,
                 "quantity": _one(h["quantity"]), "min_quantity": _one(h["min"]),
                 "text": min((t.value for t in h["text"]), default=None),
                 "status": _status(h["status"]), "time": time_of(earliest(h["times"]))}
        for holder in h["holder"]:
            latest[(ident(holder), chip, maker, entry["status"])] = entry
    by_holder: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (holder, *_), entry in sorted(latest.items(), key=lambda kv: (kv[0][0], kv[1]["id"])):
        by_holder[holder].append(entry)
    return by_holder


def _collect(target: dict[str, Any], row: dict[str, ox.NamedNode | ox.Literal], *,
             times: tuple[str, ...], **fields: str) -> None:
    """Add the row's values of ``fields`` (target key → variable) and ``times`` to sets."""
    for key, variable in fields.items():
        if variable in row:
            target[key].add(row[variable])
    target["times"].update(row[v] for v in times if v in row)


# -- arithmetic ----------------------------------------------------------------------------------

def _status(values: set[ox.NamedNode]) -> str | None:
    return local_name(min(values, key=str)) if values else None


def _one(values: set[ox.Literal]) -> int | float | None:
    numbers = [n for n in (number(v) for v in values) if n is not None]
    return max(numbers) if numbers else None


def _sort_time(term: ox.Literal | None) -> str:
    return term.value if term is not None else ""


def _when(state: dict[str, Any]) -> tuple[str, str]:
    return (state["time"]["date"] if state["time"] else "", state["id"])


def _buckets() -> dict[str, dict[str, Any]]:
    return {b: {"total": 0, "by_model": {}, "by_manufacturer": {}} for b in MAIN_BUCKETS}


def _add(chips: dict[str, dict[str, Any]], status: str | None, chip: str | None,
         maker: str | None, quantity: int | float) -> None:
    bucket = chips.setdefault((status or UNKNOWN).lower(),
                              {"total": 0, "by_model": {}, "by_manufacturer": {}})
    bucket["total"] += quantity
    for key, name in (("by_model", chip or UNKNOWN), ("by_manufacturer", maker or UNKNOWN)):
        bucket[key][name] = bucket[key].get(name, 0) + quantity


def _add_bucket(chips: dict[str, dict[str, Any]], bucket: str, counts: dict[str, Any]) -> None:
    target = chips.setdefault(bucket, {"total": 0, "by_model": {}, "by_manufacturer": {}})
    target["total"] += counts["total"]
    for key in ("by_model", "by_manufacturer"):
        for name, n in counts[key].items():
            target[key][name] = target[key].get(name, 0) + n


def _shares(chips: dict[str, dict[str, Any]]) -> dict[str, dict[str, float]]:
    """status → maker → fraction of that status's exact chips (statuses with chips only)."""
    return {bucket: {maker: n / counts["total"]
                     for maker, n in sorted(counts["by_manufacturer"].items())}
            for bucket, counts in chips.items() if counts["total"]}


def _ids(result: dict[str, Any]) -> set[str]:
    """Every id mentioned in a summary (to choose which labels to send)."""
    ids: set[str] = set()
    for cluster in result["clusters"]:
        ids |= {cluster["id"], *cluster["current"]}
        for state in cluster["states"]:
            ids |= {state["id"], *(a["id"] for a in state["allocations"] if a["id"])}
            ids |= {a[k] for a in state["allocations"] for k in ("chip", "manufacturer")}
    for org in result["organizations"]:
        ids |= {org["id"], *(c["id"] for c in org["clusters"])}
        for h in (*org["holdings"], *org["at_least"]):
            ids |= {h["id"], h["chip"], h["manufacturer"]}
    for chip in result["chip_models"]:
        ids |= {chip["id"], *chip["manufacturers"]}
    return ids
