"""The audit trail as a table, newest first, loaded 500 rows at a time.

A workspace's history only grows; the view asks for the next page (canFetchMore/fetchMore)
when the user scrolls near the end, so opening the page never reads the whole trail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from app.i18n import N_, _
from ui.operations.session import WorkspaceSession

if TYPE_CHECKING:
    from app.services.history import HistoryEntry

PAGE_SIZE = 500
COLUMNS = [
    N_("When"),
    N_("Who"),
    N_("Record"),
    N_("Field"),
    N_("Old value"),
    N_("New value"),
    N_("Change"),
]
WHEN, WHO, RECORD, FIELD, OLD, NEW, CHANGE = range(len(COLUMNS))
Index = QModelIndex | QPersistentModelIndex


def _one_line(text: str) -> str:
    return " ↵ ".join(part.strip() for part in text.splitlines()) if "\n" in text else text


class HistoryTableModel(QAbstractTableModel):
    loaded = Signal()  # rows were added or replaced: the page recounts what it shows

    def __init__(self, session: WorkspaceSession, parent: Any = None) -> None:
        super().__init__(parent)
        self._session = session
        self._entries: list[HistoryEntry] = []
        self._total = 0
        self._offset = 0
        self._exhausted = True

    @property
    def total(self) -> int:
        """How many changes the workspace has recorded (loaded or not)."""
        return self._total

    def reload(self) -> None:
        self.beginResetModel()
        self._total = self._session.history_count()
        self._entries = self._session.history(PAGE_SIZE, 0)
        self._offset = len(self._entries)
        self._exhausted = len(self._entries) < PAGE_SIZE or self._offset >= self._total
        self.endResetModel()
        self.loaded.emit()

    def entry_at(self, row: int) -> HistoryEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 (Qt's signature)
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        page = self._session.history(PAGE_SIZE, self._offset)
        self._offset += len(page)
        self._exhausted = len(page) < PAGE_SIZE or self._offset >= self._total
        # Changes saved since the first page push older rows down: skip the ones already shown.
        oldest = self._entries[-1].id if self._entries else None
        fresh = [entry for entry in page if oldest is None or entry.id < oldest]
        if fresh:
            first = len(self._entries)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._entries.extend(fresh)
            self.endInsertRows()
        self.loaded.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry_at(index.row())
        if entry is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _one_line(self._text(entry, column))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == WHEN:
                return entry.at.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
            if column in (OLD, NEW, CHANGE, RECORD):
                return self._text(entry, column) or None
        return None

    @staticmethod
    def _text(entry: HistoryEntry, column: int) -> str:
        if column == WHEN:
            return entry.at.astimezone().strftime("%Y-%m-%d %H:%M")
        if column == WHO:
            return entry.actor
        if column == RECORD:
            return f"{entry.record_kind} “{entry.record_label}”"
        if column == FIELD:
            return entry.field
        if column == OLD:
            return entry.old
        if column == NEW:
            return entry.new
        return entry.summary

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None
