"""The change journal on disk: what the last writes changed, kept across restarts.

The in-memory journal (:mod:`graph.store.journal`) dies with the process; this file beside it
(:data:`FILE`, in the store's directory) keeps the same entries for the last
:data:`KEEP_WRITES` writes, numbered by the store's durable write count
(:mod:`graph.store.stamp`), so a projection snapshot a few writes older than the store
(saved before a crash or a kill) can be caught up at the next start instead of rebuilt.

:class:`~graph.store.embedded.EmbeddedStore` appends one record after each write: the quads it
added and removed (N-Quads), the text of an update made of data blocks (parsed when read), an
empty change for a write that failed (a write is one transaction: it changed nothing), or
*unknown*. A record is a JSON header line (write number, kind, payload length, CRC-32) and its
payload. :meth:`JournalFile.since` answers only when every write in the range has a whole
record that is not *unknown*; a missing, torn or damaged record makes it answer ``None`` (the
caller then rebuilds), never a wrong change. Appends are not synced: a process that is killed
keeps them (the page cache), a machine that loses power may not, and then the snapshot is
rebuilt as without this file.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path

import pyoxigraph as ox

from graph.store import journal

FILE = "aikg-journal.log"
KEEP_WRITES = 256
"""Writes whose records are kept (the file is rewritten without older ones past twice this)."""


class JournalFile:
    """The journal file of the store in ``directory`` (callers hold the store's write lock)."""

    def __init__(self, directory: Path) -> None:
        self.path = Path(directory) / FILE
        self._records = sum(1 for _ in self._read())

    def append(self, writes: int, entry: journal.Change | object | None) -> None:
        """Record what write number ``writes`` changed (never raises: a lost record only
        costs a rebuild)."""
        try:
            record = _encode(writes, entry)
            with open(self.path, "ab") as out:
                out.write(record)
            self._records += 1
            if self._records > 2 * KEEP_WRITES:
                self._trim()
        except (OSError, ValueError):
            pass

    def since(self, first: int, last: int) -> list[journal.Change] | None:
        """The changes of writes ``first + 1`` to ``last``, oldest first, or ``None`` if any
        of them is unknown, missing or damaged."""
        found = {writes: raw for writes, raw in self._read() if first < writes <= last}
        changes = []
        for writes in range(first + 1, last + 1):
            change = _decode(found[writes]) if writes in found else None
            if change is None:
                return None
            changes.append(change)
        return changes

    def _read(self) -> list[tuple[int, tuple[str, bytes, dict]]]:
        """Whole records in file order, up to the first torn or damaged one."""
        try:
            data = self.path.read_bytes()
        except OSError:
            return []
        records, at = [], 0
        while at < len(data):
            end = data.find(b"\n", at)
            try:
                header = json.loads(data[at:end])
                payload = data[end + 1:end + 1 + header["bytes"]]
                if end < 0 or len(payload) != header["bytes"] or \
                        zlib.crc32(payload) != header["crc"]:
                    break
                records.append((header["writes"], (header["kind"], payload, header)))
            except (ValueError, KeyError, TypeError):
                break
            at = end + 1 + header["bytes"]
        return records

    def _trim(self) -> None:
        kept = self._read()[-KEEP_WRITES:]
        temporary = self.path.with_name(f"{FILE}.{os.getpid()}.tmp")
        with open(temporary, "wb") as out:
            for _, (kind, payload, header) in kept:
                out.write(_record(header, payload))
        os.replace(temporary, self.path)
        self._records = len(kept)


def _encode(writes: int, entry: object) -> bytes:
    if isinstance(entry, journal.Change):
        added = ox.serialize(entry.added, format=ox.RdfFormat.N_QUADS) if entry.added else b""
        removed = ox.serialize(entry.removed, format=ox.RdfFormat.N_QUADS) \
            if entry.removed else b""
        header = {"writes": writes, "kind": "quads", "added": len(added),
                  "fresh_blanks": entry.fresh_blanks}
        return _record(header, added + removed)
    if isinstance(entry, journal._Update):
        payload = json.dumps({"text": entry.text, "prefixes": entry.prefixes,
                              "base_iri": entry.base_iri}).encode()
        return _record({"writes": writes, "kind": "update"}, payload)
    return _record({"writes": writes, "kind": "unknown"}, b"")


def _record(header: dict, payload: bytes) -> bytes:
    header = {**header, "bytes": len(payload), "crc": zlib.crc32(payload)}
    return json.dumps(header).encode() + b"\n" + payload


def _decode(record: tuple[str, bytes, dict]) -> journal.Change | None:
    kind, payload, header = record
    try:
        if kind == "quads":
            split = header["added"]
            added, removed = (tuple(ox.parse(part, format=ox.RdfFormat.N_QUADS)) if part else ()
                              for part in (payload[:split], payload[split:]))
            return journal.Change(added, removed, bool(header["fresh_blanks"]))
        if kind == "update":
            text = json.loads(payload)
            return journal.update_change(text["text"], text["prefixes"], text["base_iri"])
    except (ValueError, SyntaxError, KeyError, TypeError):
        return None
    return None
