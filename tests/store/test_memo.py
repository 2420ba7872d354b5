"""Per-generation memo: the same answer object until a write, a fresh one after it."""

from __future__ import annotations

import json

import pyoxigraph as ox

from graph.analytics.compute import compute_summary


def test_summary_is_remembered_until_a_write(fresh):
    first = compute_summary(fresh)
    assert compute_summary(fresh) is first
    assert compute_summary(fresh, as_of="2024-06-01") is not first
    fresh.extend([ox.Quad(ox.NamedNode("urn:x:a"), ox.NamedNode("urn:x:b"), ox.Literal("c"),
                          ox.NamedNode("urn:x:g"))])
    second = compute_summary(fresh)
    assert second is not first and second == first  # recomputed, same content


def test_bounded_answers_503_while_slow_work_goes_on_then_remembers_it():
    import threading
    import time

    from graph.errors import EngineUnavailable
    from graph.store.embedded import EmbeddedStore
    from graph.store.memo import bounded

    release, runs = threading.Event(), []

    @bounded(0.05)
    def slow(kg, *, n=1):
        runs.append(n)
        release.wait(5)
        return n * 2

    kg = EmbeddedStore.memory()
    try:
        slow(kg, n=3)
        raise AssertionError("expected a 503 while the work runs")
    except EngineUnavailable as exc:
        assert exc.retry_after == 2
    release.set()
    deadline = time.time() + 5
    while True:
        try:
            assert slow(kg, n=3) == 6
            break
        except EngineUnavailable:
            assert time.time() < deadline
    assert slow(kg, n=3) == 6 and runs == [3]  # computed once, remembered afterwards
    kg.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert slow(kg, n=3) == 6 and runs == [3, 3]  # a write: computed again


def test_work_done_before_its_callback_is_added_does_not_deadlock(monkeypatch):
    """A future already done runs its done-callback at once, in the caller's thread: added under
    the lock that callback takes, it deadlocked the caller (and every later one) until the
    engine's deadline killed the worker — what a fast aggregation did on the seed store."""
    import threading
    from concurrent.futures import Future, ThreadPoolExecutor

    from graph.store.embedded import EmbeddedStore
    from graph.store.memo import bounded

    def done_at_once(self, fn, *args, **kwargs):
        future = Future()
        future.set_result(fn(*args, **kwargs))
        return future

    @bounded(1.0)
    def quick(kg):
        return 42

    monkeypatch.setattr(ThreadPoolExecutor, "submit", done_at_once)
    kg, found = EmbeddedStore.memory(), []
    caller = threading.Thread(target=lambda: found.append(quick(kg)), daemon=True)
    caller.start()
    caller.join(5)
    assert found == [42]
    assert quick(kg) == 42  # and the lock was left free


def test_bounded_functions_share_a_few_threads():
    """However many aggregations are asked at once, at most ``AGGREGATING`` run side by side
    (each one more would take the interpreter from the requests); the others wait their turn
    and are all computed."""
    import threading
    import time

    from graph.store import memo
    from graph.store.embedded import EmbeddedStore

    lock, running, most = threading.Lock(), [0], [0]

    def work(n):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        return n

    functions = [memo.bounded(5.0)(lambda kg, n=n: work(n)) for n in range(5)]
    kg = EmbeddedStore.memory()
    answers = []
    threads = [threading.Thread(target=lambda f=f: answers.append(f(kg))) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(answers) == [0, 1, 2, 3, 4]
    assert most[0] == memo.AGGREGATING


def test_a_remembered_answer_needs_no_turn_on_the_shared_threads():
    """With every shared thread busy for minutes (two aggregations at 10M), an answer already
    computed for this generation is still given at once."""
    import threading

    from graph.store import memo
    from graph.store.embedded import EmbeddedStore

    release = threading.Event()
    quick = memo.bounded(5.0)(lambda kg: "ready")
    blockers = [memo.bounded(0.01)(lambda kg, n=n: release.wait(10)) for n in
                range(memo.AGGREGATING)]
    kg = EmbeddedStore.memory()
    assert quick(kg) == "ready"
    for blocker in blockers:
        try:
            blocker(kg)
        except Exception:  # noqa: BLE001  a 503: they keep the threads busy
            pass
    try:
        assert quick.within(kg, 0.05) == "ready"
        assert quick.remembered(kg) == "ready"
    finally:
        release.set()


def test_the_json_of_a_bounded_answer_is_encoded_once_per_answer():
    """``.json`` waits as the function does, then encodes each new answer once (at 10M the
    compute summary is ~50 MB of JSON; encoding it per request cost seconds)."""
    from graph.store import memo
    from graph.store.embedded import EmbeddedStore

    calls = []

    def answer(kg, *, as_of=None):
        calls.append(as_of)
        return {"as_of": as_of, "generation": kg.generation}

    summary = memo.bounded(5.0)(answer)
    kg = EmbeddedStore.memory()
    first = summary.json(kg)
    assert summary.json(kg) is first and json.loads(first) == {"as_of": None, "generation": 0}
    assert json.loads(summary.json(kg, as_of="2024-01-01"))["as_of"] == "2024-01-01"
    kg.update('INSERT DATA { <http://example.org/a> <http://example.org/b> "c" }')
    again = summary.json(kg)
    assert json.loads(again) == {"as_of": None, "generation": kg.generation} != json.loads(first)
    assert calls == [None, "2024-01-01", None]
