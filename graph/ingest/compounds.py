"""Names that start with a known entity's name: "OpenAI Startup Fund", "Google DeepMind".

The gazetteer links the known head ("OpenAI") and the name finder proposes the rest ("Startup
Fund") as a new name of its own. When the two touch (one space apart) and the rest ends with a
company or investor word, or the head is a known organization followed by a new one-word
name, they are one new organization: the fund is not OpenAI, and "Startup Fund" alone names
nothing. A known cluster, model or product followed by a number is a new thing of the same
kind: "Colossus 2" is not Colossus.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from graph.ingest.mention import Mention
from graph.ingest.text import fold
from graph.ingest.words import INVESTOR_WORDS, SUFFIXES
from graph.vocab import AIKG

FIRM_WORDS = SUFFIXES | INVESTOR_WORDS | {"research", "cloud", "web", "services"}


SUCCESSOR = re.compile(r" (\d{1,2})(?![\d%.,]\d|[\d%]| ?(mil|mi|bi|million|billion|bilhoes|"
                       r"bilhões|milhões|milhoes|gw|mw|gigawatts?|megawatts?)\b)")
"""A known cluster, model or product followed by a number is its successor ("Colossus 2")."""
VERSIONED = (str(AIKG.ComputeCluster), str(AIKG.LanguageModel), str(AIKG.AIModel),
             str(AIKG.Product))


def join_compounds(text: str, mentions: list[Mention], new_iri: Callable[[str], str],
                   entity: Callable[[str], object] = lambda iri: None) -> list[Mention]:
    """``mentions`` (sorted) with each known head + new tail pair merged into one new name,
    and each known cluster, model or product + number ("Colossus 2") made a new name of the
    head's class (``entity`` gives a known entity, with its ``classes``)."""
    out: list[Mention] = []
    for mention in mentions:
        number = SUCCESSOR.match(text, mention.end) if mention.entity and not mention.new \
            else None
        known = getattr(entity(mention.entity), "classes", frozenset()) if number else ()
        kind = next((c for c in VERSIONED if c in known), None)
        if number and kind:
            surface = text[mention.start:number.end(1)]
            mention = replace(mention, end=number.end(1), surface=surface,
                              entity=new_iri(surface), new=True, class_guess=kind,
                              confidence=0.6, candidates=())
        head = out[-1] if out else None
        if head is not None and head.entity and not head.new and mention.new \
                and text[head.end:mention.start] == " " \
                and fold(mention.surface).split()[-1] in FIRM_WORDS:
            surface = text[head.start:mention.end]
            cls = mention.class_guess if mention.class_guess != str(AIKG.Person) \
                else str(AIKG.Organization)
            out[-1] = replace(mention, start=head.start, surface=surface,
                              entity=new_iri(surface), class_guess=cls)
            continue
        out.append(mention)
    return out
