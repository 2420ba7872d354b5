"""graph.ingest.quantities: numbers, money and dates in pt-PT, pt-BR and English news text."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import date
from decimal import Decimal

import pytest

from graph.ingest.quantities import (
    UPCOMING_MONTHS,
    Amount,
    TimeMention,
    find_amounts,
    find_times,
    parse_number,
)

PUBLISHED = date(2024, 11, 27)
D = Decimal


def amounts(text: str, lang: str) -> list[tuple]:
    found = find_amounts(text, lang)
    assert found == sorted(found, key=lambda a: a.start)
    return [(text[a.start:a.end], a.value, a.currency, a.unit, a.vague) for a in found]


def times(text: str, lang: str, published: date | None = PUBLISHED) -> list[tuple]:
    return [(text[t.start:t.end], t.value, t.datatype, t.kind, t.until, t.relative)
            for t in find_times(text, lang, published)]


@pytest.mark.parametrize("token, lang, value", [
    ("100.000", "pt", D(100000)),
    ("100,000", "en", D(100000)),
    ("1,5", "pt", D("1.5")),
    ("1.5", "en", D("1.5")),
    ("6", "pt", D(6)),
    ("1.500", "en", D(1500)),
    ("1,500", "en", D(1500)),
    ("0,125", "pt", D("0.125")),
    ("1234.567", "en", D("1234.567")),
    ("1.000.000", "pt", D(1000000)),
    ("1.234,5", "pt", D("1234.5")),
    ("1,234.5", "en", D("1234.5")),
    ("1.23.456", "pt", None),
    ("1.2.3", "en", None),
    ("dois", "pt", D(2)),
    ("duas", "pt-BR", D(2)),
    ("two", "en", D(2)),
    ("dois", "en", None),
    ("vinte", "pt", D(20)),
    ("cem", "pt", D(100)),
    ("mil", "pt", D(1000)),
    ("Três", "pt", D(3)),
    ("chips", "pt", None),
    ("", "en", None),
    ("100 000", "pt", D(100000)),
    ("1\u00a0000,5", "pt", D("1000.5")),
    ("1 5", "pt", None),
])
def test_parse_number(token, lang, value):
    assert parse_number(token, lang) == value
    if value is not None and value == value.to_integral_value():
        assert str(parse_number(token, lang)) == str(int(value))  # exact integers, no "1.5E+3"


@pytest.mark.parametrize("lang, text, expected", [
    # Portuguese counts (seed article phrases)
    ("pt", "100.000 chips de treinamento NVIDIA H100",
     [("100.000 chips", D(100000), None, "chips", False)]),
    ("pt", "200 mil chips", [("200 mil chips", D(200000), None, "chips", False)]),
    ("pt", "50 mil unidades H200", [("50 mil unidades", D(50000), None, "units", False)]),
    ("pt", "em apenas 122 dias", [("122 dias", D(122), None, "days", False)]),
    ("pt", "1,5 mil milhões", [("1,5 mil milhões", D(1500000000), None, None, False)]),
    ("pt", "dois milhões", [("dois milhões", D(2000000), None, None, False)]),
    ("pt", "cem mil pessoas", [("cem mil pessoas", D(100000), None, "people", False)]),
    ("pt", "mil chips", [("mil chips", D(1000), None, "chips", False)]),
    ("pt", "cresceu 50%", [("50%", D(50), None, "percent", False)]),
    ("pt", "12,5 por cento", [("12,5 por cento", D("12.5"), None, "percent", False)]),
    # pt-PT money (long scale)
    ("pt", "6 mil milhões de dólares", [("6 mil milhões de dólares", D(6 * 10**9), "USD", None,
                                         False)]),
    ("pt", "24 mil milhões de dólares", [("24 mil milhões de dólares", D(24 * 10**9), "USD",
                                          None, False)]),
    ("pt", "50 mil milhões de dólares", [("50 mil milhões de dólares", D(50 * 10**9), "USD",
                                          None, False)]),
    ("pt", "500 milhões de euros", [("500 milhões de euros", D(500 * 10**6), "EUR", None,
                                     False)]),
    ("pt", "mil milhões de dólares", [("mil milhões de dólares", D(10**9), "USD", None,
                                       False)]),
    ("pt", "um milhão de euros", [("um milhão de euros", D(10**6), "EUR", None, False)]),
    ("pt", "2 biliões de euros", [("2 biliões de euros", D(2 * 10**12), "EUR", None, False)]),
    ("pt", "500 €", [("500 €", D(500), "EUR", None, False)]),
    ("pt", "24 mil milhões USD", [("24 mil milhões USD", D(24 * 10**9), "USD", None, False)]),
    # pt-BR money (short scale)
    ("pt", "6 bilhões de dólares", [("6 bilhões de dólares", D(6 * 10**9), "USD", None,
                                     False)]),
    ("pt", "US$ 6 bilhões", [("US$ 6 bilhões", D(6 * 10**9), "USD", None, False)]),
    ("pt", "R$ 10 milhões", [("R$ 10 milhões", D(10**7), "BRL", None, False)]),
    ("pt", "captou 6 bi", [("6 bi", D(6 * 10**9), None, None, False)]),
    ("pt", "R$ 1,2 trilhão", [("R$ 1,2 trilhão", D("1.2E12"), "BRL", None, False)]),
    ("pt", "3 trilhões de reais", [("3 trilhões de reais", D(3 * 10**12), "BRL", None, False)]),
    # English money
    ("en", "$6 billion", [("$6 billion", D(6 * 10**9), "USD", None, False)]),
    ("en", "USD 24bn", [("USD 24bn", D(24 * 10**9), "USD", None, False)]),
    ("en", "$500m", [("$500m", D(5 * 10**8), "USD", None, False)]),
    ("en", "$500 million", [("$500 million", D(5 * 10**8), "USD", None, False)]),
    ("en", "6 billion dollars", [("6 billion dollars", D(6 * 10**9), "USD", None, False)]),
    ("en", "€2.5bn", [("€2.5bn", D(25 * 10**8), "EUR", None, False)]),
    ("en", "£100 million", [("£100 million", D(10**8), "GBP", None, False)]),
    ("en", "US$1.2 trillion", [("US$1.2 trillion", D(12 * 10**11), "USD", None, False)]),
    ("en", "at a $40 billion valuation", [("$40 billion", D(40 * 10**9), "USD", None, False)]),
    ("en", "24 bn euros", [("24 bn euros", D(24 * 10**9), "EUR", None, False)]),
    # English counts
    ("en", "100,000 H100 chips", [("100,000", D(100000), None, None, False)]),
    ("en", "50,000 units", [("50,000 units", D(50000), None, "units", False)]),
    ("en", "200k GPUs", [("200k GPUs", D(200000), None, "gpus", False)]),
    ("en", "two million", [("two million", D(2 * 10**6), None, None, False)]),
    ("en", "a hundred", [("a hundred", D(100), None, None, False)]),
    ("en", "a million dollars", [("a million dollars", D(10**6), "USD", None, False)]),
    ("en", "two hundred thousand people",
     [("two hundred thousand people", D(200000), None, "people", False)]),
    ("en", "built in 122 days", [("122 days", D(122), None, "days", False)]),
    ("pt", "1 000 chips", [("1 000 chips", D(1000), None, "chips", False)]),
    ("pt", "durou 1 ano", [("1 ano", D(1), None, "years", False)]),
    ("en", "a dozen GPUs", [("a dozen GPUs", D(12), None, "gpus", False)]),
    ("en", "$1,234,567.89", [("$1,234,567.89", D("1234567.89"), "USD", None, False)]),
    # vague amounts carry their lower bound
    ("pt", "centenas de milhares de chips NVIDIA",
     [("centenas de milhares de chips", D(100000), None, "chips", True)]),
    ("en", "hundreds of thousands of chips",
     [("hundreds of thousands of chips", D(100000), None, "chips", True)]),
    ("pt", "milhares de GPUs", [("milhares de GPUs", D(1000), None, "gpus", True)]),
    ("en", "thousands of GPUs", [("thousands of GPUs", D(1000), None, "gpus", True)]),
    ("pt", "dezenas de milhares", [("dezenas de milhares", D(10000), None, None, True)]),
    ("en", "tens of thousands", [("tens of thousands", D(10000), None, None, True)]),
    ("en", "dozens of startups", [("dozens", D(12), None, None, True)]),
    ("pt", "milhares de milhões de dólares",
     [("milhares de milhões de dólares", D(10**9), "USD", None, True)]),
    # not amounts
    ("pt", "uma empresa com um chip", []),
    ("en", "one of the tens", []),
    ("en", "GPT-4 and the H100, 2nd place", []),
    ("pt", "em 2024", []),
    ("en", "in 2024", []),
    ("pt", "em 12 de setembro de 2024", []),
    ("en", "on September 12, 2024", []),
    ("pt", "nos próximos 6 meses", []),
])
def test_find_amounts(lang, text, expected):
    assert amounts(text, lang) == expected


def test_amounts_in_a_sentence_with_dates():
    text = ("Em maio deste ano, a xAI captou 6 mil milhões de dólares e em setembro de 2024 "
            "tinha 100.000 chips, construído em apenas 122 dias.")
    assert amounts(text, "pt") == [
        ("6 mil milhões de dólares", D(6 * 10**9), "USD", None, False),
        ("100.000 chips", D(100000), None, "chips", False),
        ("122 dias", D(122), None, "days", False)]


def test_bare_year_is_year_like():
    (year,) = find_amounts("o modelo 2024", "pt")
    assert (year.value, year.year_like) == (D(2024), True)
    (count,) = find_amounts("2024 chips", "en")
    assert (count.unit, count.year_like) == ("chips", False)
    (money,) = find_amounts("$2024", "en")
    assert (money.currency, money.year_like) == ("USD", False)


@pytest.mark.parametrize("lang, text, expected", [
    # months without a year: publication year, or the year before for a later month
    ("pt", "em setembro", [("em setembro", "2024-09", "gYearMonth", "point", None, True)]),
    ("pt", "em dezembro", [("em dezembro", "2023-12", "gYearMonth", "point", None, True)]),
    ("pt", "até dezembro", [("até dezembro", "2024-12", "gYearMonth", "point", None, True)]),
    ("en", "by December", [("by December", "2024-12", "gYearMonth", "point", None, True)]),
    ("en", "in December", [("in December", "2023-12", "gYearMonth", "point", None, True)]),
    ("en", "next March", [("next March", "2025-03", "gYearMonth", "point", None, True)]),
    ("en", "last September", [("last September", "2024-09", "gYearMonth", "point", None, True)]),
    ("pt", "em novembro", [("em novembro", "2024-11", "gYearMonth", "point", None, True)]),
    ("pt", "em março", [("em março", "2024-03", "gYearMonth", "point", None, True)]),
    ("pt", "em marco", [("em marco", "2024-03", "gYearMonth", "point", None, True)]),
    ("pt", "Em maio deste ano", [("Em maio deste ano", "2024-05", "gYearMonth", "point", None,
                                  True)]),
    ("en", "in May this year", [("in May this year", "2024-05", "gYearMonth", "point", None,
                                 True)]),
    ("pt", "em maio do ano passado", [("em maio do ano passado", "2023-05", "gYearMonth",
                                       "point", None, True)]),
    # absolute months and days
    ("pt", "em setembro de 2023", [("em setembro de 2023", "2023-09", "gYearMonth", "point",
                                    None, False)]),
    ("en", "in September 2023", [("in September 2023", "2023-09", "gYearMonth", "point", None,
                                  False)]),
    ("en", "September 2023", [("September 2023", "2023-09", "gYearMonth", "point", None,
                               False)]),
    ("en", "in Sept. 2023", [("in Sept. 2023", "2023-09", "gYearMonth", "point", None, False)]),
    ("en", "Sep 2023", [("Sep 2023", "2023-09", "gYearMonth", "point", None, False)]),
    ("pt", "12 de setembro de 2024", [("12 de setembro de 2024", "2024-09-12", "date", "point",
                                       None, False)]),
    ("pt", "1º de Março de 2024", [("1º de Março de 2024", "2024-03-01", "date", "point", None,
                                    False)]),
    ("en", "September 12, 2024", [("September 12, 2024", "2024-09-12", "date", "point", None,
                                   False)]),
    ("en", "12 September 2024", [("12 September 2024", "2024-09-12", "date", "point", None,
                                  False)]),
    ("en", "on Sept. 12, 2024", [("on Sept. 12, 2024", "2024-09-12", "date", "point", None,
                                  False)]),
    ("en", "2024-09-12", [("2024-09-12", "2024-09-12", "date", "point", None, False)]),
    ("pt", "a 12 de setembro", [("12 de setembro", "2024-09-12", "date", "point", None, True)]),
    ("pt", "no dia 5 de maio de 2024", [("no dia 5 de maio de 2024", "2024-05-05", "date",
                                         "point", None, False)]),
    # years
    ("pt", "em 2023", [("em 2023", "2023", "gYear", "point", None, False)]),
    ("en", "in 2023", [("in 2023", "2023", "gYear", "point", None, False)]),
    ("pt", "no início de 2025", [("no início de 2025", "2025", "gYear", "point", None, False)]),
    ("en", "early 2025", [("early 2025", "2025", "gYear", "point", None, False)]),
    ("en", "by the end of 2024", [("by the end of 2024", "2024", "gYear", "point", None,
                                   False)]),
    ("pt", "no ano passado", [("no ano passado", "2023", "gYear", "point", None, True)]),
    ("en", "last year", [("last year", "2023", "gYear", "point", None, True)]),
    ("pt", "este ano", [("este ano", "2024", "gYear", "point", None, True)]),
    ("en", "this year", [("this year", "2024", "gYear", "point", None, True)]),
    # recent: the publication month
    ("pt", "Relatórios recentes", [("recentes", "2024-11", "gYearMonth", "point", None, True)]),
    ("pt", "recentemente", [("recentemente", "2024-11", "gYearMonth", "point", None, True)]),
    ("en", "recently", [("recently", "2024-11", "gYearMonth", "point", None, True)]),
    ("en", "recent reports", [("recent", "2024-11", "gYearMonth", "point", None, True)]),
    ("en", "last month", [("last month", "2024-10", "gYearMonth", "point", None, True)]),
    # upcoming intervals
    ("pt", "nos próximos meses", [("nos próximos meses", "2024-11", "gYearMonth", "upcoming",
                                   "2025-05", True)]),
    ("en", "in the coming months", [("in the coming months", "2024-11", "gYearMonth",
                                     "upcoming", "2025-05", True)]),
    ("en", "in the next few months", [("in the next few months", "2024-11", "gYearMonth",
                                       "upcoming", "2025-05", True)]),
    ("en", "next months", [("next months", "2024-11", "gYearMonth", "upcoming", "2025-05",
                            True)]),
    ("pt", "nos próximos três meses", [("nos próximos três meses", "2024-11", "gYearMonth",
                                        "upcoming", "2025-02", True)]),
    ("pt", "no próximo ano", [("no próximo ano", "2025", "gYear", "upcoming", "2025", True)]),
    ("en", "next year", [("next year", "2025", "gYear", "upcoming", "2025", True)]),
    # not times
    ("en", "Investors may wait", []),
    ("pt", "o modelo 2024", []),
    ("en", "in 2024-25", []),
    ("pt", "30 de fevereiro de 2024", []),
])
def test_find_times(lang, text, expected):
    assert times(text, lang) == expected


def test_upcoming_horizon_is_six_months():
    assert UPCOMING_MONTHS == 6


def test_relative_times_need_a_publication_date():
    text = "Em maio deste ano, em setembro de 2023, recentemente e nos próximos meses; em 2023."
    assert times(text, "pt", None) == [
        ("em setembro de 2023", "2023-09", "gYearMonth", "point", None, False),
        ("em 2023", "2023", "gYear", "point", None, False)]
    assert [t[0] for t in times(text, "pt")] == [
        "Em maio deste ano", "em setembro de 2023", "recentemente", "nos próximos meses",
        "em 2023"]


def test_seed_article_sentence():
    text = ("Relatórios recentes indicam que a xAI quer dobrar o Colossus para 200 mil chips, "
            "incluindo 50 mil unidades H200, nos próximos meses.")
    assert times(text, "pt") == [
        ("recentes", "2024-11", "gYearMonth", "point", None, True),
        ("nos próximos meses", "2024-11", "gYearMonth", "upcoming", "2025-05", True)]
    assert amounts(text, "pt") == [("200 mil chips", D(200000), None, "chips", False),
                                   ("50 mil unidades", D(50000), None, "units", False)]


def test_results_are_frozen_and_language_is_checked():
    amount = find_amounts("200k GPUs", "en")[0]
    assert isinstance(amount, Amount)
    with pytest.raises(FrozenInstanceError):
        amount.value = D(1)  # type: ignore[misc]
    assert isinstance(find_times("in 2023", "en", None)[0], TimeMention)
    assert find_amounts("R$ 10 milhões", "pt-BR")[0].currency == "BRL"
    with pytest.raises(ValueError):
        find_amounts("10", "fr")
