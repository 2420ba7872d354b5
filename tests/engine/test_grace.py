"""A worker warming up is not killed for a library read past its deadline (graph.engine.grace):
its caller hears 503 at the deadline, the worker finishes the call and drops the answer; a
client's own query, a write, or more slow reads than the grace allows are killed as before."""

from __future__ import annotations

import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from graph.engine import grace
from graph.engine.handle import WorkerHandle
from graph.engine.supervisor import Engine
from graph.errors import EngineUnavailable, QueryTimeout, UpdateTimeout
from graph.settings import Settings
from tests.engine.test_queued_requests import preloaded

DEADLINE = 1.5


def occupy(kg, *, seconds: float, text: str | None = None) -> str:
    """Test helper run inside the worker: a read that takes ``seconds``."""
    time.sleep(seconds)
    return "done"


def quick(kg) -> str:
    return "answered"


@pytest.fixture
def engine(tmp_path: Path, seeded_store_dir: Path) -> Engine:
    shutil.copytree(seeded_store_dir, tmp_path / "store")
    engine = Engine(Settings(store_path=tmp_path / "store"), threads=3,
                    query_timeout=DEADLINE, update_timeout=DEADLINE).start()
    until(lambda: engine._active.warm, 30)  # its warm-up is done: the worker said so
    assert engine.call(preloaded, timeout=60)  # and its imports: timings start now
    yield engine
    engine.close()


def until(condition, seconds: float) -> None:
    stop = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < stop, "timed out"
        time.sleep(0.05)


def warming(engine: Engine) -> WorkerHandle:
    """The active worker, counted as warming up again (as right after a start at scale)."""
    handle = engine._active
    handle.warm = False
    return handle


def test_the_worker_says_when_it_is_warm_and_the_grace_rules(engine: Engine) -> None:
    handle = engine._active
    assert handle.warm and handle.activated > 0
    assert not grace.spared(handle, False, {})  # warm: no grace
    handle.warm = False
    assert grace.spared(handle, False, {"limit": 5})
    assert not grace.spared(handle, True, {})  # a write
    assert not grace.spared(handle, False, {"text": "ASK {}"})  # a client's query
    handle.abandoned.update({101, 102, 103, 104})
    assert grace.spared(handle, False, {})  # however many are abandoned already
    handle.abandoned.clear()
    handle.activated -= grace.WARMING_GRACE
    assert not grace.spared(handle, False, {})  # warming for too long


def test_a_slow_read_while_warming_is_a_503_and_the_worker_lives(engine: Engine) -> None:
    handle, pid = warming(engine), engine.pid
    started = time.monotonic()
    with pytest.raises(EngineUnavailable, match="warming up") as caught:
        engine.call(occupy, seconds=DEADLINE + 1.0)
    assert not isinstance(caught.value, QueryTimeout)
    assert DEADLINE - 0.1 < time.monotonic() - started < DEADLINE + 0.9
    assert engine.pid == pid and engine.restarts == 0 and handle.abandoned
    assert engine.call(quick) == "answered"  # a free thread answers meanwhile
    until(lambda: not handle.abandoned, 5)  # the late answer came and was dropped
    assert not handle.pending and engine.restarts == 0


def test_a_slow_read_from_the_event_loop_is_spared_too(engine: Engine) -> None:
    import asyncio

    warming(engine)
    pid = engine.pid

    async def ask() -> None:
        with pytest.raises(EngineUnavailable, match="warming up"):
            await engine.acall(occupy, seconds=DEADLINE + 1.0)

    asyncio.run(ask())
    assert engine.pid == pid and engine.restarts == 0


def test_a_clients_query_or_a_write_while_warming_is_killed_as_before(engine: Engine) -> None:
    warming(engine)
    with pytest.raises(QueryTimeout):
        engine.call(occupy, seconds=30, text="SELECT * { ?s ?p ?o }")
    assert engine.restarts == 1
    warming(engine)
    with pytest.raises(UpdateTimeout):
        engine.call(occupy, seconds=30, write=True)
    assert engine.restarts == 2


def test_a_warm_worker_is_killed_as_before(engine: Engine) -> None:
    with pytest.raises(QueryTimeout):
        engine.call(occupy, seconds=30)
    assert engine.restarts == 1


def test_slow_reads_on_every_thread_while_warming_leave_the_worker_alive(engine: Engine) -> None:
    """Every thread busy with a slow read, and one more waiting: all five are 503s at their
    deadline, none kills the worker, and it answers again once they are done."""
    handle, pid = warming(engine), engine.pid
    with ThreadPoolExecutor(5) as pool:
        calls = [pool.submit(engine.call, occupy, seconds=DEADLINE + 1.5) for _ in range(5)]
        for future in calls:
            with pytest.raises(EngineUnavailable, match="warming up"):
                future.result()
    assert engine.pid == pid and engine.restarts == 0
    until(lambda: not handle.abandoned, 10)  # the late answers came and were dropped
    assert engine.call(quick) == "answered"
    assert not handle.pending and engine.pid == pid and engine.restarts == 0


def test_past_the_grace_period_a_slow_read_gets_the_worker_killed(engine: Engine) -> None:
    handle = warming(engine)
    handle.activated -= grace.WARMING_GRACE
    with pytest.raises(QueryTimeout):
        engine.call(occupy, seconds=30)
    assert engine.restarts == 1
    assert engine.call(quick) == "answered"


def test_an_abandoned_read_still_running_long_after_gets_the_worker_killed(
        engine: Engine, monkeypatch) -> None:
    monkeypatch.setattr(grace, "ABANDONED_FOR", 1.0)
    warming(engine)
    with pytest.raises(EngineUnavailable, match="warming up"):
        engine.call(occupy, seconds=60)
    until(lambda: engine.restarts == 1, 10)
    assert engine.call(quick) == "answered"


def test_a_read_answered_just_as_it_is_abandoned_is_not_counted_as_running() -> None:
    from concurrent.futures import Future

    handle = WorkerHandle(process=None, conn=None)
    handle.register(7, 10).set_result("late")
    handle.forget(7)  # the reader took the answer first
    error = grace.abandon(handle, 7, 1.0, lambda h, reason: pytest.fail(reason))
    assert isinstance(error, EngineUnavailable) and not handle.abandoned
    future: Future = handle.register(8, 10)
    grace.abandon(handle, 8, 1.0, lambda h, reason: None)
    assert handle.abandoned == {8} and not future.done()  # still running in the worker
