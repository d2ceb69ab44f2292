"""The register's facts a DPIA shows beside its questions (description, responsibilities, data,
purposes, bases, retention, processors, transfers), read live from the activities it covers,
so the DPIA and the register cannot drift apart."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

from app.domain import Organisation, Person, ProcessingActivity
from app.domain.countries import country_name
from app.domain.legal_bases import ART9_LABELS, LEGAL_BASIS_LABELS
from app.domain.register_items import (
    DATA_KIND_LABELS,
    RECIPIENT_TYPE_LABELS,
    TRANSFER_MECHANISM_LABELS,
    DataKind,
)
from app.i18n import _
from app.storage.workspace import Workspace


@dataclass(frozen=True)
class ActivityFacts:
    activity_id: int
    reference: str
    name: str
    facts: dict[str, list[str]]  # from_register key -> readable lines


def _label(labels: Mapping[Any, str], value: object) -> str:
    label = labels.get(value)
    return _(label) if label else str(value or "")


def _facts(
    activity: ProcessingActivity, controller: str, owner: str | None
) -> dict[str, list[str]]:
    purposes = {p.get("key"): p.get("purpose", "") for p in activity.purposes or []}
    facts: dict[str, list[str]] = {
        "description": [activity.description] if activity.description else [],
        "responsibilities": [_("Controller: {name}").format(name=controller)],
        "data": [],
        "systems": list(activity.systems or []),
        "purposes": [p.get("purpose", "") for p in activity.purposes or []],
        "legal_bases": [],
        "retention": [],
        "processors": [],
        "transfers": [],
    }
    if owner:
        facts["responsibilities"].append(_("Business owner: {name}").format(name=owner))
    if activity.joint_controllers:
        facts["responsibilities"].append(
            _("Joint controllers: {names}").format(names=activity.joint_controllers)
        )
    for purpose in activity.purposes or []:
        line = f"{purpose.get('purpose', '')}: {_label(LEGAL_BASIS_LABELS, purpose.get('basis'))}"
        if purpose.get("art9_condition"):
            line += " + " + _label(ART9_LABELS, purpose.get("art9_condition"))
        facts["legal_bases"].append(line)
    for category in activity.data_categories or []:
        kind = category.get("kind")
        name = category.get("category", "")
        served = [purposes[k] for k in category.get("purpose_keys") or [] if k in purposes]
        line = name
        if kind and kind != DataKind.REGULAR:
            line += f" ({_label(DATA_KIND_LABELS, kind)})"
        if served:
            line += " — " + "; ".join(served)
        facts["data"].append(line)
        if category.get("retention_period"):
            retention = f"{name}: {category['retention_period']}"
            if category.get("retention_trigger"):
                retention += " " + _("from {trigger}").format(trigger=category["retention_trigger"])
            facts["retention"].append(retention)
        else:
            facts["retention"].append(_("{name}: no retention period set").format(name=name))
    if activity.data_subjects:
        facts["data"].insert(
            0, _("People concerned: {who}").format(who=", ".join(activity.data_subjects))
        )
    for recipient in activity.recipients or []:
        facts["processors"].append(
            f"{recipient.get('name', '')} ({_label(RECIPIENT_TYPE_LABELS, recipient.get('type'))})"
        )
    for transfer in activity.transfers or []:
        destination = str(transfer.get("destination", ""))
        if len(destination) == 2:
            destination = country_name(destination)
        line = f"{destination}: {_label(TRANSFER_MECHANISM_LABELS, transfer.get('mechanism'))}"
        if transfer.get("importer"):
            line = f"{transfer['importer']}, {line}"
        facts["transfers"].append(line)
    return facts


def register_facts(workspace: Workspace, activity_ids: Sequence[int]) -> list[ActivityFacts]:
    """The facts of each activity, in the order given; activities since deleted are skipped."""
    if not activity_ids:
        return []
    with workspace.session() as session:
        activities = {
            a.id: a
            for a in session.exec(
                select(ProcessingActivity).where(col(ProcessingActivity.id).in_(activity_ids))
            )
        }
        organisations = dict(session.exec(select(Organisation.id, Organisation.legal_name)).all())
        people = dict(session.exec(select(Person.id, Person.name)).all())
        result = []
        for activity_id in activity_ids:
            activity = activities.get(activity_id)
            if activity is None or activity.id is None:
                continue
            controller = organisations.get(activity.controller_id, "")
            owner = people.get(activity.owner_id) if activity.owner_id else None
            result.append(
                ActivityFacts(
                    activity.id,
                    activity.reference,
                    activity.name,
                    _facts(activity, controller, owner),
                )
            )
    return result


def merged_facts(facts: Sequence[ActivityFacts]) -> dict[str, list[str]]:
    """One list per key across activities; each line prefixed with its activity when the
    DPIA covers more than one."""
    merged: dict[str, list[str]] = {}
    for entry in facts:
        for key, lines in entry.facts.items():
            prefix = f"{entry.reference}: " if len(facts) > 1 else ""
            merged.setdefault(key, []).extend(prefix + line for line in lines)
    return merged
