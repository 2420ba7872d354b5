"""The analytics page ``/analytics``: funding and compute as charts with their data tables, and
the most central entities of the graph, as of a day.

:func:`analytics_data` is the page's content as JSON (``/analytics?format=json``): the charts
as :mod:`graph.site.chartdata` describes them, in the page's language; :func:`analytics_page`
renders it. The centrality ranking is :func:`graph.analytics.network.centrality`, the function
behind ``/analytics/centrality``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from graph.analytics.jobs import ANALYTICS_WAIT, budget
from graph.analytics.network import MEASURES, centrality
from graph.projection.timefilter import parse_as_of
from graph.site.chartdata import chart, entity, namer, point, series, table
from graph.site.charts import compute_charts, funding_charts
from graph.site.i18n import check_page_lang, say
from graph.site.render import render_page
from graph.store.base import KnowledgeStore
from graph.store.kept import AS_JSON
from graph.store.memo import bounded

TOP = 10
DEFAULT_MEASURE = "pagerank"


def analytics_data(kg: KnowledgeStore, *, as_of: str | None = None,
                   measure: str = DEFAULT_MEASURE, lang: str = "en") -> dict[str, Any]:
    """``{"as_of", "measure", "funding": [charts], "compute": [charts], "central": chart}``.

    Raises:
        InvalidInput: a bad ``as_of``, an unknown ``measure`` or ``lang``.
    """
    check_page_lang(lang)
    day = parse_as_of(as_of)
    text = day.isoformat() if day else None
    left = budget()  # one budget for every wait (each alone waited 6 s: at 10M the page
    #                  waited 4 × 6 s in turn and got the worker killed at 10 s)
    charts = chart_sets.within(kg, left(), as_of=text, lang=lang)  # type: ignore[attr-defined]
    return {"as_of": text, "measure": measure, "lang": lang, "funding": charts["funding"],
            "compute": charts["compute"],
            "central": central_chart(kg, measure=measure, as_of=text, lang=lang, wait=left())}


@bounded(ANALYTICS_WAIT, keep=AS_JSON)
def chart_sets(kg: KnowledgeStore, *, as_of: str | None = None, lang: str = "en",
               ) -> dict[str, list[dict[str, Any]]]:
    """The page's ``funding`` and ``compute`` charts, made once per generation, day and
    language on a background thread: at 10M quads they walk summaries of ~50 MB each, more than
    a request's deadline (every /analytics request got the worker killed). Those of today in
    English are kept across restarts (:mod:`graph.store.kept`): made again after a restart at
    10M, the page was the last route to answer, minutes after the others."""
    return {"funding": funding_charts(kg, as_of=as_of, lang=lang),
            "compute": compute_charts(kg, as_of=as_of, lang=lang)}


def central_chart(kg: KnowledgeStore, *, measure: str = DEFAULT_MEASURE,
                  as_of: str | None = None, lang: str = "en",
                  wait: float | None = None) -> dict[str, Any]:
    """The :data:`TOP` entities by ``measure`` as horizontal bars, with their table (``wait``:
    the seconds left to wait for the ranking, as for :func:`centrality`)."""
    ranked = centrality(kg, measure=measure, as_of=as_of, limit=TOP, wait=wait)
    name = namer(kg, lang, {r["id"]: r["label"] for r in ranked})
    labels = [name(r["id"]) for r in ranked]
    title = say(lang, "chart_central", measure=say(lang, measure))
    rows = [{"entity": entity(r["id"], name), "rank": r["rank"], "score": r["score"]}
            for r in ranked]
    columns = [("entity", say(lang, "col_entity"), "entity"),
               ("rank", say(lang, "col_rank"), "number"),
               ("score", say(lang, "col_score"), "score")]
    points = [point(x, r["score"], lang) for x, r in zip(labels, ranked, strict=True)]
    bars = [series(measure, say(lang, measure), points)]
    return chart(f"central-{measure}", title, kind="bar", labels=labels, series=bars,
                 lang=lang, unit="score", horizontal=True,
                 table=table(say(lang, "table_of", title=title), columns, rows))


def analytics_page(kg: KnowledgeStore, *, lang: str = "en", as_of: str | None = None,
                   measure: str = DEFAULT_MEASURE, here: str = "/analytics",
                   params: dict[str, Any] | None = None) -> str:
    """The analytics page in ``lang``."""
    data = analytics_data(kg, as_of=as_of, measure=measure, lang=lang)
    query = {"format": "json", **{k: v for k, v in (("as_of", data["as_of"]),
                                                    ("measure", measure), ("lang", lang))
                                  if v and v != {"measure": DEFAULT_MEASURE,
                                                 "lang": "en"}.get(k)}}
    return render_page("analytics.html", lang, here=here, params=params, data=data,
                       measures=MEASURES, json_url="/analytics?" + urlencode(query))
