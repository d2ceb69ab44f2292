"""A catalogue as a table: each entry's label, description, where it comes from and whether it
is hidden; labels and descriptions are edited in place. With the proxy that searches and keeps
hidden entries out of sight unless the user asks to see them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from app.i18n import N_, _

if TYPE_CHECKING:
    from app.services.catalogues import CatalogueItem

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole


class Column(IntEnum):
    LABEL = 0
    DESCRIPTION = 1
    ORIGIN = 2
    HIDDEN = 3


COLUMN_TITLES = {
    Column.LABEL: N_("Label"),
    Column.DESCRIPTION: N_("Description"),
    Column.ORIGIN: N_("Origin"),
    Column.HIDDEN: N_("Hidden"),
}
_EDITABLE = {Column.LABEL: "label", Column.DESCRIPTION: "description"}


class CatalogueTableModel(QAbstractTableModel):
    """Light rows (CatalogueItem); an edit changes the row at once and asks for it to be
    stored through `entry_edited`, the page's reload then shows what was stored."""

    entry_edited = Signal(str, str, str)  # key, "label" or "description", the new text
    edit_refused = Signal(str)  # why the edit was not taken (an empty label)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[CatalogueItem] = []
        self._shipped: Mapping[str, tuple[str, str]] = {}
        self._search: list[str] = []

    def set_items(self, items: list[CatalogueItem], shipped: Mapping[str, tuple[str, str]]) -> None:
        """`shipped` gives each shipped key's own (label, description), to tell edited
        entries from untouched ones."""
        self.beginResetModel()
        self._items = list(items)
        self._shipped = dict(shipped)
        self._search = [f"{item.label}\n{item.description}".casefold() for item in self._items]
        self.endResetModel()

    def item_at(self, row: int) -> CatalogueItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, key: str | None) -> int:
        return next((row for row, item in enumerate(self._items) if item.key == key), -1)

    def search_text(self, row: int) -> str:
        return self._search[row]

    def hidden_count(self) -> int:
        return sum(item.hidden for item in self._items)

    def origin(self, item: CatalogueItem) -> str:
        if not item.shipped:
            return _("Yours")
        if self._shipped.get(item.key, (item.label, item.description)) != (
            item.label,
            item.description,
        ):
            return _("Shipped, edited")
        return _("Shipped")

    # -- Qt's model interface ------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in _EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item_at(index.row())
        if item is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._display(item, column, editing=role == Qt.ItemDataRole.EditRole)
        if role == SORT_ROLE:
            return self._display(item, column).casefold()
        if role == Qt.ItemDataRole.ForegroundRole and item.hidden:
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.FontRole and item.hidden:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, column)
        return None

    def _display(self, item: CatalogueItem, column: int, *, editing: bool = False) -> str:
        if column == Column.LABEL:
            return item.label
        if column == Column.DESCRIPTION:
            # One line in the table; the editor gets the text as stored.
            return item.description if editing else " ".join(item.description.split())
        if column == Column.ORIGIN:
            return self.origin(item)
        return _("Hidden") if item.hidden else ""

    def _tooltip(self, item: CatalogueItem, column: int) -> str | None:
        if column == Column.DESCRIPTION and item.description:
            return item.description
        if column == Column.ORIGIN and item.shipped:
            label, _description = self._shipped.get(item.key, (item.label, ""))
            if label != item.label:
                return _("Comes with the app as “{label}”.").format(label=label)
            return _("Comes with the app.")
        if column == Column.ORIGIN:
            return _("Added in this workspace.")
        if column == Column.HIDDEN and item.hidden:
            return _("Not offered in pick-lists; records that name it keep it.")
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        item = self.item_at(index.row())
        field = _EDITABLE.get(Column(index.column())) if index.isValid() else None
        if item is None or field is None or role != Qt.ItemDataRole.EditRole:
            return False
        text = " ".join(str(value).split()) if field == "label" else str(value).strip()
        if field == "label" and not text:
            self.edit_refused.emit(
                _("A label cannot be empty: “{label}” keeps its name.").format(label=item.label)
            )
            return False
        if text == getattr(item, field):
            return False
        edited = self._items[index.row()] = (
            replace(item, label=text) if field == "label" else replace(item, description=text)
        )
        self._search[index.row()] = f"{edited.label}\n{edited.description}".casefold()
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(Column) - 1))
        self.entry_edited.emit(item.key, field, text)
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(Column)
        ):
            return _(COLUMN_TITLES[Column(section)])
        return None


class CatalogueFilterProxy(QSortFilterProxyModel):
    """Search by label or description; hidden entries only when asked for."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._show_hidden = False
        self.setSortRole(SORT_ROLE)

    def set_filter(self, text: str, show_hidden: bool) -> None:
        self.beginFilterChange()
        self._needle = text.strip().casefold()
        self._show_hidden = show_hidden
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def is_searching(self) -> bool:
        return bool(self._needle)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        source = self.sourceModel()
        assert isinstance(source, CatalogueTableModel)
        item = source.item_at(source_row)
        if item is None or (item.hidden and not self._show_hidden):
            return False
        return not self._needle or self._needle in source.search_text(source_row)
