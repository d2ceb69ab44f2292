"""The data collection plan wizard: eight pages in plain language, from the business goal to a
reviewed plan, stored with its draft register entry when the user finishes.

The wizard keeps the answers in memory (`values`) and writes only when asked: Finish stores a
complete plan, "Save as draft" stores it as it stands, so nothing is lost. Writes go through
the workspace session, on its write thread. The answers can also be saved to and loaded from
a JSON file (`plan_answers`), so a consultant can reuse a plan for another client.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget, QWizard
from shiboken6 import isValid

from app.domain.collection_plan import PLAN_FIELDS, PlanStatus
from app.domain.fields import clean_values
from app.domain.plan_rules import plan_problems
from app.errors import ValidationError
from app.i18n import _
from ui.operations.plan_operations import wizard_answers
from ui.operations.session import WorkspaceSession
from ui.tasks import run_task
from ui.wizards.data_page import DataPage
from ui.wizards.goal_page import GoalPage
from ui.wizards.minimisation_page import MinimisationPage
from ui.wizards.plan_page import PlanPage
from ui.wizards.plan_values import (
    BLANK,
    comparable,
    documents_folder,
    error_lines,
    file_name,
    with_suffix,
)
from ui.wizards.purposes_page import PurposesPage
from ui.wizards.review_page import ReviewPage
from ui.wizards.risks_page import RisksPage
from ui.wizards.security_page import SecurityPage
from ui.wizards.sharing_page import SharingPage

PAGE_CLASSES: tuple[type[PlanPage], ...] = (
    GoalPage,
    DataPage,
    PurposesPage,
    MinimisationPage,
    SharingPage,
    SecurityPage,
    RisksPage,
    ReviewPage,
)
SAVE_DRAFT = QWizard.WizardButton.CustomButton1
SAVE_ANSWERS = QWizard.WizardButton.CustomButton2
LOAD_ANSWERS = QWizard.WizardButton.CustomButton3


class CollectionPlanWizard(QWizard):
    plan_saved = Signal(object)  # ChangeResult: a draft or the finished plan is stored
    answers_file_done = Signal(object)  # the Path saved or loaded, or the error that stopped it

    def __init__(
        self,
        session: WorkspaceSession,
        parent: QWidget | None = None,
        *,
        plan_id: int | None = None,
        answers: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("collection_plan_wizard")
        self._session = session
        self.plan_id = plan_id
        self.reference = ""
        self.was_complete = False  # opened on a complete plan: its screening was answered
        self.finished_saving = False
        self._saving = False
        self._restarting = False
        organisations = session.organisations()
        blank = {**copy.deepcopy(BLANK)}
        if organisations:
            blank["organisation_id"] = organisations[0].id
        self.values: dict[str, Any] = copy.deepcopy(blank)
        self._stored: dict[str, Any] = copy.deepcopy(blank)  # what is in the workspace
        if plan_id is not None:
            record = session.plan(plan_id)
            self.reference = str(record["reference"])
            self.was_complete = record["status"] == PlanStatus.COMPLETE
            self.values = {
                name: copy.deepcopy(record.values.get(name)) for name in (*BLANK, "organisation_id")
            }
            self.values.update(
                {name: value for name, value in BLANK.items() if self.values.get(name) is None}
            )
            self._stored = copy.deepcopy(self.values)
        elif answers is not None:
            self.values.update(copy.deepcopy(dict(answers)))

        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setOption(QWizard.WizardOption.HaveCustomButton2, True)
        self.setOption(QWizard.WizardOption.HaveCustomButton3, True)
        self.setButtonText(SAVE_DRAFT, _("Save as &draft"))
        self.setButtonText(SAVE_ANSWERS, _("Save ans&wers…"))
        self.setButtonText(LOAD_ANSWERS, _("L&oad answers…"))
        self.button(SAVE_DRAFT).setToolTip(
            _("Store the plan as it stands, unchecked, to finish it later")
        )
        self.button(SAVE_ANSWERS).setToolTip(
            _("Write the answers to a file, to reuse them for another plan or client")
        )
        self.button(LOAD_ANSWERS).setToolTip(_("Replace the answers with those of a file"))
        self.setButtonLayout(
            [
                SAVE_ANSWERS,
                LOAD_ANSWERS,
                QWizard.WizardButton.Stretch,
                SAVE_DRAFT,
                QWizard.WizardButton.BackButton,
                QWizard.WizardButton.NextButton,
                QWizard.WizardButton.FinishButton,
                QWizard.WizardButton.CancelButton,
            ]
        )
        self.customButtonClicked.connect(self._on_custom_button_clicked)
        self.pages: dict[int, PlanPage] = {}
        for page_class in PAGE_CLASSES:
            page = page_class(session)
            self.pages[int(page_class.step)] = page
            self.setPage(int(page_class.step), page)
        self._last_id = -1
        self.currentIdChanged.connect(self._on_current_id_changed)
        self._update_title()
        self.resize(1080, 680)

    # -- answers ---------------------------------------------------------------------------------

    def page_for(self, step: int) -> PlanPage:
        return self.pages[int(step)]

    def current_plan_page(self) -> PlanPage | None:
        page = self.currentPage()
        return page if isinstance(page, PlanPage) else None

    def keep_answers_of(self, page: PlanPage) -> None:
        """Put what a page shows into the answers (Back, a draft, a file, Cancel)."""
        if not self._restarting:
            page.store(self.values)

    def current_values(self) -> dict[str, Any]:
        """The answers with what the current page shows, checked or not."""
        page = self.current_plan_page()
        if page is not None:
            self.keep_answers_of(page)
        return copy.deepcopy(self.values)

    def has_unsaved_answers(self) -> bool:
        return comparable(self.current_values()) != comparable(self._stored)

    def all_problems(self) -> list[str]:
        """What stops the plan from being complete: each field's own rules, then every page's."""
        values = self.current_values()
        try:
            clean_values(PLAN_FIELDS, wizard_answers(values))
        except ValidationError as error:
            return error_lines(error)
        return [str(problem) for problem in plan_problems(values)]

    def replace_answers(self, answers: Mapping[str, Any]) -> None:
        """Start again from page 1 with these answers (the plan being edited stays the same)."""
        organisation = self.values.get("organisation_id")
        self.values = {**copy.deepcopy(BLANK), **copy.deepcopy(dict(answers))}
        if organisation is not None and "organisation_id" not in answers:
            self.values["organisation_id"] = organisation
        self._restarting = True
        try:
            self.restart()
        finally:
            self._restarting = False

    # -- storing ---------------------------------------------------------------------------------

    def save_plan(self, *, complete: bool) -> None:
        """Store the answers: complete (Finish, after the checks) or as a draft."""
        if self._saving:
            return
        page = self.current_plan_page()
        values = self.current_values()
        if not complete:
            problems = self._draft_problems(values)
            if problems:
                if page is not None:
                    page.show_problems(problems)
                return
        self._saving = True
        self._set_busy(True)

        def done(result: Any) -> None:
            if not isValid(self):
                return
            self._saving = False
            self._set_busy(False)
            self.plan_id = result.record.id
            self.reference = str(result.record["reference"])
            self._stored = values
            self.plan_saved.emit(result)
            if complete:
                self.finished_saving = True
                self.accept()
                return
            self._update_title()
            time = QTime.currentTime().toString("HH:mm")
            self._notify(
                _(
                    "Draft saved as {reference} at {time}. You can close the wizard and come back."
                ).format(reference=self.reference, time=time)
            )

        def failed(error: BaseException) -> None:
            if not isValid(self):
                return
            self._saving = False
            self._set_busy(False)
            current = self.current_plan_page()
            if current is not None:
                current.show_problems(error_lines(error))

        self._session.save_plan(
            values, plan_id=self.plan_id, complete=complete, on_done=done, on_error=failed
        )

    def _draft_problems(self, values: Mapping[str, Any]) -> list[str]:
        if not str(values.get("name") or "").strip():
            return [_("Name of the plan: a draft needs a name too (step 1).")]
        try:
            clean_values(PLAN_FIELDS, wizard_answers(values))
        except ValidationError as error:
            return error_lines(error)
        return []

    def _set_busy(self, busy: bool) -> None:
        for button in (SAVE_DRAFT, QWizard.WizardButton.FinishButton, LOAD_ANSWERS):
            self.button(button).setEnabled(not busy)

    def _notify(self, text: str) -> None:
        for page in self.pages.values():
            page.show_notice(text)

    def _update_title(self) -> None:
        if self.reference:
            self.setWindowTitle(_("Collection plan {reference}").format(reference=self.reference))
        else:
            self.setWindowTitle(_("New collection plan"))

    # -- answers files ---------------------------------------------------------------------------

    def suggested_answers_path(self) -> Path:
        return documents_folder() / file_name(str(self.values.get("name") or ""), ".json")

    def save_answers_to(self, path: Path) -> None:
        """Write the answers to `path` in the background; `answers_file_done` tells the end."""
        path = with_suffix(path, ".json")
        values = self.current_values()
        session = self._session

        def done(written: Any) -> None:
            if isValid(self):
                self._notify(_("Answers saved to {path}").format(path=written))
                self.answers_file_done.emit(written)

        run_task(
            lambda _progress: session.write_plan_answers(path, values),
            on_done=done,
            on_error=self._on_answers_file_failed,
        )

    def load_answers_from(self, path: Path) -> None:
        """Read an answers file in the background and start again from page 1 with its
        answers; a bad file is explained and changes nothing."""
        session = self._session

        def read(_progress: Any) -> dict[str, Any]:
            answers = session.read_plan_answers(path)
            return clean_values(PLAN_FIELDS, answers)  # each value checked, named by field

        def done(answers: Any) -> None:
            if not isValid(self):
                return
            self.replace_answers(answers)
            self._notify(_("Answers loaded from {path}").format(path=path))
            self.answers_file_done.emit(path)

        run_task(read, on_done=done, on_error=self._on_answers_file_failed)

    def _on_answers_file_failed(self, error: BaseException) -> None:
        if not isValid(self):
            return
        QMessageBox.warning(self, _("Answers file"), "\n".join(error_lines(error)))
        self.answers_file_done.emit(error)

    def _on_custom_button_clicked(self, which: Any) -> None:
        which = QWizard.WizardButton(getattr(which, "value", which))
        if which == SAVE_DRAFT:
            self.save_plan(complete=False)
        elif which == SAVE_ANSWERS:
            chosen, _filter = QFileDialog.getSaveFileName(
                self,
                _("Save the plan's answers"),
                str(self.suggested_answers_path()),
                _("Plan answers (*.json)"),
            )
            if chosen:
                self.save_answers_to(Path(chosen))
        elif which == LOAD_ANSWERS:
            if self.has_unsaved_answers() and not self._confirm(
                _("Replace your answers?"),
                _("The answers in the file replace those you typed here."),
                _("Replace"),
            ):
                return
            chosen, _filter = QFileDialog.getOpenFileName(
                self,
                _("Load a plan's answers"),
                str(self.suggested_answers_path().parent),
                _("Plan answers (*.json);;All files (*)"),
            )
            if chosen:
                self.load_answers_from(Path(chosen))

    # -- navigation and leaving ----------------------------------------------------------------

    def _on_current_id_changed(self, page_id: int) -> None:
        page = self.pages.get(page_id)
        if page is not None and page_id < self._last_id:
            # Back: later pages may have changed what this one shows (data removed on the
            # minimisation page, say).
            page.show_problems([])
            page.load(self.values)
        self._last_id = page_id

    def reject(self) -> None:
        """Cancel, Esc or closing the window: ask first when answers would be lost."""
        if self._saving:
            return
        if self.has_unsaved_answers() and not self._confirm(
            _("Discard your answers?"),
            _(
                "What you typed since it was last saved is lost. Save as draft keeps it "
                "without checking it."
            ),
            _("Discard"),
        ):
            return
        super().reject()

    def _confirm(self, title: str, text: str, verb: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, title, parent=self)
        box.setInformativeText(text)
        act = box.addButton(verb, QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is act
