"""Start-up budget: time to the main window shown, ours over a bare PySide6 window.

Each case runs in a fresh interpreter (imports are what start-up costs), alternating the cases
so that machine noise hits both alike. Wall time is measured from outside the process, from
spawn to exit right after the window is shown and painted once.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 820)
window.show()
app.processEvents()
"""

OURS = """
import sys
from ui.app import make_application
from ui.main_window import MainWindow
app = make_application()
window = MainWindow()
if len(sys.argv) > 1:
    from app.storage.workspace import Workspace
    window.attach(Workspace.open(sys.argv[1]))
window.show()
app.processEvents()
"""


def timed(code: str, *args: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True, env=env, cwd=ROOT)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "PRIVACY_WORKBENCH_HOME": home,
            "PYTHONPATH": str(ROOT),
        }
        demo = Path(home) / "demo.pwb"
        subprocess.run(
            [sys.executable, "-m", "app", "demo", str(demo)],
            check=True,
            env=env,
            cwd=ROOT,
            capture_output=True,
        )
        timed(BARE, env=env)  # warm the file cache for both
        timed(OURS, env=env)
        bare, start, workspace = [], [], []
        for _run in range(args.runs):
            bare.append(timed(BARE, env=env))
            start.append(timed(OURS, env=env))
            workspace.append(timed(OURS, str(demo), env=env))
    base = statistics.median(bare)
    print(f"bare PySide6 window:        median {base * 1000:7.1f} ms  ({args.runs} runs)")
    for label, samples in (
        ("ours, start screen:", start),
        ("ours, demo workspace open:", workspace),
    ):
        median = statistics.median(samples)
        print(
            f"{label:27} median {median * 1000:7.1f} ms  ratio {median / base:4.2f}x (budget 1.50x)"
        )


if __name__ == "__main__":
    main()
