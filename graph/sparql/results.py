"""SPARQL results as plain data, and their serialisations.

Query answers are materialised into :class:`SelectResult`, :class:`AskResult` or
:class:`GraphResult` in the thread that ran the query (pyoxigraph iterators must not cross
threads), capped at a row limit with an explicit ``truncated`` flag. The writers below produce
the W3C formats (JSON, XML, CSV, TSV) and a plain-text table for terminals.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from graph.errors import UnsupportedFormat
from graph.sparql.columns import ordered

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
FLOATING = frozenset({XSD + "double", XSD + "float"})
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True)
class SelectResult:
    """Rows of a SELECT; ``None`` marks an unbound variable."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]
    truncated: bool = False


@dataclass(frozen=True)
class AskResult:
    """The answer of an ASK."""

    value: bool
    truncated: bool = False


@dataclass(frozen=True)
class GraphResult:
    """Triples of a CONSTRUCT or DESCRIBE."""

    triples: tuple[ox.Triple, ...]
    truncated: bool = False


QueryResult = SelectResult | AskResult | GraphResult


def materialise(raw: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
                max_rows: int, order: list[str] | None = None) -> QueryResult:
    """Read a pyoxigraph result into plain data, keeping at most ``max_rows`` rows; a SELECT's
    columns in the order of ``order`` when given (``SELECT *``: see
    :func:`graph.sparql.columns.star_order`), else in the engine's order."""
    if isinstance(raw, ox.QueryBoolean):
        return AskResult(bool(raw))
    if isinstance(raw, ox.QuerySolutions):
        names = ordered([v.value for v in raw.variables], order)
        rows = []
        for solution in raw:
            if len(rows) == max_rows:
                return SelectResult(names, tuple(rows), truncated=True)
            rows.append(tuple(solution[n] for n in names))
        return SelectResult(names, tuple(rows))
    triples = []
    for triple in raw:
        if len(triples) == max_rows:
            return GraphResult(tuple(triples), truncated=True)
        triples.append(triple)
    return GraphResult(tuple(triples))


# -- JSON ------------------------------------------------------------------------------------

