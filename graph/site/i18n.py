"""The words of the web pages in English and Portuguese, and the choice of language.

A page's language is ``?lang=`` when given (``en`` or ``pt``; anything else is refused), else
the first of ``en``/``pt`` the browser's ``Accept-Language`` prefers, else English. Links keep a
Portuguese choice (:func:`graph.site.render.url`).
"""

from __future__ import annotations

from graph.errors import InvalidInput

LANGS = ("en", "pt")
DEFAULT = "en"

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "site": "aikg", "tagline": "A knowledge graph of the AI industry",
        "home": "Home", "search": "Search", "search_placeholder": "Search people, companies, "
        "chips, clusters…", "search_label": "Search the graph", "go": "Go",
        "query": "Query", "views": "Graph", "analytics": "Analytics", "sources": "Sources",
        "ingest": "Ingest", "api_docs": "API docs", "as_json": "This page as JSON",
        "language": "Language", "holds": "What the graph holds", "entities": "Entities",
        "facts": "Facts", "by_status": "Facts by status", "by_class": "Entities by class",
        "last_change": "Last change", "generation": "write generation {n}",
        "newest_source": "newest source: {date}", "examples": "Example questions",
        "explore": "Explore", "whole_graph": "The whole graph as an interactive view",
        "latest_ingested": "Latest ingested articles", "none_yet": "None yet.",
        "results_for": "Results for “{q}”", "no_results": "Nothing matches “{q}”.",
        "class": "Class", "count": "Count", "status": "Status", "time": "Time",
        "source": "Source", "labels": "Labels", "aliases": "Also known as",
        "classes": "Classes", "wikidata": "Wikidata", "attributes": "Attributes",
        "relations": "Relations", "outgoing": "Outgoing", "incoming": "Incoming",
        "as_of": "As of", "as_of_help": "Hide facts whose time starts after this day",
        "apply": "Apply", "clear": "Clear", "neighbourhood": "Neighbourhood",
        "open_view": "Open the graph view", "path_to": "Find a path to…",
        "find_path": "Find path", "paths_found": "{n} path(s) from {a} to {b}",
        "no_path": "No path from {a} to {b} within {hops} hops.",
        "ambiguous": "“{q}” names several entities; pick one:",
        "not_found_name": "Nothing is called “{q}”.", "previous": "Previous", "next": "Next",
        "showing": "Relations {first}–{last} of {total}", "property": "Property",
        "value": "Value", "all_sources": "All sources", "outlet": "Outlet", "url": "URL",
        "published": "Published", "language_of": "Language", "graph": "Named graph",
        "triples": "Triples", "supports": "Facts this source supports", "title": "Title",
        "subject": "Subject", "predicate": "Predicate", "object": "Object",
        "error": "Error", "back_home": "Back to the home page", "download": "Download",
        "skip": "Skip to content", "planned": "planned", "actual": "actual",
        "footer": "aikg — open-source knowledge graph service. Data: CC BY 4.0 curated facts.",
        "Actual": "actual", "Planned": "planned", "Reported": "reported",
        "Claimed": "claimed", "Derived": "derived", "Implied": "implied",
        "Editorial": "editorial", "state": "State", "counts": "Counts",
    },
    "pt": {
        "site": "aikg", "tagline": "Um grafo de conhecimento da indústria de IA",
        "home": "Início", "search": "Pesquisar", "search_placeholder": "Pesquisar pessoas, "
        "empresas, chips, clusters…", "search_label": "Pesquisar no grafo", "go": "Ir",
        "query": "Consulta", "views": "Grafo", "analytics": "Análises", "sources": "Fontes",
        "ingest": "Ingerir", "api_docs": "Documentação da API",
        "as_json": "Esta página em JSON", "language": "Idioma",
        "holds": "O que o grafo contém", "entities": "Entidades", "facts": "Factos",
        "by_status": "Factos por estado", "by_class": "Entidades por classe",
        "last_change": "Última alteração", "generation": "geração de escrita {n}",
        "newest_source": "fonte mais recente: {date}", "examples": "Perguntas de exemplo",
        "explore": "Explorar", "whole_graph": "O grafo inteiro numa vista interativa",
        "latest_ingested": "Últimos artigos ingeridos", "none_yet": "Ainda nenhum.",
        "results_for": "Resultados para “{q}”", "no_results": "Nada corresponde a “{q}”.",
        "class": "Classe", "count": "Quantidade", "status": "Estado", "time": "Tempo",
        "source": "Fonte", "labels": "Rótulos", "aliases": "Também conhecido como",
        "classes": "Classes", "wikidata": "Wikidata", "attributes": "Atributos",
        "relations": "Relações", "outgoing": "De saída", "incoming": "De entrada",
        "as_of": "Em", "as_of_help": "Esconder factos cujo tempo começa depois deste dia",
        "apply": "Aplicar", "clear": "Limpar", "neighbourhood": "Vizinhança",
        "open_view": "Abrir a vista do grafo", "path_to": "Encontrar um caminho até…",
        "find_path": "Encontrar caminho", "paths_found": "{n} caminho(s) de {a} a {b}",
        "no_path": "Nenhum caminho de {a} a {b} com até {hops} saltos.",
        "ambiguous": "“{q}” designa várias entidades; escolha uma:",
        "not_found_name": "Nada se chama “{q}”.", "previous": "Anterior",
        "next": "Seguinte", "showing": "Relações {first}–{last} de {total}",
        "property": "Propriedade", "value": "Valor", "all_sources": "Todas as fontes",
        "outlet": "Meio", "url": "URL", "published": "Publicado", "language_of": "Idioma",
        "graph": "Grafo nomeado", "triples": "Triplos",
        "supports": "Factos que esta fonte sustenta", "title": "Título",
        "subject": "Sujeito", "predicate": "Predicado", "object": "Objeto",
        "error": "Erro", "back_home": "Voltar ao início", "download": "Descarregar",
        "skip": "Saltar para o conteúdo", "planned": "planeado", "actual": "real",
        "footer": "aikg — serviço de grafo de conhecimento de código aberto. Dados: factos "
        "curados, CC BY 4.0.",
        "Actual": "real", "Planned": "planeado", "Reported": "noticiado",
        "Claimed": "alegado", "Derived": "derivado", "Implied": "implícito",
        "Editorial": "editorial", "state": "Situação", "counts": "Contagens",
    },
}

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "pt": ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
           "setembro", "outubro", "novembro", "dezembro"),
}


