"""What a new name is, read from the words around it in the whole article (after
:mod:`graph.ingest.coref` and :mod:`graph.ingest.lists`).

A new name whose class only its shape suggested (one capitalised word looks like an
organization, two like a person) is a **chip model** when the article speaks of it as one:

* an organization's product in a sentence about chips: "Amazon's Trainium and Nvidia's GPUs",
  "Nvidia's Blackwell systems" beside "250,000 Nvidia GPUs";
* a generation: "the seventh-generation Ironwood", "a nova geração Zephyr";
* a list after a chip noun and a dash or colon: "os chips próprios da Amazon - o Trainium … e
  o Inferentia";
* listed with a chip model ("the H100 and Quasar").

A chip name followed by "generation" or "family" names a family, not a model: an unsure one.

It is a **cluster** when the sentence names it after a cluster noun ("os novos supercomputadores
da empresa, batizado de Prometheus", "a supercomputer called Zephyr") or says it is being built
("Hyperion, está sendo erguido pela Meta", "Zephyr is being built in Texas").

Acronyms: a new name of several words and the initials another name of the article spells
("Advanced Micro Devices" … "AMD") are one organization, named by the acronym.

A new name that only describes its maker ("the ChatGPT maker", "the Claude developer", "dona do
ChatGPT", "criadora do assistente Claude") is a **product**, and an unsure one (0.5): it
becomes an entity only when a fact uses it.

Shared surnames: "os irmãos Dario e Daniela Amodei" names Dario Amodei (the first name alone is
a new person of the full name). Places: a shape-only name after "founded in", "based in",
"fundada em", "sediada em" is a place, not an entity of the graph ("Fundada em Toronto").

Every mention of the name is reclassed, so the proposed entity is one thing.
"""

from __future__ import annotations

import re
from dataclasses import replace

from graph.ingest.linking import Gazetteer, Mention
from graph.ingest.sentence import flat, words
from graph.ingest.text import fold, split_sentences
from graph.vocab import AIKG

SURE = 0.6
CHIP, ORG = str(AIKG.ChipModel), str(AIKG.Organization)
CHIP_TALK = re.compile(r"\b(chips?|gpus?|tpus?|superchips?|processors?|processadores|"
                       r"processador|accelerators?|aceleradores|acelerador|semiconductors?|"
                       r"semicondutores)\b")
GENERATION = re.compile(r"(generation|geracao)$")
LIST_OPENER = re.compile(r"[-–—:]\s*$")
AFTER_CHIP = re.compile(r"\s*($|[,.;:)]|(and|e|or|ou|chips?|gpus?|processors?|accelerators?|"
                        r"systems?|platforms?|sistemas?|plataformas?)\b)")
"""What may follow an organization's product for it to be a chip ("Nvidia's Blackwell
systems"; not "Stargate's Abilene campus")."""
FAMILY_AFTER = re.compile(r"\s*(generation|class|family|series|era|geracao|familia)\b")
"""A chip name before "generation" is a family ("200,000 Hopper-generation GPUs"): unsure, so
it is proposed only when a fact uses it."""
CLUSTER, PRODUCT = str(AIKG.ComputeCluster), str(AIKG.Product)
MAKER_AFTER = re.compile(r"\s+(maker|developer|creator|owner)s?\b")
OWNER_OF = re.compile(r"\b(dona|dono|criadora|criador|desenvolvedora|maker|developer|creator|"
                      r"owner)\s+(do|da|of)(\s+(the|o|a))?(\s+(chatbot|assistente|modelo|app|"
                      r"aplicativo|assistant|model))?\s+$")
CLUSTER_NOUN = re.compile(r"\b(supercomputador(es)?|supercomputers?|clusters?|superclusters?|"
                          r"data ?cent(er|re)s?|centros? de dados)\b")
NAMED = re.compile(r"\b(batizad[oa]s? de|chamad[oa]s? de|chamad[oa]|named|called|dubbed|"
                   r"known as|conhecid[oa] como)\s+$")
BEING_BUILT = re.compile(r"[\s,]+((que )?(esta|estao|is|are|was|were|foi|foram|sera|will be)"
                         r"( sendo| being)? (erguid[oa]s?|construid[oa]s?|built|erected))\b")
PLACE_CUE = re.compile(r"\b(fundad[ao]|founded|based|sediad[ao]|headquartered|baseada|"
                       r"baseado)( \w+)? (em|in)\s*$")
JOIN = re.compile(r"((e|and|or|ou)( |$))?(a|o|as|os|the)?|"
                  r"[a-z ]{1,40} (e|and)( (a|o|the))?")
"""Two chips of a list, maybe with a short apposition ("o Trainium, voltado ao treino, e o
Inferentia")."""


