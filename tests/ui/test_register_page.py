"""The register page: the table of activities, its search and filters, and the activity's record
edited beside it with the checks that name their rule."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMessageBox, QWidget

from app.services import register_io
from app.services.register import add_activity, add_vendor, get_activity, list_activity_rows
from app.services.team import add_person
from ui.models.activity_table_model import OVERDUE_COLOUR, Column
from ui.operations.session import WorkspaceSession
from ui.tasks import wait_for_tasks
from ui.views.register_page import RegisterPage

TODAY = date.today()


def purpose(key: str, basis: str, **more: Any) -> dict[str, Any]:
    return {"key": key, "purpose": f"Purpose {key}", "basis": basis, **more}


@pytest.fixture
def register(ui_session: WorkspaceSession) -> dict[str, int]:
    """Three activities by two owners (one has none); ids by reference."""
    workspace = ui_session.workspace
    ada = add_person(workspace, {"name": "Ada Lovelace", "role": "owner"}, actor="setup").record
    zoe = add_person(workspace, {"name": "Zoé Martin", "role": "editor"}, actor="setup").record
    vendor = add_vendor(
        workspace, {"name": "Mailer SAS", "country": "FR", "role": "processor"}, actor="setup"
    ).record
    activities = [
        {
            "name": "Order fulfilment",
            "status": "active",
            "owner_id": ada.id,
            "purposes": [purpose("p1", "6.1.b"), purpose("p2", "6.1.f")],
            "transfers": [{"destination": "US", "mechanism": "scc", "scc_module": "2"}],
            "next_review": TODAY + timedelta(days=90),
        },
        {
            "name": "Newsletter",
            "status": "draft",
            "owner_id": zoe.id,
            "purposes": [purpose("n1", "6.1.a")],
            "recipients": [{"type": "processor", "name": "Mailer", "vendor_id": vendor.id}],
            "next_review": TODAY - timedelta(days=3),
        },
        {
            "name": "Sick leave",
            "status": "active",
            "purposes": [purpose("s1", "6.1.c", basis_reference="Labour code")],
            "data_categories": [{"category": "Health", "kind": "special", "purpose_keys": ["s1"]}],
        },
    ]
    for values in activities:
        add_activity(workspace, values, actor="setup")
    return {row.reference: row.id for row in list_activity_rows(workspace)}


@pytest.fixture
def page(qtbot, ui_session: WorkspaceSession, register: dict[str, int]) -> Iterator[RegisterPage]:  # type: ignore[no-untyped-def]
    widget = RegisterPage(ui_session)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    widget.reload()
    qtbot.waitUntil(lambda: not widget.loading and widget.model.rowCount() == 3, timeout=10000)
    yield widget
    wait_for_tasks()


def shown(page: RegisterPage, column: int = Column.REFERENCE) -> list[str]:
    return [page.proxy.index(row, column).data() for row in range(page.proxy.rowCount())]


def cell(page: RegisterPage, reference: str, column: int, role: int = 0) -> Any:
    row = shown(page).index(reference)
    return page.proxy.index(row, column).data(role or Qt.ItemDataRole.DisplayRole)


def choose(combo: QComboBox, value: Any) -> None:
    combo.setCurrentIndex(combo.findData(value))


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


def stored_and_shown(qtbot, page: RegisterPage, session: WorkspaceSession) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not session.busy, timeout=10000)
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)


def test_the_table_shows_each_activity_in_plain_words(page: RegisterPage) -> None:
    assert shown(page) == ["PA-001", "PA-002", "PA-003"]
    assert cell(page, "PA-001", Column.NAME) == "Order fulfilment"
    assert cell(page, "PA-001", Column.STATUS) == "Active"
    assert cell(page, "PA-002", Column.STATUS) == "Draft"
    assert cell(page, "PA-001", Column.OWNER) == "Ada Lovelace"
    assert cell(page, "PA-003", Column.OWNER) == ""
    assert cell(page, "PA-001", Column.CONTROLLER) == "Acme Online SAS"
    assert cell(page, "PA-001", Column.LEGAL_BASES) == "Contract, Legitimate interests"
    tip = cell(page, "PA-001", Column.LEGAL_BASES, Qt.ItemDataRole.ToolTipRole)
    assert "Art. 6(1)(b)" in tip
    assert cell(page, "PA-003", Column.SPECIAL_DATA) == "✓"
    assert cell(page, "PA-001", Column.SPECIAL_DATA) == ""
    assert cell(page, "PA-001", Column.TRANSFERS) == "✓"
    review = cell(page, "PA-002", Column.NEXT_REVIEW)
    assert review == (TODAY - timedelta(days=3)).isoformat()
    assert cell(page, "PA-002", Column.NEXT_REVIEW, Qt.ItemDataRole.ForegroundRole) == (
        OVERDUE_COLOUR
    )
    assert cell(page, "PA-001", Column.NEXT_REVIEW, Qt.ItemDataRole.ForegroundRole) is None
    assert page.filter_bar.count_label.text() == "3 activities"
    # The first activity is selected and its record is shown.
    assert page.selected_id() == page.model.activity_at(0).id  # type: ignore[union-attr]
    assert page.editor.title.text() == "PA-001 · Order fulfilment"


def test_the_search_waits_for_a_pause_then_matches_reference_name_or_owner(
    qtbot,  # type: ignore[no-untyped-def]
    page: RegisterPage,
) -> None:
    search = page.filter_bar.search
    qtbot.keyClicks(search, "NEWS")
    assert page.proxy.rowCount() == 3  # not on every key: after a short pause
    qtbot.waitUntil(lambda: shown(page) == ["PA-002"], timeout=2000)
    assert page.filter_bar.count_label.text() == "1 of 3 activities"
    assert page.selected_id() == page.model.activity_at(1).id  # type: ignore[union-attr]

    for text, expected in (("ada", ["PA-001"]), ("pa-003", ["PA-003"]), ("zzz", [])):
        search.setText(text)
        qtbot.waitUntil(lambda expected=expected: shown(page) == expected, timeout=2000)
    assert page.editor.stack.currentWidget() is page.editor.placeholder
    assert "No activity matches" in page.editor.placeholder.text()

    page.filter_bar.clear_button.click()
    assert shown(page) == ["PA-001", "PA-002", "PA-003"]
    assert search.text() == ""


@pytest.mark.parametrize(
    ("combo_name", "value", "expected"),
    [
        ("status_filter", "draft", ["PA-002"]),
        ("status_filter", "active", ["PA-001", "PA-003"]),
        ("basis_filter", "6.1.f", ["PA-001"]),
        ("basis_filter", "6.1.c", ["PA-003"]),
        ("special_filter", True, ["PA-003"]),
        ("special_filter", False, ["PA-001", "PA-002"]),
        ("transfers_filter", True, ["PA-001"]),
        ("transfers_filter", False, ["PA-002", "PA-003"]),
        ("owner_filter", 0, ["PA-003"]),  # no owner
    ],
)
def test_each_filter_narrows_the_table(
    page: RegisterPage, combo_name: str, value: Any, expected: list[str]
) -> None:
    combo = page.findChild(QComboBox, combo_name)
    choose(combo, value)
    assert shown(page) == expected
    assert page.filter_bar.count_label.text() == f"{len(expected)} of 3 activities"
    combo.setCurrentIndex(0)
    assert len(shown(page)) == 3


def test_the_owner_filter_lists_the_team(page: RegisterPage, register: dict[str, int]) -> None:
    owners = page.filter_bar.owner_filter
    names = [owners.itemText(i) for i in range(owners.count())]
    assert names == ["All owners", "No owner", "Ada Lovelace", "Zoé Martin"]
    owners.setCurrentIndex(names.index("Zoé Martin"))
    assert shown(page) == ["PA-002"]


def test_sorting_by_a_column_keeps_the_selection(page: RegisterPage) -> None:
    page.table.selectRow(1)  # PA-002
    selected = page.selected_id()
    page.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
    assert shown(page, Column.NAME) == ["Newsletter", "Order fulfilment", "Sick leave"]
    page.table.sortByColumn(Column.NAME, Qt.SortOrder.DescendingOrder)
    assert shown(page, Column.NAME) == ["Sick leave", "Order fulfilment", "Newsletter"]
    page.table.sortByColumn(Column.NEXT_REVIEW, Qt.SortOrder.AscendingOrder)
    assert shown(page) == ["PA-002", "PA-001", "PA-003"]  # no date last
    page.table.sortByColumn(Column.SPECIAL_DATA, Qt.SortOrder.AscendingOrder)
    assert shown(page)[0] == "PA-003"  # the ticked ones first
    assert page.selected_id() == selected
    current = page.table.currentIndex()
    assert page.proxy.index(current.row(), Column.REFERENCE).data() == "PA-002"


def test_a_new_activity_appears_selected_with_its_name_ready_to_type(
    qtbot,  # type: ignore[no-untyped-def]
    page: RegisterPage,
    ui_session: WorkspaceSession,
) -> None:
    page.filter_bar.search.setText("news")
    page.filter_bar.flush()
    page.new_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=10000)
    stored_and_shown(qtbot, page, ui_session)
    assert page.filter_bar.search.text() == ""  # the filters made room for it
    assert page.editor.title.text() == "PA-004 · New activity"
    row = page.table.currentIndex().row()
    assert page.proxy.index(row, Column.REFERENCE).data() == "PA-004"
    assert page.proxy.index(row, Column.STATUS).data() == "Draft"
    name = page.editor.form.editor("name")
    assert isinstance(name, QLineEdit)
    assert name.selectedText() == "New activity"


def test_editing_the_name_stores_it_and_updates_the_row(
    qtbot,  # type: ignore[no-untyped-def]
    page: RegisterPage,
    ui_session: WorkspaceSession,
    register: dict[str, int],
) -> None:
    page.table.selectRow(1)
    name = page.editor.form.editor("name")
    assert isinstance(name, QLineEdit) and name.text() == "Newsletter"
    name.selectAll()
    qtbot.keyClicks(name, "Monthly newsletter")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    stored_and_shown(qtbot, page, ui_session)
    assert get_activity(ui_session.workspace, register["PA-002"])["name"] == "Monthly newsletter"
    qtbot.waitUntil(lambda: cell(page, "PA-002", Column.NAME) == "Monthly newsletter")
    assert page.editor.title.text() == "PA-002 · Monthly newsletter"
    assert page.selected_id() == register["PA-002"]

    ui_session.undo()  # what the window's Ctrl+Z does
    stored_and_shown(qtbot, page, ui_session)
    qtbot.waitUntil(lambda: cell(page, "PA-002", Column.NAME) == "Newsletter", timeout=10000)
    assert name.text() == "Newsletter"


def test_special_data_without_a_condition_is_a_finding_until_one_is_given(
    qtbot,  # type: ignore[no-untyped-def]
    page: RegisterPage,
    ui_session: WorkspaceSession,
    register: dict[str, int],
) -> None:
    page.open_activity(register["PA-003"])
    editor = page.editor
    rules = [editor.findings_list.topLevelItem(i).text(1) for i in range(3)]
    assert "Art. 9(2)" in rules
    assert "1 problem" in editor.findings_summary.text()
    item = editor.findings_list.topLevelItem(rules.index("Art. 9(2)"))
    assert "Art. 9 condition" in item.text(0)

    with qtbot.waitSignal(editor.finding_chosen) as chosen:
        editor.findings_list.itemClicked.emit(item, 0)
    assert chosen.args == ["purposes"]
    assert not editor.form.editor("purposes").visibleRegion().isEmpty()

    # The user gives the purpose its Art. 9 condition in the purposes editor.
    purposes = [purpose("s1", "6.1.c", basis_reference="Labour code", art9_condition="9.2.b")]
    editor.form.field_edited.emit({"purposes": purposes})
    stored_and_shown(qtbot, page, ui_session)
    assert get_activity(ui_session.workspace, register["PA-003"])["purposes"][0][
        "art9_condition"
    ] == ("9.2.b")
    remaining = [f.rule for f in editor.findings()]
    assert "Art. 9(2)" not in remaining
    shown_rules = [
        editor.findings_list.topLevelItem(i).text(1)
        for i in range(editor.findings_list.topLevelItemCount())
    ]
    assert shown_rules == remaining


def test_duplicating_selects_the_draft_copy(
    qtbot,  # type: ignore[no-untyped-def]
    page: RegisterPage,
    ui_session: WorkspaceSession,
) -> None:
    page.table.selectRow(0)
    page.duplicate_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=10000)
    stored_and_shown(qtbot, page, ui_session)
    assert cell(page, "PA-004", Column.NAME) == "Copy of Order fulfilment"
    assert cell(page, "PA-004", Column.STATUS) == "Draft"
    assert cell(page, "PA-004", Column.LEGAL_BASES) == "Contract, Legitimate interests"
    assert page.editor.title.text() == "PA-004 · Copy of Order fulfilment"


def test_deleting_asks_first_naming_the_activity(
    qtbot,  # type: ignore[no-untyped-def]
    page: RegisterPage,
    ui_session: WorkspaceSession,
) -> None:
    page.table.selectRow(1)
    asked: list[str] = []

    def answer(verb: str) -> Callable[[QWidget], None]:
        def respond(box: QWidget) -> None:
            assert isinstance(box, QMessageBox)
            asked.append(box.text())
            next(b for b in box.buttons() if b.text() == verb).click()

        return respond

    answer_next_dialog(answer("Cancel"))
    page.delete_button.click()
    assert asked == ["Delete the activity PA-002 “Newsletter”?"]
    assert not ui_session.busy and page.model.rowCount() == 3

    answer_next_dialog(answer("Delete"))
    page.delete_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10000)
    stored_and_shown(qtbot, page, ui_session)
    assert [row.reference for row in list_activity_rows(ui_session.workspace)] == [
        "PA-001",
        "PA-003",
    ]
    assert page.selected_id() is not None  # a neighbour is selected
    assert page.editor.record() is not None


def test_enter_on_a_row_puts_the_cursor_in_its_record(qtbot, page: RegisterPage) -> None:  # type: ignore[no-untyped-def]
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=5000)
    page.table.setFocus()
    page.table.selectRow(2)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.editor.title.text() == "PA-003 · Sick leave"
    assert page.editor.form.editor("name").hasFocus()


def test_an_empty_register_says_how_to_start(qtbot, ui_session: WorkspaceSession) -> None:  # type: ignore[no-untyped-def]
    widget = RegisterPage(ui_session)
    qtbot.addWidget(widget)
    widget.show()
    widget.reload()
    qtbot.waitUntil(lambda: not widget.loading, timeout=10000)
    assert widget.table_stack.currentIndex() == 1
    assert "No activities yet" in widget.table_stack.currentWidget().text()
    assert not widget.duplicate_button.isEnabled() and not widget.delete_button.isEnabled()
    wait_for_tasks()


def test_export_runs_in_the_background_with_progress(
    qtbot,  # type: ignore[no-untyped-def]
    page: RegisterPage,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[Any, Path]] = []

    def fake_export(workspace: Any, path: Path, progress: Any = None) -> None:
        calls.append((workspace, path))
        progress(50, "Writing the activities")
        path.write_text("ok")

    monkeypatch.setattr(register_io, "export_register", fake_export, raising=False)
    with qtbot.waitSignal(page.export.export_finished, timeout=10000) as finished:
        page.export.export_to(tmp_path / "register.xlsx")
        assert page.export.progress_bar.isVisible()
        assert not page.export.button.isEnabled()
    assert finished.args == [tmp_path / "register.xlsx"]
    assert calls == [(page._session.workspace, tmp_path / "register.xlsx")]
    assert page.export.status_label.text() == "Saved register.xlsx"
    assert not page.export.progress_bar.isVisible() and page.export.button.isEnabled()


def test_insert_adds_an_activity_and_delete_asks_before_removing_it(
    qtbot,  # type: ignore[no-untyped-def]
    page: RegisterPage,
    ui_session: WorkspaceSession,
) -> None:
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=5000)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Insert)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=10000)
    stored_and_shown(qtbot, page, ui_session)
    assert page.editor.title.text() == "PA-004 · New activity"

    asked: list[str] = []

    def cancel(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        box.reject()

    page.table.setFocus()
    answer_next_dialog(cancel)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert asked == ["Delete the activity PA-004 “New activity”?"]


def test_export_writes_the_register_through_the_service(
    qtbot,  # type: ignore[no-untyped-def]
    page: RegisterPage,
    tmp_path: Path,
) -> None:
    target = tmp_path / "register.json"
    with qtbot.waitSignal(page.export.export_finished, timeout=30000) as finished:
        page.export.export_to(target)
    assert finished.args == [target]
    assert "Order fulfilment" in target.read_text(encoding="utf-8")


def test_import_opens_the_import_dialog_when_there_is_one(
    page: RegisterPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    if importlib.util.find_spec("ui.dialogs.import_register_dialog") is None:
        assert not page.import_button.isEnabled()
        assert "not available" in page.import_button.toolTip()
        return
    module = importlib.import_module("ui.dialogs.import_register_dialog")
    opened: list[tuple[Any, Any]] = []

    class FakeDialog:
        def __init__(self, session: Any, parent: Any) -> None:
            opened.append((session, parent))

        def exec(self) -> int:
            return 0

    monkeypatch.setattr(module, "ImportRegisterDialog", FakeDialog)
    page.import_button.click()
    assert opened == [(page._session, page)]
