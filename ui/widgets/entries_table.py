"""The table of a list field's entries: as tall as its rows up to a point, then scrolling, so a
form with several lists stays readable; columns as wide as their content, within bounds."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSizePolicy, QTableView

from ui.models.items_table_model import ColumnKind, ItemsTableModel

VISIBLE_ROWS = 8  # the table grows with its rows up to this many, then scrolls
EDIT_TRIGGERS = (
    QAbstractItemView.EditTrigger.DoubleClicked
    | QAbstractItemView.EditTrigger.SelectedClicked
    | QAbstractItemView.EditTrigger.EditKeyPressed
    | QAbstractItemView.EditTrigger.AnyKeyPressed
)
# Column widths follow their content between these bounds (in characters), so a short code
# does not take a third of the table and a long text does not push the rest out of sight.
_MIN_CHARS = 14  # also the width of an empty table's columns, ready for typing
_MAX_CHARS = {
    ColumnKind.TEXT: 28,
    ColumnKind.CHOICE: 34,
    ColumnKind.REFERENCE: 24,
    ColumnKind.KEYS: 30,
    ColumnKind.COUNTRY: 24,
}
# The entry's own name, what the user reads first.
_FIRST_TEXT_CHARS = (24, 40)


class EntriesTable(QTableView):
    """A table of entries that says so when it is empty; Enter edits the current cell and
    Delete asks for the selected rows to be removed (`delete_pressed`)."""

    delete_pressed = Signal()

    def __init__(self, empty_text: str) -> None:
        super().__init__()
        self._empty_text = empty_text
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setEditTriggers(EDIT_TRIGGERS)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 12)
        vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)

    def fit_columns(self) -> None:
        """Each column as wide as its content (the first 50 rows), within bounds."""
        model = self.model()
        assert isinstance(model, ItemsTableModel)
        metrics = self.fontMetrics()
        char = metrics.averageCharWidth()
        header = self.horizontalHeader()
        rows = min(model.rowCount(), 50)  # enough to judge, cheap on a long list
        for index, column in enumerate(model.columns()):
            texts = [str(model.index(row, index).data() or "") for row in range(rows)]
            content = max((metrics.horizontalAdvance(text) for text in texts), default=0)
            least, most = _MIN_CHARS, _MAX_CHARS[column.kind]
            if index == 0 and column.kind is ColumnKind.TEXT:
                least, most = _FIRST_TEXT_CHARS
            width = min(max(content, char * least), char * most) + 20
            header.resizeSection(index, max(width, header.sectionSizeHint(index)))

    def sizeHint(self) -> QSize:
        rows = self.model().rowCount() if self.model() else 0
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        height += self.verticalHeader().defaultSectionSize() * max(1, min(rows, VISIBLE_ROWS))
        if self.horizontalHeader().length() > self.viewport().width():
            height += self.horizontalScrollBar().sizeHint().height()
        return QSize(super().sizeHint().width(), height)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        editing = self.state() == QAbstractItemView.State.EditingState
        locked = self.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
        key = event.key()
        if editing or locked or not self.currentIndex().isValid():
            super().keyPressEvent(event)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.edit(self.currentIndex())
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_pressed.emit()
        else:
            super().keyPressEvent(event)

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        if self.model() is not None and self.model().rowCount() == 0 and self._empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                self.viewport().rect().adjusted(8, 0, -8, 0),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self._empty_text,
            )
