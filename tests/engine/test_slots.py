"""Requests wait for a slot in the serving process, where their deadline has not started."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from graph.engine.slots import MAX_SLOT_WAIT, Slots, slot_wait
from graph.errors import EngineUnavailable
from graph.store.inventory import generation


def nap(kg, seconds):
    """Test helper run inside the worker."""
    time.sleep(seconds)
    return seconds


def test_a_full_set_of_slots_refuses_after_the_wait_then_frees():
    slots = Slots(2)
    slots.take(0.1)
    slots.take(0.1)
    started = time.monotonic()
    with pytest.raises(EngineUnavailable, match="busy"):
        slots.take(0.2)
    assert 0.15 < time.monotonic() - started < 2
    slots.give()
    slots.take(0.1)


def test_the_wait_is_half_the_deadline_at_most_five_seconds():
    assert slot_wait(1.0) == 0.5 and slot_wait(10.0) == MAX_SLOT_WAIT == 5.0


def test_a_cancelled_waiter_gives_back_the_slot_it_gets_later():
    slots = Slots(1)
    slots.take(0.1)

    async def scenario():
        waiter = asyncio.ensure_future(slots.atake(2.0))
        await asyncio.sleep(0.1)
        waiter.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiter
        slots.give()  # the waiting thread takes it, then gives it back
        await asyncio.sleep(0.3)

    asyncio.run(scenario())
    slots.take(0.1)  # free again: nothing leaked


def test_an_async_caller_takes_a_free_slot_at_once_and_waits_for_a_busy_one():
    slots = Slots(1)

    async def scenario():
        async with slots.aheld(0.1):
            with pytest.raises(EngineUnavailable):
                await slots.atake(0.2)
        async with slots.aheld(0.1):
            pass

    asyncio.run(scenario())


def test_a_slot_given_back_goes_to_the_oldest_waiter_thread_or_coroutine():
    slots = Slots(1)
    slots.take(0.1)
    order = []

    def thread_waiter():
        slots.take(2.0)
        order.append("thread")
        slots.give()

    async def scenario():
        loop = asyncio.get_running_loop()
        waiting_thread = loop.run_in_executor(None, thread_waiter)
        await asyncio.sleep(0.1)  # the thread queues first

        async def coroutine_waiter():
            await slots.atake(2.0)
            order.append("coroutine")
            slots.give()

        waiting_coroutine = asyncio.ensure_future(coroutine_waiter())
        await asyncio.sleep(0.1)
        slots.give()  # handed to the thread, which hands it to the coroutine
        await asyncio.gather(waiting_thread, waiting_coroutine)

    asyncio.run(scenario())
    assert order == ["thread", "coroutine"]
    slots.take(0.1)  # and back to free


def test_a_waiting_coroutine_takes_no_thread():
    slots = Slots(1)
    slots.take(0.1)

    async def scenario():
        before = threading.active_count()
        waiters = [asyncio.ensure_future(slots.atake(2.0)) for _ in range(20)]
        await asyncio.sleep(0.1)
        assert threading.active_count() == before
        for _ in waiters:
            slots.give()
            await asyncio.sleep(0)
        await asyncio.gather(*waiters)

    asyncio.run(scenario())
    slots.give()
    assert slots._free == 1


def test_a_waiter_timed_out_is_not_handed_a_slot_later():
    slots = Slots(1)
    slots.take(0.1)

    async def scenario():
        with pytest.raises(EngineUnavailable, match="busy"):
            await slots.atake(0.1)

    asyncio.run(scenario())
    with pytest.raises(EngineUnavailable):
        slots.take(0.05)
    slots.give()  # nobody waits any more: the slot is free again
    slots.take(0.05)


def test_giving_back_a_slot_never_taken_is_a_bug():
    with pytest.raises(ValueError):
        Slots(1).give()


def take_all(engine):
    for _ in range(engine.slots.size):
        engine.slots.take(1.0)


def test_no_free_slot_is_a_busy_refusal_that_costs_no_restart(app_client):
    engine = app_client.engine
    restarts = engine.restarts
    take_all(engine)
    try:
        with pytest.raises(EngineUnavailable, match="busy"):
            engine.call(nap, seconds=0, timeout=1.0)
        response = app_client.get("/sparql", params={"query": "ASK {}"},
                                  headers={"Accept": "application/sparql-results+json"})
        assert response.status_code == 503 and response.headers["Retry-After"] == "1"
        assert response.json()["error"] == "engine_unavailable"
        # a probe takes no slot: /health answers while every slot is taken
        assert engine.call(generation, timeout=2, probe=True) >= 0
        assert app_client.get("/health").status_code == 200
    finally:
        for _ in range(engine.slots.size):
            engine.slots.give()
    assert engine.call(nap, seconds=0) == 0 and engine.restarts == restarts


def test_the_deadline_runs_from_when_the_request_gets_a_slot(app_client):
    engine = app_client.engine
    take_all(engine)
    threading.Timer(1.2, engine.slots.give).start()
    try:
        # waits ~1.2 s for a slot (it may wait 1.5 s: half its deadline), then naps 1.9 s:
        # 3.1 s in all, within its 3 s deadline only because the wait does not count (1.1 s
        # left for the round trip to the worker, on a busy machine too)
        assert engine.call(nap, seconds=1.9, timeout=3.0) == 1.9
    finally:
        for _ in range(engine.slots.size - 1):
            engine.slots.give()
    assert engine.restarts == 0