def reclass(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """``mentions`` with shape-only new names read as chips or acronyms (module docstring)."""
    mentions = _surnames(text, _acronyms(mentions), gazetteer)
    places = {m.entity for m in mentions if _shape_only(m) and PLACE_CUE.search(
        flat(text[max(0, m.start - 30):m.start]))}
    mentions = [m for m in mentions if m.entity not in places]
    folded = flat(text)
    chips: set[str] = set()
    for sentence in split_sentences(text):
        inside = [m for m in mentions if sentence.start <= m.start and m.end <= sentence.end]
        talk = CHIP_TALK.search(folded, sentence.start, sentence.end)
        for k, m in enumerate(inside):
            if not _shape_only(m):
                continue
            before = text[max(sentence.start, m.start - 40):m.start]
            lead = words(folded[max(sentence.start, m.start - 40):m.start])
            owner = k > 0 and text[inside[k - 1].end:m.start] in ("'s ", "’s ") \
                and ORG in _classes(inside[k - 1], gazetteer) and AFTER_CHIP.match(
                    folded, m.end) is not None
            chip_list = any((_is_chip(n, gazetteer) or n.entity in chips) and JOIN.fullmatch(
                words(folded[min(n.end, m.end):max(n.start, m.start)]))
                for n in inside[max(0, k - 1):k + 2] if n is not m)
            opened = talk and talk.start() < m.start and LIST_OPENER.search(
                re.sub(r"\b(o|a|os|as|the)\s*$", "", before))
            if (owner and talk) or (talk and GENERATION.search(lead)) or chip_list or opened:
                chips.add(m.entity)
    clusters = {m.entity for m in mentions if _shape_only(m) and (
        NAMED.search(folded, max(0, m.start - 60), m.start) and CLUSTER_NOUN.search(
            folded, max(0, m.start - 120), m.start) or BEING_BUILT.match(folded, m.end))}
    products = {m.entity for m in mentions if m.new and m.entity and m.class_guess in (
        ORG, str(AIKG.Company), str(AIKG.Person), CHIP, str(AIKG.LanguageModel)) and (
            MAKER_AFTER.match(folded, m.end) or OWNER_OF.search(folded, max(0, m.start - 50),
                                                                m.start))}
    mentions = [replace(m, class_guess=PRODUCT, confidence=0.5) if m.entity in products
                else m for m in mentions]
    families = {m.entity for m in mentions if m.new and m.class_guess == CHIP
                and FAMILY_AFTER.match(folded, m.end)}
    mentions = [replace(m, confidence=0.5) if m.entity in families else m for m in mentions]
    return [replace(m, class_guess=CHIP, confidence=SURE) if m.entity in chips and m.new
            else replace(m, class_guess=CLUSTER, confidence=SURE) if m.entity in clusters
            else m for m in mentions]


def _shape_only(m: Mention) -> bool:
    return bool(m.new and m.entity and m.confidence < SURE
                and m.class_guess in (ORG, str(AIKG.Person), str(AIKG.Company)))


def _classes(m: Mention, gazetteer: Gazetteer) -> frozenset[str]:
    entity = gazetteer.entity(m.entity) if m.entity and not m.new else None
    if entity is not None:
        return entity.classes
    return gazetteer.classes_of(m.class_guess) if m.class_guess else frozenset()


def _is_chip(m: Mention, gazetteer: Gazetteer) -> bool:
    return CHIP in _classes(m, gazetteer) and not _shape_only(m)


def _acronyms(mentions: list[Mention]) -> list[Mention]:
    """Names of several capitalised words linked to the acronym of their initials."""
    short = {m.surface: m for m in mentions
             if m.entity and m.surface.isupper() and m.surface.isalpha() and len(m.surface) > 1}
    out = []
    for m in mentions:
        parts = fold(m.surface).split()
        initials = "".join(p[0] for p in parts).upper()
        acronym = short.get(initials) if m.new and len(parts) > 1 and all(
            w[:1].isupper() for w in m.surface.split()) else None
        if acronym is not None and acronym.entity != m.entity and m.confidence < SURE:
            m = replace(m, entity=acronym.entity, new=acronym.new,
                        class_guess=acronym.class_guess if acronym.new else None,
                        confidence=max(acronym.confidence, m.confidence))
        out.append(m)
    return out


def _surnames(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """"Dario e Daniela Amodei": the lone first name before a person's full name, joined by
    "e"/"and", shares the surname; every mention of it names the new full name."""
    full: dict[str, tuple[str, str]] = {}
    for a, b in zip(mentions, mentions[1:]):
        parts = b.surface.split()
        if a.new and a.entity and len(a.surface.split()) == 1 and a.surface[:1].isupper() \
                and len(parts) == 2 and str(AIKG.Person) in _classes(b, gazetteer) \
                and re.fullmatch(r"\s+(e|and)\s+", text[a.end:b.start]) \
                and text[b.end:b.end + 2] not in ("'s", "’s"):  # "Elon Musk's xAI": an owner
            name = f"{a.surface} {parts[-1]}"
            full[a.entity] = (gazetteer.new_iri(name), name)
    return [replace(m, entity=full[m.entity][0], surface=full[m.entity][1], new=True,
                    class_guess=str(AIKG.Person), confidence=SURE)
            if m.entity in full else m for m in mentions]
