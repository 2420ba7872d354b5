"""The fourth pass of issue 13, each mechanism on a short made-up sentence (English and
Portuguese): corporate-form short names, "the start-up" that a sentence does not name, cheques
without their verb, nationality words."""

from __future__ import annotations

import datetime

import pytest

from graph.ingest import devset
from graph.ingest.facts import Relation, RoundFact
from graph.ingest.linking import Gazetteer
from graph.ingest.pipeline import propose
from graph.vocab import ID
from tests.ingest.test_ingest_generalise import extraction, mentions, slug
from tests.ingest.test_ingest_rules import gazetteer_source


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_graph(gazetteer_source())


def investors_of(text: str, gazetteer: Gazetteer, lang: str = "en") -> set[tuple[str, str]]:
    found = extraction(text, gazetteer, lang).facts
    out = {(slug(f.subject), slug(f.object)) for f in found
           if isinstance(f, Relation) and f.predicate == "hasInvestor"}
    return out | {(slug(f.organization), slug(i)) for f in found if isinstance(f, RoundFact)
                  for i in f.investors}


def test_short_name_only_drops_a_corporate_form(gazetteer: Gazetteer) -> None:
    found = mentions("Zentrix Cloud sells chips. Zentrix makes phones. Quarto Capital "
                     "invested. Quarto said so.", gazetteer, "en")
    assert found["Zentrix"][0] != found["Zentrix Cloud"][0]
    assert found["Quarto"][0] == found["Quarto Capital"][0]


def test_the_startup_is_not_a_name_the_sentence_gives(gazetteer: Gazetteer) -> None:
    text = ("Zentrix signs a deal with Oracle. Oracle hosts the startup Zentrix "
            "and Oracle likes it. Oracle has committed $8 billion to the start-up and Nvidia "
            "about $3 billion.")
    assert investors_of(text, gazetteer) == {("zentrix", "oracle"), ("zentrix", "nvidia")}
    text = ("A Zentrix fechou um acordo com a Oracle. A Oracle hospeda a startup Zentrix "
            "e a Oracle gosta dela. A Oracle colocou US$ 8 bilhões na startup e a Nvidia cerca de "
            "US$ 3 bilhões.")
    assert investors_of(text, gazetteer, "pt") == {("zentrix", "oracle"), ("zentrix", "nvidia")}


def test_nationality_words_start_no_name(gazetteer: Gazetteer) -> None:
    found = mentions("A saudita Zentrix comprou chips. Saudita Zentrix cresce.", gazetteer, "pt")
    assert "Saudita Zentrix" not in found and "Zentrix" in found


def makers(text: str, gazetteer: Gazetteer, lang: str = "en") -> set[tuple[str, str]]:
    return {(slug(f.subject), slug(f.object)) for f in extraction(text, gazetteer, lang).facts
            if isinstance(f, Relation) and f.predicate == "manufactures"}


def test_an_organizations_product_in_a_sentence_about_chips(gazetteer: Gazetteer) -> None:
    found = mentions("It trains on Zentrix's Quasar and Nvidia's GPUs. Zentrix's Porto campus "
                     "holds chips.", gazetteer, "en")
    assert found["Quasar"] == ("quasar", "ChipModel")
    assert found["Porto"][1] != "ChipModel"
    assert makers("It trains on Zentrix's Quasar and Nvidia's GPUs.", gazetteer) == \
        {("zentrix", "quasar")}


def test_a_generation_is_a_chip(gazetteer: Gazetteer) -> None:
    found = mentions("Its TPUs sell well; the newest is the eighth-generation Quasar.",
                     gazetteer, "en")
    assert found["Quasar"][1] == "ChipModel"


def test_own_chips_opened_by_a_dash(gazetteer: Gazetteer) -> None:
    text = ("A startup vai usar os chips próprios da Zentrix - o Quasar, voltado ao treino, e "
            "o Pulsar, para inferência - nos seus modelos.")
    assert makers(text, gazetteer, "pt") == {("zentrix", "quasar"), ("zentrix", "pulsar")}


def test_maker_called_by_what_it_does(gazetteer: Gazetteer) -> None:
    assert makers("Veio uma aliança com a Zentrix: as GPUs Quasar da fabricante passam a ser "
                  "usadas.", gazetteer, "pt") == {("zentrix", "quasar")}
    assert makers("Shares in Zentrix Micro Devices rose after the chipmaker agreed to supply "
                  "Oracle with Quasar GPUs. ZMD said so.", gazetteer) == \
        {("zmd", "quasar")}


def test_family_name_between_chip_and_maker(gazetteer: Gazetteer) -> None:
    assert makers("Vai receber 18 mil chips QX300 Grace Zephyr, da Zentrix.", gazetteer,
                  "pt") == {("zentrix", "qx300")}


