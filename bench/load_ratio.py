"""``aikg load`` against a raw pyoxigraph bulk load of the same file into an on-disk store.

    python -m bench.load_ratio [--triples 100000] [--rounds 3] [--seed 1]

Writes the synthetic graph (:mod:`bench.synthetic`) to one N-Quads file, then, ``--rounds``
times and alternating, times two child processes from start to exit, each into a fresh store
directory:

* **aikg**: the ``aikg load`` command (``api.cli.cli`` called in the child process: seeded store,
  one transaction, the report of quads added and graphs); the store is seeded beforehand
  (``aikg seed``, not timed), as it is after the first ``aikg`` command;
* **raw**: ``python -c "pyoxigraph.Store(DIR).bulk_load(path=FILE, format=N_QUADS); flush()"``.

The ratio that counts is of the whole child processes (interpreter start and imports included:
what a user waits for); each child also reports its import time and the time of the load
itself, so a fixed start-up cost is told apart from the load path. Prints medians and ratios
(target: at most 1.3).
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.synthetic import generate

RAW = ("import json, sys, time\n"
       "start = time.perf_counter()\n"
       "import pyoxigraph as ox\n"
       "ready = time.perf_counter()\n"
       "store = ox.Store(sys.argv[1])\n"
       "store.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS)\n"
       "store.flush()\n"
       "print(json.dumps([ready - start, time.perf_counter() - ready]), file=sys.stderr)\n")
AIKG = ("import json, sys, time\n"
        "start = time.perf_counter()\n"
        "from api.cli import cli\n"
        "ready = time.perf_counter()\n"
        "cli(['--store', sys.argv[1], 'load', sys.argv[2]], standalone_mode=False)\n"
        "print(json.dumps([ready - start, time.perf_counter() - ready]), file=sys.stderr)\n")
"""Child processes: each prints [import seconds, command seconds] on standard error."""
TARGET = 1.3


def timed(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds of the child process, and its own import and command seconds."""
    start = time.perf_counter()
    done = subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True)
    wall = time.perf_counter() - start
    imports, work = json.loads(done.stderr.strip().splitlines()[-1])
    return wall, imports, work


def measure(source: Path, work: Path, rounds: int) -> dict[str, list[tuple[float, ...]]]:
    """(wall, import, load) seconds of each round for ``aikg`` and ``raw``."""
    times: dict[str, list[tuple[float, ...]]] = {"aikg": [], "raw": []}
    for number in range(rounds):
        ours, raw = work / f"aikg-{number}", work / f"raw-{number}"
        subprocess.run([sys.executable, "-m", "api", "--store", str(ours), "seed"], check=True,
                       capture_output=True)
        times["aikg"].append(timed([sys.executable, "-c", AIKG, str(ours), str(source)]))
        times["raw"].append(timed([sys.executable, "-c", RAW, str(raw), str(source)]))
        shutil.rmtree(ours)
        shutil.rmtree(raw)
    return times


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--file", type=Path,
                        help="load this N-Quads file instead of generating one")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="aikg-load-") as tmp:
        work = Path(tmp)
        source = args.file
        if source is None:
            data, _ = generate(args.triples, args.seed)
            source = work / "synthetic.nq"
            source.write_bytes(data)
            del data
        quads = sum(1 for _ in source.open("rb"))
        size = source.stat().st_size
        times = measure(source, work, args.rounds)
    med = {k: [statistics.median(r[i] for r in v) for i in range(3)] for k, v in times.items()}
    ratio, inner = med["aikg"][0] / med["raw"][0], med["aikg"][2] / med["raw"][2]
    command = "python -m bench.load_ratio " + shlex.join(
        argv if argv is not None else sys.argv[1:])
    verdict = "meets" if ratio <= TARGET else "**misses**"
    lines = [f"### Load: `aikg load` vs raw pyoxigraph bulk load, {quads:,} quads\n",
             f"`{command}` — N-Quads file of {size / 2**20:.1f} MiB, fresh on-disk store each "
             f"round, medians of {args.rounds}\n",
             "| loader | process wall s | imports s | load s | rounds (wall s) |",
             "|---|---:|---:|---:|---|"]
    for key, name in (("aikg", "`aikg load` (CLI in process)"),
                      ("raw", "`Store(path).bulk_load(path=…)`")):
        wall, imports, load = med[key]
        lines.append(f"| {name} | {wall:.2f} | {imports:.2f} | {load:.2f} | "
                     f"{', '.join(f'{r[0]:.2f}' for r in times[key])} |")
    lines.append(f"\nratio aikg / raw, whole process: **{ratio:.2f}×** ({verdict} the ≤ "
                 f"{TARGET}× target); load alone (without interpreter start and imports): "
                 f"{inner:.2f}×")
    text = "\n".join(lines)
    print(text)
    return {"quads": quads, "aikg_s": med["aikg"][0], "raw_s": med["raw"][0], "ratio": ratio,
            "load_ratio": inner, "times": times,
            "markdown": text}


if __name__ == "__main__":
    main()
