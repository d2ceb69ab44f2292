"""The organisation page driven as a user drives it: type, press Enter, find it stored."""

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

from app.services.history import count_history
from app.services.organisations import get_organisation, list_organisations, update_organisation
from ui.operations.session import WorkspaceSession
from ui.views.organisation_page import OrganisationPage


@pytest.fixture
def page(qtbot, ui_session: WorkspaceSession) -> OrganisationPage:  # type: ignore[no-untyped-def]
    widget = OrganisationPage(ui_session)
    qtbot.addWidget(widget)
    widget.resize(1000, 760)
    widget.show()
    widget.reload()
    return widget


def stored(session: WorkspaceSession, name: str, index: int = 0) -> object:
    organisation = list_organisations(session.workspace)[index]
    return get_organisation(session.workspace, organisation.id)[name]


def edit_line(qtbot, page: QWidget, name: str, text: str) -> QLineEdit:  # type: ignore[no-untyped-def]
    editor = page.findChild(QLineEdit, name)
    assert editor is not None, f"no editor named {name}"
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    return editor


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


def test_an_edit_is_stored_when_the_user_presses_enter(  # type: ignore[no-untyped-def]
    qtbot, page: OrganisationPage, ui_session: WorkspaceSession
) -> None:
    edit_line(qtbot, page, "legal_name", "Acme Retail SAS")
    qtbot.waitUntil(lambda: stored(ui_session, "legal_name") == "Acme Retail SAS", timeout=10000)
    qtbot.waitUntil(lambda: not ui_session.busy, timeout=10000)
    assert page.organisation_list.item(0).text() == "Acme Retail SAS"
    assert page.findChild(QLineEdit, "legal_name").text() == "Acme Retail SAS"


def test_an_invalid_email_is_explained_and_nothing_is_stored(  # type: ignore[no-untyped-def]
    qtbot, page: OrganisationPage, ui_session: WorkspaceSession
) -> None:
    before = count_history(ui_session.workspace)
    edit_line(qtbot, page, "email", "privacy(at)acme")
    error = page.findChild(QLabel, "email_error")
    assert error.isVisible()
    assert "“privacy(at)acme” is not an e-mail address" in error.text()
    assert not ui_session.busy
    assert stored(ui_session, "email") is None
    assert count_history(ui_session.workspace) == before


def test_undo_restores_the_value_and_the_form_shows_it(  # type: ignore[no-untyped-def]
    qtbot, page: OrganisationPage, ui_session: WorkspaceSession
) -> None:
    edit_line(qtbot, page, "sector", "Online retail")
    qtbot.waitUntil(lambda: stored(ui_session, "sector") == "Online retail", timeout=10000)
    qtbot.waitUntil(ui_session.can_undo, timeout=10000)
    with qtbot.waitSignal(ui_session.records_changed, timeout=10000):
        ui_session.undo()
    assert stored(ui_session, "sector") is None
    assert page.findChild(QLineEdit, "sector").text() == ""


def test_a_save_by_someone_else_shows_in_the_form(  # type: ignore[no-untyped-def]
    qtbot, page: OrganisationPage, ui_session: WorkspaceSession
) -> None:
    organisation = list_organisations(ui_session.workspace)[0]
    update_organisation(
        ui_session.workspace,
        organisation.id,
        {"sector": "Travel"},
        organisation.version,
        actor="colleague",
    )
    ui_session.records_changed.emit("*")
    assert page.findChild(QLineEdit, "sector").text() == "Travel"


def test_adding_an_organisation_asks_its_name_and_country(  # type: ignore[no-untyped-def]
    qtbot, page: OrganisationPage, ui_session: WorkspaceSession
) -> None:
    seen: list[str] = []

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, QDialog)
        add = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Add")
        add.click()  # nothing typed yet: the dialog explains and stays open
        seen.append(dialog.findChild(QLabel, "legal_name_error").text())
        dialog.findChild(QLineEdit, "legal_name").setText("Acme Logistics GmbH")
        country = dialog.findChild(QComboBox, "country")
        country.setEditText("Germany")
        add.click()

    answer_next_dialog(fill)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert seen == ["Legal name: is required"]
    qtbot.waitUntil(lambda: page.organisation_list.count() == 2, timeout=10000)
    qtbot.waitUntil(lambda: not ui_session.busy, timeout=10000)
    names = [o["legal_name"] for o in list_organisations(ui_session.workspace)]
    assert names == ["Acme Online SAS", "Acme Logistics GmbH"]
    assert stored(ui_session, "country", 1) == "DE"
    # The new organisation is the one shown, ready to be filled in.
    assert page.organisation_list.currentItem().text() == "Acme Logistics GmbH"
    assert page.findChild(QLineEdit, "legal_name").text() == "Acme Logistics GmbH"


def test_the_selection_is_kept_across_reloads_and_deletion_asks_first(  # type: ignore[no-untyped-def]
    qtbot, page: OrganisationPage, ui_session: WorkspaceSession
) -> None:
    ui_session.create_record("organisation", {"legal_name": "Acme Logistics GmbH"})
    qtbot.waitUntil(lambda: page.organisation_list.count() == 2, timeout=10000)
    page.organisation_list.setCurrentRow(1)
    page.reload()
    assert page.organisation_list.currentRow() == 1
    assert page.findChild(QLineEdit, "legal_name").text() == "Acme Logistics GmbH"

    asked: list[str] = []

    def cancel(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Cancel).click()

    answer_next_dialog(cancel)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert asked == ["Delete the organisation “Acme Logistics GmbH”?"]
    assert not ui_session.busy

    def confirm(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        next(b for b in box.buttons() if b.text() == "Delete").click()

    answer_next_dialog(confirm)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.organisation_list.count() == 1, timeout=10000)
    assert [o.label for o in list_organisations(ui_session.workspace)] == ["Acme Online SAS"]
    assert page.findChild(QLineEdit, "legal_name").text() == "Acme Online SAS"


def test_hints_point_at_a_missing_representative_and_dpo_reason(  # type: ignore[no-untyped-def]
    qtbot, page: OrganisationPage, ui_session: WorkspaceSession
) -> None:
    assert not page.hint_label.isVisible()  # France, nothing missing
    country = page.findChild(QComboBox, "country")
    country.lineEdit().selectAll()
    qtbot.keyClicks(country.lineEdit(), "united states")
    qtbot.keyClick(country.lineEdit(), Qt.Key.Key_Return)
    assert country.currentText() == "United States (US)"
    qtbot.waitUntil(page.hint_label.isVisible, timeout=10000)
    assert "must name a representative there (Art. 27)" in page.hint_label.text()

    edit_line(qtbot, page, "representative_name", "EU-Rep Ltd")
    qtbot.waitUntil(lambda: not page.hint_label.isVisible(), timeout=10000)

    dpo = page.findChild(QComboBox, "dpo_kind")
    dpo.setCurrentIndex(dpo.findData("none"))
    dpo.activated.emit(dpo.currentIndex())
    qtbot.waitUntil(page.hint_label.isVisible, timeout=10000)
    assert "no reason is recorded" in page.hint_label.text()
    qtbot.waitUntil(lambda: not ui_session.busy, timeout=10000)