def rivals(text: str, gazetteer: Gazetteer, lang: str = "en") -> set[frozenset[str]]:
    return {frozenset((slug(f.subject), slug(f.object)))
            for f in extraction(text, gazetteer, lang).facts
            if isinstance(f, Relation) and f.predicate == "competesWith"}


def test_list_after_rivals_cue_is_of_organizations(gazetteer: Gazetteer) -> None:
    found = rivals("A Tesla quer ficar à frente de rivais como OpenAI, Quarto Cloud e Zentrix.",
                   gazetteer, "pt")
    assert found == {frozenset(("tesla", n)) for n in ("openai", "quarto-cloud", "zentrix")}
    found = rivals("The build-out by Tesla is aimed squarely at Zentrix and Quarto Cloud.",
                   gazetteer)
    assert found == {frozenset(("tesla", "zentrix")), frozenset(("tesla", "quarto-cloud"))}


def test_relative_clause_rivals_its_antecedent(gazetteer: Gazetteer) -> None:
    found = rivals("For Tesla, it is a step away from Oracle, its largest investor and host, "
                   "which is now building models that compete with Tesla's own.", gazetteer)
    assert found == {frozenset(("oracle", "tesla"))}


def test_pitching_products_against_anothers(gazetteer: Gazetteer) -> None:
    found = rivals("For Oracle, the deal is a showcase as it pitches TPUs against Nvidia's GPUs.",
                   gazetteer)
    assert found == {frozenset(("oracle", "nvidia"))}


def test_one_more_rival_after_as_well_as(gazetteer: Gazetteer) -> None:
    found = rivals("Tesla aims to compete with OpenAI, as well as with Chinese labs such as "
                   "Zentrix.", gazetteer)
    assert {frozenset(("tesla", "openai")), frozenset(("tesla", "zentrix"))} <= found
    found = rivals("A Tesla é a alternativa europeia à OpenAI, bem como aos chineses da Zentrix.",
                   gazetteer, "pt")
    assert found == {frozenset(("tesla", "openai")), frozenset(("tesla", "zentrix"))}


def test_cluster_names_and_places(gazetteer: Gazetteer) -> None:
    found = mentions("Inside Zephyr: Oracle has brought its Zephyr AI datacentre in Mount Quill "
                     "into service. The company's Quarto SuperCluster runs on.", gazetteer, "en")
    assert found["Zephyr"] == ("zephyr", "ComputeCluster")
    assert found["Quarto SuperCluster"][1] == "ComputeCluster"
    assert found["Mount Quill"][1] != "ComputeCluster"
    operators = {(slug(f.subject), f.predicate, slug(f.object))
                 for f in extraction("Oracle has brought its Zephyr AI datacentre into service.",
                                     gazetteer, "en").facts if isinstance(f, Relation)}
    assert ("oracle", "operates", "zephyr") in operators


def test_maker_between_count_and_chip(gazetteer: Gazetteer) -> None:
    found = extraction("Meta's Quarto SuperCluster, whose roughly 16,000 Nvidia A100 GPUs were "
                       "used to train Llama.", gazetteer, "en").facts
    [state] = [f for f in found if hasattr(f, "allocations")]
    assert [(slug(a.chip), a.quantity) for a in state.allocations] == [("a100", 16000)]


def roles(text: str, gazetteer: Gazetteer, lang: str = "en") -> set[tuple[str, str, str]]:
    return {(slug(f.subject), f.predicate, slug(f.object))
            for f in extraction(text, gazetteer, lang).facts
            if isinstance(f, Relation) and f.predicate in ("chiefExecutive", "foundedBy")}


def test_siblings_share_a_surname(gazetteer: Gazetteer) -> None:
    found = roles("A Zentrix foi fundada em 2021 pelos irmãos Rui e Marta Quevedo. Rui ocupa o "
                  "cargo de CEO.", gazetteer, "pt")
    assert found == {("zentrix", "foundedBy", "rui-quevedo"),
                     ("zentrix", "foundedBy", "marta-quevedo"),
                     ("zentrix", "chiefExecutive", "rui-quevedo")}


def test_place_after_founded_in_is_no_organization(gazetteer: Gazetteer) -> None:
    found = mentions("Fundada em Lisboreta em 2019, a Zentrix cresce.", gazetteer, "pt")
    assert "Lisboreta" not in found


def test_title_in_a_persons_apposition(gazetteer: Gazetteer) -> None:
    found = roles("Fundada em 2023 por Rui Quevedo, antigo investigador da Oracle e atual "
                  "presidente executivo, e pela Marta Palhares, a Zentrix cresce.", gazetteer, "pt")
    assert ("zentrix", "chiefExecutive", "rui-quevedo") in found
    assert not any(r[1] == "chiefExecutive" and r[0] == "oracle" for r in found)
    found = roles("A Zentrix cresce. Fundada em 2019 por Rui Quevedo - coautor de um artigo e "
                  "hoje CEO -, Marta Palhares e Ana Lobo, a Zentrix vende.", gazetteer, "pt")
    assert ("zentrix", "chiefExecutive", "rui-quevedo") in found
    assert ("zentrix", "chiefExecutive", "marta-palhares") not in found


