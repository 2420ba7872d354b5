"""The one error vocabulary of aikg.

Every error a caller can fix is a :class:`KGError` subclass with a stable machine-readable
``code``. The HTTP layer maps classes to status codes in one table (``api``), the CLI prints
``str(error)`` on one line and exits non-zero. Anything that is not a ``KGError`` is a bug and is
reported as an internal error without details.
"""

from __future__ import annotations


class KGError(Exception):
    """Base class for errors the caller can fix."""

    code = "error"

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.details = {k: v for k, v in details.items() if v is not None}

    def to_dict(self) -> dict[str, object]:
        """The JSON error body: ``{"error": code, "message": text, **details}``."""
        return {"error": self.code, "message": self.message, **self.details}

    def __reduce__(self) -> tuple[object, ...]:
        # Errors cross the process boundary from the engine's worker: keep class and state.
        return (_rebuild, (type(self), self.message, dict(self.__dict__)))


def _rebuild(cls: type[KGError], message: str, state: dict[str, object]) -> KGError:
    exc = cls.__new__(cls)
    Exception.__init__(exc, message)
    exc.__dict__.update(state)
    return exc


class InvalidInput(KGError):
    """A parameter has the wrong shape (bad IRI, unknown format, out-of-range number)."""

    code = "invalid_parameter"


class InvalidIRI(InvalidInput):
    """A string that should be an absolute IRI of an allowed scheme is not one."""

    code = "invalid_iri"


class UnsupportedFormat(InvalidInput):
    """A serialisation format we cannot read or write."""

    code = "unsupported_format"


class DataSyntaxError(KGError):
    """RDF data that does not parse; carries line and column when the parser gives them."""

    code = "malformed_data"

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None,
                 source: str | None = None) -> None:
        where = f" at line {line}, column {column}" if line is not None else ""
        prefix = f"{source}: " if source else ""
        super().__init__(f"{prefix}{message}{where}", line=line, column=column)


class ForbiddenInput(KGError):
    """Input refused on purpose because it could harm the service (DTDs, remote contexts)."""

    code = "forbidden_input"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code:
            self.code = code


class QuerySyntaxError(KGError):
    """A SPARQL query or update that does not parse."""

    code = "malformed_query"

    def __init__(self, message: str, *, line: int | None = None,
                 column: int | None = None) -> None:
        where = f" (line {line}, column {column})" if line is not None else ""
        super().__init__(f"{message}{where}", line=line, column=column)


class UnsupportedFunction(KGError):
    """A query calls an extension function the engine does not implement (a client mistake)."""

    code = "unsupported_function"


class InternalError(KGError):
    """A bug, not a client mistake (HTTP 500): the message names the request the server log
    describes, and nothing more."""

    code = "internal_error"


class NotProducible(KGError):
    """The client accepts no serialisation we can produce for this answer (HTTP 406)."""

    code = "not_acceptable"


class UpdateFailed(KGError):
    """An update that parsed but could not be applied; nothing was applied."""

    code = "update_failed"


class QueryRefused(KGError):
    """A SPARQL text refused by the guard (SERVICE, LOAD, nesting, size)."""

    code = "query_refused"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code:
            self.code = code


class QueryTooLarge(QueryRefused):
    """A SPARQL text over the size limit."""

    code = "payload_too_large"


class EntityNotFound(KGError):
    """An entity, graph or other resource that does not exist."""

    code = "not_found"


class Ambiguous(KGError):
    """A name that fits several entities, or none exactly (HTTP 300 Multiple Choices): the
    body names the parameter (``field``) and lists the ``candidates`` (``id``, ``label``,
    ``classes``) to pick from."""

    code = "ambiguous"

    def __init__(self, message: str, *, field: str | None = None,
                 candidates: list[dict[str, object]] | None = None) -> None:
        super().__init__(message, field=field, candidates=candidates or [])


class Conflict(KGError):
    """A request that contradicts the resource's current state, such as accepting facts of an
    ingestion that was rejected (HTTP 409)."""

    code = "conflict"


class StoreUnavailable(KGError):
    """The store cannot be opened (locked by another process, missing, unreadable)."""

    code = "store_unavailable"


class ExtractorFailed(KGError):
    """The model-backed extractor (``AIKG_EXTRACTOR_URL``) could not be reached or did not
    answer JSON of the facts schema; nothing was staged (HTTP 502)."""

    code = "extractor_failed"


class StorageFull(StoreUnavailable):
    """A write failed because the disk under the store is full; nothing was written. Reads go
    on, and writes resume by themselves once there is room again (HTTP 507)."""

    code = "insufficient_storage"


class ValidationFailed(KGError):
    """Data that does not conform to the SHACL shapes; ``report`` holds the text report and
    ``violations`` (a detail of the JSON body) the results as dicts with ``focus``, ``path``,
    ``message``, ``severity`` and ``shape``."""

    code = "validation_failed"

    def __init__(self, message: str, *, report: str | None = None,
                 violations: list[dict[str, str | None]] | None = None,
                 facts: list[str] | None = None) -> None:
        super().__init__(message, violations=violations, facts=facts or None)
        self.report = report


class SeedError(KGError):
    """A seed or ontology file that cannot be installed (names the file and the problem)."""

    code = "invalid_seed"


class SnapshotUnusable(KGError):
    """A projection snapshot that cannot be trusted: damaged, of another format, or made from
    another state of the store (:mod:`graph.projection.snapshot`). It is ignored and the
    projection rebuilt; callers never see this error."""

    code = "snapshot_unusable"


class EngineUnavailable(KGError):
    """The query engine could not answer: its worker hit the deadline, crashed or restarted.

    Answered 503 with ``Retry-After``; nothing was half-written (the engine's writes are
    transactions, and a killed worker's transaction is rolled back)."""

    code = "engine_unavailable"
    retry_after = 1
    fault = 0.0
    """How much of an engine restart this request is to blame for (0 to 1): the client
    fairness of the service (``api.fairness``) slows, then refuses, clients who cause many."""


class RowCapReached(EngineUnavailable):
    """A remote engine cut an answer at its row limit (Virtuoso's ``ResultSetMaxRows``, at most
    1,048,576 whatever its ini says). aikg's own whole-graph reads are read in partitions past it
    (:mod:`graph.store.remote_reads`); anything else answers 503."""

    retry_after = 60

    def __init__(self, message: str, cap: int) -> None:
        super().__init__(message)
        self.cap = cap


class EngineCrashed(EngineUnavailable):
    """The engine's worker died while this request was in flight on it (with ``suspects - 1``
    others): the request may have crashed it."""

    code = "engine_crashed"

    def __init__(self, message: str, *, suspects: int = 1) -> None:
        super().__init__(message)
        self.fault = 1.0 / max(1, suspects)


class QueryQuarantined(EngineUnavailable):
    """The same text crashed the engine a little earlier: it is refused, not run again, for a
    while (``retry_after`` seconds)."""

    code = "query_quarantined"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class QueryTimeout(EngineUnavailable):
    """A query ran past its deadline; its worker was killed and replaced."""

    code = "query_timeout"
    fault = 1.0


class UpdateTimeout(EngineUnavailable):
    """An update ran past its deadline; its worker was killed and nothing was applied."""

    code = "update_timeout"
    fault = 1.0
