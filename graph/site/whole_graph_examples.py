"""Example questions across the whole graph — many sources, grown by review: the largest
rounds with their lead investors, portfolios, chip suppliers, serial founders and leaders, and
the figures sources disagree on. ``GET /analytics/rounds``, ``/suppliers``, ``/leaders`` and
``/disagreements`` answer the same questions as JSON (:mod:`graph.analytics.questions`)."""

from __future__ import annotations

from graph.site.example import Example, make

WHOLE_GRAPH: tuple[Example, ...] = (
    make(
        "largest-rounds", "The largest rounds of 2024–2025, with their lead investors",
        "As maiores rondas de 2024–2025, com os investidores líderes",
        "Funding rounds announced in 2024 or 2025, largest amount first, with the round's "
        "lead investors and the source of each statement.",
        "Rondas de financiamento anunciadas em 2024 ou 2025, da maior para a menor, com os "
        "investidores líderes e a fonte de cada afirmação.", """
SELECT ?organization ?amount ?currency ?round ?date ?lead ?source WHERE {
  ?r a aikg:FundingRound ;
     aikg:fundedOrganization ?organization ;
     aikg:amountRaised [ aikg:amount ?amount ; aikg:currency ?currency ] ;
     aikg:announcedOn|aikg:asOf ?date .
  FILTER(STR(?date) >= "2024" && STR(?date) < "2026")
  OPTIONAL { ?r aikg:roundLabel ?round }
  OPTIONAL { ?r aikg:hasInvestment [ aikg:isLead true ; aikg:investor ?lead ] }
  OPTIONAL { ?r aikg:source ?source }
}
ORDER BY DESC(?amount) ?organization
LIMIT 100"""),
    make(
        "portfolios", "Every company each investor funds",
        "Todas as empresas que cada investidor financia",
        "An investor's portfolio: the organisations it invested in, through a round or a "
        "stated investment, and how many rounds.",
        "A carteira de um investidor: as organizações em que investiu, numa ronda ou num "
        "investimento afirmado, e em quantas rondas.", """
SELECT ?investor ?company (COUNT(DISTINCT ?r) AS ?rounds) WHERE {
  { ?r aikg:hasInvestment/aikg:investor ?investor ;
       aikg:fundedOrganization ?company }
  UNION { ?investor aikg:investedIn ?company }
  UNION { ?company aikg:hasInvestor ?investor }
}
GROUP BY ?investor ?company
ORDER BY ?investor ?company"""),
    make(
        "chip-suppliers", "Who supplies chips to whom?", "Quem fornece chips a quem?",
        "Supplier relations stated by a source, and chip makers whose chips run in a "
        "customer's clusters or are held by it.",
        "Relações de fornecimento afirmadas por uma fonte, e fabricantes cujos chips correm "
        "nos clusters de um cliente ou são detidos por ele.", """
SELECT DISTINCT ?supplier ?customer ?chip ?how WHERE {
  { ?supplier aikg:supplierOf|^aikg:customerOf ?customer . BIND("stated" AS ?how) }
  UNION { ?state aikg:stateOf ?cluster ;
                 aikg:hasAllocation/aikg:chipModel ?chip .
          ?cluster aikg:operatedBy|^aikg:operates ?customer .
          ?chip aikg:manufacturer|^aikg:manufactures ?supplier .
          BIND("cluster" AS ?how) }
  UNION { ?holding a aikg:Holding ;
                   aikg:holder ?customer ;
                   aikg:chipModel ?chip .
          ?chip aikg:manufacturer|^aikg:manufactures ?supplier .
          BIND("holding" AS ?how) }
  FILTER(?supplier != ?customer)
}
ORDER BY ?supplier ?customer ?chip"""),
    make(
        "serial-leaders", "Who leads or founded more than one company?",
        "Quem lidera ou fundou mais de uma empresa?",
        "People who are chief executive or founder of two organisations or more.",
        "Pessoas que são presidentes executivas ou fundadoras de duas organizações ou mais.", """
SELECT ?person (COUNT(DISTINCT ?organization) AS ?organizations)
       (GROUP_CONCAT(DISTINCT ?name; separator=", ") AS ?names) WHERE {
  { ?person aikg:ceoOf|aikg:founderOf ?organization }
  UNION { ?organization aikg:chiefExecutive|aikg:foundedBy ?person }
  ?person a aikg:Person .
  ?organization rdfs:label ?name . FILTER(LANG(?name) = "en")
}
GROUP BY ?person
HAVING (COUNT(DISTINCT ?organization) > 1)
ORDER BY DESC(?organizations) ?person"""),
    make(
        "sources-disagree", "Figures on which sources disagree",
        "Números em que as fontes divergem",
        "One organisation's round in one month, or one cluster's chips in one month and "
        "status, given as different figures by two sources.",
        "A ronda de uma organização num mês, ou os chips de um cluster num mês e estado, "
        "dados com números diferentes por duas fontes.", """
SELECT ?about ?what ?month ?value1 ?source1 ?value2 ?source2 WHERE {
  {
    ?a aikg:fundedOrganization ?about ; aikg:source ?source1 ;
       aikg:amountRaised [ aikg:amount ?value1 ; aikg:currency ?currency ] ;
       aikg:announcedOn|aikg:asOf ?d1 .
    ?b aikg:fundedOrganization ?about ; aikg:source ?source2 ;
       aikg:amountRaised [ aikg:amount ?value2 ; aikg:currency ?currency ] ;
       aikg:announcedOn|aikg:asOf ?d2 .
    BIND("amount raised" AS ?what)
  } UNION {
    ?a aikg:stateOf ?about ; aikg:source ?source1 ; aikg:status ?status ;
       aikg:totalChips ?value1 ; aikg:asOf|aikg:announcedOn ?d1 .
    ?b aikg:stateOf ?about ; aikg:source ?source2 ; aikg:status ?status ;
       aikg:totalChips ?value2 ; aikg:asOf|aikg:announcedOn ?d2 .
    BIND("chips" AS ?what)
  }
  BIND(SUBSTR(STR(?d1), 1, 7) AS ?month)
  FILTER(SUBSTR(STR(?d2), 1, 7) = ?month && ?source1 != ?source2 && ?value1 < ?value2)
}
ORDER BY ?about ?month ?value1"""),
)
