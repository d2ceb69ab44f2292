"""How each column of an entries table is edited: a list of the enum's labels, a box of
vendors, checkboxes for the purposes served, a country box that also takes a name, or a line.

Lists open as soon as their cell is edited, and a pick is stored at once: choosing is the edit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionComboBox,
    QStyleOptionViewItem,
    QStylePainter,
    QWidget,
)

from app.domain.countries import country_names
from app.domain.register_items import CHOICE_LABELS
from app.i18n import _
from ui.models.items_table_model import ColumnKind, ItemColumn, ItemsTableModel
from ui.widgets.choice_box import EMPTY_CHOICE, ChoiceBox, country_code, country_item, missing_label

_Index = QModelIndex | QPersistentModelIndex
OptionsFor = Callable[[ItemColumn], Sequence[tuple[Any, str]]]


def choice_label(column: ItemColumn, value: Any) -> str:
    """An enum value in the user's words."""
    if value is None or value == "":
        return ""
    labels = CHOICE_LABELS.get(column.choices, {}) if column.choices else {}
    label = labels.get(value)
    return _(label) if label else str(value)


class _KeysBox(QComboBox):
    """Several options ticked in one list that stays open while ticking; `closed` when done."""

    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._items = QStandardItemModel(self)
        self.setModel(self._items)
        # The menu-like delegate of some styles draws no checkboxes.
        self.setItemDelegate(QStyledItemDelegate(self))
        self.view().viewport().installEventFilter(self)
        self.view().installEventFilter(self)
        # The list closes by Enter, Escape or a click elsewhere; only its window sees all three.
        self.view().window().installEventFilter(self)

    def set_options(self, options: Sequence[tuple[Any, str]], checked: Sequence[str]) -> None:
        self._items.clear()
        offered = [value for value, _label in options]
        rows = list(options) + [(key, missing_label(key)) for key in checked if key not in offered]
        for value, label in rows:
            item = QStandardItem(label)
            item.setData(value, Qt.ItemDataRole.UserRole)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            state = Qt.CheckState.Checked if value in checked else Qt.CheckState.Unchecked
            item.setData(state, Qt.ItemDataRole.CheckStateRole)
            item.setToolTip(label)
            item.setSizeHint(QSize(0, self.fontMetrics().height() + 10))
            self._items.appendRow(item)
        if not rows:
            empty = QStandardItem(_("Nothing to choose yet"))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self._items.appendRow(empty)
        self.view().setMinimumWidth(min(480, self.view().sizeHintForColumn(0) + 40))

    def checked(self) -> list[str]:
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in (self._items.item(row) for row in range(self._items.rowCount()))
            if item.checkState() == Qt.CheckState.Checked
        ]

    def toggle(self, row: int) -> None:
        item = self._items.item(row)
        if item is None or not item.isCheckable():
            return
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
        self.update()

    def summary(self) -> str:
        labels = [
            item.text()
            for item in (self._items.item(row) for row in range(self._items.rowCount()))
            if item.checkState() == Qt.CheckState.Checked
        ]
        return "; ".join(labels) or EMPTY_CHOICE

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Hide and watched is self.view().window():
            self.closed.emit()
        # A click or Space ticks the row and keeps the list open; Enter closes it.
        elif event.type() == QEvent.Type.MouseButtonRelease and watched is self.view().viewport():
            self.toggle(self.view().indexAt(event.position().toPoint()).row())  # type: ignore[attr-defined]
            return True
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Space:
                self.toggle(self.view().currentIndex().row())
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.hidePopup()
                return True
        return super().eventFilter(watched, event)

    def paintEvent(self, _event: Any) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        option.currentText = self.summary()
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class ItemDelegate(QStyledItemDelegate):
    """Editors for an `ItemsTableModel`; `options` gives a column's current (value, label)
    choices (vendors, purposes, catalogue entries), asked each time an editor opens."""

    def __init__(self, options: OptionsFor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._options = options

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        column = self._column(index)
        if column.kind is ColumnKind.KEYS:
            keys = _KeysBox(parent)
            keys.closed.connect(lambda: self._finish(keys))
            QTimer.singleShot(0, keys, keys.showPopup)
            return keys
        if column.kind is ColumnKind.CHOICE:
            assert column.choices is not None
            box = QComboBox(parent)
            if column.optional_choice:
                box.addItem(EMPTY_CHOICE, None)
            for member in column.choices:
                box.addItem(choice_label(column, member.value), member.value)
            return self._picking(box)
        if column.kind is ColumnKind.REFERENCE:
            return self._picking(
                ChoiceBox(lambda: self._options(column), parent, empty=not column.required)
            )
        if column.kind is ColumnKind.COUNTRY:
            countries = [(code, country_item(code)) for code in country_names()]
            box = ChoiceBox(lambda: countries, parent, editable=True)
            box.lineEdit().setPlaceholderText(_("Country or organisation name"))
            return box
        suggestions = list(self._options(column))
        if suggestions:
            box = ChoiceBox(lambda: suggestions, parent, editable=True)
            box.lineEdit().setPlaceholderText(_("Choose from the list or type"))
            return box
        line = QLineEdit(parent)
        if column.max_length:
            line.setMaxLength(column.max_length)
        return line

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        column = self._column(index)
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, _KeysBox):
            editor.set_options(self._options(column), list(value or []))
        elif isinstance(editor, ChoiceBox) and editor.isEditable():
            editor.refresh()
            editor.setCurrentIndex(-1)
            shown = country_item(value) if column.kind is ColumnKind.COUNTRY and value else value
            editor.setEditText(shown or "")
        elif isinstance(editor, ChoiceBox):
            editor.set_value(value)
        elif isinstance(editor, QComboBox):
            # A required choice not made yet has nothing selected, so Enter picks nothing.
            editor.setCurrentIndex(editor.findData(value))
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        column = self._column(index)
        if isinstance(editor, _KeysBox):
            value: Any = editor.checked()
        elif isinstance(editor, ChoiceBox) and editor.isEditable():
            text = editor.currentText().strip()
            value = (
                country_code(text) if column.kind is ColumnKind.COUNTRY else editor.typed_value()
            )
        elif isinstance(editor, QComboBox):
            value = editor.currentData()
        elif isinstance(editor, QLineEdit):
            value = editor.text()
        else:
            return
        model.setData(index, value, Qt.ItemDataRole.EditRole)

    # -- behaviour -----------------------------------------------------------------------------

    @staticmethod
    def _column(index: _Index) -> ItemColumn:
        model = index.model()
        assert isinstance(model, ItemsTableModel)
        return model.column(index.column())

    def _picking(self, box: QComboBox) -> QComboBox:
        # The list may be wider than its cell: labels are read whole, not elided.
        box.view().setMinimumWidth(min(480, box.view().sizeHintForColumn(0) + 24))
        box.activated.connect(lambda _index: self._finish(box))
        QTimer.singleShot(0, box, box.showPopup)
        return box

    def _finish(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
