"""The import dialog: pick a file, see its layout, map unknown columns, check, import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QDialog

from app.services.changes import list_records
from ui.dialogs.import_register_dialog import ImportRegisterDialog
from ui.operations.session import WorkspaceSession
from ui.tasks import wait_for_tasks

OURS = (
    "Reference,Name,Purposes,Recipients\n"
    "PA-001,Orders,Delivery | 6.1.b,Parcel Express | processor | Parcel Express\n"
    "PA-002,Newsletter,News | Consent,\n"
)


@pytest.fixture
def dialog(qtbot, ui_session: WorkspaceSession) -> ImportRegisterDialog:  # type: ignore[no-untyped-def]
    widget = ImportRegisterDialog(ui_session)
    qtbot.addWidget(widget)
    widget.resize(760, 560)
    widget.show()
    return widget


def _idle(qtbot, dialog: ImportRegisterDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: dialog.choose_button.isEnabled(), timeout=20000)


def _choose(qtbot, dialog: ImportRegisterDialog, path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog.choose_file(path)
    _idle(qtbot, dialog)


def _activities(session: WorkspaceSession) -> list[str]:
    return [r["reference"] for r in list_records(session.workspace, "processing_activity")]


def test_our_file_is_checked_then_imported_as_one_undoable_change(  # type: ignore[no-untyped-def]
    qtbot, dialog: ImportRegisterDialog, ui_session: WorkspaceSession, tmp_path: Path
) -> None:
    path = tmp_path / "register.csv"
    path.write_text(OURS, encoding="utf-8")
    _choose(qtbot, dialog, path)
    assert dialog.layout_label.text() == "Recognised: a Privacy Workbench register export."
    assert dialog.mapping_table.isHidden()

    dialog.check_button.click()
    _idle(qtbot, dialog)
    assert dialog.result_label.text() == "2 activities and 1 vendor ready to import."
    assert _activities(ui_session) == []  # a check writes nothing

    changed: list[str] = []
    ui_session.records_changed.connect(changed.append)
    with qtbot.waitSignal(dialog.import_finished, timeout=20000) as finished:
        dialog.import_button.click()
    report = finished.args[0]
    assert (report.activities, report.vendors) == (2, 1)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert _activities(ui_session) == ["PA-001", "PA-002"]
    assert "*" in changed
    assert ui_session.can_undo()
    assert ui_session.undo_text() == "Imported 2 activities from register.csv"

    ui_session.undo()
    wait_for_tasks()
    qtbot.waitUntil(lambda: not ui_session.busy)
    assert _activities(ui_session) == []
    assert list_records(ui_session.workspace, "vendor") == []


def test_problems_are_listed_and_nothing_is_written(  # type: ignore[no-untyped-def]
    qtbot, dialog: ImportRegisterDialog, ui_session: WorkspaceSession, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "Reference,Name,Purposes,Next review\n"
        "PA-001,Fine,Orders | 6.1.b,\n"
        "PA-002,Odd,Orders | because,31/02/2026\n",
        encoding="utf-8",
    )
    _choose(qtbot, dialog, path)
    dialog.check_button.click()
    _idle(qtbot, dialog)
    assert dialog.problems_view.isVisible()
    lines = dialog.problems_view.toPlainText().splitlines()
    assert lines[0].startswith("bad.csv:3:Purposes: entry 1, part 2: “because”")
    assert lines[1].startswith("bad.csv:3:Next review: “31/02/2026” is not a date")
    assert "2 problems in bad.csv; nothing was imported." in dialog.result_label.text()

    dialog.import_button.click()
    _idle(qtbot, dialog)
    assert dialog.isVisible() and dialog.report is None
    assert dialog.problems_view.toPlainText().splitlines() == lines
    assert _activities(ui_session) == []
    assert not ui_session.can_undo()


def test_an_unknown_layout_asks_for_the_columns(  # type: ignore[no-untyped-def]
    qtbot, dialog: ImportRegisterDialog, ui_session: WorkspaceSession, tmp_path: Path
) -> None:
    path = tmp_path / "theirs.csv"
    path.write_text(
        "Activity;Purpose;Lawful basis;Colour\nCRM;Sales;Contract;blue\n", encoding="utf-8"
    )
    _choose(qtbot, dialog, path)
    assert dialog.layout_label.text().startswith("Unknown layout")
    assert dialog.mapping_table.isVisible()
    table = dialog.mapping_table
    shown = {
        table.item(row, 0).text(): table.cellWidget(row, 1).currentData()
        for row in range(table.rowCount())
    }
    assert shown == {
        "Activity": "name",
        "Purpose": "purposes.purpose",
        "Lawful basis": "purposes.basis",
        "Colour": "",
    }
    dialog.check_button.click()
    _idle(qtbot, dialog)
    assert dialog.result_label.text() == "1 activity and 0 vendors ready to import."

    activity_box = table.cellWidget(0, 1)
    purpose_box = table.cellWidget(1, 1)
    assert isinstance(activity_box, QComboBox) and isinstance(purpose_box, QComboBox)
    activity_box.setCurrentIndex(0)
    purpose_box.setCurrentIndex(0)
    dialog.check_button.click()
    assert "Choose the column that names each activity" in dialog.result_label.text()

    activity_box.setCurrentIndex(activity_box.findData("name"))
    dialog.check_button.click()
    _idle(qtbot, dialog)
    assert dialog.problems_view.toPlainText() == (
        "theirs.csv:2:Lawful basis: entry 1, Purpose: is required"
    )
    basis_box = table.cellWidget(2, 1)
    assert isinstance(basis_box, QComboBox)
    basis_box.setCurrentIndex(0)
    with qtbot.waitSignal(dialog.import_finished, timeout=20000):
        dialog.import_button.click()
    (record,) = list_records(ui_session.workspace, "processing_activity")
    assert (record["name"], record["purposes"]) == ("CRM", [])


def test_a_file_that_is_no_register_says_so(  # type: ignore[no-untyped-def]
    qtbot, dialog: ImportRegisterDialog, tmp_path: Path
) -> None:
    path = tmp_path / "photo.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    _choose(qtbot, dialog, path)
    assert "it is a PNG image" in dialog.result_label.text()
    assert not dialog.check_button.isEnabled() and not dialog.import_button.isEnabled()
