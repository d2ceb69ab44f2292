"""Statutory clocks: the one-month answer to a person's request (Art. 12(3)) and the 72 hours
to notify a breach (Art. 33(1)). Every computed date carries the reasons that produced it, so
the user can check it and a regulator can follow it.

Month arithmetic as regulators count it (ICO guidance; the EU rule in Reg. 1182/71 is
[unverified] to agree): the day of receipt is day 1 and the time runs to the same date of the
next month, or that month's last day when the date does not exist (31 Jan -> 28/29 Feb); a
deadline on a weekend or public holiday of the organisation's country moves to the next working
day. Days spent waiting for proof of identity are added on (the clock pauses, Art. 12(6)).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache

import holidays

from app.i18n import _, ngettext

BREACH_NOTIFICATION_HOURS = 72
EXTENSION_MONTHS = 2  # Art. 12(3): two further months, three in all


def add_months(start: date, months: int) -> date:
    """The same date `months` later, or the last day of that month when it has no such date."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@cache
def _holidays(country: str, year: int) -> dict[date, str]:
    try:
        return dict(holidays.country_holidays(country, years=year).items())
    except NotImplementedError:  # a country the library does not know: weekends only
        return {}


def _long(day: date) -> str:
    return f"{day.day} {calendar.month_abbr[day.month]} {day.year}"


def next_working_day(day: date, country: str | None) -> tuple[date, list[str]]:
    """The first day from `day` on that is neither a weekend nor a public holiday of
    `country` (ISO code); with the reason for each day skipped."""
    reasons: list[str] = []
    while True:
        holiday = _holidays(country.upper(), day.year).get(day) if country else None
        if day.weekday() >= 5:
            reasons.append(
                _("{day} is a {weekday}").format(
                    day=_long(day), weekday=calendar.day_name[day.weekday()]
                )
            )
        elif holiday:
            reasons.append(
                _("{day} is a public holiday in {country} ({name})").format(
                    day=_long(day), country=country, name=holiday
                )
            )
        else:
            return day, reasons
        day += timedelta(days=1)


@dataclass(frozen=True)
class Pause:
    """The clock stood still while proof of identity was awaited (asked on `start`, received on
    `end`; an open pause has no end yet)."""

    start: date
    end: date | None

    def days(self, today: date) -> int:
        return max(0, ((self.end or today) - self.start).days)


@dataclass(frozen=True)
class Deadline:
    due: date
    explanation: list[str]  # each step in the user's words, in order

    @property
    def text(self) -> str:
        return f"{_long(self.due)}: " + "; ".join(self.explanation)


def request_deadline(
    received: date,
    country: str | None,
    *,
    extended: bool = False,
    pauses: Sequence[Pause] = (),
    today: date | None = None,
) -> Deadline:
    """When the answer to a request is due: one month after receipt (three when extended),
    plus the days the clock was paused, moved to the next working day."""
    months = 1 + (EXTENSION_MONTHS if extended else 0)
    due = add_months(received, months)
    steps = [
        ngettext(
            "one month after receipt on {received}",
            "{months} months after receipt on {received} (extended)",
            months,
        ).format(months=months, received=_long(received))
    ]
    if due.day != received.day:
        steps.append(
            _("{received} has no match in {month}, so the last day of that month").format(
                received=_long(received), month=calendar.month_name[due.month]
            )
        )
    paused = sum(pause.days(today or date.today()) for pause in pauses)
    if paused:
        due += timedelta(days=paused)
        steps.append(
            ngettext(
                "plus {days} day waiting for proof of identity",
                "plus {days} days waiting for proof of identity",
                paused,
            ).format(days=paused)
        )
    due, skipped = next_working_day(due, country)
    if skipped:
        steps.append(
            _("moved to the next working day because {reasons}").format(
                reasons=", and ".join(skipped)
            )
        )
    return Deadline(due, steps)


def extension_notice_deadline(
    received: date, country: str | None, *, pauses: Sequence[Pause] = (), today: date | None = None
) -> date:
    """The requester must be told of an extension within the first month (Art. 12(3))."""
    return request_deadline(received, country, pauses=pauses, today=today).due


@dataclass(frozen=True)
class BreachClock:
    aware_at: datetime
    deadline: datetime  # aware_at + 72 clock hours, whatever the daylight-saving changes

    def remaining(self, now: datetime | None = None) -> timedelta:
        """Negative once overdue."""
        return self.deadline - (now or datetime.now(UTC))

    def overdue(self, now: datetime | None = None) -> bool:
        return self.remaining(now) < timedelta(0)

    def describe(self, now: datetime | None = None) -> str:
        left = self.remaining(now)
        hours = int(abs(left.total_seconds()) // 3600)
        if left >= timedelta(0):
            return ngettext(
                "{hours} hour left to notify the authority",
                "{hours} hours left to notify the authority",
                hours,
            ).format(hours=hours)
        return ngettext("{hours} hour overdue", "{hours} hours overdue", hours).format(hours=hours)


def breach_clock(aware_at: datetime) -> BreachClock:
    """72 hours from awareness (Art. 33(1)), counted in real hours on the UTC time line so a
    daylight-saving change in between neither adds nor removes an hour."""
    if aware_at.tzinfo is None:
        raise ValueError("the moment of awareness needs its time zone")
    start = aware_at.astimezone(UTC)
    return BreachClock(start, start + timedelta(hours=BREACH_NOTIFICATION_HOURS))
