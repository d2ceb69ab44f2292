"""Page 7 of the collection-plan wizard: a first DPIA screening, the nine WP248 criteria asked
in plain words. The outcome and its reasons follow each answer; when two or more criteria
apply, the decision about a DPIA must be written down."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.domain.plan_rules import PlanStep
from app.domain.register_items import DataKind
from app.domain.screening import (
    SCREENING_OUTCOME_LABELS,
    WP248_LABELS,
    WP248_QUESTIONS,
    ScreeningOutcome,
    Wp248Criterion,
    screen,
)
from app.i18n import N_, _, ngettext
from ui.operations.session import WorkspaceSession
from ui.wizards.plan_page import PlanPage, field_help, heading_label, help_label, text_box
from ui.wizards.yes_no_question import YesNoQuestion

OUTCOME_COLOURS = {
    ScreeningOutcome.REQUIRED: "#c62828",
    ScreeningOutcome.LIKELY_REQUIRED: "#c62828",
    ScreeningOutcome.CONSIDER: "#b26a00",
    ScreeningOutcome.NOT_LIKELY: "#2e7d32",
}


class RisksPage(PlanPage):
    step = PlanStep.RISKS
    title_text = N_("Risks")
    subtitle_text = N_(
        "A first check of whether this collection needs a data protection impact assessment "
        "(DPIA, Art. 35): the nine criteria of the European guidelines, in plain questions."
    )
    owned_fields = ("screening", "screening_notes")

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.questions = {
            criterion: YesNoQuestion(
                _(WP248_QUESTIONS[criterion]), f"wp248_{criterion.value}", title=_(label)
            )
            for criterion, label in WP248_LABELS.items()
        }
        for question in self.questions.values():
            question.answered.connect(self._on_question_answered)
        self.outcome_label = QLabel()
        self.outcome_label.setObjectName("screening_outcome")
        self.reasons_label = QLabel()
        self.reasons_label.setObjectName("screening_reasons")
        self.reasons_label.setWordWrap(True)
        self.notes_edit = text_box(
            "screening_notes",
            _("e.g. We will carry out a DPIA before the launch, or: why one is not needed"),
            64,
        )
        self.notes_heading = heading_label(
            _("&Your decision about a DPIA (required now)"), self.notes_edit
        )
        self.notes_help = help_label(field_help("screening_notes"))

        add = self.content.addWidget
        add(
            help_label(
                _(
                    "Answer each question for the whole collection. Not sure? Answer Yes: "
                    "it only means the risks deserve a closer look."
                )
            )
        )
        for question in self.questions.values():
            add(question)
        result = QFrame()
        result.setFrameShape(QFrame.Shape.StyledPanel)
        result_column = QVBoxLayout(result)
        result_column.setContentsMargins(10, 8, 10, 8)
        result_column.addWidget(self.outcome_label)
        result_column.addWidget(self.reasons_label)
        result_column.addWidget(
            help_label(
                _(
                    "Your answers become the register entry's DPIA screening. When a DPIA is "
                    "likely needed, finishing the plan offers to start it on the Risk analysis "
                    "page. Record your decision below."
                )
            )
        )
        add(result)
        add(self.notes_heading)
        add(self.notes_help)
        add(self.notes_edit)
        self.content.addStretch(1)
        self._update_outcome()

    def criteria(self) -> list[str]:
        return [c.value for c, question in self.questions.items() if question.answer()]

    def answer(self, criterion: Wp248Criterion, yes: bool) -> None:
        """Answer a question as a click on Yes or No does."""
        question = self.questions[criterion]
        (question.yes if yes else question.no).click()

    def _on_question_answered(self, _answer: object) -> None:
        self._update_outcome()

    def _update_outcome(self) -> None:
        result = screen(self.criteria())
        unanswered = sum(q.answer() is None for q in self.questions.values())
        if unanswered and not result.criteria:
            colour, outcome = "#444", html.escape(_("Answer the questions to see the result"))
            reasons: list[str] = []
        else:
            colour = OUTCOME_COLOURS[result.outcome]
            outcome = html.escape(_(SCREENING_OUTCOME_LABELS[result.outcome]))
            reasons = list(result.reasons)
        if unanswered:
            reasons.append(
                ngettext(
                    "{count} question is not answered yet.",
                    "{count} questions are not answered yet.",
                    unanswered,
                ).format(count=unanswered)
            )
        self.outcome_label.setText(
            f"<span style='font-size: 12pt; font-weight: 600; color: {colour};'>{outcome}</span>"
        )
        self.outcome_label.setTextFormat(Qt.TextFormat.RichText)
        self.reasons_label.setText("\n".join(reasons))
        required = result.needs_justification
        self.notes_heading.setText(
            _("&Your decision about a DPIA (required now)")
            if required
            else _("&Your decision about a DPIA (optional)")
        )

    # -- load and store ------------------------------------------------------------------------

    def load(self, values: Mapping[str, Any]) -> None:
        chosen = set(values.get("screening") or [])
        answered = (
            bool(chosen) or bool(values.get("screening_notes")) or self.plan_wizard().was_complete
        )
        for criterion, question in self.questions.items():
            if criterion.value in chosen:
                question.set_answer(True)
            else:  # a plan saved before shows No where nothing was ticked
                question.set_answer(False if answered or question.answer() is False else None)
        sensitive = self.questions[Wp248Criterion.SENSITIVE]
        kinds = {
            item.get("kind")
            for item in values.get("data") or []
            if item.get("decision", "keep") == "keep"
        }
        if sensitive.answer() is None and kinds & {DataKind.SPECIAL, DataKind.CRIMINAL}:
            sensitive.set_answer(True)  # the plan's own data says so
        self.notes_edit.setPlainText(str(values.get("screening_notes") or ""))
        self._update_outcome()

    def store(self, values: dict[str, Any]) -> None:
        values["screening"] = self.criteria()
        values["screening_notes"] = self.notes_edit.toPlainText().strip()

    def problems(self, values: Mapping[str, Any]) -> list[tuple[str, str]]:
        found = super().problems(values)
        unanswered = [
            _(WP248_LABELS[criterion])
            for criterion, question in self.questions.items()
            if question.answer() is None
        ]
        if unanswered:
            found.insert(
                0,
                (
                    "screening",
                    _("Risk criteria that apply: answer Yes or No for: {names}").format(
                        names=", ".join(unanswered)
                    ),
                ),
            )
        return found

    def focus_problem(self, field: str) -> None:
        if field == "screening":
            first = next((q for q in self.questions.values() if q.answer() is None), None)
            if first is not None:
                self.scroll_area.ensureWidgetVisible(first)
                first.setFocus()
            return
        self.scroll_area.ensureWidgetVisible(self.notes_edit)
        self.notes_edit.setFocus()
