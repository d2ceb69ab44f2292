"""Fixtures for the page tests: a SQLite workspace with one organisation, and its session.

The pages only need a session, so these tests stay on SQLite; the change engine itself is
tested on both databases in tests/app.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from app.services.organisations import add_organisation
from app.storage.workspace import Workspace
from ui.operations.session import WorkspaceSession
from ui.tasks import wait_for_tasks


@pytest.fixture
def ui_workspace(tmp_path: Path) -> Iterator[Workspace]:
    workspace = Workspace.create(tmp_path / "w.pwb")
    add_organisation(workspace, {"legal_name": "Acme Online SAS", "country": "FR"}, actor="setup")
    try:
        yield workspace
    finally:
        workspace.close()


@pytest.fixture
def ui_session(qtbot, ui_workspace: Workspace) -> Iterator[WorkspaceSession]:  # type: ignore[no-untyped-def]
    session = WorkspaceSession(ui_workspace, actor="tester")
    yield session
    wait_for_tasks()
    # Deliver the last callbacks now, while the widgets they talk to still exist.
    QCoreApplication.processEvents()
