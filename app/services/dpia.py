"""DPIAs: create one for some activities, edit it, decide on it, and list them.

A decision (approved, approved with conditions, refused, prior consultation) freezes a
version: the DPIA's values and the register facts it rested on, with a SHA-256 hash of both,
in the same change as the decision. Editing a decided DPIA opens the next version: its status
returns to draft in the same change, so a decision always describes exactly what was frozen.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import col, func, select

from app.domain import Dpia, DpiaVersion, ProcessingActivity
from app.domain.base import utcnow
from app.domain.dpia import DECISIONS, DPIA_FIELDS, DPIA_STATUS_LABELS, DpiaStatus, MeasureStatus
from app.domain.dpia_questions import FEARED_EVENT_LABELS, FearedEvent
from app.domain.risk_matrix import RiskLevel, matrix
from app.errors import UserError
from app.i18n import _
from app.services.changes import ChangeResult, ChangeWriter, RecordData, get_record
from app.services.dpia_register import merged_facts, register_facts
from app.settings import default_actor
from app.storage.workspace import Workspace

DPIA = "dpia"
VERSION = "dpia_version"
SCREENING = "activity_screening"
DPIA_PREFIX = "DPIA-"
# Fields that are the assessment's content: editing one after a decision opens a new version.
_WORKFLOW_FIELDS = {
    "status",
    "decided_by",
    "decided_on",
    "decision_conditions",
    "rejection_reason",
    "next_review",
}


@dataclass(frozen=True)
class DpiaRow:
    id: int
    reference: str
    title: str
    status: str  # translated
    status_code: str
    activities: str  # the references, comma separated
    risks: int
    highest_residual: RiskLevel | None
    planned_measures: int
    version: int  # the number of frozen versions
    updated_at: datetime


def risk_positions(values: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each risk's title and its inherent, current and residual positions with their levels."""
    grid = matrix(values.get("matrix"))
    positions = []
    for risk in values.get("risks") or []:
        event = risk.get("event", FearedEvent.CUSTOM)
        title = risk.get("title") or _(FEARED_EVENT_LABELS.get(event, event))
        entry: dict[str, Any] = {"key": risk.get("key"), "title": title, "event": event}
        for stage in ("inherent", "current", "residual"):
            severity = int(risk.get(f"{stage}_severity") or 0)
            likelihood = int(risk.get(f"{stage}_likelihood") or 0)
            entry[stage] = (severity, likelihood, grid.level(severity, likelihood))
        positions.append(entry)
    return positions


def high_residual_risks(values: Mapping[str, Any]) -> list[str]:
    """The risks that stay high once every measure is in place (Art. 36 territory)."""
    return [p["title"] for p in risk_positions(values) if p["residual"][2] is RiskLevel.HIGH]


def _highest(values: Mapping[str, Any]) -> RiskLevel | None:
    order = [RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH]
    levels = [p["residual"][2] for p in risk_positions(values) if p["residual"][2] is not None]
    return max(levels, key=order.index) if levels else None


def list_dpia_rows(workspace: Workspace) -> list[DpiaRow]:
    with workspace.session() as session:
        references = dict(
            session.exec(select(ProcessingActivity.id, ProcessingActivity.reference)).all()
        )
        versions = dict(
            session.exec(
                select(DpiaVersion.dpia_id, func.count()).group_by(col(DpiaVersion.dpia_id))
            ).all()
        )
        rows = []
        for dpia in session.exec(select(Dpia).order_by(col(Dpia.reference))):
            assert dpia.id is not None
            values = {"risks": dpia.risks, "matrix": dpia.matrix}
            rows.append(
                DpiaRow(
                    id=dpia.id,
                    reference=dpia.reference,
                    title=dpia.title,
                    status=_(DPIA_STATUS_LABELS[DpiaStatus(dpia.status)]),
                    status_code=dpia.status,
                    activities=", ".join(references.get(i, f"#{i}") for i in dpia.activity_ids),
                    risks=len(dpia.risks or []),
                    highest_residual=_highest(values),
                    planned_measures=sum(
                        m.get("status") == MeasureStatus.PLANNED for m in dpia.measures or []
                    ),
                    version=int(versions.get(dpia.id, 0)),
                    updated_at=dpia.updated_at,
                )
            )
    return rows


def get_dpia(workspace: Workspace, dpia_id: int) -> RecordData:
    return get_record(workspace, DPIA, dpia_id)


def find_dpia(workspace: Workspace, reference_or_id: str) -> RecordData:
    with workspace.session() as session:
        found = session.exec(select(Dpia.id).where(col(Dpia.reference) == reference_or_id)).first()
    if found is None and reference_or_id.isdigit():
        found = int(reference_or_id)
    if found is None:
        raise UserError(_("There is no DPIA “{id}”.").format(id=reference_or_id))
    return get_dpia(workspace, found)


def next_dpia_reference(workspace: Workspace) -> str:
    pattern = re.compile(re.escape(DPIA_PREFIX) + r"(\d+)$")
    with workspace.session() as session:
        numbers = [
            int(m.group(1)) for r in session.exec(select(Dpia.reference)) if (m := pattern.match(r))
        ]
    return f"{DPIA_PREFIX}{max(numbers, default=0) + 1:03d}"


def _default_risks() -> list[dict[str, Any]]:
    return [
        {"event": event.value}
        for event in (
            FearedEvent.ILLEGITIMATE_ACCESS,
            FearedEvent.UNWANTED_MODIFICATION,
            FearedEvent.DISAPPEARANCE,
        )
    ]


