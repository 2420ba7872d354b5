"""Protocol-free SPARQL execution: guard, run, materialise, serialise.

:func:`run_query` is the one way a SPARQL text from outside reaches the engine. It guards the text
(:mod:`graph.guard`), runs it on the store with the union of all graphs as default graph (unless
a dataset is given), and materialises at most ``max_rows`` rows with a ``truncated`` flag.
Named, parameterised queries used by aikg itself live in :mod:`graph.queries` instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from graph.errors import NotProducible, QuerySyntaxError, UnsupportedFormat, UpdateFailed
from graph.formats import RdfFormat, rdf_format_for_media_type
from graph.guard import guard_sparql
from graph.results import RESULT_WRITERS, GraphResult, QueryResult, materialise
from graph.store import KnowledgeStore
from graph.vocab import PREFIXES

_POSITION = re.compile(r"(?:line (\d+) column (\d+))|(?:at (\d+):(\d+))")
_MAX_MESSAGE = 240


@dataclass(frozen=True)
class QueryLimits:
    """Limits applied to SPARQL text from outside."""

    max_bytes: int = 32 * 1024
    max_depth: int = 64
    max_rows: int = 10_000
    allow: frozenset[str] = field(default_factory=frozenset)
    """Keywords among SERVICE and LOAD the operator enabled (none by default)."""


def run_query(kg: KnowledgeStore, text: str, *, limits: QueryLimits | None = None,
              default_graph: list[ox.NamedNode] | None = None,
              named_graphs: list[ox.NamedNode] | None = None) -> QueryResult:
    """Guard and run a SPARQL query, returning its materialised result.

    Raises:
        QueryRefused: the guard refused the text (SERVICE, LOAD, nesting, size).
        QuerySyntaxError: the text is not a SPARQL query; carries line and column.
    """
    limits = limits or QueryLimits()
    guard_sparql(text, max_bytes=limits.max_bytes, max_depth=limits.max_depth,
                 allow=limits.allow)
    try:
        raw = kg.query(text, prefixes=PREFIXES, default_graph=default_graph,
                       named_graphs=named_graphs)
        return materialise(raw, limits.max_rows)
    except SyntaxError as exc:
        raise syntax_error(exc) from None


def syntax_error(exc: SyntaxError) -> QuerySyntaxError:
    """A pyoxigraph parser error as a one-line :class:`QuerySyntaxError` with line and column."""
    text = " ".join(str(exc).split())
    match = _POSITION.search(text)
    message = text[match.end():].lstrip(": ") if match else text
    if "Prefix not found" in message:
        message = "undeclared prefix; declare it with PREFIX or write the full IRI"
    if len(message) > _MAX_MESSAGE:
        message = message[:_MAX_MESSAGE].rsplit(" ", 1)[0] + " …"
    if match is None:
        return QuerySyntaxError(f"invalid SPARQL: {message}")
    line, column = (int(g) for g in (match.groups()[:2] if match.group(1) else match.groups()[2:]))
    return QuerySyntaxError(f"invalid SPARQL: {message}", line=line, column=column)


def write_graph(result: QueryResult, fmt: RdfFormat) -> bytes:
    """Serialise a CONSTRUCT/DESCRIBE result in a triple format, with aikg's prefixes."""
    if not isinstance(result, GraphResult):
        raise UnsupportedFormat(f"{fmt.name} output is for CONSTRUCT and DESCRIBE queries")
    triples = sorted(result.triples, key=str)
    prefixes = PREFIXES if fmt.name in ("turtle", "trig") else None
    return ox.serialize(triples, format=fmt.ox_format, prefixes=prefixes)


@dataclass(frozen=True)
class Answer:
    """A query answer serialised for the client."""

    media_type: str
    body: bytes
    truncated: bool


def answer_query(kg: KnowledgeStore, text: str, *, media: dict[str, str | None],
                 limits: QueryLimits, default_graphs: tuple[str, ...] = (),
                 named_graphs: tuple[str, ...] = ()) -> Answer:
    """Run a query and serialise it in the media type negotiated for its form.

    ``media`` maps ``"select"`` (SELECT and ASK) and ``"graph"`` (CONSTRUCT and DESCRIBE) to the
    media type to produce, or to ``None`` when the client accepts nothing for that form.
    Runs entirely in one thread, as pyoxigraph requires.

    Raises:
        NotProducible: the client accepts no format for the query's form.
    """
    result = run_query(kg, text, limits=limits,
                       default_graph=[ox.NamedNode(g) for g in default_graphs] or None,
                       named_graphs=[ox.NamedNode(g) for g in named_graphs] or None)
    form = "graph" if isinstance(result, GraphResult) else "select"
    wanted = media.get(form)
    if wanted is None:
        raise NotProducible(f"the client accepts no format for {form} results")
    if form == "graph":
        fmt = rdf_format_for_media_type(wanted)
        if fmt is None:
            raise NotProducible(f"cannot write graph results as {wanted}")
        return Answer(fmt.media_type, write_graph(result, fmt), result.truncated)
    for media_type, writer in RESULT_WRITERS.values():
        if media_type.split(";")[0] == wanted:
            return Answer(media_type, writer(result), result.truncated)
    raise NotProducible(f"cannot write query results as {wanted}")


def run_update(kg: KnowledgeStore, text: str, *, limits: QueryLimits | None = None) -> None:
    """Guard and apply a SPARQL update in one transaction (all operations or none).

    Raises:
        QueryRefused: the guard refused the text (LOAD, SERVICE, nesting, size).
        QuerySyntaxError: the text is not a SPARQL update.
        UpdateFailed: the engine rejected the update while applying it (nothing applied).
    """
    limits = limits or QueryLimits()
    guard_sparql(text, max_bytes=limits.max_bytes, max_depth=limits.max_depth,
                 allow=limits.allow)
    try:
        kg.update(text, prefixes=PREFIXES)
    except SyntaxError as exc:
        error = syntax_error(exc)
        error.code = "malformed_update"
        raise error from None
    except (ValueError, RuntimeError) as exc:
        raise UpdateFailed(f"update failed, nothing was applied: {exc}") from None
