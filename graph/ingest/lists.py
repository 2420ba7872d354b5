"""Names in one list are things of one kind: "Microsoft, Coatue, Altimeter e Thrive Capital".

A new name whose class only its shape suggested (two capitalised words look like a person:
"General Catalyst", "Jane Street") takes the class of the organizations it is listed with,
when at least two of the list's members are known organizations or names a cue classed
confidently as organizations, or one is and the list follows words that name organizations
("rivais como", "investors include", "aimed squarely at"); a name in the possessive before another ("Abu Dhabi's MGX") only
qualifies it and is no member.
Every mention of that name is reclassed, so the entity proposed for it is one thing.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from graph.ingest.linking import Gazetteer, Mention
from graph.ingest.sentence import flat, words
from graph.vocab import AIKG

JOIN = re.compile(r"((e|and|or|ou|plus|as well as|bem como)( |$))?(a|o|as|os|the)?")
"""What joins two names of a list (the same as :data:`graph.ingest.nearby.LIST_GAP`)."""
ORG_CUE = re.compile(r"\b(rivals?|rivais|competitors?|concorrentes?|investors?|investidores|"
                     r"backers?|(aimed|squarely|compete|competes|competir|concorre|against|"
                     r"contra) (at|with|com|a|o)?)( (such as|like|como|include|including|"
                     r"incluem|incluindo|a|o|the))?$")
"""Words before a list that say its members are organizations: "rivais como OpenAI, Google
DeepMind e Anthropic", "aimed squarely at AWS and Google Cloud"."""
CONFIDENT = 0.6
ORG, FIRM, COMPANY = str(AIKG.Organization), str(AIKG.InvestmentFirm), str(AIKG.Company)


def share_classes(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """``mentions`` with shape-classed new names of organization lists reclassed."""
    folded = flat(text)
    groups: list[list[Mention]] = []
    owners = {a.entity for a, b in itertools.pairwise(mentions)
              if text[a.end:b.start] in ("'s ", "’s ")}  # "Abu Dhabi's MGX": a qualifier
    for m in mentions:
        if m.entity in owners and m.new:
            continue
        between = text[groups[-1][-1].end:m.start] if groups else ""
        if groups and between.strip() and not set(between) & set(".\n;:()") and \
                JOIN.fullmatch(words(folded[groups[-1][-1].end:m.start])):
            groups[-1].append(m)
        else:
            groups.append([m])
    reclass: dict[str, str] = {}
    for group in groups:
        sure = [_classes(m, gazetteer) for m in group if _sure(m)]
        cued = len(group) > 1 and ORG_CUE.search(
            words(folded[max(0, group[0].start - 40):group[0].start])) is not None
        shaped = cued and any(m.new and m.class_guess == ORG for m in group)
        if len(sure) < 2 - cued - shaped or not all(ORG in c for c in sure):
            continue  # two sure organizations at least, or one after a cue
        cls = FIRM if any(FIRM in c for c in sure) else COMPANY
        for m in group:
            if m.new and m.entity and not _sure(m):
                reclass.setdefault(m.entity, cls)
    return [replace(m, class_guess=reclass[m.entity], confidence=CONFIDENT)
            if m.new and m.entity in reclass else m for m in mentions]


def _sure(m: Mention) -> bool:
    return bool(m.entity) and (not m.new or m.confidence >= CONFIDENT)


def _classes(m: Mention, gazetteer: Gazetteer) -> frozenset[str]:
    entity = gazetteer.entity(m.entity) if m.entity and not m.new else None
    if entity is not None:
        return entity.classes
    return gazetteer.classes_of(m.class_guess) if m.class_guess else frozenset()
