"""Temporary files left beside an on-disk store by a process killed while writing.

The projection snapshot, the kept answers and the stamp are each written to
``<name>.<pid>[.<thread>].tmp`` and renamed over the file once complete, so a reader never sees
half of one. A writer killed midway (``kill -9``, the supervisor's deadline, a power cut) leaves
its temporary file behind: ~150 MB for a snapshot at 10M quads, once per kill, never read. When a
worker opens the store, :func:`sweep` removes those whose writing process is gone.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

log = logging.getLogger("aikg.store")
_TEMPORARY = re.compile(r".+?\.(\d+)(?:\.\d+)?\.tmp")  # <file>.<pid>[.<thread>].tmp


def sweep(directory: Path, *, prefix: str = "") -> list[str]:
    """Remove the temporary files in ``directory`` named ``prefix…`` whose writer is no longer
    running (this process's own pid counts as gone: it calls this before writing anything);
    their names."""
    removed = []
    try:
        entries = sorted(directory.iterdir())
    except OSError:  # no such directory (yet): nothing was ever written there
        return removed
    for path in entries:
        found = _TEMPORARY.fullmatch(path.name)
        if not path.name.startswith(prefix) or found is None or not path.is_file() or _running(int(found.group(1))):
            continue
        try:
            path.unlink()
            removed.append(path.name)
        except OSError as exc:
            log.warning("cannot remove the leftover %s: %s", path, exc.strerror or exc)
    if removed:
        log.info("removed %d temporary file(s) left by killed writers in %s", len(removed),
                 directory)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process, or not a pid: left alone
    return True
