"""The processor record page (Art. 30(2)): the controllers an organisation of the workspace
serves, each record edited in place, added, deleted after a question, and undone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox

from app.services.changes import get_record
from app.services.organisations import add_organisation
from app.services.register import (
    add_processor_activity,
    add_vendor,
    list_processor_activity_rows,
)
from app.services.workspaces import create_workspace
from app.storage.workspace import Workspace
from ui.models.processor_activity_table_model import Column
from ui.operations.session import WorkspaceSession
from ui.pages import PAGE_NAMES
from ui.tasks import wait_for_tasks
from ui.views.processor_records_page import ProcessorRecordsPage

KIND = "processor_activity"


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    workspace = create_workspace(
        tmp_path / "w.pwb", {"legal_name": "Maison Lumière SAS", "country": "FR"}, actor="setup"
    )
    try:
        yield workspace
    finally:
        workspace.close()


@pytest.fixture
def session(qtbot, workspace: Workspace) -> Iterator[WorkspaceSession]:  # type: ignore[no-untyped-def]
    session = WorkspaceSession(workspace, actor="tester")
    yield session
    wait_for_tasks()
    QCoreApplication.processEvents()  # the last callbacks, while their widgets exist


@pytest.fixture
def records(workspace: Workspace) -> dict[str, int]:
    """Like the demo: the logistics company fulfils orders for a marketplace; the shop also
    runs a newsletter for a partner, sent from the United States. Ids by reference."""
    logistik = add_organisation(
        workspace, {"legal_name": "Lumière Logistik GmbH", "country": "DE"}, actor="setup"
    ).record.id
    sendloft = add_vendor(
        workspace, {"name": "Sendloft Inc.", "country": "US", "role": "processor"}, actor="setup"
    ).record.id
    marketplace = {
        "processor_id": logistik,
        "controller_name": "Marché Boréal SAS",
        "controller_dpo": "Julien Moreau, dpo@marche-boreal.example",
        "processing_categories": "Fulfilment for the marketplace's sellers",
        "security_measures": ["Least privilege", "Encryption in transit (TLS)"],
    }
    partner = {
        "controller_name": "Atelier Nord SARL",
        "processing_categories": "Sending the partner's newsletter",
        "transfers": [
            {"destination": "US", "vendor_id": sendloft, "mechanism": "scc", "scc_module": "3"}
        ],
    }
    return {
        result.record["reference"]: result.record.id
        for result in (
            add_processor_activity(workspace, marketplace, actor="setup"),
            add_processor_activity(workspace, partner, actor="setup"),
        )
    }


def _open_page(qtbot, session: WorkspaceSession) -> ProcessorRecordsPage:  # type: ignore[no-untyped-def]
    page = ProcessorRecordsPage(session)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    page.reload()
    return page


@pytest.fixture
def page(
    qtbot, session: WorkspaceSession, records: dict[str, int]
) -> Iterator[ProcessorRecordsPage]:  # type: ignore[no-untyped-def]
    yield _open_page(qtbot, session)
    wait_for_tasks()


def shown(page: ProcessorRecordsPage, column: int = Column.REFERENCE) -> list[str]:
    return [page.proxy.index(row, column).data() for row in range(page.proxy.rowCount())]


def cell(page: ProcessorRecordsPage, reference: str, column: int) -> str:
    return page.proxy.index(shown(page).index(reference), column).data()


def stored(qtbot, session: WorkspaceSession) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not session.busy, timeout=10000)
    QCoreApplication.processEvents()


def answer_deletion(monkeypatch: pytest.MonkeyPatch, verb: str) -> list[str]:
    """The confirmation box answers itself with `verb`; returns what it asked."""
    asked: list[str] = []

    def answer(box: QMessageBox) -> int:
        asked.append(box.text())
        next(button for button in box.buttons() if button.text() == verb).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return asked


def test_the_page_follows_the_register_in_the_navigation() -> None:
    assert PAGE_NAMES.index("processor_records") == PAGE_NAMES.index("register") + 1


def test_the_table_shows_who_processes_for_whom(page: ProcessorRecordsPage) -> None:
    assert shown(page) == ["PR-001", "PR-002"]
    assert shown(page, Column.PROCESSOR) == ["Lumière Logistik GmbH", "Maison Lumière SAS"]
    assert shown(page, Column.CONTROLLER) == ["Marché Boréal SAS", "Atelier Nord SARL"]
    assert shown(page, Column.TRANSFERS) == ["", "✓"]
    titles = [page.proxy.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert titles == ["Reference", "Processor (our organisation)", "Controller served", "Transfers"]
    assert page.count_label.text() == "2 records"
    assert page.table_stack.currentIndex() == 0

    # The first record is selected and shown below the table.
    assert page.details_title.text() == "PR-001 · Marché Boréal SAS"
    form = page.form
    assert form.value("controller_dpo") == "Julien Moreau, dpo@marche-boreal.example"
    processor = form.editor("processor_id")
    assert isinstance(processor, QComboBox)
    assert processor.currentText() == "Lumière Logistik GmbH"
    names = [processor.itemText(i) for i in range(processor.count())]
    assert "Maison Lumière SAS" in names and "Lumière Logistik GmbH" in names


def test_the_pick_lists_offer_organisations_vendors_and_security_measures(
    page: ProcessorRecordsPage, session: WorkspaceSession
) -> None:
    organisations = page._choices_for("processor_id")
    assert [label for _id, label in organisations] == [
        "Maison Lumière SAS",
        "Lumière Logistik GmbH",
    ]
    assert [label for _id, label in page._choices_for("transfers.vendor_id")] == ["Sendloft Inc."]
    measures = [label for _value, label in page._choices_for("security_measures")]
    assert measures == [item.label for item in session.catalogue("security_measures")]
    assert "Least privilege" in measures
    assert page._choices_for("controller_name") == []


def test_the_search_matches_reference_processor_or_controller(page: ProcessorRecordsPage) -> None:
    page.search.setText("BORÉAL")
    assert shown(page) == ["PR-001"]
    assert page.count_label.text() == "1 of 2 records"
    page.search.setText("maison")
    assert shown(page) == ["PR-002"]
    assert page.details_title.text() == "PR-002 · Atelier Nord SARL"  # the selection follows
    page.search.setText("nobody")
    assert shown(page) == [] and not page.delete_button.isEnabled()
    page.search.clear()
    assert shown(page) == ["PR-001", "PR-002"]


def test_a_new_record_appears_selected_with_the_controller_ready_to_type(
    qtbot,  # type: ignore[no-untyped-def]
    session: WorkspaceSession,
) -> None:
    page = _open_page(qtbot, session)
    assert page.table_stack.currentWidget() is page.empty_label  # says what to do
    assert page.empty_label.text() == (
        "No processor records.\nAdd one if your organisation acts as a processor for others."
    )
    assert not page.details_panel.isVisible() and not page.delete_button.isEnabled()
    assert page.count_label.text() == "0 records"

    page.new_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10000)
    stored(qtbot, session)
    assert page.table_stack.currentIndex() == 0 and page.details_panel.isVisible()
    assert shown(page) == ["PR-001"]
    assert page.table.currentIndex().row() == 0
    assert page.details_title.text() == "PR-001 · New controller"
    assert cell(page, "PR-001", Column.PROCESSOR) == "Maison Lumière SAS"
    controller = page.form.editor("controller_name")
    assert isinstance(controller, QLineEdit)
    assert controller.hasFocus() and controller.selectedText() == "New controller"
    wait_for_tasks()


def test_editing_the_controller_stores_it_and_undo_brings_it_back(
    qtbot,  # type: ignore[no-untyped-def]
    page: ProcessorRecordsPage,
    session: WorkspaceSession,
    records: dict[str, int],
) -> None:
    page.table.selectRow(1)
    controller = page.form.editor("controller_name")
    assert isinstance(controller, QLineEdit) and controller.text() == "Atelier Nord SARL"
    controller.selectAll()
    qtbot.keyClicks(controller, "Atelier du Nord SAS")
    qtbot.keyClick(controller, Qt.Key.Key_Return)
    stored(qtbot, session)
    record = get_record(session.workspace, KIND, records["PR-002"])
    assert record["controller_name"] == "Atelier du Nord SAS"
    qtbot.waitUntil(lambda: cell(page, "PR-002", Column.CONTROLLER) == "Atelier du Nord SAS")
    assert page.details_title.text() == "PR-002 · Atelier du Nord SAS"

    session.undo()  # what the window's Ctrl+Z does
    stored(qtbot, session)
    qtbot.waitUntil(lambda: cell(page, "PR-002", Column.CONTROLLER) == "Atelier Nord SARL")
    assert get_record(session.workspace, KIND, records["PR-002"])["controller_name"] == (
        "Atelier Nord SARL"
    )
    assert controller.text() == "Atelier Nord SARL"


def test_deleting_asks_first_naming_the_record_and_undo_restores_it(
    qtbot,  # type: ignore[no-untyped-def]
    page: ProcessorRecordsPage,
    session: WorkspaceSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page.table.selectRow(0)
    asked = answer_deletion(monkeypatch, "Cancel")
    page.delete_button.click()
    assert asked == ["Delete the processor record PR-001 for “Marché Boréal SAS”?"]
    assert not session.busy and page.model.rowCount() == 2

    answer_deletion(monkeypatch, "Delete")
    page.delete_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10000)
    stored(qtbot, session)
    assert [row.reference for row in list_processor_activity_rows(session.workspace)] == ["PR-002"]
    assert page.details_title.text() == "PR-002 · Atelier Nord SARL"  # the other is selected

    session.undo()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10000)
    stored(qtbot, session)
    rows = list_processor_activity_rows(session.workspace)
    assert [(row.reference, row.controller_name) for row in rows] == [
        ("PR-001", "Marché Boréal SAS"),
        ("PR-002", "Atelier Nord SARL"),
    ]
    assert shown(page) == ["PR-001", "PR-002"]
