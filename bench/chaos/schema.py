"""schemathesis over the service's OpenAPI schema: generated requests to every operation, and not
one server error (5xx other than the engine's 503).

Runs ``schemathesis run`` (the ``test`` extra installs it) against a live service with the write
token, ``--max-examples`` cases per operation, seeded, with the checks ``not_a_server_error``.
Admission control and fairness are raised out of the way (one client sends everything).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bench.chaos.service import TOKEN, Service


def run(work: Path, *, examples: int = 30, seed: int = 1) -> dict[str, object]:
    """The counts of one schemathesis run."""
    with Service(work / "schema-store", env={"AIKG_MAX_REQUESTS_PER_CLIENT": "64"}) as service:
        done = subprocess.run(
            [sys.executable, "-m", "schemathesis.cli", "run", f"{service.base}/openapi.json",
             "--checks", "not_a_server_error", "--max-examples", str(examples),
             "--seed", str(seed), "--header", f"Authorization: Bearer {TOKEN}",
             "--request-timeout", "60", "--no-color"],
            capture_output=True, text=True, timeout=1800)
    output = done.stdout + done.stderr
    counts = re.search(r"(\d+) generated, (\d+) passed", output)
    return {"exit": done.returncode, "cases": int(counts.group(1)) if counts else 0,
            "passed": int(counts.group(2)) if counts else 0,
            "summary": "\n".join(output.strip().splitlines()[-10:])}


def report(f: dict[str, object]) -> str:
    verdict = "no server error" if f["exit"] == 0 else f"exit status {f['exit']}"
    return f"- {f['cases']:,} generated requests: **{verdict}**\n\n```\n{f['summary']}\n```"
