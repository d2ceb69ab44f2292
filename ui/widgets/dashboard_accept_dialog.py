"""Accepting a finding: the user says why it is acceptable, and the reason goes to the audit
trail with the finding. Without a reason there is nothing to accept (Art. 5(2): the controller
must be able to show its reasoning), so the button stays off until one is written."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.compliance import Finding

MAX_JUSTIFICATION = 2000


class AcceptFindingDialog(QDialog):
    def __init__(self, finding: Finding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Accept a finding"))
        self.setMinimumWidth(480)
        rule = QLabel(f"{_(finding.rule.title)} ({finding.rule.basis})")
        rule.setStyleSheet("font-weight: 600;")
        about = QLabel(f"{finding.record_label}: {finding.message}")
        for label in (rule, about):
            label.setTextFormat(Qt.TextFormat.PlainText)  # record names are user text
            label.setWordWrap(True)
        prompt = QLabel(
            _(
                "Why is this acceptable? The reason is kept in the audit trail, and the finding "
                "no longer counts against the score. You can reopen it at any time."
            )
        )
        prompt.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("justification")
        self.reason.setPlaceholderText(
            _("e.g. The activity ended in March; the record is kept for the archive.")
        )
        self.reason.textChanged.connect(self._on_reason_text_changed)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.accept_button: QPushButton = self.buttons.addButton(
            _("Accept the finding"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.accept_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(rule)
        column.addWidget(about)
        column.addWidget(prompt)
        column.addWidget(self.reason, 1)
        column.addWidget(self.buttons)

    def justification(self) -> str:
        return self.reason.toPlainText().strip()[:MAX_JUSTIFICATION]

    def _on_reason_text_changed(self) -> None:
        self.accept_button.setEnabled(bool(self.justification()))

    def accept(self) -> None:
        if self.justification():
            super().accept()
