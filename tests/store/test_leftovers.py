"""Temporary files of writers killed midway are removed when a worker opens the store
(graph/store/leftovers.py): only those of processes that are gone, only aikg's own beside
RocksDB's files, and every kind aikg writes (snapshot, stamp, kept answers)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from graph.store.leftovers import sweep
from tests.conftest import start_engine


def _gone_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_only_files_of_writers_that_are_gone_are_removed(tmp_path: Path):
    gone, alive = _gone_pid(), os.getppid()
    names = [f"aikg-projection.npz.{gone}.140.tmp", f"aikg-stamp.json.{gone}.tmp",
             f"aikg-projection.npz.{alive}.7.tmp", "000123.dbtmp", "CURRENT",
             f"OPTIONS-000007.{gone}.tmp", "aikg-projection.npz", f"aikg-x.{os.getpid()}.1.tmp"]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    removed = sweep(tmp_path, prefix="aikg-")
    assert sorted(removed) == sorted([names[0], names[1], names[7]])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [names[2], "000123.dbtmp", "CURRENT", names[5], "aikg-projection.npz"])
    assert sweep(tmp_path / "missing") == []


def test_a_starting_worker_sweeps_the_store_and_its_kept_answers(tmp_path: Path,
                                                                 seeded_store_dir: Path):
    source = tmp_path / "source"
    shutil.copytree(seeded_store_dir, source)
    gone = _gone_pid()
    (source / "aikg-answers").mkdir(exist_ok=True)
    left = [source / f"aikg-projection.npz.{gone}.3.tmp",
            source / "aikg-answers" / f"graph.analytics.compute.compute_summary.json.{gone}.9.tmp"]
    for path in left:
        path.write_bytes(b"half of a file")
    engine = start_engine(source, tmp_path / "store")
    try:
        assert not (tmp_path / "store" / left[0].name).exists()
        assert not (tmp_path / "store" / "aikg-answers" / left[1].name).exists()
        assert (tmp_path / "store" / "CURRENT").exists()
    finally:
        engine.close()