def test_subjects_who_set_up_a_company(gazetteer: Gazetteer) -> None:
    found = roles("Chief executive Rui Quevedo, who led research at Oracle, and Marta Palhares, "
                  "a co-creator of a chess program, set up Zentrix in March 2024.", gazetteer)
    assert {("zentrix", "foundedBy", "rui-quevedo"),
            ("zentrix", "foundedBy", "marta-palhares")} <= found


def test_who_cofounded_the_business(gazetteer: Gazetteer) -> None:
    found = roles("Zentrix raised money. Chief executive Rui Quevedo, who co-founded the "
                  "business in 2022, said so.", gazetteer)
    assert ("zentrix", "foundedBy", "rui-quevedo") in found


def test_founded_by_names_a_person(gazetteer: Gazetteer) -> None:
    found = roles("Quarto Capital, the venture firm founded by Rui Quevedo, led the round.",
                  gazetteer)
    assert found == {("quarto-capital", "foundedBy", "rui-quevedo")}


def test_sentence_initial_subjects_and_lists_are_names(gazetteer: Gazetteer) -> None:
    assert investors_of("Zentrix raised money. Quarto is its biggest backer.", gazetteer) == \
        {("zentrix", "quarto")}
    found = mentions("Quarto, Lumen e Thrive Capital também participam.", gazetteer, "pt")
    assert "Quarto" in found


def test_relative_clause_backer_and_a_share(gazetteer: Gazetteer) -> None:
    assert investors_of("O Google, que no início do ano aplicou cerca de US$ 300 milhões na "
                        "Zentrix, foi escolhido.", gazetteer, "pt") == {("zentrix", "google")}
    assert investors_of("Nvidia, which owns about 6% of Zentrix, supplies the chips.",
                        gazetteer) == {("zentrix", "nvidia")}
    assert investors_of("A Oracle detém 11% da Zentrix.", gazetteer, "pt") == \
        {("zentrix", "oracle")}


def test_clusters_named_or_being_built(gazetteer: Gazetteer) -> None:
    text = ("A Tesla vai gastar muito. O primeiro dos novos supercomputadores da empresa, "
            "batizado de Zephyr, fica em Ohio. O segundo, Quillon, está sendo erguido pela Tesla "
            "na Louisiana.")
    found = mentions(text, gazetteer, "pt")
    assert found["Zephyr"][1] == found["Quillon"][1] == "ComputeCluster"
    owned = {(slug(f.subject), f.predicate, slug(f.object))
             for f in extraction(text, gazetteer, "pt").facts if isinstance(f, Relation)}
    assert {("tesla", "owns", "zephyr"), ("tesla", "owns", "quillon")} <= owned


def test_a_product_that_describes_its_maker(gazetteer: Gazetteer) -> None:
    found = extraction("Oracle will invest $1 billion in Tesla as the Quillbot maker grows. A "
                       "Zentrix, criadora do assistente Pulsar, cresce.", gazetteer, "pt")
    assert not {slug(iri) for iri in found.new} & {"quillbot", "pulsar"}
    assert rivals("A Zentrix é hoje a principal rival da dona do Quillbot.", gazetteer,
                  "pt") == set()


def test_countries_and_cities_are_places(gazetteer: Gazetteer) -> None:
    found = mentions("Entraram Fidelity, o fundo soberano do Catar e a Zentrix Capital, da "
                     "startup de Paris.", gazetteer, "pt")
    assert "Catar" not in found and "Paris" not in found
    assert investors_of("Zentrix raised $1 billion. Other backers include Oracle, DST Quarto, "
                        "Singapore's Lumen Fund and Nvidia.", gazetteer) == \
        {("zentrix", n) for n in ("oracle", "dst-quarto", "lumen-fund", "nvidia")}


def test_currency_code_glued_to_its_number(gazetteer: Gazetteer) -> None:
    found = extraction("Oracle will invest EUR15 million (about $16 million) in Zentrix AI as "
                       "part of a deal.", gazetteer, "en")
    assert not any(slug(iri).startswith("eur") for iri in found.new)
    assert investors_of("Oracle will invest EUR15 million (about $16 million) in Zentrix AI as "
                        "part of a deal.", gazetteer) == {("zentrix-ai", "oracle")}


