"""Compliance budget: every check over a workspace of 10,000 activities in under 2 s.

The workspace is the register benchmark's (bench/register_open.py builds it with a bulk
INSERT), plus a vendor and a screening per hundred activities, so every rule family has
records to examine. The figure is wall time of run_checks, the median of several runs, with
the privacy-policy rule included (it reads every activity of the organisation).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa

from app.domain import ActivityScreening, Vendor
from app.services.compliance import run_checks
from app.storage.workspace import Workspace
from bench.register_open import create_workspace

BUDGET_S = 2.0


def add_extras(path: Path, count: int) -> None:
    workspace = Workspace.open(path)
    with workspace.writing() as session:
        session.execute(
            sa.insert(Vendor),
            [{"name": f"Vendor {n}", "role": "processor"} for n in range(count // 100)],
        )
        session.execute(
            sa.insert(ActivityScreening),
            [
                {
                    "activity_id": n,
                    "criteria": ["evaluation", "large_scale"],
                    "art35_3": [],
                    "authority_entries": [],
                    "decision": "undecided",
                }
                for n in range(1, count + 1, 100)
            ],
        )
    workspace.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.pwb"
        create_workspace(path, args.activities)
        add_extras(path, args.activities)
        workspace = Workspace.open(path)
        timings = []
        for _run in range(args.runs):
            started = time.perf_counter()
            report = run_checks(workspace)
            timings.append(time.perf_counter() - started)
        workspace.close()
    median = statistics.median(timings)
    print(
        f"compliance checks over {args.activities} activities: {median * 1000:.0f} ms median "
        f"(runs: {', '.join(f'{t * 1000:.0f}' for t in timings)}); "
        f"{len(report.findings)} findings, score {report.score}%; budget {BUDGET_S:.1f} s"
    )
    return 0 if median < BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