def check_page_lang(lang: str) -> str:
    """``lang`` if it is ``en`` or ``pt``; else :class:`InvalidInput`."""
    if lang not in LANGS:
        raise InvalidInput(f"lang must be one of {', '.join(LANGS)}", parameter="lang")
    return lang


def pick_lang(param: str | None, accept_language: str | None) -> str:
    """The page language: ``param`` when given, else the preferred of ``en``/``pt`` in an
    ``Accept-Language`` header (``pt-BR;q=0.9, en;q=0.8`` → ``pt``), else English."""
    if param:
        return check_page_lang(param)
    best, best_q = DEFAULT, 0.0
    for position, item in enumerate((accept_language or "").split(",")):
        tag, _, params = item.strip().partition(";")
        base = tag.strip().lower().split("-")[0]
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                continue
        q -= position * 1e-6  # equal weights: the first listed wins
        if base in LANGS and q > best_q:
            best, best_q = base, q
    return best


def words(lang: str) -> dict[str, str]:
    """Every word of the pages in ``lang``."""
    return WORDS[check_page_lang(lang)]


def say(lang: str, key: str, **values: object) -> str:
    """One phrase in ``lang`` with its ``{placeholders}`` filled."""
    text = WORDS[lang].get(key) or WORDS[DEFAULT][key]
    return text.format(**values) if values else text


def when(value: str | None, lang: str) -> str:
    """A time at its precision, in words: ``2024-09`` → "September 2024" / "setembro de 2024";
    ``2024-09-02`` → "2 September 2024" / "2 de setembro de 2024"; a year stays a year."""
    if not value:
        return ""
    parts = value.split("T")[0].split("-")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        return value
    if len(numbers) == 2 and 1 <= numbers[1] <= 12:
        month = MONTHS[lang][numbers[1] - 1]
        return f"{month} {numbers[0]}" if lang == "en" else f"{month} de {numbers[0]}"
    if len(numbers) == 3 and 1 <= numbers[1] <= 12:
        month = MONTHS[lang][numbers[1] - 1]
        return (f"{numbers[2]} {month} {numbers[0]}" if lang == "en"
                else f"{numbers[2]} de {month} de {numbers[0]}")
    return value
