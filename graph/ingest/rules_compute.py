"""Rules for compute: cluster states with chip counts by model, and chip holdings.

``rule:cluster-chips`` reads a sentence that names a cluster (or refers back to the last one:
"o cluster", "the supercomputer") and counts of chips: a count followed by a chip model
("100.000 chips de treinamento NVIDIA H100", "50 mil unidades H200", "100,000 H100 GPUs") is an
allocation of that model; a count of chips with no model ("200 mil chips") is the cluster's
total; "em 122 dias" is its build time; "dobrará"/"double" gives the size factor. The
sentence's status cues decide whether the state is actual, planned or reported. When a planned
state gives a total and some models, and the state it builds on had exactly one other model,
:func:`derive_remainder` adds the rest of the total as that model, with status ``Derived``.

``rule:holding`` reads "<organizations> possuem/have <count> chips <maker or model>".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from graph.ingest.facts import Allocation, ClusterFact, HoldingFact, When
from graph.ingest.linking import Mention
from graph.ingest.quantities import Amount
from graph.ingest.sentence import View
from graph.ingest.text import Sentence
from graph.vocab import AIKG

CHIP_UNITS = {"chips", "units", "gpus", "processors", "accelerators"}
CLUSTER_REF = re.compile(r"\b(o|a|the|this|este|esse|that|its|seu)( novo| new)? "
                         r"(cluster|supercomputador|supercomputer|supercluster|machine|"
                         r"maquina)\b")
UNIT_NEAR = re.compile(r"^([a-z0-9]+ ){0,2}(chips|gpus|units|unidades|processors|accelerators)\b")
"""A count whose chip noun comes a word or two later ("200,000 Hopper-generation GPUs")."""
FAMILY = re.compile(r"^(generation|class|family|series|era|geracao|familia)\b")
FILLER = re.compile(r"((de |of )?(treinamento|training|ia|ai|inteligencia artificial|mais|more|"
                    r"potentes|powerful|novos|novas|new|advanced|avancados|chips?|gpus?|"
                    r"unidades|units)( |$))*((da|do|de|from) )?")
SIZE = {2: re.compile(r"\b(dobrar\w*|duplicar\w*|doubl\w*)\b"),
        3: re.compile(r"\b(triplicar\w*|tripl\w*)\b")}
HOLD_VERB = re.compile(r"\b(possui|possuem|tem|detem|has|have|holds?|owns?|acquired|bought|"
                       r"comprou|compraram|adquiriu|adquiriram|acumulou|amassed|stockpiled)\b")
VAGUE_TEXT = {100000: "hundreds of thousands", 10000: "tens of thousands", 1000: "thousands"}


def _chip_after(view: View, amount: Amount, chips: list[Mention]) -> Mention | None:
    for chip in chips:
        if chip.start >= amount.end:
            if FAMILY.match(view.gap(chip.end, min(view.end, chip.end + 12))):
                return None  # "200,000 Hopper-generation GPUs": a family, not a model
            maker = next((m for m in view.mentions if amount.end <= m.start and m.end <= chip.start
                          and view.gap(m.end, chip.start) == ""), None)  # "16,000 Nvidia A100"
            gap = view.gap(amount.end, maker.start if maker else chip.start)
            return chip if len(gap.split()) <= 4 and FILLER.fullmatch(gap + " " if gap else "") \
                else None
    return None


CLAUSE = re.compile(r"[,;]\s+(?:and|but|while|whereas|e|mas|enquanto)\s+|;\s+")


def clauses(view: View) -> list[View]:
    """The sentence cut at ", and", ", but", ", e", ", mas", ";" (each part its own status)."""
    cuts = [m.end() for m in CLAUSE.finditer(view.doc.text, view.start, view.end)]
    bounds = list(zip([view.start, *cuts], [*cuts, view.end]))
    if len(bounds) == 1:
        return [view]
    inside = lambda span, a, b: a <= span.start and span.end <= b  # noqa: E731
    return [View(view.doc, Sentence(view.sentence.index, a, b),
                 [m for m in view.mentions if inside(m, a, b)],
                 [x for x in view.amounts if inside(x, a, b)],
                 [x for x in view.times if inside(x, a, b)]) for a, b in bounds]


def cluster_states(view: View, last_cluster: str | None, context_time: When | None,
                   site_chips: dict[str, str] | None = None) -> Iterator[ClusterFact]:
    """One state per clause for the cluster it names or refers back to; ``site_chips`` gives
    an unnamed site (:mod:`graph.ingest.sites`) the article's one chip model, when it names
    only one: a count of GPUs there is of it ("12.600 GPUs" in an article about GB300 alone)."""
    reported = view.status() == "Reported"
    for clause in clauses(view):
        named = clause.of(AIKG.ComputeCluster)
        cluster = clause.iri(named[0]) if named else (
            last_cluster if clause.has(CLUSTER_REF) else None)
        if cluster is not None:
            status = "Reported" if reported else clause.status()
            if status == "Actual" and (clause.upcoming() is not None or _later(clause)):
                status = "Planned"  # "com serviços … a começar no terceiro trimestre de 2026"
            yield from _state(clause, cluster, status, context_time,
                              (site_chips or {}).get(cluster))
        last_cluster = cluster or last_cluster


def _later(view: View) -> bool:
    """Whether the clause names a time after the publication (at the time's own precision)."""
    now = view.doc.published.value if view.doc.published else None
    return bool(now) and any(t.kind == "point" and t.value > now[:len(t.value)]
                             for t in view.times)


def _state(view: View, cluster: str, status: str, context_time: When | None,
           only_chip: str | None = None) -> Iterator[ClusterFact]:
    chips = view.of(AIKG.ChipModel)
    fact = ClusterFact(view.start, view.end, "rule:cluster-chips", 0.8, status, cluster=cluster)
    totals = []
    for amount in view.amounts:
        if amount.currency or amount.vague or amount.year_like:
            continue
        if amount.unit == "days":
            fact.build_days = int(amount.value)
            continue
        chip = _chip_after(view, amount, chips)
        if chip is not None:
            fact.allocations.append(Allocation(view.iri(chip), int(amount.value), status))
        elif only_chip and amount.unit in ("gpus", "chips") and not view.of(AIKG.ChipModel):
            fact.allocations.append(Allocation(only_chip, int(amount.value), status))
        elif amount.unit in CHIP_UNITS or amount.unit is None and UNIT_NEAR.match(
                view.gap(amount.end, min(view.end, amount.end + 40))):
            totals.append(int(amount.value))
    if totals:
        fact.total = totals[0]
    elif len(fact.allocations) == 1:
        fact.total = fact.allocations[0].quantity
    for factor, pattern in SIZE.items():
        if view.has(pattern):
            fact.size_factor = Decimal(factor)
    if not (fact.allocations or fact.total or fact.build_days):
        return
    fact.when = view.point_time() or context_time or view.doc.published
    upcoming = view.upcoming()
    if upcoming is not None and upcoming.until:
        fact.expected_by = When(upcoming.until, upcoming.datatype)
    yield fact


def merge_states(states: list[ClusterFact]) -> list[ClusterFact]:
    """Join states of one cluster with the same status and time (read in nearby sentences)."""
    merged: dict[tuple[str, str, When | None], ClusterFact] = {}
    for state in states:
        key = (state.cluster, state.status, state.when)
        into = merged.setdefault(key, state)
        if into is state:
            continue
        into.sentences.append(state.start)
        known = {a.chip for a in into.allocations}
        into.allocations += [a for a in state.allocations if a.chip not in known]
        into.total = into.total or state.total
        into.build_days = into.build_days or state.build_days
        into.size_factor = into.size_factor or state.size_factor
        into.expected_by = into.expected_by or state.expected_by
        if len(into.allocations) == 1 and state.total is None:
            into.total = into.total or into.allocations[0].quantity
    return list(merged.values())


def derive_remainder(states: list[ClusterFact]) -> None:
    """Link each later state to the last actual one and derive an unstated model's count."""
    actual: dict[str, ClusterFact] = {}
    for state in states:
        base = actual.get(state.cluster)
        if state.status == "Actual":
            actual[state.cluster] = state
            continue
        if base is None:
            continue
        state.builds_upon = base
        stated = {a.chip for a in state.allocations}
        others = [a.chip for a in base.allocations if a.chip not in stated]
        given = sum(a.quantity for a in state.allocations)
        if state.total and state.allocations and len(others) == 1 and 0 < given < state.total:
            rest = state.total - given
            state.allocations.append(Allocation(
                others[0], rest, "Derived",
                f"{state.total} total minus {given} of the models named; not stated in the source"))


def holdings(view: View) -> Iterator[HoldingFact]:
    """"OpenAI e Meta possuem centenas de milhares de chips NVIDIA" → two holdings."""
    orgs, chips = view.of(AIKG.Organization), view.of(AIKG.ChipModel)
    for start, end in view.finds(HOLD_VERB):
        amount = next((a for a in view.amounts if a.start >= end), None)
        if amount is None or amount.currency or amount.year_like \
                or len(view.gap(end, amount.start).split()) > 2:
            continue
        target = next((m for m in orgs + chips if m.start >= amount.end), None)
        if target is None or not FILLER.fullmatch(_padded(view.gap(amount.end, target.start))):
            continue
        holders = _holders(view, orgs, start)
        is_chip = target in chips
        for holder in holders:
            yield HoldingFact(
                view.start, view.end, "rule:holding", 0.7, view.status(),
                holder=view.iri(holder), chip=view.iri(target) if is_chip else None,
                manufacturer=None if is_chip else view.iri(target),
                minimum=int(amount.value), exact=not amount.vague,
                vague_text=VAGUE_TEXT.get(int(amount.value)) if amount.vague else None,
                when=view.point_time() or view.doc.published)


def _padded(gap: str) -> str:
    return gap + " " if gap else ""


def _holders(view: View, orgs: list[Mention], verb: int) -> list[Mention]:
    """The run of organizations ("OpenAI e Meta") just before a verb, within a few words."""
    before = [m for m in orgs if m.end <= verb]
    if not before or len(view.gap(before[-1].end, verb).split()) > 3:
        return []
    run = [before[-1]]
    for mention in reversed(before[:-1]):
        if view.gap(mention.end, run[0].start) not in ("", "e", "and"):
            break
        run.insert(0, mention)
    return run
