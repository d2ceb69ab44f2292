"""The breach register: moments stored as instants whatever the zone they were given in, the
72-hour clock, its states, the list order, and what bad input is refused with; on SQLite and
PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from app.errors import ValidationError
from app.services.breaches import (
    BreachRow,
    add_breach,
    breach_risk,
    get_breach,
    list_breach_rows,
    update_breach,
)
from app.services.organisations import list_organisations
from app.storage.workspace import Workspace

PARIS = ZoneInfo("Europe/Paris")
# Friday 26 March 2027, 10:00 in Paris (UTC+1); clocks go forward on Sunday 28 March.
AWARE = datetime(2027, 3, 26, 10, 0, tzinfo=PARIS)
# Python adds hours to a zoned datetime on the wall clock (10:00 + 72 h is 10:00 three days
# later, only 71 real hours after a clock change): "now" is counted on the UTC time line.
START = AWARE.astimezone(UTC)


def _values(**values: Any) -> dict[str, Any]:
    return {
        "title": "Order list e-mailed to the wrong customer",
        "time_zone": "Europe/Paris",
        "aware_at": AWARE,
        "types": ["confidentiality"],
        **values,
    }


def _add(ws: Workspace, **values: Any) -> int:
    return add_breach(ws, _values(**values), actor="tester").record.id


def _row(ws: Workspace, breach_id: int) -> BreachRow:
    return next(row for row in list_breach_rows(ws) if row.id == breach_id)


def test_a_breach_is_added_with_its_defaults(workspace: Workspace) -> None:
    before = datetime.now(UTC)
    record = add_breach(
        workspace, {"title": "Lost laptop", "time_zone": "UTC"}, actor="tester"
    ).record
    after = datetime.now(UTC)
    assert record["reference"] == "BR-001"
    assert record["organisation_id"] == list_organisations(workspace)[0].id
    stored = get_breach(workspace, record.id)
    # Awareness defaults to now; the clock starts when the breach is recorded.
    assert before - timedelta(seconds=1) <= stored["aware_at"] <= after + timedelta(seconds=1)
    assert stored["risk_level"] is None and stored["authority_notified_at"] is None
    assert add_breach(workspace, _values(), actor="tester").record["reference"] == "BR-002"


def test_a_moment_given_in_another_zone_is_stored_as_the_same_instant(
    workspace: Workspace,
) -> None:
    new_york = datetime(2027, 3, 26, 10, 0, tzinfo=ZoneInfo("America/New_York"))  # EDT, UTC-4
    breach = _add(workspace, aware_at=new_york, detected_at="2027-03-26T15:30:00+09:00")
    stored = get_breach(workspace, breach)
    assert stored["aware_at"] == new_york
    assert stored["aware_at"] == datetime(2027, 3, 26, 14, 0, tzinfo=UTC)
    assert stored["aware_at"].utcoffset() == timedelta(0)
    assert stored["detected_at"] == datetime(2027, 3, 26, 6, 30, tzinfo=UTC)
    # The zone the user works in is kept to show the times back to them.
    assert stored["time_zone"] == "Europe/Paris"
    assert stored["aware_at"].astimezone(PARIS).hour == 15
    assert _row(workspace, breach).aware_at == new_york


def test_the_clock_runs_72_real_hours_across_a_clock_change(workspace: Workspace) -> None:
    clock = _row(workspace, _add(workspace)).clock
    assert clock.aware_at == AWARE
    assert clock.deadline - clock.aware_at == timedelta(hours=72)
    # Summer time starts in between: 72 real hours end at 11:00 local time, not 10:00.
    assert clock.deadline.astimezone(PARIS) == datetime(2027, 3, 29, 11, 0, tzinfo=PARIS)
    assert clock.remaining(START + timedelta(hours=2)) == timedelta(hours=70)
    assert clock.describe(START + timedelta(hours=2)) == "70 hours left to notify the authority"
    assert clock.describe(START + timedelta(hours=75)) == "3 hours overdue"


def test_the_clock_state_follows_the_breach(workspace: Workspace) -> None:
    breach = _add(workspace)
    row = _row(workspace, breach)
    assert row.clock_state(START + timedelta(hours=1)) == "running"
    assert row.clock_state(START + timedelta(hours=71, minutes=59)) == "running"
    assert row.clock_state(START + timedelta(hours=72, minutes=1)) == "overdue"

    update_breach(workspace, breach, {"risk_level": "risk"})
    late = START + timedelta(hours=100)
    assert _row(workspace, breach).clock_state(late) == "overdue"
    notified_at = START + timedelta(hours=50)
    update_breach(
        workspace,
        breach,
        {"authority_notified_at": notified_at, "authority": "CNIL", "authority_reference": "X1"},
    )
    notified = _row(workspace, breach)
    assert notified.authority_notified_at == notified_at
    assert notified.clock_state(late) == "notified"

    judged = _add(workspace, risk_level="none", risk_reasoning="Encrypted; key safe.")
    assert _row(workspace, judged).clock_state(late) == "not_notifiable"

    closed = _add(workspace, risk_level="risk", closed_on=date(2027, 4, 20))
    assert _row(workspace, closed).clock_state(late) == "closed"
    # Reopening a closed breach that was never notified shows the clock overdue again.
    update_breach(workspace, closed, {"closed_on": None})
    assert _row(workspace, closed).clock_state(late) == "overdue"


def test_the_list_shows_the_latest_awareness_first(workspace: Workspace) -> None:
    oldest = _add(workspace, title="Oldest", aware_at=AWARE - timedelta(days=30))
    paris = _add(workspace, title="Paris")  # 09:00 UTC
    # Later on the wall clock, but an hour earlier on the time line: 08:00 UTC.
    tokyo = _add(
        workspace,
        title="Tokyo",
        aware_at=datetime(2027, 3, 26, 17, 0, tzinfo=ZoneInfo("Asia/Tokyo")),
    )
    rows = list_breach_rows(workspace)
    assert [row.id for row in rows] == [paris, tokyo, oldest]
    assert [row.reference for row in rows] == ["BR-002", "BR-003", "BR-001"]
    assert [row.title for row in rows] == ["Paris", "Tokyo", "Oldest"]


def test_the_service_suggests_a_risk_from_the_stored_facts(workspace: Workspace) -> None:
    breach = _add(workspace, special_or_criminal=True, approx_subjects=5000)
    assert breach_risk(workspace, breach).level == "high"
    update_breach(workspace, breach, {"encrypted": True})
    suggestion = breach_risk(workspace, breach)
    assert suggestion.level == "none"
    assert "Art. 34(3)(a)" in suggestion.reasons[0]


def test_hostile_text_is_stored_as_data(workspace: Workspace) -> None:
    title = "'; DELETE FROM breach; --"
    description = "<img src=x onerror=alert(1)>\n=cmd|' /C calc'!A0"
    breach = _add(workspace, title=title, description=description)
    stored = get_breach(workspace, breach)
    assert (stored["title"], stored["description"]) == (title, description)
    assert [row.title for row in list_breach_rows(workspace)] == [title]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"aware_at": datetime(2027, 3, 26, 10, 0)}, "aware_at"),
        ({"aware_at": "2027-03-26T10:00"}, "aware_at"),
        ({"detected_at": datetime(2027, 3, 26, 9, 0)}, "detected_at"),
        ({"aware_at": "yesterday"}, "aware_at"),
        ({"risk_level": "medium"}, "risk_level"),
        ({"types": ["leak"]}, "types"),
        ({"art34_exception": "d"}, "art34_exception"),
        ({"approx_subjects": -5}, "approx_subjects"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_values_are_refused_with_the_field_named(
    workspace: Workspace, values: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        add_breach(workspace, _values(**values), actor="tester")
    assert [error.field for error in raised.value.errors] == [field]
    assert list_breach_rows(workspace) == []


def test_a_naive_moment_is_refused_on_update_too(workspace: Workspace) -> None:
    breach = _add(workspace)
    with pytest.raises(ValidationError) as raised:
        update_breach(workspace, breach, {"authority_notified_at": datetime(2027, 3, 27, 9, 0)})
    assert raised.value.errors[0].field == "authority_notified_at"
    assert "time zone" in raised.value.errors[0].message
    assert get_breach(workspace, breach)["authority_notified_at"] is None


def test_an_unknown_time_zone_is_refused(workspace: Workspace) -> None:
    with pytest.raises(ValidationError) as raised:
        add_breach(workspace, _values(time_zone="Mars/Olympus_Mons"), actor="tester")
    assert [error.field for error in raised.value.errors] == ["time_zone"]


def test_a_minimal_breach_gets_the_default_time_zone(workspace: Workspace) -> None:
    record = add_breach(workspace, {"title": "Lost laptop"}, actor="tester").record
    assert record["time_zone"] == "UTC"
