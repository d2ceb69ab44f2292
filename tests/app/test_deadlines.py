"""Statutory clocks: a table of hand-checked dates and properties that hold for any date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.deadlines import (
    Pause,
    add_months,
    breach_clock,
    next_working_day,
    request_deadline,
)

# (received, country, extended, pauses, due) — each checked by hand against a calendar.
HAND_CHECKED = [
    (date(2027, 3, 5), "FR", False, (), date(2027, 4, 5)),  # plain: same date next month
    (date(2027, 1, 31), "FR", False, (), date(2027, 3, 1)),  # 28 Feb 2027 is a Sunday
    (date(2028, 1, 31), "FR", False, (), date(2028, 2, 29)),  # leap year, a Tuesday
    (date(2027, 4, 1), "FR", False, (), date(2027, 5, 3)),  # Sat 1 May (also Labour Day)
    (date(2027, 4, 14), "FR", False, (), date(2027, 5, 14)),  # Friday
    (date(2026, 11, 25), "FR", False, (), date(2026, 12, 28)),  # Fri 25 Dec, then weekend
    (date(2027, 9, 3), "DE", False, (), date(2027, 10, 4)),  # Sun 3 Oct (also Unity Day)
    (date(2027, 4, 6), "FR", False, (), date(2027, 5, 7)),  # Thu 6 May 2027 is Ascension Day
    (date(2027, 12, 31), "IE", False, (), date(2028, 1, 31)),  # year boundary, a Monday
    (date(2027, 11, 30), "FR", True, (), date(2028, 2, 29)),  # extended: 3 months, leap day
    (
        date(2027, 3, 5),
        "FR",
        False,
        (Pause(date(2027, 3, 8), date(2027, 3, 18)),),
        date(2027, 4, 15),
    ),  # ten days waiting for identity, Thursday
    (date(2027, 7, 14), None, False, (), date(2027, 8, 16)),  # no country: weekend only
]


@pytest.mark.parametrize(("received", "country", "extended", "pauses", "due"), HAND_CHECKED)
def test_hand_checked_request_deadlines(
    received: date, country: str | None, extended: bool, pauses: tuple[Pause, ...], due: date
) -> None:
    deadline = request_deadline(received, country, extended=extended, pauses=pauses)
    assert deadline.due == due, deadline.text
    assert deadline.text.startswith(f"{due.day} ")
    assert "after receipt on" in deadline.text


def test_each_date_explains_itself() -> None:
    text = request_deadline(date(2027, 1, 31), "FR").text
    assert text == (
        "1 Mar 2027: one month after receipt on 31 Jan 2027; 31 Jan 2027 has no "
        "match in February, so the last day of that month; moved to the next "
        "working day because 28 Feb 2027 is a Sunday"
    )
    holiday = request_deadline(date(2027, 4, 6), "FR").text
    assert "6 May 2027 is a public holiday in FR (Ascension Day)" in holiday


def test_an_open_pause_runs_until_today() -> None:
    open_pause = (Pause(date(2027, 3, 8), None),)
    deadline = request_deadline(date(2027, 3, 5), "FR", pauses=open_pause, today=date(2027, 3, 11))
    assert deadline.due == date(2027, 4, 8)
    assert "3 days waiting for proof of identity" in deadline.text


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
def test_one_month_is_never_shorter_than_28_days_nor_longer_than_31(received: date) -> None:
    due = add_months(received, 1)
    assert 28 <= (due - received).days <= 31
    assert due.month == received.month % 12 + 1


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31)),
    st.sampled_from(["FR", "DE", "IE", "ES", "IT", "NL", "PL", None]),
    st.booleans(),
)
def test_the_due_date_is_a_working_day_within_a_week_of_the_raw_date(
    received: date, country: str | None, extended: bool
) -> None:
    deadline = request_deadline(received, country, extended=extended)
    raw = add_months(received, 3 if extended else 1)
    assert deadline.due.weekday() < 5
    assert timedelta(0) <= deadline.due - raw <= timedelta(days=6)
    again, skipped = next_working_day(deadline.due, country)
    assert again == deadline.due and skipped == []


def test_breach_clock_counts_real_hours_across_daylight_saving() -> None:
    paris = ZoneInfo("Europe/Paris")
    # Clocks go forward on 28 Mar 2027: 72 real hours end at 11:00 local, not 10:00.
    spring = breach_clock(datetime(2027, 3, 27, 10, 0, tzinfo=paris))
    assert spring.deadline.astimezone(paris) == datetime(2027, 3, 30, 11, 0, tzinfo=paris)
    # Clocks go back on 31 Oct 2027: 72 real hours end at 09:00 local.
    autumn = breach_clock(datetime(2027, 10, 30, 10, 0, tzinfo=paris))
    assert autumn.deadline.astimezone(paris) == datetime(2027, 11, 2, 9, 0, tzinfo=paris)
    assert spring.deadline - spring.aware_at == timedelta(hours=72)


def test_breach_clock_time_left_and_overdue() -> None:
    clock = breach_clock(datetime(2027, 6, 1, 9, 0, tzinfo=UTC))
    assert clock.describe(datetime(2027, 6, 2, 9, 0, tzinfo=UTC)) == (
        "48 hours left to notify the authority"
    )
    assert not clock.overdue(datetime(2027, 6, 4, 8, 59, tzinfo=UTC))
    assert clock.overdue(datetime(2027, 6, 4, 9, 1, tzinfo=UTC))
    assert clock.describe(datetime(2027, 6, 4, 14, 0, tzinfo=UTC)) == "5 hours overdue"
    with pytest.raises(ValueError, match="time zone"):
        breach_clock(datetime(2027, 6, 1, 9, 0))
