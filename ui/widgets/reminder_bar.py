"""The bar above the pages that says what is due when a workspace opens (never a dialog in
the way): overdue or nearly due requests, breach clocks still running."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolBar, QWidget

from app.i18n import _

if TYPE_CHECKING:
    from ui.operations.request_operations import Reminders


class ReminderBar(QToolBar):
    page_requested = Signal(str)  # the page that shows what is due
    dismissed = Signal()

    def __init__(self, due: Reminders, parent: QWidget | None = None) -> None:
        super().__init__(_("Reminders"), parent)
        self.setObjectName("reminder_bar")
        self.setMovable(False)
        self.setStyleSheet(
            "QToolBar { background: #fff4e5; border: none; border-bottom: 1px solid #b26a00;"
            " padding: 4px 12px; spacing: 8px; }"
        )
        text = due.summary()
        label = QLabel(_("Reminder: {what}.").format(what=text))
        label.setObjectName("reminder_text")
        label.setStyleSheet("font-weight: 600; color: #6d4100;")
        label.setToolTip(text)
        # The text gives way in a narrow window, never the buttons.
        label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        label.setMinimumWidth(120)
        self.addWidget(label)
        if due.overdue_requests or due.requests_due_soon:
            self.addAction(_("Show requests"), lambda: self.page_requested.emit("requests"))
        if due.breaches_overdue or due.breaches_running:
            self.addAction(_("Show breaches"), lambda: self.page_requested.emit("breaches"))
        self.addAction(_("Dismiss"), self.dismissed.emit)
