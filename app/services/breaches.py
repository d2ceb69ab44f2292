"""The breach register, with each breach's 72-hour clock and a suggested risk level."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import col, select

from app.domain import Breach, Organisation
from app.domain.breach_risk import RiskSuggestion, suggest_risk
from app.domain.deadlines import BreachClock, breach_clock
from app.errors import UserError
from app.i18n import _
from app.services.changes import ChangeResult, RecordData, apply_change, get_record
from app.storage.workspace import Workspace

KIND = "breach"


@dataclass(frozen=True)
class BreachRow:
    id: int
    version: int
    reference: str
    title: str
    time_zone: str
    aware_at: datetime
    clock: BreachClock
    risk_level: str | None
    authority_notified_at: datetime | None
    closed_on: date | None

    def clock_state(self, now: datetime | None = None) -> str:
        """'notified', 'not_notifiable', 'closed', 'running' or 'overdue'."""
        if self.authority_notified_at is not None:
            return "notified"
        if self.risk_level == "none":
            return "not_notifiable"
        if self.closed_on is not None:
            return "closed"
        return "overdue" if self.clock.overdue(now) else "running"


def list_breach_rows(workspace: Workspace) -> list[BreachRow]:
    """Every breach with its clock, newest awareness first."""
    with workspace.session() as session:
        breaches = session.exec(select(Breach).order_by(col(Breach.aware_at).desc()))
        return [
            BreachRow(
                b.id or 0,
                b.version,
                b.reference,
                b.title,
                b.time_zone,
                b.aware_at,
                breach_clock(b.aware_at),
                b.risk_level,
                b.authority_notified_at,
                b.closed_on,
            )
            for b in breaches
        ]


def next_breach_reference(workspace: Workspace) -> str:
    pattern = re.compile(r"BR-(\d+)$")
    with workspace.session() as session:
        numbers = [
            int(m.group(1))
            for r in session.exec(select(Breach.reference))
            if (m := pattern.match(r))
        ]
    return f"BR-{max(numbers, default=0) + 1:03d}"


def add_breach(
    workspace: Workspace, values: Mapping[str, Any], *, actor: str | None = None
) -> ChangeResult:
    complete = dict(values)
    complete.setdefault("reference", next_breach_reference(workspace))
    if "organisation_id" not in complete:
        with workspace.session() as session:
            first = session.exec(select(Organisation.id).order_by(col(Organisation.id))).first()
        if first is None:
            raise UserError(_("Add an organisation first."))
        complete["organisation_id"] = first
    complete.setdefault("aware_at", datetime.now(UTC))
    complete.setdefault("time_zone", "UTC")
    return apply_change(workspace, actor=actor, create=[(KIND, complete)])


def update_breach(
    workspace: Workspace,
    breach_id: int,
    changes: Mapping[str, Any],
    expected_version: int | None = None,
    *,
    actor: str | None = None,
) -> ChangeResult:
    return apply_change(
        workspace, actor=actor, update=[(KIND, breach_id, changes, expected_version)]
    )


def get_breach(workspace: Workspace, breach_id: int) -> RecordData:
    return get_record(workspace, KIND, breach_id)


def breach_risk(workspace: Workspace, breach_id: int) -> RiskSuggestion:
    return suggest_risk(get_breach(workspace, breach_id).values)
