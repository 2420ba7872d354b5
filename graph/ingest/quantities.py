"""Numbers, money and dates in news text (pt-PT, pt-BR, English), with character offsets.

The public face of two modules, pure functions with the standard library only:

* :mod:`graph.ingest.numbers` reads amounts: "6 mil milhões de dólares" → 6000000000 USD,
  "200 mil chips" → 200000 chips, "centenas de milhares" → at least 100000 (vague). Scale
  conventions: English and pt-BR are short scale, pt-PT long scale; every scale word has one
  value (``bilhão`` BR 10^9, ``bilião`` PT 10^12, ``mil milhões`` 10^9);
* :mod:`graph.ingest.dates` reads times at the precision of the text and resolves relative
  ones against the publication date: "em setembro" → 2024-09, a month after the publication
  month without a future cue → the year before ("em dezembro" published 2024-11-27 →
  2023-12, "até dezembro" → 2024-12), "nos próximos meses" → upcoming from the publication
  month to :data:`UPCOMING_MONTHS` months later.

:func:`find_amounts` leaves out the numbers that belong to a time phrase ("12 de setembro de
2024", "em 2024"); a bare year left elsewhere has ``year_like=True``.
"""

from __future__ import annotations

from dataclasses import replace

from graph.ingest.dates import UPCOMING_MONTHS, TimeMention, find_times, time_spans
from graph.ingest.numbers import Amount, parse_number, scan_amounts


def find_amounts(text: str, lang: str) -> list[Amount]:
    """Amounts in ``text``: numbers, money and counts, without the numbers of dates.

    Parameters
    ----------
    text : str
        The text; offsets of the results index into it.
    lang : str
        ``"pt"`` (pt-PT and pt-BR) or ``"en"`` (``"pt-BR"`` etc. are accepted).

    Returns
    -------
    list of Amount
        Sorted by start, non-overlapping; at each position the longest phrase wins.
    """
    spans = time_spans(text, lang)
    found = [a for a in scan_amounts(text, lang)
             if not any(start < a.end and a.start < end for start, end in spans)]
    return _carry_currency(found)


ELLIPSIS_FLOOR = 10 ** 9
"""A bare amount this large with no unit ("avalia em 183 mil milhões") is money."""


def _carry_currency(amounts: list[Amount]) -> list[Amount]:
    """Give a bare amount of billions with no unit the currency of the money named last before
    it: a text that wrote "13 mil milhões de dólares" writes "183 mil milhões" after it, the
    currency understood (an amount with a unit — "2 mil milhões de pessoas" — keeps none)."""
    out, last = [], None
    for amount in amounts:
        if amount.currency:
            last = amount.currency
        elif last and amount.unit is None and not amount.year_like \
                and amount.value >= ELLIPSIS_FLOOR:
            amount = replace(amount, currency=last)
        out.append(amount)
    return out


__all__ = ["Amount", "TimeMention", "UPCOMING_MONTHS", "find_amounts", "find_times",
           "parse_number"]
