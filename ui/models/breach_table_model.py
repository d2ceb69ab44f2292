"""The breach register as a table, with each breach's 72-hour clock (Art. 33(1)) ticking.

The rows are read once; the clock column is worked out from them and the model's `now`, so the
page moves the clocks on by setting a new `now`, without asking the database again.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    Qt,
)
from PySide6.QtGui import QColor, QFont

from app.domain.breach import RISK_LABELS, RiskLevel
from app.i18n import N_, _
from ui.models.row_table_model import SORT_ROLE, Index, RowSearchProxy, RowTableModel
from ui.widgets.datetime_editor import format_moment

if TYPE_CHECKING:
    from app.services.breaches import BreachRow

OVERDUE_COLOUR = QColor("#c62828")
RUNNING_COLOUR = QColor("#b26a00")
DONE_COLOUR = QColor("#2e7d32")
QUIET_COLOUR = QColor("#757575")


class Column(IntEnum):
    REFERENCE = 0
    TITLE = 1
    AWARE = 2
    NOTIFY_BY = 3
    CLOCK = 4
    RISK = 5


COLUMN_TITLES = {
    Column.REFERENCE: N_("Reference"),
    Column.TITLE: N_("Title"),
    Column.AWARE: N_("Became aware"),
    Column.NOTIFY_BY: N_("Notify by"),
    Column.CLOCK: N_("Clock"),
    Column.RISK: N_("Risk"),
}
CLOCK_LABELS = {
    "notified": N_("Notified"),
    "not_notifiable": N_("Not notifiable"),
    "closed": N_("Closed"),
}
CLOCK_COLOURS = {
    "overdue": OVERDUE_COLOUR,
    "running": RUNNING_COLOUR,
    "notified": DONE_COLOUR,
    "not_notifiable": QUIET_COLOUR,
    "closed": QUIET_COLOUR,
}
SHORT_RISK_LABELS = {
    RiskLevel.NONE: N_("Unlikely"),
    RiskLevel.RISK: N_("Risk"),
    RiskLevel.HIGH: N_("High risk"),
}
_RISK_ORDER = {"high": 0, "risk": 1, "none": 2}
_CLOCK_ORDER = {"overdue": 0, "running": 1, "notified": 2, "not_notifiable": 3, "closed": 4}


def clock_text(breach: BreachRow, now: datetime) -> str:
    """ "41 h left", "5 h overdue", "Notified", "Not notifiable" or "Closed"."""
    state = breach.clock_state(now)
    if state not in ("running", "overdue"):
        return _(CLOCK_LABELS[state])
    left = breach.clock.remaining(now)
    seconds = abs(left.total_seconds())
    hours, minutes = int(seconds // 3600), int(seconds % 3600 // 60)
    if left >= timedelta(0):
        if hours:
            return _("{hours} h left").format(hours=hours)
        return _("{minutes} min left").format(minutes=minutes)
    if hours:
        return _("{hours} h overdue").format(hours=hours)
    return _("{minutes} min overdue").format(minutes=minutes)


def risk_text(level: str | None) -> str:
    label = SHORT_RISK_LABELS.get(level) if level else None  # type: ignore[call-overload]
    return _(label) if label else _("Not assessed")


class BreachTableModel(RowTableModel):
    column_count = len(Column)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._now = datetime.now(UTC)
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: list[BreachRow], now: datetime) -> None:  # type: ignore[override]
        self._now = now
        super().set_rows(rows)

    def _search_text_of(self, row: BreachRow) -> str:
        return f"{row.reference}\n{row.title}"

    def now(self) -> datetime:
        return self._now

    def set_now(self, now: datetime) -> None:
        """Move the clocks on: only the clock column is repainted."""
        self._now = now
        if self._rows:
            top, bottom = self.index(0, Column.CLOCK), self.index(len(self._rows) - 1, Column.CLOCK)
            self.dataChanged.emit(top, bottom)

    def breach_at(self, row: int) -> BreachRow | None:
        return self.row_at(row)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        breach = self.breach_at(index.row())
        if breach is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(breach, column)
        if role == SORT_ROLE:
            return self._sort_key(breach, column)
        if column == Column.CLOCK:
            state = breach.clock_state(self._now)
            if role == Qt.ItemDataRole.ForegroundRole:
                return CLOCK_COLOURS[state]
            if role == Qt.ItemDataRole.FontRole and state in ("running", "overdue"):
                return self._bold
            if role == Qt.ItemDataRole.ToolTipRole:
                return breach.clock.describe(self._now)
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.RISK:
            return QUIET_COLOUR if breach.risk_level is None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in (Column.AWARE, Column.NOTIFY_BY):
                return _("Shown in the breach's time zone, {zone}").format(zone=breach.time_zone)
            if column == Column.RISK and breach.risk_level:
                label = RISK_LABELS.get(breach.risk_level)  # type: ignore[call-overload]
                return _(label) if label else None
        return None

    def _display(self, breach: BreachRow, column: int) -> str:
        if column == Column.REFERENCE:
            return breach.reference
        if column == Column.TITLE:
            return breach.title
        if column == Column.AWARE:
            return format_moment(breach.aware_at, breach.time_zone)
        if column == Column.NOTIFY_BY:
            return format_moment(breach.clock.deadline, breach.time_zone)
        if column == Column.CLOCK:
            return clock_text(breach, self._now)
        return risk_text(breach.risk_level)

    def _sort_key(self, breach: BreachRow, column: int) -> Any:
        if column == Column.AWARE:
            return breach.aware_at.timestamp()
        if column == Column.NOTIFY_BY:
            return breach.clock.deadline.timestamp()
        if column == Column.CLOCK:  # the most urgent first
            state = breach.clock_state(self._now)
            left = breach.clock.remaining(self._now).total_seconds()
            return _CLOCK_ORDER[state] * 1e12 + left  # Qt compares numbers, not tuples
        if column == Column.RISK:
            return _RISK_ORDER.get(breach.risk_level or "", len(_RISK_ORDER))
        return self._display(breach, column).casefold()

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


class BreachFilterProxy(RowSearchProxy):
    """Searches reference and title."""
