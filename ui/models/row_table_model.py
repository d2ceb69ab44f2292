"""What the record tables share: the rows read from the workspace, each with an `id`, and the
text the search box looks in; with the proxy that searches that text and sorts by SORT_ROLE."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole


class RowTableModel(QAbstractTableModel):
    """Subclasses set `column_count` and say what a row's search text is."""

    column_count: ClassVar[int]

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._search: list[str] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        # What the search box looks in, lowercased once.
        self._search = [self._search_text_of(row).casefold() for row in self._rows]
        self.endResetModel()

    def _search_text_of(self, row: Any) -> str:
        raise NotImplementedError

    def row_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def search_text(self, row: int) -> str:
        return self._search[row]

    def row_of(self, record_id: int | None) -> int:
        return next((row for row, record in enumerate(self._rows) if record.id == record_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.column_count


class RowSearchProxy(QSortFilterProxyModel):
    """Keeps the rows whose search text holds what was typed."""

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
        assert isinstance(source, RowTableModel)
        return not self._needle or self._needle in source.search_text(source_row)
