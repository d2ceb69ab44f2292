"""Explains a conflicting save and lets the user choose: take the stored version, or keep theirs."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import ConflictError
from app.i18n import _


class ConflictChoice(Enum):
    RELOAD = "reload"
    KEEP_MINE = "keep_mine"


def ask_conflict_choice(
    parent: QWidget | None, error: ConflictError, can_keep_mine: bool
) -> ConflictChoice:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Changed by someone else"))
    box.setText(str(error))
    box.setInformativeText(
        _(
            "Reload shows the stored version and drops your edit. Keep mine saves your edit over "
            "the newer version; the history keeps both."
        )
        if can_keep_mine
        else _("Reload shows the stored version.")
    )
    reload_button = box.addButton(_("Reload"), QMessageBox.ButtonRole.RejectRole)
    keep_button = (
        box.addButton(_("Keep mine"), QMessageBox.ButtonRole.AcceptRole) if can_keep_mine else None
    )
    box.setDefaultButton(reload_button)
    box.exec()
    if keep_button is not None and box.clickedButton() is keep_button:
        return ConflictChoice.KEEP_MINE
    return ConflictChoice.RELOAD
