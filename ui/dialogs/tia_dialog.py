"""A transfer impact assessment for the transfers of an activity to one destination under
standard contractual clauses or binding corporate rules: the six steps of the EDPB's
Recommendations 01/2020, and the conclusion."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QWidget

from app.domain.assessments import TIA_FIELDS
from app.domain.register_items import TRANSFER_MECHANISM_LABELS, TransferMechanism
from app.i18n import N_, _
from app.services.changes import RecordData
from ui.dialogs.assessment_dialog import AssessmentDialog, Done, Failed
from ui.operations.session import WorkspaceSession

# The destination is chosen above the form: a TIA belongs to one destination of the activity.
_FORM_FIELDS = {
    name: spec for name, spec in TIA_FIELDS.items() if name not in ("activity_id", "destination")
}


class TiaDialog(AssessmentDialog):
    """Create or complete the TIA of one destination; stored when the user clicks Save."""

    kind = "tia"
    title = N_("Transfer impact assessment")
    intro = N_(
        "Standard contractual clauses and binding corporate rules protect data only if "
        "the destination's law and practice let them work. The six steps check that, "
        "and what must be added where they do not."
    )
    subject_label = N_("Transfer")
    subject_name = "destination"
    missing_subject = N_("No transfer of this activity relies on SCCs or BCRs: no TIA is needed.")

    def __init__(
        self, session: WorkspaceSession, activity_id: int, parent: QWidget | None = None
    ) -> None:
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
        super().__init__(session, activity_id, options, _FORM_FIELDS, parent)
        self.transfer_box = self.subject_box

    def load(self, subject: str) -> RecordData | None:
        return self._session.tia_for(self._activity_id, subject)

    def defaults(self, subject: str) -> dict[str, Any]:
        needed = self._needed.get(subject)
        return {**super().defaults(subject), "importer": needed.importer if needed else None}

    def store(
        self,
        subject: str,
        values: Mapping[str, Any],
        record_id: int | None,
        on_done: Done,
        on_error: Failed,
    ) -> None:
        self._session.save_tia(
            self._activity_id, subject, values, record_id, on_done=on_done, on_error=on_error
        )
