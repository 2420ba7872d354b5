"""Vocabulary, name pools and small helpers of the synthetic graph generator
(:mod:`bench.synthetic`): IRIs, N-Triples term writers and a Zipf sampler."""

from __future__ import annotations

import itertools
import random
from bisect import bisect

AIKG = "https://w3id.org/aikg/ont#"
ID = "https://w3id.org/aikg/id/"
G = "https://w3id.org/aikg/graph/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"

HUB = "verdant-silicon"
"""Slug of the dominant chipmaker."""

STATUSES = ("Actual",) * 14 + ("Reported",) * 3 + ("Claimed", "Implied")
_SYL = ("ka", "zen", "lu", "mi", "tor", "vex", "qua", "ri", "no", "sol", "dra", "pix", "ne",
        "ora", "syn", "tek", "var", "io", "al", "mor", "cy", "bel", "gen", "fi")
_CO_SUFFIX = ("Labs", "AI", "Systems", "Robotics", "Cloud", "Dynamics", "Compute", "Networks",
              "Semiconductor", "Analytics", "Intelligence", "Research")
_FIRST = ("Ana", "Bruno", "Carla", "David", "Elena", "Felix", "Grace", "Hugo", "Ines", "Jonas",
          "Karen", "Luis", "Maya", "Nadia", "Omar", "Paula", "Quinn", "Rui", "Sara", "Tomas",
          "Uma", "Victor", "Wen", "Xavier", "Yara", "Zoe", "Aiko", "Bjorn", "Chen", "Dalia",
          "Emeka", "Farah", "Goran", "Hana", "Ivan", "Julia", "Kofi", "Lena", "Mateo", "Noor")
_LAST = ("Silva", "Okafor", "Tanaka", "Müller", "Rossi", "Novak", "Haddad", "Kim", "Larsen",
         "Mendes", "Nguyen", "Patel", "Quispe", "Ramos", "Schmidt", "Torres", "Ueda", "Varga",
         "Weber", "Xu", "Yilmaz", "Zhou", "Andersen", "Barros", "Costa", "Dubois", "Eriksen",
         "Fischer", "Garcia", "Horvat", "Ivanova", "Jensen", "Kowalski", "Lopes", "Moreau")
_JOBS = ("chief scientist", "engineer", "researcher", "product lead", "CFO", "CTO")
_INDUSTRY = ("artificial intelligence", "semiconductors and AI accelerators", "cloud computing",
             "robotics", "enterprise software", "data centres")
_ROUND = ("Seed", "Series A", "Series B", "Series C", "Series D", "Series E")
_CURRENCY = ("USD",) * 8 + ("EUR", "GBP")


def iri(slug: str) -> str:
    return f"<{ID}{slug}>"


def term(local: str) -> str:
    return f"<{AIKG}{local}>"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def lit(text: str, lang: str | None = None, dtype: str | None = None) -> str:
    if lang:
        return f'"{_escape(text)}"@{lang}'
    if dtype:
        return f'"{_escape(text)}"^^<{XSD}{dtype}>'
    return f'"{_escape(text)}"'


def integer(value: int) -> str:
    return lit(str(value), dtype="integer")


A = f"<{RDF}type>"
LABEL = f"<{RDFS}label>"


class Zipf:
    """Index sampler with weight 1/(rank+1)^s (rank 0 is the biggest hub)."""

    def __init__(self, n: int, s: float = 1.0) -> None:
        self.n = n
        self.cum = list(itertools.accumulate(1.0 / (i + 1) ** s for i in range(n)))

    def __call__(self, rng: random.Random) -> int:
        return min(bisect(self.cum, rng.random() * self.cum[-1]), self.n - 1)