def create_dpia(
    workspace: Workspace,
    activity_ids: Sequence[int],
    values: Mapping[str, Any] | None = None,
    *,
    actor: str | None = None,
) -> ChangeResult:
    """A new DPIA of the given activities, with the three feared events ready to rate. The
    activities' screenings (if any) are marked as leading to it, in the same change."""
    if not activity_ids:
        raise UserError(_("Choose at least one processing activity for the DPIA."))
    with workspace.session() as session:
        activities = [session.get(ProcessingActivity, i) for i in activity_ids]
    missing = [str(i) for i, a in zip(activity_ids, activities, strict=True) if a is None]
    if missing:
        raise UserError(
            _("Processing activity #{id} does not exist.").format(id=", #".join(missing))
        )
    first = activities[0]
    assert first is not None
    complete: dict[str, Any] = {
        "reference": next_dpia_reference(workspace),
        "title": _("DPIA: {name}").format(name=first.name)[:300],
        "organisation_id": first.controller_id,
        "status": DpiaStatus.DRAFT.value,
        "matrix": "cnil_4x4",
        "risks": _default_risks(),
        "author": actor or default_actor(),
        **(values or {}),
        "activity_ids": list(activity_ids),
    }
    from app.domain import ActivityScreening

    summary = _("Created DPIA “{title}”").format(title=complete["title"])
    with workspace.writing() as session:
        writer = ChangeWriter(session, actor, summary)
        created = writer.create(DPIA, complete)
        for screening in session.exec(
            select(ActivityScreening).where(col(ActivityScreening.activity_id).in_(activity_ids))
        ):
            assert screening.id is not None
            writer.update(
                SCREENING,
                screening.id,
                {"dpia_id": created.id, "decision": "carry_out"},
                None,
            )
        result = writer.result()
    return result


def update_dpia(
    workspace: Workspace,
    dpia_id: int,
    changes: Mapping[str, Any],
    expected_version: int | None,
    *,
    actor: str | None = None,
) -> ChangeResult:
    """Save changes; editing the content of a decided DPIA re-opens it as a draft of the
    next version (in the same change)."""
    current = get_dpia(workspace, dpia_id)
    real = dict(changes)
    content_changed = any(
        name not in _WORKFLOW_FIELDS and current.values.get(name) != value
        for name, value in changes.items()
    )
    if current["status"] in DECISIONS and content_changed and "status" not in changes:
        real["status"] = DpiaStatus.DRAFT.value
        real["decided_on"] = None
        real["decided_by"] = None
    with workspace.writing() as session:
        writer = ChangeWriter(session, actor)
        writer.update(DPIA, dpia_id, real, expected_version)
        return writer.result()


def _canonical(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    return value


def dpia_snapshot(workspace: Workspace, values: Mapping[str, Any]) -> dict[str, Any]:
    """What a frozen version keeps: the DPIA's fields and the register facts behind it."""
    facts = register_facts(workspace, values.get("activity_ids") or [])
    return {
        "dpia": {name: _canonical(values.get(name)) for name in DPIA_FIELDS},
        "register": {
            "activities": [{"reference": f.reference, "name": f.name} for f in facts],
            "facts": merged_facts(facts),
        },
    }


def content_hash(snapshot: Mapping[str, Any]) -> str:
    text = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def decide_dpia(
    workspace: Workspace,
    dpia_id: int,
    decision: DpiaStatus | str,
    expected_version: int | None,
    *,
    decided_by: str,
    decided_on: date | None = None,
    conditions: str | None = None,
    rejection_reason: str | None = None,
    actor: str | None = None,
) -> ChangeResult:
    """Record the decision and freeze the version it is about, in one change. Approving
    while a high residual risk remains is refused by the DPIA's rules (Art. 36)."""
    decision = DpiaStatus(decision)
    if decision not in DECISIONS:
        raise UserError(_("“{value}” is not a decision.").format(value=decision))
    changes: dict[str, Any] = {
        "status": decision.value,
        "decided_by": decided_by,
        "decided_on": decided_on or date.today(),
    }
    if conditions is not None:
        changes["decision_conditions"] = conditions
    if rejection_reason is not None:
        changes["rejection_reason"] = rejection_reason
    with workspace.session() as session:
        count = session.exec(
            select(func.count()).select_from(DpiaVersion).where(col(DpiaVersion.dpia_id) == dpia_id)
        ).one()
    summary = _("Decision on the DPIA: {decision}").format(decision=_(DPIA_STATUS_LABELS[decision]))
    with workspace.writing() as session:
        writer = ChangeWriter(session, actor, summary)
        decided = writer.update(DPIA, dpia_id, changes, expected_version)
        snapshot = dpia_snapshot(workspace, decided.values)
        writer.create(
            VERSION,
            {
                "dpia_id": dpia_id,
                "number": int(count) + 1,
                "frozen_at": utcnow(),
                "frozen_by": (actor or default_actor())[:200],
                "status": decision.value,
                "content_hash": content_hash(snapshot),
                "snapshot": snapshot,
            },
        )
        return writer.result()


def list_versions(workspace: Workspace, dpia_id: int) -> list[RecordData]:
    with workspace.session() as session:
        ids = list(
            session.exec(
                select(DpiaVersion.id)
                .where(col(DpiaVersion.dpia_id) == dpia_id)
                .order_by(col(DpiaVersion.number))
            )
        )
    return [get_record(workspace, VERSION, i) for i in ids if i is not None]
