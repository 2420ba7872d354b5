"""The charts of the pages: funding and compute for ``/analytics``, and the charts relevant to
one entity for its page.

Each chart is a dict (see :mod:`graph.site.chartdata`) that the partial
``templates/charts.html`` turns into a canvas, a JSON block for ``static/charts.js`` and the
data table beside it. The numbers come from the analytics the JSON routes serve
(:func:`~graph.analytics.funding.funding_summary` behind ``/analytics/funding``,
:func:`~graph.analytics.compute.compute_summary` behind ``/analytics/compute``), so a chart and
the route always agree.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.analytics.compute import compute_summary
from graph.analytics.funding import funding_summary
from graph.analytics.jobs import budget
from graph.projection.timefilter import parse_as_of
from graph.site.chart_slices import chart_slices
from graph.site.chartdata import Namer, namer
from graph.site.compute_charts import (
    ai_model_chart,
    chip_model_chart,
    cluster_chart,
    cluster_detail,
    organization_chart,
    organization_detail,
    trained_on,
    where_chips_run,
)
from graph.site.funding_charts import rounds_chart, valuation_charts
from graph.site.i18n import check_page_lang, say
from graph.site.render import slug
from graph.store.base import KnowledgeStore


def funding_charts(kg: KnowledgeStore, *, as_of: str | date | None = None,
                   lang: str = "en", wait: float | None = None) -> list[dict[str, Any]]:
    """Valuations over time per company (one chart per currency) and the funding rounds with
    their investors (``wait``: as for :func:`entity_charts`; ``None`` only on a background
    thread: the summaries are then computed in the calling thread)."""
    check_page_lang(lang)
    funding, _, name = _summaries(kg, as_of, lang, wait)
    orgs = funding["organizations"]
    return [c for c in (*valuation_charts(orgs, lang, name), rounds_chart(orgs, lang, name))
            if c]


def compute_charts(kg: KnowledgeStore, *, as_of: str | date | None = None,
                   lang: str = "en", wait: float | None = None) -> list[dict[str, Any]]:
    """Chips per cluster, per organisation, per chip model and per AI model trained, actual
    versus planned versus derived (``wait``: as for :func:`entity_charts`)."""
    check_page_lang(lang)
    _, compute, name = _summaries(kg, as_of, lang, wait)
    trained = trained_on(kg, parse_as_of(as_of))
    found = (cluster_chart(compute, lang, name), organization_chart(compute, lang, name),
             chip_model_chart(compute, lang, name),
             ai_model_chart(compute, trained, lang, name))
    return [c for c in found if c]


def entity_charts(kg: KnowledgeStore, iri: str, *, as_of: str | date | None = None,
                  lang: str = "en", wait: float | None = None) -> list[dict[str, Any]]:
    """The charts about one entity (``iri``: its IRI or slug), as of a day, in ``lang``:

    * a company with funding rounds: its valuations over time and its rounds;
    * an investor: the rounds it took part in;
    * a cluster: its chips per chip model, actual versus planned versus derived;
    * an organisation with compute: its chips per chip model;
    * a chip model or a chip maker: where its chips run;
    * an AI model trained on clusters: those clusters' chips.

    An empty list when none applies. Chart ids are unique within the list. They are drawn from
    the entity's slice of the funding and compute summaries
    (:func:`graph.site.chart_slices.chart_slices`, kept across restarts), or, ``as_of`` a day,
    from that day's summaries. With ``wait``, those are waited for at most that long
    (``EngineUnavailable`` past it, while they go on being computed).
    """
    check_page_lang(lang)
    ident = slug(iri)
    day = parse_as_of(as_of)
    if day is not None:
        funding, compute, name = _summaries(kg, as_of, lang, wait)
        return charts_about(ident, funding, compute, trained_on(kg, day), lang, name)
    slices = (chart_slices.remembered(kg) if wait is None  # type: ignore[attr-defined]
              else chart_slices.within(kg, wait))  # type: ignore[attr-defined]
    found = slices.get(ident)
    return charts_about(ident, found["funding"], found["compute"], found["trained"], lang,
                        namer(kg, lang, slices.names))


def charts_about(ident: str, funding: dict[str, Any], compute: dict[str, Any],
                 trained: list[tuple[str, str, str | None]], lang: str,
                 name: Namer) -> list[dict[str, Any]]:
    """:func:`entity_charts` drawn from summaries (whole, or the entity's slice of them) and
    training relations."""
    charts: list[dict[str, Any] | None] = []
    orgs = [o for o in funding["organizations"] if o["id"] == ident]
    if orgs:
        charts += valuation_charts(orgs, lang, name, prefix="entity-valuations",
                                   title=say(lang, "chart_valuations_of", name=name(ident)))
        charts.append(rounds_chart(orgs, lang, name, chart_id="entity-rounds",
                                   title=say(lang, "chart_rounds_of", name=name(ident))))
    if any(i["id"] == ident for i in funding["investors"]):
        charts.append(rounds_chart(funding["organizations"], lang, name, investor=ident,
                                   chart_id="entity-investments",
                                   title=say(lang, "chart_rounds_with", name=name(ident))))
    charts.append(cluster_detail(compute, ident, lang, name))
    charts.append(organization_detail(compute, ident, lang, name))
    charts.append(where_chips_run(compute, ident, lang, name))
    charts.append(ai_model_chart(compute, trained, lang, name, only=ident,
                                 chart_id="entity-ai-model",
                                 title=say(lang, "chart_model_chips", name=name(ident))))
    return [c for c in charts if c and _has_numbers(c)]


def _summaries(kg: KnowledgeStore, as_of: str | date | None, lang: str,
               wait: float | None = None) -> tuple[dict[str, Any], dict[str, Any], Namer]:
    day = parse_as_of(as_of)
    text = day.isoformat() if day else None  # the routes' cache key
    if wait is None:  # a background caller: computed here if need be, never waited for
        funding = funding_summary.remembered(kg, as_of=text)  # type: ignore[attr-defined]
        compute = compute_summary.remembered(kg, as_of=text)  # type: ignore[attr-defined]
    else:
        left = budget(wait)  # one wait for both, not one each
        funding = funding_summary.within(kg, left(), as_of=text)
        compute = compute_summary.within(kg, left(), as_of=text)
    funding_names = {o["id"]: o["label"] for o in (*funding["organizations"],
                                                   *funding["investors"])}
    return funding, compute, namer(kg, lang, funding_names, compute["labels"])


def _has_numbers(chart: dict[str, Any]) -> bool:
    """Whether a chart has something to draw or a row to read."""
    return bool(chart["table"]["rows"])
