"""The words of the web pages in English and Portuguese, and the choice of language.

A page's language is ``?lang=`` when given (``en`` or ``pt``; anything else is refused), else
the first of ``en``/``pt`` the browser's ``Accept-Language`` prefers, else English. Links keep a
Portuguese choice (:func:`graph.site.render.url`).
"""

from __future__ import annotations

from graph.errors import InvalidInput
from graph.site.query_words import QUERY_WORDS
from graph.site.review_words import REVIEW_WORDS

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
        "showing": "Relations {first}–{last} of {total}",
        "sources_showing": "Sources {first}–{last} of {total}", "property": "Property",
        "value": "Value", "all_sources": "All sources", "outlet": "Outlet", "url": "URL",
        "published": "Published", "language_of": "Language", "graph": "Named graph",
        "triples": "Triples", "supports": "Facts this source supports", "title": "Title",
        "subject": "Subject", "predicate": "Predicate", "object": "Object",
        "error": "Error", "back_home": "Back to the home page", "download": "Download",
        "skip": "Skip to content", "planned": "planned", "actual": "actual",
        "footer": "aikg — open-source knowledge graph service. Data: CC BY 4.0 curated facts.",
        # charts and the analytics page (graph/site/charts.py, analytics_page.py)
        "analytics_intro": "Funding and compute as charts, each with its data table, and the "
        "most central entities of the graph.", "funding": "Funding", "compute": "Compute",
        "central": "Most central entities", "measure": "Measure", "degree": "Degree",
        "pagerank": "PageRank", "betweenness": "Betweenness", "no_charts": "No data to chart "
        "as of this day.", "chart_note": "{title}. The table below gives the same data.",
        "table_of": "{title}: the data", "as_of_shown": "As of {date}",
        "chart_valuations": "Post-money valuations over time",
        "chart_valuations_of": "Valuations of {name} over time",
        "chart_rounds": "Funding rounds: amount raised",
        "chart_rounds_of": "Funding rounds of {name}",
        "chart_rounds_with": "Funding rounds {name} took part in",
        "chart_clusters": "Chips per cluster: actual, planned and derived",
        "chart_organizations": "Chips per organisation",
        "chart_chip_models": "Chips per chip model, over all clusters",
        "chart_ai_models": "Chips of the clusters each AI model is trained on",
        "chart_chips_of": "Chips of {name} per chip model",
        "chart_where_runs": "Where {name} chips run",
        "chart_model_chips": "Chips of the clusters {name} is trained on",
        "chart_central": "Top entities by {measure}", "chips_by": "{maker} chips (model not "
        "stated)", "col_company": "Company", "col_date": "Date", "col_round": "Round",
        "col_post_money": "Post-money valuation", "col_pre_money": "Pre-money valuation",
        "col_raised": "Amount raised", "col_investors": "Investors",
        "col_investor_list": "Investor list", "col_at_least": "At least",
        "col_cluster": "Cluster", "col_organization": "Organisation", "col_clusters": "Clusters",
        "col_chip_model": "Chip model", "col_ai_model": "AI model",
        "col_trained_on": "Trained on", "col_where": "Where", "col_rank": "Rank",
        "charts": "Charts", "charts_pending": "The charts are being computed after a change; "
        "reload in a few seconds.",
        "counts_pending": "The counts are being computed; reload in a few seconds.",
        "counts_stale": "These counts are of write generation {n}; the current ones are being "
        "computed.", "top_note": "Only the {n} largest of {total} are shown; all are at",
        "col_entity": "Entity", "col_score": "Score", "list_complete": "complete",
        "list_incomplete": "incomplete", "not_stated": "not stated", "unknown": "unknown",
        "docs_title": "API documentation", "docs_noscript": "This page needs JavaScript; the "
        "API's OpenAPI description is at",
        "Actual": "actual", "Planned": "planned", "Reported": "reported",
        "Claimed": "claimed", "Derived": "derived", "Implied": "implied",
        "Editorial": "editorial", "state": "State", "counts": "Counts",
        "post_money": "post-money valuation", "time_asOf": "as of",
        "time_announcedOn": "announced", "time_notAfter": "by", "time_notBefore": "from",
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
        "sources_showing": "Fontes {first}–{last} de {total}",
        "property": "Propriedade", "value": "Valor", "all_sources": "Todas as fontes",
        "outlet": "Meio", "url": "URL", "published": "Publicado", "language_of": "Idioma",
        "graph": "Grafo nomeado", "triples": "Triplos",
        "supports": "Factos que esta fonte sustenta", "title": "Título",
        "subject": "Sujeito", "predicate": "Predicado", "object": "Objeto",
        "error": "Erro", "back_home": "Voltar ao início", "download": "Descarregar",
        "skip": "Saltar para o conteúdo", "planned": "planeado", "actual": "real",
        "footer": "aikg — serviço de grafo de conhecimento de código aberto. Dados: factos "
        "curados, CC BY 4.0.",
        # charts and the analytics page (graph/site/charts.py, analytics_page.py)
        "analytics_intro": "Financiamento e computação em gráficos, cada um com a sua tabela "
        "de dados, e as entidades mais centrais do grafo.", "funding": "Financiamento",
        "compute": "Computação", "central": "Entidades mais centrais", "measure": "Medida",
        "degree": "Grau", "pagerank": "PageRank", "betweenness": "Intermediação",
        "no_charts": "Sem dados para mostrar nesta data.",
        "chart_note": "{title}. A tabela abaixo dá os mesmos dados.",
        "table_of": "{title}: os dados", "as_of_shown": "Em {date}",
        "chart_valuations": "Avaliações pós-investimento ao longo do tempo",
        "chart_valuations_of": "Avaliações de {name} ao longo do tempo",
        "chart_rounds": "Rondas de financiamento: montante angariado",
        "chart_rounds_of": "Rondas de financiamento de {name}",
        "chart_rounds_with": "Rondas de financiamento em que {name} participou",
        "chart_clusters": "Chips por cluster: reais, planeados e derivados",
        "chart_organizations": "Chips por organização",
        "chart_chip_models": "Chips por modelo de chip, em todos os clusters",
        "chart_ai_models": "Chips dos clusters em que cada modelo de IA é treinado",
        "chart_chips_of": "Chips de {name} por modelo de chip",
        "chart_where_runs": "Onde funcionam os chips {name}",
        "chart_model_chips": "Chips dos clusters em que {name} é treinado",
        "chart_central": "Principais entidades por {measure}",
        "chips_by": "Chips {maker} (modelo não indicado)", "col_company": "Empresa",
        "col_date": "Data", "col_round": "Ronda",
        "col_post_money": "Avaliação pós-investimento",
        "col_pre_money": "Avaliação pré-investimento", "col_raised": "Montante angariado",
        "col_investors": "Investidores", "col_investor_list": "Lista de investidores",
        "col_at_least": "Pelo menos", "col_cluster": "Cluster",
        "col_organization": "Organização", "col_clusters": "Clusters",
        "col_chip_model": "Modelo de chip", "col_ai_model": "Modelo de IA",
        "col_trained_on": "Treinado em", "col_where": "Onde", "col_rank": "Posição",
        "charts": "Gráficos", "charts_pending": "Os gráficos estão a ser calculados após uma "
        "alteração; recarregue daqui a alguns segundos.",
        "counts_pending": "As contagens estão a ser calculadas; recarregue daqui a alguns "
        "segundos.",
        "counts_stale": "Estas contagens são da geração de escrita {n}; as atuais estão a ser "
        "calculadas.",
        "top_note": "Só se mostram os {n} maiores de {total}; estão todos em",
        "col_entity": "Entidade", "col_score": "Pontuação", "list_complete": "completa",
        "list_incomplete": "incompleta", "not_stated": "não indicado",
        "unknown": "desconhecido", "docs_title": "Documentação da API",
        "docs_noscript": "Esta página precisa de JavaScript; a descrição OpenAPI da API está "
        "em",
        "Actual": "real", "Planned": "planeado", "Reported": "noticiado",
        "Claimed": "alegado", "Derived": "derivado", "Implied": "implícito",
        "Editorial": "editorial", "state": "Situação", "counts": "Contagens",
        "post_money": "avaliação pós-investimento", "time_asOf": "em",
        "time_announcedOn": "anunciado", "time_notAfter": "até", "time_notBefore": "desde",
    },
}
for _lang, _words in REVIEW_WORDS.items():  # the ingestion pages' words, kept in their own module
    WORDS[_lang].update(_words)
for _lang, _words in QUERY_WORDS.items():  # the query page's words (graph/site/query_words.py)
    WORDS[_lang].update(_words)

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
