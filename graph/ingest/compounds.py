"""Names that start with a known entity's name: "OpenAI Startup Fund", "Google DeepMind".

The gazetteer links the known head ("OpenAI") and the name finder proposes the rest ("Startup
Fund") as a new name of its own. When the two touch (one space apart) and the rest ends with a
company or investor word, or the head is a known organization followed by a new one-word
name, they are one new organization: the fund is not OpenAI, and "Startup Fund" alone names
nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from graph.ingest.mention import Mention
from graph.ingest.text import fold
from graph.ingest.words import INVESTOR_WORDS, SUFFIXES
from graph.vocab import AIKG

FIRM_WORDS = SUFFIXES | INVESTOR_WORDS | {"research", "cloud", "web", "services"}


def join_compounds(text: str, mentions: list[Mention],
                   new_iri: Callable[[str], str]) -> list[Mention]:
    """``mentions`` (sorted) with each known head + new tail pair merged into one new name."""
    out: list[Mention] = []
    for mention in mentions:
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
