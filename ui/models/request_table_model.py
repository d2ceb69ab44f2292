"""Rights requests as a table: what each person asked, when the answer is due and how many days
are left (late ones in red, those due within a week in amber); with the proxy that keeps the
open, overdue or nearly due ones and searches them."""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from app.domain.rights_request import (
    REQUEST_STATUS_LABELS,
    REQUEST_TYPE_LABELS,
    RequestStatus,
    RequestType,
)
from app.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from app.services.requests import RequestRow

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole
OVERDUE_COLOUR = QColor("#c62828")
DUE_SOON_COLOUR = QColor("#b26a00")
_CLOSED = 1_000_000  # added to a closed request's days left: sorts after every open one


class Column(IntEnum):
    REFERENCE = 0
    RECEIVED = 1
    TYPES = 2
    REQUESTER = 3
    STATUS = 4
    DUE = 5
    DAYS_LEFT = 6


COLUMN_TITLES = {
    Column.REFERENCE: N_("Reference"),
    Column.RECEIVED: N_("Received"),
    Column.TYPES: N_("What is asked"),
    Column.REQUESTER: N_("Requester"),
    Column.STATUS: N_("Status"),
    Column.DUE: N_("Due"),
    Column.DAYS_LEFT: N_("Days left"),
}
# The table is narrow: the article numbers are in the tooltip and the form.
SHORT_TYPE_LABELS = {
    RequestType.ACCESS: N_("Access"),
    RequestType.RECTIFICATION: N_("Rectification"),
    RequestType.ERASURE: N_("Erasure"),
    RequestType.RESTRICTION: N_("Restriction"),
    RequestType.PORTABILITY: N_("Portability"),
    RequestType.OBJECTION: N_("Objection"),
    RequestType.CONSENT_WITHDRAWAL: N_("Consent withdrawn"),
    RequestType.AUTOMATED_DECISION: N_("Automated decision"),
}


class RequestFilter(StrEnum):
    OPEN = "open"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ALL = "all"


FILTER_LABELS = {
    RequestFilter.OPEN: N_("Open"),
    RequestFilter.OVERDUE: N_("Overdue"),
    RequestFilter.DUE_SOON: N_("Due within 7 days"),
    RequestFilter.ALL: N_("All"),
}


def accepts(request: RequestRow, shown: RequestFilter) -> bool:
    if shown is RequestFilter.OPEN:
        return request.status == RequestStatus.OPEN
    if shown is RequestFilter.OVERDUE:
        return request.overdue
    if shown is RequestFilter.DUE_SOON:
        return request.due_soon
    return True


def type_labels(types: tuple[str, ...], *, short: bool = True) -> str:
    labels: dict[Any, str] = SHORT_TYPE_LABELS if short else REQUEST_TYPE_LABELS
    return ", ".join(_(labels[kind]) if kind in labels else kind for kind in types)


def days_left_text(request: RequestRow) -> str:
    """ "3 days overdue", "Due today", "12 days left"; "—" once closed."""
    if request.status != RequestStatus.OPEN:
        return "—"
    days = request.days_left
    if days < 0:
        return ngettext("{days} day overdue", "{days} days overdue", -days).format(days=-days)
    if days == 0:
        return _("Due today")
    return ngettext("{days} day left", "{days} days left", days).format(days=days)


def urgency_colour(request: RequestRow) -> QColor | None:
    if request.overdue:
        return OVERDUE_COLOUR
    if request.due_soon:
        return DUE_SOON_COLOUR
    return None


class RequestTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[RequestRow] = []
        self._search: list[str] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: list[RequestRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        # What the search box looks in, lowercased once.
        self._search = [
            f"{row.reference}\n{row.requester}\n{type_labels(row.types, short=False)}".casefold()
            for row in self._rows
        ]
        self.endResetModel()

    def request_at(self, row: int) -> RequestRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[RequestRow]:
        return list(self._rows)

    def search_text(self, row: int) -> str:
        return self._search[row]

    def row_of(self, request_id: int | None) -> int:
        return next((row for row, request in enumerate(self._rows) if request.id == request_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        request = self.request_at(index.row())
        if request is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(request, column)
        if role == SORT_ROLE:
            return self._sort_key(request, column)
        if column == Column.DAYS_LEFT:
            if role == Qt.ItemDataRole.ForegroundRole:
                return urgency_colour(request)
            if role == Qt.ItemDataRole.FontRole and request.overdue:
                return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.TYPES:
                return type_labels(request.types, short=False)
            if column in (Column.DUE, Column.DAYS_LEFT):
                return request.deadline.text
        return None

    @staticmethod
    def _display(request: RequestRow, column: int) -> str:
        if column == Column.REFERENCE:
            return request.reference
        if column == Column.RECEIVED:
            return request.received_on.isoformat()
        if column == Column.TYPES:
            return type_labels(request.types)
        if column == Column.REQUESTER:
            return request.requester
        if column == Column.STATUS:
            label = REQUEST_STATUS_LABELS.get(request.status)  # type: ignore[call-overload]
            return _(label) if label else request.status
        if column == Column.DUE:
            return request.deadline.due.isoformat()
        return days_left_text(request)

    @staticmethod
    def _sort_key(request: RequestRow, column: int) -> Any:
        if column == Column.DAYS_LEFT:  # the most urgent first; closed ones last
            return request.days_left + (0 if request.status == RequestStatus.OPEN else _CLOSED)
        if column in (Column.RECEIVED, Column.DUE):
            return RequestTableModel._display(request, column)
        return RequestTableModel._display(request, column).casefold()

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


class RequestFilterProxy(QSortFilterProxyModel):
    """Keeps the requests of one filter (open, overdue, due soon, all) matching the search."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._shown = RequestFilter.OPEN
        self.setSortRole(SORT_ROLE)

    def set_filter(self, shown: RequestFilter, text: str) -> None:
        self.beginFilterChange()
        self._shown = shown
        self._needle = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def is_filtered(self) -> bool:
        return bool(self._needle) or self._shown is not RequestFilter.ALL

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        source = self.sourceModel()
        assert isinstance(source, RequestTableModel)
        request = source.request_at(source_row)
        if request is None or not accepts(request, self._shown):
            return False
        return not self._needle or self._needle in source.search_text(source_row)
