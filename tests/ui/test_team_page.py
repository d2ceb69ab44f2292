"""The team page: add people through the dialog, edit them in place, remove them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from app.services.team import add_person, list_team
from ui.operations.session import WorkspaceSession
from ui.views.team_page import TeamPage


@pytest.fixture
def page(qtbot, ui_session: WorkspaceSession) -> TeamPage:  # type: ignore[no-untyped-def]
    widget = TeamPage(ui_session)
    qtbot.addWidget(widget)
    widget.resize(1000, 760)
    widget.show()
    widget.reload()
    return widget


def answer_next_dialog(respond: Callable[[QWidget], None]) -> None:
    """Run `respond` on the next modal dialog once it is shown (exec() blocks the test)."""
    tries = [0]

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        tries[0] += 1
        if dialog is None and tries[0] < 200:
            QTimer.singleShot(10, look)
        elif dialog is not None:
            respond(dialog)

    QTimer.singleShot(0, look)


def table_names(page: TeamPage) -> list[str]:
    return [page.model.index(row, 0).data() for row in range(page.model.rowCount())]


def team(session: WorkspaceSession) -> list[tuple[str, str | None, str]]:
    return [(p["name"], p["email"], p["role"]) for p in list_team(session.workspace)]


def test_an_empty_team_says_what_to_do(page: TeamPage) -> None:
    assert page.table_stack.currentIndex() == 1
    assert "No one in the team yet" in page.table_stack.currentWidget().text()
    assert not page.remove_button.isEnabled()


def test_adding_a_person_checks_the_dialog_then_stores_and_selects(  # type: ignore[no-untyped-def]
    qtbot, page: TeamPage, ui_session: WorkspaceSession
) -> None:
    add_person(ui_session.workspace, {"name": "Zoé Martin", "role": "owner"}, actor="setup")
    page.reload()
    errors: list[str] = []

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, QDialog)
        assert dialog.findChild(QComboBox, "role").currentText() == "Editor"  # the default
        qtbot.keyClicks(dialog.findChild(QLineEdit, "name"), "Ada Lovelace")
        qtbot.keyClicks(dialog.findChild(QLineEdit, "email"), "ada-at-example.org")
        add = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Add")
        add.click()
        errors.append(dialog.findChild(QLabel, "email_error").text())
        assert dialog.isVisible()  # still open: the mistake is shown where it is
        email = dialog.findChild(QLineEdit, "email")
        email.clear()
        qtbot.keyClicks(email, "ada@example.org")
        add.click()

    answer_next_dialog(fill)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert errors and "is not an e-mail address" in errors[0]
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10000)
    qtbot.waitUntil(lambda: not ui_session.busy, timeout=10000)
    assert team(ui_session) == [
        ("Ada Lovelace", "ada@example.org", "editor"),
        ("Zoé Martin", None, "owner"),
    ]
    assert table_names(page) == ["Ada Lovelace", "Zoé Martin"]  # sorted by name
    assert page.model.index(0, 2).data() == "Editor"
    assert page.table.currentIndex().row() == 0
    assert page.findChild(QLineEdit, "name").text() == "Ada Lovelace"


def test_a_person_is_edited_in_place(qtbot, page: TeamPage, ui_session: WorkspaceSession) -> None:  # type: ignore[no-untyped-def]
    for name in ("Lucas Bernard", "Anna Schmidt"):
        add_person(ui_session.workspace, {"name": name, "role": "editor"}, actor="setup")
    page.reload()
    page.table.selectRow(1)
    assert page.findChild(QLineEdit, "name").text() == "Lucas Bernard"
    role = page.findChild(QComboBox, "role")
    role.setCurrentIndex(role.findData("reviewer"))
    role.activated.emit(role.currentIndex())
    qtbot.waitUntil(lambda: ("Lucas Bernard", None, "reviewer") in team(ui_session), timeout=10000)
    qtbot.waitUntil(lambda: page.model.index(1, 2).data() == "Reviewer", timeout=10000)
    assert page.table.currentIndex().row() == 1  # still on the same person

    # Renaming re-sorts the list and keeps the person selected.
    name = page.findChild(QLineEdit, "name")
    name.selectAll()
    qtbot.keyClicks(name, "Aaron Bernard")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table_names(page) == ["Aaron Bernard", "Anna Schmidt"], timeout=10000)
    assert page.table.currentIndex().row() == 0
    assert page.details_title.text() == "Aaron Bernard"


def test_removing_a_person_asks_first(qtbot, page: TeamPage, ui_session: WorkspaceSession) -> None:  # type: ignore[no-untyped-def]
    add_person(ui_session.workspace, {"name": "Emma Laurent", "role": "viewer"}, actor="setup")
    page.reload()
    asked: list[str] = []

    def confirm(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == "Remove").click()

    answer_next_dialog(confirm)
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert asked == ["Remove Emma Laurent from the team?"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=10000)
    assert team(ui_session) == []
    assert page.table_stack.currentIndex() == 1
    assert page.details_stack.currentIndex() == 1  # "Select a person…"
