"""Risk analysis: the DPIAs in a table, and the selected one in tabs, in the order the work is
done: what is assessed, the context and principles (answers beside the register's facts), the
risks and their measures, the risk map, the review, the validation and decision, the frozen
versions.

Every finished edit is stored at once through the session (Ctrl+Z undoes it); the page keeps
the edits on their way to storage so a reload in between never drops one. Editing a decided
DPIA starts its next version as a draft (the service does it in the same change).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain.dpia import DECISIONS, DPIA_STATUS_LABELS, DpiaStatus
from app.domain.dpia_questions import PARTS
from app.errors import UserError
from app.i18n import N_, _
from app.services.changes import RecordData
from app.services.dpia import high_residual_risks
from app.services.dpia_register import merged_facts
from ui.models.row_table_model import RowSearchProxy
from ui.operations.dpia_operations import DPIA, LIA, TIA
from ui.operations.session import WorkspaceSession
from ui.tasks import run_task
from ui.views.master_detail_page import MasterDetailPage, placeholder_label
from ui.widgets.dpia_exports import DpiaExports
from ui.widgets.dpia_general import DpiaGeneralTab
from ui.widgets.dpia_measures import DpiaMeasuresTab
from ui.widgets.dpia_questions import DpiaQuestionsTab
from ui.widgets.dpia_review import DpiaReviewTab
from ui.widgets.dpia_risk_map import DpiaRiskMap
from ui.widgets.dpia_risks import DpiaRisksTab
from ui.widgets.dpia_table import Column, DpiaTableModel
from ui.widgets.dpia_validation import DpiaValidationTab
from ui.widgets.dpia_versions import DpiaVersionsTab, show_differences

_COLUMN_WIDTHS = {
    Column.REFERENCE: 90,
    Column.STATUS: 150,
    Column.ACTIVITIES: 150,
    Column.RESIDUAL: 110,
    Column.PLANNED: 120,
    Column.VERSIONS: 70,
}


class DpiaPage(MasterDetailPage):
    page_name = "dpia"
    title = N_("Risk analysis")
    intro = N_(
        "Data protection impact assessments (Art. 35): the context and principles beside the "
        "register's facts, the risks before and after the measures, the review and the decision."
    )
    watches = (DPIA, "dpia_version", "processing_activity", "organisation", "person", LIA, TIA)

    activity_requested = Signal(int)  # the main window opens it in the register
    dpia_shown = Signal(int)

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._record: RecordData | None = None
        self._values: dict[str, Any] = {}
        self._pending: dict[str, Any] = {}  # edits sent, not yet seen in a record read back

        self.model = DpiaTableModel(self)
        self.proxy = RowSearchProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = self._new_table(
            "dpia_table",
            sort_column=Column.REFERENCE,
            stretch_column=Column.TITLE,
            column_widths=_COLUMN_WIDTHS,
        )
        self.search = self._new_search("dpia_search", _("Search DPIAs"), self.proxy.set_search)
        self.new_button = QPushButton(_("New DPIA…"))
        self.new_button.setObjectName("new_dpia")
        self.new_button.setToolTip(_("Assess a processing activity of the register"))
        self.new_button.clicked.connect(self._on_new_clicked)
        self.exports = DpiaExports(session, self._current_dpia, self)
        self.exports.imported.connect(self._on_exports_imported)
        toolbar = QHBoxLayout()
        toolbar.addWidget(self.new_button)
        toolbar.addSpacing(12)
        toolbar.addWidget(self.search, 1)
        toolbar.addSpacing(12)
        toolbar.addWidget(self.exports.progress_bar)
        toolbar.addWidget(self.exports.import_button)
        toolbar.addWidget(self.exports.export_button)
        self.exports.status_label.setWordWrap(True)

        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(
            placeholder_label(
                _(
                    "No DPIA yet. Screen an activity from the register (Screen for DPIA…), "
                    "or start one here with New DPIA…"
                ),
                framed=True,
            )
        )
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("dpia_splitter")
        splitter.addWidget(self.table_stack)
        # The tabs (some hundred widgets) are built when the first DPIA is shown, not when
        # the workspace opens: opening stays quick for those who never come here.
        self._details: QWidget | None = None
        self.details_stack = QStackedWidget()
        self.details_stack.addWidget(placeholder_label(_("Select a DPIA to work on it.")))
        splitter.addWidget(self.details_stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([130, 560])
        splitter.setChildrenCollapsible(False)
        layout = self.build_page_layout(space_below_header=4)
        layout.addLayout(toolbar)
        layout.addWidget(self.exports.status_label)
        layout.addWidget(splitter, 1)

    def _build_details(self) -> QWidget:
        self.heading = QLabel()
        self.heading.setObjectName("dpia_heading")
        self.heading.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner = QLabel()
        self.banner.setObjectName("dpia_banner")
        self.banner.setWordWrap(True)
        self.banner.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.general = DpiaGeneralTab(self._session)
        self.general.fields_edited.connect(self._store)
        self.general.activity_requested.connect(self.activity_requested)
        self.general.assessment_requested.connect(self._on_general_assessment_requested)
        self.parts = {part.key: DpiaQuestionsTab(part) for part in PARTS}
        for tab in self.parts.values():
            tab.answer_edited.connect(self._on_answer_edited)
        self.risks = DpiaRisksTab()
        self.risks.risks_edited.connect(lambda risks: self._store({"risks": risks}))
        self.measures = DpiaMeasuresTab()
        self.measures.measures_edited.connect(lambda items: self._store({"measures": items}))
        self.measures.measure_removed.connect(self._on_measure_removed)
        self.risk_map = DpiaRiskMap(self._session)
        self.review = DpiaReviewTab()
        self.review.reviews_edited.connect(lambda reviews: self._store({"reviews": reviews}))
        self.validation = DpiaValidationTab(self._session, self._shown)
        self.validation.fields_edited.connect(self._store)
        self.versions = DpiaVersionsTab()
        self.versions.compare_requested.connect(self._on_versions_compare_requested)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("dpia_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.addTab(self.general, _("General"))
        for part in PARTS:
            self.tabs.addTab(self.parts[part.key], _(part.title))
        for widget, title in (
            (self.risks, N_("Risks")),
            (self.measures, N_("Measures")),
            (self.risk_map, N_("Risk map")),
            (self.review, N_("Review")),
            (self.validation, N_("Validation")),
            (self.versions, N_("Versions")),
        ):
            self.tabs.addTab(widget, _(title))
        details = QWidget()
        column = QVBoxLayout(details)
        column.setContentsMargins(0, 8, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.heading)
        column.addWidget(self.banner)
        column.addWidget(self.tabs, 1)
        self.details_stack.addWidget(details)
        return details

    # -- the page contract ---------------------------------------------------------------------

    def refresh(self) -> None:
        self.model.set_rows(self._session.dpia_rows())
        self.table_stack.setCurrentIndex(0 if self.model.rowCount() else 1)
        self._keep_selection()

    def show_record(self, dpia_id: int) -> None:
        """Show a DPIA another page points at (the dashboard's findings and actions)."""
        self.open_dpia(dpia_id)

    def open_dpia(self, dpia_id: int) -> None:
        """Select a DPIA (clearing the search that hides it) and show it."""
        self.refresh()
        if self._proxy_row(dpia_id) < 0:
            self.search.clear()
        self._select_proxy_row(self._proxy_row(dpia_id))
        if self._details is not None:
            self.tabs.setCurrentWidget(self.general)

    def values(self) -> dict[str, Any]:
        """The DPIA as the page shows it: stored values and edits on their way."""
        return dict(self._values)

    # -- master/detail -------------------------------------------------------------------------

    def _record_at(self, source_row: int) -> Any:
        return self.model.dpia_at(source_row)

    def _shown(self) -> tuple[int, dict[str, Any]] | None:
        return (self._record.id, self._values) if self._record is not None else None

    def _current_dpia(self) -> tuple[int, str] | None:
        if self._record is None:
            return None
        return self._record.id, str(self._record.values.get("reference") or "")

    def _show(self, key: Any) -> None:
        self._selected_id = key
        record = None
        if key is not None:
            try:
                record = self._session.dpia(key)
            except UserError:  # deleted meanwhile
                record = None
        if record is not None and self._details is None:
            self._details = self._build_details()
        if self._details is not None and (
            record is None or (self._record is not None and record.id != self._record.id)
        ):
            self._pending.clear()
            self.validation.clear_message()
            for area in self.tabs.findChildren(QScrollArea):  # another DPIA starts at the top
                area.verticalScrollBar().setValue(0)
        self._record = record
        self.exports.set_enabled(record is not None)
        if record is None or self._details is None:
            self.details_stack.setCurrentIndex(0)
            return
        values = dict(record.values)
        for name, value in list(self._pending.items()):
            if values.get(name) == value:
                del self._pending[name]
            else:
                values[name] = value  # still on its way: the user's edit wins
        self._values = values
        self.details_stack.setCurrentWidget(self._details)
        self._show_values()
        self.dpia_shown.emit(record.id)

    def _show_values(self) -> None:
        assert self._record is not None
        values = self._values
        record = RecordData(self._record.record_type, self._record.id, self._record.version, values)
        activity_facts = self._session.dpia_register_facts(values.get("activity_ids") or [])
        facts = merged_facts(activity_facts)
        self.heading.setText(f"{values.get('reference')} · {values.get('title')}")
        self._show_banner()
        self.general.show_dpia(record, activity_facts)
        for tab in self.parts.values():
            tab.show_dpia(values, facts)
        self.risks.show_dpia(values)
        self.measures.show_dpia(values)
        self.risk_map.show_dpia(values)
        self.review.show_dpia(values, str(values.get("reviewer") or self._session.actor))
        self.validation.show_dpia(values, high_residual_risks(values), self._session.actor)
        self.versions.show_versions(self._session.dpia_versions(self._record.id))

    def _show_banner(self) -> None:
        status = DpiaStatus(self._values.get("status") or DpiaStatus.DRAFT)
        text = _("Status: {status}.").format(status=_(DPIA_STATUS_LABELS[status]))
        if status in DECISIONS:
            text += " " + _(
                "The decided version is frozen; editing anything starts the next version as "
                "a draft."
            )
        self.banner.setText(text)

    # -- storing -------------------------------------------------------------------------------

    def _store(self, changes: dict[str, Any]) -> None:
        if self._record is None or not changes:
            return
        self._values.update(changes)
        self._pending.update(changes)
        dpia_id = self._record.id

        def failed(_error: BaseException) -> None:
            # The window explains the error; the page goes back to what is stored.
            if isValid(self):
                self._pending.clear()
                if self._record is not None and self._record.id == dpia_id:
                    self._show(dpia_id)

        self._session.update_record(DPIA, dpia_id, changes, on_error=failed)
        if {"risks", "measures", "matrix"} & changes.keys():
            self.risks.show_dpia(self._values)
            self.risk_map.show_dpia(self._values)
            self.validation.show_dpia(
                self._values, high_residual_risks(self._values), self._session.actor
            )

    def _on_answer_edited(self, question: int, text: str) -> None:
        answers = [dict(a) for a in self._values.get("answers") or []]
        entry = next((a for a in answers if a.get("question") == question), None)
        if entry is None:
            answers.append({"question": question, "text": text})
        else:
            entry["text"] = text
        answers = [a for a in answers if a.get("text")]
        self._store({"answers": sorted(answers, key=lambda a: int(a["question"]))})

    def _on_measure_removed(self, key: str) -> None:
        measures = [m for m in self._values.get("measures") or [] if m.get("key") != key]
        risks = [
            {**r, "measure_keys": [k for k in r.get("measure_keys") or [] if k != key]}
            for r in self._values.get("risks") or []
        ]
        self._store({"measures": measures, "risks": risks})

    # -- other actions -------------------------------------------------------------------------

    def _on_new_clicked(self) -> None:
        rows = self._session.activity_rows()
        if not rows:
            self.exports.status_label.setText(
                _("Add the processing activity to the register first.")
            )
            self.exports.status_label.show()
            return
        labels = [f"{row.reference} · {row.name}" for row in rows]
        chosen, ok = QInputDialog.getItem(
            self, _("New DPIA"), _("Processing activity to assess:"), labels, 0, False
        )
        if ok and chosen in labels:
            self.create_dpia([rows[labels.index(chosen)].id])

    def create_dpia(self, activity_ids: list[int]) -> None:
        def done(result: Any) -> None:
            if isValid(self):
                self.open_dpia(result.record.id)

        self._session.create_dpia(activity_ids, on_done=done)

    def _on_exports_imported(self, result: Any) -> None:
        record = getattr(result, "records", None)
        if record:
            dpia = next((r for r in record if r.record_type == DPIA), None)
            if dpia is not None:
                self.open_dpia(dpia.id)

    def _on_general_assessment_requested(self, kind: str, activity_id: int) -> None:
        if kind == LIA:
            from ui.dialogs.lia_dialog import LiaDialog

            dialog: Any = LiaDialog(self._session, activity_id, self)
        else:
            from ui.dialogs.tia_dialog import TiaDialog

            dialog = TiaDialog(self._session, activity_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _on_versions_compare_requested(self, older: int, newer: int | None) -> None:
        if self._record is None:
            return
        dpia_id = self._record.id
        session = self._session
        title = (
            _("Version {older} and the DPIA now").format(older=older)
            if newer is None
            else _("Version {older} and version {newer}").format(older=older, newer=newer)
        )

        def work(_progress: Any) -> list[Any]:
            return session.compare_dpia_versions(dpia_id, older, newer)

        def done(differences: Any) -> None:
            if isValid(self):
                self.differences_dialog = show_differences(self, title, differences)

        def failed(error: BaseException) -> None:
            if isValid(self):
                self.exports.status_label.setText(str(error))
                self.exports.status_label.show()

        run_task(work, on_done=done, on_error=failed)
