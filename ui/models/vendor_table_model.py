"""Vendors as a table: who they are, whether their Art. 28 contract is in order, and how many
activities use them; with the proxy that searches and keeps the contracts needing attention."""

from __future__ import annotations

from datetime import date
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from app.domain.countries import country_name
from app.domain.vendor import VENDOR_ROLE_LABELS, VendorRole
from app.domain.vendor_contract import CONTRACT_STATUS_LABELS, ContractStatus
from app.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from app.services.register import VendorRow

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole


class Column(IntEnum):
    NAME = 0
    COUNTRY = 1
    ROLE = 2
    CONTRACT = 3
    REVIEW = 4
    USED_BY = 5


COLUMN_TITLES = {
    Column.NAME: N_("Name"),
    Column.COUNTRY: N_("Country"),
    Column.ROLE: N_("Role"),
    Column.CONTRACT: N_("Contract (Art. 28)"),
    Column.REVIEW: N_("Review or expiry"),
    Column.USED_BY: N_("Used by"),
}
SHORT_ROLE_LABELS = {
    VendorRole.PROCESSOR: N_("Processor"),
    VendorRole.SUB_PROCESSOR: N_("Sub-processor"),
    VendorRole.JOINT_CONTROLLER: N_("Joint controller"),
    VendorRole.INDEPENDENT_CONTROLLER: N_("Independent controller"),
}
CONTRACT_COLOURS = {
    ContractStatus.MISSING: QColor("#c62828"),
    ContractStatus.EXPIRED: QColor("#c62828"),
    ContractStatus.DUE_SOON: QColor("#b26a00"),
    ContractStatus.OK: QColor("#2e7d32"),
}
NEEDS_ATTENTION = frozenset(
    {ContractStatus.MISSING, ContractStatus.EXPIRED, ContractStatus.DUE_SOON}
)
# Worst first when sorting by contract.
_CONTRACT_ORDER = {
    ContractStatus.MISSING: 0,
    ContractStatus.EXPIRED: 1,
    ContractStatus.DUE_SOON: 2,
    ContractStatus.OK: 3,
    ContractStatus.NOT_NEEDED: 4,
}


def contract_label(status: ContractStatus) -> str:
    return _(CONTRACT_STATUS_LABELS[status])


def used_by_text(count: int) -> str:
    if not count:
        return "—"
    return ngettext("{count} activity", "{count} activities", count).format(count=count)


class VendorTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[VendorRow] = []
        self._search: list[str] = []

    def set_rows(self, rows: list[VendorRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._search = [
            f"{row.name}\n{country_name(row.country) if row.country else ''}".casefold()
            for row in self._rows
        ]
        self.endResetModel()

    def vendor_at(self, row: int) -> VendorRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def search_text(self, row: int) -> str:
        return self._search[row]

    def row_of(self, vendor_id: int | None) -> int:
        return next((row for row, vendor in enumerate(self._rows) if vendor.id == vendor_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        vendor = self.vendor_at(index.row())
        if vendor is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(vendor, column)
        if role == SORT_ROLE:
            return self._sort_key(vendor, column)
        if role == Qt.ItemDataRole.ForegroundRole and column in (Column.CONTRACT, Column.REVIEW):
            if column == Column.REVIEW and vendor.contract is ContractStatus.OK:
                return None
            return CONTRACT_COLOURS.get(vendor.contract)
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.ROLE:
            label = VENDOR_ROLE_LABELS.get(vendor.role)  # type: ignore[call-overload]
            return _(label) if label else None
        return None

    @staticmethod
    def _display(vendor: VendorRow, column: int) -> str:
        if column == Column.NAME:
            return vendor.name
        if column == Column.COUNTRY:
            return country_name(vendor.country) if vendor.country else ""
        if column == Column.ROLE:
            label = SHORT_ROLE_LABELS.get(vendor.role)  # type: ignore[call-overload]
            return _(label) if label else vendor.role
        if column == Column.CONTRACT:
            return contract_label(vendor.contract)
        if column == Column.REVIEW:
            return vendor.dpa_review_on.isoformat() if vendor.dpa_review_on else ""
        return used_by_text(vendor.activity_count)

    @staticmethod
    def _sort_key(vendor: VendorRow, column: int) -> Any:
        if column == Column.CONTRACT:
            return _CONTRACT_ORDER[vendor.contract]
        if column == Column.REVIEW:
            return (vendor.dpa_review_on or date.max).isoformat()
        if column == Column.USED_BY:
            return vendor.activity_count
        return VendorTableModel._display(vendor, column).casefold()

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


class VendorFilterProxy(QSortFilterProxyModel):
    """Search by name or country; optionally only the contracts needing attention."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._attention_only = False
        self.setSortRole(SORT_ROLE)

    def set_search(self, text: str, attention_only: bool) -> None:
        self.beginFilterChange()
        self._needle = text.strip().casefold()
        self._attention_only = attention_only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def is_filtered(self) -> bool:
        return bool(self._needle) or self._attention_only

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        source = self.sourceModel()
        assert isinstance(source, VendorTableModel)
        vendor = source.vendor_at(source_row)
        if vendor is None:
            return False
        if self._attention_only and vendor.contract not in NEEDS_ATTENTION:
            return False
        return not self._needle or self._needle in source.search_text(source_row)
