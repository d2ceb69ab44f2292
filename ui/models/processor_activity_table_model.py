"""Processor records (Art. 30(2)) as a table: which organisation of the workspace serves which
controller, and whether data leaves the EEA; with the proxy that searches and sorts them."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    Qt,
)

from app.i18n import N_, _
from ui.models.row_table_model import SORT_ROLE, Index, RowSearchProxy, RowTableModel

if TYPE_CHECKING:
    from app.services.register import ProcessorActivityRow

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


class ProcessorActivityTableModel(RowTableModel):
    column_count = len(Column)

    def _search_text_of(self, row: ProcessorActivityRow) -> str:
        return f"{row.reference}\n{row.processor_name}\n{row.controller_name}"

    def record_at(self, row: int) -> ProcessorActivityRow | None:
        return self.row_at(row)

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


class ProcessorActivityFilterProxy(RowSearchProxy):
    """Search by reference, processor or controller."""
