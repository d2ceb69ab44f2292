"""Collection plans as a table: reference, name, status, channel, the data kept and removed,
the screening outcome and the register entry the plan made."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from app.i18n import N_, _, ngettext
from ui.models.row_table_model import SORT_ROLE, Index, RowTableModel

if TYPE_CHECKING:
    from app.services.plans import PlanRow


class Column(IntEnum):
    REFERENCE = 0
    NAME = 1
    STATUS = 2
    CHANNEL = 3
    DATA = 4
    SCREENING = 5
    REGISTER = 6


COLUMN_TITLES = {
    Column.REFERENCE: N_("Reference"),
    Column.NAME: N_("Name"),
    Column.STATUS: N_("Status"),
    Column.CHANNEL: N_("Collected through"),
    Column.DATA: N_("Data kept / removed"),
    Column.SCREENING: N_("Risk screening"),
    Column.REGISTER: N_("Register entry"),
}


class PlanTableModel(RowTableModel):
    column_count = len(Column)

    def _search_text_of(self, row: PlanRow) -> str:
        return f"{row.reference}\n{row.name}\n{row.channel}\n{row.status}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        plan: PlanRow | None = self.row_at(index.row())
        if plan is None:
            return None
        column = index.column()
        if role == SORT_ROLE:
            if column == Column.DATA:
                return plan.data
            return str(self._display(plan, column)).casefold()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(plan, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.DATA:
            return ngettext("{count} purpose", "{count} purposes", plan.purposes).format(
                count=plan.purposes
            )
        return None

    @staticmethod
    def _display(plan: PlanRow, column: int) -> str:
        values = {
            Column.REFERENCE: plan.reference,
            Column.NAME: plan.name,
            Column.STATUS: plan.status,
            Column.CHANNEL: plan.channel,
            Column.DATA: _("{kept} kept, {removed} removed").format(
                kept=plan.data, removed=plan.removed
            ),
            Column.SCREENING: plan.screening,
            Column.REGISTER: plan.activity_reference or "—",
        }
        return values[Column(column)]

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
