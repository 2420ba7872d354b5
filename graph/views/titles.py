"""The words of the graph views' titles and notes, in English and Portuguese."""

TITLES = {
    "en": {"whole": "AI industry knowledge graph", "as_of": "as of", "entity": "Neighbourhood "
           "of {label} ({depth} hop{s})", "path": "Path from {a} to {b}",
           "paths": "{n} paths from {a} to {b} (shortest highlighted)",
           "first": "The first {n} paths are drawn; ask for more with limit.",
           "left_out": "{n} more neighbours of the paths' entities are not drawn (at most "
                       "{each} each).",
           "incomplete": "The search stopped at its work limit: there may be other paths.",
           "nopath": "No path from {a} to {b} within {hops} hops", "query": "Query result",
           "truncated": "The query result was truncated at {rows} rows."},
    "pt": {"whole": "Grafo de conhecimento da indústria de IA", "as_of": "em",
           "entity": "Vizinhança de {label} ({depth} salto{s})", "path": "Caminho de {a} a {b}",
           "paths": "{n} caminhos de {a} a {b} (o mais curto destacado)",
           "first": "Os primeiros {n} caminhos estão desenhados; peça mais com limit.",
           "left_out": "{n} outros vizinhos das entidades dos caminhos não estão desenhados "
                       "(no máximo {each} por entidade).",
           "incomplete": "A busca parou no seu limite de trabalho: pode haver outros caminhos.",
           "nopath": "Nenhum caminho de {a} a {b} com até {hops} saltos",
           "query": "Resultado da consulta",
           "truncated": "O resultado da consulta foi truncado em {rows} linhas."},
}
