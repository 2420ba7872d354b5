"""Protocol-free SPARQL execution: guard, run, materialise, serialise.

:func:`execute` is the one way a SPARQL text from outside reaches the engine. It guards the text
(:mod:`graph.sparql.guard`) and runs it on the store with the union of all graphs as default graph
(unless the caller or the query itself names a dataset); :func:`run_query` then materialises at
most ``max_rows`` rows with a ``truncated`` flag, and :func:`answer_query` (the protocol) writes
SELECT/ASK answers in JSON and XML natively (:mod:`graph.sparql.native`), under the same cap,
``SELECT *`` columns in the order the query names them (:mod:`graph.sparql.columns`). :func:`run_update` guards and applies an update, turning the protocol's
``using-graph-uri`` / ``using-named-graph-uri`` into ``USING`` clauses.
Named, parameterised queries used by aikg itself live in :mod:`graph.store.queries` instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from graph.errors import (NotProducible, QuerySyntaxError, UnsupportedFormat, UnsupportedFunction,
                          UpdateFailed)
from graph.iris import checked_iri
from graph.sparql.clauses import has_dataset_clause, with_using_clauses
from graph.sparql.guard import guard_sparql
from graph.sparql.columns import reorder_head, star_order
from graph.sparql.native import JSON_MEDIA, NATIVE_FORMATS, serialize_capped
from graph.sparql.results import RESULT_WRITERS, GraphResult, QueryResult, materialise
from graph.store.base import KnowledgeStore
from graph.store.formats import RdfFormat, rdf_format_for_media_type
from graph.vocab import PREFIXES

_POSITION = re.compile(r"(?:line (\d+) column (\d+))|(?:at (\d+):(\d+))")
_MAX_MESSAGE = 240
_CUSTOM_FUNCTION = re.compile(r"custom function (<[^>]*>) is not supported")


@dataclass(frozen=True)
class QueryLimits:
    """Limits applied to SPARQL text from outside."""

    max_bytes: int = 32 * 1024
    max_depth: int = 64
    max_complexity: int = 512
    """Deepest operator, call, path and pattern-keyword nesting (:func:`graph.sparql.guard.measure`)."""
    max_size: int = 2_000
    """Most pattern elements outside DATA and VALUES blocks."""
    max_width: int = 100
    """Most triple patterns and path steps in one group (join planning grows polynomially)."""
    max_rows: int = 10_000
    allow: frozenset[str] = field(default_factory=frozenset)
    """Keywords among SERVICE and LOAD the operator enabled (none by default)."""


def run_query(kg: KnowledgeStore, text: str, *, limits: QueryLimits | None = None,
              default_graph: list[ox.NamedNode] | None = None,
              named_graphs: list[ox.NamedNode] | None = None,
              base_iri: str | None = None) -> QueryResult:
    """Guard and run a SPARQL query, returning its materialised result.

    The dataset: when the caller gives ``default_graph`` or ``named_graphs`` (the protocol's
    ``default-graph-uri`` / ``named-graph-uri``), exactly those, and they take precedence over
    the query's own ``FROM`` / ``FROM NAMED``: no named graphs unless ``named_graphs`` lists
    some, and the union of all graphs as default graph unless ``default_graph`` lists some.
    Otherwise a query with ``FROM`` or ``FROM NAMED`` gets the dataset it describes, and any
    other query the union of all graphs as default graph and every named graph.
    Relative IRIs resolve against ``base_iri`` (unless the query declares its own ``BASE``).

    Raises:
        QueryRefused: the guard refused the text (SERVICE, LOAD, nesting, size).
        QuerySyntaxError: the text is not a SPARQL query; carries line and column.
        InvalidIRI: ``base_iri`` is not an absolute IRI of an allowed scheme.
    """
    limits = limits or QueryLimits()
    raw = execute(kg, text, limits=limits, default_graph=default_graph,
                  named_graphs=named_graphs, base_iri=base_iri)
    return materialise(raw, limits.max_rows, star_order(text))


def execute(kg: KnowledgeStore, text: str, *, limits: QueryLimits,
            default_graph: list[ox.NamedNode] | None = None,
            named_graphs: list[ox.NamedNode] | None = None,
            base_iri: str | None = None) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Guard and start a SPARQL query (see :func:`run_query`); its lazy pyoxigraph result,
    to be consumed in the calling thread."""
    _guard(text, limits)
    dataset: dict[str, object] = {}
    if default_graph is not None or named_graphs is not None:
        dataset = {"default_graph": default_graph or None, "named_graphs": named_graphs or []}
    elif has_dataset_clause(text):
        dataset = {"union": False}
    try:
        return kg.query(text, prefixes=PREFIXES, base_iri=_base(base_iri),
                        **dataset)  # type: ignore[arg-type]
    except SyntaxError as exc:
        raise syntax_error(exc) from None
    except RuntimeError as exc:  # anything else the engine raises is a fault, not a mistake
        if (match := _CUSTOM_FUNCTION.search(str(exc))) is None:
            raise
        raise UnsupportedFunction(f"{match.group(1)} is not a function this endpoint implements "
                                  f"(SPARQL 1.1 built-ins and XSD casts are)") from None


