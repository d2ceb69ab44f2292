"""A moment edited as the wall-clock time of a named time zone, and stored in UTC.

A breach's clock counts real hours from the moment of awareness, wherever the team sits, so
every time of a breach is entered and shown in the breach's own zone (an IANA name such as
Europe/Paris) with that zone beside it. The editor holds the exact moment it was given: tabbing
through it hands the same moment back, to the second, and only a time the user changed is read
from the wall clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from PySide6.QtCore import QDate, QDateTime, QSignalBlocker, QTime, QTimer, QTimeZone, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDateTimeEdit, QHBoxLayout, QLabel, QToolButton, QWidget

from app.i18n import _

DISPLAY_FORMAT = "yyyy-MM-dd HH:mm"
# The editor's "empty" value: the minimum it allows, shown as the special value text.
_EMPTY = QDateTime(QDate(1970, 1, 1), QTime(0, 0), QTimeZone(QTimeZone.Initialization.UTC))


@cache
def time_zone_names() -> list[str]:
    """Every IANA zone name this machine knows, sorted (for a pick-list)."""
    return sorted(available_timezones())


def zone_of(name: str | None) -> tzinfo:
    """The zone named `name`; UTC for an empty or unknown name (shown as such beside it)."""
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def system_zone_name() -> str:
    """The computer's own zone, when Python knows it by that name; else UTC."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode(errors="replace")
    return name if name in available_timezones() else "UTC"


def format_moment(moment: datetime | None, zone: str | None, *, with_zone: bool = True) -> str:
    """ "2027-03-05 14:30 CET": the moment's wall-clock time in `zone`."""
    if moment is None:
        return ""
    local = moment.astimezone(zone_of(zone))
    text = local.strftime("%Y-%m-%d %H:%M")
    return f"{text} {local.tzname()}" if with_zone else text


def _offset_text(moment: datetime) -> str:
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


class DateTimeEditor(QWidget):
    """A QDateTimeEdit showing wall-clock time in `time_zone()`, the zone beside it, a Now
    button and (when the field may be empty) a Clear button."""

    edited = Signal()  # the user finished a change (typed and left, Now, Clear, calendar pick)

    def __init__(self, *, optional: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._zone_name = "UTC"
        self._moment: datetime | None = None
        self._changed = False  # the wall clock was edited since the moment was shown
        self._optional = optional
        self.edit = QDateTimeEdit()
        self.edit.setTimeZone(_EMPTY.timeZone())  # a plain wall clock: no DST gaps of its own
        self.edit.setDisplayFormat(DISPLAY_FORMAT)
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDateTime(_EMPTY)
        self.edit.setSpecialValueText(_("Not set") if optional else "")
        self.zone_label = QLabel()
        self.zone_label.setObjectName("zone")
        self.zone_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.now_button = QToolButton()
        self.now_button.setText(_("Now"))
        self.now_button.setToolTip(_("Set to the current time"))
        self.clear_button = QToolButton()
        self.clear_button.setText(_("Clear"))
        self.clear_button.setToolTip(_("Leave the time unknown"))
        self.clear_button.setVisible(optional)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.edit, self.zone_label, self.now_button, self.clear_button):
            row.addWidget(widget)
        row.addStretch(1)
        self.setFocusProxy(self.edit)

        self.edit.dateTimeChanged.connect(self._on_edit_date_time_changed)
        self.edit.editingFinished.connect(self._on_edit_editing_finished)
        # A pick in the calendar is a finished choice; the popup closes after the click.
        self.edit.calendarWidget().clicked.connect(
            lambda _day: QTimer.singleShot(0, self, self._on_edit_editing_finished)
        )
        self.now_button.clicked.connect(self._on_now_clicked)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        self._show_zone()

    # -- public API ----------------------------------------------------------------------------

    def value(self) -> datetime | None:
        """The moment shown: aware, in the editor's zone; None when empty."""
        if not self._changed:
            return self._moment.astimezone(zone_of(self._zone_name)) if self._moment else None
        shown = self.edit.dateTime()
        if shown == self.edit.minimumDateTime():
            return None
        day, time = shown.date(), shown.time()
        wall = datetime(day.year(), day.month(), day.day(), time.hour(), time.minute())
        # A wall-clock time that does not exist (the hour skipped in spring) or exists twice
        # (autumn) takes the offset before the change; the form then shows the moment stored.
        return wall.replace(tzinfo=zone_of(self._zone_name))

    def set_value(self, moment: datetime | None) -> None:
        """Show `moment` (aware; None: empty) in the editor's zone, emitting nothing."""
        self._moment = moment
        self._changed = False
        with QSignalBlocker(self.edit):
            if moment is None:
                self.edit.setDateTime(self.edit.minimumDateTime())
            else:
                local = moment.astimezone(zone_of(self._zone_name))
                self.edit.setDateTime(
                    QDateTime(
                        QDate(local.year, local.month, local.day),
                        QTime(local.hour, local.minute),
                        _EMPTY.timeZone(),
                    )
                )
        self._show_zone()

    def time_zone(self) -> str:
        return self._zone_name

    def set_time_zone(self, name: str | None) -> None:
        """Show the same moment in another zone (a time being typed is kept as typed)."""
        self._zone_name = name or "UTC"
        if not self._changed:
            self.set_value(self._moment)
        self._show_zone()

    def is_changed(self) -> bool:
        return self._changed

    def mark_unchanged(self) -> None:
        self._changed = False

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.now_button.setEnabled(not read_only)
        self.clear_button.setEnabled(not read_only)

    # -- behaviour -----------------------------------------------------------------------------

    def _show_zone(self) -> None:
        zone = zone_of(self._zone_name)
        moment = (self._moment or datetime.now(UTC)).astimezone(zone)
        known = zone is not UTC or self._zone_name.upper() in {"UTC", "ETC/UTC"}
        if known:
            self.zone_label.setText(self._zone_name)
            self.zone_label.setToolTip(
                _("{zone} ({offset}): the breach's time zone; times are stored in UTC.").format(
                    zone=self._zone_name, offset=_offset_text(moment)
                )
            )
        else:
            self.zone_label.setText(_("UTC (unknown zone “{name}”)").format(name=self._zone_name))
            self.zone_label.setToolTip(
                _("Correct the time zone field, e.g. Europe/Paris; times are shown in UTC.")
            )

    def _on_edit_date_time_changed(self, _moment: QDateTime) -> None:
        self._changed = True

    def _on_edit_editing_finished(self) -> None:
        if self._changed:
            self.edited.emit()

    def _on_now_clicked(self) -> None:
        now = datetime.now(UTC).replace(second=0, microsecond=0)
        self.set_value(now)
        self._changed = True  # read back from the wall clock, to the minute
        self.edited.emit()

    def _on_clear_clicked(self) -> None:
        self.set_value(None)
        self._changed = True
        self.edited.emit()
