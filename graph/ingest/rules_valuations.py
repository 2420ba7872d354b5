"""Rounds and valuations said without a funding verb, and valuations of another time.

``rule:round-noun`` reads a sum named as a round: "a $2 billion raise", "closed a $415 million
round" (the verb elsewhere), "Databricks' recent $15 billion haul", "uma ronda de até 5 mil
milhões", "the $6.6 billion OpenAI raised last October" — the organization in the possessive
or next to the sum, else the one the sentence is about ("the round" → the article's last
round). ``rule:valuation`` attaches a valuation with no round in its sentence to the
organization's last round; a valuation of another time ("Em março, a empresa valia …",
"began the year valued at …") or a second figure ("some accounts saying $50 billion") is a
valuation of its own, a round with no sum raised.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.ingest.facts import RoundFact
from graph.ingest.nearby import ANAPHOR
from graph.ingest.quantities import Amount
from graph.ingest.rules_funding import (
    BACKREF,
    PRE,
    RAISE,
    _money,
    _valuation_amounts,
    _with_valuations,
)
from graph.ingest.sentence import View
from graph.vocab import AIKG

ROUND_NOUN = re.compile(r"^((\w+ ){0,1}(raise|round|haul|financing|funding round|series [a-h]|"
                        r"rodada|ronda)|(de )?(financiamento|investimento))\b")
"""Words right after a sum that make it a round ("$2 billion raise", "$6bn Series B")."""
NOUN_BEFORE = re.compile(r"\b(rodada|ronda|captacao|round|raise) (de|of)( ate| up to)?$")
"""Words right before a sum that make it a round ("uma ronda de até 5 mil milhões")."""
OTHER_TIME = re.compile(r"\b(began the year|no inicio do ano|in (january|february|march|april|"
                        r"may|june|july|august|september|october|november|december)|months? ago|"
                        r"meses|last year|ano passado|earlier this year|em (janeiro|fevereiro|"
                        r"marco|abril|maio|junho|julho|agosto|setembro|outubro|novembro|"
                        r"dezembro)|some accounts|outras fontes|others put)\b")


def noun_rounds(view: View, last_rounds: dict[str, RoundFact],
                context: str | None) -> Iterator[RoundFact]:
    """Rounds named by a sum and a round noun (see the module docstring)."""
    valuations = _valuation_amounts(view)
    orgs = [m for m in view.of(AIKG.Organization) if not view.cited(m)
            and str(AIKG.MediaOutlet) not in view.doc.classes(m)]
    for amount in [a for a in view.amounts if a.currency and a not in valuations]:
        after = view.gap(amount.end, min(view.end, amount.end + 30))
        before = view.gap(max(view.start, amount.start - 30), amount.start)
        teller = next((m for m in orgs if m.start >= amount.end and
                       len(view.gap(amount.end, m.start).split()) <= 1 and
                       RAISE.match(view.gap(m.end, view.end))), None)
        if not (ROUND_NOUN.match(after) or NOUN_BEFORE.search(before) or teller):
            continue
        owner = teller or next((m for m in reversed(orgs) if m.end <= amount.start and
                                len(view.gap(m.end, amount.start).split()) <= 3 and
                                view.doc.text[m.end:m.end + 1] in ("'", "’")), None)
        org = view.iri(owner) if owner else _about(view, orgs, last_rounds, context, amount)
        if org is None:
            continue
        status = view.status()
        fact = RoundFact(view.start, view.end, "rule:round-noun", 0.7, status, organization=org,
                         amount=_money(amount), when=view.point_time() or (
                             view.doc.published if status != "Actual" else None))
        yield _with_valuations(view, fact, valuations)
        valuations = []  # the sentence's valuations go with its first round


def leftovers(view: View, fact: RoundFact) -> Iterator[RoundFact]:
    """Valuations of a round's sentence that the round did not take ("… $X, close to double
    the $Y of the last round"): each a valuation of its own, of the same organization."""
    taken = {fact.post_money, fact.pre_money}
    for amount in _valuation_amounts(view):
        if _money(amount) not in taken:
            pre = PRE.search(view.gap(max(view.start, amount.start - 60), amount.start))
            yield _own(view, fact.organization, amount, bool(pre))


def _own(view: View, org: str, amount: Amount, pre: bool) -> RoundFact:
    own = RoundFact(view.start, view.end, "rule:valuation", 0.6, view.status(),
                    organization=org, when=view.point_time())
    own.pre_money, own.post_money = (_money(amount), None) if pre else (None, _money(amount))
    return own


def _about(view: View, orgs: list, last_rounds: dict[str, RoundFact], context: str | None,
           amount: Amount) -> str | None:
    """The organization a round noun without an owner speaks of: the sentence's subject
    before the sum, else the round the text spoke of ("the round", "a empresa")."""
    before = [m for m in orgs if m.end <= amount.start]
    if before and len(view.gap(view.start, before[0].start).split()) <= 3:
        return view.iri(before[0])
    if view.has(BACKREF) or ANAPHOR.search(view.flat):
        return list(last_rounds)[-1] if last_rounds else context
    return None


def valuations(view: View, last_rounds: dict[str, RoundFact],
               context: str | None) -> Iterator[RoundFact]:
    """Valuations in a sentence without a round: the organization's last round takes them,
    unless they speak of another time or it has one already (then a valuation of its own)."""
    amounts = _valuation_amounts(view)
    if not amounts:
        return
    orgs = [m for m in view.of(AIKG.Organization) if not view.cited(m)]
    org = next((view.iri(m) for m in orgs if view.iri(m) in last_rounds), None)
    if org is None and (view.has(BACKREF) or ANAPHOR.search(view.flat)):
        org = list(last_rounds)[-1] if last_rounds else context
    if org is None:
        return
    target = last_rounds.get(org)
    own = None
    for amount in amounts:
        lead = view.gap(max(view.start, amount.start - 60), amount.start)
        pre = PRE.search(lead) is not None
        taken = target is not None and (target.pre_money if pre else target.post_money)
        if target is None or taken or OTHER_TIME.search(lead + " " + view.gap(
                amount.end, min(view.end, amount.end + 30))):
            own = _own(view, org, amount, pre)
            yield own
        elif pre:
            target.pre_money = _money(amount)
        else:
            target.post_money = _money(amount)
    if target is not None and own is None:
        yield target
