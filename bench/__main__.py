"""Run the benchmarks in one go and keep a dated report: ``python -m bench [--scales 0,100000]``.

Each benchmark prints a markdown section; they are run one after another in this process and
written together to ``bench/results/<date>.md`` (and to standard output). Benchmarks are never
part of the test run.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import io
import sys
from pathlib import Path

from bench import engine_latency, rest_latency

RESULTS = Path(__file__).with_name("results")


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="0,100000",
                        help="synthetic sizes (quads) for the REST benchmark, comma-separated; "
                             "0 is the seed graph alone")
    parser.add_argument("--rounds", type=int, default=20, help="timed calls per REST route")
    parser.add_argument("--views", action="store_true",
                        help="also time graph views in headless Chromium (needs /usr/bin/chromium)")
    args = parser.parse_args(argv)
    sections = [f"# aikg benchmarks, {datetime.date.today().isoformat()}\n",
                f"`python -m bench {' '.join(argv if argv is not None else sys.argv[1:])}`\n"]
    runs = [("Engine latency", engine_latency.main, ["--rounds", "500"])]
    for scale in (int(s) for s in args.scales.split(",") if s.strip()):
        runs.append((f"REST latency at {scale:,} synthetic quads", rest_latency.main,
                     ["--triples", str(scale), "--rounds", str(args.rounds)]))
    if args.views:
        from bench import view_interactive

        runs.append(("Graph views in Chromium", view_interactive.main, ["--repeat", "3"]))
    for title, run, run_args in runs:
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            run(run_args)
        sections.append(f"## {title}\n\n{buffer.getvalue().strip()}\n")
        print(sections[-1], flush=True)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{datetime.date.today().isoformat()}.md"
    path.write_text("\n".join(sections), encoding="utf-8")
    print(f"written to {path}", file=sys.stderr)
    return path


if __name__ == "__main__":
    main()
