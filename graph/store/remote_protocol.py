"""The HTTP side of the remote store: SPARQL 1.1 Protocol query and update requests, Graph Store
Protocol reads, their deadlines and errors, and answers parsed into pyoxigraph objects.

:class:`ProtocolClient` is the only object of :mod:`graph.store.remote` that speaks HTTP (with
httpx). Queries and updates are sent by ``POST`` as HTML form data (``query=`` / ``update=``),
so a long text never meets a URL limit. Answers come back as SPARQL JSON results (SELECT, ASK),
N-Triples (CONSTRUCT, DESCRIBE, a graph read) or N-Quads (the whole dataset) and are parsed by
pyoxigraph, so callers get the same term types as from the embedded store.

Errors: an engine that does not answer within the deadline, cannot be reached, or answers 502,
503 or 504 raises :class:`~graph.errors.EngineUnavailable` (HTTP 503 with ``Retry-After``); any
other refusal raises :class:`EngineError` with the engine's status and (shortened) message.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import time

import httpx
import pyoxigraph as ox

from graph.errors import EngineUnavailable, RowCapReached, StoreUnavailable
from graph.store.engine_profiles import EngineProfile, profile_for
from graph.store.remote_text import ask_as_select

JSON_RESULTS = "application/sparql-results+json"
CSV_RESULTS = "text/csv"
N_TRIPLES = "application/n-triples"
N_QUADS = "application/n-quads"
_MAX_MESSAGE = 300
LOG = logging.getLogger("aikg.store")
SLOW = 30.0
"""Seconds past which a request to the engine is logged (a warning naming its query)."""
CONNECT_TIMEOUT = 5.0
"""Seconds to open a connection to the engine."""


class EngineError(RuntimeError):
    """The engine refused a request (any status but 502, 503 and 504)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"the SPARQL engine answered {status}: {message}")
        self.status = status


