"""Which activities the register shows: the search text and the filters, applied row by row
on the lines the table model prepared (short lowercase strings and flags, no JSON)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from ui.models.activity_table_model import ActivityLine, ActivityTableModel

Index = QModelIndex | QPersistentModelIndex

NO_OWNER = 0  # `owner_id` value of the filter that keeps the activities nobody owns


@dataclass(frozen=True)
class ActivityFilter:
    text: str = ""  # in the reference, name or owner; any case
    status: str | None = None
    legal_basis: str | None = None  # a LegalBasis code
    special_data: bool | None = None  # None: either
    transfers: bool | None = None
    owner_id: int | None = None  # NO_OWNER: activities without an owner

    @property
    def is_empty(self) -> bool:
        return self == ActivityFilter(text=self.text) and not self.text.strip()


class ActivityFilterProxy(QSortFilterProxyModel):
    """Filters on the lines of an ActivityTableModel; the sorting is the model's own."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._filter = ActivityFilter()
        self._lines: list[ActivityLine] = []
        self._accepts: Callable[[ActivityLine], bool] = _everything

    def setSourceModel(self, source: QAbstractItemModel) -> None:
        assert isinstance(source, ActivityTableModel)
        self._lines = source.lines()  # the model changes this list in place
        super().setSourceModel(source)

    def activity_filter(self) -> ActivityFilter:
        return self._filter

    def set_activity_filter(self, activity_filter: ActivityFilter) -> None:
        if activity_filter == self._filter:
            return
        self.beginFilterChange()
        self._filter = activity_filter
        self._accepts = _test_for(activity_filter)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        # Called once per row on every keystroke: one list lookup and one prepared test.
        return self._accepts(self._lines[source_row])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The source sorts with one Python key per row; the proxy keeps its order.
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)


def _everything(_line: ActivityLine) -> bool:
    return True


def _test_for(wanted: ActivityFilter) -> Callable[[ActivityLine], bool]:
    """One test for the filter, made of only the criteria it sets."""
    tests: list[Callable[[ActivityLine], bool]] = []
    needle = wanted.text.strip().casefold()
    if needle:
        tests.append(lambda line: needle in line.search)
    if wanted.status is not None:
        status = wanted.status
        tests.append(lambda line: line.row.status == status)
    if wanted.legal_basis is not None:
        basis = wanted.legal_basis
        tests.append(lambda line: basis in line.row.legal_bases)
    if wanted.special_data is not None:
        special = wanted.special_data
        tests.append(lambda line: line.row.has_special_data == special)
    if wanted.transfers is not None:
        transfers = wanted.transfers
        tests.append(lambda line: line.row.has_transfers == transfers)
    if wanted.owner_id is not None:
        owner = wanted.owner_id
        tests.append(lambda line: (line.row.owner_id or NO_OWNER) == owner)
    if not tests:
        return _everything
    if len(tests) == 1:
        return tests[0]
    return lambda line: all(test(line) for test in tests)
