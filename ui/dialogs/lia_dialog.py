"""A legitimate-interests assessment for a purpose of an activity that relies on Art. 6(1)(f):
the purpose, necessity and balancing tests, in plain questions, and the conclusion."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QWidget

from app.domain.assessments import LIA_FIELDS
from app.i18n import N_
from app.services.changes import RecordData
from ui.dialogs.assessment_dialog import AssessmentDialog, Done, Failed
from ui.operations.session import WorkspaceSession

_FORM_FIELDS = {
    name: spec for name, spec in LIA_FIELDS.items() if name not in ("activity_id", "purpose_key")
}


class LiaDialog(AssessmentDialog):
    """Create or complete the LIA of one purpose; stored when the user clicks Save."""

    kind = "lia"
    title = N_("Legitimate-interests assessment")
    intro = N_(
        "Legitimate interests can be relied on only if the three tests pass: a real "
        "interest (purpose), processing that is necessary for it (necessity), and "
        "people's interests and rights not overriding it (balancing)."
    )
    subject_label = N_("Purpose")
    subject_name = "purpose"
    missing_subject = N_("Choose the purpose that relies on legitimate interests.")

    def __init__(
        self, session: WorkspaceSession, activity_id: int, parent: QWidget | None = None
    ) -> None:
        needed = session.needed_assessments(activity_id).lias
        # The purposes on legitimate interests; any purpose when none is (yet) on that basis.
        purposes = [(n.purpose_key, n.purpose) for n in needed] or [
            (str(p["key"]), str(p.get("purpose") or p["key"]))
            for p in session.activity(activity_id).values.get("purposes") or []
            if p.get("key")
        ]
        super().__init__(session, activity_id, purposes, _FORM_FIELDS, parent)
        self.purpose_box = self.subject_box

    def load(self, subject: str) -> RecordData | None:
        return self._session.lia_for(self._activity_id, subject)

    def store(
        self,
        subject: str,
        values: Mapping[str, Any],
        record_id: int | None,
        on_done: Done,
        on_error: Failed,
    ) -> None:
        self._session.save_lia(
            self._activity_id, subject, values, record_id, on_done=on_done, on_error=on_error
        )
