"""A guard in front of every SPARQL text, applied before any engine parses it.

pyoxigraph segfaults on ~2,500 nested brackets and lets ``SERVICE``/``LOAD`` reach the network
with no switch to turn them off; rdflib applies ``\\uXXXX`` escapes before parsing, so a keyword
blocklist on the raw text is bypassable. The guard therefore:

1. refuses texts over the byte limit;
2. decodes SPARQL codepoint escapes (SPARQL 1.1 section 19.2) first;
3. tokenises the decoded text (comments, strings, IRIs, variables, language tags and prefixed
   names are read as whole tokens, so only bare words can be keywords) and refuses the
   ``SERVICE`` and ``LOAD`` keywords unless explicitly allowed, and bracket nesting deeper than
   the limit;
4. bounds what the engine's recursive parser and planner will build from the text, not only its
   brackets (:func:`measure`): pyoxigraph's parser folds ``!!!…``, ``a || b || …``, ``p/p/…``
   and ``… OPTIONAL {…} OPTIONAL {…}`` into trees as deep as the chain is long, and a 10 KB
   chain of ``!`` overflowed the engine's stack. The *complexity* of a text is the deepest sum,
   over the groups enclosing a token, of one per group plus the operators and pattern keywords
   read in it so far: an upper bound on the depth of the tree the engine builds. Its *size* is
   the number of pattern elements (triple patterns, groups, ``OPTIONAL``/``UNION``/``FILTER``…,
   path steps and operators) outside ``DATA`` and ``VALUES`` blocks, whose rows the engine
   keeps flat. Both are refused
   past their limits, ``query_too_complex``. Measured on pyoxigraph 0.5.13 with an 8 MiB stack,
   the costliest construct (nested calls) crashes at ~950 levels, operator chains at 6,600–9,000,
   ``OPTIONAL`` chains at ~1,000, and a flat pattern of ~3,000 triples; the default limits
   (512 and 2,000) stay at half of that, and the engine's threads run on a 256 MiB stack
   (:mod:`graph.engine.worker`) so a construct costlier than any measured still has room.

Words that only look like the keywords (``?service``, ``ex:load``, ``"customer service"``,
``<http://ex/SERVICE>``) are data and pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from graph.errors import QueryRefused, QueryTooLarge
from graph.sparql.tokens import TOKEN, decode_escapes

_COMBINATORS = frozenset({"OPTIONAL", "UNION", "MINUS", "FILTER", "BIND", "GRAPH", "SERVICE",
                          "VALUES", "EXISTS", "NOT", "IN"})
# Keywords whose next group holds data rows, kept flat by the engine.
_DATA_BLOCKS = frozenset({"DATA", "VALUES"})


@dataclass(frozen=True)
class Measure:
    """What a SPARQL text asks of a recursive parser (see the module docstring)."""

    depth: int
    """Deepest nesting of ``{``, ``(``, ``[`` and ``<<``."""
    complexity: int
    """Upper bound on the depth of the expression and pattern tree the engine builds."""
    size: int
    """Pattern elements outside ``DATA`` and ``VALUES`` blocks."""
    widest: int
    """Most triple patterns and path steps in one group (the engine plans each group's joins
    in polynomial time: 100 patterns take ~0.5 s, 200 ~10 s)."""


def measure(decoded: str, forbidden: frozenset[str] = frozenset()) -> Measure:
    """Measure an escape-decoded SPARQL text, in one pass over its tokens; refuse
    (:class:`~graph.errors.QueryRefused`) the first bare word in ``forbidden`` (upper case) on
    the way, wherever it stands."""
    costs: list[int] = []  # per open group: 1 + operators and combinators read in it so far
    brackets: list[str] = []  # the opening bracket of each open group
    widths: list[int] = [0]  # triple patterns and path steps in each open ``{`` group
    previous = ""  # the kind of the token before this one
    data_at: int | None = None  # the depth a DATA/VALUES block opened at, while inside one
    pending_data = False
    depth = complexity = size = running = widest = 0
    for match in TOKEN.finditer(decoded):
        kind, token, before = match.lastgroup, match.group(), previous
        if kind == "space":
            continue
        previous = kind or ""
        if kind == "word":
            word = token.upper()
            if word in forbidden:
                raise QueryRefused(
                    f"{word} is disabled on this endpoint",
                    code="service_disabled" if word == "SERVICE" else "load_disabled")
        weight = 0  # how many nodes this token adds around what came before it in its group
        if kind == "open":
            if token == "{":
                if pending_data and data_at is None:
                    data_at = len(costs)
                pending_data = False
                widths.append(1)  # separators and path steps each add one more
            elif token == "[" and data_at is None:
                widths[-1] += 1
            costs.append(1)
            brackets.append(token)
            running += 1
            depth = max(depth, len(costs))
            size += data_at is None
        elif kind == "close":
            if costs:
                running -= costs.pop()
                if brackets.pop() == "{" and len(widths) > 1:
                    widest = max(widest, widths.pop())
                    weight = data_at is None  # groups side by side fold into joins
            if data_at is not None and len(costs) <= data_at:
                data_at = None
        elif data_at is not None:
            continue  # data rows: flat for the engine
        elif kind == "word":
            pending_data = pending_data or word in _DATA_BLOCKS
            if word in _COMBINATORS:
                weight = 1
                size += 1
        elif kind == "operator":
            if token == "^^" and before in ("string", "long"):
                continue  # a datatype, not two inverse paths
            weight = 2 if token == "^^" else 1  # ^^ outside a literal: two inverse paths
            if token in "/|" and brackets[-1:] != ["("]:
                widths[-1] += 1  # a path step: one more join
        elif kind == "other" and token in ".;,":
            if token != "," or brackets[-1:] != ["("]:  # not a list of arguments
                size += 1
                widths[-1] += 1
        if weight:
            if costs:
                costs[-1] += weight
            running += weight
        complexity = max(complexity, running)
    return Measure(depth=depth, complexity=complexity, size=size, widest=max(widest, *widths))


@lru_cache(maxsize=16)
def _forbidden(allow: frozenset[str]) -> frozenset[str]:
    return frozenset({"SERVICE", "LOAD"} - {a.upper() for a in allow})


MEMO_CHARS = 4096
"""Texts up to this many characters have their measure remembered (:func:`_remembered`)."""


@lru_cache(maxsize=1024)
def _remembered(text: str, forbidden: frozenset[str]) -> Measure:
    """:func:`measure` of ``text`` once decoded, remembered for the 1,024 texts measured last
    (at most ~4 MB): a point lookup sent again and again was measured again each time, a
    quarter of the worker's time answering it (0.075 of 0.29 ms under cProfile at 1M). A text
    refused raises and is not remembered, and the limits are compared with the measure on every
    call."""
    return measure(decode_escapes(text), forbidden)


def guard_sparql(text: str, *, max_bytes: int = 32 * 1024, max_depth: int = 64,
                 max_complexity: int = 512, max_size: int = 2_000, max_width: int = 100,
                 allow: frozenset[str] = frozenset()) -> None:
    """Raise :class:`QueryRefused` unless ``text`` is safe to hand to an engine.

    Args:
        text: a SPARQL query or update.
        max_bytes: largest UTF-8 size accepted (:class:`QueryTooLarge` beyond).
        max_depth: deepest nesting of ``{``, ``(``, ``[`` and ``<<`` accepted.
        max_complexity: largest :attr:`Measure.complexity` accepted (operator chains, calls,
            paths and pattern keywords, summed along the nesting).
        max_size: most pattern elements accepted (``DATA`` and ``VALUES`` rows do not count).
        max_width: most triple patterns and path steps accepted in one group.
        allow: keywords among ``SERVICE`` and ``LOAD`` that the operator enabled.
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise QueryTooLarge(f"SPARQL text is {size} bytes; the limit is {max_bytes} bytes")
    forbidden = _forbidden(allow)
    found = _remembered(text, forbidden) if len(text) <= MEMO_CHARS \
        else measure(decode_escapes(text), forbidden)
    if found.depth > max_depth:
        raise QueryRefused(f"query nesting deeper than {max_depth}", code="query_too_deep")
    if found.complexity > max_complexity:
        raise QueryRefused(
            f"query too complex: its operators, calls, paths and pattern keywords nest "
            f"{found.complexity} deep; the limit is {max_complexity} (use IN (…) or VALUES "
            f"for long lists of alternatives)", code="query_too_complex")
    if found.widest > max_width:
        raise QueryRefused(f"query too large: {found.widest} triple patterns and path steps in "
                           f"one group; the limit is {max_width}", code="query_too_complex")
    if found.size > max_size:
        raise QueryRefused(f"query too large: {found.size} pattern elements; the limit is "
                           f"{max_size}", code="query_too_complex")
