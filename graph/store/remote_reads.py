"""Whole answers from an engine that cuts large ones: aikg's own whole-graph reads (the
projection's named queries) over a remote store.

Virtuoso answers at most 1,048,576 rows over HTTP whatever its ``ResultSetMaxRows`` says
(2^20, a limit of its result sets), and a 10M-quad store has named queries with more rows than
that. Paging with ``ORDER BY … LIMIT … OFFSET`` is what such engines suggest, but it sorts the
whole answer for every page: at 10M quads one page of 1.7M label rows took 210 s on Virtuoso.

So an answer cut at the cap is read again in **partitions**: the rows are split by a hash of
their values (``MD5`` of every projected value, its first four hex digits taken as a number in
0..65535), each partition one range of that number. A row's hash depends on its values only,
so each row falls in exactly one partition, duplicates included, without any ordering; the
number of partitions comes from a ``COUNT`` of the answer (about 80% of the cap each),
and a partition still cut at the cap is split in two until it is not (one hash value over
the cap, i.e. that many equal rows, is paged in order). Every construct is SPARQL 1.1, so any
engine with a cap is read the same way.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from graph.errors import RowCapReached

Rows = list[list[str | None]]
Ask = Callable[[str], tuple[list[str], Rows]]
"""Sends one SELECT (prologue included) and answers its variables and rows of plain values,
raising :class:`~graph.errors.RowCapReached` when the engine cut the answer."""

SPACE = 16 ** 4
"""The hash values partitions are ranges of: the first four hex digits of an MD5."""
SPREAD = 1.25
"""Partitions per cap's worth of rows: each expected at 80% of the cap (MD5 spreads evenly, so
a partition over the cap is rare and is split again)."""
_PART = "aikg_partition"
_COUNT = "aikg_rows"


def read_all(ask: Ask, head: str, body: str, names: Sequence[str]) -> Rows:
    """Every row of the SELECT ``body`` (``head`` is its prologue), whose projected variables
    are ``names``: one request when the engine does not cut the answer, else partitions. The
    rows are counted only once an answer is cut: counting first would cost more than it saves
    (at 10M quads Virtuoso counted the projection's assertions in 311 s and answered them all
    in 90 s)."""
    try:
        return ask(head + body)[1]
    except RowCapReached as cut:
        cap = cut.cap
    total = _count(ask, head, body)
    parts = max(2, min(SPACE, math.ceil(SPREAD * total / max(1, cap))))
    bounds = [k * SPACE // parts for k in range(parts)] + [SPACE]
    rows: Rows = []
    for low, high in zip(bounds, bounds[1:]):
        rows.extend(_partition(ask, head, body, names, low, high))
    return rows


def _count(ask: Ask, head: str, body: str) -> int:
    counted = ask(head + count_of(body))[1]
    return int(counted[0][0] or 0) if counted and counted[0] else 0


def _partition(ask: Ask, head: str, body: str, names: Sequence[str], low: int, high: int
               ) -> Rows:
    """The rows whose hash is in ``low..high-1``, split in two while the engine cuts them."""
    try:
        return ask(head + partition_of(body, names, low, high))[1]
    except RowCapReached as cut:
        if high - low < 2:  # one hash value holds more rows than the cap (equal rows)
            return _pages(ask, head, partition_of(body, names, low, high), names, cut.cap - 1)
        middle = (low + high) // 2
        return (_partition(ask, head, body, names, low, middle)
                + _partition(ask, head, body, names, middle, high))


def _pages(ask: Ask, head: str, body: str, names: Sequence[str], size: int) -> Rows:
    """Every row of ``body`` in pages of a stable order (the last resort: it sorts them all
    for each page)."""
    order = " ".join(f"?{name}" for name in names)
    rows: Rows = []
    while True:
        page = ask(f"{head}SELECT * WHERE {{ {{\n{body}\n}} }}\nORDER BY {order}\n"
                   f"LIMIT {size} OFFSET {len(rows)}")[1]
        rows.extend(page)
        if len(page) < size:
            return rows


def partition_of(body: str, names: Sequence[str], low: int, high: int) -> str:
    """``body`` (a SELECT without a prologue) keeping the rows whose hash of projected values
    is in ``low..high-1`` (:data:`SPACE`)."""
    values = ', "\\t", '.join(f'COALESCE(STR(?{name}), "")' for name in names)
    test = [f'?{_PART} >= "{low:04x}"'] + ([f'?{_PART} < "{high:04x}"'] if high < SPACE else [])
    projected = " ".join(f"?{name}" for name in names)
    return (f"SELECT {projected} WHERE {{ {{\n{body}\n}}\n"
            f"  BIND(SUBSTR(MD5(CONCAT({values})), 1, 4) AS ?{_PART})\n"
            f"  FILTER({' && '.join(test)}) }}")


def count_of(body: str) -> str:
    """The number of rows of ``body`` (a SELECT without a prologue)."""
    return f"SELECT (COUNT(*) AS ?{_COUNT}) WHERE {{ {{\n{body}\n}} }}"
