"""A legitimate-interests assessment for a purpose of an activity that relies on Art. 6(1)(f):
the purpose, necessity and balancing tests, in plain questions, and the conclusion."""

from __future__ import annotations

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

from app.domain.assessments import LIA_FIELDS
from app.i18n import _
from app.services.changes import RecordData
from ui.operations.session import WorkspaceSession
from ui.widgets.choice_box import ChoiceBox
from ui.widgets.dpia_questions import grey_label
from ui.widgets.record_form import ERROR_COLOUR, RecordForm

_FORM_FIELDS = {
    name: spec for name, spec in LIA_FIELDS.items() if name not in ("activity_id", "purpose_key")
}


class LiaDialog(QDialog):
    """Create or complete the LIA of one purpose; stored when the user clicks Save."""

    def __init__(
        self, session: WorkspaceSession, activity_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._activity_id = activity_id
        activity = session.activity(activity_id)
        needed = session.needed_assessments(activity_id).lias
        # The purposes on legitimate interests; any purpose when none is (yet) on that basis.
        self._purposes: list[tuple[str, str]] = [(n.purpose_key, n.purpose) for n in needed] or [
            (str(p["key"]), str(p.get("purpose") or p["key"]))
            for p in activity.values.get("purposes") or []
            if p.get("key")
        ]
        self._record: RecordData | None = None
        self.setWindowTitle(_("Legitimate-interests assessment"))
        self.setObjectName("lia_dialog")

        heading = QLabel(
            _("{reference} · {name}").format(
                reference=activity.values.get("reference"), name=activity.values.get("name")
            )
        )
        heading.setStyleSheet("font-size: 12pt; font-weight: 600;")
        intro = grey_label(
            _(
                "Legitimate interests can be relied on only if the three tests pass: a real "
                "interest (purpose), processing that is necessary for it (necessity), and "
                "people's interests and rights not overriding it (balancing)."
            ),
            small=False,
        )
        self.purpose_box = ChoiceBox(lambda: self._purposes)
        self.purpose_box.setObjectName("lia_purpose")
        self.purpose_box.set_value(self._purposes[0][0] if self._purposes else None)
        self.purpose_box.currentIndexChanged.connect(lambda _i: self._show_purpose())
        self.form = RecordForm(_FORM_FIELDS, commit_each_field=False)
        self.error_label = QLabel()
        self.error_label.setObjectName("lia_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.error_label.hide()
        purpose_row = QFormLayout()
        purpose_row.addRow(_("Purpose"), self.purpose_box)
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
        column.addWidget(intro)
        column.addLayout(purpose_row)
        column.addWidget(scroll, 1)
        column.addWidget(self.error_label)
        column.addWidget(self.buttons)
        self.resize(760, 640)
        self._show_purpose()

    def _show_purpose(self) -> None:
        purpose = self.purpose_box.value()
        self._record = self._session.lia_for(self._activity_id, str(purpose)) if purpose else None
        values: dict[str, Any] = dict(self._record.values) if self._record else {}
        if not values:
            values["assessed_by"] = self._session.actor
        self.form.set_values(values)

    def save(self) -> None:
        """Check every answer, then store them; the dialog closes once they are stored."""
        purpose = self.purpose_box.value()
        values = self.form.cleaned_values()
        if values is None:
            return
        if not purpose:
            self._show_error(_("Choose the purpose that relies on legitimate interests."))
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

        self._session.save_lia(
            self._activity_id,
            str(purpose),
            values,
            record.id if record else None,
            on_done=done,
            on_error=failed,
        )

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        self.error_label.setFocus(Qt.FocusReason.OtherFocusReason)
