"""Legitimate-interests assessments (LIA) and transfer impact assessments (TIA) of a
processing activity, and which ones the register says it needs.

An LIA belongs to one purpose of an activity (the purpose relying on Art. 6(1)(f)); a TIA to
one destination of its transfers (a transfer relying on SCCs or BCRs needs one, an adequacy
decision does not). Both are saved through the change engine like every other record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

from app.domain import LegitimateInterestAssessment, ProcessingActivity, TransferImpactAssessment
from app.domain.countries import country_name, is_country_code
from app.domain.legal_bases import LegalBasis
from app.domain.register_items import TransferMechanism
from app.errors import UserError
from app.i18n import _
from app.services.changes import ChangeResult, RecordData, apply_change, get_record
from app.storage.workspace import Workspace

LIA = "lia"
TIA = "tia"
# The transfer tools whose effectiveness must be assessed (EDPB Recommendations 01/2020).
TIA_MECHANISMS = {TransferMechanism.SCC.value, TransferMechanism.BCR.value}


@dataclass(frozen=True)
class NeededLia:
    purpose_key: str
    purpose: str
    lia_id: int | None  # None: not assessed yet


@dataclass(frozen=True)
class NeededTia:
    destination: str  # as the register holds it: a country code or an organisation's name
    destination_name: str  # readable: the country's name
    importer: str
    mechanism: str
    tia_id: int | None  # None: not assessed yet


@dataclass(frozen=True)
class NeededAssessments:
    activity_id: int
    lias: tuple[NeededLia, ...]
    tias: tuple[NeededTia, ...]

    @property
    def missing(self) -> int:
        """How many needed assessments do not exist yet."""
        return sum(n.lia_id is None for n in self.lias) + sum(n.tia_id is None for n in self.tias)


def activity_id_for(workspace: Workspace, reference_or_id: str | int) -> int:
    """The id of the activity with this reference (or this id)."""
    with workspace.session() as session:
        found = session.exec(
            select(ProcessingActivity.id).where(
                col(ProcessingActivity.reference) == str(reference_or_id)
            )
        ).first()
        if found is None and str(reference_or_id).isdigit():
            activity = session.get(ProcessingActivity, int(reference_or_id))
            found = activity.id if activity is not None else None
    if found is None:
        raise UserError(_("There is no processing activity “{id}”.").format(id=reference_or_id))
    return found


def _activity(workspace: Workspace, activity_id: int) -> ProcessingActivity:
    with workspace.session() as session:
        activity = session.get(ProcessingActivity, activity_id)
        if activity is None:
            raise UserError(_("Processing activity #{id} does not exist.").format(id=activity_id))
        session.expunge(activity)
        return activity


def _destination(value: str) -> str:
    """A destination as the register stores it: two-letter country codes in capitals."""
    value = value.strip()
    return value.upper() if len(value) == 2 and is_country_code(value) else value


def _lia_id(workspace: Workspace, activity_id: int, purpose_key: str) -> int | None:
    with workspace.session() as session:
        return session.exec(
            select(LegitimateInterestAssessment.id)
            .where(col(LegitimateInterestAssessment.activity_id) == activity_id)
            .where(col(LegitimateInterestAssessment.purpose_key) == purpose_key)
        ).first()


def _tia_id(workspace: Workspace, activity_id: int, destination: str) -> int | None:
    with workspace.session() as session:
        return session.exec(
            select(TransferImpactAssessment.id)
            .where(col(TransferImpactAssessment.activity_id) == activity_id)
            .where(col(TransferImpactAssessment.destination) == _destination(destination))
        ).first()


def lia_for(workspace: Workspace, activity_id: int, purpose_key: str) -> RecordData | None:
    """The LIA of one purpose of the activity, if there is one."""
    record_id = _lia_id(workspace, activity_id, purpose_key)
    return get_record(workspace, LIA, record_id) if record_id else None


def tia_for(workspace: Workspace, activity_id: int, destination: str) -> RecordData | None:
    """The TIA of the activity's transfers to one destination, if there is one."""
    record_id = _tia_id(workspace, activity_id, destination)
    return get_record(workspace, TIA, record_id) if record_id else None


