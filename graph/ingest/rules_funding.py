"""Rules for funding: rounds with the money raised, investors and valuations.

``rule:funding`` finds a funding verb ("recebeu", "angariar", "raised", "secured") with an
amount of money after it; the organization just before the verb is the one funded and the
organizations after the amount ("de investidores … incluindo A e B", "from A and B",
"led by A") are its investors. "<A> invested/will invest $X in <B>" is read the other way
round. ``rule:valuation`` reads "avaliação … 24 mil milhões", "valuation of $X", "valued at
$X" ("pre-money" when the text says so, post-money otherwise) and attaches it to the round of
the same sentence, or to that organization's last round in the article ("Esta ronda …").
A pre-money valuation the text leaves out is derived (post − raised) for actual and reported rounds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.ingest.facts import Money, Relation, RoundFact
from graph.ingest.linking import Mention
from graph.ingest.nearby import COMPANY_ANAPHOR, relation, runs
from graph.ingest.quantities import Amount
from graph.ingest.sentence import View
from graph.vocab import AIKG

RAISE = re.compile(r"\b(recebeu|receberam|receber|angariou|angariar|angariaram|levantou|"
                   r"levantar|captou|captar|arrecadou|arrecadar|obteve|garantiu|captado|"
                   r"angariado|levantado|arrecadado|"
                   r"raised?|raising|raises|secured?|securing|received?|landed|lands|"
                   r"bagged|pulls in|pulled in|"
                   r"(?P<close>fechou|fecha|fechar|concluiu|conclui|concluir|closed|closes|"
                   r"wrapped up|completed|completes))\b")
"""A funding verb; a closing verb ("fechou", "wrapped up") only when a funding noun stands
between it and the amount or just after the amount ("closed a $6bn Series C", "concluiu uma
captação de US$ 40 bilhões") — a closed purchase is no round."""
FUNDING_NOUN = re.compile(r"\b(rodada|ronda|captacao|financiamento|serie|series|round|"
                          r"financing|funding|raise|investimento|investment|aporte)\b")
INVEST = re.compile(r"\b(invest\w*|investiu|investira|investir|aportou|aportar|injetou)\b")
INTO = re.compile(r"^(up to|ate|mais|more|another|an additional|outros)?$")
VALUATION = re.compile(r"\b(avaliacao|avaliada|avaliado|avaliou|avalia|avaliando|valorizacao|"
                       r"valorizou|valuation|valued|valuing|values|valorada|valorado|valia|"
                       r"vale|valer|valendo|worth|value (at|of)|money price|priced at)\b")
WORTH_AFTER = re.compile(r"^((the|a|o) )?(\w+ ){0,2}(was|is|were|been)? ?(worth|valued)\b")
"""A valuation named before its verb: "the $3 billion the company was worth in June"."""
DEAL_WORTH = re.compile(r"\b(contract|deal|agreement|pact|order|contrato|acordo|package|"
                        r"stake|investment|commitment)( \w+)? (worth|valued|avaliad[oa])\b")
"""A deal's worth is no company's valuation ("a contract worth $11.9 billion")."""
OTHER_FIGURE = re.compile(r"\b(saying|or|ou|others|accounts|outras|dobro|double|triple|twice|"
                          r"up from|from|compared|versus|acima|mais do que)\b")
"""A second sum after a valuation that is another valuation: "some accounts saying $50
billion", "quase o dobro dos US$ 157 bilhões"."""
AT_PRICE = re.compile(r"\bat( about| roughly| around| nearly| some| a| an)?$")
""""raising $500 million at $9 billion": a second sum after "at" is the valuation."""
PRE = re.compile(r"\b(pre ?money|pre investimento|before the investment|antes do investimento)\b")
BACKREF = re.compile(r"\b(esta|essa|a|da|na|desta|dessa|this|the|that|of the|in the)"
                     r"( nova| new| ultima| latest)? "
                     r"(ronda|rodada|round|financiamento|funding|deal|investimento)\b")
ROUND_LABEL = re.compile(r"\b(series|serie|rodada|ronda) ([a-h])\b")
INVESTOR_CUE = re.compile(r"\b(investidores|investors|from|de|led by|liderad[ao] (por|pel[ao]s?)|"
                          r"incluindo|"
                          r"including|backed by|apoiad[ao] por|com participacao de|with)\b")


def _money(amount: Amount) -> Money:
    return Money(amount.value, amount.currency or "USD")


def _valuation_amounts(view: View) -> list[Amount]:
    """Money amounts preceded (within six words) by a valuation word, followed by "… was
    worth", or after "at" that follows another sum ("raised $1bn at $9bn")."""
    found: list[Amount] = []
    money = [a for a in view.amounts if a.currency]
    for k, amount in enumerate(money):
        lead = " ".join(view.gap(max(view.start, amount.start - 60), amount.start).split()[-6:])
        tail = view.gap(amount.end, min(view.end, amount.end + 40))
        between = view.gap(money[k - 1].end, amount.start) if k else ""
        if (VALUATION.search(lead) and not DEAL_WORTH.search(lead)) or WORTH_AFTER.match(tail) \
                or (k and AT_PRICE.search(between) and amount.value >= 10 ** 9) \
                or (found and found[-1] is money[k - 1] and len(between.split()) <= 10
                    and OTHER_FIGURE.search(between)):
            found.append(amount)
    return found


def rounds(view: View, context: str | None = None) -> Iterator[RoundFact]:
    """Rounds read from funding verbs, with investors and same-sentence valuations; "the
    start-up raised" speaks of ``context``, the organization the passage is about."""
    orgs = view.of(AIKG.Organization, AIKG.Person)
    valuations = _valuation_amounts(view)
    money = [a for a in view.amounts if a.currency and a not in valuations]
    for match in RAISE.finditer(view.flat):
        start, end = view.start + match.start(), view.start + match.end()
        raised = next((a for a in money if a.start >= end
                       and len(view.gap(end, a.start).split()) <= 4), None)
        if raised and match.group("close") and not FUNDING_NOUN.search(
                view.gap(end, raised.start) + " " + " ".join(
                    view.gap(raised.end, view.end).split()[:2])):
            continue
        funded = _subject(view, orgs, start) or _described(view, start, context)
        if raised is None or funded is None:
            continue
        fact = _round(view, funded, raised)
        fact.investors = [view.iri(m) for m in _investors(view, orgs, raised, funded, valuations)]
        yield _with_valuations(view, fact, valuations)
        return
    for start, end in view.finds(INVEST):
        investor = _subject(view, orgs, start)
        raised = next((a for a in money if a.start >= end
                       and INTO.match(view.gap(end, a.start))), None)
        funded = next((m for m in orgs if raised and m.start > raised.end
                       and re.fullmatch(r"(in|into|na|no|em)( the)?",
                                        view.gap(raised.end, m.start))), None)
        if investor and raised and funded:
            fact = _round(view, funded, raised)
            fact.investors = [view.iri(investor)]
            yield _with_valuations(view, fact, valuations)
            return


def _round(view: View, funded: Mention, raised: Amount) -> RoundFact:
    status = view.status()
    label = ROUND_LABEL.search(view.flat)
    method = "rule:funding-plan" if view.planned() else "rule:funding"  # a plan, even reported
    return RoundFact(view.start, view.end, method, 0.8, status,
                     organization=view.iri(funded), amount=_money(raised),
                     when=view.point_time() or (view.doc.published if status != "Actual"
                                                else None),
                     label=f"Series {label.group(2).upper()}" if label else None)


AUXILIARY = re.compile(r"\s*((has|had|havia|tinha|ja|already|also|tambem|recently)\s+)*")


def _described(view: View, verb: int, context: str | None) -> Mention | None:
    """"a startup havia captado", "the company raised": the passage's organization, as a
    mention of the noun phrase."""
    lead = view.doc.flat[max(view.start, verb - 40):verb]
    found = list(COMPANY_ANAPHOR.finditer(lead))
    if context is None or not found or not AUXILIARY.fullmatch(lead[found[-1].end():]):
        return None
    start = verb - len(lead) + found[-1].start()
    return Mention(start, verb - len(lead) + found[-1].end(), view.doc.text[start:verb].strip(),
                   context, (), False, None, 1.0)


def _subject(view: View, orgs: list[Mention], verb: int) -> Mention | None:
    """The last organization before the verb, at most six words away, else the organization
    that opens the sentence ("Mistral AI, the Paris start-up founded by …, has raised")."""
    before = [m for m in orgs if m.end <= verb and str(AIKG.Organization) in view.doc.classes(m)]
    between = view.doc.text[before[0].end:verb].strip() if before else ""
    if len(before) > 1 and between.startswith(",") and "," in view.doc.text[before[-1].end:verb] \
            and len(view.gap(view.start, before[0].start).split()) <= 2:
        return before[0]  # "A OpenAI, dona do ChatGPT, concluiu": the appositive is aside
    if before and len(view.gap(before[-1].end, verb).split()) <= 6:
        return before[-1]
    if before and len(view.gap(view.start, before[0].start).split()) <= 2:
        return before[0]
    return None


def _investors(view: View, orgs: list[Mention], raised: Amount, funded: Mention,
               valuations: list[Amount]) -> list[Mention]:
    stop = min((v.start for v in valuations if v.start > raised.end), default=view.end)
    after = [m for m in orgs if raised.end <= m.start < stop and m.entity != funded.entity
             and view.iri(m) != view.iri(funded) and not view.cited(m)]
    if after and INVESTOR_CUE.search(view.gap(raised.end, after[0].start) or "de"):
        return after
    return []


def _with_valuations(view: View, fact: RoundFact, valuations: list[Amount]) -> RoundFact:
    """The round takes the sentence's first post- and pre-money valuation (later figures are
    valuations of other times: :func:`graph.ingest.rules_valuations.leftovers`)."""
    for amount in valuations:
        lead = view.gap(max(view.start, amount.start - 60), amount.start)
        if PRE.search(lead):
            fact.pre_money = fact.pre_money or _money(amount)
        else:
            fact.post_money = fact.post_money or _money(amount)
    return fact


PARTICIPATE = re.compile(r"\b(took part|take part|takes part|participated|participate|"
                         r"participates|participating|participants|joined|join|also invested|"
                         r"also backed|also put in|led the (round|financing|raise|deal)|"
                         r"co led|co leads?|led it|participaram|participou|participam|"
                         r"participa|participantes|entraram|entrou|entram|liderou|lideraram|"
                         r"co liderou|co lideres|colideres|co lider|colider|acompanharam|"
                         r"tambem investiram|wrote a che(que|ck)|put in|chipped in|"
                         r"contributed|is leading|are leading|leading the (round|deal)|"
                         r"also investing|tambem investindo|lidera a (ronda|rodada))\b")
LED_BY = re.compile(r"\b(led by|co led by|liderad[ao] (por|pel[ao]s?)|co liderad[ao] (por|pel[ao]s?)"
                    r"|entraram n[ao] (rodada|ronda)|participam( tambem)?|participaram( tambem)?"
                    r"|joined by|with participation from|com (a )?participacao d[aoe]s?)\b")
"""Cues the investors follow: "led by A", "liderada pela A", "Entraram na rodada A, B e C",
"Participam também investidores …, como a A e a B"."""
CHEQUE = re.compile(r"\b(put in|wrote a che(que|ck)|chipped in|contributed|pledging|pledged)\b")
"""A backer's own cheque: the cue speaks of the round by itself."""
CONTINUES = re.compile(r"\b(also|tambem|too|as well|round|rodada|ronda|financing|raise|"
                       r"financiamento|led|liderou|lideraram|other|outros|operacao|deal)\b")
LIST_LEAD = re.compile(r"^((\w+ ){0,8}?(como|such as|like|including|incluindo))?"
                       r"( (a|o|as|os|the))?$")


def participants(view: View, last_rounds: dict[str, RoundFact]) -> None:
    """"Nvidia and Salesforce also took part (in the round)", "Thrive Capital led the round",
    "SoftBank put in around $500 million": the organizations before the cue join the
    article's last round as investors; after "led by", "liderada pela", "Entraram na rodada"
    or "Participam … como", the list that follows joins it. The cue must speak of the round
    ("the round", "also", "led"), so a plain "joined" elsewhere in the article adds nobody."""
    if not last_rounds or not (view.has(PARTICIPATE) or view.has(LED_BY)):
        return
    if not (view.has(BACKREF) or view.has(CONTINUES) or view.has(LED_BY) or view.has(CHEQUE)):
        return
    target = list(last_rounds.values())[-1]
    cues = view.finds(PARTICIPATE)
    named = [m for m in view.of(AIKG.Organization, AIKG.Person) if not view.cited(m)
             and str(AIKG.MediaOutlet) not in view.doc.classes(m)]
    joining = [m for m in named if any(m.end <= start for start, _ in cues)]
    if view.has(CHEQUE):  # "SoftBank put in $500 million and Nvidia roughly $100 million"
        money = [a for a in view.amounts if a.currency]
        joining += [m for m in named if any(m.end <= a.start and len(
            view.gap(m.end, a.start).split()) <= 2 for a in money) and m not in joining]
    for _, end in view.finds(LED_BY):
        group = next((g for g in runs(view, named) if g[0].start >= end), [])
        if group and LIST_LEAD.match(view.gap(end, group[0].start)):
            joining += group
    for mention in joining:
        iri = view.iri(mention)
        if iri != target.organization and iri not in target.investors:
            target.investors.append(iri)


def derive_pre_money(fact: RoundFact) -> None:
    """Pre-money = post-money − raised, for actual and reported rounds read from a funding
    verb whose text gives both (a reported plan is not worked out)."""
    if fact.status not in ("Actual", "Reported") or fact.pre_money \
            or not (fact.post_money and fact.amount) \
            or fact.method != "rule:funding":
        return  # a round only named ("a $6bn Series B") is a side note, not worked out
    if fact.post_money.currency != fact.amount.currency:
        return
    fact.pre_money = Money(fact.post_money.value - fact.amount.value, fact.amount.currency)
    fact.derivation = (f"pre-money valuation = {fact.post_money.value} {fact.amount.currency} "
                       f"post-money minus {fact.amount.value} raised; not stated in the source")


BACKER_LIST = re.compile(r"\b(investors|investidores|backers|apoiadores|shareholders|"
                         r"accionistas|acionistas|backed by|apoiad[ao] por|financiad[ao] por)"
                         r"( (such as|like|including|include|included|incluem|incluindo|como|"
                         r"entre eles|are|sao|sao a|sao o|que incluem))?\b")


PLUS = re.compile(r",?\s+(plus|as well as|bem como|alem de|and also)\b[^.;:]{0,80}?,\s*")
FORMER = re.compile(r",\s+(former|ex-?|antig[oa])\s+")
AS_TITLE = re.compile(r"['’]?s?\s+(chief|ceo|boss|executive|founder|co-founder|chairman|"
                      r"presidente|fundador|chefe)\s+")


def _continued(view: View, groups: list[list[Mention]]) -> list[Mention]:
    """The first list after the cue, and the lists that go on from it: ", plus two chipmakers
    whose hardware xAI depends on, Nvidia and AMD"; "…, former Google chief Eric Schmidt and
    Citigroup" (the employer only describes the person)."""
    if not groups:
        return []
    out, rest = list(groups[0]), groups[1:]
    while rest:
        between = view.doc.text[out[-1].end:rest[0][0].start]
        after = next((k for k, g in enumerate(rest) if PLUS.fullmatch(
            view.doc.text[out[-1].end:g[0].start])), None)  # past "whose hardware xAI …"
        if after is not None:
            out, rest = out + rest[after], rest[after + 1:]
        elif FORMER.fullmatch(between) and len(rest) > 1 and len(rest[0]) == 1 and \
                AS_TITLE.fullmatch(view.doc.text[rest[0][0].end:rest[1][0].start]):
            out, rest = out + rest[1], rest[2:]
        else:
            break
    return out


def backers(view: View, context: str | None) -> Iterator[Relation]:
    """"Its investors include A, B and C", "backed by A and B", "tem entre seus investidores
    A, B e C": each organization of the list that follows the cue (a few words away) is an
    investor (``hasInvestor``) of the organization named before the cue, else of ``context``
    (the organization the passage is about)."""
    orgs = [m for m in view.of(AIKG.Organization, AIKG.Person) if not view.cited(m)
            and str(AIKG.MediaOutlet) not in view.doc.classes(m)]
    for start, end in view.finds(BACKER_LIST):
        groups = [g for g in runs(view, orgs) if g[0].start >= end]
        colon = groups and ":" in view.doc.text[end:groups[0][0].start]
        listed = [m for g in groups for m in g] if colon else _continued(view, groups)
        if not listed or len(view.gap(end, listed[0].start).split()) > (12 if colon else 3):
            continue  # "The list of backers reads like …: A, B and C" takes all after the colon
        before = [m for m in orgs if m.end <= start
                  and str(AIKG.Organization) in view.doc.classes(m)]
        owner = view.iri(before[-1]) if before else context
        for investor in listed:
            if owner and view.iri(investor) != owner:
                yield relation(view, "rule:backers", 0.7, owner, "hasInvestor",
                               view.iri(investor))
