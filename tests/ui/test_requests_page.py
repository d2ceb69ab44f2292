"""The requests page: late answers in red, the deadline explained, the deadline following the
day of receipt, a refusal closed only with its ground; and the reminder when a workspace opens."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from app.services.requests import add_request, get_request, list_request_rows
from app.services.workspaces import create_workspace
from app.storage.workspace import Workspace
from ui.main_window import MainWindow
from ui.models.request_table_model import Column
from ui.operations.session import WorkspaceSession
from ui.tasks import wait_for_tasks
from ui.views.requests_page import RequestsPage
from ui.widgets.choices_editor import ChoicesEditor

TODAY = date.today()
DEFAULTS = {"channel": "email", "identity_check": "not_needed"}


@pytest.fixture
def workspace_path(tmp_path: Path) -> Path:
    path = tmp_path / "requests.pwb"
    create_workspace(path, {"legal_name": "Acme Online SAS", "country": "FR"}).close()
    return path


@pytest.fixture
def workspace(workspace_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(workspace_path)
    for requester, days_ago in [("Late Larry", 60), ("Soon Sophie", 28), ("Fresh Fred", 0)]:
        values = {"types": ["access"], "received_on": TODAY - timedelta(days=days_ago)}
        add_request(ws, DEFAULTS | values | {"requester": requester}, actor="setup")
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
def page(qtbot, session: WorkspaceSession) -> Iterator[RequestsPage]:  # type: ignore[no-untyped-def]
    widget = RequestsPage(session)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    widget.reload()
    yield widget
    wait_for_tasks()


def requesters(page: RequestsPage) -> list[str]:
    return [page.proxy.index(row, Column.REQUESTER).data() for row in range(page.proxy.rowCount())]


def cell(page: RequestsPage, requester: str, column: int, role: int = 0) -> Any:
    row = requesters(page).index(requester)
    return page.proxy.index(row, column).data(role or Qt.ItemDataRole.DisplayRole)


def select(page: RequestsPage, requester: str) -> None:
    page.table.selectRow(requesters(page).index(requester))


def row_of(workspace: Workspace, requester: str) -> Any:
    return next(row for row in list_request_rows(workspace) if row.requester == requester)


def answer_next_dialog(respond: Callable[[QWidget], None]) -> None:
    tries = [0]

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        tries[0] += 1
        if dialog is None and tries[0] < 200:
            QTimer.singleShot(10, look)
        elif dialog is not None:
            respond(dialog)

    QTimer.singleShot(0, look)


def test_an_overdue_request_is_red_and_kept_by_the_overdue_filter(
    page: RequestsPage, workspace: Workspace
) -> None:
    late = row_of(workspace, "Late Larry")
    assert requesters(page)[0] == "Late Larry"  # the most urgent first
    assert cell(page, "Late Larry", Column.DAYS_LEFT) == f"{-late.days_left} days overdue"
    colour = cell(page, "Late Larry", Column.DAYS_LEFT, Qt.ItemDataRole.ForegroundRole)
    assert colour.name() == "#c62828"
    assert cell(page, "Late Larry", Column.DAYS_LEFT, Qt.ItemDataRole.FontRole).bold()
    soon = cell(page, "Soon Sophie", Column.DAYS_LEFT, Qt.ItemDataRole.ForegroundRole)
    assert soon.name() == "#b26a00"
    assert cell(page, "Fresh Fred", Column.DAYS_LEFT, Qt.ItemDataRole.ForegroundRole) is None
    assert cell(page, "Late Larry", Column.TYPES) == "Access"
    assert cell(page, "Late Larry", Column.DUE) == late.deadline.due.isoformat()

    overdue = page.findChild(QWidget, "filter_overdue")
    assert overdue.text() == "Overdue (1)"
    overdue.click()
    assert requesters(page) == ["Late Larry"]
    assert page.count_label.text() == "1 of 3 requests"
    page.findChild(QWidget, "filter_due_soon").click()
    assert requesters(page) == ["Soon Sophie"]
    page.findChild(QWidget, "filter_all").click()
    page.search.setText("fred")
    assert requesters(page) == ["Fresh Fred"]
    assert page.details_title.text().endswith("Fresh Fred")  # the selection follows


def test_the_banner_explains_the_deadline(page: RequestsPage, workspace: Workspace) -> None:
    select(page, "Fresh Fred")
    deadline = row_of(workspace, "Fresh Fred").deadline
    assert page.deadline_text.text() == f"Deadline: {deadline.text}"
    assert "one month after receipt on" in page.deadline_text.text()
    assert page.deadline_status.text().startswith(f"Reply due {deadline.due.isoformat()}")
    assert page.extension_warning.isHidden()


def test_changing_the_day_of_receipt_moves_the_due_date(
    qtbot,  # type: ignore[no-untyped-def]
    page: RequestsPage,
    session: WorkspaceSession,
    workspace: Workspace,
) -> None:
    select(page, "Fresh Fred")
    received = page.form.editor("received_on")
    assert isinstance(received, QLineEdit)
    received.setFocus()
    received.selectAll()
    qtbot.keyClicks(received, "2027-01-31")
    qtbot.keyClick(received, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not session.busy, timeout=10000)
    deadline = row_of(workspace, "Fresh Fred").deadline
    assert deadline.due >= date(2027, 2, 28)  # no 31 February: the month's last day, or later
    qtbot.waitUntil(lambda: cell(page, "Fresh Fred", Column.DUE) == deadline.due.isoformat())
    assert page.deadline_text.text() == f"Deadline: {deadline.text}"
    assert "31 Jan 2027 has no match in February" in page.deadline_text.text()


def test_a_late_extension_is_pointed_out(
    qtbot,  # type: ignore[no-untyped-def]
    page: RequestsPage,
    session: WorkspaceSession,
) -> None:
    select(page, "Late Larry")
    page.form.editor("extended").click()  # ticked now, more than a month after receipt
    qtbot.waitUntil(lambda: not session.busy, timeout=10000)
    qtbot.waitUntil(lambda: not page.extension_warning.isHidden())
    assert "within the first month" in page.extension_warning.text()
    assert "Requester told on" in page.extension_warning.text()


def test_the_types_are_ticked_and_stored_as_a_list(
    qtbot,  # type: ignore[no-untyped-def]
    page: RequestsPage,
    session: WorkspaceSession,
    workspace: Workspace,
) -> None:
    select(page, "Fresh Fred")
    types = page.form.editor("types")
    assert isinstance(types, ChoicesEditor)
    assert types.values() == ["access"]
    with qtbot.waitSignal(page.form.field_edited) as edited:
        types.box("erasure").click()
    assert edited.args == [{"types": ["access", "erasure"]}]
    qtbot.waitUntil(lambda: not session.busy, timeout=10000)
    fred = row_of(workspace, "Fresh Fred")
    assert get_request(workspace, fred.id)["types"] == ["access", "erasure"]
    qtbot.waitUntil(lambda: cell(page, "Fresh Fred", Column.TYPES) == "Access, Erasure")
    types.box("access").click()
    types.box("erasure").click()  # nothing left: at least one is required
    assert "choose at least one" in page.form.error_text("types")


def test_closing_with_a_refusal_needs_its_ground(
    qtbot,  # type: ignore[no-untyped-def]
    page: RequestsPage,
    session: WorkspaceSession,
    workspace: Workspace,
) -> None:
    select(page, "Soon Sophie")
    seen: dict[str, Any] = {}

    def refuse(dialog: Any) -> None:
        outcome = dialog.form.editor("outcome")
        outcome.setCurrentIndex(outcome.findData("refused"))
        dialog.close_button.click()  # no ground yet
        seen["error"] = dialog.form.error_text("refusal_ground")
        seen["still_open"] = dialog.isVisible()
        dialog.form.editor("refusal_ground").setPlainText(
            "Manifestly excessive: the fifth identical request this month."
        )
        dialog.close_button.click()

    answer_next_dialog(refuse)
    page.close_button.click()
    assert seen == {
        "error": "Ground for refusal: A refusal needs its ground: the person must be told why "
        "(Art. 12(4)).",
        "still_open": True,
    }
    qtbot.waitUntil(lambda: not session.busy, timeout=10000)
    stored = get_request(workspace, row_of(workspace, "Soon Sophie").id)
    assert (stored["status"], stored["outcome"], stored["closed_on"]) == (
        "closed",
        "refused",
        TODAY,
    )
    assert stored["refusal_ground"].startswith("Manifestly excessive")
    qtbot.waitUntil(lambda: "Soon Sophie" not in requesters(page))  # no longer open
    assert page.findChild(QWidget, "filter_all").text() == "All (3)"


def test_a_new_request_is_selected_with_its_requester_ready_to_type(
    qtbot,  # type: ignore[no-untyped-def]
    page: RequestsPage,
    session: WorkspaceSession,
) -> None:
    page.findChild(QWidget, "filter_overdue").click()
    page.new_button.click()
    qtbot.waitUntil(lambda: not session.busy, timeout=10000)
    qtbot.waitUntil(lambda: page.details_title.text() == "REQ-004 · New requester")
    assert page.current_filter().value == "all"  # the overdue filter would have hidden it
    requester = page.form.editor("requester")
    assert isinstance(requester, QLineEdit)
    assert requester.hasFocus() and requester.selectedText() == "New requester"
    assert page.form.value("received_on") == TODAY
    assert page.form.value("types") == ["access"]


def test_the_reminder_appears_when_a_workspace_opens(
    qtbot,  # type: ignore[no-untyped-def]
    workspace_path: Path,
) -> None:
    with Workspace.open(workspace_path) as ws:
        add_request(
            ws,
            DEFAULTS
            | {"types": ["erasure"], "received_on": TODAY - timedelta(days=90), "requester": "A"},
            actor="setup",
        )
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.attach(Workspace.open(workspace_path))
    try:
        qtbot.waitUntil(lambda: window.reminder_bar is not None, timeout=10000)
        bar = window.reminder_bar
        assert bar is not None
        text = bar.findChild(QWidget, "reminder_text").text()  # type: ignore[union-attr]
        assert text == "Reminder: 1 request overdue."
        assert window.statusBar().currentMessage() == "1 request overdue"
        actions = {action.text(): action for action in bar.actions() if action.text()}
        assert set(actions) == {"Show requests", "Dismiss"}
        actions["Show requests"].trigger()
        assert window.current_page_name() == "requests"
        actions["Dismiss"].trigger()
        assert window.reminder_bar is None
    finally:
        wait_for_tasks()
        window.detach()


def test_no_reminder_when_nothing_is_due(qtbot, workspace_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow()
    qtbot.addWidget(window)
    window.attach(Workspace.open(workspace_path))
    wait_for_tasks()
    QApplication.processEvents()
    assert window.reminder_bar is None
    window.detach()
