"""A request's deadline runs from when the engine sends it, queue included: a request that sat
behind slower ones waits only what is left of its deadline for background work, and one that
comes too late to be answered in time is refused (503) — neither gets the worker killed. Nor
does a liveness probe (``/health``) that a busy worker does not answer in time."""

from __future__ import annotations

import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from graph.engine.supervisor import Engine
from graph.errors import EngineUnavailable, QueryTimeout
from graph.settings import Settings
from graph.store.inventory import generation
from graph.switching import overdue, patience, serving, waits_until

DEADLINE = 4.0
"""The engine's deadline in these tests: its requests' waits end 1 s before it (a quarter)."""


def occupy(kg, *, seconds: float) -> str:
    """Test helper run inside the worker: a slow request holding the worker's only thread."""
    time.sleep(seconds)
    return "done"


def wait_for_background(kg) -> float:
    """Test helper run inside the worker: waits 6 s for background work that never ends, as a
    request waits for a projection or an aggregation (each wait goes through ``patience``)."""
    started = time.monotonic()
    if not threading.Event().wait(patience(6.0)):
        raise EngineUnavailable(f"still computing after {time.monotonic() - started:.2f} s")
    return time.monotonic() - started


def quick(kg) -> str:
    return "answered"


def preloaded(kg) -> bool:
    """Test helper run inside the worker: wait until its imports are done. They hold the
    interpreter for seconds on a slow machine, and a test's timings start after them."""
    from graph.engine.worker import PRELOADED
    return PRELOADED.wait(60)


@pytest.fixture
def engine(tmp_path: Path, seeded_store_dir: Path) -> Engine:
    shutil.copytree(seeded_store_dir, tmp_path / "store")
    engine = Engine(Settings(store_path=tmp_path / "store"), threads=1,
                    query_timeout=DEADLINE).start()
    assert engine.call(preloaded, timeout=60)
    yield engine
    engine.close()


def behind_a_slow_request(engine: Engine, seconds: float, func):
    """Send ``occupy(seconds)``, then ``func`` right behind it; (func's outcome, its seconds)."""
    with ThreadPoolExecutor(2) as pool:
        slow = pool.submit(engine.call, occupy, seconds=seconds)
        time.sleep(0.2)  # sent second
        started = time.monotonic()
        try:
            outcome: object = engine.call(func)
        except EngineUnavailable as exc:
            outcome = exc
        elapsed = time.monotonic() - started
        assert slow.result() == "done"
    return outcome, elapsed


def test_a_queued_request_waits_only_what_is_left_of_its_deadline(engine: Engine) -> None:
    pid = engine.pid
    outcome, elapsed = behind_a_slow_request(engine, 2.0, wait_for_background)
    assert isinstance(outcome, EngineUnavailable), outcome  # 503, not a deadline kill
    assert not isinstance(outcome, QueryTimeout), outcome
    assert elapsed < DEADLINE - 0.5, elapsed  # its wait was cut from 6 s to ~1.2 s
    assert engine.pid == pid and engine.restarts == 0
    assert engine.call(quick) == "answered"


def test_a_request_that_comes_too_late_is_refused_unrun(engine: Engine) -> None:
    pid = engine.pid
    # sent 0.2 s after the slow one, it may start until 3.2 s (its deadline less a quarter):
    # the slow one ends at 3.6 s, 0.4 s past that and 0.4 s within its own 4 s deadline
    outcome, elapsed = behind_a_slow_request(engine, 3.6, quick)
    assert isinstance(outcome, EngineUnavailable), outcome
    assert not isinstance(outcome, QueryTimeout)
    assert outcome.retry_after >= 1 and "busy" in str(outcome)
    assert elapsed < DEADLINE, elapsed
    assert engine.pid == pid and engine.restarts == 0
    outcome, _ = behind_a_slow_request(engine, 1.0, quick)  # in time: answered
    assert outcome == "answered"


def test_patience_outside_a_request_and_within_one() -> None:
    assert patience(6.0) == 6.0 and patience(None) is None  # background threads: unchanged
    until = waits_until(10.0)  # a 10 s deadline keeps 2 s
    assert 7.9 < until - time.monotonic() <= 8.0
    with serving(until):
        assert patience(6.0) == 6.0
        assert 7.9 < patience(None) <= 8.0
    with serving(time.monotonic() + 0.5):
        assert 0.4 < patience(6.0) <= 0.5
    with serving(time.monotonic() - 1):
        assert patience(6.0) == 0.0
    assert 0.9 < waits_until(4.0) - time.monotonic() <= 3.0  # a quarter of 4 s
    assert overdue(time.monotonic() - 0.1) and not overdue(time.monotonic() + 1)
    assert not overdue(None)


def test_a_health_check_the_busy_worker_cannot_answer_is_503_and_kills_nothing(
        engine: Engine) -> None:
    from fastapi.testclient import TestClient  # here: the worker imports this module too

    from api.app import create_app

    pid = engine.pid
    with ThreadPoolExecutor(1) as pool, TestClient(create_app(engine)) as client:
        slow = pool.submit(engine.call, occupy, seconds=3.0)  # the only thread, for 3 s
        time.sleep(0.2)
        started = time.monotonic()
        with pytest.raises(EngineUnavailable) as caught:
            engine.call(generation, timeout=1, probe=True)
        assert not isinstance(caught.value, QueryTimeout)
        assert 1.0 <= time.monotonic() - started < 1.5
        response = client.get("/health")  # still busy for ~0.8 s: 503, the worker kept
        assert response.status_code == 503, response.text
        assert response.json()["error"] == "engine_unavailable" and response.headers["retry-after"]
        assert slow.result() == "done"
        assert engine.pid == pid and engine.restarts == 0
        assert client.get("/health").json()["engine_restarts"] == 0
    with pytest.raises(QueryTimeout):  # any other request past its deadline still stops it
        engine.call(occupy, seconds=3.0, timeout=1)
    assert engine.restarts == 1
