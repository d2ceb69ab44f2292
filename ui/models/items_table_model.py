"""The entries of a list field (purposes, data categories, recipients, ...) as table rows.

Each row is the entry's plain dict, as stored; columns come from the entry's pydantic model.
A row the user has just added is a draft until its required columns are filled in: drafts are
shown but not part of the stored list yet, so filling a new row is never an error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, get_args, get_origin

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from app.domain.list_fields import Item
from app.domain.register_items import item_field_enum
from app.i18n import _

_Index = QModelIndex | QPersistentModelIndex
# Columns the user never edits: ids that keep links between entries stable.
INTERNAL_COLUMNS = frozenset({"key"})
# Free-text columns that usually hold a country, where a country list helps.
COUNTRY_COLUMNS = frozenset({"destination", "country"})
_LONG_TEXT = 30  # characters: longer texts also show whole in a tooltip


class ColumnKind(StrEnum):
    TEXT = "text"
    CHOICE = "choice"  # one value of an enum
    REFERENCE = "reference"  # the id of another record (a vendor)
    KEYS = "keys"  # several keys of the record's other entries (the purposes served)
    COUNTRY = "country"  # a country code or a free text


@dataclass(frozen=True)
class ItemColumn:
    name: str
    title: str  # marked with N_, translated where shown
    kind: ColumnKind
    required: bool
    optional_choice: bool = False  # a CHOICE that may be left empty
    choices: type[StrEnum] | None = None
    max_length: int | None = None


def item_columns(model: type[Item]) -> list[ItemColumn]:
    """The columns a person edits for `model`, in declaration order."""
    columns = []
    for name, info in model.model_fields.items():
        if name in INTERNAL_COLUMNS:
            continue
        annotation = info.annotation
        enum = item_field_enum(model, name)
        max_length = next(
            (m.max_length for m in info.metadata if getattr(m, "max_length", None)), None
        )
        if enum is not None:
            kind = ColumnKind.CHOICE
        elif get_origin(annotation) is list:
            kind = ColumnKind.KEYS
        elif int in get_args(annotation) or annotation is int:
            kind = ColumnKind.REFERENCE
        elif name in COUNTRY_COLUMNS:
            kind = ColumnKind.COUNTRY
        else:
            kind = ColumnKind.TEXT
        columns.append(
            ItemColumn(
                name,
                info.title or name,
                kind,
                info.is_required(),
                optional_choice=enum is not None and type(None) in get_args(annotation),
                choices=enum,
                max_length=max_length,
            )
        )
    return columns


def new_row(model: type[Item]) -> dict[str, Any]:
    """A new entry: the model's defaults, required columns empty."""
    row: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if info.is_required():
            row[name] = "" if info.annotation is str else None
            continue
        default = info.get_default(call_default_factory=True)
        row[name] = default.value if isinstance(default, StrEnum) else default
    return row


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


class ItemsTableModel(QAbstractTableModel):
    """Rows of entry dicts; `label` turns a stored value into what a cell shows."""

    cell_edited = Signal(int, str)  # row, column name: the user changed a cell

    def __init__(
        self,
        columns: Sequence[ItemColumn],
        label: Callable[[ItemColumn, Any], str],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._label = label
        self._rows: list[dict[str, Any]] = []
        self._drafts: list[bool] = []

    # -- reading -------------------------------------------------------------------------------

    def columns(self) -> list[ItemColumn]:
        return list(self._columns)

    def column(self, index: int) -> ItemColumn:
        return self._columns[index]

    def column_index(self, name: str) -> int:
        return next(i for i, column in enumerate(self._columns) if column.name == name)

    def row(self, row: int) -> dict[str, Any]:
        return dict(self._rows[row])

    def rows(self) -> list[dict[str, Any]]:
        return [dict(row) for row in self._rows]

    def missing_columns(self, row: int) -> list[ItemColumn]:
        """The required columns still empty in `row`."""
        return [c for c in self._columns if c.required and is_empty(self._rows[row].get(c.name))]

    def is_pending(self, row: int) -> bool:
        """A new row whose required columns are not all filled in yet: not stored."""
        return self._drafts[row] and bool(self.missing_columns(row))

    def has_pending(self) -> bool:
        return any(self.is_pending(row) for row in range(len(self._rows)))

    # -- changing ------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = [dict(row) for row in rows]
        self._drafts = [False] * len(self._rows)
        self.endResetModel()

    def append_draft(self, row: dict[str, Any]) -> int:
        position = len(self._rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.append(dict(row))
        self._drafts.append(True)
        self.endInsertRows()
        return position

    def remove_rows(self, rows: Sequence[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            del self._drafts[row]
            self.endRemoveRows()

    def move_row(self, row: int, offset: int) -> int:
        target = row + offset
        if not (0 <= row < len(self._rows) and 0 <= target < len(self._rows)):
            return row
        # Qt's destination is the row *before which* the moved row lands.
        destination = target + 1 if offset > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self._rows.insert(target, self._rows.pop(row))
        self._drafts.insert(target, self._drafts.pop(row))
        self.endMoveRows()
        return target

    def adopt(self, positions: Sequence[int], cleaned: Sequence[dict[str, Any]]) -> None:
        """Take the stored form of the rows at `positions` (trimmed, codes upper-cased); they
        are no longer drafts."""
        for row, value in zip(positions, cleaned, strict=True):
            self._drafts[row] = False
            if self._rows[row] != value:
                self._rows[row] = dict(value)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._columns) - 1))

    def refresh_labels(self) -> None:
        """Labels of references changed (a vendor renamed, a purpose edited): repaint."""
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._rows) - 1, len(self._columns) - 1),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole],
            )

    # -- Qt model ------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            column = self._columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return _(column.title) + (" *" if column.required else "")
            if role == Qt.ItemDataRole.ToolTipRole and column.required:
                return _("{column} (required)").format(column=_(column.title))
        elif role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)  # as in the messages: "entry 2, …"
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self._columns[index.column()]
        value = self._rows[index.row()].get(column.name)
        placeholder = column.required and is_empty(value)
        if role == Qt.ItemDataRole.DisplayRole:
            return _("required") if placeholder else self._label(column, value)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.ToolTipRole and not is_empty(value):
            text = self._label(column, value)
            long = len(text) > _LONG_TEXT or column.kind is not ColumnKind.TEXT
            return text if long else None
        if role == Qt.ItemDataRole.ForegroundRole and placeholder:
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.FontRole and placeholder:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        column = self._columns[index.column()]
        row = self._rows[index.row()]
        if row.get(column.name) == value:
            return True  # nothing changed: no save, no message
        row[column.name] = value
        self.dataChanged.emit(index, index)
        self.cell_edited.emit(index.row(), column.name)
        return True

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
