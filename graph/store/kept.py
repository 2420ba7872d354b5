"""Whole-store answers kept beside an on-disk store, so a restart does not compute them again.

The aggregations behind ``/analytics/compute``, ``/analytics/funding``, the question routes,
``/sources`` and the VoID description walk the whole store: seconds at 1M quads, minutes at
10M. They are remembered per store generation (:func:`graph.store.memo.bounded`), but a
process's memory is lost at every restart. So each answer computed with its default options is
also written to :data:`DIRECTORY` in the store's directory, one file per function, with the
state of the store it was computed on: the store's id and durable write count (its stamp,
:mod:`graph.store.stamp`) and a digest of aikg's own code (:func:`code_digest`: a new version
never reads an old answer). A process that finds a file whose key is the store's key now reads
it instead of computing.

**Never trusted otherwise**: a file whose key differs, that does not parse, whose CRC-32
differs or that its function's codec does not decode is ignored, and the answer is computed
as if there were none (and written again). Files are written to a temporary name and renamed,
so a reader sees a whole answer or the previous one. Only the answer with the function's
default options is kept (:func:`defaults`): those with others (a day, a language) are many, and
asked for when someone asks.

**Warm-up** (:func:`warm`): once the first projection is built (read from its snapshot or
made: nothing competes with it), the worker reads every kept answer that matches, one at a
time, then computes the others one at a time, in the order their modules were imported
— on a graph of at least :data:`WARM_FROM_NODES` nodes; on a smaller one each answer takes
well under a caller's wait and is computed when first asked.
"""

from __future__ import annotations

import gc
import hashlib
import inspect
import json
import logging
import os
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from graph.store.base import KnowledgeStore
from graph.store.npz import npz_arrays, npz_bytes
from graph.switching import collection_paused

DIRECTORY = "aikg-answers"
WARM_WAIT = 24 * 3600.0
"""Seconds the warm-up waits for one answer (it runs on a thread of its own; no caller waits)."""
WARM_FROM_NODES = 100_000
"""Relations of the first projection from which the warm-up computes the missing answers."""
log = logging.getLogger("aikg.store")


@dataclass(frozen=True)
class Codec:
    """How a function's answer becomes JSON and back (``decode`` raises ``KeyError``,
    ``TypeError`` or ``ValueError`` on what it does not recognise); with ``binary``, bytes and
    back instead (kept as ``<name>.bin``: arrays that JSON would turn into millions of
    objects to read)."""

    encode: Callable[[Any], Any]
    decode: Callable[[Any], Any]
    binary: bool = False

    @property
    def suffix(self) -> str:
        return ".bin" if self.binary else ".json"


def _same(value: Any) -> Any:
    return value


AS_JSON = Codec(_same, _same)
"""For answers made of dicts, lists, strings, numbers, booleans and ``None``."""


ARRAYS = Codec(npz_bytes, npz_arrays, binary=True)
"""For answers that are named numpy arrays."""


@dataclass(frozen=True)
class Kept:
    """A function whose default answer is kept: its file name and codec."""

    name: str
    codec: Codec
    call: Callable[[KnowledgeStore, float], Any]
    """Asks for the answer, waiting at most so many seconds (``bounded``'s ``within``)."""
    read_at_start: bool = True
    """Read back at each start (else only when asked: an answer whose route sends the kept
    file's own text needs no reading to be answered)."""


_registered: list[Kept] = []


NOT_IN_ANSWERS = ("engine",)
"""Packages of ``graph`` left out of :func:`code_digest`: the engine decides how a request
reaches the store (worker, slots, deadlines), never what an answer holds; a change there made
every kept answer of a 10M store be computed again (13-18 min)."""


def digested() -> list[Path]:
    """The files :func:`code_digest` reads: the library's code and queries but the engine's."""
    root = Path(__file__).resolve().parent.parent
    return sorted(path for path in [*root.rglob("*.py"), *root.rglob("*.rq")]
                  if path.relative_to(root).parts[0] not in NOT_IN_ANSWERS)


@cache
def code_digest() -> str:
    """Digest of aikg's library code and queries (what an answer may depend on)."""
    digest = hashlib.blake2b(digest_size=16)
    root = Path(__file__).resolve().parent.parent
    for path in digested():
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def place(kg: KnowledgeStore) -> Path | None:
    """The directory of ``kg``'s kept answers, ``None`` for a store that can have none (in
    memory, remote)."""
    stamp = getattr(kg, "stamp", None)
    return Path(kg.path) / DIRECTORY if callable(stamp) and isinstance(kg.path, Path) else None


def key(kg: KnowledgeStore) -> dict[str, Any] | None:
    """The state of ``kg``'s data now (read under its write lock), ``None`` without a stamp."""
    with kg.writing():
        stamp = kg.stamp()  # type: ignore[attr-defined]
    if stamp is None:
        return None
    return {"code": code_digest(), "store": stamp.store, "writes": stamp.writes}


MISSING = object()


def _body(directory: Path, name: str, state: dict[str, Any], suffix: str = ".json"
          ) -> bytes | None:
    """The body kept as ``name`` for ``state``, checked; ``None`` without one (raises
    ``OSError`` other than a missing file, ``ValueError``, ``KeyError``, ``TypeError``)."""
    try:
        with open(directory / f"{name}{suffix}", "rb") as file:
            header = json.loads(file.readline())
            if header["key"] != state:
                return None
            body = file.read()
    except FileNotFoundError:
        return None
    if zlib.crc32(body) != header["crc"]:
        log.warning("kept answer %s ignored: its check does not match", name)
        return None
    return body


