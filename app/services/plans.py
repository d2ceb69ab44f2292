"""Data collection plans: create one (from the wizard or an answers file), keep its draft
register entry in step with it, and list plans.

A complete plan and its register entry are written in one change, so one undo takes back both
and a failure leaves neither.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from app.domain import ActivityScreening, CollectionPlan, Organisation, ProcessingActivity
from app.domain.collection_plan import (
    CHANNEL_LABELS,
    PLAN_FIELDS,
    PLAN_STATUS_LABELS,
    CollectionChannel,
    Decision,
    PlanStatus,
)
from app.domain.fields import clean_values
from app.domain.legal_bases import LegalBasis
from app.domain.plan_rules import minimisation_flags, plan_problems
from app.domain.register_items import DataSource, ProvisionRequirement
from app.domain.screening import SCREENING_OUTCOME_LABELS, screen
from app.errors import FieldError, UserError, ValidationError
from app.i18n import _
from app.services.changes import ChangeResult, ChangeWriter, RecordData, get_record
from app.services.register import ACTIVITY, next_reference
from app.storage.workspace import Workspace

PLAN = "collection_plan"
SCREENING = "activity_screening"
PLAN_PREFIX = "PLAN-"


@dataclass(frozen=True)
class PlanRow:
    id: int
    reference: str
    name: str
    organisation: str
    status: str  # translated
    channel: str  # translated
    purposes: int
    data: int  # pieces of data kept
    removed: int  # pieces of data decided against
    screening: str  # translated outcome
    activity_reference: str | None
    updated_at: datetime


def list_plan_rows(workspace: Workspace) -> list[PlanRow]:
    with workspace.session() as session:
        organisations = dict(session.exec(select(Organisation.id, Organisation.legal_name)).all())
        activities = dict(
            session.exec(select(ProcessingActivity.id, ProcessingActivity.reference)).all()
        )
        plans = list(session.exec(select(CollectionPlan).order_by(col(CollectionPlan.reference))))
        rows = []
        for plan in plans:
            assert plan.id is not None
            kept = [d for d in plan.data or [] if d.get("decision") == Decision.KEEP]
            rows.append(
                PlanRow(
                    id=plan.id,
                    reference=plan.reference,
                    name=plan.name,
                    organisation=organisations.get(plan.organisation_id, ""),
                    status=_(PLAN_STATUS_LABELS[PlanStatus(plan.status)]),
                    channel=_(CHANNEL_LABELS[CollectionChannel(plan.channel)])
                    if plan.channel
                    else "",
                    purposes=len(plan.purposes or []),
                    data=len(kept),
                    removed=len(plan.data or []) - len(kept),
                    screening=_(SCREENING_OUTCOME_LABELS[screen(plan.screening or []).outcome]),
                    activity_reference=activities.get(plan.activity_id)
                    if plan.activity_id
                    else None,
                    updated_at=plan.updated_at,
                )
            )
    return rows


def get_plan(workspace: Workspace, plan_id: int) -> RecordData:
    return get_record(workspace, PLAN, plan_id)


def find_plan(workspace: Workspace, reference_or_id: str) -> RecordData:
    """A plan by its reference (PLAN-001) or its number, as the command line names it."""
    with workspace.session() as session:
        plan = session.exec(
            select(CollectionPlan).where(col(CollectionPlan.reference) == reference_or_id)
        ).first()
        plan_id = plan.id if plan is not None else None
    if plan_id is None and reference_or_id.isdigit():
        plan_id = int(reference_or_id)
    if plan_id is None:
        raise UserError(_("There is no collection plan “{id}”.").format(id=reference_or_id))
    return get_plan(workspace, plan_id)


def next_plan_reference(workspace: Workspace) -> str:
    pattern = re.compile(re.escape(PLAN_PREFIX) + r"(\d+)$")
    with workspace.session() as session:
        numbers = [
            int(match.group(1))
            for reference in session.exec(select(CollectionPlan.reference))
            if (match := pattern.match(reference))
        ]
    return f"{PLAN_PREFIX}{max(numbers, default=0) + 1:03d}"


def _requirement(item: Mapping[str, Any], bases: set[str]) -> tuple[str, str]:
    """Art. 13(2)(e): whether the person must provide the data, and what follows if not."""
    if not item.get("mandatory"):
        return ProvisionRequirement.NONE.value, ""
    if bases and bases <= {LegalBasis.LEGAL_OBLIGATION.value}:
        requirement = ProvisionRequirement.STATUTORY
    elif LegalBasis.CONTRACT in bases:
        requirement = ProvisionRequirement.CONTRACT_PREREQUISITE
    else:
        requirement = ProvisionRequirement.NONE
    return requirement.value, _("Without it we cannot go ahead with the purposes it serves.")


def activity_values(plan: Mapping[str, Any]) -> dict[str, Any]:
    """The register entry a plan describes: its purposes, its kept data with their
    retention, its recipients, transfers and security measures."""
    purposes = {p["key"]: p for p in plan.get("purposes") or [] if p.get("basis")}
    from_partner = plan.get("channel") == CollectionChannel.PARTNER
    categories = []
    for item in plan.get("data") or []:
        if item.get("decision") != Decision.KEEP:
            continue
        keys = [k for k in item.get("purpose_keys") or [] if k in purposes]
        requirement, consequence = _requirement(item, {purposes[k]["basis"] for k in keys})
        categories.append(
            {
                "category": item["label"],
                "kind": item.get("kind", "regular"),
                "source": (DataSource.THIRD_PARTY if from_partner else DataSource.DATA_SUBJECT),
                "source_detail": (plan.get("channel_detail") or "")[:2000] if from_partner else "",
                "requirement": requirement,
                "consequence": consequence,
                "purpose_keys": keys,
                "retention_period": item.get("retention_period", ""),
                "retention_trigger": item.get("retention_trigger", ""),
                "end_action": item.get("end_action", "delete"),
            }
        )
    return {
        "name": plan["name"],
        "description": plan.get("objective"),
        "controller_id": plan["organisation_id"],
        "purposes": [
            {
                name: purpose.get(name)
                for name in (
                    "key",
                    "purpose",
                    "basis",
                    "basis_reference",
                    "legitimate_interest",
                    "art9_condition",
                    "art10_basis",
                )
            }
            for purpose in purposes.values()
        ],
        "data_subjects": plan.get("data_subjects") or [],
        "data_categories": categories,
        "recipients": plan.get("recipients") or [],
        "transfers": plan.get("transfers") or [],
        "security_measures": plan.get("security_measures") or [],
        "security_notes": plan.get("security_notes"),
    }


def _check_complete(values: Mapping[str, Any]) -> None:
    problems = plan_problems(values)
    if problems:
        raise ValidationError(
            [
                FieldError(problem.field, _(PLAN_FIELDS[problem.field].label), problem.message)
                for problem in problems
            ]
        )


def _defaults(workspace: Workspace, values: Mapping[str, Any]) -> dict[str, Any]:
    complete = dict(values)
    complete.setdefault("reference", next_plan_reference(workspace))
    complete.setdefault("status", PlanStatus.DRAFT.value)
    if complete.get("organisation_id") is None:
        with workspace.session() as session:
            first = session.exec(select(Organisation.id).order_by(col(Organisation.id))).first()
        if first is None:
            raise UserError(_("Add an organisation first: every plan names who collects."))
        complete["organisation_id"] = first
    return complete


def create_plan(
    workspace: Workspace,
    values: Mapping[str, Any],
    *,
    complete: bool = True,
    actor: str | None = None,
) -> ChangeResult:
    """Create a plan. A complete plan must pass every wizard check and gets its draft
    register entry in the same change; a draft plan is saved as it is."""
    plan = _defaults(workspace, values)
    plan.pop("activity_id", None)
    cleaned = clean_values(PLAN_FIELDS, plan)  # field errors first, named by field
    if complete:
        _check_complete(cleaned)
        cleaned["status"] = PlanStatus.COMPLETE.value
        activity_reference = next_reference(workspace)
    summary = _("Created collection plan “{name}”").format(name=cleaned.get("name", ""))
    with workspace.writing() as session:
        writer = ChangeWriter(session, actor, summary)
        if complete:
            activity = writer.create(
                ACTIVITY,
                {**activity_values(cleaned), "reference": activity_reference, "status": "draft"},
            )
            cleaned["activity_id"] = activity.id
            _carry_screening(writer, activity.id, cleaned)
        writer.create(PLAN, cleaned)
        result = writer.result()
    # The plan is what the caller asked for: put it first.
    plans = [r for r in result.records if r.record_type == PLAN]
    others = [r for r in result.records if r.record_type != PLAN]
    return ChangeResult(result.change_id, result.summary, plans + others, result.deleted)


def update_plan(
    workspace: Workspace,
    plan_id: int,
    changes: Mapping[str, Any],
    expected_version: int | None,
    *,
    actor: str | None = None,
) -> ChangeResult:
    """Save a plan's answers; a complete plan must stay complete, and its register entry
    follows (or is created when the plan becomes complete) in the same change."""
    current = get_plan(workspace, plan_id)
    merged = {**current.values, **changes}
    becomes_complete = merged.get("status") == PlanStatus.COMPLETE
    if becomes_complete:
        _check_complete(clean_values(PLAN_FIELDS, _editable(merged)))
        activity_reference = next_reference(workspace)
    summary = _("Edited collection plan “{name}”").format(name=merged.get("name", ""))
    with workspace.writing() as session:
        writer = ChangeWriter(session, actor, summary)
        plan_changes = dict(changes)
        if becomes_complete:
            activity_id = merged.get("activity_id")
            activity = session.get(ProcessingActivity, activity_id) if activity_id else None
            derived = activity_values(clean_values(PLAN_FIELDS, _editable(merged)))
            if activity is not None and activity.id is not None:
                writer.update(ACTIVITY, activity.id, derived, None)
                _carry_screening(writer, activity.id, merged)
            else:
                created = writer.create(
                    ACTIVITY, {**derived, "reference": activity_reference, "status": "draft"}
                )
                plan_changes["activity_id"] = created.id
                _carry_screening(writer, created.id, merged)
        writer.update(PLAN, plan_id, plan_changes, expected_version)
        result = writer.result()
    plans = [r for r in result.records if r.record_type == PLAN]
    others = [r for r in result.records if r.record_type != PLAN]
    return ChangeResult(
        result.change_id, result.summary, plans + others, result.deleted, result.changed
    )


def _carry_screening(writer: ChangeWriter, activity_id: int, plan: Mapping[str, Any]) -> None:
    """The plan's risk answers become the register entry's DPIA screening, so the risk
    analysis (and the compliance checks) start from them instead of asking again."""
    criteria = list(plan.get("screening") or [])
    existing = writer.session.exec(
        select(ActivityScreening).where(col(ActivityScreening.activity_id) == activity_id)
    ).first()
    if existing is not None and existing.id is not None:
        if existing.criteria != criteria:
            writer.update(SCREENING, existing.id, {"criteria": criteria}, None)
        return
    if criteria:
        notes = str(plan.get("screening_notes") or "").strip()
        writer.create(
            SCREENING,
            {
                "activity_id": activity_id,
                "criteria": criteria,
                "decision": "undecided",
                "justification": notes or None,
                "screened_by": writer.actor[:300],
            },
        )


def _editable(values: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if name in PLAN_FIELDS}


def plan_summary(values: Mapping[str, Any]) -> dict[str, Any]:
    """The counts and outcome a list or a status line shows."""
    flags = minimisation_flags(values)
    return {
        "flags": len(flags),
        "unresolved": sum(not flag.resolved for flag in flags),
        "screening": screen(values.get("screening") or []),
    }
