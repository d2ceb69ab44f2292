"""Several values of a fixed list, each a check box: what a request asks for, a breach's types.

The values come back in the list's own order, whatever order they were ticked in, so a stored
list does not change just because it was ticked differently.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QWidget

# Up to this many options stand in one column; more are laid out in two.
_ONE_COLUMN = 4


class ChoicesEditor(QWidget):
    """A check box per (value, label) option."""

    choices_edited = Signal(list)  # the values ticked, after each click of the user

    def __init__(self, options: Sequence[tuple[Any, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._boxes: dict[Any, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(4)
        rows = len(options) if len(options) <= _ONE_COLUMN else -(-len(options) // 2)
        for index, (value, label) in enumerate(options):
            box = QCheckBox(label)
            box.setObjectName(f"choice_{value}")
            box.clicked.connect(self._on_box_clicked)
            grid.addWidget(box, index % rows, index // rows)
            self._boxes[value] = box
        grid.setColumnStretch(grid.columnCount(), 1)
        if self._boxes:
            self.setFocusProxy(next(iter(self._boxes.values())))

    def values(self) -> list[Any]:
        return [value for value, box in self._boxes.items() if box.isChecked()]

    def set_values(self, values: Sequence[Any] | None) -> None:
        """Tick exactly `values` (emits nothing); values not offered are ignored."""
        chosen = {str(value) for value in values or []}
        for value, box in self._boxes.items():
            with QSignalBlocker(box):
                box.setChecked(str(value) in chosen)

    def box(self, value: Any) -> QCheckBox:
        return self._boxes[value]

    def set_read_only(self, read_only: bool) -> None:
        for box in self._boxes.values():
            box.setEnabled(not read_only)

    def _on_box_clicked(self, _checked: bool) -> None:
        self.choices_edited.emit(self.values())
