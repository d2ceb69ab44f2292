"""A transfer impact assessment for the transfers of an activity to one destination under
standard contractual clauses or binding corporate rules: the six steps of the EDPB's
Recommendations 01/2020, and the conclusion."""

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

from app.domain.assessments import TIA_FIELDS
from app.domain.register_items import TRANSFER_MECHANISM_LABELS, TransferMechanism
from app.i18n import _
from app.services.changes import RecordData
from ui.operations.session import WorkspaceSession
from ui.widgets.choice_box import ChoiceBox
from ui.widgets.dpia_questions import grey_label
from ui.widgets.record_form import ERROR_COLOUR, RecordForm

# The destination is chosen above the form: a TIA belongs to one destination of the activity.
_FORM_FIELDS = {
    name: spec for name, spec in TIA_FIELDS.items() if name not in ("activity_id", "destination")
}


class TiaDialog(QDialog):
    """Create or complete the TIA of one destination; stored when the user clicks Save."""

    def __init__(
        self, session: WorkspaceSession, activity_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._activity_id = activity_id
        self._record: RecordData | None = None
        activity = session.activity(activity_id)
        self._needed = {n.destination: n for n in session.needed_assessments(activity_id).tias}
        options = [
            (
                destination,
                _("{where} ({tool})").format(
                    where=f"{n.importer}, {n.destination_name}"
                    if n.importer
                    else n.destination_name,
                    tool=_(TRANSFER_MECHANISM_LABELS[TransferMechanism(n.mechanism)]),
                ),
            )
            for destination, n in self._needed.items()
        ]
        self.setWindowTitle(_("Transfer impact assessment"))
        self.setObjectName("tia_dialog")
        heading = QLabel(
            _("{reference} · {name}").format(
                reference=activity.values.get("reference"), name=activity.values.get("name")
            )
        )
        heading.setStyleSheet("font-size: 12pt; font-weight: 600;")
        intro = grey_label(
            _(
                "Standard contractual clauses and binding corporate rules protect data only if "
                "the destination's law and practice let them work. The six steps check that, "
                "and what must be added where they do not."
            ),
            small=False,
        )
        self.transfer_box = ChoiceBox(lambda: options)
        self.transfer_box.setObjectName("tia_destination")
        self.transfer_box.set_value(options[0][0] if options else None)
        self.transfer_box.currentIndexChanged.connect(lambda _i: self._show_destination())
        self.form = RecordForm(_FORM_FIELDS, commit_each_field=False)
        self.error_label = QLabel()
        self.error_label.setObjectName("tia_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.error_label.hide()
        transfer_row = QFormLayout()
        transfer_row.addRow(_("Transfer"), self.transfer_box)
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
        column.addLayout(transfer_row)
        column.addWidget(scroll, 1)
        column.addWidget(self.error_label)
        column.addWidget(self.buttons)
        self.resize(760, 640)
        if not options:
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
            self._show_error(
                _("No transfer of this activity relies on SCCs or BCRs: no TIA is needed.")
            )
        self._show_destination()

    def _show_destination(self) -> None:
        destination = self.transfer_box.value()
        self._record = (
            self._session.tia_for(self._activity_id, str(destination)) if destination else None
        )
        if self._record is not None:
            self.form.set_values(self._record.values)
            return
        needed = self._needed.get(str(destination))
        self.form.set_values(
            {
                "assessed_by": self._session.actor,
                "importer": needed.importer if needed else None,
            }
        )

    def save(self) -> None:
        """Check every answer, then store them; the dialog closes once they are stored."""
        destination = self.transfer_box.value()
        values = self.form.cleaned_values()
        if values is None or not destination:
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

        self._session.save_tia(
            self._activity_id,
            str(destination),
            values,
            record.id if record else None,
            on_done=done,
            on_error=failed,
        )

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        self.error_label.setFocus(Qt.FocusReason.OtherFocusReason)
