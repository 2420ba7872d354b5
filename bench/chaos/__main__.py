"""``python -m bench.chaos [--only fairness,kill9,load,schema,headers] [--duration 120]``: the
attack suite (see :mod:`bench.chaos`), printing its figures as markdown.

``--duration`` is the mixed load's length (2 minutes by default; shorter for quick runs); the
fairness attack runs half of it (at least 20 s).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.chaos import fairness, headers, kill9, load, schema

PARTS = ("fairness", "kill9", "load", "schema", "headers")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.chaos",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(PARTS),
                        help=f"comma-separated parts: {', '.join(PARTS)}")
    parser.add_argument("--duration", type=float, default=120.0,
                        help="seconds of mixed load (the attack runs half of it)")
    parser.add_argument("--kills", type=int, default=6, help="kill -9 rounds")
    parser.add_argument("--examples", type=int, default=30,
                        help="schemathesis examples per operation")
    args = parser.parse_args(argv)
    only = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = set(only) - set(PARTS)
    if unknown:
        raise SystemExit(f"unknown --only part(s): {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory(prefix="aikg-chaos-") as tmp:
        work = Path(tmp)
        print("# Attack suite (python -m bench.chaos)\n")
        for part in only:
            started = time.monotonic()
            if part == "fairness":
                text = fairness.report(fairness.run(work, duration=max(20.0, args.duration / 2)))
                title = "Fairness: one client loops the worst query"
            elif part == "kill9":
                text = kill9.report(kill9.run(work, rounds=args.kills))
                title = "kill -9 under write load"
            elif part == "load":
                text = load.report(load.run(work, duration=args.duration))
                title = "Mixed load, 8 clients"
            elif part == "schema":
                text = schema.report(schema.run(work, examples=args.examples))
                title = "schemathesis over the OpenAPI schema"
            else:
                text = headers.report(headers.run(work))
                title = "A 64 MB header, and the cost of bounding heads"
            print(f"## {title}\n\n{text}\n\n({time.monotonic() - started:.0f} s)\n", flush=True)


if __name__ == "__main__":
    main()
