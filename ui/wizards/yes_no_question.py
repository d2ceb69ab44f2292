"""A question in plain words answered Yes or No, or not yet answered."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QWidget,
)

from app.i18n import _


class YesNoQuestion(QWidget):
    """The question on the left, wrapped; Yes and No on the right (Tab reaches them, the
    arrow keys switch between them)."""

    answered = Signal(object)  # True, False or None (cleared)

    def __init__(
        self, question: str, name: str, parent: QWidget | None = None, *, title: str = ""
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        text = f"<b>{title}</b><br>{question}" if title else question
        self.label = QLabel(text)
        self.label.setWordWrap(True)  # also makes its height follow its width
        self.yes = QRadioButton(_("Yes"))
        self.yes.setObjectName(f"{name}_yes")
        self.no = QRadioButton(_("No"))
        self.no.setObjectName(f"{name}_no")
        self._group = QButtonGroup(self)
        self._group.addButton(self.yes)
        self._group.addButton(self.no)
        self._group.buttonToggled.connect(self._on_group_button_toggled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 2)
        row.addWidget(self.label, 1)
        row.addSpacing(12)
        row.addWidget(self.yes)
        row.addWidget(self.no)
        self.setFocusProxy(self.yes)

    def answer(self) -> bool | None:
        if self.yes.isChecked():
            return True
        if self.no.isChecked():
            return False
        return None

    def set_answer(self, answer: bool | None) -> None:
        """Show an answer (emits nothing)."""
        self.blockSignals(True)
        if answer is None:
            self._group.setExclusive(False)  # else the checked button cannot be unchecked
            self.yes.setChecked(False)
            self.no.setChecked(False)
            self._group.setExclusive(True)
        else:
            (self.yes if answer else self.no).setChecked(True)
        self.blockSignals(False)

    def _on_group_button_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self.answered.emit(self.answer())
