"""What the user is told when a queued write could not be stored: a conflict asks whether to
take the stored version or keep theirs; any other problem is explained, and the pages reload
so they show what is really stored."""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import ConflictError, UserError
from app.i18n import _
from ui.dialogs.conflict_dialog import ConflictChoice, ask_conflict_choice

if TYPE_CHECKING:
    from ui.operations.session import WorkspaceSession

log = logging.getLogger(__name__)


def explain_failed_write(
    parent: QWidget, session: WorkspaceSession, error: object, request: object
) -> None:
    from ui.operations.session import FailedWrite

    if isinstance(error, ConflictError):
        can_keep = (
            isinstance(request, FailedWrite)
            and request.record_id is not None
            and bool(request.changes)
        )
        choice = ask_conflict_choice(parent, error, can_keep)
        if choice is ConflictChoice.KEEP_MINE and isinstance(request, FailedWrite):
            assert request.record_id is not None
            session.update_record(
                request.record_type, request.record_id, request.changes, keep_mine=True
            )
            return
        # Reload: the stored version becomes the one the user edits from now on.
        with contextlib.suppress(UserError):  # deleted meanwhile; the page's reload shows that
            session.record(error.record_type, error.record_id)
    elif isinstance(error, UserError):
        QMessageBox.warning(parent, _("Not stored"), str(error))
    else:
        log.error("a write failed", exc_info=error)  # type: ignore[arg-type]
        QMessageBox.critical(
            parent,
            _("Not stored"),
            _("The change could not be stored because of an unexpected error:\n{error}").format(
                error=error
            ),
        )
    session.records_changed.emit("*")
