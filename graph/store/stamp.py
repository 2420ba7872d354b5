"""The durable write count of an on-disk store: which state of the data a file beside it (the
projection snapshot, :mod:`graph.projection.snapshot`) was made from.

``generation`` counts the writes of one process and starts again at every start; the stamp
does not. It lives in the store's own directory (:data:`FILE`, so it moves with the data when
the directory is copied or restored from a backup) and holds ``{"store": <random id>,
"writes": <count>}``. :class:`~graph.store.embedded.EmbeddedStore` bumps the count **before**
each write reaches the store (:meth:`StampFile.begin_write`), so a state of the data is never
newer than its stamp: a write that failed, or a crash between the bump and the write, only
makes the stamp newer than anything made before it (which is then not trusted), never the
other way round. A stamp that is missing or unreadable is replaced by one with a new random
id, which matches nothing made before.

Not seen: writes made to the directory by other programs (the ``oxigraph`` command line) —
delete :data:`FILE` after such a write.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

FILE = "aikg-stamp.json"


@dataclass(frozen=True)
class Stamp:
    """One state of an on-disk store's data."""

    store: str
    """Random id given to the store's data when its stamp was first written."""
    writes: int
    """Writes begun through aikg since then."""


class StampFile:
    """The stamp of the store in ``directory`` (callers hold the store's write lock)."""

    def __init__(self, directory: Path) -> None:
        self.path = Path(directory) / FILE
        self.current = self._read() or self._write(Stamp(uuid.uuid4().hex, 0))

    def begin_write(self) -> Stamp:
        """Count one more write, on disk, before it is made. When the stamp cannot be written
        (a full disk: the store's own write then fails as it would have), the file is removed
        and the count goes on under a new id, so nothing made before is trusted; if even that
        fails, ``OSError`` is raised and the write must not happen."""
        try:
            return self._write(Stamp(self.current.store, self.current.writes + 1))
        except OSError:
            self._temporary().unlink(missing_ok=True)
            self.path.unlink(missing_ok=True)
            self.current = Stamp(uuid.uuid4().hex, 0)
            return self.current

    def _read(self) -> Stamp | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            stamp = Stamp(data["store"], data["writes"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        valid = isinstance(stamp.store, str) and stamp.store and \
            type(stamp.writes) is int and stamp.writes >= 0
        return stamp if valid else None

    def _temporary(self) -> Path:
        return self.path.with_name(f"{FILE}.{os.getpid()}.tmp")

    def _write(self, stamp: Stamp) -> Stamp:
        temporary = self._temporary()
        temporary.write_text(json.dumps({"store": stamp.store, "writes": stamp.writes}),
                             encoding="utf-8")
        os.replace(temporary, self.path)
        self.current = stamp
        return stamp
