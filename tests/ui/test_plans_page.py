"""The collection plans page: the list, opening a plan in the wizard (Enter, double-click,
Ctrl+N for a new one), answers files, the register entry, deletion with undo, and the PDF."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.services import plan_answers
from app.services.plans import create_plan, get_plan, list_plan_rows
from app.services.register import list_activity_rows
from ui.operations.session import WorkspaceSession
from ui.tasks import wait_for_tasks
from ui.views.plans_page import Column, PlansPage
from ui.wizards.plan_wizard import CollectionPlanWizard

DEMO_PLANS = Path(__file__).resolve().parents[2] / "resources" / "demo" / "plans.json"


def demo_answers(index: int) -> dict[str, Any]:
    document = json.loads(DEMO_PLANS.read_text(encoding="utf-8"))["plans"][index]
    return plan_answers.answers_from_document(document, "demo")


@pytest.fixture
def page(qtbot, ui_session: WorkspaceSession) -> Iterator[PlansPage]:  # type: ignore[no-untyped-def]
    workspace = ui_session.workspace
    create_plan(workspace, demo_answers(0), actor="setup")  # complete, with its register entry
    create_plan(workspace, {**demo_answers(1), "name": "Loyalty (draft)"}, complete=False)
    widget = PlansPage(ui_session)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.reload()
    yield widget
    if widget.wizard is not None:
        close_wizard(widget.wizard)


def close_wizard(wizard: CollectionPlanWizard) -> None:
    from shiboken6 import isValid

    if isValid(wizard):
        wizard._confirm = lambda *_args: True  # type: ignore[method-assign]
        wizard.reject()


def answer_next_dialog(respond: Callable[[QWidget], None]) -> None:
    """Run `respond` on the next modal dialog once it is shown (exec() blocks the test)."""
    tries = [0]

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        tries[0] += 1
        if not isinstance(dialog, QMessageBox) and tries[0] < 200:
            QTimer.singleShot(10, look)
        elif dialog is not None:
            respond(dialog)

    QTimer.singleShot(0, look)


def cells(page: PlansPage, row: int) -> list[str]:
    return [str(page.proxy.index(row, column).data()) for column in Column]


def test_the_list_shows_each_plan_in_plain_words(page: PlansPage) -> None:
    assert cells(page, 0) == [
        "PLAN-001",
        "Newsletter sign-up",
        "Complete",
        "Newsletter sign-up",
        "3 kept, 1 removed",
        "DPIA not likely needed",
        "PA-001",
    ]
    assert cells(page, 1)[:3] == ["PLAN-002", "Loyalty (draft)", "Draft"]
    assert cells(page, 1)[Column.REGISTER] == "—"
    assert page.count_label.text() == "2 plans"
    # The selected plan reads below the table.
    assert "Send the monthly newsletter" in page.summary.toPlainText()
    assert page.register_button.isEnabled()
    page.table.selectRow(1)
    assert "Loyalty (draft)" in page.summary.toPlainText()
    assert not page.register_button.isEnabled()  # a draft has no register entry yet
    page.search.setText("loyal")
    assert page.proxy.rowCount() == 1 and page.count_label.text() == "1 of 2 plans"


def test_enter_opens_the_plan_in_the_wizard_prefilled(qtbot, page: PlansPage) -> None:  # type: ignore[no-untyped-def]
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=5000)
    page.table.setFocus()
    page.table.selectRow(0)
    with qtbot.waitSignal(page.wizard_opened, timeout=5000) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    wizard = opened.args[0]
    assert isinstance(wizard, CollectionPlanWizard)
    assert wizard.windowTitle() == "Collection plan PLAN-001"
    assert wizard.values["name"] == "Newsletter sign-up"
    assert wizard.page_for(1).name_edit.text() == "Newsletter sign-up"  # type: ignore[attr-defined]


def test_ctrl_n_on_the_page_starts_a_new_plan(qtbot, page: PlansPage) -> None:  # type: ignore[no-untyped-def]
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=5000)
    page.table.setFocus()
    with qtbot.waitSignal(page.wizard_opened, timeout=5000) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert opened.args[0].windowTitle() == "New collection plan"
    assert opened.args[0].plan_id is None


def test_a_plan_saved_in_the_wizard_shows_in_the_list(qtbot, page: PlansPage) -> None:  # type: ignore[no-untyped-def]
    page.new_plan()
    wizard = page.wizard
    assert wizard is not None
    wizard.page_for(1).name_edit.setText("Event sign-up")  # type: ignore[attr-defined]
    with qtbot.waitSignal(wizard.plan_saved, timeout=10000):
        wizard.save_plan(complete=False)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=5000)
    assert page.selected().name == "Event sign-up"


def test_go_to_register_entry_names_the_plans_activity(qtbot, page: PlansPage) -> None:  # type: ignore[no-untyped-def]
    page.table.selectRow(0)
    expected = get_plan(page._session.workspace, page.selected().id)["activity_id"]
    with qtbot.waitSignal(page.activity_requested, timeout=2000) as requested:
        page.register_button.click()
    assert requested.args == [expected]


def test_delete_asks_first_and_undo_brings_the_plan_back(  # type: ignore[no-untyped-def]
    qtbot, page: PlansPage, ui_session: WorkspaceSession
) -> None:
    page.table.selectRow(0)
    asked: list[str] = []

    def respond(verb: str) -> Callable[[QWidget], None]:
        def click(box: QWidget) -> None:
            assert isinstance(box, QMessageBox)
            asked.append(f"{box.text()} | {box.informativeText()}")
            next(b for b in box.buttons() if b.text() == verb).click()

        return click

    answer_next_dialog(respond("Cancel"))
    page.delete_button.click()
    assert asked[0].startswith("Delete the collection plan PLAN-001 “Newsletter sign-up”?")
    assert "Its register entry PA-001 stays in the register." in asked[0]
    assert not ui_session.busy and page.model.rowCount() == 2

    answer_next_dialog(respond("Delete"))
    page.delete_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10000)
    assert [row.reference for row in list_plan_rows(ui_session.workspace)] == ["PLAN-002"]
    assert len(list_activity_rows(ui_session.workspace)) == 1  # the register entry stays

    qtbot.waitUntil(ui_session.can_undo, timeout=5000)
    ui_session.undo()  # what the window's Ctrl+Z does
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10000)
    assert [row.name for row in list_plan_rows(ui_session.workspace)] == [
        "Newsletter sign-up",
        "Loyalty (draft)",
    ]


def test_answers_are_saved_and_a_new_plan_starts_from_a_file(  # type: ignore[no-untyped-def]
    qtbot, page: PlansPage, tmp_path: Path
) -> None:
    page.table.selectRow(0)
    target = tmp_path / "newsletter.json"
    page.save_answers(page.selected().id, target)
    qtbot.waitUntil(lambda: "Answers saved" in page.export_label.text(), timeout=10000)
    answers = plan_answers.read_answers(target)
    assert answers["name"] == "Newsletter sign-up"
    assert "reference" not in answers and "activity_id" not in answers

    with qtbot.waitSignal(page.wizard_opened, timeout=10000) as opened:
        page.new_plan_from(target)
    wizard = opened.args[0]
    assert wizard.plan_id is None  # a new plan, created only when the user saves it
    assert wizard.values["name"] == "Newsletter sign-up"
    assert len(list_plan_rows(page._session.workspace)) == 2


def test_a_bad_answers_file_creates_nothing(  # type: ignore[no-untyped-def]
    qtbot, page: PlansPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "privacy-workbench/collection-plan", "version": 1, "answers": ')
    page.new_plan_from(bad)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "is not valid JSON (line 1" in shown[0]
    assert page.wizard is None
    assert len(list_plan_rows(page._session.workspace)) == 2


@pytest.mark.skipif(
    importlib.util.find_spec("app.reports.collection_plan") is None,
    reason="the collection-plan report is not there yet",
)
def test_export_pdf_runs_in_the_background(qtbot, page: PlansPage, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import pypdf

    page.table.selectRow(0)
    with qtbot.waitSignal(page.export_finished, timeout=120000) as finished:
        page.export_pdf(page.selected().id, tmp_path / "plan")
        assert page.progress_bar.isVisible()
        assert not page.export_button.isEnabled()  # one export at a time
    written = tmp_path / "plan.pdf"
    assert finished.args == [written]
    wait_for_tasks()
    assert page.export_label.text() == f"Saved to {written}"
    assert not page.progress_bar.isVisible() and page.export_button.isEnabled()
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(written).pages)
    for expected in ("Newsletter sign-up", "E-mail address", "Send the monthly newsletter"):
        assert expected in text, expected


def test_a_finished_plan_that_needs_a_dpia_offers_to_start_it(  # type: ignore[no-untyped-def]
    qtbot, page: PlansPage, ui_session: WorkspaceSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.services.dpia import list_dpia_rows

    answers = demo_answers(0)
    answers["screening"] = ["evaluation", "large_scale", "combining"]
    answers["screening_notes"] = "A DPIA comes before the launch."
    plan = create_plan(ui_session.workspace, answers, actor="tester").record
    asked: list[str] = []

    def yes(*args: Any) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    with qtbot.waitSignal(page.dpia_requested, timeout=10000) as started:
        page.offer_dpia(plan)
    assert asked and "DPIA likely required" in asked[0]
    (dpia,) = list_dpia_rows(ui_session.workspace)
    assert started.args == [dpia.id]
    activity = get_plan(ui_session.workspace, plan.id)["activity_id"]
    assert dpia.activities == next(
        row.reference for row in list_activity_rows(ui_session.workspace) if row.id == activity
    )


def test_a_plan_without_risk_criteria_does_not_ask_for_a_dpia(  # type: ignore[no-untyped-def]
    page: PlansPage, ui_session: WorkspaceSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[Any] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args))
    answers = demo_answers(0)
    answers["screening"] = []
    page.offer_dpia(create_plan(ui_session.workspace, answers, actor="tester").record)
    assert asked == []
