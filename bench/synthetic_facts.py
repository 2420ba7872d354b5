"""The n-ary facts of the synthetic graph (:mod:`bench.synthetic`): cluster states with chip
allocations, funding rounds with investments and money, holdings and claims. A mixin of
:class:`bench.synthetic.Generator`, which provides ``rng``, ``quad``, ``binary``,
``provenance`` and the entity pools these methods draw from."""

from __future__ import annotations

from bench.synthetic_terms import _CURRENCY, _ROUND, LABEL, A, integer, iri, lit, term


class NaryFacts:
    """Generators of facts that carry quantities, money, time and status."""

    def cluster_state(self) -> None:
        rng, g = self.rng, self.graph
        c = rng.randrange(self.n["cluster"])
        states = self.cluster_states.setdefault(c, [])
        planned = bool(states) and rng.random() < 0.35
        node_slug = f"{self.doc}-f{self.fact_no + 1:02d}-state"
        self.fact_no += 1
        node = iri(node_slug)
        cname = self.names[f"cluster-{c}"]
        self.quad(node, A, term("ClusterState"), g)
        label = f"{cname}, {'planned phase' if planned else 'state'} {len(states) + 1}"
        self.quad(node, LABEL, lit(label, "en"), g)
        self.quad(node, LABEL, lit(f"{cname}, {'fase planeada' if planned else 'estado'} "
                                   f"{len(states) + 1}", "pt"), g)
        self.quad(node, term("stateOf"), iri(f"cluster-{c}"), g)
        if planned:
            self.quad(node, term("buildsUpon"), iri(states[-1]), g)
        status = "Planned" if planned else rng.choice(("Actual",) * 6 + ("Reported",))
        self.provenance(node, status, when="announcedOn" if planned else "asOf")
        total = 0
        chips: list[int] = []
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            chip = self.chip_pick(rng)
            if chip in chips:
                continue
            chips.append(chip)
            qty = rng.randint(1, 200) * 500
            total += qty
            alloc = iri(f"{node_slug}-chip-{chip}")
            self.quad(node, term("hasAllocation"), alloc, g)
            self.quad(alloc, A, term("ChipAllocation"), g)
            self.quad(alloc, LABEL, lit(f"{label}: {self.names[f'chip-{chip}']} chips", "en"), g)
            self.quad(alloc, term("chipModel"), iri(f"chip-{chip}"), g)
            self.quad(alloc, term("quantity"), integer(qty), g)
            a_status = status if status != "Planned" or rng.random() < 0.8 else "Derived"
            self.provenance(alloc, a_status, timed=a_status != "Derived")
            self.count("ChipAllocation")
        self.quad(node, term("totalChips"), integer(total), g)
        states.append(node_slug)
        self.count("ClusterState")
        if planned and rng.random() < 0.5:  # the announcement of the plan
            ann = self.fact_id()
            who = iri(self.company(self.company_pick(rng)))
            self.quad(ann, A, term("Announcement"), g)
            self.quad(ann, LABEL, lit(f"announcement of {label}", "en"), g)
            self.quad(ann, term("announcedBy"), who, g)
            self.quad(ann, term("participant"), who, g)
            self.quad(ann, term("announces"), node, g)
            self.provenance(ann, "Actual", when="announcedOn")
            self.count("Announcement")

    def funding_round(self) -> None:
        rng, g = self.rng, self.graph
        org_i = self.company_pick(rng)
        org = self.company(org_i)
        slug = f"{self.doc}-f{self.fact_no + 1:02d}-round"
        self.fact_no += 1
        node = iri(slug)
        label = rng.choice(_ROUND)
        self.quad(iri(org), term("hasFundingRound"), node, g)
        self.quad(node, A, term("FundingRound"), g)
        self.quad(node, LABEL, lit(f"{self.names[org]} {label} round", "en"), g)
        self.quad(node, LABEL, lit(f"ronda {label} de {self.names[org]}", "pt"), g)
        self.quad(node, term("fundedOrganization"), iri(org), g)
        self.quad(node, term("roundLabel"), lit(label), g)
        status = rng.choice(("Actual",) * 5 + ("Reported",))
        self.provenance(node, status, when="announcedOn")
        currency = rng.choice(_CURRENCY)
        raised = rng.randint(1, 2000) * 1_000_000

        def money(name: str, value: int) -> str:
            m = iri(f"{slug}-{name}")
            self.quad(m, A, term("MonetaryAmount"), g)
            self.quad(m, term("amount"), lit(str(value), dtype="decimal"), g)
            self.quad(m, term("currency"), lit(currency), g)
            return m

        self.quad(node, term("amountRaised"), money("raised", raised), g)
        if rng.random() < 0.5:
            self.quad(node, term("postMoneyValuation"),
                      money("post", raised * rng.randint(3, 20)), g)
        investors: list[int] = []
        for _ in range(rng.randint(1, 4)):
            inv = self.investor_pick(rng)
            if inv in investors:
                continue
            investors.append(inv)
            who = f"investor-{inv}"
            inv_node = iri(f"{slug}-inv-{inv}")
            self.quad(node, term("hasInvestment"), inv_node, g)
            self.quad(inv_node, A, term("Investment"), g)
            self.quad(inv_node, LABEL, lit(f"{self.names[who]} in {self.names[org]}'s "
                                           f"{label} round", "en"), g)
            self.quad(inv_node, term("investor"), iri(who), g)
            if len(investors) == 1:
                self.quad(inv_node, term("isLead"), lit("true", dtype="boolean"), g)
            self.provenance(inv_node, status, timed=False)
            self.count("Investment")
            if rng.random() < 0.5:
                self.binary(org, "hasInvestor", who, status)
        self.quad(node, term("investorListComplete"),
                  lit("true" if rng.random() < 0.3 else "false", dtype="boolean"), g)
        self.count("FundingRound")

    def holding(self) -> None:
        rng, g = self.rng, self.graph
        node = self.fact_id()
        holder = self.company(self.company_pick(rng))
        self.quad(node, A, term("Holding"), g)
        self.quad(node, LABEL, lit(f"chips held by {self.names[holder]}", "en"), g)
        self.quad(node, term("holder"), iri(holder), g)
        if rng.random() < 0.5:
            self.quad(node, term("chipModel"), iri(f"chip-{self.chip_pick(rng)}"), g)
        else:
            self.quad(node, term("chipManufacturer"),
                      iri(self.maker(self.maker_pick(rng))), g)
        self.quad(node, term("minQuantity"), integer(rng.randint(1, 100) * 10_000), g)
        self.quad(node, term("quantityText"), lit("tens of thousands", "en"), g)
        self.provenance(node, "Actual")
        self.count("Holding")

    def claim(self) -> None:
        rng, g = self.rng, self.graph
        node = self.fact_id()
        about = self.company(self.company_pick(rng))
        self.quad(node, A, term("Claim"), g)
        self.quad(node, term("about"), iri(about), g)
        self.quad(node, term("statement"), lit(f"{self.names[about]} is said to lead its "
                                               "market segment.", "en"), g)
        self.quad(node, term("claimedBy"), iri(f"media-{self.media_pick(rng)}"), g)
        self.provenance(node, "Claimed", timed=rng.random() < 0.5)
        self.count("Claim")
