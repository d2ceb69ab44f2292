"""The breach register page: a 72-hour clock that ticks without asking the database, times
entered in the breach's own zone and stored in UTC, and a suggested risk level the user takes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from app.services.breaches import add_breach, get_breach, list_breach_rows
from app.services.workspaces import create_workspace
from app.storage.workspace import Workspace
from ui.models.breach_table_model import Column
from ui.operations.session import WorkspaceSession
from ui.tasks import wait_for_tasks
from ui.views.breaches_page import BreachesPage
from ui.widgets.choices_editor import ChoicesEditor
from ui.widgets.datetime_editor import DateTimeEditor

NOW = datetime(2027, 3, 8, 12, 0, tzinfo=UTC)
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    path = tmp_path / "breaches.pwb"
    create_workspace(path, {"legal_name": "Acme Online SAS", "country": "FR"}).close()
    ws = Workspace.open(path)
    add_breach(
        ws,
        {
            "title": "Customer list e-mailed to the wrong address",
            "time_zone": "Europe/Paris",
            "aware_at": NOW - timedelta(hours=31),
            "types": ["confidentiality"],
            "special_or_criminal": True,
            "approx_subjects": 5000,
        },
        actor="setup",
    )
    try:
        yield ws
    finally:
        ws.close()


@pytest.fixture
def session(qtbot, workspace: Workspace) -> Iterator[WorkspaceSession]:  # type: ignore[no-untyped-def]
    yield WorkspaceSession(workspace, actor="tester")
    wait_for_tasks()
    QApplication.processEvents()


@pytest.fixture
def page(qtbot, session: WorkspaceSession) -> Iterator[BreachesPage]:  # type: ignore[no-untyped-def]
    widget = BreachesPage(session)
    widget.now = lambda: NOW  # the clocks read this moment until a test moves it on
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    widget.reload()
    yield widget
    wait_for_tasks()


def cell(page: BreachesPage, column: int, role: int = 0, row: int = 0) -> Any:
    return page.proxy.index(row, column).data(role or Qt.ItemDataRole.DisplayRole)


def stored(workspace: Workspace, name: str) -> Any:
    return get_breach(workspace, list_breach_rows(workspace)[0].id)[name]


def test_the_clock_shows_the_hours_left_and_turns_overdue_as_it_ticks(
    page: BreachesPage, session: WorkspaceSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cell(page, Column.REFERENCE) == "BR-001"
    assert cell(page, Column.AWARE) == "2027-03-07 06:00 CET"  # 05:00 UTC, in Paris
    assert cell(page, Column.NOTIFY_BY) == "2027-03-10 06:00 CET"
    assert cell(page, Column.CLOCK) == "41 h left"
    assert cell(page, Column.CLOCK, Qt.ItemDataRole.ForegroundRole).name() == "#b26a00"
    assert page.clock_status.text() == "41 hours left to notify the authority"
    assert "by 2027-03-10 06:00 CET (Europe/Paris)" in page.clock_text.text()
    assert page.timer.isActive() and page.timer.interval() == 30_000

    def no_reads() -> list[Any]:
        raise AssertionError("a tick must not read the database")

    monkeypatch.setattr(session, "breach_rows", no_reads)
    page.tick(NOW + timedelta(hours=46))
    assert cell(page, Column.CLOCK) == "5 h overdue"
    assert cell(page, Column.CLOCK, Qt.ItemDataRole.ForegroundRole).name() == "#c62828"
    assert cell(page, Column.CLOCK, Qt.ItemDataRole.FontRole).bold()
    assert page.clock_status.text() == "5 hours overdue: the authority has not been notified"
    assert "Notify now and give the reasons for the delay" in page.clock_text.text()
    page.tick(NOW + timedelta(hours=40, minutes=30))
    assert cell(page, Column.CLOCK) == "30 min left"


def test_a_notified_breach_stops_its_clock(
    qtbot,  # type: ignore[no-untyped-def]
    page: BreachesPage,
    session: WorkspaceSession,
) -> None:
    editor = page.form.editor("authority_notified_at")
    assert isinstance(editor, DateTimeEditor)
    assert editor.value() is None and editor.edit.text() == "Not set"
    editor.now_button.click()
    qtbot.waitUntil(lambda: not session.busy, timeout=10000)
    qtbot.waitUntil(lambda: cell(page, Column.CLOCK) == "Notified")
    assert page.clock_status.text().startswith("The authority was notified at")


def test_a_moment_is_edited_in_the_breach_zone_and_stored_in_utc(
    qtbot,  # type: ignore[no-untyped-def]
    page: BreachesPage,
    session: WorkspaceSession,
    workspace: Workspace,
) -> None:
    editor = page.form.editor("aware_at")
    assert isinstance(editor, DateTimeEditor)
    assert editor.edit.text() == "2027-03-07 06:00"
    assert editor.zone_label.text() == "Europe/Paris"
    assert "UTC+01:00" in editor.zone_label.toolTip()
    assert editor.value() == NOW - timedelta(hours=31)
    assert editor.value().tzinfo == PARIS  # type: ignore[union-attr]

    with qtbot.assertNotEmitted(page.form.field_edited):
        editor.edit.setFocus()
        editor.edit.editingFinished.emit()  # passing through changes nothing

    with qtbot.waitSignal(page.form.field_edited) as edited:
        editor.edit.setDateTime(QDateTime(QDate(2027, 7, 1), QTime(9, 15), editor.edit.timeZone()))
        editor.edit.editingFinished.emit()
    moment = datetime(2027, 7, 1, 7, 15, tzinfo=UTC)  # 09:15 summer time in Paris
    assert edited.args == [{"aware_at": moment}]
    qtbot.waitUntil(lambda: not session.busy, timeout=10000)
    assert stored(workspace, "aware_at") == moment
    qtbot.waitUntil(lambda: cell(page, Column.AWARE) == "2027-07-01 09:15 CEST")
    assert editor.edit.text() == "2027-07-01 09:15"

    zone = page.form.editor("time_zone")
    assert isinstance(zone, QComboBox)
    zone.setEditText("America/New_York")
    zone.lineEdit().editingFinished.emit()
    assert editor.edit.text() == "2027-07-01 03:15"  # the same moment, in New York
    assert editor.zone_label.text() == "America/New_York"
    qtbot.waitUntil(lambda: not session.busy, timeout=10000)
    assert stored(workspace, "aware_at") == moment  # only the zone changed


def test_the_types_editor_emits_the_list(
    qtbot,  # type: ignore[no-untyped-def]
    page: BreachesPage,
    session: WorkspaceSession,
    workspace: Workspace,
) -> None:
    types = page.form.editor("types")
    assert isinstance(types, ChoicesEditor)
    assert types.values() == ["confidentiality"]
    with qtbot.waitSignal(page.form.field_edited) as edited:
        types.box("availability").click()
    assert edited.args == [{"types": ["confidentiality", "availability"]}]
    qtbot.waitUntil(lambda: not session.busy, timeout=10000)
    assert stored(workspace, "types") == ["confidentiality", "availability"]


def test_use_this_level_stores_the_suggested_level(
    qtbot,  # type: ignore[no-untyped-def]
    page: BreachesPage,
    session: WorkspaceSession,
    workspace: Workspace,
) -> None:
    assert page.risk_level_label.text().startswith("A high risk")
    assert "Special-category or criminal-offence data" in page.risk_reasons.text()
    assert page.risk_current.text() == "Recorded now: Not assessed"
    assert cell(page, Column.RISK) == "Not assessed"
    page.use_level_button.click()
    qtbot.waitUntil(lambda: not session.busy, timeout=10000)
    assert stored(workspace, "risk_level") == "high"
    qtbot.waitUntil(lambda: cell(page, Column.RISK) == "High risk")
    assert not page.use_level_button.isEnabled()
    assert page.risk_current.text() == "Recorded now: High risk"
    box = page.form.editor("risk_level")
    assert isinstance(box, QComboBox) and box.currentData() == "high"


def test_a_new_breach_starts_its_clock_now(
    qtbot,  # type: ignore[no-untyped-def]
    page: BreachesPage,
    session: WorkspaceSession,
    workspace: Workspace,
) -> None:
    page.new_button.click()
    qtbot.waitUntil(lambda: not session.busy, timeout=10000)
    qtbot.waitUntil(lambda: page.details_title.text() == "BR-002 · New breach")
    title = page.form.editor("title")
    assert isinstance(title, QLineEdit)
    assert title.hasFocus() and title.selectedText() == "New breach"
    references = [cell(page, Column.REFERENCE, row=row) for row in (0, 1)]
    clocks = [cell(page, Column.CLOCK, row=row) for row in (0, 1)]
    assert references == ["BR-001", "BR-002"]  # the most urgent first
    assert clocks == ["41 h left", "72 h left"]
    new = next(row for row in list_breach_rows(workspace) if row.reference == "BR-002")
    assert new.aware_at == NOW
    assert new.time_zone  # the computer's zone, or UTC
