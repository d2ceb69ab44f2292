"""The main window driven as a user drives it: start screen, new workspace, edit, undo, reopen,
and a conflicting save resolved both ways."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLineEdit

from app.services.organisations import get_organisation, list_organisations, update_organisation
from app.services.workspaces import create_workspace
from app.storage.workspace import Workspace
from ui.dialogs import conflict_dialog
from ui.dialogs.conflict_dialog import ConflictChoice
from ui.dialogs.new_workspace_dialog import NewWorkspaceDialog
from ui.main_window import MainWindow
from ui.tasks import wait_for_tasks


@pytest.fixture
def window(qtbot):  # type: ignore[no-untyped-def]
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    yield main
    wait_for_tasks()
    main.detach()


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    path = tmp_path / "acme.pwb"
    create_workspace(path, {"legal_name": "Acme Online SAS", "country": "FR"}).close()
    return path


def open_in(window: MainWindow, qtbot, path: Path) -> None:  # type: ignore[no-untyped-def]
    window.open_workspace(str(path))
    qtbot.waitUntil(lambda: window.session is not None, timeout=10000)
    # The dashboard opens first; the tests below edit the organisation, as a user would
    # after going to its page.
    window.show_page("organisation")


def stored_name(path: Path) -> str:
    with Workspace.open(path) as ws:
        return str(list_organisations(ws)[0]["legal_name"])


def edit_line(window: MainWindow, qtbot, name: str, text: str) -> QLineEdit:  # type: ignore[no-untyped-def]
    editor = window.pages["organisation"].findChild(QLineEdit, name)
    assert editor is not None, f"no editor named {name}"
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    return editor


def test_first_launch_shows_the_start_screen(window: MainWindow) -> None:
    assert window.central.currentWidget() is window.start_page
    assert window.windowTitle() == "Privacy Workbench"
    assert window.start_page.empty_recent.isVisible()
    assert not window.undo_action.isEnabled()


def test_new_workspace_from_the_dialog(
    window: MainWindow,
    qtbot,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "Client A"

    def fill_and_accept(dialog: NewWorkspaceDialog) -> int:
        dialog.path_edit.setText(str(target))
        qtbot.keyClicks(dialog.name_edit, "Client A GmbH")
        dialog.country_box.setCurrentIndex(dialog.country_box.findData("DE"))
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(NewWorkspaceDialog, "exec", fill_and_accept)
    window.new_workspace()
    qtbot.waitUntil(lambda: window.session is not None, timeout=10000)
    assert window.windowTitle().startswith("Client A.pwb")
    assert stored_name(tmp_path / "Client A.pwb") == "Client A GmbH"
    # The dashboard is the home page of a workspace, first in the Go menu (Ctrl+1).
    assert window.current_page_name() == "dashboard"
    first = window.go_menu.actions()[0]
    assert first.shortcut() == QKeySequence("Ctrl+1")
    first.trigger()
    assert window.current_page_name() == "dashboard"
    window.go_menu.actions()[1].trigger()  # Ctrl+2
    assert window.current_page_name() == "organisation"


def test_new_workspace_dialog_explains_bad_input_and_stays_open(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = NewWorkspaceDialog()
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "w.pwb"))
    dialog.accept()
    assert dialog.result() == 0
    assert "Legal name" in dialog.error_label.text()
    dialog.as_server.setChecked(True)
    dialog.url_edit.setText("mysql://somewhere/db")
    dialog.name_edit.setText("Valid Ltd")
    dialog.accept()
    assert "postgresql://" in dialog.error_label.text()
    assert not (tmp_path / "w.pwb").exists()


def test_edit_undo_redo_and_reopen(window: MainWindow, qtbot, acme: Path) -> None:  # type: ignore[no-untyped-def]
    open_in(window, qtbot, acme)
    assert window.windowTitle() == "acme.pwb — Privacy Workbench"
    edit_line(window, qtbot, "legal_name", "Acme Retail SAS")
    qtbot.waitUntil(lambda: stored_name(acme) == "Acme Retail SAS", timeout=10000)
    qtbot.waitUntil(lambda: "Stored" in window.saved_label.text(), timeout=5000)
    assert window.undo_action.isEnabled()
    assert "Legal name" in window.undo_action.text()
    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert QKeySequence("Ctrl+Shift+Z") in window.redo_action.shortcuts()

    window.undo_action.trigger()
    qtbot.waitUntil(lambda: stored_name(acme) == "Acme Online SAS", timeout=10000)
    editor = window.pages["organisation"].findChild(QLineEdit, "legal_name")
    qtbot.waitUntil(lambda: editor.text() == "Acme Online SAS", timeout=5000)
    qtbot.waitUntil(window.redo_action.isEnabled, timeout=5000)
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: stored_name(acme) == "Acme Retail SAS", timeout=10000)
    wait_for_tasks()
    window.close()

    again = MainWindow()
    qtbot.addWidget(again)
    assert again.state.last_workspace() == str(acme)
    again.open_workspace(again.state.last_workspace() or "")
    qtbot.waitUntil(lambda: again.session is not None, timeout=10000)
    again.show_page("organisation")
    reopened = again.pages["organisation"].findChild(QLineEdit, "legal_name")
    qtbot.waitUntil(lambda: reopened.text() == "Acme Retail SAS", timeout=5000)
    again.detach()


def test_history_shows_who_changed_what(window: MainWindow, qtbot, acme: Path) -> None:  # type: ignore[no-untyped-def]
    open_in(window, qtbot, acme)
    edit_line(window, qtbot, "email", "privacy@acme.example")
    qtbot.waitUntil(lambda: not window.session.busy, timeout=10000)
    window.show_page("history")
    model = window.pages["history"].findChild(object, "history_table")
    texts = []
    view = model
    source = view.model()
    for row in range(source.rowCount()):
        texts.append(
            " | ".join(str(source.index(row, c).data()) for c in range(source.columnCount()))
        )
    assert any("privacy@acme.example" in line and "Contact e-mail" in line for line in texts)


@pytest.mark.parametrize("choice", [ConflictChoice.KEEP_MINE, ConflictChoice.RELOAD])
def test_a_conflicting_save_is_explained_and_resolved(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot, acme: Path, monkeypatch: pytest.MonkeyPatch, choice: ConflictChoice
) -> None:
    open_in(window, qtbot, acme)
    asked: list[str] = []

    def answer(parent, error, can_keep_mine):  # type: ignore[no-untyped-def]
        asked.append(str(error))
        assert can_keep_mine
        return choice

    monkeypatch.setattr("ui.dialogs.failed_write.ask_conflict_choice", answer)
    assert conflict_dialog.ask_conflict_choice is not answer
    # A colleague saves the sector from another window after ours was loaded.
    with Workspace.open(acme) as other:
        org = list_organisations(other)[0]
        update_organisation(other, org.id, {"sector": "Retail"}, org.version, actor="colleague")
    edit_line(window, qtbot, "sector", "Travel")
    qtbot.waitUntil(lambda: bool(asked), timeout=10000)
    assert "changed by someone else" in asked[0]
    wait_for_tasks()
    qtbot.waitUntil(lambda: not window.session.busy, timeout=10000)
    with Workspace.open(acme) as ws:
        sector = get_organisation(ws, list_organisations(ws)[0].id)["sector"]
    expected = "Travel" if choice is ConflictChoice.KEEP_MINE else "Retail"
    assert sector == expected
    editor = window.pages["organisation"].findChild(QLineEdit, "sector")
    qtbot.waitUntil(lambda: editor.text() == expected, timeout=5000)


def test_opening_a_file_that_is_not_a_workspace_says_so(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        "ui.main_window.QMessageBox.warning", lambda parent, title, text: shown.append(text)
    )
    bogus = tmp_path / "notes.pwb"
    bogus.write_text("shopping list")
    window.open_workspace(str(bogus))
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "not a Privacy Workbench workspace" in shown[0]
    assert window.session is None
    assert bogus.read_text() == "shopping list"


def test_a_dpia_started_from_the_register_opens_on_the_risk_analysis_page(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot, acme: Path
) -> None:
    from app.services.register import add_activity

    with Workspace.open(acme) as ws:
        add_activity(ws, {"name": "Loyalty programme", "automated_decisions": True})
    open_in(window, qtbot, acme)
    names = [page.page_name for page in window.pages.values()]
    # Register, its processor records, then the risk analysis of its activities.
    assert names.index("dpia") == names.index("processor_records") + 1
    window.show_page("register")
    register = window.pages["register"]
    qtbot.waitUntil(lambda: register.selected_id() is not None, timeout=10000)  # type: ignore[attr-defined]
    register.screen_button.click()  # type: ignore[attr-defined]
    register.screening_dialog.start_button.click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: window.current_page_name() == "dpia", timeout=10000)
    page = window.pages["dpia"]
    assert page.heading.text() == "DPIA-001 · DPIA: Loyalty programme"  # type: ignore[attr-defined]


def test_ctrl_n_on_the_plans_page_starts_a_plan_not_a_workspace(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot, acme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.pages import PAGE_NAMES

    assert PAGE_NAMES.index("plans") == PAGE_NAMES.index("register") - 1
    open_in(window, qtbot, acme)
    asked: list[str] = []
    monkeypatch.setattr(NewWorkspaceDialog, "exec", lambda dialog: asked.append("dialog") or 0)
    window.show_page("plans")
    page = window.pages["plans"]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    page.table.setFocus()  # type: ignore[attr-defined]
    with qtbot.waitSignal(page.wizard_opened, timeout=5000) as opened:  # type: ignore[attr-defined]
        qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    assert asked == []
    opened.args[0].reject()  # nothing typed: closes without asking
    window.show_page("organisation")
    window.pages["organisation"].setFocus()
    qtbot.keyClick(window.pages["organisation"], Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["dialog"]  # elsewhere Ctrl+N still makes a new workspace
