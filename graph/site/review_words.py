"""The words of the ingestion pages (review screen, paste form, list of ingestions) in English and
Portuguese; :mod:`graph.site.i18n` merges them into its ``WORDS``, so templates and scripts read
them like every other page word. Kept apart only to keep ``i18n.py`` a readable size.
"""

from __future__ import annotations

REVIEW_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "review_of": "Review: {title}", "ingestion_n": "Ingestion {id}",
        "untitled": "untitled article {id}", "article": "Article",
        "proposed_facts": "Proposed facts", "new_names": "New names",
        "ambiguous_names": "Ambiguous names", "candidates": "could be",
        "text_not_kept": "The text of this article was not kept (it was ingested before aikg "
        "stored article texts), so its evidence cannot be highlighted; each fact shows the "
        "character offsets of its evidence.",
        "evidence_at": "characters {start}–{end}", "evidence_none": "no evidence offsets",
        "show_evidence": "Show the evidence", "confidence": "Confidence", "rule": "Rule",
        "new": "new", "st_pending": "pending", "st_accepted": "accepted",
        "st_rejected": "rejected", "review_state": "Review state", "fact_id": "Fact",
        "ingestion_id": "Ingestion id",
        "token": "Write token", "token_help": "Kept only in this page: never in a cookie, "
        "the address or browser storage. Another page asks for it again.",
        "review_actions": "Accept or reject", "accept_all": "Accept all",
        "accept_selected": "Accept selected", "reject_selected": "Reject selected",
        "reject_all": "Reject all pending", "select_fact": "Select {id}",
        "noscript_review": "The buttons need JavaScript: the token travels in a request "
        "header, which a plain form cannot set. The text, its highlights and the facts are "
        "all shown without it.",
        "msg_working": "Working…", "msg_accepted": "Accepted: {facts}.",
        "msg_rejected": "Rejected: {facts}.", "msg_nothing": "Nothing changed.",
        "msg_no_token": "Enter the write token first.",
        "msg_no_selection": "Select at least one pending fact.",
        "msg_401": "The token was refused: it is missing or not valid.",
        "msg_403": "This server does not accept writes (read-only mode, or no write token "
        "configured).", "msg_409": "Conflict: {message}",
        "msg_422": "Nothing was accepted: the facts would break the graph's rules (SHACL). "
        "Each problem is shown next to the fact it concerns.",
        "msg_422_other": "Problems not tied to one fact:", "msg_error": "Error {status}: "
        "{message}", "msg_network": "The server could not be reached.",
        "msg_too_long": "The text is too long (at most 200,000 characters).",
        "msg_created": "Ingested; opening its review…", "violation": "Problem",
        "ingestions": "Ingested articles", "paste_article": "Paste an article",
        "no_ingestions": "No article has been ingested yet.", "col_pending": "Pending",
        "col_accepted": "Accepted", "col_rejected": "Rejected", "col_new_names": "New names",
        "new_title": "Ingest an article", "new_lead": "Paste the plain text of a news "
        "article in English or Portuguese. aikg proposes facts from it; nothing reaches the "
        "graph until you accept it on the review page that opens next.",
        "article_text": "Article text", "lang_auto": "Detect", "lang_en": "English",
        "lang_pt": "Portuguese", "published_date": "Publication date",
        "source_url": "Source URL", "optional": "optional", "submit_ingest": "Propose facts",
        "noscript_new": "Sending needs JavaScript: the token travels in a request header, "
        "which a plain form cannot set. Without it, send the article with POST /ingest (see "
        "the API docs).", "time_expectedBy": "expected by",
        "edit_fact": "Fix this fact", "edit_status": "Status", "edit_time": "Time (YYYY-MM-DD)",
        "edit_subject": "Subject (id)", "edit_predicate": "Relation", "edit_object": "Object (id)",
        "edit_save": "Save the fix", "msg_edited": "{fact} was fixed.",
        "entity_class": "Class", "entity_retype": "Retype", "entity_into": "Is in fact (id)",
        "entity_merge": "Merge", "msg_entity": "{entity} was changed.",
    },
    "pt": {
        "review_of": "Revisão: {title}", "ingestion_n": "Ingestão {id}",
        "untitled": "artigo sem título {id}", "article": "Artigo",
        "proposed_facts": "Factos propostos", "new_names": "Nomes novos",
        "ambiguous_names": "Nomes ambíguos", "candidates": "pode ser",
        "text_not_kept": "O texto deste artigo não foi guardado (foi ingerido antes de o aikg "
        "guardar os textos), por isso a evidência não pode ser destacada; cada facto mostra "
        "as posições dos caracteres da sua evidência.",
        "evidence_at": "caracteres {start}–{end}", "evidence_none": "sem posições de evidência",
        "show_evidence": "Mostrar a evidência", "confidence": "Confiança", "rule": "Regra",
        "new": "novo", "st_pending": "pendente", "st_accepted": "aceite",
        "st_rejected": "rejeitado", "review_state": "Estado da revisão", "fact_id": "Facto",
        "ingestion_id": "Id da ingestão",
        "token": "Token de escrita", "token_help": "Fica só nesta página: nunca num cookie, "
        "no endereço ou no armazenamento do navegador. Outra página volta a pedi-lo.",
        "review_actions": "Aceitar ou rejeitar", "accept_all": "Aceitar tudo",
        "accept_selected": "Aceitar selecionados", "reject_selected": "Rejeitar selecionados",
        "reject_all": "Rejeitar todos os pendentes", "select_fact": "Selecionar {id}",
        "noscript_review": "Os botões precisam de JavaScript: o token segue num cabeçalho do "
        "pedido, que um formulário simples não consegue definir. O texto, os destaques e os "
        "factos aparecem todos sem ele.",
        "msg_working": "A trabalhar…", "msg_accepted": "Aceites: {facts}.",
        "msg_rejected": "Rejeitados: {facts}.", "msg_nothing": "Nada mudou.",
        "msg_no_token": "Introduza primeiro o token de escrita.",
        "msg_no_selection": "Selecione pelo menos um facto pendente.",
        "msg_401": "O token foi recusado: falta ou não é válido.",
        "msg_403": "Este servidor não aceita escritas (modo só de leitura, ou sem token de "
        "escrita configurado).", "msg_409": "Conflito: {message}",
        "msg_422": "Nada foi aceite: os factos violariam as regras do grafo (SHACL). Cada "
        "problema aparece junto do facto a que diz respeito.",
        "msg_422_other": "Problemas que não pertencem a um só facto:",
        "msg_error": "Erro {status}: {message}",
        "msg_network": "Não foi possível contactar o servidor.",
        "msg_too_long": "O texto é demasiado longo (no máximo 200 000 caracteres).",
        "msg_created": "Ingerido; a abrir a revisão…", "violation": "Problema",
        "ingestions": "Artigos ingeridos", "paste_article": "Colar um artigo",
        "no_ingestions": "Ainda não foi ingerido nenhum artigo.", "col_pending": "Pendentes",
        "col_accepted": "Aceites", "col_rejected": "Rejeitados", "col_new_names": "Nomes novos",
        "new_title": "Ingerir um artigo", "new_lead": "Cole o texto simples de uma notícia em "
        "português ou inglês. O aikg propõe factos a partir dele; nada entra no grafo antes "
        "de o aceitar na página de revisão que se abre a seguir.",
        "article_text": "Texto do artigo", "lang_auto": "Detetar", "lang_en": "Inglês",
        "lang_pt": "Português", "published_date": "Data de publicação",
        "source_url": "URL da fonte", "optional": "opcional", "submit_ingest": "Propor factos",
        "noscript_new": "O envio precisa de JavaScript: o token segue num cabeçalho do pedido, "
        "que um formulário simples não consegue definir. Sem ele, envie o artigo com POST "
        "/ingest (veja a documentação da API).", "time_expectedBy": "previsto até",
        "edit_fact": "Corrigir este facto", "edit_status": "Estado",
        "edit_time": "Tempo (AAAA-MM-DD)", "edit_subject": "Sujeito (id)",
        "edit_predicate": "Relação", "edit_object": "Objeto (id)",
        "edit_save": "Guardar a correção", "msg_edited": "{fact} foi corrigido.",
        "entity_class": "Classe", "entity_retype": "Mudar a classe",
        "entity_into": "É na verdade (id)", "entity_merge": "Juntar",
        "msg_entity": "{entity} foi alterado.",
    },
}
