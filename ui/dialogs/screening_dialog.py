"""Does this processing activity need a DPIA? The Art. 35(3) cases, the nine WP248 criteria in
plain questions (those the register points to ticked and explained), the lead authority's list,
the outcome with its reasons as the boxes are ticked, and the decision, which needs a written
justification when it goes against a DPIA although two or more criteria apply. From here a
DPIA is one click away."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain.assessments import (
    ART35_3_LABELS,
    SCREENING_DECISION_LABELS,
    ScreeningDecision,
    check_screening,
)
from app.domain.screening import (
    SCREENING_OUTCOME_LABELS,
    WP248_LABELS,
    WP248_QUESTIONS,
    ScreeningOutcome,
    Wp248Criterion,
    screen,
)
from app.i18n import N_, _
from ui.operations.session import WorkspaceSession
from ui.widgets.dpia_questions import grey_label, section_box
from ui.widgets.record_form import ERROR_COLOUR

# Why the register suggests a criterion (services/screenings.suggested_criteria's reasons).
_SUGGESTION_REASONS = {
    Wp248Criterion.EVALUATION: N_("The register records automated decisions for this activity."),
    Wp248Criterion.AUTOMATED_DECISION: N_(
        "The register records automated decisions for this activity."
    ),
    Wp248Criterion.SENSITIVE: N_(
        "The register lists special-category or criminal-offence data for this activity."
    ),
    Wp248Criterion.COMBINING: N_(
        "The register shows data collected from the people and from third parties."
    ),
}
_OUTCOME_STYLES = {
    ScreeningOutcome.REQUIRED: "background: #fdecea; color: #b71c1c;",
    ScreeningOutcome.LIKELY_REQUIRED: "background: #fff3e0; color: #8a4b00;",
    ScreeningOutcome.CONSIDER: "background: #e3f2fd; color: #0d47a1;",
    ScreeningOutcome.NOT_LIKELY: "background: #e8f5e9; color: #1b5e20;",
}
_NEEDS_DPIA = (ScreeningOutcome.REQUIRED, ScreeningOutcome.LIKELY_REQUIRED)


class _CheckRow(QWidget):
    """A check box whose text wraps (a QCheckBox's does not); clicking the text ticks it."""

    def __init__(self, text: str, note: str = "", note_style: str = "") -> None:
        super().__init__()
        self.box = QCheckBox()
        self.box.setAccessibleName(text)
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.text.setBuddy(self.box)
        self.text.mousePressEvent = self._on_text_pressed  # type: ignore[method-assign]
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(self.text)
        if note:
            label = grey_label(note)
            if note_style:
                label.setStyleSheet(note_style)
            column.addWidget(label)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(column, 1)

    def _on_text_pressed(self, _event: QMouseEvent) -> None:
        self.box.toggle()
        self.box.setFocus(Qt.FocusReason.MouseFocusReason)


class ScreeningDialog(QDialog):
    """Screen one activity; `dpia_started` gives the DPIA to open after "Start a DPIA"."""

    dpia_started = Signal(int)
    screening_saved = Signal()

    def __init__(
        self, session: WorkspaceSession, activity_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._activity_id = activity_id
        self.view = session.screening(activity_id)
        record = self.view.record
        self._record_id = record.id if record else None
        stored: dict[str, Any] = dict(record.values) if record else {}
        self._dpia_id: int | None = stored.get("dpia_id")
        self.setObjectName("screening_dialog")
        self.setWindowTitle(_("Screen for a DPIA"))

        heading = QLabel(
            _("{reference} · {name}").format(reference=self.view.reference, name=self.view.name)
        )
        heading.setStyleSheet("font-size: 13pt; font-weight: 600;")
        intro = grey_label(
            _(
                "A DPIA is needed before processing that is likely to result in a high risk to "
                "people (Art. 35). Tick what applies; the outcome follows."
            ),
            small=False,
        )
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 12, 0)
        column.setSpacing(12)
        column.addWidget(self._art35_group(stored))
        column.addWidget(self._criteria_group(stored, first_time=record is None))
        column.addWidget(self._authority_group(stored))
        column.addWidget(self._decision_group(stored))
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        self.outcome = QLabel()
        self.outcome.setObjectName("screening_outcome")
        self.outcome.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.reasons = QLabel()
        self.reasons.setObjectName("screening_reasons")
        self.reasons.setWordWrap(True)
        self.reasons.setTextFormat(Qt.TextFormat.PlainText)
        outcome_panel = QFrame()
        outcome_panel.setObjectName("outcome_panel")
        outcome_column = QVBoxLayout(outcome_panel)
        outcome_column.setContentsMargins(12, 8, 12, 8)
        outcome_column.addWidget(self.outcome)
        outcome_column.addWidget(self.reasons)
        self._outcome_panel = outcome_panel

        self.error_label = QLabel()
        self.error_label.setObjectName("screening_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: 600;")
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.start_button = QPushButton(_("Open the DPIA") if self._dpia_id else _("Start a DPIA"))
        self.start_button.setObjectName("start_dpia")
        self.buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.start_button.clicked.connect(self.start_dpia)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(outcome_panel)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(860, 700)
        self._update()

    # -- building ------------------------------------------------------------------------------

    def _art35_group(self, stored: dict[str, Any]) -> QGroupBox:
        box, content = section_box(_("Always requires a DPIA (Art. 35(3))"))
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        self.art35_rows: dict[str, _CheckRow] = {}
        for case, label in ART35_3_LABELS.items():
            row = _CheckRow(_(label))
            row.setObjectName(f"art35_{case.value}")
            row.box.setChecked(case.value in (stored.get("art35_3") or []))
            row.box.toggled.connect(self._update)
            column.addWidget(row)
            self.art35_rows[case.value] = row
        return box

    def _criteria_group(self, stored: dict[str, Any], *, first_time: bool) -> QGroupBox:
        box, content = section_box(_("The nine criteria of the EDPB (WP248)"))
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(
            grey_label(_("Two or more usually mean a DPIA is needed; one can be enough."))
        )
        suggested = set(self.view.suggested)
        chosen = set(self.view.suggested) if first_time else set(stored.get("criteria") or [])
        self.criteria_rows: dict[str, _CheckRow] = {}
        for criterion in Wp248Criterion:
            note = _(WP248_LABELS[criterion])
            style = ""
            if criterion in suggested:
                note = _("{criterion}. Suggested: {reason}").format(
                    criterion=note, reason=_(_SUGGESTION_REASONS[criterion])
                )
                style = "color: #0b3d91; font-weight: 600;"
            row = _CheckRow(_(WP248_QUESTIONS[criterion]), note, style)
            row.setObjectName(f"criterion_{criterion.value}")
            row.box.setChecked(criterion.value in chosen)
            row.box.toggled.connect(self._update)
            column.addWidget(row)
            self.criteria_rows[criterion.value] = row
        return box

    def _authority_group(self, stored: dict[str, Any]) -> QGroupBox:
        authority = self.view.authority or _("the supervisory authority")
        box, content = section_box(
            _("On the list of {authority} (Art. 35(4))").format(authority=authority)
        )
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        self.authority_rows: dict[str, _CheckRow] = {}
        if not self.view.authority_entries:
            column.addWidget(
                grey_label(_("No list is kept for the controller's country."), small=False)
            )
        for entry in self.view.authority_entries:
            row = _CheckRow(entry.text)
            row.setObjectName(f"authority_{entry.key}")
            row.box.setChecked(entry.key in (stored.get("authority_entries") or []))
            row.box.toggled.connect(self._update)
            column.addWidget(row)
            self.authority_rows[entry.key] = row
        return box

    def _decision_group(self, stored: dict[str, Any]) -> QGroupBox:
        box, content = section_box(_("Decision"))
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        self.decision_group = QButtonGroup(self)
        self.decision_buttons: dict[str, QRadioButton] = {}
        current = stored.get("decision") or ScreeningDecision.UNDECIDED.value
        row = QHBoxLayout()
        for decision in (
            ScreeningDecision.CARRY_OUT,
            ScreeningDecision.NOT_NEEDED,
            ScreeningDecision.UNDECIDED,
        ):
            button = QRadioButton(_(SCREENING_DECISION_LABELS[decision]))
            button.setObjectName(f"decision_{decision.value}")
            button.setChecked(decision.value == current)
            button.toggled.connect(self._update)
            self.decision_group.addButton(button)
            self.decision_buttons[decision.value] = button
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        self.justification_label = QLabel(_("Justification"))
        self.justification = QPlainTextEdit(str(stored.get("justification") or ""))
        self.justification.setObjectName("justification")
        self.justification.setTabChangesFocus(True)
        self.justification.setFixedHeight(self.justification.fontMetrics().lineSpacing() * 4 + 12)
        self.justification_label.setBuddy(self.justification)
        self.justification_hint = grey_label()
        column.addWidget(self.justification_label)
        column.addWidget(self.justification)
        column.addWidget(self.justification_hint)
        return box

    # -- reading the dialog --------------------------------------------------------------------

    def decision(self) -> str:
        return next(
            (value for value, button in self.decision_buttons.items() if button.isChecked()),
            ScreeningDecision.UNDECIDED.value,
        )

    def values(self) -> dict[str, Any]:
        """The screening as it would be stored."""
        return {
            "criteria": [k for k, row in self.criteria_rows.items() if row.box.isChecked()],
            "art35_3": [k for k, row in self.art35_rows.items() if row.box.isChecked()],
            "authority_entries": [
                k for k, row in self.authority_rows.items() if row.box.isChecked()
            ],
            "decision": self.decision(),
            "justification": self.justification.toPlainText().strip() or None,
            "screened_on": date.today(),
            "screened_by": self._session.actor[:300],
        }

    def result_now(self) -> Any:
        values = self.values()
        by_key = {e.key: e.text for e in self.view.authority_entries}
        return screen(
            values["criteria"],
            art35_3=[
                _(label) for case, label in ART35_3_LABELS.items() if case in values["art35_3"]
            ],
            authority_list=[by_key[k] for k in values["authority_entries"]],
        )

    # -- behaviour -----------------------------------------------------------------------------

    def _update(self) -> None:
        result = self.result_now()
        self.outcome.setText(_(SCREENING_OUTCOME_LABELS[result.outcome]))
        self.reasons.setText("\n".join(f"• {reason}" for reason in result.reasons))
        self._outcome_panel.setStyleSheet(
            f"QFrame#outcome_panel {{ {_OUTCOME_STYLES[result.outcome]} border-radius: 6px; }}"
        )
        against = self.decision() == ScreeningDecision.NOT_NEEDED
        if against and result.needs_justification:
            hint = _("Required: two or more criteria apply. Say why no DPIA is carried out.")
        else:
            hint = _("Optional. Say why you decided as you did.")
        self.justification_hint.setText(hint)
        needed = result.outcome in _NEEDS_DPIA or self.decision() == ScreeningDecision.CARRY_OUT
        self.start_button.setEnabled(bool(self._dpia_id) or needed)
        self.start_button.setToolTip(
            "" if self.start_button.isEnabled() else _("The screening does not call for a DPIA.")
        )
        self.error_label.hide()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(_("Not saved. {problem}").format(problem=text))
        self.error_label.show()
        if "justification" in text.lower() or _("Justification") in text:
            self.justification.setFocus()

    def _write(self, values: dict[str, Any], then: Any) -> None:
        # The domain's rule, checked here so the refusal is explained before anything is sent.
        problem = "; ".join(str(p) for p in check_screening(values))
        if problem:
            self._show_error(problem)
            return
        self.buttons.setEnabled(False)

        def done(result: Any) -> None:
            if isValid(self):
                self.screening_saved.emit()
                then(result)

        def failed(error: BaseException) -> None:
            if isValid(self):
                self.buttons.setEnabled(True)
                self._show_error(str(error))

        self._session.save_screening(
            self._activity_id, values, self._record_id, on_done=done, on_error=failed
        )

    def save(self) -> None:
        """Store the screening; the dialog closes once it is stored."""
        self._write(self.values(), lambda _result: self.accept())

    def start_dpia(self) -> None:
        """Store the screening with the decision to carry out a DPIA, create the DPIA and
        hand it to whoever opens it."""
        if self._dpia_id:
            self.dpia_started.emit(self._dpia_id)
            self.accept()
            return
        values = {**self.values(), "decision": ScreeningDecision.CARRY_OUT.value}
        self.decision_buttons[ScreeningDecision.CARRY_OUT.value].setChecked(True)

        def created(result: Any) -> None:
            if isValid(self):
                dpia = next(r for r in result.records if r.record_type == "dpia")
                self._dpia_id = dpia.id
                self.dpia_started.emit(dpia.id)
                self.accept()

        def failed(error: BaseException) -> None:
            if isValid(self):
                self.buttons.setEnabled(True)
                self._show_error(str(error))

        def saved(_result: Any) -> None:
            self._session.create_dpia([self._activity_id], on_done=created, on_error=failed)

        self._write(values, saved)