def body(kg: KnowledgeStore, name: str) -> bytes | None:
    """The JSON text kept as ``name`` for ``kg``'s state now (for :data:`AS_JSON` answers:
    the answer itself, ready to send without encoding it again), or ``None``."""
    directory = place(kg)
    state = None if directory is None else key(kg)
    if directory is None or state is None:
        return None
    try:
        return _body(directory, name, state)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def read(directory: Path, name: str, state: dict[str, Any], codec: Codec) -> Any:
    """The answer kept as ``name`` for ``state``, or :data:`MISSING`."""
    try:
        body = _body(directory, name, state, codec.suffix)
        if body is None:
            return MISSING
        with collection_paused():  # millions of objects at 10M: not walked again and again
            found = codec.decode(body if codec.binary else json.loads(body))
        gc.freeze()  # nor by the next full collections (reference counting still frees them)
        return found
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        log.warning("kept answer %s ignored: it does not read back", name)
        return MISSING


def write(directory: Path, name: str, state: dict[str, Any], codec: Codec, value: Any) -> None:
    """Keep ``value`` as ``name`` for ``state`` (never raises: only a missed speed-up)."""
    target = directory / f"{name}{codec.suffix}"
    temporary = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        body = bytes(codec.encode(value)) if codec.binary else \
            json.dumps(codec.encode(value), separators=(",", ":")).encode()
        directory.mkdir(exist_ok=True)
        with open(temporary, "wb") as out:
            out.write(json.dumps({"key": state, "crc": zlib.crc32(body)}).encode() + b"\n")
            out.write(body)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
        if codec.binary:  # the same answer kept as JSON by an earlier version of aikg
            (directory / f"{name}.json").unlink(missing_ok=True)
    except (OSError, TypeError, ValueError):
        log.exception("keeping the answer %s failed", name)
        temporary.unlink(missing_ok=True)


def defaults(func: Callable[..., Any]) -> Callable[[dict[str, Any]], bool]:
    """Whether options given to ``func`` are its defaults (an option left out or given its
    default value: ``lang="en"`` where ``en`` is the default)."""
    given = {name: p.default for name, p in inspect.signature(func).parameters.items()
             if p.kind is p.KEYWORD_ONLY}
    return lambda options: all(k in given and given[k] == v for k, v in options.items())


def keeping(func: Callable[..., Any], codec: Codec) -> Callable[..., Any]:
    """``func(kg, **options)``, read from its kept file when there is one for the store's state
    now, and written to it after being computed (default options only)."""
    name = f"{func.__module__}.{func.__qualname__}"
    default = defaults(func)

    def kept(kg: KnowledgeStore, **options: Any) -> Any:
        directory = place(kg)
        if directory is None or not default(options):
            return func(kg, **options)
        state = key(kg)
        if state is None:
            return func(kg, **options)
        found = read(directory, name, state, codec)
        if found is not MISSING:
            return found
        value = func(kg, **options)
        if key(kg) == state:  # no write began meanwhile: the answer is of that state
            write(directory, name, state, codec, value)
        return value

    return kept


def register(name: str, codec: Codec, call: Callable[[KnowledgeStore, float], Any],
             read_at_start: bool = True) -> None:
    """Warm ``call`` up at each start (:func:`warm`), after those registered before it."""
    if all(k.name != name for k in _registered):
        _registered.append(Kept(name, codec, call, read_at_start))


def warm(kg: KnowledgeStore, built: Callable[[], int]) -> threading.Thread | None:
    """Wait for ``built()`` (the first projection's number of nodes), read every kept
    answer of ``kg``'s state into memory and, on a large graph, compute the others one at a
    time; on a thread, returned."""
    directory = place(kg)
    if directory is None:
        return None

    def run() -> None:
        size = built()  # the projection first: every entity page waits for it, and reading
        state = key(kg)  # ~150 MB of answers beside it at 10M made it ready 1 s later
        missing = []
        for entry in _registered:
            if state is not None and _matches(directory, entry.name, state, entry.codec.suffix):
                if entry.read_at_start:  # read back (computed again if its body is damaged)
                    _ask(entry, kg)
            else:
                missing.append(entry)
        if size >= WARM_FROM_NODES:
            for entry in missing:
                _ask(entry, kg)

    thread = threading.Thread(target=run, name="aikg-kept-warm", daemon=True)
    thread.start()
    return thread


def _matches(directory: Path, name: str, state: dict[str, Any], suffix: str) -> bool:
    """Whether the file kept as ``name`` says it is of ``state`` (its header alone)."""
    try:
        with open(directory / f"{name}{suffix}", "rb") as file:
            return json.loads(file.readline()).get("key") == state
    except (OSError, ValueError, AttributeError):
        return False


def _ask(entry: Kept, kg: KnowledgeStore) -> None:
    try:
        entry.call(kg, WARM_WAIT)
    except Exception:  # noqa: BLE001  a caller asks again and sees the error itself
        log.exception("warming %s up failed", entry.name)
