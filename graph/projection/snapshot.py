"""Projection snapshots: the projection written beside the store after a build or refresh and
read back at the next start instead of a full build (about 3 minutes at 10M quads).

**Where**: ``aikg-projection.npz`` (:data:`FILE`) in the directory of the on-disk store, next
to RocksDB's files and the store's stamp (:mod:`graph.store.stamp`); an uncompressed ``.npz``
of the arrays of :mod:`graph.projection.snapshot_format`, a JSON ``header`` and a ``check``
array. Stores in memory and remote stores have none. Nothing in it is pickled.

**When it is used**: when the key in its header equals the store's key now — the format and a
digest of the projection's own code (:func:`code_digest`: the build, the snapshot format, the
``projection_*`` queries; a new version of aikg never reads an old projection), the store's id
and its durable write count (the stamp, counted before every write): it is then the projection
of the current generation. When only the write count is older (writes made after the last save,
then a crash or a kill), the writes since are caught up from the store's journal file
(:mod:`graph.store.journal_file`) by the incremental refresh (:mod:`graph.projection.delta`) —
if the journal knows each of them exactly; otherwise it is rebuilt. Writes made while the
process runs are caught up from the in-memory journal like any refresh
(:mod:`graph.projection.cache`).

**Never trusted otherwise**: a file that does not open, whose ``check`` (BLAKE2b of the header
and every array) differs, or whose arrays do not fit together
(:func:`graph.projection.snapshot_format.decode`: counts, code ranges, types) is damaged; one
whose key differs is stale. Either is ignored, with one warning in the log, and the projection
is built from the store as if there were none; the next save replaces it.

**Saving**: :func:`schedule` after each build or refresh; one thread writes the latest graph,
at most once every :data:`SAVE_INTERVAL` seconds (the first at once), to a temporary file that
is renamed over the old one once complete and synced: a reader sees a whole snapshot or the
previous one, never half of one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from graph.errors import SnapshotUnusable
from graph.projection import snapshot_format
from graph.projection.acyclic import made
from graph.projection.delta import refresh
from graph.store import queries
from graph.store.base import KnowledgeStore
from graph.store.journal import Change

FILE = "aikg-projection.npz"
FORMAT = 1
SAVE_INTERVAL = 30.0
"""Least seconds between the starts of two saves (writes keep the projection changing; a
save at 10M quads takes seconds)."""
log = logging.getLogger("aikg.projection")
_pending: dict[Path, tuple[dict[str, Any], nx.MultiDiGraph]] = {}
_busy = False
_saves = 0
_changed = threading.Condition()
_writer: threading.Thread | None = None


@cache
def code_digest() -> str:
    """Digest of what decides the projection's content and the file's layout."""
    digest = hashlib.blake2b(str(FORMAT).encode(), digest_size=16)
    here = Path(__file__).parent
    for path in [here / "build.py", here / "snapshot_format.py",
                 *sorted(Path(queries.__file__).parent.glob("projection_*.rq"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def location(kg: KnowledgeStore) -> Path | None:
    """Where ``kg``'s snapshot lives, ``None`` if it can have none."""
    stamp = getattr(kg, "stamp", None)
    return Path(kg.path) / FILE if callable(stamp) and isinstance(kg.path, Path) else None


def state(kg: KnowledgeStore) -> tuple[int, dict[str, Any]] | None:
    """``kg``'s generation and snapshot key, read together under its write lock, or ``None``
    for a store without snapshots."""
    if location(kg) is None:
        return None
    with kg.writing():
        return _state(kg)


def _state(kg: KnowledgeStore) -> tuple[int, dict[str, Any]] | None:
    generation, stamp = kg.generation, kg.stamp()  # type: ignore[attr-defined]
    if stamp is None:
        return None
    return generation, {"format": FORMAT, "code": code_digest(), "store": stamp.store,
                        "writes": stamp.writes}


def save(path: Path, key: dict[str, Any], graph: nx.MultiDiGraph) -> None:
    """Write ``graph`` as the snapshot at ``path`` for ``key``, atomically."""
    header, arrays = snapshot_format.encode(graph)
    header["key"] = key
    arrays["header"] = np.frombuffer(json.dumps(header).encode(), np.uint8)
    arrays["check"] = _check(arrays)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open(temporary, "wb") as out:
            np.savez(out, **arrays)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def load(path: Path, key: dict[str, Any]) -> nx.MultiDiGraph:
    """The graph of the snapshot at ``path`` if it is whole and made for ``key``.

    Raises:
        SnapshotUnusable: there is none, it is damaged, or it was made for another key.
    """
    header, arrays = _read(path)
    if header["key"] != key:
        raise SnapshotUnusable(f"made from another state of the store ({header['key']} ≠ {key})")
    return _decode(header, arrays)


