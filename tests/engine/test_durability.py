"""kill -9 of the whole service during writes: every acknowledged write survives, none is torn.

Slow (several service restarts): run by `.ci/run` with `-m slow`, left out of the default run.
The machinery is the attack suite's (:mod:`bench.chaos.kill9`, ``python -m bench.chaos``).
"""

from __future__ import annotations

import pytest

from bench.chaos import kill9

pytestmark = pytest.mark.slow


def test_kill_9_during_writes_loses_and_tears_nothing(tmp_path):
    figures = kill9.run(tmp_path, rounds=4)
    print("\n" + kill9.report(figures))
    assert figures["acked"] > 50
    assert figures["lost"] == 0, f"lost {figures['lost']} acknowledged writes"
    assert figures["torn"] == 0, "a write was torn"
    assert figures["extra"] <= figures["kills"]  # at most the one in flight at each kill