class ProtocolClient:
    """Requests to one engine's query, update and Graph Store endpoints.

    Args:
        query_url: the SPARQL query endpoint.
        update_url: the update endpoint; derived from ``query_url`` by the profile when
            ``None`` (``…/query`` → ``…/update`` for Oxigraph), else ``query_url`` itself.
        graph_store_url: the Graph Store Protocol endpoint (``None``: derived by the profile
            if it can, else graphs are read with SPARQL queries).
        engine: a profile name of :data:`graph.store.engine_profiles.ENGINE_NAMES`.
        auth: ``(user, password)`` for HTTP basic authentication, or ``None``.
        read_timeout, write_timeout: seconds an engine may take to answer a read, a write.
    """

    def __init__(self, query_url: str, update_url: str | None = None,
                 graph_store_url: str | None = None, *, engine: str = "auto",
                 auth: tuple[str, str] | None = None, read_timeout: float = 10.0,
                 write_timeout: float = 30.0) -> None:
        self.query_url = query_url
        self._given = (update_url, graph_store_url)
        self._engine = engine
        self.read_timeout, self.write_timeout = read_timeout, write_timeout
        self._http = httpx.Client(auth=auth, follow_redirects=False,
                                  headers={"User-Agent": "aikg"})
        self.profile: EngineProfile = profile_for(engine) if engine != "auto" else \
            profile_for("generic")
        self.update_url, self.graph_store_url = self._urls()

    def connect(self) -> None:
        """Ask the engine a trivial question, learning its profile from its ``Server`` header
        when the engine is ``auto``.

        Raises:
            EngineUnavailable: the engine cannot be reached or does not answer in time.
            StoreUnavailable: the engine refuses the request.
        """
        try:
            response = self._send("POST", self.query_url, data={"query": "ASK {}"},
                                   headers={"Accept": JSON_RESULTS}, timeout=self.read_timeout)
        except EngineError as exc:
            raise StoreUnavailable(f"cannot use the SPARQL engine at {self.query_url}: "
                                   f"{exc}") from None
        if self._engine == "auto":
            self.profile = profile_for("auto", response.headers.get("server", ""))
            self.update_url, self.graph_store_url = self._urls()

    def _urls(self) -> tuple[str, str | None]:
        update, store = self.profile.derive(self.query_url)
        return self._given[0] or update, self._given[1] or store

    def close(self) -> None:
        self._http.close()

    # -- requests --------------------------------------------------------------------------------

    def query(self, text: str, params: dict[str, str | list[str]], *, graph: bool,
              ask: bool = False) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        """Run a query: SELECT/ASK (``ask``) answers as pyoxigraph results, CONSTRUCT/DESCRIBE
        answers (``graph``) as a list of triples."""
        asking = ask and self.profile.ask_as_select
        if asking:
            text = ask_as_select(text)
        data = {"query": text, **params, **self.profile.timeout(self.read_timeout)}
        accept = N_TRIPLES if graph else JSON_RESULTS
        response = self._send("POST", self.query_url, data=data, headers={"Accept": accept},
                              timeout=self.read_timeout)
        _refuse_incomplete(response, graph)
        try:
            if graph:
                return list(ox.parse(response.content, ox.RdfFormat.N_TRIPLES))
            answer = ox.parse_query_results(_bnode_labels(response.content),
                                            ox.QueryResultsFormat.JSON)
            if asking:
                found = json.dumps({"head": {}, "boolean": any(True for _ in answer)})
                return ox.parse_query_results(found.encode(), ox.QueryResultsFormat.JSON)
            return answer
        except (SyntaxError, ValueError) as exc:
            raise EngineError(response.status_code,
                              f"an answer aikg cannot read ({_short(str(exc))})") from None

    def values(self, text: str, params: dict[str, str | list[str]]
               ) -> tuple[list[str], list[list[str | None]]]:
        """A SELECT's variables and rows as plain values (IRIs, lexical forms, blank node
        labels; ``None`` when unbound): for readers that need no term types (the projection).
        Asked as CSV where the profile says the engine writes it much faster than JSON
        (Virtuoso: 12x); CSV cannot tell an empty string from an unbound variable, and both are
        ``None`` there."""
        if not self.profile.csv_values:
            answer = self.query(text, params, graph=False)
            return ([v.value for v in answer.variables],  # type: ignore[union-attr]
                    [[None if t is None else t.value for t in row]
                     for row in answer])  # type: ignore[union-attr]
        data = {"query": text, **params, **self.profile.timeout(self.read_timeout)}
        response = self._send("POST", self.query_url, data=data, timeout=self.read_timeout,
                              headers={"Accept": CSV_RESULTS})
        try:
            table = csv.reader(io.StringIO(response.content.decode("utf-8"), newline=""))
            names = next(table, [])
            rows = [[_csv_value(v) for v in row] for row in table if row]
        except (ValueError, csv.Error) as exc:
            raise EngineError(response.status_code,
                              f"an answer aikg cannot read ({_short(str(exc))})") from None
        _refuse_incomplete(response, graph=False, rows=len(rows))
        return names, rows

    def update(self, text: str) -> None:
        """Apply an update (one request: one transaction on engines that have them)."""
        self._send("POST", self.update_url, data={"update": text}, timeout=self.write_timeout)

    def dataset(self) -> list[ox.Quad] | None:
        """Every quad through the Graph Store endpoint, or ``None`` when the engine cannot
        answer the whole dataset there (the caller then asks SPARQL)."""
        if self.graph_store_url is None or not self.profile.dataset_dump:
            return None
        response = self._send("GET", self.graph_store_url, headers={"Accept": N_QUADS},
                              timeout=self.read_timeout)
        return list(ox.parse(response.content, ox.RdfFormat.N_QUADS))

    def graph(self, name: ox.NamedNode | ox.DefaultGraph) -> list[ox.Triple] | None:
        """The triples of one graph through the Graph Store endpoint (``[]`` when it does not
        exist), or ``None`` without a Graph Store endpoint or where its reads are not whole."""
        if self.graph_store_url is None or not self.profile.graph_reads:
            return None
        params = {"default": ""} if isinstance(name, ox.DefaultGraph) else {"graph": name.value}
        response = self._send("GET", self.graph_store_url, params=params,
                              headers={"Accept": N_TRIPLES}, timeout=self.read_timeout,
                              missing_ok=True)
        if response.status_code == 404:
            return []
        return list(ox.parse(response.content, ox.RdfFormat.N_TRIPLES))

    def _send(self, method: str, url: str, *, timeout: float, missing_ok: bool = False,
              **kwargs: object) -> httpx.Response:
        start = time.monotonic()
        try:
            response = self._http.request(method, url, timeout=httpx.Timeout(
                timeout, connect=min(timeout, CONNECT_TIMEOUT)), **kwargs)  # type: ignore[arg-type]
        except httpx.TimeoutException:
            _log_slow(start, kwargs, "no answer")
            raise _unavailable(f"the SPARQL engine at {url} did not answer within "
                               f"{timeout:g} s", 5) from None
        except httpx.HTTPError as exc:
            raise _unavailable(f"cannot reach the SPARQL engine at {url}: "
                               f"{_short(str(exc)) or type(exc).__name__}", 2) from None
        _log_slow(start, kwargs, f"{response.status_code}, {len(response.content):,} bytes")
        if response.status_code in (502, 503, 504):
            retry = response.headers.get("retry-after", "")
            raise _unavailable(f"the SPARQL engine at {url} is unavailable "
                               f"({response.status_code})", int(retry) if retry.isdigit() else 5)
        if response.status_code == 500 and _TIMED_OUT.match(response.text):
            raise _unavailable("the SPARQL engine gave up at its execution time limit ("
                               f"{_short(response.text)}); raise the limit or narrow the query", 5)
        if response.status_code >= 400 and not (missing_ok and response.status_code == 404):
            raise EngineError(response.status_code, _short(response.text) or "no message")
        return response


