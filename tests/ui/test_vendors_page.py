"""The vendors page: contract status at a glance, who uses each vendor, and a deletion the
register refuses while activities still name the vendor."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox, QPushButton, QWidget

from app.errors import UserError
from app.services.register import add_activity, add_vendor, get_vendor, list_vendor_rows
from app.storage.workspace import Workspace
from ui.models.vendor_table_model import Column
from ui.operations.session import WorkspaceSession
from ui.tasks import wait_for_tasks
from ui.views.vendors_page import VendorsPage

TODAY = date.today()


@pytest.fixture
def vendors(ui_session: WorkspaceSession) -> dict[str, int]:
    """Four vendors, one contract of each kind; two activities use the hosting company."""
    workspace = ui_session.workspace
    ids = {}
    for name, country, role, signed, review in [
        ("Cloudy Hosting SAS", "FR", "processor", date(2024, 1, 1), TODAY + timedelta(days=400)),
        ("Mailer Inc.", "US", "processor", None, None),
        ("Helpdesk Ltd", "IE", "processor", date(2023, 1, 1), TODAY + timedelta(days=20)),
        ("Pay Bank SA", "LU", "independent_controller", None, None),
    ]:
        values = {"name": name, "country": country, "role": role}
        values |= {"dpa_signed_on": signed, "dpa_review_on": review}
        ids[name] = add_vendor(workspace, values, actor="setup").record.id
    for name in ("Online shop", "Backups"):
        recipient = {"type": "processor", "name": "Hosting", "vendor_id": ids["Cloudy Hosting SAS"]}
        ids[name] = add_activity(
            workspace, {"name": name, "recipients": [recipient]}, actor="setup"
        ).record.id
    return ids


@pytest.fixture
def page(qtbot, ui_session: WorkspaceSession, vendors: dict[str, int]) -> Iterator[VendorsPage]:  # type: ignore[no-untyped-def]
    widget = VendorsPage(ui_session)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    widget.reload()
    yield widget
    wait_for_tasks()


def names(page: VendorsPage) -> list[str]:
    return [page.proxy.index(row, Column.NAME).data() for row in range(page.proxy.rowCount())]


def cell(page: VendorsPage, name: str, column: int, role: int = 0) -> Any:
    row = names(page).index(name)
    return page.proxy.index(row, column).data(role or Qt.ItemDataRole.DisplayRole)


def select(page: VendorsPage, name: str) -> None:
    page.table.selectRow(names(page).index(name))


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


def click_delete(box: QWidget) -> None:
    assert isinstance(box, QMessageBox)
    next(b for b in box.buttons() if b.text() == "Delete").click()


def test_the_table_shows_each_contract_status_in_its_colour(page: VendorsPage) -> None:
    assert names(page) == ["Cloudy Hosting SAS", "Helpdesk Ltd", "Mailer Inc.", "Pay Bank SA"]
    assert cell(page, "Mailer Inc.", Column.COUNTRY) == "United States"
    assert cell(page, "Mailer Inc.", Column.ROLE) == "Processor"
    assert cell(page, "Pay Bank SA", Column.ROLE) == "Independent controller"
    expected = {
        "Cloudy Hosting SAS": ("In place", "#2e7d32"),
        "Helpdesk Ltd": ("Review due soon", "#b26a00"),
        "Mailer Inc.": ("Missing (Art. 28(3))", "#c62828"),
        "Pay Bank SA": ("Not needed (not a processor)", None),
    }
    for name, (label, colour) in expected.items():
        assert cell(page, name, Column.CONTRACT) == label
        shown = cell(page, name, Column.CONTRACT, Qt.ItemDataRole.ForegroundRole)
        assert (shown.name() if shown is not None else None) == colour
    review = cell(page, "Helpdesk Ltd", Column.REVIEW)
    assert review == (TODAY + timedelta(days=20)).isoformat()
    assert cell(page, "Cloudy Hosting SAS", Column.USED_BY) == "2 activities"
    assert cell(page, "Mailer Inc.", Column.USED_BY) == "—"
    assert page.count_label.text() == "4 vendors"


def test_search_and_the_contracts_needing_attention(page: VendorsPage) -> None:
    page.attention_filter.setChecked(True)
    assert names(page) == ["Helpdesk Ltd", "Mailer Inc."]
    assert page.count_label.text() == "2 of 4 vendors"
    page.search.setText("united states")  # the country's name
    assert names(page) == ["Mailer Inc."]
    page.attention_filter.setChecked(False)
    page.search.setText("BANK")
    assert names(page) == ["Pay Bank SA"]
    assert page.details_title.text() == "Pay Bank SA"  # the selection follows the filter


def test_sorting_by_contract_puts_the_worst_first(page: VendorsPage) -> None:
    page.table.sortByColumn(Column.CONTRACT, Qt.SortOrder.AscendingOrder)
    assert names(page)[:2] == ["Mailer Inc.", "Helpdesk Ltd"]


def test_the_details_show_the_contract_and_who_uses_the_vendor(
    qtbot,  # type: ignore[no-untyped-def]
    page: VendorsPage,
    vendors: dict[str, int],
) -> None:
    select(page, "Cloudy Hosting SAS")
    assert page.contract_label.text() == "Processing agreement: In place"
    assert page.used_by_label.text() == "Used by 2 activities"
    items = [page.used_by.item(row).text() for row in range(page.used_by.count())]
    assert items == ["PA-001 · Online shop", "PA-002 · Backups"]
    with qtbot.waitSignal(page.activity_requested) as requested:
        page.used_by.itemDoubleClicked.emit(page.used_by.item(1))
    assert requested.args == [vendors["Backups"]]

    select(page, "Mailer Inc.")
    assert page.contract_label.text() == "Processing agreement: Missing (Art. 28(3))"
    assert page.used_by_label.text() == "Not used by any activity yet"
    assert not page.used_by.isVisible()


def test_a_field_edit_is_stored_at_once(
    qtbot,  # type: ignore[no-untyped-def]
    page: VendorsPage,
    ui_session: WorkspaceSession,
    vendors: dict[str, int],
) -> None:
    select(page, "Mailer Inc.")
    signed = page.form.editor("dpa_signed_on")
    assert isinstance(signed, QLineEdit)
    qtbot.keyClicks(signed, TODAY.isoformat())
    qtbot.keyClick(signed, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not ui_session.busy, timeout=10000)
    assert get_vendor(ui_session.workspace, vendors["Mailer Inc."])["dpa_signed_on"] == TODAY
    qtbot.waitUntil(lambda: cell(page, "Mailer Inc.", Column.CONTRACT) == "In place")
    assert page.contract_label.text() == "Processing agreement: In place"


def test_adding_a_vendor_selects_it(
    qtbot,  # type: ignore[no-untyped-def]
    page: VendorsPage,
    ui_session: WorkspaceSession,
) -> None:
    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, QDialog)
        qtbot.keyClicks(dialog.findChild(QLineEdit, "name"), "Analytics OÜ")
        next(b for b in dialog.findChildren(QPushButton) if b.text() == "Add").click()

    answer_next_dialog(fill)
    page.add_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 5, timeout=10000)
    qtbot.waitUntil(lambda: not ui_session.busy, timeout=10000)
    assert page.details_title.text() == "Analytics OÜ"
    assert cell(page, "Analytics OÜ", Column.CONTRACT) == "Missing (Art. 28(3))"


def test_a_vendor_in_use_cannot_be_deleted_and_the_activities_are_named(
    qtbot,  # type: ignore[no-untyped-def]
    page: VendorsPage,
    ui_session: WorkspaceSession,
) -> None:
    select(page, "Cloudy Hosting SAS")
    failures: list[Any] = []
    ui_session.write_failed.connect(lambda error, _request: failures.append(error))
    answer_next_dialog(click_delete)
    page.delete_button.click()
    qtbot.waitUntil(lambda: bool(failures), timeout=10000)
    assert isinstance(failures[0], UserError)
    assert "PA-001, PA-002" in str(failures[0])
    assert len(list_vendor_rows(ui_session.workspace)) == 4

    select(page, "Mailer Inc.")  # used by nobody: goes
    answer_next_dialog(click_delete)
    page.delete_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10000)
    assert "Mailer Inc." not in names(page)


def test_the_window_explains_the_refusal_and_opens_a_used_by_activity(
    qtbot,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    ui_workspace: Workspace,
    vendors: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ui.main_window import MainWindow

    path = ui_workspace.target.path
    window = MainWindow()
    qtbot.addWidget(window)
    window.attach(Workspace.open(str(path)))
    window.show()
    window.show_page("vendors")
    page = window.pages["vendors"]
    assert isinstance(page, VendorsPage)
    select(page, "Cloudy Hosting SAS")

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    answer_next_dialog(click_delete)
    page.delete_button.click()
    qtbot.waitUntil(lambda: bool(warnings), timeout=10000)
    assert "Cloudy Hosting SAS" in warnings[0] and "(PA-001, PA-002)" in warnings[0]

    page.used_by.itemDoubleClicked.emit(page.used_by.item(1))
    assert window.current_page_name() == "register"
    register = window.pages["register"]
    qtbot.waitUntil(lambda: register.selected_id() == vendors["Backups"], timeout=10000)  # type: ignore[attr-defined]
    assert register.editor.title.text() == "PA-002 · Backups"  # type: ignore[attr-defined]
    wait_for_tasks()
    window.detach()
