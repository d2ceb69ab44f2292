"""Register budget: open a workspace with 10,000 activities and show the table (under 1 s), then
filter it keystroke by keystroke (each under 50 ms), with memory under 300 MB.

The activities are written in one transaction with a bulk INSERT (the change engine's per-record
audit would take half a minute and is not what is measured). The page is driven through the real
main window, offscreen; each figure is wall time until the event loop has painted the result.
A 5 ms timer on the GUI thread records the longest stretch it could not run: how long the
window froze.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

from app.domain import Person, ProcessingActivity
from app.domain.activity import derive_activity_summary
from app.services.organisations import add_organisation
from app.storage.workspace import Workspace

NAMES = [
    "Order fulfilment", "Newsletter", "Payroll", "Recruitment", "Customer service",
    "Fraud prevention", "Website analytics", "CCTV", "Loyalty programme", "Supplier management",
]  # fmt: skip
BASES = ["6.1.a", "6.1.b", "6.1.c", "6.1.f"]


def create_workspace(path: Path, count: int) -> None:
    workspace = Workspace.create(path)
    add_organisation(workspace, {"legal_name": "Bench Holding SE", "country": "DE"}, actor="bench")
    today = date.today()
    with workspace.writing() as session:
        session.execute(
            sa.insert(Person),
            [{"name": f"Owner {n:02d}", "role": "editor"} for n in range(1, 31)],
        )
        rows = []
        for n in range(count):
            values = {
                "reference": f"PA-{n + 1:05d}",
                "name": f"{NAMES[n % len(NAMES)]} – unit {n // len(NAMES) + 1}",
                "status": ("draft", "active", "active", "retired")[n % 4],
                "owner_id": n % 31 or None,
                "controller_id": 1,
                "purposes": [
                    {"key": "p1", "purpose": "Main purpose", "basis": BASES[n % 4]},
                    {"key": "p2", "purpose": "Second purpose", "basis": BASES[(n // 4) % 4]},
                ],
                "data_categories": [
                    {"category": "Contact details", "kind": "regular", "purpose_keys": ["p1"]},
                    {"category": "Health", "kind": "special" if n % 9 == 0 else "regular"},
                ],
                "transfers": (
                    [{"destination": "US", "mechanism": "scc", "scc_module": "2"}]
                    if n % 5 == 0
                    else []
                ),
                "next_review": today + timedelta(days=(n % 730) - 120),
            }
            values.update(derive_activity_summary(values))
            rows.append(values)
        session.execute(sa.insert(ProcessingActivity), rows)
    workspace.close()


class FreezeMeter:
    """The longest gap between ticks of a 5 ms timer on the GUI thread."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.longest = 0

    def start(self) -> None:
        self.longest = 0
        self.clock.start()
        self.timer.start()

    def _tick(self) -> None:
        self.longest = max(self.longest, self.clock.restart())

    def stop(self) -> int:
        self.timer.stop()
        return max(self.longest, self.clock.elapsed())


def settle(app: QApplication, until: Callable[[], bool] = lambda: True) -> None:
    deadline = time.perf_counter() + 30
    while not until() and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)
    app.processEvents()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--activities", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        os.environ["PRIVACY_WORKBENCH_HOME"] = home
        path = Path(home) / "register.pwb"
        started = time.perf_counter()
        create_workspace(path, args.activities)
        print(f"created {args.activities} activities in {time.perf_counter() - started:.1f} s")

        from ui.app import make_application
        from ui.main_window import MainWindow
        from ui.tasks import wait_for_tasks

        app = make_application()
        window = MainWindow()
        window.show()
        settle(app)
        meter = FreezeMeter()

        started = time.perf_counter()
        workspace = Workspace.open(path)  # the window does this on a worker thread
        opened = time.perf_counter()
        window.attach(workspace)  # builds every page; shows the first one
        attached = time.perf_counter()
        meter.start()
        window.show_page("register")
        page = window.pages["register"]
        settle(app, lambda: page.model.rowCount() == args.activities and not page.loading)
        shown = time.perf_counter()
        froze = meter.stop()
        memory = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"open workspace + register shown: {(shown - started) * 1000:7.1f} ms (budget 1000 ms)"
        )
        print(
            f"  of which: open {(opened - started) * 1000:.0f} ms (worker thread in the app), "
            f"attach {(attached - opened) * 1000:.0f} ms, register page "
            f"{(shown - attached) * 1000:.0f} ms (rows read off the GUI thread; the GUI thread's "
            f"longest busy stretch {froze} ms)"
        )
        print(f"peak memory (RSS):               {memory:7.1f} MB   (budget 300 MB)")

        bar = page.filter_bar
        steps: list[tuple[str, Callable[[], None]]] = []
        for text in ("u", "un", "uni", "unit", "unit ", "unit 1", "unit 12", "unit 123", ""):
            steps.append((f"search {text!r}", lambda text=text: bar.search.setText(text)))
        for combo in bar.combos:
            steps.append((f"{combo.objectName()} on", lambda combo=combo: combo.setCurrentIndex(1)))
            steps.append(
                (f"{combo.objectName()} off", lambda combo=combo: combo.setCurrentIndex(0))
            )
        timings = []
        for label, step in steps:
            meter.start()
            started = time.perf_counter()
            step()
            bar.flush()  # the search's 150 ms pause is the user's, not ours
            settle(app)
            elapsed = (time.perf_counter() - started) * 1000
            meter.stop()
            timings.append(elapsed)
            shown = page.proxy.rowCount()
            print(f"  {label:28} {elapsed:6.1f} ms  {shown:6d} rows shown")
        print(
            f"filter keystroke: median {statistics.median(timings):.1f} ms, "
            f"worst {max(timings):.1f} ms   (budget 50 ms)"
        )

        sorts = []
        for column in (1, 8, 3, 0):
            started = time.perf_counter()
            page.table.sortByColumn(column, page.table.horizontalHeader().sortIndicatorOrder())
            settle(app)
            sorts.append((time.perf_counter() - started) * 1000)
        print(f"sort by a column: worst {max(sorts):.1f} ms")

        wait_for_tasks()
        window.detach()
        window.close()


if __name__ == "__main__":
    main()
