"""Where aikg finds its ontology, seeds and store, and the limits it runs under.

Settings are a frozen dataclass built explicitly (tests) or from the environment
(:meth:`Settings.from_env`, used by the CLI). Nothing is read at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def default_store_path() -> Path:
    """``$XDG_DATA_HOME/aikg/store`` (``~/.local/share/aikg/store`` when unset)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "aikg" / "store"


def default_seeds_dir() -> Path:
    """``$AIKG_SEEDS_DIR`` when set, else the project's ``seeds/``."""
    return Path(os.environ.get("AIKG_SEEDS_DIR") or PROJECT_ROOT / "seeds")


@dataclass(frozen=True)
class Settings:
    """Configuration of one aikg instance.

    Args:
        store_path: directory of the on-disk Oxigraph store; ``None`` keeps the store in memory.
        ontology_dir: folder holding ``aikg.ttl`` and ``shapes.ttl``.
        seeds_dir: folder of seed TriG files loaded at first start.
        max_query_bytes: largest SPARQL text accepted.
        max_query_depth: deepest bracket nesting accepted in a SPARQL text.
        max_rows: largest number of result rows returned before truncation is signalled.
        token: bearer token that authorises writes over HTTP; ``None`` disables HTTP writes.
        read_only: refuse every write over HTTP (403), token or not.
        query_timeout: default deadline of a query, in seconds.
        update_timeout: default deadline of an update or upload, in seconds.
        max_timeout: the largest per-request ``timeout`` a client may ask for.
        max_upload_bytes: largest RDF upload accepted over HTTP.
        cors_origins: browser origins (``https://app.example``) allowed to call the service
            cross-site; empty (the default) turns CORS off, so no response carries
            ``Access-Control-Allow-Origin``. Never sent with credentials.
        max_header_bytes: most bytes of request headers (names and values) accepted over HTTP;
            more get 431.
        max_url_bytes: longest request target (path plus query string) accepted over HTTP;
            longer ones get 414 (send large queries by POST).
        validate_writes: check every HTTP write (SPARQL update, Graph Store PUT/POST/DELETE)
            against the SHACL shapes before applying it, and refuse with 422
            ``validation_failed`` one that would add violations the store does not already have
            (:mod:`graph.sparql.guarded_writes`). It validates the whole data graph on each write
            (about 0.18 s on the seed store): fine for curated stores, hence off by default.
        max_requests_per_client: engine requests (``/sparql``, ``/store``) one client address
            may have in flight; more get 429 at once.
        max_requests_total: engine requests all clients may have in flight together.
        store_url: query endpoint of a SPARQL engine to use instead of the on-disk store
            (:mod:`graph.store.remote`); ``None`` keeps the embedded store.
        update_url, graph_store_url: the engine's update and Graph Store endpoints when they
            are not where its profile expects them.
        store_engine: the engine's profile (:mod:`graph.store.engine_profiles`); ``auto`` reads
            its ``Server`` header.
        store_user, store_password: HTTP basic credentials for the engine.
        store_poll: seconds between two looks at the engine's journal for writes made by other
            aikg processes.
        store_scan: seconds between two looks at the sizes of the engine's graphs for writes
            made by clients that do not keep aikg's journal (0: never).
        extractor_url: base URL of an OpenAI-compatible chat API (``http://127.0.0.1:8080/v1``)
            asked for facts alongside the rules (:mod:`graph.ingest.model_extractor`); ``None``
            (the default) keeps ingestion to the offline rules.
        extractor_model, extractor_key, extractor_timeout: the model's name, an optional bearer
            key, and how long one request may take (seconds).
        answer_cache_bytes: bytes of SPARQL answers remembered until the next write
            (:mod:`graph.engine.answers`; 0: none; never over a remote engine).

    Environment: ``AIKG_STORE``, ``AIKG_ONTOLOGY_DIR``, ``AIKG_SEEDS_DIR``, ``AIKG_MAX_ROWS``,
    ``AIKG_TOKEN``, ``AIKG_READ_ONLY``, ``AIKG_QUERY_TIMEOUT``, ``AIKG_UPDATE_TIMEOUT``,
    ``AIKG_CORS_ORIGINS`` (comma-separated), ``AIKG_MAX_URL_BYTES``,
    ``AIKG_MAX_REQUESTS_PER_CLIENT``, ``AIKG_MAX_REQUESTS_TOTAL``,
    ``AIKG_VALIDATE_WRITES`` (``1``/``true``/``yes``), ``AIKG_STORE_URL``,
    ``AIKG_UPDATE_URL``, ``AIKG_GRAPH_STORE_URL``, ``AIKG_STORE_ENGINE``,
    ``AIKG_STORE_USER``, ``AIKG_STORE_PASSWORD``, ``AIKG_STORE_POLL``,
    ``AIKG_EXTRACTOR_URL``, ``AIKG_EXTRACTOR_MODEL``, ``AIKG_EXTRACTOR_KEY`` and
    ``AIKG_EXTRACTOR_TIMEOUT``, ``AIKG_ANSWER_CACHE_BYTES``.
    """

    store_path: Path | None = field(default_factory=default_store_path)
    ontology_dir: Path = PROJECT_ROOT / "ontology"
    seeds_dir: Path = field(default_factory=default_seeds_dir)
    max_query_bytes: int = 32 * 1024
    max_query_depth: int = 64
    max_rows: int = 10_000
    token: str | None = field(default=None, repr=False)
    read_only: bool = False
    query_timeout: float = 10.0
    update_timeout: float = 30.0
    max_timeout: float = 120.0
    max_upload_bytes: int = 10 * 1024 * 1024
    cors_origins: tuple[str, ...] = ()
    max_url_bytes: int = 16 * 1024
    max_header_bytes: int = 32 * 1024
    max_requests_per_client: int = 2
    max_requests_total: int = 12
    validate_writes: bool = False
    store_url: str | None = None
    update_url: str | None = None
    graph_store_url: str | None = None
    store_engine: str = "auto"
    store_user: str | None = None
    store_password: str | None = field(default=None, repr=False)
    store_poll: float = 1.0
    store_scan: float = 30.0
    extractor_url: str | None = None
    extractor_model: str = "default"
    extractor_key: str | None = field(default=None, repr=False)
    extractor_timeout: float = 60.0
    answer_cache_bytes: int = 64 * 1024 * 1024

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from ``AIKG_STORE``, ``AIKG_ONTOLOGY_DIR``, ``AIKG_SEEDS_DIR``,
        ``AIKG_MAX_ROWS``, ``AIKG_TOKEN``, ``AIKG_READ_ONLY``, ``AIKG_QUERY_TIMEOUT``,
        ``AIKG_UPDATE_TIMEOUT``, ``AIKG_CORS_ORIGINS`` (comma-separated origins),
        ``AIKG_MAX_URL_BYTES``, ``AIKG_MAX_REQUESTS_PER_CLIENT``, ``AIKG_MAX_REQUESTS_TOTAL``
        and ``AIKG_VALIDATE_WRITES``; keyword overrides win over the environment. A
        per-client limit above the total limit raises the total to match."""
        env: dict[str, object] = {}
        if os.environ.get("AIKG_STORE"):
            env["store_path"] = Path(os.environ["AIKG_STORE"])
        if os.environ.get("AIKG_ONTOLOGY_DIR"):
            env["ontology_dir"] = Path(os.environ["AIKG_ONTOLOGY_DIR"])
        if os.environ.get("AIKG_SEEDS_DIR"):
            env["seeds_dir"] = Path(os.environ["AIKG_SEEDS_DIR"])
        if os.environ.get("AIKG_MAX_ROWS"):
            env["max_rows"] = int(os.environ["AIKG_MAX_ROWS"])
        if os.environ.get("AIKG_TOKEN"):
            env["token"] = os.environ["AIKG_TOKEN"]
        if os.environ.get("AIKG_READ_ONLY", "").lower() in ("1", "true", "yes"):
            env["read_only"] = True
        if os.environ.get("AIKG_VALIDATE_WRITES", "").lower() in ("1", "true", "yes"):
            env["validate_writes"] = True
        for name in ("query_timeout", "update_timeout"):
            if os.environ.get(f"AIKG_{name.upper()}"):
                env[name] = float(os.environ[f"AIKG_{name.upper()}"])
        if os.environ.get("AIKG_CORS_ORIGINS"):
            env["cors_origins"] = tuple(
                o.strip() for o in os.environ["AIKG_CORS_ORIGINS"].split(",") if o.strip())
        for name in ("max_url_bytes", "max_requests_per_client", "max_requests_total",
                     "answer_cache_bytes"):
            if os.environ.get(f"AIKG_{name.upper()}"):
                env[name] = int(os.environ[f"AIKG_{name.upper()}"])
        for name in ("store_url", "update_url", "graph_store_url", "store_engine",
                     "store_user", "store_password"):
            if os.environ.get(f"AIKG_{name.upper()}"):
                env[name] = os.environ[f"AIKG_{name.upper()}"]
        for name in ("store_poll", "store_scan"):
            if os.environ.get(f"AIKG_{name.upper()}"):
                env[name] = float(os.environ[f"AIKG_{name.upper()}"])
        for name in ("extractor_url", "extractor_model", "extractor_key"):
            if os.environ.get(f"AIKG_{name.upper()}"):
                env[name] = os.environ[f"AIKG_{name.upper()}"]
        if os.environ.get("AIKG_EXTRACTOR_TIMEOUT"):
            env["extractor_timeout"] = float(os.environ["AIKG_EXTRACTOR_TIMEOUT"])
        env.update({k: v for k, v in overrides.items() if v is not None})
        settings = replace(cls(), **env)
        if settings.max_requests_per_client > settings.max_requests_total:
            settings = replace(settings, max_requests_total=settings.max_requests_per_client)
        return settings

    @property
    def store_location(self) -> str:
        """Where the store is, for messages: the engine's URL, the directory, or memory."""
        return self.store_url or (str(self.store_path) if self.store_path else "in memory")

    @property
    def ontology_file(self) -> Path:
        return self.ontology_dir / "aikg.ttl"

    @property
    def shapes_file(self) -> Path:
        return self.ontology_dir / "shapes.ttl"
