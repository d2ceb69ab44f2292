"""A crash (kill -9) at any moment loses at most the edit in flight; the file stays consistent."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from app.services.history import list_history
from app.services.organisations import list_organisations
from app.services.workspaces import create_workspace
from app.storage.workspace import Workspace

EDITOR = textwrap.dedent("""
    import sys
    from app.services.organisations import list_organisations, update_organisation
    from app.storage.workspace import Workspace

    workspace = Workspace.open(sys.argv[1])
    organisation = list_organisations(workspace)[0]
    for number in range(100000):
        update_organisation(workspace, organisation.id, {"sector": f"edit {number}"}, None)
        print(number, flush=True)  # acknowledged: the commit has returned
""")


def test_kill_minus_9_during_edits_loses_nothing_acknowledged(tmp_path: Path) -> None:
    path = tmp_path / "crash.pwb"
    create_workspace(path, {"legal_name": "Crash Test Ltd", "country": "IE"}).close()
    child = subprocess.Popen(
        [sys.executable, "-c", EDITOR, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert child.stdout is not None
    acknowledged = -1
    for line in child.stdout:
        acknowledged = int(line)
        if acknowledged >= 40:
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert acknowledged >= 40

    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with Workspace.open(path) as workspace:
        stored = int(str(list_organisations(workspace)[0]["sector"]).split()[1])
        # Everything acknowledged is there; at most the edit in flight went further.
        assert acknowledged <= stored <= acknowledged + 1
        sector_events = [e for e in list_history(workspace, limit=100000) if e.field == "Sector"]
        # Each stored edit has its audit event: the two are written in one transaction.
        assert len(sector_events) == stored + 1
