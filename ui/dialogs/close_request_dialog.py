"""Closing a request: the outcome, the ground of a refusal (required, Art. 12(4)) and the
closing date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.rights_request import (
    REQUEST_FIELDS,
    Outcome,
)
from app.i18n import _
from ui.widgets.record_form import RecordForm

if TYPE_CHECKING:
    from app.services.requests import RequestRow

# Closing asks for these, as the form shows them (with the reminder of what a refusal must say).
_CLOSE_FIELDS = {
    "outcome": replace(REQUEST_FIELDS["outcome"], required=True, group=""),
    "refusal_ground": replace(REQUEST_FIELDS["refusal_ground"], group=""),
    "closed_on": replace(REQUEST_FIELDS["closed_on"], required=True, group=""),
}


class CloseRequestDialog(QDialog):
    """Outcome, the ground of a refusal (required: Art. 12(4)) and the day it was closed."""

    def __init__(self, request: RequestRow, ground: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Close request {reference}").format(reference=request.reference))
        self.setMinimumWidth(560)
        self._received_on = request.received_on
        self.form = RecordForm(_CLOSE_FIELDS, commit_each_field=False)
        self.form.set_values(
            {
                "outcome": Outcome.FULFILLED.value,
                "refusal_ground": ground,
                "closed_on": date.today(),
            }
        )
        self.values: dict[str, Any] = {}
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = buttons.addButton(
            _("Close request"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        values = self.form.cleaned_values()
        if values is None:
            return
        if values["outcome"] == Outcome.REFUSED and not values["refusal_ground"]:
            self.form.show_error(
                "refusal_ground",
                _("A refusal needs its ground: the person must be told why (Art. 12(4))."),
            )
            return
        if not self._received_on <= values["closed_on"] <= date.today():
            self.form.show_error(
                "closed_on",
                _("must lie between the day of receipt ({received}) and today").format(
                    received=self._received_on.isoformat()
                ),
            )
            return
        self.values = values
        super().accept()
