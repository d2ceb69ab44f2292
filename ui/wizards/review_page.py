"""Page 8 of the collection-plan wizard: the whole plan to read over, with each Do and Don't
that applies to it and what is left to do; Finish stores it with its register entry."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QTextBrowser, QWidget

from app.domain.plan_rules import PlanStep
from app.i18n import N_, _
from ui.operations.session import WorkspaceSession
from ui.wizards.plan_page import PlanPage, help_label
from ui.wizards.plan_summary import plan_summary_html


class ReviewPage(PlanPage):
    step = PlanStep.REVIEW
    title_text = N_("Review")
    subtitle_text = N_(
        "Read the plan over. Finish stores it and adds a draft entry for it to your register "
        "of processing activities; you can open and change the plan later."
    )
    scrolls = False

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.summary = QTextBrowser()
        self.summary.setObjectName("plan_summary")
        self.summary.setOpenLinks(False)
        self.content.addWidget(
            help_label(_("Use Back to change an answer: nothing you typed is lost."))
        )
        self.content.addWidget(self.summary, 1)
        self.setFinalPage(True)

    def load(self, values: Mapping[str, Any]) -> None:
        self.summary.setHtml(plan_summary_html(values))
        self.summary.verticalScrollBar().setValue(0)

    def store(self, values: dict[str, Any]) -> None:
        """Nothing to store: the page only shows the plan."""

    def summary_text(self) -> str:
        return self.summary.toPlainText()

    def validatePage(self) -> bool:
        """Finish: check the whole plan, then store it on the write thread; the wizard
        closes once it is stored (or shows why it was not)."""
        wizard = self.plan_wizard()
        if wizard.finished_saving:
            return True
        problems = wizard.all_problems()
        self.show_problems(problems)
        if not problems:
            wizard.save_plan(complete=True)
        return False
