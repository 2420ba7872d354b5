"""The API documentation page ``/docs``: Swagger UI over the app's OpenAPI description, from
the copy vendored under ``static/vendor/swagger-ui/`` (never a CDN), started by
``static/swagger-init.js`` (no inline script, so the strict CSP holds), inside the site's
layout."""

from __future__ import annotations

from typing import Any

from graph.site.i18n import check_page_lang
from graph.site.render import render_page


def docs_page(*, lang: str = "en", openapi_url: str = "/openapi.json", here: str = "/docs",
              params: dict[str, Any] | None = None) -> str:
    """The Swagger UI page in ``lang`` (Swagger UI's own words stay English)."""
    check_page_lang(lang)
    return render_page("apidocs.html", lang, here=here, params=params,
                       openapi_url=openapi_url, json_url=openapi_url)
