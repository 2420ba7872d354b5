"""Sentences, folding, tokens and language of article text (graph.ingest.text)."""

from __future__ import annotations

import pytest

from graph.ingest.text import Sentence, detect_language, fold, split_sentences, tokens
from tests.conftest import SHARED

SEED = SHARED / "seed" / "article-126747c0c0c83b3e.pt.txt"
needs_seed = pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/seed")


def texts(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text)]


# -- sentences ---------------------------------------------------------------------------------

@needs_seed
def test_seed_article_gives_the_eighteen_sentences_of_the_design_notes():
    text = SEED.read_text(encoding="utf-8")
    sentences = split_sentences(text)
    assert [s.index for s in sentences] == list(range(18))
    got = texts(text)
    assert got[0] == ("A enorme demanda de Musk por chips de IA está impactando a cadeia de "
                      "suprimentos da gigante global de chips Nvidia.")
    assert got[5].startswith("“Trabalhamos duro") and got[5].endswith("porta-voz da Nvidia.")
    assert got[6].endswith("autorização de imagem Midjourney")  # no period: the line ends it
    assert got[7].endswith("chamado “Colossus” em apenas 122 dias.")
    assert "100.000 chips de treinamento NVIDIA H100" in got[8]
    assert got[12] == ('Ellison disse com humor ao falar sobre o assunto: "Por favor, aceite '
                       'nosso dinheiro. Não, não, aceite mais dinheiro. No final, seus esforços '
                       'pareciam estar valendo a pena."')
    assert got[16].startswith("Relatórios recentes") and got[17].startswith("A enorme demanda")
    for s in sentences:
        assert text[s.start:s.end] == text[s.start:s.end].strip()


@pytest.mark.parametrize("text, expected", [
    ("Nvidia sold 1.5 million chips. Prices rose.", ["Nvidia sold 1.5 million chips.",
                                                     "Prices rose."]),
    ("O cluster tem 100.000 chips. Musk disse isso.", ["O cluster tem 100.000 chips.",
                                                      "Musk disse isso."]),
    ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
    ("Sr. Silva e a Sra. Costa falaram. Depois sairam.",
     ["Sr. Silva e a Sra. Costa falaram.", "Depois sairam."]),
    ("Apple Inc. and Nvidia Corp. grew. Oracle Ltd. and Foo Co. too.",
     ["Apple Inc. and Nvidia Corp. grew.", "Oracle Ltd. and Foo Co. too."]),
    ("The U.S. government agreed. Europe did not.",
     ["The U.S. government agreed.", "Europe did not."]),
    ("Chips, e.g. GPUs, i.e. accelerators, vs. CPUs, approx. 5 of them, etc. All gone.",
     ["Chips, e.g. GPUs, i.e. accelerators, vs. CPUs, approx. 5 of them, etc. All gone."]),
    ("It shipped in Jan. 2024 and Sept. 2024. Then it stopped.",
     ["It shipped in Jan. 2024 and Sept. 2024.", "Then it stopped."]),
    ("J. Huang spoke. Then Elon R. Musk spoke.", ["J. Huang spoke.", "Then Elon R. Musk spoke."]),
    ("Wait… what happened? Nothing... Really!", ["Wait… what happened?", "Nothing...",
                                                 "Really!"]),
    ("It grew... and grew. Done.", ["It grew... and grew.", "Done."]),
    ('He said: "We are done." Then he left.', ['He said: "We are done."', "Then he left."]),
    ("“Trabalhamos duro.” disse ele. “Muito!” Fim.", ["“Trabalhamos duro.” disse ele.",
                                                     "“Muito!”", "Fim."]),
    ("Ele disse: “Não. Nunca. Jamais.” Depois saiu.",
     ["Ele disse: “Não. Nunca. Jamais.”", "Depois saiu."]),
    ("First paragraph without stop\n\nSecond one.\nThird line", [
        "First paragraph without stop", "Second one.", "Third line"]),
    ("  Leading space. Trailing space.  \n", ["Leading space.", "Trailing space."]),
    ("", []),
])
def test_split_sentences(text, expected):
    assert texts(text) == expected


def test_sentence_offsets_and_indexes():
    text = "  One.  Two!\n\nThree? "
    assert split_sentences(text) == [Sentence(0, 2, 6), Sentence(1, 8, 12), Sentence(2, 14, 20)]


def test_ordinary_words_that_look_like_abbreviations_still_end_sentences():
    assert texts("They sold out. The shares fell. It was two years ago. Then more.") == [
        "They sold out.", "The shares fell.", "It was two years ago.", "Then more."]


# -- folding and tokens ------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Nvidia’s", "nvidia s"),
    ("Nvidia's", "nvidia s"),
    ("Andreessen-Horowitz", "andreessen horowitz"),
    ("GPT-4", "gpt 4"),
    ("NVIDIA", "nvidia"),
    ("  Inteligência   Artificial ", "inteligencia artificial"),
    ("ÉLAN—vital…", "elan vital"),
    ("Straße", "strasse"),
    ("X.AI Corp.", "x ai corp"),
    ("ﬁrm", "firm"),
    ("", ""),
])
def test_fold(text, expected):
    assert fold(text) == expected


def test_tokens_have_offsets_and_folded_forms():
    text = "Nvidia's GPT-4, a16z e “Colossus” (ação)"
    toks = tokens(text)
    assert [t[2] for t in toks] == ["nvidia", "s", "gpt", "4", "a16z", "e", "colossus", "acao"]
    assert [text[s:e] for s, e, _ in toks] == ["Nvidia", "s", "GPT", "4", "a16z", "e",
                                               "Colossus", "ação"]


def test_tokens_keep_decomposed_accents_inside_a_word():
    text = "ac\u0327a\u0303o final"
    assert [t[2] for t in tokens(text)] == ["acao", "final"]
    assert tokens(text)[0][:2] == (0, 6)


# -- language ----------------------------------------------------------------------------------

@needs_seed
def test_seed_article_is_portuguese():
    assert detect_language(SEED.read_text(encoding="utf-8")) == "pt"


@pytest.mark.parametrize("text", [
    "Nvidia said on Tuesday that its revenue doubled.",
    "Elon Musk's xAI raised $6 billion from investors including Andreessen Horowitz.",
    "The Colossus cluster will double in size to 200,000 chips.",
    "OpenAI and Meta also have hundreds of thousands of Nvidia chips.",
    "Oracle founder Larry Ellison said he and Musk begged Jensen Huang for chips.",
])
def test_short_english_news_sentences_are_english(text):
    assert detect_language(text) == "en"


@pytest.mark.parametrize("text", [
    "A Nvidia disse que a receita dobrou.",
    "Musk também disse que o cluster dobrará de tamanho.",
    "Em maio deste ano, a xAI recebeu 6 mil milhões de dólares.",
    "Esta ronda de financiamento elevou a avaliação da xAI.",
])
def test_short_portuguese_sentences_are_portuguese(text):
    assert detect_language(text) == "pt"


def test_text_without_function_words_defaults_to_english():
    assert detect_language("Nvidia H100") == "en"
    assert detect_language("") == "en"
