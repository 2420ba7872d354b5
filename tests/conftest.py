"""Shared fixtures: settings pointing at the real ontology and seeds, seeded stores, CLI runner."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from api.app import create_app
from graph.engine.supervisor import Engine
from graph.ingest.seed_build import GENERATED
from graph.settings import PROJECT_ROOT, Settings
from graph.store.base import KnowledgeStore
from graph.store.embedded import EmbeddedStore
from graph.store.seeding import ensure_seeded

SHARED = PROJECT_ROOT.parent / "shared"
FULL_SEEDS = PROJECT_ROOT / "seeds"
"""Every seed file, with the sources grown through review (``seeds/source-*.trig``)."""


def pytest_configure(config: pytest.Config) -> None:
    """Tests run over the hand-written seeds — one article's facts, the small graph their exact
    values speak of — unless they ask for :data:`FULL_SEEDS`: ``AIKG_SEEDS_DIR`` (read by every
    ``Settings`` and inherited by the services tests start) names a folder holding the seed
    files less the generated sources."""
    base = Path(tempfile.mkdtemp(prefix="aikg-test-seeds-"))
    for path in FULL_SEEDS.glob("*.trig"):
        if not path.match(GENERATED):
            (base / path.name).symlink_to(path)
    os.environ["AIKG_SEEDS_DIR"] = str(base)
    config.add_cleanup(lambda: shutil.rmtree(base, ignore_errors=True))


@pytest.fixture(scope="session")
def seeded() -> KnowledgeStore:
    """An in-memory store with the real ontology, shapes and seeds (read-only in tests)."""
    kg = EmbeddedStore.memory()
    ensure_seeded(kg, Settings(store_path=None))
    return kg


@pytest.fixture
def fresh(tmp_path: Path) -> KnowledgeStore:
    """A writable, seeded in-memory store for one test."""
    kg = EmbeddedStore.memory()
    ensure_seeded(kg, Settings(store_path=None))
    return kg


@pytest.fixture
def project_copy(tmp_path: Path) -> Settings:
    """Settings over a private copy of ontology/ and seeds/ and an on-disk store in tmp_path."""
    shutil.copytree(PROJECT_ROOT / "ontology", tmp_path / "ontology")
    shutil.copytree(PROJECT_ROOT / "seeds", tmp_path / "seeds",
                    ignore=shutil.ignore_patterns(GENERATED, "review"))
    return Settings(store_path=tmp_path / "store", ontology_dir=tmp_path / "ontology",
                    seeds_dir=tmp_path / "seeds")


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A CLI runner whose default store lives in tmp_path."""
    monkeypatch.setenv("AIKG_STORE", str(tmp_path / "cli-store"))
    for name in ("AIKG_ONTOLOGY_DIR", "AIKG_MAX_ROWS"):
        monkeypatch.delenv(name, raising=False)
    return CliRunner()


TOKEN = "secret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="session")
def seeded_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store seeded once per session; copy it before writing to it."""
    path = tmp_path_factory.mktemp("seeded") / "store"
    kg = EmbeddedStore.open(path)
    ensure_seeded(kg, Settings(store_path=path))
    kg.close()
    return path


def start_engine(source: Path, target: Path, **settings: object) -> Engine:
    """An engine over a private copy of the store at ``source``, with the write token."""
    shutil.copytree(source, target)
    return Engine(Settings(store_path=target, token=TOKEN, **settings),
                  query_timeout=float(settings.get("query_timeout", 10.0))).start()


@pytest.fixture(scope="session")
def shared_engine(tmp_path_factory: pytest.TempPathFactory, seeded_store_dir: Path) -> Engine:
    """One engine for tests that only read."""
    engine = start_engine(seeded_store_dir, tmp_path_factory.mktemp("shared") / "store")
    yield engine
    engine.close()


@pytest.fixture
def client(shared_engine: Engine) -> TestClient:
    """An HTTP client over the shared, seeded engine (do not write through it)."""
    with TestClient(create_app(shared_engine)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def full_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store seeded once per session with every seed file, the reviewed sources
    included (:data:`FULL_SEEDS`)."""
    path = tmp_path_factory.mktemp("full") / "store"
    kg = EmbeddedStore.open(path)
    ensure_seeded(kg, Settings(store_path=path, seeds_dir=FULL_SEEDS))
    kg.close()
    return path


