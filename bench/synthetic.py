"""A deterministic synthetic AI-industry knowledge graph in aikg's own ontology.

    python -m bench.synthetic --triples 100000 [--seed 1] -o /tmp/kg.nq

Writes N-Quads (one quad a line, so the line count is the triple count; same seed and size give
the same bytes) and prints what it made on standard error. The data is modelled like the seeds
(``seeds/*.trig``):

* ``g:entities``: every entity with its most specific aikg class and an English and a Portuguese
  ``rdfs:label`` (proper names carry the same text under both tags), some ``skos:altLabel``s.
  Slugs live under ``https://w3id.org/aikg/id/`` so the REST ids work (``verdant-silicon``,
  ``company-12``, ``person-7``, ``chip-3``, ``cluster-5``, ``model-9``, ``investor-2``…).
* ``g:meta``: one ``aikg:Article`` per source document (publisher, language, date) and the
  description of its named graph (``aikg:sourceDocument``).
* ``g:doc-syn…``: one named graph per article holding its facts: a binary fact is a direct
  triple plus an ``aikg:Assertion`` (``rdf:subject/predicate/object``, status, time, source,
  evidence sentence, fact reference); n-ary facts are ``ClusterState`` + ``ChipAllocation``
  (actual and planned, planned ones ``buildsUpon`` an earlier state), ``FundingRound`` +
  ``Investment`` + ``MonetaryAmount``, ``Holding``, ``Announcement`` and ``Claim`` nodes.

Skew is deliberate: companies, chip makers and chip models are drawn Zipf-style, so a dominant
chipmaker (``id:verdant-silicon``, "Verdant Silicon") and its chips are hubs. Articles are
generated until the requested number of triples is reached (it is overshot by at most one
article). Entity pools scale with the target (about one company per 100 triples).
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from bench.synthetic_facts import NaryFacts
from bench.synthetic_terms import (
    _CO_SUFFIX,
    _FIRST,
    _INDUSTRY,
    _JOBS,
    _LAST,
    _SYL,
    AIKG,
    HUB,
    LABEL,
    RDF,
    SKOS,
    STATUSES,
    A,
    G,
    Zipf,
    iri,
    lit,
    term,
)


@dataclass
class Info:
    """What was generated (for reports and for picking benchmark ids)."""

    triples: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    hub: str = HUB
    sample: dict[str, str] = field(default_factory=dict)


class Generator(NaryFacts):
    def __init__(self, triples: int, seed: int = 1, out: BinaryIO | None = None) -> None:
        self.target = triples
        self.rng = random.Random(seed)
        self.lines: list[str] = []
        self.total = 0
        self.out = out
        """Where lines go as they are made (kept in memory until :meth:`run` returns without)."""
        n = max(20, triples // 100)
        self.n = {"company": n, "person": 3 * n, "investor": max(5, n // 4),
                  "chipmaker": max(3, n // 250), "chip": max(6, n // 40),
                  "cluster": max(5, n // 3), "model": n, "media": max(3, n // 200)}
        self.company_pick = Zipf(n, 1.0)
        self.maker_pick = Zipf(self.n["chipmaker"], 1.6)
        self.chip_pick = Zipf(self.n["chip"], 1.2)
        self.investor_pick = Zipf(self.n["investor"], 0.9)
        self.media_pick = Zipf(self.n["media"], 1.0)
        self.cluster_states: dict[int, list[str]] = {}
        self.counts: dict[str, int] = {}
        self.names: dict[str, str] = {}
        self.linked: dict[str, list[str]] = {"person": [], "model": [], "company": []}
        """The first entities of each kind that take part in a binary fact (benchmark ids)."""

    # -- output ---------------------------------------------------------------------------------

    def quad(self, s: str, p: str, o: str, g: str) -> None:
        self.lines.append(f"{s} {p} {o} <{G}{g}> .\n")
        self.total += 1
        if self.out is not None and len(self.lines) >= 100_000:
            self.flush()

    def flush(self) -> None:
        """Write the lines made so far to :attr:`out`."""
        if self.out is not None:
            self.out.write("".join(self.lines).encode())
            self.lines.clear()

    def count(self, kind: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1

    # -- entities -------------------------------------------------------------------------------

    def company(self, i: int) -> str:
        return HUB if i == 0 else f"company-{i}"

    def maker(self, i: int) -> str:
        """Chip makers are the first companies (company 0 is the hub)."""
        return self.company(i)

    def chip_maker_of(self, chip: int) -> int:
        return 0 if chip < max(3, self.n["chip"] // 2) else chip % self.n["chipmaker"]

    def entity(self, slug: str, cls: str, en: str, pt: str | None = None,
               aliases: tuple[str, ...] = (), extra: tuple[tuple[str, str], ...] = ()) -> None:
        s = iri(slug)
        self.quad(s, A, term(cls), "entities")
        self.quad(s, LABEL, lit(en, "en"), "entities")
        self.quad(s, LABEL, lit(pt or en, "pt"), "entities")
        for alias in aliases:
            self.quad(s, f"<{SKOS}altLabel>", lit(alias, "en"), "entities")
        for p, o in extra:
            self.quad(s, p, o, "entities")
        self.names[slug] = en
        self.count(cls)

    def word(self) -> str:
        rng = self.rng
        return "".join(rng.choice(_SYL) for _ in range(rng.randint(2, 3))).capitalize()

    def entities(self) -> None:
        rng = self.rng
        industry = term("industry")
        for i in range(self.n["company"]):
            if i == 0:
                name = "Verdant Silicon"
            else:
                suffix = "Semiconductor" if i < self.n["chipmaker"] else rng.choice(_CO_SUFFIX)
                name = f"{self.word()} {suffix}"
            ind = _INDUSTRY[1] if i < self.n["chipmaker"] else rng.choice(_INDUSTRY)
            aliases = (f"{name} Inc.",) if i == 0 or rng.random() < 0.2 else ()
            self.entity(self.company(i), "Company", name, aliases=aliases,
                        extra=((industry, lit(ind, "en")),))
        for i in range(self.n["investor"]):
            name = f"{self.word()} {rng.choice(('Capital', 'Ventures', 'Partners'))}"
            self.entity(f"investor-{i}", "InvestmentFirm", name)
        for i in range(self.n["media"]):
            self.entity(f"media-{i}", "MediaOutlet", f"The {self.word()} Times",
                        f"Jornal {self.word()}")
        for i in range(self.n["person"]):
            name = f"{rng.choice(_FIRST)} {chr(65 + rng.randrange(26))}. {rng.choice(_LAST)}"
            extra = ((term("jobTitle"), lit(rng.choice(_JOBS), "en")),) \
                if rng.random() < 0.3 else ()
            self.entity(f"person-{i}", "Person", name, extra=extra)
        for i in range(self.n["chip"]):
            maker = self.names[self.maker(self.chip_maker_of(i))].split()[0]
            self.entity(f"chip-{i}", "ChipModel", f"{maker} X{100 + i}")
        for i in range(self.n["cluster"]):
            name = f"{self.word()} cluster {i}"
            self.entity(f"cluster-{i}", "ComputeCluster", name.capitalize(),
                        f"Cluster {name.split()[0]} {i}")
        for i in range(self.n["model"]):
            cls = "LanguageModel" if rng.random() < 0.7 else "AIModel"
            self.entity(f"model-{i}", cls, f"{self.word()}-{rng.randint(1, 9)}")

    # -- articles and facts ---------------------------------------------------------------------

    def time(self) -> str:
        rng = self.rng
        year = rng.randint(2016, 2025)
        kind = rng.random()
        if kind < 0.5:
            return lit(f"{year}-{rng.randint(1, 12):02d}", dtype="gYearMonth")
        if kind < 0.8:
            return lit(f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", dtype="date")
        return lit(str(year), dtype="gYear")

    def provenance(self, node: str, status: str, timed: bool = True,
                   when: str = "asOf") -> None:
        g, art = self.graph, self.article
        self.quad(node, term("status"), term(status), g)
        self.quad(node, term("source"), art, g)
        self.quad(node, term("evidenceSentence"), lit(f"S{self.rng.randint(1, 40)}"), g)
        self.quad(node, term("factRef"), lit(f"F{self.fact_no}"), g)
        if status == "Derived":
            self.quad(node, term("derivation"), lit("computed from other figures of the "
                                                    "source; not stated in it"), g)
        if timed:
            self.quad(node, term(when), self.time(), g)

    def fact_id(self) -> str:
        self.fact_no += 1
        return iri(f"{self.doc}-f{self.fact_no:02d}")

    def binary(self, s: str, p: str, o: str, status: str | None = None) -> None:
        if (s, p, o) in self.seen:
            return
        self.seen.add((s, p, o))
        for slug in (s, o):
            kind = slug.split("-", 1)[0]
            if kind in ("person", "model", "company") and len(self.linked[kind]) < 1000:
                self.linked[kind].append(slug)
        rng, g = self.rng, self.graph
        s, o, p = iri(s), iri(o), term(p)
        status = status or rng.choice(STATUSES)
        self.quad(s, p, o, g)
        node = self.fact_id()
        self.quad(node, A, term("Assertion"), g)
        self.quad(node, f"<{RDF}subject>", s, g)
        self.quad(node, f"<{RDF}predicate>", p, g)
        self.quad(node, f"<{RDF}object>", o, g)
        if status in ("Claimed", "Reported"):
            who = "claimedBy" if status == "Claimed" else "reportedBy"
            self.quad(node, term(who), iri(f"media-{self.media_pick(rng)}"), g)
        self.provenance(node, status, timed=rng.random() < 0.6)
        self.count(f"fact:{p[len(AIKG) + 1:-1]}")

    def fact(self) -> None:
        rng, n = self.rng, self.n
        kind = rng.random()
        co = lambda: self.company(self.company_pick(rng))  # noqa: E731
        person = lambda: f"person-{rng.randrange(n['person'])}"  # noqa: E731
        if kind < 0.07:
            self.binary(co(), "chiefExecutive", person())
        elif kind < 0.13:
            self.binary(co(), "foundedBy", person())
        elif kind < 0.25:
            self.binary(co(), "employs", person())
        elif kind < 0.33:
            self.binary(co(), "customerOf", self.maker(self.maker_pick(rng)))
        elif kind < 0.37:
            self.binary(co(), "demands", f"chip-{self.chip_pick(rng)}")
        elif kind < 0.41:
            chip = rng.randrange(n["chip"])
            self.binary(self.maker(self.chip_maker_of(chip)), "manufactures", f"chip-{chip}",
                        "Actual")
        elif kind < 0.48:
            a, b = co(), co()
            if a != b:
                self.binary(a, "competesWith", b)
        elif kind < 0.58:
            self.binary(co(), "develops", f"model-{rng.randrange(n['model'])}")
        elif kind < 0.65:
            self.binary(f"model-{rng.randrange(n['model'])}", "trainedOn",
                        f"cluster-{rng.randrange(n['cluster'])}",
                        rng.choice(("Actual",) * 4 + ("Planned",)))
        elif kind < 0.71:
            verb = rng.choice(("operates", "owns"))
            self.binary(co(), verb, f"cluster-{rng.randrange(n['cluster'])}")
        elif kind < 0.81:
            self.cluster_state()
        elif kind < 0.92:
            self.funding_round()
        elif kind < 0.95:
            self.holding()
        else:
            self.claim()

    def articles(self) -> None:
        rng = self.rng
        for i in itertools.count():
            if self.total >= self.target:
                break
            self.doc = f"syn{i:07d}"
            self.graph = f"doc-{self.doc}"
            self.article = iri(f"article-{self.doc}")
            self.fact_no, self.seen = 0, set()
            media = f"media-{self.media_pick(rng)}"
            year = rng.randint(2018, 2025)
            art = self.article
            self.quad(art, A, term("Article"), "meta")
            self.quad(art, LABEL, lit(f"{self.names[media]} article {i}", "en"), "meta")
            self.quad(art, LABEL, lit(f"artigo {i} de {self.names[media]}", "pt"), "meta")
            self.quad(art, term("publisher"), iri(media), "meta")
            self.quad(art, term("language"), lit(rng.choice(("en", "en", "en", "pt"))), "meta")
            self.quad(art, term("datePublished"),
                      lit(f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                          dtype="date"), "meta")
            self.quad(f"<{G}{self.graph}>", term("sourceDocument"), art, "meta")
            self.quad(f"<{G}{self.graph}>", LABEL, lit(f"facts of article {i}", "en"), "meta")
            self.count("Article")
            for _ in range(rng.randint(3, 10)):
                self.fact()

    def run(self) -> tuple[bytes, Info]:
        self.entities()
        self.articles()
        self.flush()
        info = Info(triples=self.total, counts=dict(sorted(self.counts.items())))
        rng = random.Random(f"sample-{self.target}")
        info.sample = {kind: rng.choice(slugs) for kind, slugs in self.linked.items()}
        info.sample["search"] = self.names[info.sample["company"]].split()[0]
        return "".join(self.lines).encode(), info


def generate(triples: int, seed: int = 1) -> tuple[bytes, Info]:
    """N-Quads of a synthetic graph of about ``triples`` quads (≥ the target, overshooting by
    at most one article), and what was made."""
    return Generator(triples, seed).run()


def generate_to(path: Path, triples: int, seed: int = 1) -> Info:
    """:func:`generate`, written to ``path`` as it is made (the same bytes, in bounded memory:
    at 10M quads the whole text is 1.5 GB)."""
    with path.open("wb") as out:
        return Generator(triples, seed, out).run()[1]


def main(argv: list[str] | None = None) -> Info:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, required=True,
                        help="output file (N-Quads)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    info = generate_to(args.output, args.triples, args.seed)
    took = time.perf_counter() - start
    print(f"{info.triples:,} quads, {args.output.stat().st_size / 2**20:.1f} MiB in {took:.1f} s -> "
          f"{args.output}", file=sys.stderr)
    print(", ".join(f"{k} {v:,}" for k, v in info.counts.items() if not k.startswith("fact:")),
          file=sys.stderr)
    return info


if __name__ == "__main__":
    main()
