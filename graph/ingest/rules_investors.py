"""Who backs whom, said outside a round: stakes, backers named by their rank, cheques.

``rule:stake`` gives ``hasInvestor`` (the backed organization's investor) for

* a relative clause: "OpenAI, in which Microsoft is the largest investor", "OpenAI, in which
  it has invested some $13 billion", "a Scale AI, na qual a Meta aplicou US$ 14 bilhões";
* a backer named by its rank: "Microsoft, its largest investor", "Microsoft, OpenAI's chief
  financial patron", "Amazon is its biggest backer" ("its": the organization the passage is
  about when the sentence names no other before);
* a cheque: "Microsoft — which has already poured $13 billion into the startup", "Amazon has
  committed $8 billion to the start-up", "a Meta colocou US$ 10 bilhões na OpenAI".

No round and no sum raised come of these: a stake is not a funding round.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.ingest.facts import Relation
from graph.ingest.linking import Mention
from graph.ingest.nearby import relation
from graph.ingest.sentence import View
from graph.vocab import AIKG

IN_WHICH = re.compile(r"\b(in which|na qual|no qual|em que)\b")
BACKER_NOUN = re.compile(r"\b(investor|investors|backer|backers|patron|shareholder|"
                         r"investidor|investidora|acionista|accionista)\b")
STAKE_VERB = re.compile(r"\b(invested|invest|has invested|poured|pours|committed|commits|"
                        r"put|puts|colocou|aplicou|investiu|injetou|aportou)\b")
INTO = re.compile(r"\b(in|into|na|no|em)( the| a| o)?$")
"""Before the backed organization ("$13 billion in OpenAI"); "to Oracle" may be a purchase."""
SHARE_OF = re.compile(r"\b(owns|holds|own|hold|detem|possui|tem)(\s+\w+){0,2}?\s+\d+(\s+\d+)?"
                      r"(\s+per\s?cent|\s+por\s+cento)?\s+(of|da|do|de)\b")
"""A share of an organization ("owns about 6% of", "detém 11% da"): its holder is its
investor."""
RELATIVE = re.compile(r"\b(which|who|que|o qual|a qual)\b")
STARTUP = re.compile(r"^(the |a |o )?(start ?up|startup|company|firm|empresa|companhia)\b")


def stakes(view: View, context: str | None, ranked: list[str]) -> Iterator[Relation]:
    """``hasInvestor`` read from stakes, ranks and cheques (see the module docstring);
    ``context`` is the organization the passage is about, ``ranked`` the article's
    organizations so far, most named first: "the startup" is the first the sentence does not
    name (a sentence names the backers; the one backed it only calls "the startup")."""
    orgs = [m for m in view.of(AIKG.Organization) if not view.cited(m)
            and str(AIKG.MediaOutlet) not in view.doc.classes(m)]
    subject = orgs[0] if orgs and len(view.gap(view.start, orgs[0].start).split()) <= 2 \
        else None
    for start, end in view.finds(IN_WHICH):
        backed = next((m for m in reversed(orgs) if m.end <= start
                       and view.gap(m.end, start) == ""), None)
        backer = next((m for m in orgs if m.start >= end
                       and len(view.gap(end, m.start).split()) <= 1), None)
        clause = view.gap(end, min(view.end, end + 80))
        if backer is None and re.match(r"(it|ela) ", clause) and subject is not backed:
            backer = subject
        if backed and backer and (BACKER_NOUN.search(clause) or STAKE_VERB.search(clause)):
            yield _stake(view, backed, backer)
    for start, end in view.finds(BACKER_NOUN):
        lead = view.gap(max(view.start, start - 40), start).split()
        owner = _owner(view, orgs, start, lead, context)
        backer = _ranked(view, orgs, start, lead)
        if owner and backer and view.iri(backer) != owner:
            yield relation(view, "rule:stake", 0.6, owner, "hasInvestor", view.iri(backer))
    for start, end in view.finds(SHARE_OF):  # "Nvidia, which owns about 6% of CoreWeave"
        backer = _backer(view, orgs, start)
        backed = next((m for m in orgs if m.start >= end and view.gap(end, m.start) in (
            "", "the", "a", "o")), None)
        if backer and backed and view.iri(backer) != view.iri(backed):
            yield _stake(view, backed, backer)
    for start, end in view.finds(STAKE_VERB):
        backer = _backer(view, orgs, start)
        money = next((a for a in view.amounts if a.currency and a.start >= end
                      and len(view.gap(end, a.start).split()) <= 3), None)
        if backer is None or money is None:
            continue
        aside = re.match(r"\s*\([^()]{0,60}\)", view.doc.text[money.end:view.end])
        after = money.end + aside.end() if aside else money.end  # "(about $16 million)"
        tail = view.gap(after, view.end)
        backed = next((m for m in orgs if m.start >= after and
                       INTO.search(view.gap(after, m.start))), None)
        if backed is None and re.match(r"(in|into|to|na|no|em) ", tail) and \
                STARTUP.match(tail.split(" ", 1)[1]):
            named = {view.iri(m) for m in orgs}  # "into the startup", "to the start-up"
            owner = next((o for o in ranked if o not in named), None)
        else:
            owner = view.iri(backed) if backed and len(
                view.gap(after, backed.start).split()) <= 2 else None
        if owner and owner != view.iri(backer):
            yield relation(view, "rule:stake", 0.6, owner, "hasInvestor", view.iri(backer))
            for other in _gapped(view, orgs, money.end):
                yield relation(view, "rule:stake", 0.6, owner, "hasInvestor", view.iri(other))


def _gapped(view: View, orgs: list[Mention], after: int) -> Iterator[Mention]:
    """The backers of cheques that leave the verb out: "… $8 billion to the start-up and
    Google about $3 billion", "e o Google cerca de US$ 3 bilhões"."""
    for org in orgs:
        if org.start < after:
            continue
        money = next((a for a in view.amounts if a.currency and a.start >= org.end), None)
        lead = view.gap(after, org.start).split()
        if money is None or not (lead[-1:] in (["and"], ["e"]) or lead[-2:] in (
                ["and", "the"], ["e", "o"], ["e", "a"])):
            continue
        if len(view.gap(org.end, money.start).split()) <= 2 and not any(
                a.start > after and a.end <= org.start and a.currency for a in view.amounts):
            yield org
        after = money.end


