"""Data collection plans: every plan in a table, the selected one to read below it; a new plan
or an existing one is worked on in the wizard. Plans travel as answers files, come out as
PDFs (made in the background) and lead to their register entries."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain.collection_plan import PLAN_FIELDS, PlanStatus
from app.domain.fields import clean_values
from app.domain.screening import SCREENING_OUTCOME_LABELS, ScreeningOutcome, screen
from app.i18n import N_, _, ngettext
from app.services.plans import PlanRow
from ui.models.plan_table_model import Column, PlanTableModel
from ui.models.row_table_model import RowSearchProxy
from ui.operations.plan_operations import PLAN, REPORT_MODULE
from ui.operations.session import WorkspaceSession
from ui.tasks import run_task
from ui.views.master_detail_page import MasterDetailPage, placeholder_label
from ui.widgets.record_form import ERROR_COLOUR
from ui.wizards.plan_summary import plan_summary_html
from ui.wizards.plan_values import documents_folder, error_lines, file_name, with_suffix
from ui.wizards.plan_wizard import CollectionPlanWizard

_COLUMN_WIDTHS = {
    Column.REFERENCE: 90,
    Column.STATUS: 90,
    Column.CHANNEL: 170,
    Column.DATA: 140,
    Column.SCREENING: 170,
    Column.REGISTER: 110,
}


class PlansPage(MasterDetailPage):
    page_name = "plans"
    title = N_("Collection plans")
    intro = N_(
        "Plan a collection before it starts: the goal, the data it really needs, why, on which "
        "legal basis, for how long and who sees it. A finished plan adds a draft entry to the "
        "register."
    )
    watches = (PLAN, "processing_activity")

    activity_requested = Signal(int)  # the user asked to open this activity in the register
    export_finished = Signal(object)  # the Path written, or the exception that stopped it
    wizard_opened = Signal(object)  # the CollectionPlanWizard just shown
    dpia_requested = Signal(int)  # a DPIA the user started from a finished plan: open it

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.wizard: CollectionPlanWizard | None = None
        self._exporting = False
        self.model = PlanTableModel(self)
        self.proxy = RowSearchProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = self._new_table(
            "plans_table",
            sort_column=Column.REFERENCE,
            stretch_column=Column.NAME,
            column_widths=_COLUMN_WIDTHS,
        )
        self.table.activated.connect(self._on_table_activated)
        self.table.doubleClicked.connect(self._on_table_activated)
        self.search = self._new_search(
            "plan_search", _("Search reference, name or channel"), self._on_search_changed
        )
        self.count_label = QLabel()
        self.count_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(
            placeholder_label(
                _(
                    "No collection plans yet.\nNew plan… walks you through one in plain "
                    "words, from your goal to the data you really need."
                ),
                framed=True,
            )
        )
        self.new_button = self._button(_("New plan…"), "new_plan", self.new_plan)
        self.new_button.setToolTip(_("Plan a new collection in the wizard (Ctrl+N)"))
        self.from_file_button = self._button(
            _("New from answers file…"), "new_plan_from_file", self._on_from_file_clicked
        )
        self.open_button = self._button(_("Open in wizard"), "open_plan", self.open_selected)
        self.open_button.setToolTip(_("Change the selected plan (Enter or double-click)"))
        self.save_answers_button = self._button(
            _("Save answers…"), "save_plan_answers", self._on_save_answers_clicked
        )
        self.export_button = self._button(_("Export PDF…"), "export_plan", self._on_export_clicked)
        self.register_button = self._button(
            _("Go to register entry"), "go_to_activity", self.go_to_register_entry
        )
        self.delete_button = self._button(_("Delete…"), "delete_plan", self._on_delete_clicked)
        self._report_missing = importlib.util.find_spec(REPORT_MODULE) is None
        if self._report_missing:
            self.export_button.setToolTip(_("The plan document is not available in this version."))
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(180)
        self.progress_bar.hide()
        self.export_label = QLabel()
        self.export_label.setObjectName("export_result")
        self.export_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.from_file_button)
        buttons.addSpacing(14)  # then what is done with the selected plan
        for button in (self.open_button, self.save_answers_button, self.export_button):
            buttons.addWidget(button)
        buttons.addWidget(self.register_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addSpacing(8)
        search_row.addWidget(self.count_label)
        search_row.addSpacing(14)
        search_row.addWidget(self.progress_bar)
        search_row.addWidget(self.export_label)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table_stack)
        splitter.addWidget(self._build_details())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([220, 420])
        splitter.setChildrenCollapsible(False)
        layout = self.build_page_layout(space_below_header=4)
        layout.addLayout(buttons)
        layout.addLayout(search_row)
        layout.addWidget(splitter, 1)

        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self._on_delete_clicked)
        self._update_actions()

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _build_details(self) -> QWidget:
        self.summary = QTextBrowser()
        self.summary.setObjectName("plan_summary")
        self.summary.setOpenLinks(False)
        details = QWidget()
        column = QVBoxLayout(details)
        column.setContentsMargins(0, 10, 0, 0)
        column.addWidget(self.summary)
        self.details_stack = QStackedWidget()
        self.details_stack.addWidget(details)
        self.details_stack.addWidget(placeholder_label(_("Select a plan to read it here.")))
        return self.details_stack

    # -- Ctrl+N: a new plan while the page has the focus ---------------------------------------

    def event(self, event: QEvent) -> bool:
        # The window's Ctrl+N makes a new workspace; on this page it makes a new plan, so the
        # page claims the key before the window's shortcut sees it.
        if event.type() == QEvent.Type.ShortcutOverride and self._is_new_key(event):
            event.accept()
            return True
        if event.type() == QEvent.Type.KeyPress and self._is_new_key(event):
            self.new_plan()
            return True
        return super().event(event)

    @staticmethod
    def _is_new_key(event: QEvent) -> bool:
        return isinstance(event, QKeyEvent) and event.matches(QKeySequence.StandardKey.New)

    # -- the page contract ---------------------------------------------------------------------

    def refresh(self) -> None:
        self.model.set_rows(self._session.plan_rows())
        self._after_rows_changed()

    def _record_at(self, source_row: int) -> PlanRow | None:
        return self.model.row_at(source_row)

    def select(self, plan_id: int) -> None:
        self._selected_id = plan_id
        self.reload()
        if self._proxy_row(plan_id) < 0 and self.search.text():
            self.search.clear()

    def _on_search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._after_rows_changed()

    def _after_rows_changed(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if self.proxy.is_filtered:
            text = ngettext("{shown} of {total} plan", "{shown} of {total} plans", total)
        else:
            text = ngettext("{total} plan", "{total} plans", total)
        self.count_label.setText(text.format(shown=shown, total=total))
        self.table_stack.setCurrentIndex(0 if total else 1)
        self.details_stack.setVisible(total > 0)
        self.search.setEnabled(total > 0 or self.proxy.is_filtered)
        self._keep_selection()

    def _show(self, plan_id: int | None) -> None:
        self._selected_id = plan_id
        self._update_actions()
        row = self.selected()
        if row is None:
            self._show_no_record()
            return
        self.details_stack.setCurrentIndex(0)
        record = self._session.plan(row.id)
        self.summary.setHtml(plan_summary_html(record.values))

    def _update_actions(self) -> None:
        row = self.selected() if self._selected_id is not None else None
        for button in (self.open_button, self.save_answers_button, self.delete_button):
            button.setEnabled(row is not None)
        self.export_button.setEnabled(
            row is not None and not self._exporting and not self._report_missing
        )
        self.register_button.setEnabled(row is not None and bool(row.activity_reference))

    # -- the wizard ------------------------------------------------------------------------------

    def new_plan(self) -> None:
        self.open_wizard()

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_wizard(plan_id=row.id)

    def open_wizard(self, *, plan_id: int | None = None, answers: Any = None) -> None:
        """Show the wizard (window-modal; it writes only when the user saves)."""
        if self.wizard is not None and isValid(self.wizard) and self.wizard.isVisible():
            self.wizard.raise_()
            return
        wizard = CollectionPlanWizard(self._session, self, plan_id=plan_id, answers=answers)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.plan_saved.connect(self._on_wizard_plan_saved)
        self.wizard = wizard
        wizard.open()
        self.wizard_opened.emit(wizard)

    def _on_wizard_plan_saved(self, result: Any) -> None:
        if isValid(self):
            self.select(result.record.id)
            self.offer_dpia(result.record)

    def offer_dpia(self, plan: Any) -> None:
        """A finished plan whose risk answers point to a DPIA offers to start it on its
        register entry (the screening already holds the plan's answers)."""
        activity_id = plan.values.get("activity_id")
        if plan.values.get("status") != PlanStatus.COMPLETE or not activity_id:
            return
        result = screen(plan.values.get("screening") or [])
        if result.outcome not in (ScreeningOutcome.REQUIRED, ScreeningOutcome.LIKELY_REQUIRED):
            return
        answer = QMessageBox.question(
            self,
            _("Start a DPIA?"),
            _(
                "{outcome}: {reasons}\n\nStart the data protection impact assessment of the "
                "plan's register entry now? It must be done before the data is collected."
            ).format(
                outcome=_(SCREENING_OUTCOME_LABELS[result.outcome]),
                reasons=" ".join(result.reasons),
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def created(change: Any) -> None:
            dpia = next(r for r in change.records if r.record_type == "dpia")
            if isValid(self):
                self.dpia_requested.emit(dpia.id)

        self._session.create_dpia([int(activity_id)], on_done=created)

    def _on_table_activated(self, index: QModelIndex) -> None:
        self._show(self._id_at(index.row()))
        self.open_selected()

    # -- answers files ---------------------------------------------------------------------------

    def _on_from_file_clicked(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            _("New plan from an answers file"),
            str(documents_folder()),
            _("Plan answers (*.json);;All files (*)"),
        )
        if chosen:
            self.new_plan_from(Path(chosen))

    def new_plan_from(self, path: Path) -> None:
        """Read an answers file in the background, then open the wizard on its answers (a bad
        file is explained and nothing is created)."""
        session = self._session

        def read(_progress: Any) -> dict[str, Any]:
            return clean_values(PLAN_FIELDS, session.read_plan_answers(path))

        def done(answers: Any) -> None:
            if isValid(self):
                self.open_wizard(answers=answers)

        run_task(read, on_done=done, on_error=self._explain_file_error)

    def _on_save_answers_clicked(self) -> None:
        row = self.selected()
        if row is None:
            return
        suggested = documents_folder() / file_name(f"{row.reference} {row.name}", ".json")
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the plan's answers"), str(suggested), _("Plan answers (*.json)")
        )
        if chosen:
            self.save_answers(row.id, Path(chosen))

    def save_answers(self, plan_id: int, path: Path) -> None:
        values = self._session.plan(plan_id).values
        session = self._session

        def done(written: Any) -> None:
            if isValid(self):
                self._say(_("Answers saved to {path}").format(path=written))

        run_task(
            lambda _progress: session.write_plan_answers(path, values),
            on_done=done,
            on_error=self._explain_file_error,
        )

    def _explain_file_error(self, error: BaseException) -> None:
        if isValid(self):
            QMessageBox.warning(self, _("Answers file"), "\n".join(error_lines(error)))

    # -- the PDF ---------------------------------------------------------------------------------

    def _on_export_clicked(self) -> None:
        row = self.selected()
        if row is None:
            return
        suggested = documents_folder() / file_name(f"{row.reference} {row.name}", ".pdf")
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Export the plan"), str(suggested), _("PDF documents (*.pdf)")
        )
        if chosen:
            self.export_pdf(row.id, Path(chosen))

    def export_pdf(self, plan_id: int, path: Path) -> None:
        """Write the plan's PDF in the background; `export_finished` tells the end."""
        if self._exporting:
            return
        path = with_suffix(path, ".pdf")
        self._exporting = True
        self._update_actions()
        self.progress_bar.setRange(0, 0)  # busy until the report says how far it is
        self.progress_bar.show()
        self._say(_("Making the document…"))
        session = self._session

        def progressed(percent: int, message: str) -> None:
            if isValid(self):
                self.progress_bar.setRange(0, 100)
                self.progress_bar.setValue(percent)
                if message:
                    self._say(message)

        def finished(result: Any) -> None:
            if not isValid(self):
                return
            self._exporting = False
            self.progress_bar.hide()
            self._update_actions()
            if isinstance(result, BaseException):
                reason = result.strerror if isinstance(result, OSError) else result
                self._say(_("The document could not be made: {reason}").format(reason=reason), True)
            else:
                self._say(_("Saved to {path}").format(path=result))
            self.export_finished.emit(result)

        run_task(
            lambda progress: session.export_plan_pdf(plan_id, path, progress),
            on_done=finished,
            on_error=finished,
            on_progress=progressed,
        )

    def _say(self, text: str, error: bool = False) -> None:
        self.export_label.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")
        self.export_label.setText(text)

    # -- register and deletion -------------------------------------------------------------------

    def go_to_register_entry(self) -> None:
        row = self.selected()
        if row is None:
            return
        activity_id = self._session.plan(row.id).values.get("activity_id")
        if activity_id:
            self.activity_requested.emit(int(activity_id))

    def _on_delete_clicked(self) -> None:
        row = self.selected()
        if row is None:
            return
        consequence = _("The deletion is recorded in the history and can be undone (Ctrl+Z).")
        if row.activity_reference:
            consequence = (
                _("Its register entry {reference} stays in the register.").format(
                    reference=row.activity_reference
                )
                + " "
                + consequence
            )
        if self._confirm_deletion(
            _("Delete plan"),
            _("Delete the collection plan {reference} “{name}”?").format(
                reference=row.reference, name=row.name
            ),
            consequence,
            _("Delete"),
        ):
            self._session.delete_record(PLAN, row.id)