def cluster_rows(text: str, gazetteer: Gazetteer, lang: str = "en") -> set[tuple]:
    found = extraction(text, gazetteer, lang).facts
    return {(slug(f.cluster), slug(a.chip), a.quantity, a.status, f.total)
            for f in found if hasattr(f, "allocations") for a in f.allocations}


def test_unnamed_sites_are_clusters_of_their_operator(gazetteer: Gazetteer) -> None:
    text = ("A Zentrix vai usar chips QX300 da Nvidia. Em Quillon, a Zentrix prevê pôr a "
            "funcionar cerca de 12.600 GPUs. Há ainda 104.000 GPUs num campus de 240 MW no "
            "Texas, a começar no terceiro trimestre de 2026.")
    assert cluster_rows(text, gazetteer, "pt") == {
        ("zentrix-quillon", "qx300", 12600, "Planned", 12600),
        ("texas", "qx300", 104000, "Planned", 104000)}
    operated = {(slug(f.subject), f.predicate, slug(f.object))
                for f in extraction(text, gazetteer, "pt").facts if isinstance(f, Relation)}
    assert ("zentrix", "operates", "zentrix-quillon") in operated
    assert cluster_rows("A Zentrix vai receber um supercomputador com 18 mil chips QX300, da "
                        "Nvidia.", gazetteer, "pt") == \
        {("zentrix-supercomputer", "qx300", 18000, "Planned", 18000)}
    assert cluster_rows("Zentrix will build a cluster of 10,000 H100 chips in France next year.",
                        gazetteer) == set()


def test_scorer_leaves_out_a_total_that_restates_the_models(gazetteer: Gazetteer) -> None:
    text = "Colossus runs on 100,000 Nvidia H100 GPUs. Colossus will grow to 200,000 chips."
    _, proposal = propose(text, gazetteer, lang="en", published=datetime.date(2025, 3, 10))
    gold = [{"type": "chip counts", "cluster": "colossus", "chip": "h100", "quantity": 100000,
             "status": "actual"}]
    namer = devset.Namer(devset.names_of(proposal) | {
        str(ID["colossus"]): {"colossus"}, str(ID["nvidia-h100"]): {"h100"}},
        devset.gold_entities(gold))
    assert devset.proposal_keys(proposal, namer)["chip counts"] == {
        ("colossus", "h100", "100000", "actual"), ("colossus", "total", "200000", "planned")}


def test_a_report_that_is_a_report(gazetteer: Gazetteer) -> None:
    rows = cluster_rows("Oracle buys GB200 chips. It dwarfs a Bloomberg report from March that "
                        "OpenAI and Oracle planned to have 64,000 GB200s running in Abilene.",
                        gazetteer)
    assert rows == {("abilene", "gb200", 64000, "Reported", 64000)}


def test_unused_people_and_chip_families_are_not_proposed(gazetteer: Gazetteer) -> None:
    found = extraction("Zentrix AI grew, its finance chief Rui Quevedo said. It will double the "
                       "machine to 200,000 Quasar-generation GPUs.", gazetteer, "en")
    assert {slug(iri) for iri in found.new} == {"zentrix-ai"}
    found = extraction("Rui Quevedo, the chief executive of Zentrix AI, spoke.", gazetteer, "en")
    assert "rui-quevedo" in {slug(iri) for iri in found.new}


def test_saudi_arabia_is_a_place(gazetteer: Gazetteer) -> None:
    found = mentions("A Zentrix foi criada pelo fundo soberano da Arábia Saudita (PIF).",
                     gazetteer, "pt")
    assert not {"Arábia", "Arábia Saudita"} & set(found)


def test_backer_lists_that_go_on(gazetteer: Gazetteer) -> None:
    found = investors_of("Zentrix raised $6 billion. The backers include Quarto Capital and "
                         "Sequoia Capital, plus two chipmakers whose hardware Zentrix uses, "
                         "Nvidia and Oracle.", gazetteer)
    assert found == {("zentrix", n) for n in ("quarto-capital", "sequoia-capital", "nvidia",
                                              "oracle")}
    found = investors_of("Zentrix raised $2 billion. Other backers include Sequoia Capital, "
                         "former Tesla chief Rui Quevedo and Oracle.", gazetteer)
    assert found == {("zentrix", n) for n in ("sequoia-capital", "rui-quevedo", "oracle")}


def test_a_site_without_operator_is_the_articles_organizations(gazetteer: Gazetteer) -> None:
    text = ("A Zentrix vai instalar chips QX300 da Nvidia. A Zentrix opera o cluster Quasar. "
            "No Reino Unido, o campus de Quillon deverá receber perto de 23 mil GPUs.")
    operated = {(slug(f.subject), f.predicate, slug(f.object))
                for f in extraction(text, gazetteer, "pt").facts if isinstance(f, Relation)}
    assert ("zentrix", "operates", "quillon") in operated
