"""The worker's log of slow requests (graph.engine.slow_log)."""

from __future__ import annotations

import threading
import time

from graph.engine.slow_log import SlowLog


def sleepy_request(slow: SlowLog, started: threading.Event, release: threading.Event) -> None:
    with slow.running("sleepy_request"):
        started.set()
        release.wait(10)


def test_a_request_past_its_time_is_logged_once_with_its_stack(caplog) -> None:
    slow = SlowLog(after=0.05)
    started, release = threading.Event(), threading.Event()
    worker = threading.Thread(target=sleepy_request, args=(slow, started, release),
                              name="aikg-engine_0")
    worker.start()
    started.wait(5)
    assert slow.check() == []  # not late yet
    time.sleep(0.1)
    with caplog.at_level("WARNING", logger="aikg.worker"):
        reports = slow.check()
    assert len(reports) == 1
    assert reports[0].startswith("request sleepy_request has run ")
    assert "in sleepy_request" in reports[0] and "release.wait(10)" in reports[0]
    assert "MainThread: " in reports[0]  # the other threads, by name
    assert caplog.records and caplog.records[0].getMessage() == reports[0]
    assert slow.check() == []  # once per request
    release.set()
    worker.join(5)
    time.sleep(0.1)
    assert slow.check() == []  # finished requests are forgotten

