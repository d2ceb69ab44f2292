"""A list of short texts (categories of people, security measures, systems) edited as chips.

The entries wrap like words in a paragraph, so a long list stays compact; below them one box
adds an entry, offering the catalogue's entries as the user types, free text allowed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListView,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from ui.widgets.choice_box import ChoiceBox, Options, no_options

_CHIP_STYLE = """
QListWidget { background: transparent; border: none; }
QListWidget::item {
    border: 1px solid palette(mid); border-radius: 10px; padding: 2px 10px;
    margin: 2px 4px 2px 0;
    background: palette(base); color: palette(text);
}
QListWidget::item:selected { background: palette(highlight); color: palette(highlighted-text);
    border-color: palette(highlight); }
"""


class _ChipList(QListWidget):
    """Entries laid out left to right and wrapped; exactly as tall as its rows of chips."""

    delete_pressed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setStyleSheet(_CHIP_STYLE)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setSpacing(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        # Lay the chips out as they would be at `width`, the way QListView wraps them.
        right = width - 2 * self.frameWidth()
        x = y = row_height = 0
        for index in range(self.count()):
            size = self.sizeHintForIndex(self.model().index(index, 0))
            size = size.grownBy(self.contentsMargins()) + QSize(2, 2) * self.spacing()
            if x and x + size.width() > right:
                x, y = 0, y + row_height
                row_height = 0
            x += size.width()
            row_height = max(row_height, size.height())
        return y + row_height + 2 * self.frameWidth() + 2

    def sizeHint(self) -> QSize:
        width = max(self.width(), 200)
        return QSize(width, self.heightForWidth(width))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.height() != self.heightForWidth(self.width()):
            self.setFixedHeight(self.heightForWidth(self.width()))

    def fit(self) -> None:
        self.setFixedHeight(self.heightForWidth(max(self.width(), 200)))
        self.setVisible(self.count() > 0)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.selectedItems():
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class TextListEditor(QWidget):
    """Short texts shown as chips, added from a box that completes from `options`."""

    entries_edited = Signal(list)  # the whole list, after each entry added or removed

    def __init__(
        self,
        options: Options = no_options,
        parent: QWidget | None = None,
        *,
        placeholder: str = "",
    ) -> None:
        super().__init__(parent)
        self._options = options
        self._chips = _ChipList()
        self._chips.setObjectName("entries")
        self._input = ChoiceBox(self._offered, editable=True)
        self._input.setObjectName("entry_input")
        self._input.lineEdit().setPlaceholderText(placeholder or _("Type or choose an entry"))
        self._input.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._add = QPushButton(_("Add"))
        self._add.setObjectName("add_entry")
        self._remove = QPushButton(_("Remove"))
        self._remove.setObjectName("remove_entry")
        self._remove.setEnabled(False)
        self._remove.setToolTip(_("Remove the selected entries (Delete)"))

        adder = QHBoxLayout()
        adder.setContentsMargins(0, 0, 0, 0)
        adder.addWidget(self._input, 1)
        adder.addWidget(self._add)
        adder.addWidget(self._remove)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self._chips)
        column.addLayout(adder)
        self.setFocusProxy(self._input)

        self._add.clicked.connect(self._on_add_clicked)
        self._remove.clicked.connect(self._on_remove_clicked)
        self._input.lineEdit().returnPressed.connect(self._on_add_clicked)
        self._input.picked.connect(self._on_input_picked)
        self._chips.itemSelectionChanged.connect(self._on_chips_selection_changed)
        self._chips.delete_pressed.connect(self._on_remove_clicked)
        self._chips.fit()

    # -- public API ----------------------------------------------------------------------------

    def entries(self) -> list[str]:
        return [self._chips.item(index).text() for index in range(self._chips.count())]

    def set_entries(self, entries: Sequence[str] | None) -> None:
        """Show `entries` (emits nothing); the text being typed is kept."""
        entries = list(entries or [])
        if entries == self.entries():
            return  # a refresh with the same list keeps the selection
        self._chips.clear()
        self._chips.addItems(entries)
        self._chips.fit()
        self._input.refresh()

    def input_box(self) -> ChoiceBox:
        return self._input

    def chip_list(self) -> QListWidget:
        return self._chips

    def set_read_only(self, read_only: bool) -> None:
        self._input.setEnabled(not read_only)
        self._add.setEnabled(not read_only)
        self._remove.setEnabled(not read_only and bool(self._chips.selectedItems()))
        self._read_only = read_only

    def refresh_choices(self) -> None:
        self._input.refresh()

    def is_typing(self) -> bool:
        return bool(self._input.currentText().strip())

    # -- behaviour -----------------------------------------------------------------------------

    _read_only = False

    def _offered(self) -> list[tuple[Any, str]]:
        # What is already in the list is not offered again.
        present = {entry.casefold() for entry in self.entries()}
        return [
            (value, label) for value, label in self._options() if label.casefold() not in present
        ]

    def _on_input_picked(self, _index: int) -> None:
        # Picking from the open list adds at once; typing adds with Enter or the button.
        self._on_add_clicked()

    def _on_add_clicked(self) -> None:
        if self._read_only:
            return
        text = self._input.typed_value()
        self._input.setCurrentIndex(-1)
        self._input.setEditText("")
        # A pick from the completion list is still being applied to the box: clear it again
        # once that is done, and only then offer the list without the entry just added.
        QTimer.singleShot(0, self, self._clear_input)
        if not text:
            return
        existing = [entry.casefold() for entry in self.entries()]
        if text.casefold() in existing:  # already there: show it rather than add a twin
            self._chips.setCurrentRow(existing.index(text.casefold()))
            return
        self._chips.addItem(text)
        self._chips.fit()
        self.entries_edited.emit(self.entries())

    def _clear_input(self) -> None:
        self._input.refresh()
        self._input.setCurrentIndex(-1)
        self._input.setEditText("")

    def _on_remove_clicked(self) -> None:
        selected = self._chips.selectedItems()
        if self._read_only or not selected:
            return
        first = min(self._chips.row(item) for item in selected)
        for item in selected:
            self._chips.takeItem(self._chips.row(item))
        self._chips.fit()
        if self._chips.count():
            self._chips.setCurrentRow(min(first, self._chips.count() - 1))
            self._chips.setFocus()
        else:
            self._input.setFocus()
        self._input.refresh()
        self.entries_edited.emit(self.entries())

    def _on_chips_selection_changed(self) -> None:
        self._remove.setEnabled(not self._read_only and bool(self._chips.selectedItems()))
