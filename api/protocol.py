"""Reading a SPARQL 1.1 Protocol request: which operation, which text, which dataset.

Pure functions over the method, query string, content type and body, so the rules (exactly one
``query``, updates only by POST, UTF-8 only, form bodies percent-decoded exactly once) are tested
without HTTP. Violations raise :class:`ProtocolError` with the status the protocol asks for.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from graph.errors import KGError
from graph.iris import checked_iri

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"


class ProtocolError(KGError):
    """A request that breaks the SPARQL protocol (wrong method, media type, parameters)."""

    code = "malformed_request"

    def __init__(self, message: str, *, status: int = 400, code: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.http_status = status
        if code:
            self.code = code
        if headers:
            self.headers = headers


@dataclass(frozen=True)
class SparqlRequest:
    """What a protocol request asks for."""

    operation: str
    """``"query"``, ``"update"`` or ``"describe-service"`` (no operation given)."""
    text: str = ""
    default_graphs: tuple[str, ...] = ()
    """``default-graph-uri`` of a query, ``using-graph-uri`` of an update (checked IRIs)."""
    named_graphs: tuple[str, ...] = ()
    """``named-graph-uri`` of a query, ``using-named-graph-uri`` of an update."""
    format: str | None = None
    """A ``format`` parameter (browser override of the Accept header)."""
    timeout: str | None = None
    """The last ``timeout`` parameter of the URL's query string, unchecked (read here so the
    query string is parsed once)."""


def _media_type(content_type: str | None) -> tuple[str, str | None]:
    if not content_type:
        return "", None
    base, *params = [p.strip() for p in content_type.split(";")]
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return base.lower(), charset


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError("the request body must be UTF-8", status=415,
                            code="unsupported_media_type") from None


def _pairs(text: str) -> list[tuple[str, str]]:
    """Percent-decode ``key=value&…`` exactly once; escapes must encode UTF-8."""
    try:
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError("percent-escapes must encode UTF-8 text") from None


def read_request(method: str, query_string: bytes, content_type: str | None,
                 body: bytes) -> SparqlRequest:
    """Classify a request to the SPARQL endpoint, or raise :class:`ProtocolError`."""
    params = _pairs(query_string.decode("latin-1"))
    timeouts = [value for key, value in params if key == "timeout"]
    if method == "POST":
        media, charset = _media_type(content_type)
        if charset not in (None, "utf-8", "utf8"):
            raise ProtocolError(f"charset {charset} is not supported; send UTF-8", status=415,
                                code="unsupported_media_type")
        if media == FORM:
            params += _pairs(_utf8(body))
        elif media in (QUERY, UPDATE):
            if any(k in ("query", "update") for k, _ in params):
                raise ProtocolError("the operation goes in the body, not in the URL")
            params.append(("query" if media == QUERY else "update", _utf8(body)))
        else:
            raise ProtocolError(
                f"POST needs Content-Type {FORM}, {QUERY} or {UPDATE}"
                + (f", not {media}" if media else ""), status=415, code="unsupported_media_type")
    values: dict[str, list[str]] = {}
    for key, value in params:
        values.setdefault(key, []).append(value)
    queries, updates = values.get("query", []), values.get("update", [])
    if queries and updates:
        raise ProtocolError("send either a query or an update, not both")
    if len(queries) > 1 or len(updates) > 1:
        raise ProtocolError("exactly one query or update parameter is allowed")
    if updates and method != "POST":
        raise ProtocolError("updates must be sent with POST")
    formats = values.get("format", [])
    operation = "query" if queries else "update" if updates else "describe-service"
    if operation == "query":
        graphs = (values.get("default-graph-uri", []), values.get("named-graph-uri", []))
    else:
        graphs = (values.get("using-graph-uri", []), values.get("using-named-graph-uri", []))
    return SparqlRequest(
        operation=operation,
        text=(queries or updates or [""])[0],
        default_graphs=tuple(checked_iri(g) for g in graphs[0]),
        named_graphs=tuple(checked_iri(g) for g in graphs[1]),
        format=formats[-1] if formats else None,
        timeout=timeouts[-1] if timeouts else None,
    )