def _guard(text: str, limits: QueryLimits) -> None:
    """The guard (:func:`graph.sparql.guard.guard_sparql`) with these limits."""
    guard_sparql(text, max_bytes=limits.max_bytes, max_depth=limits.max_depth,
                 max_complexity=limits.max_complexity, max_size=limits.max_size,
                 max_width=limits.max_width, allow=limits.allow)


def _base(base_iri: str | None) -> str | None:
    """A caller's base IRI, checked like every IRI from outside."""
    return checked_iri(base_iri) if base_iri else None


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
                 named_graphs: tuple[str, ...] = (), base_iri: str | None = None) -> Answer:
    """Run a query and serialise it in the media type negotiated for its form.

    ``media`` maps ``"select"`` (SELECT and ASK) and ``"graph"`` (CONSTRUCT and DESCRIBE) to the
    media type to produce, or to ``None`` when the client accepts nothing for that form.
    ``default_graphs`` / ``named_graphs`` are the protocol's dataset (see :func:`run_query`);
    ``base_iri`` resolves relative IRIs (the endpoint's URL, for the protocol).
    SPARQL JSON and XML are written by pyoxigraph (:func:`graph.sparql.native.serialize_capped`);
    in the rare case where its cut cannot be placed exactly, the query runs again and is written
    by the Python writers, like CSV, TSV and graph results. Runs entirely in one thread, as
    pyoxigraph requires.

    Raises:
        NotProducible: the client accepts no format for the query's form.
    """
    default = [ox.NamedNode(g) for g in default_graphs]
    named = [ox.NamedNode(g) for g in named_graphs]
    protocol = bool(default or named)
    query = dict(limits=limits, default_graph=default or None,
                 named_graphs=named if protocol else None, base_iri=base_iri)
    raw = execute(kg, text, **query)  # type: ignore[arg-type]
    form = "graph" if isinstance(raw, ox.QueryTriples) else "select"
    wanted = media.get(form)
    if wanted is None:
        raise NotProducible(f"the client accepts no format for {form} results")
    if form == "graph":
        fmt = rdf_format_for_media_type(wanted)
        if fmt is None:
            raise NotProducible(f"cannot write graph results as {wanted}")
        result = materialise(raw, limits.max_rows)
        return Answer(fmt.media_type, write_graph(result, fmt), result.truncated)
    order = star_order(text)  # SELECT *: columns in the order the query names them
    if wanted in NATIVE_FORMATS:
        native = serialize_capped(raw, wanted, limits.max_rows)  # type: ignore[arg-type]
        if native is not None:
            body, truncated = native
            return Answer(wanted, reorder_head(body, wanted == JSON_MEDIA, order), truncated)
        raw = execute(kg, text, **query)  # type: ignore[arg-type]
    for media_type, writer in RESULT_WRITERS.values():
        if media_type.split(";")[0] == wanted:
            result = materialise(raw, limits.max_rows, order)
            return Answer(media_type, writer(result), result.truncated)
    raise NotProducible(f"cannot write query results as {wanted}")


def run_update(kg: KnowledgeStore, text: str, *, limits: QueryLimits | None = None,
               using_graphs: tuple[str, ...] | list[str] = (),
               using_named_graphs: tuple[str, ...] | list[str] = (),
               base_iri: str | None = None) -> None:
    """Guard and apply a SPARQL update in one transaction (all operations or none).

    ``using_graphs`` / ``using_named_graphs`` (the protocol's ``using-graph-uri`` /
    ``using-named-graph-uri``) become ``USING`` / ``USING NAMED`` clauses of every
    ``DELETE``/``INSERT … WHERE`` operation (:func:`graph.sparql.guard.with_using_clauses`); an update
    that names its own dataset with ``USING`` or ``WITH`` cannot have them. Relative IRIs
    resolve against ``base_iri`` (unless the update declares its own ``BASE``).

    Raises:
        QueryRefused: the guard refused the text (LOAD, SERVICE, nesting, size), or
            ``malformed_request``: USING graphs given for an update with USING or WITH.
        InvalidIRI: a USING graph or ``base_iri`` is not an absolute IRI of an allowed scheme.
        QuerySyntaxError: the text is not a SPARQL update.
        UpdateFailed: the engine rejected the update while applying it (nothing applied).
    """
    limits = limits or QueryLimits()
    _guard(text, limits)
    text = with_using_clauses(text, using_graphs, using_named_graphs)
    base = _base(base_iri)
    try:
        kg.update(text, prefixes=PREFIXES, base_iri=base)
    except SyntaxError as exc:
        error = syntax_error(exc)
        error.code = "malformed_update"
        raise error from None
    except (ValueError, RuntimeError) as exc:
        raise UpdateFailed(f"update failed, nothing was applied: {exc}") from None
