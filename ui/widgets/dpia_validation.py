"""Validation of a DPIA: the DPO's advice (Art. 35(2)), the views of the people concerned or why
they were not sought (Art. 35(9)), and the decision: approve, approve with conditions, refuse,
or consult the supervisory authority first because a high risk remains (Art. 36)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain.dpia import (
    DECISIONS,
    DPIA_STATUS_LABELS,
    OPINION_LABELS,
    DpiaStatus,
    Opinion,
    check_dpia,
)
from app.i18n import N_, _
from ui.operations.session import WorkspaceSession
from ui.widgets.dpia_questions import section_box, show_text
from ui.widgets.record_form import ERROR_COLOUR
from ui.widgets.rich_text_editor import RichTextEditor

_DECISION_BUTTONS = {
    DpiaStatus.APPROVED: (N_("Approve"), N_("The processing can go ahead as assessed")),
    DpiaStatus.APPROVED_WITH_CONDITIONS: (
        N_("Approve with conditions"),
        N_("It can go ahead once the conditions written above are met"),
    ),
    DpiaStatus.REFUSED: (N_("Refuse"), N_("It must not go ahead; say why above")),
    DpiaStatus.PRIOR_CONSULTATION: (
        N_("Consult the authority"),
        N_("A high risk remains: the supervisory authority must be consulted first (Art. 36)"),
    ),
}
_OK_COLOUR = "#2e7d32"


def _section(title: str) -> tuple[QGroupBox, QFormLayout]:
    box, content = section_box(title)
    form = QFormLayout(content)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setVerticalSpacing(10)
    return box, form


class DpiaValidationTab(QScrollArea):
    """Validation and decision; `shown()` gives the DPIA's id and values as the page holds
    them (edits on their way included), which the decision is checked against."""

    fields_edited = Signal(dict)  # {field: value}
    decision_recorded = Signal(object)  # the ChangeResult: decision and frozen version

    def __init__(
        self,
        session: WorkspaceSession,
        shown: Callable[[], tuple[int, dict[str, Any]] | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._shown = shown
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._lines: dict[str, QLineEdit] = {}
        self._rich: dict[str, RichTextEditor] = {}
        self._boxes: dict[str, QComboBox] = {}
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 8, 16, 16)
        column.setSpacing(12)

        dpo, form = _section(_("Advice of the data protection officer (Art. 35(2))"))
        form.addRow(_("Data protection officer"), self._line("dpo_names"))
        form.addRow(_("Their advice"), self._rich_text("dpo_opinion"))
        form.addRow(_("Their conclusion"), self._opinion("dpo_status"))
        column.addWidget(dpo)

        people, form = _section(_("Views of the people concerned (Art. 35(9))"))
        self.sought = QCheckBox(_("Their views were sought"))
        self.sought.setObjectName("people_views_sought")
        self.sought.toggled.connect(self._on_sought_toggled)
        form.addRow("", self.sought)
        self.people_rows = [
            (_("Whose views"), self._line("people_names")),
            (_("Their views"), self._rich_text("people_views")),
            (_("Their conclusion"), self._opinion("people_views_status")),
        ]
        self.reason_row = (
            _("Why they were not sought"),
            self._rich_text("people_not_sought_reason"),
        )
        self._people_form = form
        for label, widget in [*self.people_rows, self.reason_row]:
            form.addRow(label, widget)
        column.addWidget(people)

        decision, form = _section(_("Decision"))
        self.status_label = QLabel()
        self.status_label.setObjectName("dpia_status")
        self.status_label.setStyleSheet("font-weight: 600;")
        self.status_label.setWordWrap(True)
        form.addRow(_("Status"), self.status_label)
        self.warning = QLabel()
        self.warning.setObjectName("residual_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {ERROR_COLOUR};")
        form.addRow("", self.warning)
        self.decided_by = QLineEdit()
        self.decided_by.setObjectName("decided_by")
        self.decided_by.setPlaceholderText(_("Name and role of who decides"))
        form.addRow(_("Decided by"), self.decided_by)
        form.addRow(_("Conditions of the approval"), self._rich_text("decision_conditions"))
        form.addRow(_("Why it is refused"), self._rich_text("rejection_reason"))
        buttons = QHBoxLayout()
        self.decision_buttons: dict[DpiaStatus, QPushButton] = {}
        for status, (text, tip) in _DECISION_BUTTONS.items():
            button = QPushButton(_(text))
            button.setObjectName(f"decide_{status.value}")
            button.setToolTip(_(tip))
            button.clicked.connect(lambda _c=False, s=status: self._on_decision_clicked(s))
            buttons.addWidget(button)
            self.decision_buttons[status] = button
        buttons.addStretch(1)
        form.addRow("", self._holder(buttons))
        self.message = QLabel()
        self.message.setObjectName("decision_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        form.addRow("", self.message)
        column.addWidget(decision)
        column.addStretch(1)
        self.setWidget(body)

    # -- building ------------------------------------------------------------------------------

    @staticmethod
    def _holder(layout: QHBoxLayout) -> QWidget:
        holder = QWidget()
        layout.setContentsMargins(0, 0, 0, 0)
        holder.setLayout(layout)
        return holder

    def _line(self, name: str) -> QLineEdit:
        line = QLineEdit()
        line.setObjectName(name)
        line.editingFinished.connect(lambda: self._on_line_finished(name))
        self._lines[name] = line
        return line

    def _rich_text(self, name: str) -> RichTextEditor:
        editor = RichTextEditor(lines=3, max_lines=10)
        editor.setObjectName(name)
        editor.edited.connect(lambda text: self.fields_edited.emit({name: text or None}))
        self._rich[name] = editor
        return editor

    def _opinion(self, name: str) -> QWidget:
        box = QComboBox()
        box.setObjectName(name)
        box.addItem("—", None)
        for value in Opinion:
            box.addItem(_(OPINION_LABELS[value]), value.value)
        box.activated.connect(lambda _i: self.fields_edited.emit({name: box.currentData()}))
        self._boxes[name] = box
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(box)
        row.addStretch(1)
        return holder

    # -- public API ----------------------------------------------------------------------------

    def rich(self, name: str) -> RichTextEditor:
        return self._rich[name]

    def show_dpia(self, values: Mapping[str, Any], high_risks: list[str], actor: str) -> None:
        for name, line in self._lines.items():
            if not (line.isModified() and line.hasFocus()):
                show_text(line, str(values.get(name) or ""))
        for name, editor in self._rich.items():
            editor.set_html(values.get(name) or "")
        for name, box in self._boxes.items():
            with QSignalBlocker(box):
                box.setCurrentIndex(max(0, box.findData(values.get(name))))
        with QSignalBlocker(self.sought):
            self.sought.setChecked(bool(values.get("people_views_sought")))
        self._show_people_rows()
        status = DpiaStatus(values.get("status") or DpiaStatus.DRAFT)
        text = _(DPIA_STATUS_LABELS[status])
        if status in DECISIONS and values.get("decided_on"):
            text = _("{status}, on {date} by {who}").format(
                status=text, date=values["decided_on"], who=values.get("decided_by") or "?"
            )
        self.status_label.setText(text)
        if not self.decided_by.text():
            self.decided_by.setText(str(values.get("validator") or actor))
        if high_risks:
            self.warning.setText(
                _(
                    "A high risk remains with every measure in place ({risks}). It cannot be "
                    "approved as it is: reduce the risk, or consult the supervisory authority "
                    "before processing (Art. 36)."
                ).format(risks=", ".join(high_risks))
            )
        self.warning.setVisible(bool(high_risks))

    def show_message(self, text: str, *, error: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR if error else _OK_COLOUR};")
        self.message.show()
        self.ensureWidgetVisible(self.message)

    def clear_message(self) -> None:
        self.message.clear()
        self.message.hide()

    # -- behaviour -----------------------------------------------------------------------------

    def _show_people_rows(self) -> None:
        sought = self.sought.isChecked()
        for _label, widget in self.people_rows:
            self._people_form.setRowVisible(widget, sought)
        self._people_form.setRowVisible(self.reason_row[1], not sought)

    def _on_sought_toggled(self, checked: bool) -> None:
        self._show_people_rows()
        self.fields_edited.emit({"people_views_sought": checked})

    def _on_line_finished(self, name: str) -> None:
        line = self._lines[name]
        if line.isModified():
            line.setModified(False)
            self.fields_edited.emit({name: line.text().strip() or None})

    def _on_decision_clicked(self, status: DpiaStatus) -> None:
        # What is being typed in a text box counts: it is stored before the decision.
        for editor in self._rich.values():
            editor.commit()
        self.decide(status, self.decided_by.text().strip())

    def decide(self, status: DpiaStatus, decided_by: str) -> None:
        """Record the decision (the session freezes the version), or say why it cannot be."""
        shown = self._shown()
        if shown is None:
            return
        dpia_id, values = shown
        if not decided_by:
            self.show_message(_("Say who takes the decision."), error=True)
            self.decided_by.setFocus()
            return
        # The DPIA's own rules, checked here first so that a refusal is explained in place.
        problems = check_dpia({**values, "status": status.value, "decided_on": date.today()})
        if problems:
            self.show_message(
                _("Not recorded. {problems}").format(problems="; ".join(map(str, problems))),
                error=True,
            )
            return

        def done(result: Any) -> None:
            if not isValid(self):
                return
            frozen = next((r for r in result.records if r.record_type == "dpia_version"), None)
            text = _("{decision}.").format(decision=_(DPIA_STATUS_LABELS[status]))
            if frozen is not None:
                text += " " + _("Version {number} is frozen (hash {digest}…).").format(
                    number=frozen.values.get("number"),
                    digest=str(frozen.values.get("content_hash"))[:16],
                )
            self.show_message(text, error=False)
            self.decision_recorded.emit(result)

        def failed(error: BaseException) -> None:
            if isValid(self):
                self.show_message(_("Not recorded. {problem}").format(problem=error), error=True)

        self._session.decide_dpia(
            dpia_id,
            status,
            decided_by=decided_by,
            conditions=values.get("decision_conditions"),
            rejection_reason=values.get("rejection_reason"),
            on_done=done,
            on_error=failed,
        )
