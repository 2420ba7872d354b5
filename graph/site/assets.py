"""The static files the pages load, from the package itself: our stylesheet and scripts and the
vendored front-end libraries under ``static/vendor/`` (each with its licence file).

:func:`static_file` answers a path below ``static/`` with its bytes, media type and a strong
ETag; anything else — an unknown file, ``..``, a hidden file — is :class:`EntityNotFound`.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from functools import cache
from importlib import resources

from graph.errors import EntityNotFound

SAFE_PATH = re.compile(r"^(?:[A-Za-z0-9_-][A-Za-z0-9_.@+-]*/)*[A-Za-z0-9_-][A-Za-z0-9_.@+-]*$")
TYPES = {".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
         ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png",
         ".woff2": "font/woff2", ".woff": "font/woff", ".json": "application/json",
         ".map": "application/json", ".txt": "text/plain; charset=utf-8",
         ".html": "text/html; charset=utf-8", ".ico": "image/x-icon"}


@cache
def static_file(path: str) -> tuple[bytes, str, str]:
    """(content, media type, ETag) of ``static/<path>``.

    Raises:
        EntityNotFound: no such file, or a path that is not a plain relative file name.
    """
    if not SAFE_PATH.match(path) or ".." in path.split("/"):
        raise EntityNotFound(f"no static file {path!r}", path=path)
    node = resources.files("graph.site").joinpath("static")
    for part in path.split("/"):
        node = node.joinpath(part)
    if not node.is_file():
        raise EntityNotFound(f"no static file {path!r}", path=path)
    content = node.read_bytes()
    suffix = "." + path.rsplit(".", 1)[-1] if "." in path else ""
    media = TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    return content, media, '"' + hashlib.sha256(content).hexdigest()[:20] + '"'
