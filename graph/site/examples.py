"""The example questions of the query page: what people ask of this graph, as SPARQL.

Each :class:`Example` has an id (the page's anchor), a title and a one-line description in
English and Portuguese, and the query text. The texts use the prefixes ``/sparql`` predeclares
(``aikg:``, ``id:``, ``rdf:``, ``rdfs:``, ``skos:``…, :data:`graph.vocab.PREFIXES`), so they
declare none. Every example returns rows on the whole seed graph (tests check each); the
last ones (:mod:`graph.site.whole_graph_examples`) ask across the sources grown by review.
"""

from __future__ import annotations

from graph.site.example import Example
from graph.site.example import make as _example
from graph.site.whole_graph_examples import WHOLE_GRAPH

EXAMPLES: tuple[Example, ...] = (
    _example(
        "xai-funding", "Who funds xAI, and at what valuation?",
        "Quem financia a xAI, e com que avaliação?",
        "Each funding round of xAI with its investors, the amount raised and the valuation "
        "after the round.",
        "Cada ronda de financiamento da xAI com os seus investidores, o montante angariado e a "
        "avaliação depois da ronda.", """
SELECT ?round ?date ?status ?investor ?raised ?postMoney WHERE {
  ?round aikg:fundedOrganization id:xai ;
         aikg:status ?status .
  OPTIONAL { ?round aikg:announcedOn|aikg:asOf ?date }
  OPTIONAL { ?round aikg:hasInvestment/aikg:investor ?investor }
  OPTIONAL { ?round aikg:amountRaised/aikg:amount ?raised }
  OPTIONAL { ?round aikg:postMoneyValuation/aikg:amount ?postMoney }
}
ORDER BY ?date ?investor"""),
    _example(
        "chips-per-cluster", "Chips per cluster: actual vs planned",
        "Chips por cluster: reais e planeados",
        "How many chips of which model each cluster runs, or is planned to run, with the "
        "status of each figure.",
        "Quantos chips de que modelo cada cluster tem, ou planeia ter, com o estado de cada "
        "número.", """
SELECT ?cluster ?state ?stateStatus ?chip ?quantity ?status WHERE {
  ?state aikg:stateOf ?cluster ;
         aikg:status ?stateStatus ;
         aikg:hasAllocation ?allocation .
  ?allocation aikg:chipModel ?chip ;
              aikg:quantity ?quantity ;
              aikg:status ?status .
}
ORDER BY ?cluster ?stateStatus DESC(?quantity)"""),
    _example(
        "ellison-to-huang", "From Larry Ellison to Jensen Huang",
        "De Larry Ellison a Jensen Huang",
        "The chains of links between the two men, built with property paths (^ walks a link "
        "backwards), as a graph.",
        "As cadeias de ligações entre os dois, com caminhos de propriedades (^ percorre uma "
        "ligação ao contrário), como grafo.", """
CONSTRUCT {
  ?company aikg:foundedBy id:larry-ellison ;
           aikg:customerOf ?supplier .
  ?supplier aikg:chiefExecutive id:jensen-huang .
  ?meeting aikg:participant id:larry-ellison , id:jensen-huang .
}
WHERE {
  { id:larry-ellison ^aikg:foundedBy ?company .
    ?company aikg:customerOf ?supplier .
    ?supplier aikg:chiefExecutive id:jensen-huang . }
  UNION
  { id:larry-ellison ^aikg:participant ?meeting .
    ?meeting aikg:participant id:jensen-huang . }
}"""),
    _example(
        "competitors", "Who competes with whom?", "Quem compete com quem?",
        "Rivalries between companies and between models, with the status of each; the graph "
        "tab draws them.",
        "Rivalidades entre empresas e entre modelos, com o estado de cada uma; o separador do "
        "grafo desenha-as.", """
SELECT ?item ?itemLabel ?linkedItem ?linkedItemLabel ?status WHERE {
  ?item aikg:competesWith ?linkedItem .
  ?fact rdf:subject ?item ;
        rdf:predicate aikg:competesWith ;
        rdf:object ?linkedItem ;
        aikg:status ?status .
  ?item rdfs:label ?itemLabel . FILTER(LANG(?itemLabel) = "en")
  ?linkedItem rdfs:label ?linkedItemLabel . FILTER(LANG(?linkedItemLabel) = "en")
}
ORDER BY ?itemLabel ?linkedItemLabel"""),
    _example(
        "disagreements", "Where statements disagree", "Onde as afirmações divergem",
        "A value stated with another status than the fact it belongs to, or the same fact "
        "stated twice with different statuses.",
        "Um valor afirmado com um estado diferente do facto a que pertence, ou o mesmo facto "
        "afirmado duas vezes com estados diferentes.", """
SELECT ?subject ?property ?value ?amount ?status ?otherStatus ?claimedBy WHERE {
  ?statement rdf:subject ?subject ;
             rdf:predicate ?property ;
             rdf:object ?value ;
             aikg:status ?status .
  { ?subject aikg:status ?otherStatus }
  UNION
  { ?other rdf:subject ?subject ;
           rdf:predicate ?property ;
           rdf:object ?value ;
           aikg:status ?otherStatus .
    FILTER(?other != ?statement) }
  FILTER(?status != ?otherStatus)
  OPTIONAL { ?value aikg:amount ?amount }
  OPTIONAL { ?statement aikg:claimedBy ?claimedBy }
}
ORDER BY ?subject ?property"""),
    _example(
        "leaders", "Who leads or founded which company?", "Quem lidera ou fundou que empresa?",
        "Chief executives and founders, with the status and time of each statement.",
        "Presidentes executivos e fundadores, com o estado e o tempo de cada afirmação.", """
SELECT ?company ?role ?person ?status ?asOf WHERE {
  VALUES ?role { aikg:chiefExecutive aikg:foundedBy }
  ?company ?role ?person .
  ?fact rdf:subject ?company ;
        rdf:predicate ?role ;
        rdf:object ?person ;
        aikg:status ?status .
  OPTIONAL { ?fact aikg:asOf ?asOf }
}
ORDER BY ?company ?role"""),
    _example(
        "models-on-clusters", "Which models are trained on which cluster?",
        "Que modelos são treinados em que cluster?",
        "Each model, who develops it, the cluster it is trained on and the chips that cluster "
        "runs now.",
        "Cada modelo, quem o desenvolve, o cluster em que é treinado e os chips que esse "
        "cluster tem agora.", """
SELECT ?model ?developer ?cluster ?status ?chipsNow WHERE {
  ?model aikg:trainedOn ?cluster .
  ?fact rdf:subject ?model ;
        rdf:predicate aikg:trainedOn ;
        rdf:object ?cluster ;
        aikg:status ?status .
  OPTIONAL { ?developer aikg:develops ?model }
  OPTIONAL { ?state aikg:stateOf ?cluster ;
                    aikg:status aikg:Actual ;
                    aikg:totalChips ?chipsNow }
}
ORDER BY ?model"""),
    _example(
        "funding-over-time", "Funding rounds over time", "Rondas de financiamento no tempo",
        "Every funding round of every company, oldest first, with its label, amount and "
        "valuation.",
        "Todas as rondas de financiamento de todas as empresas, da mais antiga à mais recente, "
        "com o nome, o montante e a avaliação.", """
SELECT ?company ?when ?round ?label ?raised ?postMoney ?status WHERE {
  ?round a aikg:FundingRound ;
         aikg:fundedOrganization ?company ;
         aikg:status ?status .
  OPTIONAL { ?round aikg:announcedOn|aikg:asOf ?when }
  OPTIONAL { ?round aikg:roundLabel ?label }
  OPTIONAL { ?round aikg:amountRaised/aikg:amount ?raised }
  OPTIONAL { ?round aikg:postMoneyValuation/aikg:amount ?postMoney }
}
ORDER BY ?when ?company"""),
    _example(
        "source-facts", "Everything one source supports", "Tudo o que uma fonte sustenta",
        "Every fact taken from the Downcodes article on Musk and Nvidia, with its kind and "
        "status.",
        "Todos os factos tirados do artigo da Downcodes sobre Musk e a Nvidia, com o tipo e "
        "o estado.", """
SELECT ?fact ?type ?status ?subject ?predicate ?object WHERE {
  ?fact aikg:source id:article-126747c0c0c83b3e ;
        a ?type ;
        aikg:status ?status .
  OPTIONAL { ?fact rdf:subject ?subject ;
                   rdf:predicate ?predicate ;
                   rdf:object ?object }
}
ORDER BY ?type ?fact"""),
    _example(
        "plans", "Planned vs actual: every plan and what it builds on",
        "Planeado e real: cada plano e aquilo em que assenta",
        "Everything marked planned, what it is about, when it was announced, and the actual "
        "state it grows from.",
        "Tudo o que está marcado como planeado, de que trata, quando foi anunciado e o estado "
        "real de que parte.", """
SELECT ?plan ?type ?about ?announced ?buildsUpon ?buildsUponStatus WHERE {
  ?plan aikg:status aikg:Planned ;
        a ?type .
  OPTIONAL { ?plan aikg:stateOf|rdf:subject ?about }
  OPTIONAL { ?plan aikg:announcedOn ?announced }
  OPTIONAL { ?plan aikg:buildsUpon ?buildsUpon .
             ?buildsUpon aikg:status ?buildsUponStatus }
}
ORDER BY ?type ?plan"""),
    _example(
        "wikidata", "Entities linked to Wikidata", "Entidades ligadas à Wikidata",
        "The entities with a checked Wikidata identifier, and the link.",
        "As entidades com um identificador da Wikidata verificado, e a ligação.", """
SELECT ?entity ?label ?qid ?wikidata WHERE {
  ?entity skos:exactMatch ?wikidata ;
          aikg:wikidataQID ?qid ;
          rdfs:label ?label .
  FILTER(LANG(?label) = "en")
}
ORDER BY ?label"""),
    _example(
        "facts-by-status", "How many facts of each status?", "Quantos factos de cada estado?",
        "Facts counted by status: actual, planned, reported, claimed, implied, derived, "
        "editorial.",
        "Factos contados por estado: real, planeado, noticiado, alegado, implícito, derivado, "
        "editorial.", """
SELECT ?status (COUNT(DISTINCT ?fact) AS ?facts) WHERE {
  ?fact aikg:status ?status ;
        aikg:source ?source .
}
GROUP BY ?status
ORDER BY DESC(?facts) ?status"""),
    _example(
        "chip-holdings", "Who holds how many Nvidia chips?",
        "Quem tem quantos chips da Nvidia?",
        "Chip holdings of organisations, with the lower bound and the words the source used.",
        "Chips que cada organização tem, com o mínimo e as palavras que a fonte usou.", """
SELECT ?holder ?maker ?atLeast ?inWords ?asOf ?status WHERE {
  ?holding a aikg:Holding ;
           aikg:holder ?holder ;
           aikg:chipManufacturer ?maker ;
           aikg:status ?status .
  OPTIONAL { ?holding aikg:minQuantity ?atLeast }
  OPTIONAL { ?holding aikg:quantityText ?inWords }
  OPTIONAL { ?holding aikg:asOf ?asOf }
}
ORDER BY ?holder"""),
    _example(
        "claims", "Who claimed what?", "Quem afirmou o quê?",
        "Statements attributed to a person or an outlet, with their status.",
        "Afirmações atribuídas a uma pessoa ou a um meio, com o seu estado.", """
SELECT ?claimedBy ?statement ?status WHERE {
  ?claim a aikg:Claim ;
         aikg:claimedBy ?claimedBy ;
         aikg:statement ?statement ;
         aikg:status ?status .
}
ORDER BY ?claimedBy ?statement"""),
    _example(
        "h200-running", "Does Colossus run H200 chips yet?",
        "O Colossus já tem chips H200 a funcionar?",
        "A yes-or-no question (ASK): is there an actual state of Colossus with H200 chips?",
        "Uma pergunta de sim ou não (ASK): há um estado real do Colossus com chips H200?", """
ASK {
  ?state aikg:stateOf id:colossus ;
         aikg:status aikg:Actual ;
         aikg:hasAllocation/aikg:chipModel id:nvidia-h200 .
}"""),
    *WHOLE_GRAPH,
)


def example(example_id: str) -> Example | None:
    """The example called ``example_id``, if there is one."""
    return next((e for e in EXAMPLES if e.id == example_id), None)
