"""The web site people use in a browser: home, search, entity and source pages, the SPARQL
query page, charts and the review screen of ingested articles.

Owns: server-rendered pages — each a function ``*_page(kg, …) -> str`` run in the query engine
like the JSON routes' functions, with a ``*_data`` twin that returns the same content as JSON —
the Jinja2 templates (``templates/``, autoescaped), the page words in English and Portuguese
(:mod:`~graph.site.i18n`), and the static files the pages load from the app itself
(``static/``: our stylesheet and scripts, and vendored front-end libraries with their licences;
nothing is ever loaded from a CDN).

May import: :mod:`graph.explore`, :mod:`graph.analytics`, :mod:`graph.projection`,
:mod:`graph.sparql`, :mod:`graph.store`, :mod:`graph.ingest`, :mod:`graph.views` and the
top-level modules.
"""