def _refuse_incomplete(response: httpx.Response, graph: bool, rows: int | None = None
                       ) -> None:
    """Raise when the engine marked its answer incomplete in headers only, as Virtuoso does: a
    result cut at its ``ResultSetMaxRows`` (``X-SPARQL-MaxRows: N`` with N rows returned), or
    partial results at its execution timeout (``X-SQL-State``, e.g. ``S1TAT``). Either would
    otherwise pass for a complete answer. ``rows``: the answer's rows when the caller counted
    them (else counted here from N-Triples or JSON)."""
    state = response.headers.get("x-sql-state")
    if state:
        raise _unavailable("the SPARQL engine answered only part of the results before its "
                           f"timeout ({state}: {_short(response.headers.get('x-sql-message', ''))}"
                           "); raise its execution time limit or narrow the query", 5)
    cap = response.headers.get("x-sparql-maxrows", "")
    if not cap.isdigit():
        return
    if rows is None:
        rows = _count_rows(response.content, graph)
    if rows >= int(cap):
        raise RowCapReached(f"the SPARQL engine cut its answer at its limit of {int(cap):,} "
                            "rows (X-SPARQL-MaxRows); raise the engine's ResultSetMaxRows above "
                            "what aikg asks", int(cap))


def _count_rows(content: bytes, graph: bool) -> int:
    if graph:
        return sum(1 for line in content.splitlines() if line.strip())
    try:
        return len(json.loads(content).get("results", {}).get("bindings", []))
    except (ValueError, AttributeError):
        return 0


_TIMED_OUT = re.compile(r"Virtuoso S1T00 ")
"""Virtuoso's refusal of a query that ran out of time with nothing to return (500, SQL state
S1T00): busy, not wrong, so a 503 with Retry-After like any engine timeout."""
_VIRTUOSO_BNODE = re.compile(rb'("type"\s*:\s*"bnode"\s*,\s*"value"\s*:\s*")nodeID://')
_VIRTUOSO_BOOLEAN = re.compile(
    rb'("datatype"\s*:\s*"http://www\.w3\.org/2001/XMLSchema#boolean"\s*,\s*"value"\s*:\s*")'
    rb'([01])"')


def _bnode_labels(content: bytes) -> bytes:
    """JSON results as Virtuoso writes them, made plain: its blank node labels
    (``nodeID://b10000``, not a valid label) as ``b10000``, its booleans (``"1"``) in their
    canonical form (``"true"``, as in its own N-Triples)."""
    if b"nodeID://" in content:
        content = _VIRTUOSO_BNODE.sub(rb"\1", content)
    if b"XMLSchema#boolean" in content:
        content = _VIRTUOSO_BOOLEAN.sub(
            lambda m: m.group(1) + (b'true"' if m.group(2) == b"1" else b'false"'), content)
    return content


def _log_slow(start: float, request: dict[str, object], outcome: str) -> None:
    """Log a request the engine took more than :data:`SLOW` seconds over, with the end of its
    text (where a query's own clauses are, past the prologue)."""
    seconds = time.monotonic() - start
    if seconds < SLOW:
        return
    data = request.get("data")
    text = next((v for k, v in data.items() if k in ("query", "update")), "") \
        if isinstance(data, dict) else ""
    LOG.warning("the SPARQL engine took %.1f s (%s): …%s", seconds, outcome,
                " ".join(str(text).split())[-200:])


def _csv_value(text: str) -> str | None:
    """One CSV field as a value: Virtuoso's blank node labels (``nodeID://b1``) as ``b1``."""
    if not text:
        return None
    return text[9:] if text.startswith("nodeID://") else text


def _unavailable(message: str, retry_after: int) -> EngineUnavailable:
    error = EngineUnavailable(message)
    error.retry_after = retry_after
    return error


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_MESSAGE else text[:_MAX_MESSAGE].rsplit(" ", 1)[0] + " …"