def restore(kg: KnowledgeStore) -> tuple[int, nx.MultiDiGraph] | None:
    """``kg``'s projection from its snapshot, caught up with the writes made since (the
    store's journal file), and the generation it is the projection of; ``None`` when there is
    no usable snapshot (logged, never raised)."""
    path = location(kg)
    if path is None or not path.exists():
        return None
    try:
        header, arrays = _read(path)
        with kg.writing():  # the generation, the key and the changes since, together
            current = _state(kg)
            if current is None:
                return None
            generation, key = current
            changes = [] if header["key"] == key else _since(kg, header["key"], key)
        graph = _decode(header, arrays)
        if changes:
            try:
                graph = refresh(kg, graph, changes, generation)
            except Exception as exc:  # a bug must cost a rebuild, not fail every first build
                raise SnapshotUnusable(f"catching up failed: {type(exc).__name__}: {exc}") \
                    from None
            if graph is None:
                raise SnapshotUnusable("the writes made since it need a full build")
    except SnapshotUnusable as exc:
        log.warning("projection snapshot %s ignored, building from the store: %s", path, exc)
        return None
    graph.graph["generation"] = generation
    return generation, graph


def _since(kg: KnowledgeStore, found: Any, key: dict[str, Any]) -> list[Change]:
    """The changes from the state ``found`` was made of to the state ``key`` names."""
    same = isinstance(found, dict) and {k: v for k, v in found.items() if k != "writes"} == \
        {k: v for k, v in key.items() if k != "writes"}
    if not same or type(found["writes"]) is not int or found["writes"] > key["writes"]:
        raise SnapshotUnusable(f"made from another state of the store ({found} ≠ {key})")
    changes = kg.changes_since_writes(found["writes"])  # type: ignore[attr-defined]
    if changes is None:
        raise SnapshotUnusable(f"made {key['writes'] - found['writes']} writes ago, and the "
                               "journal does not say exactly what they changed")
    return changes


def _read(path: Path) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The header and arrays of the snapshot at ``path``, checksum verified."""
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    except FileNotFoundError:
        raise SnapshotUnusable(f"no snapshot at {path}") from None
    except Exception as exc:  # zipfile, zlib and numpy raise many kinds on damaged files
        raise SnapshotUnusable(f"unreadable ({type(exc).__name__}: {exc})") from None
    check, raw = arrays.pop("check", None), arrays.get("header")
    if raw is None or raw.dtype != np.uint8 or raw.ndim != 1:
        raise SnapshotUnusable("no header")
    if check is None or not np.array_equal(check, _check(arrays)):
        raise SnapshotUnusable("checksum mismatch")
    try:
        header = json.loads(arrays.pop("header").tobytes())
        header["key"]
    except (ValueError, TypeError, KeyError):
        raise SnapshotUnusable("damaged header") from None
    return header, arrays


def _decode(header: dict[str, Any], arrays: dict[str, np.ndarray]) -> nx.MultiDiGraph:
    return made(lambda: snapshot_format.decode(header, arrays))


def schedule(path: Path, key: dict[str, Any], graph: nx.MultiDiGraph) -> None:
    """Save ``graph`` for ``key`` at ``path`` soon (see the module docstring); a later call
    for the same path before the save replaces this one."""
    global _writer
    with _changed:
        _pending[path] = (key, graph)
        if _writer is None:
            _writer = threading.Thread(target=_write_forever, name="aikg-snapshot", daemon=True)
            _writer.start()
        _changed.notify_all()


def flush(timeout: float = 60.0) -> bool:
    """Wait until every scheduled save is written (tests, benchmarks); ``False`` on timeout."""
    deadline = time.monotonic() + timeout
    with _changed:
        while _pending or _busy:
            if not _changed.wait(max(0.0, deadline - time.monotonic())):
                return False
    return True


def finish(timeout: float = 8.0) -> None:
    """Write the scheduled snapshots now, without the pause between saves (a worker that stops
    calls this before closing its store, so the next start finds the last projection)."""
    global _busy
    deadline = time.monotonic() + timeout
    with _changed:
        while _busy and _changed.wait(max(0.0, deadline - time.monotonic())):
            pass
        if _busy:
            return
        pending = list(_pending.items())
        _pending.clear()
        _busy = bool(pending)
    try:
        for path, (key, graph) in pending:
            save(path, key, graph)
    except Exception:  # as in the writer: only a missed speed-up
        log.exception("writing the projection snapshot failed")
    finally:
        with _changed:
            _busy = False
            _changed.notify_all()


def saves() -> int:
    """Snapshots written by this process."""
    return _saves


def _write_forever() -> None:
    global _busy, _saves
    last = float("-inf")
    while True:
        with _changed:
            while True:  # woken by schedule() and finish(); the interval is read each time
                remaining = last + SAVE_INTERVAL - time.monotonic()
                if _pending and not _busy and remaining <= 0:
                    break
                _changed.wait(remaining if _pending and not _busy else None)
            path, (key, graph) = _pending.popitem()
            _busy = True
        last = time.monotonic()
        try:
            save(path, key, graph)
            _saves += 1
        except Exception:  # a full disk, a store removed under us: only a missed speed-up
            log.exception("writing the projection snapshot %s failed", path)
        finally:
            del graph
            with _changed:
                _busy = False
                _changed.notify_all()


def _check(arrays: dict[str, np.ndarray]) -> np.ndarray:
    digest = hashlib.blake2b(digest_size=32)
    for name in sorted(arrays):
        array = np.ascontiguousarray(arrays[name])
        digest.update(f"{name}\0{array.dtype.str}\0{array.shape}\0".encode())
        digest.update(array.data)
    return np.frombuffer(digest.digest(), np.uint8)
