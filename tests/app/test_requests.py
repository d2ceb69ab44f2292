"""The requests log: adding, listing with explained deadlines, the overdue and due-soon flags,
the identity pause, the extension and its notice, closing with an outcome, the organisation's
holidays, undo, and what bad input is refused with; on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from app.errors import UserError, ValidationError
from app.services.changes import revert_change
from app.services.organisations import add_organisation, list_organisations
from app.services.requests import (
    RequestRow,
    add_request,
    close_request,
    get_request,
    list_request_rows,
    request_deadline_for,
    update_request,
)
from app.storage.workspace import Workspace

RECEIVED = date(2027, 3, 5)  # a Friday; one month later, 5 Apr 2027, is a Monday


def _values(**values: Any) -> dict[str, Any]:
    return {
        "types": ["access"],
        "received_on": RECEIVED,
        "channel": "email",
        "requester": "Customer #48213 (J. Moreau)",
        "identity_check": "not_needed",
        **values,
    }


def _add(ws: Workspace, **values: Any) -> int:
    return add_request(ws, _values(**values), actor="tester").record.id


def _row(ws: Workspace, request_id: int, today: date) -> RequestRow:
    return next(row for row in list_request_rows(ws, today) if row.id == request_id)


def _fields(raised: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [error.field for error in raised.value.errors]


def test_a_request_is_added_with_its_defaults(workspace: Workspace) -> None:
    acme = list_organisations(workspace)[0]
    first = add_request(workspace, _values(), actor="tester").record
    assert first["reference"] == "REQ-001"
    assert first["organisation_id"] == acme.id
    assert first["status"] == "open"
    assert first["outcome"] is None and first["closed_on"] is None
    assert first["extended"] is False
    assert first.version == 1
    second = add_request(workspace, _values(reference="REQ-041"), actor="tester").record
    assert second["reference"] == "REQ-041"
    # The next reference follows the highest one, not the count.
    assert add_request(workspace, _values(), actor="tester").record["reference"] == "REQ-042"
    stored = get_request(workspace, first.id)
    assert stored["types"] == ["access"] and stored["received_on"] == RECEIVED


def test_the_list_gives_each_deadline_with_its_explanation(workspace: Workspace) -> None:
    plain = _add(workspace)
    month_end = _add(workspace, received_on=date(2027, 1, 31), types=["erasure", "access"])
    rows = list_request_rows(workspace, today=date(2027, 3, 10))
    # Newest receipt first.
    assert [row.id for row in rows] == [plain, month_end]
    first, second = rows
    assert first.reference == "REQ-001"
    assert first.deadline.due == date(2027, 4, 5)
    assert first.days_left == 26
    assert first.deadline.text == "5 Apr 2027: one month after receipt on 5 Mar 2027"
    assert second.types == ("access", "erasure")  # stored in the order of the choices
    assert second.deadline.due == date(2027, 3, 1)
    assert second.deadline.explanation == [
        "one month after receipt on 31 Jan 2027",
        "31 Jan 2027 has no match in February, so the last day of that month",
        "moved to the next working day because 28 Feb 2027 is a Sunday",
    ]
    assert request_deadline_for(workspace, plain, today=date(2027, 3, 10)) == first.deadline


def test_overdue_and_due_soon_follow_the_day(workspace: Workspace) -> None:
    request = _add(workspace)  # due Monday 5 Apr 2027
    expected = {
        date(2027, 3, 28): (8, False, False),
        date(2027, 3, 29): (7, True, False),
        date(2027, 4, 5): (0, True, False),
        date(2027, 4, 6): (-1, False, True),
        date(2027, 6, 1): (-57, False, True),
    }
    for today, (days_left, due_soon, overdue) in expected.items():
        row = _row(workspace, request, today)
        assert (row.days_left, row.due_soon, row.overdue) == (days_left, due_soon, overdue), today
    close_request(workspace, request, "fulfilled", closed_on=date(2027, 4, 9))
    late_but_closed = _row(workspace, request, date(2027, 6, 1))
    assert late_but_closed.status == "closed"
    assert not late_but_closed.overdue and not late_but_closed.due_soon


def test_waiting_for_proof_of_identity_pauses_the_clock(workspace: Workspace) -> None:
    request = _add(workspace, identity_check="requested", identity_requested_on=date(2027, 3, 8))
    # While the proof is awaited the due date moves on with the days waited.
    on_the_18th = _row(workspace, request, date(2027, 3, 18))
    assert on_the_18th.deadline.due == date(2027, 4, 15)
    assert "plus 10 days waiting for proof of identity" in on_the_18th.deadline.explanation
    a_week_later = _row(workspace, request, date(2027, 3, 25))
    assert a_week_later.deadline.due == date(2027, 4, 22)
    assert not a_week_later.overdue
    # Once it arrives, the pause is fixed and the date no longer moves.
    update_request(
        workspace, request, {"identity_check": "received", "identity_received_on": "2027-03-18"}
    )
    for today in (date(2027, 3, 20), date(2027, 5, 1)):
        assert _row(workspace, request, today).deadline.due == date(2027, 4, 15)
    assert _row(workspace, request, date(2027, 4, 16)).overdue


def test_an_extension_adds_two_months_and_its_notice_is_checked(workspace: Workspace) -> None:
    request = _add(workspace)
    update_request(
        workspace,
        request,
        {
            "extended": True,
            "extension_reason": "Ten years of orders across three systems.",
            "extension_notified_on": date(2027, 3, 20),
        },
    )
    row = _row(workspace, request, date(2027, 4, 20))
    # 5 Jun 2027 is a Saturday.
    assert row.extended and row.deadline.due == date(2027, 6, 7)
    assert row.deadline.explanation[0] == "3 months after receipt on 5 Mar 2027 (extended)"
    assert not row.overdue and not row.extension_late
    # The last day of the first month is still in time; the day after is not (Art. 12(3)).
    update_request(workspace, request, {"extension_notified_on": date(2027, 4, 5)})
    assert not _row(workspace, request, date(2027, 4, 20)).extension_late
    update_request(workspace, request, {"extension_notified_on": date(2027, 4, 6)})
    assert _row(workspace, request, date(2027, 4, 20)).extension_late
    # Never told, and the first month is over: late.
    update_request(workspace, request, {"extension_notified_on": None})
    assert _row(workspace, request, date(2027, 4, 20)).extension_late


def test_an_extension_notice_within_a_paused_first_month_is_in_time(
    workspace: Workspace,
) -> None:
    request = _add(
        workspace,
        identity_check="received",
        identity_requested_on=date(2027, 3, 8),
        identity_received_on=date(2027, 3, 18),
        extended=True,
        extension_reason="Many systems to search.",
        extension_notified_on=date(2027, 4, 12),  # first month runs to 15 Apr with the pause
    )
    assert not _row(workspace, request, date(2027, 4, 20)).extension_late


def test_an_extension_not_yet_told_is_not_late_during_the_first_month(
    workspace: Workspace,
) -> None:
    request = _add(workspace, extended=True, extension_reason="Many systems to search.")
    assert not _row(workspace, request, date(2027, 3, 10)).extension_late


def test_a_refusal_needs_its_ground(workspace: Workspace) -> None:
    request = _add(workspace)
    with pytest.raises(UserError, match=r"Art\. 12\(4\)"):
        close_request(workspace, request, "refused", closed_on=date(2027, 3, 20))
    unchanged = get_request(workspace, request)
    assert unchanged["status"] == "open" and unchanged["outcome"] is None
    assert unchanged.version == 1
    ground = "Manifestly excessive: the fifth identical request in ten weeks (Art. 12(5)(b))."
    closed = close_request(
        workspace, request, "refused", closed_on=date(2027, 3, 20), refusal_ground=ground
    ).record
    assert (closed["status"], closed["outcome"], closed["closed_on"]) == (
        "closed",
        "refused",
        date(2027, 3, 20),
    )
    assert get_request(workspace, request)["refusal_ground"] == ground


def test_a_ground_already_recorded_is_enough_to_refuse(workspace: Workspace) -> None:
    request = _add(workspace, refusal_ground="Manifestly unfounded (Art. 12(5)(b)).")
    closed = close_request(workspace, request, "refused", closed_on=date(2027, 3, 9)).record
    assert closed["outcome"] == "refused"
    assert closed["refusal_ground"] == "Manifestly unfounded (Art. 12(5)(b))."


@pytest.mark.parametrize("outcome", ["fulfilled", "partly", "no_data"])
def test_other_outcomes_close_without_a_ground(workspace: Workspace, outcome: str) -> None:
    request = _add(workspace)
    closed = close_request(workspace, request, outcome).record
    assert (closed["status"], closed["outcome"]) == ("closed", outcome)
    assert closed["closed_on"] == date.today()
    assert closed["refusal_ground"] is None


def test_a_blank_ground_is_no_ground(workspace: Workspace) -> None:
    request = _add(workspace)
    with pytest.raises(UserError):
        close_request(workspace, request, "refused", refusal_ground="   ")


def test_the_deadline_uses_the_holidays_of_the_request_organisation(
    workspace: Workspace,
) -> None:
    german = add_organisation(
        workspace, {"legal_name": "Beispiel GmbH", "country": "DE"}, actor="tester"
    ).record.id
    # One month after 3 Sep 2028 is Tuesday 3 Oct: German Unity Day, a working day in France.
    received = date(2028, 9, 3)
    in_germany = _add(workspace, received_on=received, organisation_id=german)
    in_france = _add(workspace, received_on=received)
    today = date(2028, 9, 10)
    german_row, french_row = _row(workspace, in_germany, today), _row(workspace, in_france, today)
    assert french_row.deadline.due == date(2028, 10, 3)
    assert german_row.deadline.due == date(2028, 10, 4)
    assert "3 Oct 2028 is a public holiday in DE" in german_row.deadline.text
    assert request_deadline_for(workspace, in_germany, today).due == date(2028, 10, 4)
    # Moving the request to the French organisation moves its deadline back.
    update_request(workspace, in_germany, {"organisation_id": list_organisations(workspace)[0].id})
    assert _row(workspace, in_germany, today).deadline.due == date(2028, 10, 3)


def test_an_edit_can_be_undone_and_redone(workspace: Workspace) -> None:
    request = _add(workspace)
    edit = update_request(
        workspace,
        request,
        {"requester": "Customer #48213 (J. Moreau-Petit)", "channel": "letter"},
        1,
        actor="tester",
    )
    assert edit.record.version == 2
    undo = revert_change(workspace, edit.change_id, actor="tester")
    restored = get_request(workspace, request)
    assert restored["requester"] == "Customer #48213 (J. Moreau)"
    assert restored["channel"] == "email"
    assert restored.version == 3  # an undo is a new change, not a rewind
    revert_change(workspace, undo.change_id, actor="tester")
    assert get_request(workspace, request)["channel"] == "letter"
    # Undoing the creation removes the request altogether.
    created = add_request(workspace, _values(), actor="tester")
    revert_change(workspace, created.change_id, actor="tester")
    assert [row.id for row in list_request_rows(workspace)] == [request]


def test_hostile_text_is_stored_as_data(workspace: Workspace) -> None:
    requester = "Robert'); DROP TABLE rights_request;--"
    notes = "<script>alert('x')</script>\n=HYPERLINK(\"http://evil.example\")\n${jndi:ldap://x}"
    request = _add(workspace, requester=requester, notes=notes, activities=["PA-001' OR '1'='1"])
    stored = get_request(workspace, request)
    assert stored["requester"] == requester
    assert stored["notes"] == notes
    assert stored["activities"] == ["PA-001' OR '1'='1"]
    assert [row.requester for row in list_request_rows(workspace)] == [requester]
    with pytest.raises(ValidationError) as raised:
        _add(workspace, requester="Eve\x00")
    assert _fields(raised) == ["requester"]
    with pytest.raises(ValidationError) as raised:
        _add(workspace, requester="Eve\nMallory")
    assert _fields(raised) == ["requester"]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"types": ["telepathy"]}, "types"),
        ({"types": []}, "types"),
        ({"channel": "carrier pigeon"}, "channel"),
        ({"identity_check": "passport_copy"}, "identity_check"),
        ({"received_on": "5 March 2027"}, "received_on"),
        ({"received_on": None}, "received_on"),
        ({"requester": "   "}, "requester"),
        ({"organisation_id": 999}, "organisation_id"),
        ({"shoe_size": 42}, "shoe_size"),
    ],
)
def test_bad_values_are_refused_with_the_field_named(
    workspace: Workspace, values: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        add_request(workspace, _values(**values), actor="tester")
    assert _fields(raised) == [field]
    assert list_request_rows(workspace) == []


def test_a_bad_outcome_is_refused_and_the_request_stays_open(workspace: Workspace) -> None:
    request = _add(workspace)
    with pytest.raises(ValidationError) as raised:
        close_request(workspace, request, "ignored")
    assert _fields(raised) == ["outcome"]
    assert get_request(workspace, request)["status"] == "open"


def test_a_datetime_for_a_date_is_refused_or_reduced_to_its_date(workspace: Workspace) -> None:
    try:
        result = add_request(workspace, _values(received_on=datetime(2027, 3, 5, 23, 30)))
    except ValidationError as refused:
        assert [error.field for error in refused.errors] == ["received_on"]
        return
    assert type(result.record["received_on"]) is date
    assert result.record["received_on"] == get_request(workspace, result.record.id)["received_on"]


def test_a_minimal_request_gets_the_default_channel_and_identity_check(
    workspace: Workspace,
) -> None:
    record = add_request(
        workspace, {"types": ["access"], "received_on": RECEIVED, "requester": "Customer #1"}
    ).record
    assert (record["channel"], record["identity_check"]) == ("email", "not_needed")
