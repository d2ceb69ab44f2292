"""What the dashboard and the compliance summary show beside the findings: the action plan
(planned DPIA measures and the plans' open actions), the requests and breaches that need
attention with their statistics, the register's make-up, and the DPIAs with one risk map for
all of them.

Everything is read with a few narrow queries and handed back as plain values, so the GUI can
read it on a worker thread and a report can render it without a database session.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import col, select

from app.domain import Breach, CollectionPlan, Dpia, RightsRequest
from app.domain.activity import ACTIVITY_STATUS_LABELS, ActivityStatus
from app.domain.dpia import ACTION_STATUS_LABELS, DPIA_STATUS_LABELS, ActionStatus, DpiaStatus
from app.domain.dpia_questions import FEARED_EVENT_LABELS, FearedEvent
from app.domain.legal_bases import LEGAL_BASIS_LABELS, LegalBasis
from app.domain.plan_advice import open_actions
from app.domain.risk_matrix import MATRIX_LABELS, RISK_LEVEL_LABELS, RiskLevel, matrix
from app.i18n import _
from app.services.breaches import BreachRow, list_breach_rows
from app.services.dpia import DPIA
from app.services.plans import PLAN
from app.services.register import list_activity_rows
from app.services.requests import RequestRow, list_request_rows
from app.storage.workspace import Workspace

REQUEST_MONTHS = 12  # the requests chart covers the last year


@dataclass(frozen=True)
class ActionItem:
    """One thing to do: a planned measure of a DPIA, or an open action of a plan."""

    record_type: str  # "dpia" or "collection_plan": where the action lives
    record_id: int
    reference: str
    record_title: str
    action: str
    owner: str = ""
    due_on: date | None = None
    progress: str = ""  # translated; empty for a plan's action (plans do not track it)
    overdue: bool = False


@dataclass(frozen=True)
class RequestMonth:
    month: date  # the first day of the month the requests were received in
    on_time: int  # answered by the deadline
    late: int  # answered late, or still open past the deadline
    open: int  # open and not yet due


@dataclass(frozen=True)
class BreachLine:
    id: int
    reference: str
    title: str
    state: str  # BreachRow.clock_state(): running, overdue, notified, not_notifiable, closed
    clock: str  # "12 hours left to notify the authority", "30 hours overdue", or the state
    hours_left: float  # negative once overdue


@dataclass(frozen=True)
class RegisterStats:
    total: int  # activities in use (retired ones apart)
    by_status: list[tuple[str, int]]  # (translated status, activities), every activity
    by_basis: list[tuple[str, int]]  # (translated basis, activities relying on it)
    without_basis: int
    special: int  # activities with special-category or criminal-offence data
    transfers: int  # activities with a transfer outside the EEA


@dataclass(frozen=True)
class DpiaLine:
    id: int
    reference: str
    title: str
    status: str  # translated
    status_code: str
    matrix: str  # translated name of the matrix it is rated on
    risks: int
    highest_residual: str  # translated level, "" when nothing is rated
    high_residual: bool
    planned_measures: int


@dataclass(frozen=True)
class Overview:
    actions: list[ActionItem]
    requests_due: list[RequestRow]  # overdue first, then due soon
    request_months: list[RequestMonth]
    request_totals: dict[str, int]
    breaches: list[BreachLine]  # clocks still running or overdue
    breach_totals: dict[str, int]
    register: RegisterStats
    dpias: list[DpiaLine]
    risk_maps: list[dict[str, Any]]  # one risk map's values per matrix in use


def compliance_overview(
    workspace: Workspace, today: date | None = None, now: datetime | None = None
) -> Overview:
    """Everything the dashboard shows beside the findings."""
    today = today or date.today()
    now = now or datetime.now(UTC)
    with workspace.session() as session:
        dpias = [
            dict(zip(_DPIA_COLUMNS, row, strict=True))
            for row in session.exec(
                select(*(getattr(Dpia, name) for name in _DPIA_COLUMNS)).order_by(
                    col(Dpia.reference)
                )
            ).all()
        ]
        plans = list(session.exec(select(CollectionPlan).order_by(col(CollectionPlan.reference))))
        plan_values = [
            (plan.id or 0, plan.reference, plan.name, plan.model_dump()) for plan in plans
        ]
        closed: dict[int, date | None] = {
            int(request_id or 0): day
            for request_id, day in session.exec(
                select(col(RightsRequest.id), col(RightsRequest.closed_on))
            ).all()
        }
        notified: dict[int, datetime | None] = {
            int(breach_id or 0): at
            for breach_id, at in session.exec(
                select(col(Breach.id), col(Breach.authority_notified_at))
            ).all()
        }
    requests = list_request_rows(workspace, today)
    breaches = list_breach_rows(workspace)
    return Overview(
        actions=action_plan(dpias, plan_values, today),
        requests_due=sorted(
            (row for row in requests if row.overdue or row.due_soon), key=lambda r: r.days_left
        ),
        request_months=request_months(requests, closed, today),
        request_totals=_request_totals(requests, closed),
        breaches=breach_clocks(breaches, now),
        breach_totals=_breach_totals(breaches, notified, now),
        register=register_stats(workspace),
        dpias=[_dpia_line(values) for values in dpias],
        risk_maps=combined_risk_maps(dpias),
    )


_DPIA_COLUMNS = ("id", "reference", "title", "status", "matrix", "risks", "measures")


# --- the action plan ------------------------------------------------------------------------


def action_plan(
    dpias: Iterable[Mapping[str, Any]],
    plans: Iterable[tuple[int, str, str, Mapping[str, Any]]],
    today: date,
) -> list[ActionItem]:
    """Planned DPIA measures not done yet, then the plans' open actions; within each, what is
    due first comes first (undated last)."""
    measures = []
    for dpia in dpias:
        for measure in dpia.get("measures") or []:
            if measure.get("status") != "planned" or measure.get("action_status") == "done":
                continue
            due = _as_date(measure.get("due_on"))
            progress = measure.get("action_status") or ActionStatus.NOT_STARTED.value
            measures.append(
                ActionItem(
                    DPIA,
                    dpia["id"],
                    dpia["reference"],
                    dpia["title"],
                    str(measure.get("title") or ""),
                    str(measure.get("owner") or ""),
                    due,
                    _(ACTION_STATUS_LABELS.get(ActionStatus(progress), progress)),
                    due is not None and due < today,
                )
            )
    measures.sort(key=lambda item: (item.due_on is None, item.due_on or today, item.reference))
    actions = [
        ActionItem(PLAN, plan_id, reference, name, action)
        for plan_id, reference, name, values in plans
        for action in open_actions(values)
    ]
    return measures + actions


def _as_date(value: Any) -> date | None:
    # Items keep dates as ISO text (JSON); a bad one is treated as no date, not an error.
    try:
        return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


# --- requests and breaches ------------------------------------------------------------------


def _month(day: date) -> date:
    return day.replace(day=1)


def _months_back(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def _request_outcome(row: RequestRow, closed_on: date | None) -> str:
    if closed_on is not None:
        return "on_time" if closed_on <= row.deadline.due else "late"
    if row.status != "open":  # closed without a date: nothing says it was late
        return "on_time"
    return "late" if row.overdue else "open"


def request_months(
    requests: Iterable[RequestRow], closed: Mapping[int, date | None], today: date
) -> list[RequestMonth]:
    """Requests received in each of the last twelve months, by how they were answered."""
    first = _months_back(_month(today), REQUEST_MONTHS - 1)
    counts: dict[date, Counter[str]] = {
        _months_back(_month(today), back): Counter() for back in range(REQUEST_MONTHS)
    }
    for row in requests:
        month = _month(row.received_on)
        if first <= month <= _month(today):
            counts[month][_request_outcome(row, closed.get(row.id))] += 1
    return [
        RequestMonth(month, c["on_time"], c["late"], c["open"])
        for month, c in sorted(counts.items())
    ]


def _request_totals(
    requests: list[RequestRow], closed: Mapping[int, date | None]
) -> dict[str, int]:
    answered = [(row, closed.get(row.id)) for row in requests if row.status != "open"]
    late = sum(1 for row, day in answered if day is not None and day > row.deadline.due)
    return {
        "total": len(requests),
        "open": len(requests) - len(answered),
        "overdue": sum(row.overdue for row in requests),
        "due_soon": sum(row.due_soon for row in requests),
        "answered": len(answered),
        "answered_on_time": len(answered) - late,
        "answered_late": late,
        "extended": sum(row.extended for row in requests),
    }


def breach_clocks(breaches: Iterable[BreachRow], now: datetime) -> list[BreachLine]:
    """The breaches whose 72-hour clock still matters: running, or overdue and not notified;
    the most urgent first."""
    lines = []
    for breach in breaches:
        state = breach.clock_state(now)
        if state not in ("running", "overdue"):
            continue
        left = breach.clock.remaining(now)
        lines.append(
            BreachLine(
                breach.id,
                breach.reference,
                breach.title,
                state,
                breach.clock.describe(now),
                left.total_seconds() / 3600,
            )
        )
    return sorted(lines, key=lambda line: line.hours_left)


def _breach_totals(
    breaches: list[BreachRow], notified: Mapping[int, datetime | None], now: datetime
) -> dict[str, int]:
    states = Counter(breach.clock_state(now) for breach in breaches)
    in_time = sum(
        1
        for breach in breaches
        if (at := notified.get(breach.id)) is not None and _utc(at) <= breach.clock.deadline
    )
    return {
        "total": len(breaches),
        "notified": states["notified"],
        "notified_in_time": in_time,
        "notified_late": states["notified"] - in_time,
        "not_notifiable": states["not_notifiable"],
        "running": states["running"],
        "overdue": states["overdue"],
        "closed": states["closed"],
    }


def _utc(moment: datetime) -> datetime:
    # SQLite hands back naive moments; the app stores them in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# --- the register -------------------------------------------------------------------------


def register_stats(workspace: Workspace) -> RegisterStats:
    rows = list_activity_rows(workspace)
    statuses = Counter(row.status for row in rows)
    in_use = [row for row in rows if row.status != ActivityStatus.RETIRED]
    bases = Counter(basis for row in in_use for basis in set(row.legal_bases))
    return RegisterStats(
        total=len(in_use),
        by_status=[
            (_(label), statuses[status])
            for status, label in ACTIVITY_STATUS_LABELS.items()
            if statuses[status]
        ],
        by_basis=[
            (_(label), bases[basis]) for basis, label in LEGAL_BASIS_LABELS.items() if bases[basis]
        ]
        + [(basis, count) for basis, count in bases.items() if basis not in set(LegalBasis)],
        without_basis=sum(not row.legal_bases for row in in_use),
        special=sum(row.has_special_data for row in in_use),
        transfers=sum(row.has_transfers for row in in_use),
    )


# --- DPIAs and their risks ------------------------------------------------------------------


def _risk_title(risk: Mapping[str, Any]) -> str:
    if risk.get("title"):
        return str(risk["title"])
    labels = {event.value: label for event, label in FEARED_EVENT_LABELS.items()}
    return _(labels.get(str(risk.get("event")), labels[FearedEvent.CUSTOM.value]))


def _residual_levels(values: Mapping[str, Any]) -> list[RiskLevel]:
    grid = matrix(values.get("matrix"))
    levels = []
    for risk in values.get("risks") or []:
        level = grid.level(
            int(risk.get("residual_severity") or 0), int(risk.get("residual_likelihood") or 0)
        )
        if level is not None:
            levels.append(level)
    return levels


def _dpia_line(values: Mapping[str, Any]) -> DpiaLine:
    order = [RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH]
    levels = _residual_levels(values)
    highest = max(levels, key=order.index) if levels else None
    status = values.get("status") or DpiaStatus.DRAFT.value
    return DpiaLine(
        id=values["id"],
        reference=values["reference"],
        title=values["title"],
        status=_(DPIA_STATUS_LABELS.get(DpiaStatus(status), status)),
        status_code=status,
        matrix=_(MATRIX_LABELS[matrix(values.get("matrix")).kind]),
        risks=len(values.get("risks") or []),
        highest_residual=_(RISK_LEVEL_LABELS[highest]) if highest else "",
        high_residual=highest is RiskLevel.HIGH,
        planned_measures=sum(
            m.get("status") == "planned" and m.get("action_status") != "done"
            for m in values.get("measures") or []
        ),
    )


def combined_risk_maps(dpias: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One risk map's values (matrix and risks) for every DPIA rated on the same matrix, each
    risk titled with its DPIA's reference.

    A risk rated on the ICO's 3 x 3 matrix goes on a map of its own, not on the CNIL 4 x 4 one:
    the two scales do not translate level for level ("possible" is not "limited" or
    "significant"), and moving a risk to a cell it was never rated in would misstate it.
    """
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for dpia in dpias:
        kind = matrix(dpia.get("matrix")).kind.value
        for risk in dpia.get("risks") or []:
            titled = dict(risk)
            titled["title"] = f"{dpia['reference']} · {_risk_title(risk)}"
            by_kind.setdefault(kind, []).append(titled)
    return [
        {"matrix": kind, "label": _(MATRIX_LABELS[matrix(kind).kind]), "risks": risks}
        for kind, risks in sorted(by_kind.items())
    ]
