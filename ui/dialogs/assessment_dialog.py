"""The frame of the small assessments linked to an activity (LIA, TIA): which entry of the
activity it is about, the questions as a form, and Save. The subclasses say what the entries
are, how a stored assessment is found and how it is saved."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain.fields import FieldSpec
from app.i18n import _
from app.services.changes import RecordData
from ui.operations.session import WorkspaceSession
from ui.widgets.choice_box import ChoiceBox
from ui.widgets.dpia_questions import grey_label
from ui.widgets.record_form import ERROR_COLOUR, RecordForm

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class AssessmentDialog(QDialog):
    """Create or complete one assessment; stored when the user clicks Save."""

    # Set by the subclasses (translated where shown).
    kind = ""  # object-name prefix: "lia", "tia"
    title = ""
    intro = ""
    subject_label = ""
    subject_name = ""  # object name of the chooser
    missing_subject = ""  # said when there is nothing to assess

    def __init__(
        self,
        session: WorkspaceSession,
        activity_id: int,
        options: list[tuple[str, str]],
        fields: Mapping[str, FieldSpec],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._activity_id = activity_id
        self._record: RecordData | None = None
        activity = session.activity(activity_id)
        self.setWindowTitle(_(self.title))
        self.setObjectName(f"{self.kind}_dialog")
        heading = QLabel(
            _("{reference} · {name}").format(
                reference=activity.values.get("reference"), name=activity.values.get("name")
            )
        )
        heading.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.subject_box = ChoiceBox(lambda: options)
        self.subject_box.setObjectName(f"{self.kind}_{self.subject_name}")
        self.subject_box.set_value(options[0][0] if options else None)
        self.subject_box.currentIndexChanged.connect(lambda _i: self._show_subject())
        self.form = RecordForm(dict(fields), commit_each_field=False)
        self.error_label = QLabel()
        self.error_label.setObjectName(f"{self.kind}_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.error_label.hide()
        subject_row = QFormLayout()
        subject_row.addRow(_(self.subject_label), self.subject_box)
        body = QWidget()
        body_column = QVBoxLayout(body)
        body_column.setContentsMargins(0, 0, 12, 0)
        body_column.addWidget(self.form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(heading)
        column.addWidget(grey_label(_(self.intro), small=False))
        column.addLayout(subject_row)
        column.addWidget(scroll, 1)
        column.addWidget(self.error_label)
        column.addWidget(self.buttons)
        self.resize(760, 640)
        if not options:
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
            self._show_error(_(self.missing_subject))
        self._show_subject()

    # -- what the subclasses say ------------------------------------------------------------------

    def load(self, subject: str) -> RecordData | None:
        raise NotImplementedError

    def defaults(self, subject: str) -> dict[str, Any]:
        """The answers a new assessment starts with."""
        return {"assessed_by": self._session.actor}

    def store(
        self,
        subject: str,
        values: Mapping[str, Any],
        record_id: int | None,
        on_done: Done,
        on_error: Failed,
    ) -> None:
        raise NotImplementedError

    # -- the frame --------------------------------------------------------------------------------

    def _show_subject(self) -> None:
        subject = self.subject_box.value()
        self._record = self.load(str(subject)) if subject else None
        if self._record is not None:
            self.form.set_values(dict(self._record.values))
        else:
            self.form.set_values(self.defaults(str(subject)) if subject else {})

    def save(self) -> None:
        """Check every answer, then store them; the dialog closes once they are stored."""
        subject = self.subject_box.value()
        values = self.form.cleaned_values()
        if values is None:
            return
        if not subject:
            self._show_error(_(self.missing_subject))
            return
        record = self._record
        if record is not None:
            values = {k: v for k, v in values.items() if record.values.get(k) != v}
        self.buttons.setEnabled(False)

        def done(_result: Any) -> None:
            if isValid(self):
                self.accept()

        def failed(error: BaseException) -> None:
            if isValid(self):
                self.buttons.setEnabled(True)
                self._show_error(str(error))

        self.store(str(subject), values, record.id if record else None, done, failed)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        self.error_label.setFocus(Qt.FocusReason.OtherFocusReason)
