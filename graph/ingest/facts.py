"""What the extraction rules find, before it becomes RDF: small typed records.

Entities are IRIs (strings). Every fact records the sentence it came from (offsets into the
article), the rule that found it, a confidence and a status (the local name of an
``aikg:Status`` individual: ``"Actual"``, ``"Planned"``, ``"Reported"``, ``"Claimed"``,
``"Implied"``, ``"Derived"``). Times are :class:`When` values in XSD lexical form.
:mod:`graph.ingest.proposal` turns them into the ontology's shapes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class When:
    """A time at the precision the text gives: ``value`` such as ``"2024-09"`` and its XSD type."""

    value: str
    datatype: str  # "gYear" | "gYearMonth" | "date"


@dataclass(frozen=True)
class Money:
    """An amount of money: exact decimal value and ISO 4217 currency code."""

    value: Decimal
    currency: str


@dataclass
class Found:
    """Fields every fact has: where it was read, by which rule, how sure, with what status."""

    start: int
    end: int
    method: str
    confidence: float
    status: str = "Actual"
    derivation: str | None = None     # how a Derived fact was worked out


@dataclass
class Relation(Found):
    """A binary fact ``subject predicate object`` (predicate is an ``aikg:`` local name)."""

    subject: str = ""
    predicate: str = ""
    object: str = ""
    as_of: When | None = None

    def key(self) -> tuple[str, str, str]:
        return (self.subject, self.predicate, self.object)


@dataclass
class Allocation:
    """``quantity`` chips of ``chip`` in a cluster state; its own status (e.g. Derived)."""

    chip: str
    quantity: int
    status: str
    derivation: str | None = None


@dataclass
class ClusterFact(Found):
    """A state of a compute cluster: chips by model, total, size change, build time."""

    cluster: str = ""
    total: int | None = None
    allocations: list[Allocation] = field(default_factory=list)
    when: When | None = None          # asOf (actual) or announcedOn (planned)
    expected_by: When | None = None   # end of an "in the coming months" interval
    size_factor: Decimal | None = None
    build_days: int | None = None
    builds_upon: ClusterFact | None = None
    sentences: list[int] = field(default_factory=list)  # starts of the sentences merged in


@dataclass
class HoldingFact(Found):
    """An organization holds chips (of a model, or of a manufacturer), at least ``minimum``."""

    holder: str = ""
    chip: str | None = None
    manufacturer: str | None = None
    minimum: int = 0
    exact: bool = False
    vague_text: str | None = None
    when: When | None = None


@dataclass
class RoundFact(Found):
    """A funding round: money raised, valuations, investors."""

    organization: str = ""
    amount: Money | None = None
    post_money: Money | None = None
    pre_money: Money | None = None
    investors: list[str] = field(default_factory=list)
    when: When | None = None
    label: str | None = None          # "Series B"
    leads: list[str] = field(default_factory=list)  # investors that led the round


@dataclass
class EventFact(Found):
    """An announcement (of the cluster states read in its sentence) or a meeting."""

    kind: str = "Announcement"        # or "Meeting"
    participants: list[str] = field(default_factory=list)
    speaker: str | None = None        # who announced it
    when: When | None = None          # announcedOn
    not_after: When | None = None     # a meeting happened no later than this

    def announces(self, states: list[ClusterFact]) -> list[ClusterFact]:
        """The states read in this announcement's sentence (after merging)."""
        return [s for s in states if self.start in (s.start, *s.sentences)]


Fact = Relation | ClusterFact | HoldingFact | RoundFact | EventFact
