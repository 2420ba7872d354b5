"""Named numpy arrays as bytes and back: an uncompressed ``.npz`` held in memory, nothing
pickled (the body of a binary kept answer, :data:`graph.store.kept.ARRAYS`)."""

from __future__ import annotations

import io
import zipfile

import numpy as np


def npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """Named arrays as the bytes of an uncompressed ``.npz`` (nothing pickled)."""
    out = io.BytesIO()
    np.savez(out, **arrays)
    return out.getvalue()


def npz_arrays(body: bytes) -> dict[str, np.ndarray]:
    """The arrays of :func:`npz_bytes`'s bytes; ``ValueError`` for what is not such a file."""
    try:
        with np.load(io.BytesIO(body), allow_pickle=False) as data:
            return {name: data[name] for name in data.files}
    except (OSError, EOFError, zipfile.BadZipFile) as exc:
        raise ValueError(f"not an .npz ({type(exc).__name__})") from None
