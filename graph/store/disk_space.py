"""A full disk under the on-disk store: telling it apart, and knowing when there is room again.

RocksDB (under pyoxigraph) answers a write on a full disk with an ``OSError`` ("IO error: No
space left on device", no ``errno``) and then refuses every later write, even once space is
freed, until the store is opened again; reads keep working. :func:`disk_writes` turns that
error into :class:`~graph.errors.StorageFull` (HTTP 507) at the store's write seam, and
:func:`room_to_reopen` says when reopening is safe: opening replays the write-ahead log into a
new table file, so it needs about the log's size free, plus a margin.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.errors import StorageFull

MARGIN_BYTES = 2 * 1024 * 1024
"""Free space asked for beyond the write-ahead logs before the store is reopened."""


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` says the disk (or the user's quota) is full."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(exc)
    return "No space left on device" in text or "Disk quota exceeded" in text


@contextmanager
def disk_writes(path: Path | None) -> Iterator[None]:
    """Around a write to the store at ``path``: a full disk raises :class:`StorageFull`."""
    try:
        yield
    except OSError as exc:
        if not is_disk_full(exc):
            raise
        raise StorageFull(f"the disk under the store{f' at {path}' if path else ''} is full; "
                          "nothing was written, and writes resume by themselves once there "
                          "is room") from None


def free_bytes(path: Path) -> int:
    """Bytes an unprivileged process may still write on the file system of ``path``."""
    stat = os.statvfs(path)
    return stat.f_bavail * stat.f_frsize


def room_to_reopen(path: Path) -> bool:
    """Whether the store at ``path`` can be opened again: free space for its write-ahead logs
    (replayed into a table file on opening) plus :data:`MARGIN_BYTES`."""
    try:
        logs = sum(entry.stat().st_size for entry in os.scandir(path)
                   if entry.name.endswith(".log"))
        return free_bytes(path) >= logs + MARGIN_BYTES
    except OSError:
        return False
