"""The collection-plan wizard walked as a user walks it: typing, clicking and the keyboard, going
back, leaving a required answer empty, the minimisation questions, cancelling without leaving
anything behind, a draft, answers files, then Finish and what it stored in the workspace."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QWidget,
    QWizard,
)
from shiboken6 import isValid

from app.domain.screening import Wp248Criterion
from app.services import plan_answers
from app.services.plans import get_plan, list_plan_rows
from app.services.register import get_activity, list_activity_rows
from ui.operations.session import WorkspaceSession
from ui.tasks import wait_for_tasks
from ui.wizards.data_page import DataPage
from ui.wizards.goal_page import GoalPage
from ui.wizards.minimisation_page import MinimisationPage
from ui.wizards.plan_wizard import SAVE_DRAFT, CollectionPlanWizard
from ui.wizards.purposes_page import NOT_COLLECTED, PurposesPage
from ui.wizards.review_page import ReviewPage
from ui.wizards.risks_page import RisksPage
from ui.wizards.security_page import SecurityPage
from ui.wizards.sharing_page import SharingPage

DEMO_PLANS = Path(__file__).resolve().parents[2] / "resources" / "demo" / "plans.json"
NEXT = QWizard.WizardButton.NextButton
BACK = QWizard.WizardButton.BackButton
FINISH = QWizard.WizardButton.FinishButton


@pytest.fixture
def wizard(qtbot, ui_session: WorkspaceSession) -> Iterator[CollectionPlanWizard]:  # type: ignore[no-untyped-def]
    widget = CollectionPlanWizard(ui_session)
    qtbot.addWidget(widget, before_close_func=never_ask)
    widget.resize(1200, 700)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=5000)
    yield widget


def never_ask(wizard: QWidget) -> None:
    """Closing the wizard at the end of a test must not wait for an answer."""
    if isValid(wizard):
        wizard._confirm = lambda *_args: True  # type: ignore[attr-defined]


def answer_next_dialog(respond: Callable[[QWidget], None]) -> None:
    """Run `respond` on the next modal dialog once it is shown (exec() blocks the test)."""
    tries = [0]

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        tries[0] += 1
        if (dialog is None or not isinstance(dialog, QMessageBox)) and tries[0] < 200:
            QTimer.singleShot(10, look)
        elif dialog is not None:
            respond(dialog)

    QTimer.singleShot(0, look)


def click_box_button(text: str, seen: list[str]) -> Callable[[QWidget], None]:
    def respond(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        button = next(b for b in box.buttons() if b.text() == text)
        button.click()

    return respond


def click(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    QApplication.processEvents()  # a widget just added gets its place first
    if isinstance(widget, QCheckBox | QRadioButton):  # on its box, as a person aims
        where = QPoint(8, widget.height() // 2)
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=where)
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def next_page(qtbot, wizard: CollectionPlanWizard) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, wizard.button(NEXT))


def type_into(qtbot, widget: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def fill_goal(qtbot, wizard: CollectionPlanWizard) -> GoalPage:  # type: ignore[no-untyped-def]
    page = wizard.currentPage()
    assert isinstance(page, GoalPage)
    type_into(qtbot, page.name_edit, "Newsletter sign-up")
    type_into(qtbot, page.objective_edit, "Tell customers about new products once a month.")
    page.channel_box.setCurrentIndex(page.channel_box.findData("newsletter"))
    return page


def test_the_whole_wizard_as_a_user_walks_it(  # type: ignore[no-untyped-def]
    qtbot, wizard: CollectionPlanWizard, ui_session: WorkspaceSession
) -> None:
    # -- 1. Goal: the objective left empty is refused, by name -----------------------------
    goal = wizard.currentPage()
    assert isinstance(goal, GoalPage)
    assert wizard.windowTitle() == "New collection plan"
    assert goal.title() == "Step 1 of 8: Goal"
    type_into(qtbot, goal.name_edit, "Newsletter sign-up")
    goal.channel_box.setFocus()
    qtbot.keyClicks(goal.channel_box, "News")  # typing picks the channel
    assert goal.channel_box.currentData() == "newsletter"
    goal.name_edit.setFocus()
    qtbot.keyClick(goal.name_edit, Qt.Key.Key_Return)  # Enter means Next
    assert wizard.currentId() == 1
    assert goal.problems_label.isVisible()
    assert goal.problems_text() == "Business objective: is required"
    assert goal.objective_edit.hasFocus()  # the cursor goes where the problem is
    qtbot.keyClicks(goal.objective_edit, "Tell customers about new products once a month.")
    subjects = goal.subjects_editor.input_box()
    type_into(qtbot, subjects.lineEdit(), "Newsletter subscribers")
    qtbot.keyClick(subjects.lineEdit(), Qt.Key.Key_Return)  # adds the entry, stays here
    assert wizard.currentId() == 1
    assert goal.subjects_editor.entries() == ["Newsletter subscribers"]
    next_page(qtbot, wizard)

    # -- 2. Data: catalogue (searched, ticked with Space) and one of our own -----------------
    data = wizard.currentPage()
    assert isinstance(data, DataPage)
    type_into(qtbot, data.search, "e-mail")
    qtbot.keyClick(data.search, Qt.Key.Key_Return)  # to the list, not to the next page
    assert data.catalogue_list.hasFocus() and wizard.currentId() == 2
    assert data.catalogue_list.currentItem().text() == "E-mail address"
    assert "reach the person by e-mail" in data.about_text.text()  # explained beside it
    qtbot.keyClick(data.catalogue_list, Qt.Key.Key_Space)
    data.search.clear()
    data.tick("first_name")
    data.tick("date_of_birth")
    type_into(qtbot, data.own_edit, "Shoe size")
    qtbot.keyClick(data.own_edit, Qt.Key.Key_Return)
    assert [item["label"] for item in data.items()] == [
        "E-mail address",
        "First name",
        "Date of birth",
        "Shoe size",
    ]
    email_key = data.items()[0]["key"]
    click(qtbot, data.findChild(QWidget, f"mandatory_{email_key}"))
    assert data.items()[0]["mandatory"] is True
    next_page(qtbot, wizard)

    # -- 3. Purposes: bases through the questions; data without a purpose is refused ---------
    purposes = wizard.currentPage()
    assert isinstance(purposes, PurposesPage)
    click(qtbot, purposes.add_button)
    editor = purposes.editor
    assert editor.text_edit.hasFocus()
    qtbot.keyClicks(editor.text_edit, "Send the monthly newsletter")
    editor.type_box.setCurrentIndex(editor.type_box.findData("newsletter"))
    assert editor.result_label.text() == "Legal basis: <b>Consent (Art. 6(1)(a))</b>"
    assert "clear opt-in" in editor.implication_label.text()
    click(qtbot, purposes.add_button)
    qtbot.keyClicks(editor.text_edit, "Prevent fraud")
    click(qtbot, editor.questions["contract"].no)
    click(qtbot, editor.questions["law"].no)
    assert "answer the questions" in editor.result_label.text()
    click(qtbot, editor.questions["expected"].yes)
    assert "Legitimate interests" in editor.result_label.text()
    assert editor.interest_part.isVisible() and not editor.law_part.isVisible()
    grid = purposes.grid
    for row in range(3):  # e-mail, first name, date of birth serve the newsletter
        grid.setCurrentCell(row, 0)
        qtbot.keyClick(grid, Qt.Key.Key_Space)
    next_page(qtbot, wizard)
    assert wizard.currentId() == 3
    problems = purposes.problems_text()
    assert "Purposes: entry 2 (Prevent fraud): describe the interest you pursue" in problems
    assert (
        "Data to collect: entry 4 (Shoe size): choose the purposes it serves, or remove it"
        in problems
    )
    purposes.set_serves("Shoe size", NOT_COLLECTED)  # "Do not collect"
    qtbot.keyClicks(editor.interest_edit, "Stopping payment fraud")

    # Back keeps the answers of both pages.
    click(qtbot, wizard.button(BACK))
    assert wizard.currentPage() is data and len(data.items()) == 4
    next_page(qtbot, wizard)
    assert [p["purpose"] for p in purposes.purposes()] == [
        "Send the monthly newsletter",
        "Prevent fraud",
    ]
    assert purposes.purposes()[1]["legitimate_interest"] == "Stopping payment fraud"
    assert grid.item(3, 2).checkState() == Qt.CheckState.Checked  # shoe size: not collected
    next_page(qtbot, wizard)

    # -- 4. Minimisation: "do you really need this?" -----------------------------------------
    minimisation = wizard.currentPage()
    assert isinstance(minimisation, MinimisationPage)
    assert set(card.label for card in minimisation.cards.values()) == {
        "First name",
        "Date of birth",
        "Shoe size",
    }
    next_page(qtbot, wizard)
    assert wizard.currentId() == 4
    problems = minimisation.problems_text()
    assert "“First name”: remove it or write why it is needed" in problems
    assert "“Date of birth”: remove it or write why it is needed" in problems
    click(qtbot, minimisation.card("Date of birth").remove)
    first_name = minimisation.card("First name")
    click(qtbot, first_name.keep)
    type_into(qtbot, first_name.justification, "Optional, to greet subscribers by name.")
    next_page(qtbot, wizard)

    # -- 5. Retention, access and sharing ----------------------------------------------------
    sharing = wizard.currentPage()
    assert isinstance(sharing, SharingPage), minimisation.problems_text()
    assert [row.label.text() for row in sharing.rows] == ["E-mail address", "First name"]
    email_row = sharing.rows[0]
    type_into(qtbot, email_row.period.lineEdit(), "Until the person unsubscribes")
    type_into(qtbot, email_row.trigger.lineEdit(), "Unsubscription")
    type_into(qtbot, email_row.access, "Marketing")
    next_page(qtbot, wizard)
    assert "Data to collect: entry 2 (First name): say how long it is kept" in (
        sharing.problems_text()
    )
    assert sharing.rows[1].period.lineEdit().hasFocus()
    click(qtbot, sharing.copy_button)
    assert sharing.rows[1].period.currentText() == "Until the person unsubscribes"
    type_into(qtbot, sharing.internal_editor.input_box().lineEdit(), "Marketing")
    qtbot.keyClick(sharing.internal_editor.input_box().lineEdit(), Qt.Key.Key_Return)
    assert wizard.currentId() == 5
    next_page(qtbot, wizard)

    # -- 6. Security and rights --------------------------------------------------------------
    security = wizard.currentPage()
    assert isinstance(security, SecurityPage)
    next_page(qtbot, wizard)
    assert security.problems_text() == (
        "How people are told: is required\nHow people can use their rights: is required"
    )
    measures = security.measures_editor.input_box().lineEdit()
    type_into(qtbot, measures, "Multi-factor authentication")
    qtbot.keyClick(measures, Qt.Key.Key_Return)
    assert security.measures_editor.entries() == ["Multi-factor authentication"]
    assert "second proof" in security.measures_explained.text()  # the catalogue's explanation
    type_into(qtbot, security.information_edit, "A short notice under the sign-up box.")
    type_into(qtbot, security.rights_edit, "privacy@example.com")
    next_page(qtbot, wizard)

    # -- 7. Risks: the outcome follows the answers; two criteria need a written decision -----
    risks = wizard.currentPage()
    assert isinstance(risks, RisksPage)
    for criterion in Wp248Criterion:
        risks.answer(
            criterion, criterion in (Wp248Criterion.EVALUATION, Wp248Criterion.LARGE_SCALE)
        )
    assert "DPIA likely required" in risks.outcome_label.text()
    assert "2 of the nine criteria apply" in risks.reasons_label.text()
    assert "required now" in risks.notes_heading.text()
    next_page(qtbot, wizard)
    assert risks.problems_text().startswith("Risk notes: two or more risk criteria apply")
    assert risks.notes_edit.hasFocus()
    qtbot.keyClicks(risks.notes_edit, "We will carry out a DPIA before the launch.")
    next_page(qtbot, wizard)

    # -- 8. Review, then Finish --------------------------------------------------------------
    review = wizard.currentPage()
    assert isinstance(review, ReviewPage)
    summary = review.summary_text()
    for expected in (
        "Send the monthly newsletter",
        "Consent (Art. 6(1)(a))",
        "Date of birth: not collected",
        "First name: kept — Optional, to greet subscribers by name.",
        "DPIA likely required",
        "Do:",
        "Don't:",
        "Set up how consent to “Send the monthly newsletter” is asked, recorded and withdrawn.",
        "Write the legitimate-interests assessment for “Prevent fraud”.",
    ):
        assert expected in summary, expected
    assert list_plan_rows(ui_session.workspace) == []  # nothing written before Finish
    with qtbot.waitSignal(wizard.finished, timeout=10000) as closed:
        click(qtbot, wizard.button(FINISH))
    assert closed.args == [QWizard.DialogCode.Accepted]
    wait_for_tasks()

    [row] = list_plan_rows(ui_session.workspace)
    assert (row.reference, row.name, row.status) == ("PLAN-001", "Newsletter sign-up", "Complete")
    assert (row.data, row.removed, row.screening) == (2, 2, "DPIA likely required")
    plan = get_plan(ui_session.workspace, row.id).values
    assert plan["data_subjects"] == ["Newsletter subscribers"]
    assert plan["security_measures"] == ["Multi-factor authentication"]
    decisions = {d["label"]: (d["decision"], d["justification"]) for d in plan["data"]}
    assert decisions["First name"] == ("keep", "Optional, to greet subscribers by name.")
    assert decisions["Date of birth"][0] == decisions["Shoe size"][0] == "remove"
    activity = get_activity(ui_session.workspace, plan["activity_id"]).values
    assert activity["status"] == "draft" and activity["name"] == "Newsletter sign-up"
    assert [(p["purpose"], p["basis"], p["legitimate_interest"]) for p in activity["purposes"]] == [
        ("Send the monthly newsletter", "6.1.a", ""),
        ("Prevent fraud", "6.1.f", "Stopping payment fraud"),
    ]
    categories = {c["category"]: c for c in activity["data_categories"]}
    assert set(categories) == {"E-mail address", "First name"}
    assert categories["E-mail address"]["retention_period"] == "Until the person unsubscribes"
    assert categories["E-mail address"]["retention_trigger"] == "Unsubscription"
    assert categories["First name"]["retention_period"] == "Until the person unsubscribes"
    newsletter_key = activity["purposes"][0]["key"]
    assert categories["E-mail address"]["purpose_keys"] == [newsletter_key]


def test_cancel_asks_when_something_was_typed_and_leaves_nothing(  # type: ignore[no-untyped-def]
    qtbot, wizard: CollectionPlanWizard, ui_session: WorkspaceSession
) -> None:
    activities_before = list_activity_rows(ui_session.workspace)
    fill_goal(qtbot, wizard)
    next_page(qtbot, wizard)
    asked: list[str] = []
    answer_next_dialog(click_box_button("Keep editing", asked))
    qtbot.keyClick(wizard.currentPage(), Qt.Key.Key_Escape)
    assert asked == ["Discard your answers?"]
    assert wizard.isVisible()  # still there, answers and all
    assert wizard.current_values()["name"] == "Newsletter sign-up"

    answer_next_dialog(click_box_button("Discard", asked))
    with qtbot.waitSignal(wizard.finished, timeout=5000) as closed:
        click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))
    assert closed.args == [QWizard.DialogCode.Rejected]
    wait_for_tasks()
    assert list_plan_rows(ui_session.workspace) == []
    assert list_activity_rows(ui_session.workspace) == activities_before


def test_cancel_without_answers_closes_at_once(qtbot, wizard: CollectionPlanWizard) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(wizard.finished, timeout=5000):
        qtbot.keyClick(wizard.currentPage(), Qt.Key.Key_Escape)
    assert not wizard.isVisible()


def test_a_draft_is_saved_half_way_and_reopened_prefilled(  # type: ignore[no-untyped-def]
    qtbot, wizard: CollectionPlanWizard, ui_session: WorkspaceSession
) -> None:
    goal = wizard.currentPage()
    assert isinstance(goal, GoalPage)
    click(qtbot, wizard.button(SAVE_DRAFT))
    assert goal.problems_text() == "Name of the plan: a draft needs a name too (step 1)."
    fill_goal(qtbot, wizard)
    next_page(qtbot, wizard)
    wizard.page_for(2).tick("email_address")  # type: ignore[attr-defined]
    with qtbot.waitSignal(wizard.plan_saved, timeout=10000) as saved:
        qtbot.keyClick(wizard, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # Save as draft
    assert saved.args[0].record["status"] == "draft"
    assert wizard.windowTitle() == "Collection plan PLAN-001"
    assert "Draft saved as PLAN-001" in wizard.currentPage().notice_label.text()
    [row] = list_plan_rows(ui_session.workspace)
    assert (row.status, row.data, row.activity_reference) == ("Draft", 1, None)
    with qtbot.waitSignal(wizard.finished, timeout=5000):  # nothing unsaved: no question
        wizard.reject()

    again = CollectionPlanWizard(ui_session, plan_id=row.id)
    qtbot.addWidget(again, before_close_func=never_ask)
    again.show()
    reopened = again.currentPage()
    assert isinstance(reopened, GoalPage)
    assert reopened.name_edit.text() == "Newsletter sign-up"
    assert reopened.channel_box.currentData() == "newsletter"
    next_page(qtbot, again)
    assert [item["label"] for item in again.page_for(2).items()] == ["E-mail address"]  # type: ignore[attr-defined]
    with qtbot.waitSignal(again.finished, timeout=5000):
        again.reject()


def test_answers_are_saved_to_and_loaded_from_a_file(  # type: ignore[no-untyped-def]
    qtbot, wizard: CollectionPlanWizard, tmp_path: Path
) -> None:
    fill_goal(qtbot, wizard)
    target = tmp_path / "newsletter"
    with qtbot.waitSignal(wizard.answers_file_done, timeout=10000) as done:
        wizard.save_answers_to(target)
    written = tmp_path / "newsletter.json"
    assert done.args == [written]
    assert plan_answers.read_answers(written)["name"] == "Newsletter sign-up"

    demo = json.loads(DEMO_PLANS.read_text(encoding="utf-8"))["plans"][1]
    loyalty = tmp_path / "loyalty.json"
    loyalty.write_text(json.dumps(demo), encoding="utf-8")
    with qtbot.waitSignal(wizard.answers_file_done, timeout=10000):
        wizard.load_answers_from(loyalty)
    goal = wizard.currentPage()
    assert isinstance(goal, GoalPage) and wizard.currentId() == 1  # from the start again
    assert goal.name_edit.text() == demo["answers"]["name"]
    assert "Answers loaded from" in goal.notice_label.text()


def test_a_bad_answers_file_is_explained_and_changes_nothing(  # type: ignore[no-untyped-def]
    qtbot, wizard: CollectionPlanWizard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill_goal(qtbot, wizard)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    bad = tmp_path / "bad.json"
    document: dict[str, Any] = {
        "format": "privacy-workbench/collection-plan",
        "version": 1,
        "answers": {"name": "Other", "channel": "carrier pigeon"},
    }
    bad.write_text(json.dumps(document), encoding="utf-8")
    with qtbot.waitSignal(wizard.answers_file_done, timeout=10000) as done:
        wizard.load_answers_from(bad)
    assert isinstance(done.args[0], Exception)
    assert len(shown) == 1 and shown[0].startswith("Where the data is collected:")
    assert wizard.current_values()["name"] == "Newsletter sign-up"


def test_keyboard_mnemonics_and_tab_order(qtbot, wizard: CollectionPlanWizard) -> None:  # type: ignore[no-untyped-def]
    goal = wizard.currentPage()
    assert isinstance(goal, GoalPage)
    qtbot.keyClick(wizard, Qt.Key.Key_J, Qt.KeyboardModifier.AltModifier)
    assert goal.objective_edit.hasFocus()
    qtbot.keyClick(goal.objective_edit, Qt.Key.Key_Tab)  # Tab leaves a text box
    assert goal.channel_box.hasFocus()
    qtbot.keyClick(wizard, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert goal.name_edit.hasFocus()
    qtbot.keyClick(goal.name_edit, Qt.Key.Key_Tab)
    assert goal.objective_edit.hasFocus()
    labels = [wizard.button(b).text() for b in (SAVE_DRAFT, NEXT)]
    assert all("&" in label for label in labels)
    assert all(isinstance(wizard.button(b), QPushButton) for b in (SAVE_DRAFT, NEXT))


def test_every_page_fits_a_1366_by_768_screen(qtbot, wizard: CollectionPlanWizard) -> None:  # type: ignore[no-untyped-def]
    assert wizard.width() <= 1366 and wizard.height() <= 700
    hint = wizard.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 700
    for page in wizard.pages.values():
        minimum = page.minimumSizeHint()
        assert minimum.width() <= 1300 and minimum.height() <= 520, type(page).__name__


def test_own_data_is_typed_with_its_kind_and_can_be_removed(
    qtbot, wizard: CollectionPlanWizard
) -> None:  # type: ignore[no-untyped-def]
    fill_goal(qtbot, wizard)
    next_page(qtbot, wizard)
    data = wizard.currentPage()
    assert isinstance(data, DataPage)
    next_page(qtbot, wizard)
    assert data.problems_text() == "Data to collect: choose at least one piece of data to collect"
    assert data.catalogue_list.hasFocus()
    type_into(qtbot, data.own_edit, "Allergies")
    data.own_kind.setCurrentIndex(data.own_kind.findData("special"))
    click(qtbot, data.add_own_button)
    type_into(qtbot, data.own_edit, "allergies")
    qtbot.keyClick(data.own_edit, Qt.Key.Key_Return)
    assert data.own_message.text() == "“allergies” is already in your list."
    assert [(i["label"], i["kind"]) for i in data.items()] == [("Allergies", "special")]
    data.tick("phone_number")
    click(qtbot, data.findChild(QPushButton, f"remove_{data.items()[1]['key']}"))
    assert [i["label"] for i in data.items()] == ["Allergies"]
    phone = data.catalogue_list.findItems("Phone number", Qt.MatchFlag.MatchExactly)[0]
    assert phone.checkState() == Qt.CheckState.Unchecked  # the catalogue shows it untaken


def test_special_category_data_brings_up_the_art9_question(
    qtbot, wizard: CollectionPlanWizard
) -> None:  # type: ignore[no-untyped-def]
    fill_goal(qtbot, wizard)
    next_page(qtbot, wizard)
    wizard.page_for(2).tick("health_information")  # type: ignore[attr-defined]
    next_page(qtbot, wizard)
    purposes = wizard.currentPage()
    assert isinstance(purposes, PurposesPage)
    click(qtbot, purposes.add_button)
    qtbot.keyClicks(purposes.editor.text_edit, "Suggest suitable products")
    purposes.editor.type_box.setCurrentIndex(purposes.editor.type_box.findData("support"))
    assert "Contract (Art. 6(1)(b))" in purposes.editor.result_label.text()
    assert not purposes.editor.art9_part.isVisible()
    purposes.grid.setCurrentCell(0, 0)
    qtbot.keyClick(purposes.grid, Qt.Key.Key_Space)
    assert purposes.editor.art9_part.isVisible()  # health data now serves the purpose
    next_page(qtbot, wizard)
    assert "needs an Art. 9 condition besides its legal basis" in purposes.problems_text()
    assert purposes.editor.art9_box.hasFocus()
    purposes.editor.art9_box.setCurrentIndex(purposes.editor.art9_box.findData("9.2.a"))
    next_page(qtbot, wizard)
    assert wizard.currentId() == 4
    assert wizard.values["purposes"][0]["art9_condition"] == "9.2.a"
