"""Funding as charts: valuations over time per company and the funding rounds with their
investors, from :func:`graph.analytics.funding.funding_summary` (read, never changed: the
summary is shared by every caller of the same store generation).

* **Valuations**: one line per company through its rounds' post-money valuations, each dated
  at its round's time (at the precision the source gave); a point's status (actual, reported,
  …) is drawn as its point style. One chart per currency, never mixing them. Valuations
  without a time are in the table only.
* **Rounds**: the amount each round raised, one bar per round coloured by its status; the
  table gives the round's time, status, pre- and post-money valuations (with their own
  status: a pre-money value derived by subtraction says so) and its investors.
"""

from __future__ import annotations

from typing import Any

from graph.site.chartdata import LIMIT, LINES, Namer, chart, entity, largest, point, series, table
from graph.site.i18n import say, when


def valuation_charts(organizations: list[dict[str, Any]], lang: str, name: Namer, *,
                     prefix: str = "valuations", title: str | None = None
                     ) -> list[dict[str, Any]]:
    """A line chart of post-money valuations over time per company, one per currency."""
    currencies = sorted({v["currency"] or "" for org in organizations
                         for v in org["valuations"] if v["amount"] is not None})
    charts = []
    known: dict[int, dict[str, str]] = {}  # organisation → its rounds' labels
    for currency in currencies:
        found = [(org, v) for org in organizations for v in org["valuations"]
                 if v["amount"] is not None and (v["currency"] or "") == currency]
        peak: dict[str, float] = {}
        for org, v in found:
            peak[org["id"]] = max(peak.get(org["id"], 0), v["amount"])
        kept = set(largest(list(peak), peak.__getitem__, LINES))
        found = [(org, v) for org, v in found if org["id"] in kept]
        dates = sorted({v["date"] for _, v in found if v["date"]})
        labels = [when(d, lang) for d in dates]
        lines = []
        for org in organizations:
            points = [point(when(v["date"], lang), v["amount"], lang, v["status"])
                      for o, v in found if o is org and v["date"]]
            if points:
                lines.append(series(org["id"], name(org["id"]), points))
        rows = [{"organization": entity(org["id"], name), "time": v["date"],
                 "round": _round_labels(org, known).get(v["round"], ""),
                 "post_money": {"amount": v["amount"], "currency": v["currency"],
                                "status": v["status"]}}
                for org, v in found]
        caption = say(lang, "table_of", title=title or say(lang, "chart_valuations"))
        columns = [("organization", say(lang, "col_company"), "entity"),
                   ("time", say(lang, "col_date"), "time"),
                   ("round", say(lang, "col_round"), "text"),
                   ("post_money", say(lang, "col_post_money"), "money")]
        chart_id = f"{prefix}-{currency.lower() or 'none'}"
        charts.append(chart(chart_id, _with_currency(title or say(lang, "chart_valuations"),
                                                     currency),
                            kind="line", labels=labels, series=lines, lang=lang,
                            unit="money", currency=currency or None,
                            table=table(caption, columns, rows, shown=len(kept),
                                        total=len(peak), source="/analytics/funding")))
    return charts


def rounds_chart(organizations: list[dict[str, Any]], lang: str, name: Namer, *,
                 chart_id: str = "rounds", title: str | None = None,
                 investor: str | None = None) -> dict[str, Any] | None:
    """A bar per funding round (its amount raised), with a table of the rounds and their
    investors; with ``investor``, only the rounds that investor took part in. ``None`` when
    there is no round."""
    title = title or say(lang, "chart_rounds")
    rows, labels, points, currencies = [], [], [], set()
    found = [(org, r) for org in organizations for r in org["rounds"]
             if not investor or investor in {i["id"] for i in r["investors"]}]
    for org, r in largest(found, _raised, LIMIT):
        label = f"{name(org['id'])} · {_round_name(r, lang)}"
        raised = r["amount_raised"]
        if raised and raised["amount"] is not None:
            labels.append(label)
            points.append(point(label, raised["amount"], lang, raised["status"]))
            currencies.add(raised["currency"])
        rows.append({
            "organization": entity(org["id"], name),
            "round": r["round_label"] or "", "time": (r["time"] or {}).get("date"),
            "status": r["status"], "amount_raised": raised, "pre_money": r["pre_money"],
            "post_money": r["post_money"],
            "investors": [entity(i["id"], name) for i in r["investors"]],
            "complete": _complete(r["investor_list_complete"], lang)})
    if not rows:
        return None
    currency = currencies.pop() if len(currencies) == 1 else None
    bars = [series("amount_raised", say(lang, "col_raised"), points)] if points else []
    columns = [("organization", say(lang, "col_company"), "entity"),
               ("round", say(lang, "col_round"), "text"), ("time", say(lang, "col_date"), "time"),
               ("status", say(lang, "status"), "status"),
               ("amount_raised", say(lang, "col_raised"), "money"),
               ("pre_money", say(lang, "col_pre_money"), "money"),
               ("post_money", say(lang, "col_post_money"), "money"),
               ("investors", say(lang, "col_investors"), "entities"),
               ("complete", say(lang, "col_investor_list"), "text")]
    return chart(chart_id, title, kind="bar", labels=labels, series=bars, lang=lang,
                 unit="money", currency=currency,
                 table=table(say(lang, "table_of", title=title), columns, rows,
                             shown=len(rows), total=len(found), source="/analytics/funding"))


def _raised(item: tuple[dict[str, Any], dict[str, Any]]) -> float:
    raised = item[1]["amount_raised"]
    return raised["amount"] or 0 if raised else 0


def _round_name(r: dict[str, Any], lang: str) -> str:
    """A round as people name it: its label, as the source gives it (Series B), and its time
    in words ("Series B, May 2024")."""
    parts = [r["round_label"], when((r["time"] or {}).get("date"), lang)]
    return ", ".join(p for p in parts if p) or r["id"]


def _round_labels(org: dict[str, Any], made: dict[int, dict[str, str]]) -> dict[str, str]:
    """Round id → its label (the first one stated) for ``org``, made once per organisation in
    ``made``: looking each valuation's round up in the list of rounds took seconds for the hub
    of a 10M graph, thousands of valuations against thousands of rounds."""
    labels = made.get(id(org))
    if labels is None:
        labels = made[id(org)] = {}
        for r in org["rounds"]:
            labels.setdefault(r["id"], r["round_label"] or "")
    return labels


def _complete(flag: bool | None, lang: str) -> str:
    if flag is None:
        return say(lang, "not_stated")
    return say(lang, "list_complete") if flag else say(lang, "list_incomplete")


def _with_currency(title: str, currency: str) -> str:
    return f"{title} ({currency})" if currency else title
