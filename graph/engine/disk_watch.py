"""The engine's view of a full disk: whether writes fail, and when to reopen the store.

After a write found the disk full (:class:`~graph.errors.StorageFull`), the worker's store
refuses every write (RocksDB stays in its error state) while reads go on. :class:`DiskWatch`
remembers why, and says — looking at most once a second — when there is room to reopen the
store (:func:`graph.store.disk_space.room_to_reopen`); the supervisor then swaps in its spare
worker, which opens the store afresh.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from graph.errors import StorageFull
from graph.store.disk_space import room_to_reopen

log = logging.getLogger("aikg.engine")


class DiskWatch:
    """Writes failing on a full disk under the store at ``path`` (``None``: in memory)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.reason: str | None = None
        """Why writes fail, or ``None`` while they work."""
        self._checked = 0.0

    def failed(self, exc: StorageFull) -> None:
        """A write found the disk full."""
        if self.reason is None:
            log.warning("writes fail: %s", exc.message)
        self.reason = exc.message
        self._checked = 0.0

    def room_again(self) -> bool:
        """While writes fail: whether the disk has room to reopen the store now."""
        if self.reason is None or self.path is None:
            return False
        now = time.monotonic()
        if now - self._checked < 1.0:
            return False
        self._checked = now
        return room_to_reopen(self.path)
