"""DPIA screening of a processing activity: the recorded answers, what the register suggests,
and the outcome with its reasons.

The lead authority's list of processing that needs a DPIA (Art. 35(4)) is kept as data in
resources/knowledge/dpia_authority_lists.json, by the authority's country.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

from app.domain import ActivityScreening, Organisation, ProcessingActivity
from app.domain.assessments import ART35_3_LABELS, Art353Case, ScreeningDecision
from app.domain.register_items import DataKind, DataSource
from app.domain.screening import Screening, Wp248Criterion, screen
from app.errors import UserError
from app.i18n import _
from app.resources import load_json
from app.services.changes import ChangeResult, RecordData, apply_change, get_record
from app.storage.workspace import Workspace

SCREENING = "activity_screening"


@dataclass(frozen=True)
class AuthorityEntry:
    key: str
    text: str


@dataclass(frozen=True)
class ActivityScreeningView:
    activity_id: int
    reference: str
    name: str
    record: RecordData | None  # None: never screened
    suggested: tuple[Wp248Criterion, ...]  # what the register's facts point to
    authority: str  # the authority whose list applies ("" when none is known)
    authority_entries: tuple[AuthorityEntry, ...]
    result: Screening


def authority_list(country: str | None) -> tuple[str, tuple[AuthorityEntry, ...]]:
    """The authority's name and its list for a country code (empty when none is kept)."""
    lists = load_json("knowledge/dpia_authority_lists.json")["lists"]
    found = lists.get((country or "").upper())
    if not found:
        return "", ()
    return found["authority"], tuple(AuthorityEntry(e["key"], e["text"]) for e in found["entries"])


def suggested_criteria(activity: ProcessingActivity) -> tuple[Wp248Criterion, ...]:
    """Criteria the register's facts point to; the user confirms or clears each."""
    kinds = {c.get("kind") for c in activity.data_categories or []}
    suggested = []
    if activity.automated_decisions:
        suggested += [Wp248Criterion.EVALUATION, Wp248Criterion.AUTOMATED_DECISION]
    if DataKind.SPECIAL in kinds or DataKind.CRIMINAL in kinds:
        suggested.append(Wp248Criterion.SENSITIVE)
    sources = {c.get("source") for c in activity.data_categories or []}
    if DataSource.THIRD_PARTY in sources and DataSource.DATA_SUBJECT in sources:
        suggested.append(Wp248Criterion.COMBINING)
    return tuple(c for c in Wp248Criterion if c in suggested)


def _find_activity(workspace: Workspace, reference_or_id: str | int) -> ProcessingActivity:
    with workspace.session() as session:
        query = select(ProcessingActivity).where(
            col(ProcessingActivity.reference) == str(reference_or_id)
        )
        activity = session.exec(query).first()
        if activity is None and str(reference_or_id).isdigit():
            activity = session.get(ProcessingActivity, int(reference_or_id))
        if activity is None:
            raise UserError(_("There is no processing activity “{id}”.").format(id=reference_or_id))
        session.expunge(activity)
        return activity


def screening_view(workspace: Workspace, reference_or_id: str | int) -> ActivityScreeningView:
    activity = _find_activity(workspace, reference_or_id)
    assert activity.id is not None
    with workspace.session() as session:
        record_id = session.exec(
            select(ActivityScreening.id).where(col(ActivityScreening.activity_id) == activity.id)
        ).first()
        organisation = session.get(Organisation, activity.controller_id)
        country = organisation.country if organisation is not None else None
    record = get_record(workspace, SCREENING, record_id) if record_id else None
    authority, entries = authority_list(country)
    values: Mapping[str, Any] = record.values if record else {}
    by_key = {e.key: e.text for e in entries}
    result = screen(
        values.get("criteria") or [],
        art35_3=[_(ART35_3_LABELS[Art353Case(c)]) for c in values.get("art35_3") or []],
        authority_list=[by_key.get(k, k) for k in values.get("authority_entries") or []],
    )
    return ActivityScreeningView(
        activity.id,
        activity.reference,
        activity.name,
        record,
        suggested_criteria(activity),
        authority,
        entries,
        result,
    )


def save_screening(
    workspace: Workspace,
    activity_id: int,
    values: Mapping[str, Any],
    expected_version: int | None = None,
    *,
    actor: str | None = None,
) -> ChangeResult:
    """Create or update the activity's screening (one per activity)."""
    with workspace.session() as session:
        record_id = session.exec(
            select(ActivityScreening.id).where(col(ActivityScreening.activity_id) == activity_id)
        ).first()
    if record_id is None:
        complete = {"decision": ScreeningDecision.UNDECIDED.value, **values}
        complete["activity_id"] = activity_id
        return apply_change(workspace, actor=actor, create=[(SCREENING, complete)])
    changes = {k: v for k, v in values.items() if k != "activity_id"}
    return apply_change(
        workspace, actor=actor, update=[(SCREENING, record_id, changes, expected_version)]
    )