@pytest.fixture(scope="session")
def full_client(tmp_path_factory: pytest.TempPathFactory, full_store_dir: Path) -> TestClient:
    """An HTTP client over an engine on the whole seed graph (do not write through it)."""
    engine = start_engine(full_store_dir, tmp_path_factory.mktemp("full-engine") / "store",
                          seeds_dir=FULL_SEEDS)
    with TestClient(create_app(engine)) as test_client:
        yield test_client
    engine.close()


def _client_over_copy(seeded: Path, target: Path, **settings: object):
    engine = start_engine(seeded, target, **settings)
    try:
        with TestClient(create_app(engine)) as test_client:
            test_client.engine = engine
            yield test_client
    finally:
        engine.close()


@pytest.fixture
def app_client(tmp_path: Path, seeded_store_dir: Path) -> TestClient:
    """An HTTP client over a private seeded on-disk store that tests may write to
    (``AUTH`` headers carry the write token); ``app_client.engine`` is its engine."""
    yield from _client_over_copy(seeded_store_dir, tmp_path / "app-store")


@pytest.fixture(scope="module")
def module_app_client(tmp_path_factory: pytest.TempPathFactory,
                      seeded_store_dir: Path) -> TestClient:
    """Like ``app_client`` but shared by one test module: for tests that check their own
    writes (or prove they changed nothing) and so need no fresh store each."""
    yield from _client_over_copy(seeded_store_dir,
                                 tmp_path_factory.mktemp("module") / "app-store")


@pytest.fixture(scope="module")
def validating_client(tmp_path_factory: pytest.TempPathFactory,
                      seeded_store_dir: Path) -> TestClient:
    """Like ``module_app_client`` but with ``validate_writes=True``: writes that would add
    SHACL violations are refused with 422."""
    yield from _client_over_copy(seeded_store_dir,
                                 tmp_path_factory.mktemp("validating") / "app-store",
                                 validate_writes=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_log(store: Path) -> Path:
    """The file that a ``serve_process`` over ``store`` writes its output (the log) to."""
    return store.with_name(store.name + ".log")


def serve_process(store: Path, **extra_env: str):
    """A real ``aikg serve`` process on loopback over the store at ``store`` (created and
    seeded when missing), with the write token and ``extra_env`` (``AIKG_STORE_URL=…`` for a
    remote store); yields ``(base_url, store)``. Its output goes to :func:`server_log` (a
    file: a pipe nobody reads would block a chatty server)."""
    port = free_port()
    env = {**os.environ, "AIKG_STORE": str(store), "AIKG_TOKEN": TOKEN, **extra_env}
    output = server_log(store).open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "api", "serve", "--port", str(port)],
                            env=env, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    else:
        proc.kill()
        output.close()
        pytest.fail(f"service did not start: {server_log(store).read_text()[-2000:]}")
    try:
        yield base, store
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        output.close()


@pytest.fixture
def live_server(tmp_path: Path):
    """A real ``aikg serve`` process on loopback over a fresh store in tmp_path, with the write
    token; yields ``(base_url, store_path)`` and stops the process afterwards."""
    yield from serve_process(tmp_path / "live-store")


@pytest.fixture(scope="module")
def module_live_server(tmp_path_factory: pytest.TempPathFactory, seeded_store_dir: Path):
    """Like ``live_server``, shared by one test module, over a copy of the seeded store."""
    store = tmp_path_factory.mktemp("module-live") / "store"
    shutil.copytree(seeded_store_dir, store)
    yield from serve_process(store)


@pytest.fixture
def unused_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on."""
    return free_port()
