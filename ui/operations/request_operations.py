"""Rights requests and breaches for the GUI, and what needs attention when a workspace opens.
A part of WorkspaceSession (see session.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.domain.breach_risk import RiskSuggestion
from app.i18n import ngettext
from app.services import breaches, requests
from app.services.changes import ChangeResult, RecordData
from ui.operations.session_parts import Done, Failed, FailedWrite, SessionParts


class RequestOperations(SessionParts):
    def request_rows(self) -> list[requests.RequestRow]:
        return requests.list_request_rows(self.workspace)

    def request(self, request_id: int) -> RecordData:
        return self._remember([requests.get_request(self.workspace, request_id)])[0]

    def add_request(
        self,
        values: Mapping[str, Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Log a request; the service fills in the next REQ- reference, the first organisation
        and the open status, on the write thread (no race on the reference)."""
        values = dict(values)

        def job() -> ChangeResult:
            return requests.add_request(self.workspace, values, actor=self.actor)

        self._write(job, FailedWrite(requests.KIND, None, values), on_done, on_error)

    def close_request(
        self,
        request_id: int,
        outcome: str,
        *,
        closed_on: date | None = None,
        refusal_ground: str | None = None,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Close with an outcome; the service refuses a refusal without its ground."""

        def job() -> ChangeResult:
            return requests.close_request(
                self.workspace,
                request_id,
                outcome,
                closed_on=closed_on,
                refusal_ground=refusal_ground,
                actor=self.actor,
            )

        self._write(job, FailedWrite(requests.KIND, request_id, {}), on_done, on_error)

    def breach_rows(self) -> list[breaches.BreachRow]:
        return breaches.list_breach_rows(self.workspace)

    def breach(self, breach_id: int) -> RecordData:
        return self._remember([breaches.get_breach(self.workspace, breach_id)])[0]

    def breach_risk(self, breach_id: int) -> RiskSuggestion:
        return breaches.breach_risk(self.workspace, breach_id)

    def add_breach(
        self,
        values: Mapping[str, Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Record a breach; the service fills in the next BR- reference and the first
        organisation, on the write thread."""
        values = dict(values)

        def job() -> ChangeResult:
            return breaches.add_breach(self.workspace, values, actor=self.actor)

        self._write(job, FailedWrite(breaches.KIND, None, values), on_done, on_error)

    def reminders(self) -> Reminders:
        """What needs attention now: late and nearly due answers, breach clocks still running.
        Reads two small tables; the window calls it off the GUI thread."""
        request_rows = self.request_rows()
        states = [row.clock_state() for row in self.breach_rows()]
        return Reminders(
            overdue_requests=sum(row.overdue for row in request_rows),
            requests_due_soon=sum(row.due_soon for row in request_rows),
            breaches_running=states.count("running"),
            breaches_overdue=states.count("overdue"),
        )


@dataclass(frozen=True)
class Reminders:
    overdue_requests: int
    requests_due_soon: int
    breaches_running: int  # not yet notified, within the 72 hours
    breaches_overdue: int  # not notified, past the 72 hours

    @property
    def any(self) -> bool:
        return bool(
            self.overdue_requests
            or self.requests_due_soon
            or self.breaches_running
            or self.breaches_overdue
        )

    def summary(self) -> str:
        """What is due, in a few words: "2 requests overdue; 1 breach clock running"."""
        parts = []
        if self.overdue_requests:
            parts.append(
                ngettext(
                    "{count} request overdue",
                    "{count} requests overdue",
                    self.overdue_requests,
                ).format(count=self.overdue_requests)
            )
        if self.requests_due_soon:
            parts.append(
                ngettext(
                    "{count} request due within 7 days",
                    "{count} requests due within 7 days",
                    self.requests_due_soon,
                ).format(count=self.requests_due_soon)
            )
        if self.breaches_overdue:
            parts.append(
                ngettext(
                    "{count} breach not notified within 72 hours",
                    "{count} breaches not notified within 72 hours",
                    self.breaches_overdue,
                ).format(count=self.breaches_overdue)
            )
        if self.breaches_running:
            parts.append(
                ngettext(
                    "{count} breach clock running",
                    "{count} breach clocks running",
                    self.breaches_running,
                ).format(count=self.breaches_running)
            )
        return "; ".join(parts)