def save_lia(
    workspace: Workspace,
    activity_id: int,
    purpose_key: str,
    values: Mapping[str, Any],
    expected_version: int | None = None,
    *,
    actor: str | None = None,
) -> ChangeResult:
    """Create or update the LIA of a purpose of the activity (one per purpose)."""
    activity = _activity(workspace, activity_id)
    if purpose_key not in {p.get("key") for p in activity.purposes or []}:
        raise UserError(
            _("“{key}” is not a purpose of the processing activity “{name}”.").format(
                key=purpose_key, name=activity.name
            )
        )
    changes = {k: v for k, v in values.items() if k not in ("activity_id", "purpose_key")}
    record_id = _lia_id(workspace, activity_id, purpose_key)
    if record_id is None:
        complete = {**changes, "activity_id": activity_id, "purpose_key": purpose_key}
        return apply_change(workspace, actor=actor, create=[(LIA, complete)])
    return apply_change(
        workspace, actor=actor, update=[(LIA, record_id, changes, expected_version)]
    )


def save_tia(
    workspace: Workspace,
    activity_id: int,
    destination: str,
    values: Mapping[str, Any],
    expected_version: int | None = None,
    *,
    actor: str | None = None,
) -> ChangeResult:
    """Create or update the TIA of the activity's transfers to one destination."""
    activity = _activity(workspace, activity_id)
    destination = _destination(destination)
    if destination not in {_destination(str(t.get("destination", ""))) for t in activity.transfers}:
        raise UserError(
            _(
                "The processing activity “{name}” has no transfer to “{destination}”; "
                "add the transfer to the register first."
            ).format(name=activity.name, destination=destination)
        )
    changes = {k: v for k, v in values.items() if k not in ("activity_id", "destination")}
    record_id = _tia_id(workspace, activity_id, destination)
    if record_id is None:
        complete = {**changes, "activity_id": activity_id, "destination": destination}
        return apply_change(workspace, actor=actor, create=[(TIA, complete)])
    return apply_change(
        workspace, actor=actor, update=[(TIA, record_id, changes, expected_version)]
    )


def delete_lia(
    workspace: Workspace, lia_id: int, expected_version: int | None, *, actor: str | None = None
) -> ChangeResult:
    """Delete an LIA (undoable like any change)."""
    return apply_change(workspace, actor=actor, delete=[(LIA, lia_id, expected_version)])


def delete_tia(
    workspace: Workspace, tia_id: int, expected_version: int | None, *, actor: str | None = None
) -> ChangeResult:
    """Delete a TIA (undoable like any change)."""
    return apply_change(workspace, actor=actor, delete=[(TIA, tia_id, expected_version)])


def needed_assessments(workspace: Workspace, activity_id: int) -> NeededAssessments:
    """Which purposes rely on legitimate interests (each needs an LIA) and which transfers
    rely on SCCs or BCRs (each destination needs a TIA), with the assessment if it exists."""
    activity = _activity(workspace, activity_id)
    with workspace.session() as session:
        lias = dict(
            session.exec(
                select(
                    LegitimateInterestAssessment.purpose_key, LegitimateInterestAssessment.id
                ).where(col(LegitimateInterestAssessment.activity_id) == activity_id)
            ).all()
        )
        tias = dict(
            session.exec(
                select(TransferImpactAssessment.destination, TransferImpactAssessment.id).where(
                    col(TransferImpactAssessment.activity_id) == activity_id
                )
            ).all()
        )
    needed_lias = tuple(
        NeededLia(str(p["key"]), str(p.get("purpose", "")), lias.get(str(p["key"])))
        for p in activity.purposes or []
        if p.get("basis") == LegalBasis.LEGITIMATE_INTERESTS.value and p.get("key")
    )
    needed_tias: dict[str, NeededTia] = {}
    for transfer in activity.transfers or []:
        if transfer.get("mechanism") not in TIA_MECHANISMS:
            continue
        destination = _destination(str(transfer.get("destination", "")))
        if destination and destination not in needed_tias:
            needed_tias[destination] = NeededTia(
                destination,
                country_name(destination) if is_country_code(destination) else destination,
                str(transfer.get("importer") or ""),
                str(transfer["mechanism"]),
                tias.get(destination),
            )
    return NeededAssessments(activity_id, needed_lias, tuple(needed_tias.values()))
