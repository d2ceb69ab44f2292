"""Processor records (Art. 30(2)) as a table: which organisation of the workspace serves which
controller, and whether data leaves the EEA; with the proxy that searches and sorts them."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from app.i18n import N_, _

if TYPE_CHECKING:
    from app.services.register import ProcessorActivityRow

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole
CHECK = "✓"


class Column(IntEnum):
    REFERENCE = 0
    PROCESSOR = 1
    CONTROLLER = 2
    TRANSFERS = 3


COLUMN_TITLES = {
    Column.REFERENCE: N_("Reference"),
    Column.PROCESSOR: N_("Processor (our organisation)"),
    Column.CONTROLLER: N_("Controller served"),
    Column.TRANSFERS: N_("Transfers"),
}
COLUMN_TIPS = {
    Column.PROCESSOR: N_("The organisation of this workspace that processes the data"),
    Column.CONTROLLER: N_("The organisation on whose behalf the data is processed"),
    Column.TRANSFERS: N_("Transfers outside the EEA (Chapter V)"),
}


class ProcessorActivityTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ProcessorActivityRow] = []
        self._search: list[str] = []

    def set_rows(self, rows: list[ProcessorActivityRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        # What the search box looks in, lowercased once.
        self._search = [
            f"{row.reference}\n{row.processor_name}\n{row.controller_name}".casefold()
            for row in self._rows
        ]
        self.endResetModel()

    def record_at(self, row: int) -> ProcessorActivityRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def search_text(self, row: int) -> str:
        return self._search[row]

    def row_of(self, record_id: int | None) -> int:
        return next((row for row, record in enumerate(self._rows) if record.id == record_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.record_at(index.row())
        if record is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(record, column)
        if role == SORT_ROLE:
            if column == Column.TRANSFERS:
                return int(not record.has_transfers)  # the ticked rows first
            return self._display(record, column).casefold()
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.CONTROLLER:
            return record.controller_name
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.TRANSFERS:
            return Qt.AlignmentFlag.AlignCenter
        return None

    @staticmethod
    def _display(record: ProcessorActivityRow, column: int) -> str:
        if column == Column.REFERENCE:
            return record.reference
        if column == Column.PROCESSOR:
            return record.processor_name
        if column == Column.CONTROLLER:
            return record.controller_name
        return CHECK if record.has_transfers else ""

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMN_TITLES[Column(section)])
        if role == Qt.ItemDataRole.ToolTipRole and section in COLUMN_TIPS:
            return _(COLUMN_TIPS[Column(section)])
        return None


class ProcessorActivityFilterProxy(QSortFilterProxyModel):
    """Search by reference, processor or controller."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self.setSortRole(SORT_ROLE)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def is_filtered(self) -> bool:
        return bool(self._needle)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        source = self.sourceModel()
        assert isinstance(source, ProcessorActivityTableModel)
        return not self._needle or self._needle in source.search_text(source_row)
