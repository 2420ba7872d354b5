"""Jinja2 templates to HTML: one autoescaping environment, and the helpers every template has.

Templates see ``lang``, ``t`` (the page words, :func:`graph.site.i18n.words`), ``url(path,
**params)`` (a local link that keeps a Portuguese choice), ``when`` (a time at its precision,
in words), ``slug`` (an entity IRI's id) and the filter ``number`` (thousands separated as the
language writes them). Undefined names fail loudly (``StrictUndefined``) instead of printing
nothing.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from graph.site.i18n import say, when, words
from graph.vocab import slug

ID_NS = "https://w3id.org/aikg/id/"
GRAPH_NS = "https://w3id.org/aikg/graph/"
ONT_NS = "https://w3id.org/aikg/ont#"


def make_url(lang: str):
    def url(path: str, **params: Any) -> str:
        """``path`` with the non-empty ``params`` as its query, ``lang=pt`` kept."""
        query = {k: v for k, v in params.items() if v not in (None, "", [])}
        if lang != "en" and "lang" not in query:
            query["lang"] = lang
        return path + ("?" + urlencode(query, doseq=True) if query else "")
    return url


def number(value: Any, lang: str = "en") -> str:
    """``100000`` → ``100,000`` (en) or ``100 000`` (pt); non-numbers unchanged."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return text if lang == "en" else text.replace(",", "\u202f").replace(".", ",")


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("graph.site", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(slug=slug)
    return env


def here_in(path: str, params: dict[str, Any] | None):
    """The link to this page (``path`` with its query ``params``) in another language."""
    kept = {k: v for k, v in (params or {}).items() if k != "lang" and v not in (None, "")}

    def link(code: str) -> str:
        query = {**kept, "lang": code} if code != "en" else kept
        return path + ("?" + urlencode(query, doseq=True) if query else "")
    return link


def render_page(template: str, lang: str, *, here: str = "/",
                params: dict[str, Any] | None = None, **context: Any) -> str:
    """A page from ``templates/<template>`` in ``lang``; ``here`` and ``params`` are the
    page's own path and query, for the language switch."""
    context.setdefault("json_url", None)
    return environment().get_template(template).render(
        lang=lang, t=words(lang), url=make_url(lang), say=lambda k, **v: say(lang, k, **v),
        when=lambda value: when(value, lang), number=lambda v: number(v, lang),
        here_in=here_in(here, params), **context)


def error_page(lang: str, status: int, error: dict[str, Any], *, here: str = "/",
               params: dict[str, Any] | None = None) -> str:
    """The HTML answer of a failed page request: the status, the error code and its message
    (the same body the JSON routes give, as words)."""
    return render_page("error.html", lang, here=here, params=params, status=status, error=error)
