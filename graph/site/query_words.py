"""The words of the query page (``/query``, :mod:`graph.site.query` and ``static/query.js``)
in English and Portuguese; :mod:`graph.site.i18n` merges them into its ``WORDS``."""

from __future__ import annotations

QUERY_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "q_title": "Query the graph with SPARQL",
        "q_intro": "Write a SPARQL 1.1 query, or pick one of the example questions below. "
        "Results come as a table, as a graph and as downloads; the link of the page shares "
        "the query.",
        "query_label": "SPARQL query", "q_run": "Run", "q_run_hint": "Ctrl+Enter runs the "
        "query in the editor.", "q_prefixes": "Predeclared prefixes (no PREFIX line needed):",
        "q_results": "Result", "q_table": "Table", "q_graph": "Graph",
        "q_rows": "{n} row(s)", "q_truncated": "The endpoint stopped at {rows} rows.",
        "q_shown": "The table shows the first {shown} of {n} rows; the downloads have them "
        "all.", "q_yes": "Yes", "q_no": "No", "q_answer": "Answer",
        "q_running": "Running the query…", "q_failed": "The query failed",
        "q_at": "line {line}, column {column}", "q_no_rows": "No rows match.",
        "q_graph_needs": "A graph needs a CONSTRUCT or DESCRIBE query, or a SELECT with ?item "
        "(and ?linkedItem for the links), as the Wikidata Query Service draws graphs.",
        "q_downloads": "Download", "q_share": "Link to this query",
        "q_open_graph": "Open the graph on its own page",
        "q_graph_title": "The result drawn as a graph",
        "q_examples_intro": "Questions people ask of this graph. Each link loads the query "
        "and runs it.", "q_example_run": "Run this example",
    },
    "pt": {
        "q_title": "Consultar o grafo com SPARQL",
        "q_intro": "Escreva uma consulta SPARQL 1.1, ou escolha uma das perguntas de exemplo "
        "abaixo. Os resultados aparecem como tabela, como grafo e para descarregar; a "
        "ligação da página partilha a consulta.",
        "query_label": "Consulta SPARQL", "q_run": "Executar", "q_run_hint": "Ctrl+Enter "
        "executa a consulta do editor.", "q_prefixes": "Prefixos pré-declarados (não é "
        "preciso escrever PREFIX):",
        "q_results": "Resultado", "q_table": "Tabela", "q_graph": "Grafo",
        "q_rows": "{n} linha(s)", "q_truncated": "O serviço parou nas {rows} linhas.",
        "q_shown": "A tabela mostra as primeiras {shown} de {n} linhas; os ficheiros para "
        "descarregar têm-nas todas.", "q_yes": "Sim", "q_no": "Não", "q_answer": "Resposta",
        "q_running": "A executar a consulta…", "q_failed": "A consulta falhou",
        "q_at": "linha {line}, coluna {column}", "q_no_rows": "Nenhuma linha corresponde.",
        "q_graph_needs": "Um grafo precisa de uma consulta CONSTRUCT ou DESCRIBE, ou de um "
        "SELECT com ?item (e ?linkedItem para as ligações), como no Wikidata Query Service.",
        "q_downloads": "Descarregar", "q_share": "Ligação para esta consulta",
        "q_open_graph": "Abrir o grafo numa página própria",
        "q_graph_title": "O resultado desenhado como grafo",
        "q_examples_intro": "Perguntas que se fazem a este grafo. Cada ligação carrega a "
        "consulta e executa-a.", "q_example_run": "Executar este exemplo",
    },
}
