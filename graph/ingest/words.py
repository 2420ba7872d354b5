"""Word lists the name finder reads: words that never start or end a name (function words,
titles, calendar words, generic nouns, places), names that are never entities, connectors inside
names, company suffixes, investor words and number words — folded (lower case, no accents).
"""

from __future__ import annotations

import re

FUNCTION = frozenset("""
o a os as um uma uns umas em de do da dos das no na nos nas ao aos pelo pela pelos pelas por
para com sem sob sobre entre ate e ou mas que se nao sim este esta estes estas esse essa esses
essas isso isto aquele aquela ele ela eles elas eu voce seu sua seus suas meu minha nosso nossa
tambem ja ainda segundo atualmente actualmente hoje ontem amanha como quando onde porque
enquanto apos antes depois durante desde contudo porem entao assim alem mais muito muitos
outro outra outros outras todo toda todos todas cada qual quais quem
the an in on at of for by with from to into and or but nor according this that these those it
its he she they we i you his her their our my your after before as if while when where why
what how who which meanwhile however also last next earlier later today yesterday tomorrow
currently there here then thus so such some many most other another each every all both not
yes inside outside behind beyond dentro
""".split())
TITLES = frozenset("""
mr mrs ms dr sr sra srs prof chief executive officer president presidente vice director
diretor diretora founder fundador fundadora cofundador chairman head senior minister ministro
""".split())
CALENDAR = frozenset("""
january february march april may june july august september october november december jan feb
mar apr jun jul aug sep sept oct nov dec janeiro fevereiro abril maio junho julho agosto
setembro outubro novembro dezembro monday tuesday wednesday thursday friday saturday sunday
segunda terca quarta quinta sexta sabado domingo
""".split()) | {"março"}
GENERIC = frozenset("""
ia ai ceo cfo cto coo gpu gpus cpu cpus tpu tpus llm llms api apis ipo agi eua usa us uk eu ue
pib gdp american americans americano americana americanos chinese chines chinesa chineses
european europeans europeu europeia europeus british japanese korean taiwanese french german
portuguese portugues brasileiro brasileira internet rival rivais concorrente concorrentes competitor
series serie saudi saudita sauditas canadian canadense canadiana dutch neerlandes neerlandesa
britanico britanica britanica israeli israelita emirati emiradense arabe arab indian indiano
mw gw kw mwh gwh twh
""".split())
COUNTRIES = frozenset("""
china japan japao taiwan europe europa india brasil brazil portugal america catar qatar singapura
singapore canada franca france alemanha germany noruega norway arabia
""".split())
"""Countries and continents: too wide to name a compute site."""
PLACES = COUNTRIES | frozenset("""
california texas memphis paris london londres toronto riad riyadh dubai
""".split())
"""Places: never the start of a new name, but they may end one ("Banco de Portugal")."""
STOP = FUNCTION | TITLES | CALENDAR | GENERIC | PLACES
"""Folded words that are never (the whole of) a new name."""
STOP_NAMES = frozenset({
    "wall street", "silicon valley", "vale do silicio", "estados unidos", "united states",
    "white house", "casa branca", "reino unido", "united kingdom", "hong kong", "new york",
    "nova iorque", "san francisco", "u s", "u k", "e u a", "bay area", "abu dhabi",
    "arabia saudita", "saudi arabia", "emirados arabes unidos", "united arab emirates",
})
"""Folded multi-word names of places and markets that are not entities of the ontology."""
CONNECTORS = frozenset({"de", "da", "do", "dos", "das", "del", "van", "von", "der", "den",
                        "bin"})
"""Lower-case words allowed between two capitalised words of one name ("e"/"and" are not:
"OpenAI e Anthropic" names two things)."""
SUFFIXES = frozenset({"ai", "inc", "corp", "corporation", "labs", "lab", "technologies",
                      "technology", "ltd", "llc", "gmbh", "sa", "co", "systems", "securities",
                      "group", "holdings", "motors", "networks", "semiconductor", "robotics"})
"""Words that continue a name and make it a company ("Mistral AI", "Acme Labs")."""
PREFIXES = frozenset({"gpu", "tpu", "cpu"})
INVESTOR_WORDS = frozenset({"capital", "ventures", "venture", "partners", "investments",
                             "fund"})
NUMBER_WORDS = frozenset({"mil", "milhao", "milhoes", "bilhao", "bilhoes", "million",
                           "millions", "billion", "billions", "trillion", "mi", "bi"})
ACTION_VERBS = frozenset(
    "invested invests raised raises announced announces acquired acquires bought said says is "
    "was has had "
    "makes made develops developed launched launches released founded unveiled plans "
    "investiu investe anunciou anuncia adquiriu comprou disse afirmou lancou lanca fundou "
    "recebeu angariou captou desenvolve desenvolveu".split())
"""Verbs after a sentence's first word that show the word is a subject ("Google invested")."""
CURRENCY_GLUED = re.compile(r"(?i:usd|eur|gbp|brl|cad|jpy|chf|cny|aud|inr|krw)\d[\d.,]*")
"""A currency code glued to its number ("EUR15"): money, not a name."""
ORG_BEFORE = frozenset("""researcher researchers scientist scientists engineer engineers
    executive executives staff employee employees team unit division veteran veterans alumni
    alum spokesperson spokesman spokeswoman chief ceo cfo cto president investor
    investors""".split())
"""Words right after a name that make it an organization's: "Google DeepMind researcher",
"Google Cloud chief executive" (a person's name comes after such words, not before)."""
