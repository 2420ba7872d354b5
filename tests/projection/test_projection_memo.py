"""Results remembered beside a projection (graph/projection/memo.py): computed once per graph
and key — also when threads ask at once, which after a restart at 10M made the compact arrays
twice side by side — and computed again by a waiting caller when the first computation fails."""

from __future__ import annotations

import threading

import networkx as nx
import pytest

from graph.projection.memo import remembered


def test_remembered_per_graph_and_key():
    first, second = nx.MultiDiGraph(), nx.MultiDiGraph()
    calls = []

    def compute(value):
        return lambda: calls.append(value) or [value]

    one = remembered(first, "k", compute(1))
    assert remembered(first, "k", compute(2)) is one and one == [1]
    assert remembered(first, "other", compute(3)) == [3]
    assert remembered(second, "k", compute(4)) == [4]
    assert calls == [1, 3, 4]


def test_threads_asking_at_once_share_one_computation():
    graph = nx.MultiDiGraph()
    started, release, calls, answers = threading.Event(), threading.Event(), [], []

    def slow():
        calls.append(1)
        started.set()
        release.wait(10)
        return object()

    def ask():
        answers.append(remembered(graph, "arrays", slow))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    threads[0].start()
    assert started.wait(10)
    for thread in threads[1:]:
        thread.start()
    release.set()
    for thread in threads:
        thread.join(10)
    assert len(calls) == 1 and len(answers) == 4 and all(a is answers[0] for a in answers)


def test_a_waiting_caller_computes_it_when_the_first_computation_fails():
    graph = nx.MultiDiGraph()
    started, release, errors, answers = threading.Event(), threading.Event(), [], []

    def failing():
        started.set()
        release.wait(10)
        raise RuntimeError("first computation failed")

    def first():
        try:
            remembered(graph, "k", failing)
        except RuntimeError as exc:
            errors.append(str(exc))

    one = threading.Thread(target=first)
    one.start()
    assert started.wait(10)
    two = threading.Thread(target=lambda: answers.append(remembered(graph, "k", lambda: 42)))
    two.start()
    release.set()
    one.join(10), two.join(10)
    assert errors == ["first computation failed"] and answers == [42]
    assert remembered(graph, "k", lambda: pytest.fail("computed again")) == 42
