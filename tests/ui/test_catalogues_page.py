"""The catalogues page: the shipped pick-lists, the user's own entries, renaming in place,
hiding, and undo of each change."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.domain.catalogue import CATALOGUE_LABELS, CatalogueKind
from app.errors import UserError
from app.services.catalogues import catalogue_items, shipped_entries
from app.services.workspaces import create_workspace
from ui.models.catalogue_table_model import Column
from ui.operations.session import WorkspaceSession
from ui.tasks import wait_for_tasks
from ui.views.catalogues_page import CATALOGUES, CataloguesPage

PEOPLE = CatalogueKind.DATA_SUBJECT_CATEGORIES.value


@pytest.fixture
def session(qtbot, tmp_path: Path) -> Iterator[WorkspaceSession]:  # type: ignore[no-untyped-def]
    workspace = create_workspace(
        tmp_path / "w.pwb", {"legal_name": "Acme Online SAS", "country": "FR"}, actor="setup"
    )
    session = WorkspaceSession(workspace, actor="tester")
    try:
        yield session
    finally:
        wait_for_tasks()
        QCoreApplication.processEvents()  # the last callbacks, while the page still exists
        workspace.close()


@pytest.fixture
def page(qtbot, session: WorkspaceSession) -> CataloguesPage:  # type: ignore[no-untyped-def]
    widget = CataloguesPage(session)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    widget.reload()
    widget.show_catalogue(PEOPLE)
    return widget


def labels(page: CataloguesPage) -> list[str]:
    return [page.proxy.index(row, Column.LABEL).data() for row in range(page.proxy.rowCount())]


def cell(page: CataloguesPage, label: str, column: int, role: int = 0) -> Any:
    row = labels(page).index(label)
    return page.proxy.index(row, column).data(role or Qt.ItemDataRole.DisplayRole)


def select(page: CataloguesPage, label: str) -> None:
    page.table.selectRow(labels(page).index(label))


def stored(session: WorkspaceSession, **options: bool) -> dict[str, Any]:
    return {item.label: item for item in catalogue_items(session.workspace, PEOPLE, **options)}


def settle(qtbot, session: WorkspaceSession) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not session.busy, timeout=10000)


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


def add_through_dialog(qtbot, page: CataloguesPage, label: str, description: str) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, QDialog)
        assert dialog.windowTitle() == "Add to Categories of people"
        assert not dialog.add_button.isEnabled()  # type: ignore[attr-defined]  # no label yet
        qtbot.keyClicks(dialog.findChild(QLineEdit, "label"), label)
        dialog.findChild(QPlainTextEdit, "description").setPlainText(description)
        dialog.add_button.click()  # type: ignore[attr-defined]

    answer_next_dialog(fill)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)


def edit_cell(qtbot, page: CataloguesPage, label: str, column: int, text: str) -> None:  # type: ignore[no-untyped-def]
    """What the user does: select the row, F2 on the cell, type, Enter."""
    row = labels(page).index(label)
    page.table.setCurrentIndex(page.proxy.index(row, column))
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    if text:
        qtbot.keyClicks(editor, text)
    else:
        qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits after the editor has seen the key (a queued call).
    editing = QAbstractItemView.State.EditingState
    qtbot.waitUntil(lambda: page.table.state() != editing, timeout=5000)


def test_each_catalogue_lists_its_shipped_entries(page: CataloguesPage) -> None:
    tabs = [page.tabs.tabText(index) for index in range(page.tabs.count())]
    assert tabs == [CATALOGUE_LABELS[kind] for kind in CatalogueKind]
    for index, kind in enumerate(CATALOGUES):
        page.tabs.setCurrentIndex(index)
        assert page.catalogue() == kind.value
        shipped = sorted(entry["label"] for entry in shipped_entries(kind.value))
        assert sorted(labels(page)) == shipped
        assert labels(page) == sorted(shipped, key=str.casefold)
        assert {cell(page, label, Column.ORIGIN) for label in shipped} == {"Shipped"}
        assert page.count_label.text() == f"{len(shipped)} entries"
    assert page.table.isColumnHidden(Column.HIDDEN)
    page.show_catalogue(PEOPLE)
    assert cell(page, "Customers", Column.DESCRIPTION).startswith("People who buy from you")


def test_an_added_entry_is_yours_and_a_duplicate_is_refused(  # type: ignore[no-untyped-def]
    qtbot, page: CataloguesPage, session: WorkspaceSession
) -> None:
    add_through_dialog(qtbot, page, "Franchisees", "People who run a shop under our brand.")
    qtbot.waitUntil(lambda: "Franchisees" in labels(page), timeout=10000)
    settle(qtbot, session)
    assert cell(page, "Franchisees", Column.ORIGIN) == "Yours"
    assert page.selected() is not None and page.selected().label == "Franchisees"  # type: ignore[union-attr]
    franchisees = stored(session)["Franchisees"]
    assert (franchisees.shipped, franchisees.description) == (
        False,
        "People who run a shop under our brand.",
    )

    # The same label again, in other case and spacing: the service refuses it, the window
    # shows the message (write_failed), and nothing is stored.
    with qtbot.waitSignal(session.write_failed, timeout=10000) as refused:
        add_through_dialog(qtbot, page, "  franchisees ", "")
    error = refused.args[0]
    assert isinstance(error, UserError)
    assert "is already in the catalogue" in str(error)
    settle(qtbot, session)
    assert labels(page).count("Franchisees") == 1
    assert [item.label for item in stored(session).values()].count("Franchisees") == 1

    session.undo()  # the addition
    settle(qtbot, session)
    assert "Franchisees" not in labels(page)
    assert "Franchisees" not in stored(session, include_hidden=True)


def test_renaming_a_shipped_entry_in_place(  # type: ignore[no-untyped-def]
    qtbot, page: CataloguesPage, session: WorkspaceSession
) -> None:
    edit_cell(qtbot, page, "Customers", Column.LABEL, "Clients")
    assert cell(page, "Clients", Column.ORIGIN) == "Shipped, edited"  # at once, before storing
    settle(qtbot, session)
    assert "Customers" not in labels(page)
    assert cell(page, "Clients", Column.ORIGIN) == "Shipped, edited"
    tooltip = cell(page, "Clients", Column.ORIGIN, Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "Comes with the app as “Customers”."
    clients = stored(session)["Clients"]
    assert (clients.key, clients.shipped) == ("customers", True)
    assert page.selected() is not None and page.selected().key == "customers"  # type: ignore[union-attr]

    edit_cell(qtbot, page, "Clients", Column.DESCRIPTION, "Anyone who buys from us.")
    settle(qtbot, session)
    assert stored(session)["Clients"].description == "Anyone who buys from us."

    session.undo()  # the description
    settle(qtbot, session)
    assert stored(session)["Clients"].description.startswith("People who buy from you")
    session.undo()  # the name: the shipped entry as it comes with the app
    settle(qtbot, session)
    assert cell(page, "Customers", Column.ORIGIN) == "Shipped"
    customers = stored(session)["Customers"]
    assert customers.entry_id is None


def test_an_empty_label_is_refused_in_place(  # type: ignore[no-untyped-def]
    qtbot, page: CataloguesPage, session: WorkspaceSession
) -> None:
    edit_cell(qtbot, page, "Customers", Column.LABEL, "")
    assert page.notice.text() == "A label cannot be empty: “Customers” keeps its name."
    assert not session.busy and not session.can_undo()  # nothing was sent to be stored
    assert cell(page, "Customers", Column.ORIGIN) == "Shipped"
    assert stored(session)["Customers"].entry_id is None


def test_hiding_showing_hidden_and_undo(  # type: ignore[no-untyped-def]
    qtbot, page: CataloguesPage, session: WorkspaceSession
) -> None:
    total = len(labels(page))
    select(page, "Job applicants")
    assert page.hide_button.text() == "Hide"
    next_label = labels(page)[labels(page).index("Job applicants") + 1]
    qtbot.mouseClick(page.hide_button, Qt.MouseButton.LeftButton)
    settle(qtbot, session)
    assert "Job applicants" not in labels(page)
    assert "Job applicants" not in stored(session)  # gone from the pick-lists
    assert stored(session, include_hidden=True)["Job applicants"].hidden
    assert page.selected() is not None and page.selected().label == next_label  # type: ignore[union-attr]
    assert page.count_label.text() == f"{total - 1} entries · 1 hidden"

    page.show_hidden.setChecked(True)
    assert not page.table.isColumnHidden(Column.HIDDEN)
    assert cell(page, "Job applicants", Column.HIDDEN) == "Hidden"
    assert cell(page, "Job applicants", Column.ORIGIN) == "Shipped"  # hiding is no edit
    grey = page.palette().color(QPalette.ColorRole.PlaceholderText)
    assert cell(page, "Job applicants", Column.LABEL, Qt.ItemDataRole.ForegroundRole) == grey
    assert cell(page, "Customers", Column.LABEL, Qt.ItemDataRole.ForegroundRole) is None
    assert page.count_label.text() == f"{total} entries · 1 hidden"
    select(page, "Job applicants")
    assert page.hide_button.text() == "Show"

    session.undo()  # the hiding
    settle(qtbot, session)
    assert "Job applicants" in stored(session)
    assert cell(page, "Job applicants", Column.HIDDEN) == ""
    page.show_hidden.setChecked(False)
    assert len(labels(page)) == total


def test_show_makes_a_hidden_entry_visible_again(  # type: ignore[no-untyped-def]
    qtbot, page: CataloguesPage, session: WorkspaceSession
) -> None:
    session.edit_catalogue_entry(PEOPLE, "customers", hidden=True)
    settle(qtbot, session)
    page.show_hidden.setChecked(True)
    select(page, "Customers")
    qtbot.mouseClick(page.hide_button, Qt.MouseButton.LeftButton)  # reads "Show"
    settle(qtbot, session)
    assert not stored(session)["Customers"].hidden
    assert page.hide_button.text() == "Hide"


def test_search_looks_in_labels_and_descriptions(page: CataloguesPage) -> None:
    total = len(labels(page))
    page.search.setText("CUSTOMERS")
    assert "Customers" in labels(page)
    page.search.setText("buy from you")  # in the description only
    assert labels(page) == ["Customers"]
    assert page.count_label.text() == f"1 of {total} entries"
    assert page.selected() is not None and page.selected().label == "Customers"  # type: ignore[union-attr]
    page.search.clear()
    assert len(labels(page)) == total
