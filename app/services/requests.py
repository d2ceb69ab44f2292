"""Rights requests: the log, with each request's legal deadline computed and explained."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import col, select

from app.domain import Organisation, RightsRequest
from app.domain.deadlines import Deadline, Pause, extension_notice_deadline, request_deadline
from app.domain.rights_request import Channel, IdentityCheck, RequestStatus
from app.errors import UserError
from app.i18n import _
from app.services.changes import ChangeResult, RecordData, apply_change, get_record
from app.storage.workspace import Workspace

KIND = "rights_request"
DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class RequestRow:
    id: int
    version: int
    reference: str
    types: tuple[str, ...]
    received_on: date
    requester: str
    status: str
    extended: bool
    deadline: Deadline
    days_left: int  # negative once overdue
    # An extension the requester was not told about within the first month (Art. 12(3)).
    extension_late: bool

    @property
    def overdue(self) -> bool:
        return self.status == RequestStatus.OPEN and self.days_left < 0

    @property
    def due_soon(self) -> bool:
        return self.status == RequestStatus.OPEN and 0 <= self.days_left <= DUE_SOON_DAYS


def _pauses(values: Mapping[str, Any]) -> list[Pause]:
    if values.get("identity_requested_on"):
        return [Pause(values["identity_requested_on"], values.get("identity_received_on"))]
    return []


def deadline_of(
    values: Mapping[str, Any], country: str | None, today: date | None = None
) -> Deadline:
    """The deadline of a request's values, pauses for identity proof included."""
    return request_deadline(
        values["received_on"],
        country,
        extended=bool(values.get("extended")),
        pauses=_pauses(values),
        today=today,
    )


def _row(request: RightsRequest, country: str | None, today: date) -> RequestRow:
    values = request.model_dump()
    deadline = deadline_of(values, country, today)
    # The requester must hear of an extension within the first month (pauses included): it is
    # late once told after that month, or not told and the month is over.
    first_month = extension_notice_deadline(
        request.received_on, country, pauses=_pauses(values), today=today
    )
    told = request.extension_notified_on
    late = bool(request.extended) and (told > first_month if told else today > first_month)
    return RequestRow(
        request.id or 0,
        request.version,
        request.reference,
        tuple(request.types or []),
        request.received_on,
        request.requester,
        request.status,
        bool(request.extended),
        deadline,
        (deadline.due - today).days,
        late,
    )


def list_request_rows(workspace: Workspace, today: date | None = None) -> list[RequestRow]:
    """Every request with its deadline, newest first."""
    today = today or date.today()
    with workspace.session() as session:
        countries = dict(session.exec(select(Organisation.id, Organisation.country)).all())
        requests = session.exec(
            select(RightsRequest).order_by(
                col(RightsRequest.received_on).desc(), col(RightsRequest.id).desc()
            )
        )
        return [
            _row(request, countries.get(request.organisation_id), today) for request in requests
        ]


def request_deadline_for(
    workspace: Workspace, request_id: int, today: date | None = None
) -> Deadline:
    record = get_record(workspace, KIND, request_id)
    country = get_record(workspace, "organisation", record["organisation_id"])["country"]
    return deadline_of(record.values, country, today)


def next_request_reference(workspace: Workspace) -> str:
    pattern = re.compile(r"REQ-(\d+)$")
    with workspace.session() as session:
        numbers = [
            int(m.group(1))
            for r in session.exec(select(RightsRequest.reference))
            if (m := pattern.match(r))
        ]
    return f"REQ-{max(numbers, default=0) + 1:03d}"


def _first_organisation(workspace: Workspace) -> int:
    with workspace.session() as session:
        first = session.exec(select(Organisation.id).order_by(col(Organisation.id))).first()
    if first is None:
        raise UserError(_("Add an organisation first."))
    return first


def add_request(
    workspace: Workspace, values: Mapping[str, Any], *, actor: str | None = None
) -> ChangeResult:
    complete = dict(values)
    complete.setdefault("reference", next_request_reference(workspace))
    complete.setdefault("organisation_id", _first_organisation(workspace))
    complete.setdefault("status", RequestStatus.OPEN.value)
    complete.setdefault("channel", Channel.EMAIL.value)
    complete.setdefault("identity_check", IdentityCheck.NOT_NEEDED.value)
    return apply_change(workspace, actor=actor, create=[(KIND, complete)])


def update_request(
    workspace: Workspace,
    request_id: int,
    changes: Mapping[str, Any],
    expected_version: int | None = None,
    *,
    actor: str | None = None,
) -> ChangeResult:
    return apply_change(
        workspace, actor=actor, update=[(KIND, request_id, changes, expected_version)]
    )


def close_request(
    workspace: Workspace,
    request_id: int,
    outcome: str,
    *,
    closed_on: date | None = None,
    refusal_ground: str | None = None,
    actor: str | None = None,
) -> ChangeResult:
    """Close with an outcome; a refusal must state its ground (Art. 12(4))."""
    refusal_ground = (refusal_ground or "").strip() or None
    if outcome == "refused" and not refusal_ground:
        current = get_record(workspace, KIND, request_id)
        if not current["refusal_ground"]:
            raise UserError(
                _("A refusal needs its ground: the person must be told why (Art. 12(4)).")
            )
    changes: dict[str, Any] = {
        "status": RequestStatus.CLOSED.value,
        "outcome": outcome,
        "closed_on": closed_on or date.today(),
    }
    if refusal_ground:
        changes["refusal_ground"] = refusal_ground
    return update_request(workspace, request_id, changes, None, actor=actor)


def get_request(workspace: Workspace, request_id: int) -> RecordData:
    return get_record(workspace, KIND, request_id)
