"""The register as a table: one light row per activity (no JSON), ready to filter and sort.

Everything a filter or a sort looks at is worked out once per row when the rows arrive
(`prepare_lines`, which needs no Qt and runs on a worker thread), so a keystroke in the search
box only compares short lowercase strings. Sorting happens here, in Python, with one key per
row: a proxy that sorted would call back into Python for every comparison.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from app.domain.activity import ACTIVITY_STATUS_LABELS, ActivityStatus
from app.domain.legal_bases import LEGAL_BASIS_LABELS, LegalBasis
from app.i18n import N_, _

if TYPE_CHECKING:
    from app.services.register import ActivityRow

Index = QModelIndex | QPersistentModelIndex
OVERDUE_COLOUR = QColor("#c62828")
CHECK = "✓"
# Above this many new rows an update re-sorts everything (one reset) instead of placing each.
_MANY = 50


class Column(IntEnum):
    REFERENCE = 0
    NAME = 1
    STATUS = 2
    OWNER = 3
    CONTROLLER = 4
    LEGAL_BASES = 5
    SPECIAL_DATA = 6
    TRANSFERS = 7
    NEXT_REVIEW = 8


COLUMN_TITLES = {
    Column.REFERENCE: N_("Reference"),
    Column.NAME: N_("Name"),
    Column.STATUS: N_("Status"),
    Column.OWNER: N_("Owner"),
    Column.CONTROLLER: N_("Controller"),
    Column.LEGAL_BASES: N_("Legal bases"),
    Column.SPECIAL_DATA: N_("Special data"),
    Column.TRANSFERS: N_("Transfers"),
    Column.NEXT_REVIEW: N_("Next review"),
}
COLUMN_TIPS = {
    Column.SPECIAL_DATA: N_("Special-category (Art. 9) or criminal-offence (Art. 10) data"),
    Column.TRANSFERS: N_("Transfers outside the EEA (Chapter V)"),
}

# A table cell has room for the plain words; the full label (with the article) is the tooltip.
SHORT_BASIS_LABELS = {
    LegalBasis.CONSENT: N_("Consent"),
    LegalBasis.CONTRACT: N_("Contract"),
    LegalBasis.LEGAL_OBLIGATION: N_("Legal obligation"),
    LegalBasis.VITAL_INTERESTS: N_("Vital interests"),
    LegalBasis.PUBLIC_TASK: N_("Public task"),
    LegalBasis.LEGITIMATE_INTERESTS: N_("Legitimate interests"),
}
_STATUS_ORDER = {status.value: position for position, status in enumerate(ActivityStatus)}
_BASIS_ORDER = {basis.value: position for position, basis in enumerate(LegalBasis)}


class ActivityLine:
    """One row as the table shows, filters and sorts it, worked out once."""

    __slots__ = ("bases", "bases_tip", "overdue", "review", "row", "search", "status")

    def __init__(self, row: ActivityRow, today: date) -> None:
        self.row = row
        label = ACTIVITY_STATUS_LABELS.get(row.status)  # type: ignore[call-overload]
        self.status = _(label) if label else row.status
        codes = sorted(row.legal_bases, key=lambda code: _BASIS_ORDER.get(code, 99))
        self.bases = ", ".join(_(SHORT_BASIS_LABELS.get(code, code)) for code in codes)  # type: ignore[call-overload]
        self.bases_tip = "\n".join(_(LEGAL_BASIS_LABELS.get(code, code)) for code in codes)  # type: ignore[call-overload]
        self.review = row.next_review.isoformat() if row.next_review else ""
        self.overdue = row.next_review is not None and row.next_review < today
        # What the search box looks in: reference, name and owner, lowercased once.
        self.search = f"{row.reference}\n{row.name}\n{row.owner_name}".casefold()


def prepare_lines(rows: Iterable[ActivityRow], today: date | None = None) -> list[ActivityLine]:
    """The table's lines for `rows` (no Qt: safe on a worker thread)."""
    today = today or date.today()
    return [ActivityLine(row, today) for row in rows]


def _sort_key(column: int) -> Callable[[ActivityLine], Any]:
    """Ascending order for a column; flags put the ticked rows first, empty values go last."""
    keys: dict[int, Callable[[ActivityLine], Any]] = {
        Column.REFERENCE: lambda line: line.row.reference.casefold(),
        Column.NAME: lambda line: line.row.name.casefold(),
        Column.STATUS: lambda line: _STATUS_ORDER.get(line.row.status, 99),
        Column.OWNER: lambda line: (not line.row.owner_name, line.row.owner_name.casefold()),
        Column.CONTROLLER: lambda line: line.row.controller_name.casefold(),
        Column.LEGAL_BASES: lambda line: (not line.bases, line.bases.casefold()),
        Column.SPECIAL_DATA: lambda line: not line.row.has_special_data,
        Column.TRANSFERS: lambda line: not line.row.has_transfers,
        Column.NEXT_REVIEW: lambda line: (line.row.next_review is None, line.review),
    }
    return keys.get(column, keys[Column.REFERENCE])


class ActivityTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._lines: list[ActivityLine] = []
        self._sort_column = int(Column.REFERENCE)
        self._sort_order = Qt.SortOrder.AscendingOrder

    # -- rows ----------------------------------------------------------------------------------

    def set_rows(self, rows: Iterable[ActivityRow], today: date | None = None) -> None:
        self.set_lines(prepare_lines(rows, today))

    def set_lines(self, lines: list[ActivityLine]) -> None:
        """Show `lines`. Rows already shown stay where they are (an edit does not make the
        selected row jump away); removed rows go, new ones are placed in the sort order."""
        if not self._lines:
            self.beginResetModel()
            self._lines[:] = self._sorted(lines)
            self.endResetModel()
            return
        incoming = {line.row.id: line for line in lines}
        for first, last in reversed(
            _runs(i for i, old in enumerate(self._lines) if old.row.id not in incoming)
        ):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._lines[first : last + 1]
            self.endRemoveRows()
        shown = set()
        for position, old in enumerate(self._lines):
            shown.add(old.row.id)
            new = incoming[old.row.id]
            self._lines[position] = new
            if new.row != old.row:
                self.dataChanged.emit(
                    self.index(position, 0), self.index(position, len(Column) - 1)
                )
        added = [line for line in lines if line.row.id not in shown]
        if len(added) > _MANY:
            self.beginResetModel()
            self._lines[:] = self._sorted(self._lines + added)
            self.endResetModel()
            return
        key = _sort_key(self._sort_column)
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        for line in added:
            position = self._place(key(line), key, descending)
            self.beginInsertRows(QModelIndex(), position, position)
            self._lines.insert(position, line)
            self.endInsertRows()

    def _place(self, wanted: Any, key: Callable[[ActivityLine], Any], descending: bool) -> int:
        for position, line in enumerate(self._lines):
            if (key(line) < wanted) if descending else (wanted < key(line)):
                return position
        return len(self._lines)

    def line_at(self, row: int) -> ActivityLine | None:
        return self._lines[row] if 0 <= row < len(self._lines) else None

    def activity_at(self, row: int) -> ActivityRow | None:
        line = self.line_at(row)
        return line.row if line is not None else None

    def row_of(self, activity_id: int | None) -> int:
        """The row showing `activity_id`, or -1."""
        return next((row for row, line in enumerate(self._lines) if line.row.id == activity_id), -1)

    def lines(self) -> list[ActivityLine]:
        """The rows in table order; always the same list object (changed in place), so a
        proxy may hold on to it."""
        return self._lines

    # -- sorting -------------------------------------------------------------------------------

    def _sorted(self, lines: list[ActivityLine]) -> list[ActivityLine]:
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        if self._sort_column != Column.REFERENCE:  # ties keep the reference order
            lines = sorted(lines, key=_sort_key(Column.REFERENCE))
        return sorted(lines, key=_sort_key(self._sort_column), reverse=descending)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        where = [(self._lines[index.row()].row.id, index.column()) for index in before]
        self._lines[:] = self._sorted(self._lines)
        rows = {line.row.id: row for row, line in enumerate(self._lines)}
        self.changePersistentIndexList(
            before, [self.index(rows[activity_id], column) for activity_id, column in where]
        )
        self.layoutChanged.emit()

    # -- the model contract ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line = self.line_at(index.row())
        if line is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(line, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return OVERDUE_COLOUR if column == Column.NEXT_REVIEW and line.overdue else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.LEGAL_BASES:
                return line.bases_tip or None
            if column == Column.NEXT_REVIEW and line.overdue:
                return _("The review is overdue (Art. 24(1)).")
            if column == Column.NAME:
                return line.row.name
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            Column.SPECIAL_DATA,
            Column.TRANSFERS,
        ):
            return Qt.AlignmentFlag.AlignCenter
        return None

    @staticmethod
    def _display(line: ActivityLine, column: int) -> str:
        row = line.row
        if column == Column.REFERENCE:
            return row.reference
        if column == Column.NAME:
            return row.name
        if column == Column.STATUS:
            return line.status
        if column == Column.OWNER:
            return row.owner_name
        if column == Column.CONTROLLER:
            return row.controller_name
        if column == Column.LEGAL_BASES:
            return line.bases
        if column == Column.SPECIAL_DATA:
            return CHECK if row.has_special_data else ""
        if column == Column.TRANSFERS:
            return CHECK if row.has_transfers else ""
        return line.review

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


def _runs(rows: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive row numbers as (first, last) ranges, in order."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
