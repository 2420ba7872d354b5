"""What stands near what in a sentence: the helpers every extraction rule shares.

Rules find a cue (a role word, a verb) and then the name just before or after it, allowing only
a few words in between (:func:`first_after`, :func:`last_before`), or a run of names joined by
"e"/"and" (:func:`runs`); :func:`relation` makes the fact with the sentence's offsets.
"""

from __future__ import annotations

import re

from graph.ingest.facts import Relation
from graph.ingest.linking import Mention
from graph.ingest.sentence import View
from graph.vocab import AIKG

ORG = (AIKG.Organization,)
PERSON = (AIKG.Person,)
OF = r"(da|do|de|dos|das|na|no|of|at|from|by)( the| a| o)?"
"""Words that tie a name to its owner: "CEO da Tesla", "chief executive of Tesla"."""
COMPANY_NP = (r"(a|o|the)( [a-z0-9]+){0,3} (empresa|companhia|startup|start up|grupo|company|"
              r"firm|group|lab|laboratorio|business|negocio)")
ANAPHOR = re.compile(rf"({COMPANY_NP}|it|ela)\b")
COMPANY_ANAPHOR = re.compile(rf"{COMPANY_NP}\b")
"""A sentence that opens with "the company" / "a empresa" / "The San Francisco company" speaks of
the article's focus."""
RELATIVE = re.compile(r"\b(que|which|who|that)\b")


def relation(view: View, method: str, confidence: float, subject: str, predicate: str,
             obj: str, status: str | None = None) -> Relation:
    """A binary fact read in ``view``; actual facts are dated by the publication month."""
    return Relation(view.start, view.end, method, confidence, status or "Actual",
                    subject=subject, predicate=predicate, object=obj,
                    as_of=view.doc.published if status in (None, "Actual") else None)


def first_after(mentions: list[Mention], pos: int, max_words: int,
                view: View) -> Mention | None:
    """The first mention starting at or after ``pos``, if at most ``max_words`` words away."""
    for mention in mentions:
        if mention.start >= pos:
            return mention if len(view.gap(pos, mention.start).split()) <= max_words else None
    return None


def last_before(mentions: list[Mention], pos: int, max_words: int,
                view: View) -> Mention | None:
    """The last mention ending at or before ``pos``, if at most ``max_words`` words away."""
    for mention in reversed(mentions):
        if mention.end <= pos:
            return mention if len(view.gap(mention.end, pos).split()) <= max_words else None
    return None


LIST_GAP = re.compile(r"((e|and|or|ou|plus|as well as|bem como)( |$))?(a|o|as|os|the)?")
"""What may join two names of a list: a comma or "e"/"and", and an article before the name
("a Nvidia, a DST Global e o Bpifrance", "Microsoft and the OpenAI Startup Fund"); a list
joined by articles needs an "e"/"and" somewhere, else it is an apposition."""
ARTICLES = frozenset({"a", "o", "as", "os", "the"})
PLACE_OWNER = re.compile(r",\s+((and|e)\s+)?[A-Z][\w-]*(\s[A-Z][\w-]*)?['’]s\s+")
"""A place in the possessive inside a list: "DST Global, Singapore's GIC and B"."""


def runs(view: View, mentions: list[Mention]) -> list[list[Mention]]:
    """Runs of mentions joined by ",", "e", "and" ("H100 e H200", "a Nvidia, o Bpifrance"); a
    name in the possessive stands aside for the one it qualifies ("A, Singapore's GIC and B")."""
    groups: list[list[Mention]] = []
    for mention in mentions:
        last = groups[-1][-1] if groups else None
        if last and view.gap(last.end, mention.start) == "s" and \
                view.doc.text[last.end:last.end + 1] in ("'", "’"):
            groups[-1][-1] = mention  # "Singapore's GIC": the owner only qualifies the name
        elif last and (LIST_GAP.fullmatch(view.gap(last.end, mention.start))
                       or PLACE_OWNER.fullmatch(view.doc.text[last.end:mention.start])):
            groups[-1].append(mention)
        else:
            groups.append([mention])
    out: list[list[Mention]] = []
    for group in groups:
        gaps = [view.gap(a.end, b.start) for a, b in zip(group, group[1:])]
        if any(g.split()[:1] and g.split()[0] not in ARTICLES for g in gaps) or \
                not any(g in ARTICLES for g in gaps):
            out.append(group)
        else:  # "a OpenAI, a Anthropic é …": an article but no "e"/"and" is an apposition
            out.extend([m] for m in group)
    return out
