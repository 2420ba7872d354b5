"""SELECT/ASK answers in SPARQL JSON and XML written by pyoxigraph's own serializer, row-capped.

Materialising solutions as Python objects and writing them in Python costs about 25 µs per row;
pyoxigraph's :meth:`~pyoxigraph.QuerySolutions.serialize` writes the same formats natively at a
few µs per row. It has no row limit, so :func:`serialize_capped` hands it a sink
(:class:`CappedSink`) that counts rows in the bytes as they stream out and stops the
serializer (and with it the lazily evaluated query) once more than ``max_rows`` rows were
written; the answer is then cut after ``max_rows`` rows:

* XML: every row is one ``<result>`` element and the text of terms is escaped (``&lt;``), so
  counting ``<result>`` is exact.
* JSON: rows are the objects of the ``bindings`` array, so ``},{`` occurs between rows and
  nowhere else outside strings; a literal may contain it, so the count is an upper bound: exact
  enough to know that an answer is complete. When it says "more than
  ``max_rows``" the rows are decoded one by one (:func:`cut_json`) to find the exact cut; if
  the bytes read so far hold fewer rows than that (literals full of ``},{``) the caller falls
  back to the Python writers, which count exactly.

A cut JSON answer carries ``"truncated": true`` at its top level, as the Python writer does.
Both formats are otherwise semantically what :mod:`graph.sparql.results` writes (compact spacing;
XML escapes quotes as entities). CSV and TSV stay with the Python writers: they write
``xsd:double`` values in XSD canonical form and ASK answers with a header row, which
pyoxigraph's writers do not.
"""

from __future__ import annotations

import json

import pyoxigraph as ox

JSON_MEDIA = "application/sparql-results+json"
XML_MEDIA = "application/sparql-results+xml"
NATIVE_FORMATS = {JSON_MEDIA: ox.QueryResultsFormat.JSON, XML_MEDIA: ox.QueryResultsFormat.XML}
"""Media types (without parameters) written natively → pyoxigraph format."""

_ROW_MARK = {JSON_MEDIA: b"},{", XML_MEDIA: b"<result>"}
_XML_END = b"</results></sparql>"


class _Full(Exception):
    """Raised from :meth:`CappedSink.write` to stop the serializer."""


class CappedSink:
    """A binary file-like object collecting serializer output until it holds more than
    ``max_rows`` rows (by the count described in the module docstring).

    Parameters
    ----------
    media_type : str
        :data:`JSON_MEDIA` or :data:`XML_MEDIA`.
    max_rows : int
        rows allowed before the sink refuses more output.
    """

    def __init__(self, media_type: str, max_rows: int) -> None:
        self.mark = _ROW_MARK[media_type]
        self.json = media_type == JSON_MEDIA
        self.max_rows = max_rows
        self.chunks: list[bytes] = []
        self.marks = 0
        """Row marks seen: JSON row separators (rows - 1), XML rows."""
        self.full = False
        self._tail = b""

    def rows_bound(self) -> int:
        """An upper bound of the rows written so far (exact for XML); for JSON it assumes at
        least one row started, which only matters for the comparison with ``max_rows``."""
        return self.marks + 1 if self.json else self.marks

    def write(self, chunk: bytes) -> int:
        """Keep ``chunk``; raise :class:`_Full` once the rows passed ``max_rows``."""
        if self.full:
            raise _Full
        data = bytes(chunk)
        # marks straddling chunks: the kept tail is shorter than a mark, so it holds no whole
        # mark of its own and nothing is counted twice
        window = self._tail + data
        self.marks += window.count(self.mark)
        self._tail = window[-(len(self.mark) - 1):]
        self.chunks.append(data)
        if self.rows_bound() > self.max_rows:
            self.full = True
            raise _Full
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: chunks are kept in memory."""

    def body(self) -> bytes:
        return b"".join(self.chunks)


def cut_json(text: bytes, max_rows: int) -> bytes | None:
    """The first ``max_rows`` rows of a partial SPARQL JSON answer that holds more, closed and
    marked ``"truncated": true``; ``None`` when ``text`` does not hold ``max_rows`` whole rows
    followed by another one."""
    head, found, _ = text.partition(b'"bindings":[')
    if not found:
        return None
    decoded = text.decode("utf-8", "ignore")  # the last character may be cut in two
    position = len(head.decode("utf-8")) + len('"bindings":[')
    decoder = json.JSONDecoder()
    for row in range(max_rows):
        if row:
            if decoded[position:position + 1] != ",":
                return None
            position += 1
        try:
            _, position = decoder.raw_decode(decoded, position)
        except ValueError:
            return None
    if not decoded.startswith(",{" if max_rows else "{", position):
        return None
    return (decoded[:position] + ']},"truncated":true}').encode()


def cut_xml(text: bytes, max_rows: int) -> bytes:
    """The first ``max_rows`` rows of a partial SPARQL XML answer that holds more, closed."""
    position = -1
    for _ in range(max_rows + 1):
        position = text.find(b"<result>", position + 1)
    return text[:position] + _XML_END


def serialize_capped(raw: ox.QuerySolutions | ox.QueryBoolean, media_type: str,
                     max_rows: int) -> tuple[bytes, bool] | None:
    """``raw`` serialised natively as ``media_type`` (a key of :data:`NATIVE_FORMATS`), cut
    after ``max_rows`` rows: the body and whether it was truncated, or ``None`` when the exact
    cut could not be found (the result is then partly consumed; run the query again with the
    Python writers). Must run in the thread that ran the query."""
    fmt = NATIVE_FORMATS[media_type]
    if isinstance(raw, ox.QueryBoolean):
        return raw.serialize(format=fmt), False
    sink = CappedSink(media_type, max_rows)
    try:
        raw.serialize(sink, format=fmt)
    except _Full:
        pass
    if not sink.full:
        return sink.body(), False
    text = sink.body()
    if media_type == XML_MEDIA:
        return cut_xml(text, max_rows), True
    cut = cut_json(text, max_rows)
    return None if cut is None else (cut, True)