def term_json(term: Term) -> dict[str, object]:
    """A term in the SPARQL 1.1 JSON results shape."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": term_json(term.subject),
                                            "predicate": term_json(term.predicate),
                                            "object": term_json(term.object)}}
    out: dict[str, object] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def write_json(result: QueryResult) -> bytes:
    if isinstance(result, AskResult):
        body: dict[str, object] = {"head": {}, "boolean": result.value}
    elif isinstance(result, SelectResult):
        bindings = [{name: term_json(term) for name, term in zip(result.variables, row)
                     if term is not None} for row in result.rows]
        body = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
        if result.truncated:  # never silent: the row cap cut this answer
            body["truncated"] = True
    else:
        raise UnsupportedFormat("JSON results are for SELECT and ASK queries")
    return json.dumps(body, ensure_ascii=False).encode()


# -- XML -------------------------------------------------------------------------------------

def _term_xml(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        return ("<triple>" + "".join(
            f"<{part}>{_term_xml(getattr(term, part))}</{part}>"
            for part in ("subject", "predicate", "object")) + "</triple>")
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return (f"<literal datatype={quoteattr(term.datatype.value)}>"
                f"{escape(term.value)}</literal>")
    return f"<literal>{escape(term.value)}</literal>"


def write_xml(result: QueryResult) -> bytes:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if isinstance(result, AskResult):
        out.append(f"<head/><boolean>{'true' if result.value else 'false'}</boolean>")
    elif isinstance(result, SelectResult):
        out.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>"
                                      for v in result.variables) + "</head><results>")
        for row in result.rows:
            out.append("<result>" + "".join(
                f"<binding name={quoteattr(name)}>{_term_xml(term)}</binding>"
                for name, term in zip(result.variables, row) if term is not None) + "</result>")
        out.append("</results>")
    else:
        raise UnsupportedFormat("XML results are for SELECT and ASK queries")
    out.append("</sparql>\n")
    return "".join(out).encode()


# -- CSV and TSV -----------------------------------------------------------------------------

def canonical_double(lexical: str) -> str:
    """The XSD canonical form of an xsd:double/xsd:float value (``1000000`` → ``1.0E6``).

    pyoxigraph stores floating-point literals as numbers and writes them back in its own short
    form; CSV and TSV show the XSD canonical form instead, which is what most data is written
    in and what the W3C result-format tests expect.
    """
    try:
        value = float(lexical)
    except ValueError:
        return lexical
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    if value == 0:
        return "-0.0E0" if math.copysign(1, value) < 0 else "0.0E0"
    sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    mantissa = f"{digits[0]}." + ("".join(map(str, digits[1:])) or "0")
    return f"{'-' if sign else ''}{mantissa}E{exponent + len(digits) - 1}"


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    if isinstance(term, ox.Literal) and term.datatype.value in FLOATING:
        return canonical_double(term.value)
    return term.value


def _tsv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and term.datatype.value == XSD + "double":
        return canonical_double(term.value)  # a bare Turtle double
    return str(term)


def write_csv(result: QueryResult) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if isinstance(result, AskResult):
        writer.writerow(["_askResult"])
        writer.writerow(["true" if result.value else "false"])
    elif isinstance(result, SelectResult):
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([_csv_value(term) for term in row])
    else:
        raise UnsupportedFormat("CSV results are for SELECT and ASK queries")
    return buffer.getvalue().encode()


def write_tsv(result: QueryResult) -> bytes:
    if isinstance(result, AskResult):
        return ("?_askResult\n" + ("true" if result.value else "false") + "\n").encode()
    if not isinstance(result, SelectResult):
        raise UnsupportedFormat("TSV results are for SELECT and ASK queries")
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(_tsv_value(term) for term in row) for row in result.rows]
    return ("\n".join(lines) + "\n").encode()


# -- terminal table --------------------------------------------------------------------------

def short_term(term: Term | None, prefixes: dict[str, str] | None = None) -> str:
    """A compact human form of a term: prefixed IRIs, plain literal values."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in (prefixes or {}).items():
            if term.value.startswith(namespace) and len(term.value) > len(namespace):
                return f"{prefix}:{term.value[len(namespace):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return f"{term.value}@{term.language}" if term.language else term.value
    return str(term)


def format_table(headers: list[str] | tuple[str, ...], rows: list[list[str]]) -> str:
    """A plain-text table with a header rule, columns padded to their widest cell."""
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row)]
    def line(cells: list[str] | tuple[str, ...]) -> str:
        return "  ".join(cell.ljust(w) for cell, w in zip(cells, widths)).rstrip()
    out = [line(headers), line(["-" * w for w in widths])]
    out += [line(row) for row in rows]
    return "\n".join(out) + "\n"


def write_table(result: QueryResult, prefixes: dict[str, str] | None = None) -> bytes:
    if isinstance(result, AskResult):
        return (("yes" if result.value else "no") + "\n").encode()
    if not isinstance(result, SelectResult):
        raise UnsupportedFormat("table output is for SELECT and ASK queries")
    rows = [[short_term(t, prefixes) for t in row] for row in result.rows]
    text = format_table(result.variables, rows)
    text += f"({len(rows)} row{'s' if len(rows) != 1 else ''}"
    text += ", truncated)\n" if result.truncated else ")\n"
    return text.encode()


RESULT_WRITERS: dict[str, tuple[str, Callable[[QueryResult], bytes]]] = {
    "json": ("application/sparql-results+json", write_json),
    "xml": ("application/sparql-results+xml", write_xml),
    "csv": ("text/csv; charset=utf-8", write_csv),
    "tsv": ("text/tab-separated-values; charset=utf-8", write_tsv),
}
"""Result format name → (media type, writer) for SELECT and ASK answers."""
