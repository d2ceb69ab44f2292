"""DPIA screening of a register activity: the register's suggestions ticked and explained, the
outcome following the boxes, the justification a decision against a DPIA needs, and a DPIA
started from the screening."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.services.dpia import get_dpia, list_dpia_rows
from app.services.register import add_activity
from app.services.screenings import screening_view
from ui.dialogs.screening_dialog import ScreeningDialog
from ui.operations.session import WorkspaceSession
from ui.tasks import wait_for_tasks
from ui.views.register_page import RegisterPage


@pytest.fixture
def activity_id(ui_session: WorkspaceSession) -> int:
    """A loyalty programme that scores customers automatically, with health data."""
    values: dict[str, Any] = {
        "name": "Loyalty programme",
        "description": "Points and personalised offers for members.",
        "automated_decisions": True,
        "purposes": [{"key": "p1", "purpose": "Personalised offers", "basis": "6.1.f"}],
        "data_categories": [
            {"category": "Purchase history", "kind": "regular", "purpose_keys": ["p1"]},
            {"category": "Allergies", "kind": "special", "purpose_keys": ["p1"]},
        ],
    }
    return add_activity(ui_session.workspace, values, actor="setup").record.id


@pytest.fixture
def dialog(qtbot, ui_session: WorkspaceSession, activity_id: int) -> Iterator[ScreeningDialog]:  # type: ignore[no-untyped-def]
    widget = ScreeningDialog(ui_session, activity_id)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    wait_for_tasks()


def test_the_register_suggestions_are_ticked_and_explained(dialog: ScreeningDialog) -> None:
    ticked = [key for key, row in dialog.criteria_rows.items() if row.box.isChecked()]
    assert ticked == ["evaluation", "automated_decision", "sensitive"]
    explained = dialog.criteria_rows["sensitive"].findChildren(type(dialog.outcome))
    assert any("Suggested" in label.text() for label in explained)
    assert "Will you rate, score or sort people" in dialog.criteria_rows["evaluation"].text.text()
    assert dialog.outcome.text() == "DPIA likely required"
    assert "3 of the nine criteria apply" in dialog.reasons.text()
    # The French authority's list is offered (the controller is in France).
    assert dialog.view.authority == "CNIL"
    assert "fr_hr_profiling" in dialog.authority_rows
    assert dialog.start_button.isEnabled()


def test_the_outcome_follows_the_boxes(dialog: ScreeningDialog, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog.art35_rows["a"].box.click()
    assert dialog.outcome.text() == "DPIA required"
    assert "Art. 35(3) case" in dialog.reasons.text()
    dialog.art35_rows["a"].box.click()
    for key in ("evaluation", "automated_decision", "sensitive"):
        dialog.criteria_rows[key].box.click()
    assert dialog.outcome.text() == "DPIA not likely needed"
    assert not dialog.start_button.isEnabled()
    # Clicking the question's text ticks its box, as with any check box.
    qtbot.mouseClick(dialog.criteria_rows["monitoring"].text, Qt.MouseButton.LeftButton)
    assert dialog.criteria_rows["monitoring"].box.isChecked()
    assert dialog.outcome.text() == "Consider a DPIA"


def test_no_dpia_despite_two_criteria_needs_a_justification(
    dialog: ScreeningDialog,
    qtbot,
    ui_session: WorkspaceSession,
    activity_id: int,  # type: ignore[no-untyped-def]
) -> None:
    dialog.decision_buttons["not_needed"].click()
    assert "Required" in dialog.justification_hint.text()
    dialog.save_button.click()
    assert dialog.error_label.isVisible()
    assert "two or more criteria apply" in dialog.error_label.text()
    assert "Justification" in dialog.error_label.text()
    wait_for_tasks()
    assert screening_view(ui_session.workspace, activity_id).record is None  # nothing stored

    dialog.justification.setPlainText("Scores are computed on aggregated data only.")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.result() == ScreeningDialog.DialogCode.Accepted, timeout=10000)
    record = screening_view(ui_session.workspace, activity_id).record
    assert record is not None
    assert record["decision"] == "not_needed"
    assert record["justification"] == "Scores are computed on aggregated data only."
    assert record["criteria"] == ["evaluation", "automated_decision", "sensitive"]

    again = ScreeningDialog(ui_session, activity_id)
    qtbot.addWidget(again)
    assert again.decision_buttons["not_needed"].isChecked()
    assert again.justification.toPlainText().startswith("Scores are computed")
    # An Art. 35(3) case makes a DPIA mandatory: "No DPIA" is refused whatever the reason.
    again.art35_rows["b"].box.click()
    again.save_button.click()
    assert "mandatory" in again.error_label.text()


def test_start_a_dpia_from_the_screening(
    dialog: ScreeningDialog,
    qtbot,
    ui_session: WorkspaceSession,
    activity_id: int,  # type: ignore[no-untyped-def]
) -> None:
    started: list[int] = []
    dialog.dpia_started.connect(started.append)
    dialog.start_button.click()
    qtbot.waitUntil(lambda: bool(started), timeout=10000)
    dpia = get_dpia(ui_session.workspace, started[0])
    assert dpia["activity_ids"] == [activity_id]
    assert dpia["status"] == "draft"
    assert len(dpia["risks"]) == 3
    record = screening_view(ui_session.workspace, activity_id).record
    assert record is not None
    assert record["decision"] == "carry_out"
    assert record["dpia_id"] == started[0]
    assert [row.reference for row in list_dpia_rows(ui_session.workspace)] == ["DPIA-001"]

    # Screening again offers the DPIA already started rather than a second one.
    again = ScreeningDialog(ui_session, activity_id)
    qtbot.addWidget(again)
    assert again.start_button.text() == "Open the DPIA"
    opened: list[int] = []
    again.dpia_started.connect(opened.append)
    again.start_button.click()
    assert opened == started
    assert len(list_dpia_rows(ui_session.workspace)) == 1


def test_the_register_page_opens_the_screening(
    qtbot,
    ui_session: WorkspaceSession,
    activity_id: int,  # type: ignore[no-untyped-def]
) -> None:
    page = RegisterPage(ui_session)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.reload()
    qtbot.waitUntil(lambda: page.selected_id() == activity_id, timeout=10000)
    assert page.screen_button.isEnabled()
    requested: list[int] = []
    page.dpia_requested.connect(requested.append)
    page.screen_button.click()
    screening = page.screening_dialog
    assert screening.isVisible()
    assert screening.view.activity_id == activity_id
    screening.start_button.click()
    qtbot.waitUntil(lambda: bool(requested), timeout=10000)
    assert requested == [list_dpia_rows(ui_session.workspace)[0].id]
    wait_for_tasks()
