"""The history page: every change with its old and new value, searchable, loaded in pages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTableView

from app.services.changes import ChangeWriter
from app.services.organisations import list_organisations
from ui.models.history_table_model import NEW, OLD, PAGE_SIZE, HistoryTableModel
from ui.operations.session import WorkspaceSession
from ui.views.history_page import HistoryPage
from ui.views.organisation_page import OrganisationPage


@pytest.fixture
def page(qtbot, ui_session: WorkspaceSession) -> HistoryPage:  # type: ignore[no-untyped-def]
    widget = HistoryPage(ui_session)
    qtbot.addWidget(widget)
    widget.resize(1000, 760)
    widget.show()
    widget.reload()
    return widget


def rows(page: HistoryPage) -> list[list[str]]:
    proxy = page.proxy
    return [
        [str(proxy.index(row, column).data()) for column in range(proxy.columnCount())]
        for row in range(proxy.rowCount())
    ]


def test_an_edit_shows_with_its_old_and_new_value(  # type: ignore[no-untyped-def]
    qtbot, page: HistoryPage, ui_session: WorkspaceSession
) -> None:
    assert page.count_label.text() == "2 changes recorded"  # the organisation's creation
    organisation_page = OrganisationPage(ui_session)
    qtbot.addWidget(organisation_page)
    organisation_page.reload()
    editor = organisation_page.findChild(QLineEdit, "legal_name")
    editor.selectAll()
    qtbot.keyClicks(editor, "Acme Retail SAS")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not ui_session.busy, timeout=10000)

    page.reload()
    newest = rows(page)[0]
    when, who, record, field, old, new, change = newest
    assert len(when) == len("2026-11-29 14:03")
    assert (who, field, old, new) == ("tester", "Legal name", "Acme Online SAS", "Acme Retail SAS")
    assert record == "Organisation “Acme Retail SAS”"
    assert change == "Legal name of “Acme Retail SAS”"
    assert page.count_label.text() == "3 changes recorded"
    assert page.findChild(QTableView, "history_table").model() is page.proxy


def test_the_page_follows_changes_and_undo_adds_a_change(  # type: ignore[no-untyped-def]
    qtbot, page: HistoryPage, ui_session: WorkspaceSession
) -> None:
    organisation = list_organisations(ui_session.workspace)[0]
    ui_session.record("organisation", organisation.id)
    ui_session.update_record("organisation", organisation.id, {"address": "1 Main Street\nParis"})
    qtbot.waitUntil(lambda: page.model.total == 3, timeout=10000)
    assert rows(page)[0][NEW] == "1 Main Street ↵ Paris"  # one line in the table
    tooltip = page.proxy.index(0, NEW).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "1 Main Street\nParis"  # the full text on hover
    qtbot.waitUntil(ui_session.can_undo, timeout=10000)
    ui_session.undo()
    qtbot.waitUntil(lambda: page.model.total == 4, timeout=10000)
    assert rows(page)[0][OLD] == "1 Main Street ↵ Paris"
    assert rows(page)[0][-1].startswith("Undo: Address")


def test_search_filters_every_column_ignoring_case(  # type: ignore[no-untyped-def]
    qtbot, page: HistoryPage
) -> None:
    assert len(rows(page)) == 2
    qtbot.keyClicks(page.search, "FR")
    assert [row[3] for row in rows(page)] == ["Country"]
    assert page.count_label.text() == "2 changes recorded · 1 matching change"
    page.search.clear()
    qtbot.keyClicks(page.search, "setup")  # the person who made the change
    assert len(rows(page)) == 2
    page.search.setText("nothing like this")
    assert rows(page) == []


def test_a_long_history_is_loaded_a_page_at_a_time(  # type: ignore[no-untyped-def]
    qtbot, ui_session: WorkspaceSession
) -> None:
    with ui_session.workspace.writing() as db:
        writer = ChangeWriter(db, "importer", "Imported the team")
        for number in range(400):  # three events each: name, e-mail, role
            writer.create(
                "person",
                {
                    "name": f"Person {number:03}",
                    "email": f"p{number}@example.org",
                    "role": "viewer",
                },
            )
    model = HistoryTableModel(ui_session)
    model.reload()
    assert model.total == 1202
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 2 * PAGE_SIZE
    model.fetchMore()
    assert model.rowCount() == 1202
    assert not model.canFetchMore()
    ids = [model.entry_at(row).id for row in range(model.rowCount())]  # type: ignore[union-attr]
    assert ids == sorted(ids, reverse=True)  # newest first, no row twice
    assert len(set(ids)) == 1202