def _backer(view: View, orgs: list[Mention], verb: int) -> Mention | None:
    """The organization just before a verb (four words at most), or the antecedent of the
    relative clause the verb is in: "O Google, que no início do ano aplicou …"."""
    near = next((m for m in reversed(orgs) if m.end <= verb
                 and len(view.gap(m.end, verb).split()) <= 4), None)
    if near is not None:
        return near
    relative = [a for a, _ in view.finds(RELATIVE) if a < verb]
    if relative and view.doc.text[:relative[-1]].rstrip().endswith(",") and \
            len(view.gap(relative[-1], verb).split()) <= 8:
        return next((m for m in reversed(orgs) if m.end <= relative[-1]
                     and view.gap(m.end, relative[-1]) == ""), None)
    return None


def _stake(view: View, backed: Mention, backer: Mention) -> Relation:
    return relation(view, "rule:stake", 0.65, view.iri(backed), "hasInvestor",
                    view.iri(backer))


def _owner(view: View, orgs: list[Mention], start: int, lead: list[str],
           context: str | None) -> str | None:
    """Whose backer the noun names: "<X>'s … investor", "its … investor" (up to three words
    between)."""
    for k in range(len(lead) - 1, max(-1, len(lead) - 5), -1):
        if lead[k] in ("its", "seu", "sua"):
            first = next((m for m in orgs if m.end <= start), None)
            before_its = [m for m in orgs if m.end <= start]
            if len(before_its) > 1 or (before_its and not re.search(
                    r"\b(is|e|was|foi)$", " ".join(lead[:k]))):
                return view.iri(before_its[0]) if first else context
            return context
        if lead[k] == "s":
            owner = next((m for m in reversed(orgs) if m.end <= start
                          and view.doc.text[m.end:m.end + 1] in ("'", "’")), None)
            return view.iri(owner) if owner else None
    return None


def _ranked(view: View, orgs: list[Mention], start: int, lead: list[str]) -> Mention | None:
    """The backer the noun describes: the name just before, as an apposition ("Microsoft, its
    largest investor") or a subject ("Amazon is its biggest backer")."""
    before = [m for m in orgs if m.end <= start]
    if not before:
        return None
    gap = view.gap(before[-1].end, start).split()
    if len(gap) <= 6 and (view.doc.text[before[-1].end:before[-1].end + 1] in (",", " ")) \
            and (not gap or gap[0] in ("its", "is", "e", "the", "o", "a", "seu", "sua")
                 or view.doc.text[before[-1].end:before[-1].end + 1] == ","):
        return before[-1] if not (gap and gap[0] == "s") else None
    return None
