"""Which store aikg opens: the embedded one (the default) or a SPARQL engine over HTTP.

:func:`open_store` is what the engine's worker and the command line call: with
``Settings.store_url`` set, a :class:`~graph.store.remote.RemoteStore` over that engine,
otherwise the :class:`~graph.store.embedded.EmbeddedStore` at ``Settings.store_path``. Seeding is
the caller's (:func:`graph.store.seeding.ensure_seeded`), the same for both.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from graph.errors import StoreUnavailable
from graph.settings import Settings
from graph.store.base import KnowledgeStore
from graph.store.embedded import EmbeddedStore
from graph.store.engine_profiles import ENGINE_NAMES
from graph.store.remote import RemoteStore
from graph.store.remote_protocol import ProtocolClient


HTTP_SHARE = 0.8
"""Share of a deadline (``query_timeout``, ``update_timeout``) the engine gets to answer: the
store gives up with a 503 of its own before the engine's supervisor must kill its worker."""


def open_store(settings: Settings) -> KnowledgeStore:
    """The store ``settings`` name, opened (not seeded).

    Raises:
        StoreUnavailable: the on-disk store is locked or cannot be created; the engine's URLs
            are not http(s) URLs, its profile is unknown, or it refuses aikg's requests.
        EngineUnavailable: the engine cannot be reached or does not answer in time.
    """
    if not settings.store_url:
        return EmbeddedStore.open(settings.store_path)
    for option, url in (("--store-url", settings.store_url),
                        ("--update-url", settings.update_url),
                        ("--graph-store-url", settings.graph_store_url)):
        if url is not None and (urlsplit(url).scheme not in ("http", "https")
                                or not urlsplit(url).netloc):
            raise StoreUnavailable(f"{option} must be an http:// or https:// URL, not {url!r}")
    if settings.store_engine not in ENGINE_NAMES:
        raise StoreUnavailable(f"unknown store engine {settings.store_engine!r}; one of "
                               f"{', '.join(ENGINE_NAMES)}")
    auth = None
    if settings.store_user is not None:
        auth = (settings.store_user, settings.store_password or "")
    client = ProtocolClient(settings.store_url, settings.update_url, settings.graph_store_url,
                            engine=settings.store_engine, auth=auth,
                            read_timeout=settings.query_timeout * HTTP_SHARE,
                            write_timeout=settings.update_timeout * HTTP_SHARE)
    return RemoteStore.open(client, poll=settings.store_poll, scan=settings.store_scan)
