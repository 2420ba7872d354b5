"""The fourth pass of issue 13, each mechanism on a short made-up sentence (English and
Portuguese): corporate-form short names, "the start-up" that a sentence does not name, cheques
without their verb, nationality words."""

from __future__ import annotations

import pytest

from graph.ingest.facts import Relation, RoundFact
from graph.ingest.linking import Gazetteer
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
            "and Oracle likes it. Oracle has committed $8 billion to the start-up and Nvidia about $3 billion.")
    assert investors_of(text, gazetteer) == {("zentrix", "oracle"), ("zentrix", "nvidia")}
    text = ("A Zentrix fechou um acordo com a Oracle. A Oracle hospeda a startup Zentrix "
            "e a Oracle gosta dela. A Oracle colocou US$ 8 bilhões na startup e a Nvidia cerca de "
            "US$ 3 bilhões.")
    assert investors_of(text, gazetteer, "pt") == {("zentrix", "oracle"), ("zentrix", "nvidia")}


def test_nationality_words_start_no_name(gazetteer: Gazetteer) -> None:
    found = mentions("A saudita Zentrix comprou chips. Saudita Zentrix cresce.", gazetteer, "pt")
    assert "Saudita Zentrix" not in found and "Zentrix" in found
