"""The DPIAs as table rows: reference, title, status, the activities they cover, the highest
risk left once every measure is in place, the planned measures and the frozen versions."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.domain.risk_matrix import RISK_LEVEL_LABELS, RiskLevel
from app.i18n import N_, _
from app.services.dpia import DpiaRow
from ui.models.row_table_model import SORT_ROLE, RowTableModel

LEVEL_COLOURS = {
    RiskLevel.LOW: QColor("#2e7d32"),
    RiskLevel.MEDIUM: QColor("#b26a00"),
    RiskLevel.HIGH: QColor("#c62828"),
}
_LEVEL_ORDER = {None: 0, RiskLevel.LOW: 1, RiskLevel.MEDIUM: 2, RiskLevel.HIGH: 3}


class Column(IntEnum):
    REFERENCE = 0
    TITLE = 1
    STATUS = 2
    ACTIVITIES = 3
    RESIDUAL = 4
    PLANNED = 5
    VERSIONS = 6


_HEADERS = {
    Column.REFERENCE: N_("Reference"),
    Column.TITLE: N_("Title"),
    Column.STATUS: N_("Status"),
    Column.ACTIVITIES: N_("Activities"),
    Column.RESIDUAL: N_("Residual risk"),
    Column.PLANNED: N_("Planned measures"),
    Column.VERSIONS: N_("Versions"),
}


def level_text(level: RiskLevel | None) -> str:
    return _(RISK_LEVEL_LABELS[level]) if level is not None else _("Not rated")


class DpiaTableModel(RowTableModel):
    column_count = len(Column)

    def _search_text_of(self, row: DpiaRow) -> str:
        return " ".join((row.reference, row.title, row.status, row.activities))

    def dpia_at(self, row: int) -> DpiaRow | None:
        found = self.row_at(row)
        return found if isinstance(found, DpiaRow) else None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(_HEADERS[Column(section)])
        return None

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        row = self.dpia_at(index.row())
        if row is None:
            return None
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, column)
        if role == SORT_ROLE:
            if column == Column.RESIDUAL:
                return _LEVEL_ORDER[row.highest_residual]
            if column in (Column.PLANNED, Column.VERSIONS):
                return row.planned_measures if column == Column.PLANNED else row.version
            return self._text(row, column).casefold()
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.RESIDUAL:
            return LEVEL_COLOURS.get(row.highest_residual) if row.highest_residual else None
        return None

    @staticmethod
    def _text(row: DpiaRow, column: Column) -> str:
        if column == Column.REFERENCE:
            return row.reference
        if column == Column.TITLE:
            return row.title
        if column == Column.STATUS:
            return row.status
        if column == Column.ACTIVITIES:
            return row.activities
        if column == Column.RESIDUAL:
            return level_text(row.highest_residual)
        if column == Column.PLANNED:
            return str(row.planned_measures)
        return str(row.version)
