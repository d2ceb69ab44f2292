"""The processing register: activities (Art. 30(1)), processor records (Art. 30(2)), vendors.

Lists come back as light rows (one query, only the columns a table shows), so the register
page stays quick with 10,000 activities; a single record comes back whole as RecordData.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, func, select

from app.domain import (
    ActivityVendor,
    Organisation,
    Person,
    ProcessingActivity,
    ProcessorActivity,
    Vendor,
)
from app.domain.activity import ActivityStatus
from app.domain.activity_checks import Finding, activity_findings
from app.domain.vendor_contract import ContractStatus, contract_status
from app.errors import UserError
from app.i18n import _
from app.services.changes import ChangeResult, RecordData, apply_change, get_record
from app.storage.workspace import Workspace

ACTIVITY = "processing_activity"
VENDOR = "vendor"
PROCESSOR_ACTIVITY = "processor_activity"
REFERENCE_PREFIX = "PA-"


@dataclass(frozen=True)
class ActivityRow:
    id: int
    version: int
    reference: str
    name: str
    status: str
    owner_id: int | None
    owner_name: str
    controller_id: int
    controller_name: str
    legal_bases: tuple[str, ...]
    has_special_data: bool
    has_transfers: bool
    next_review: date | None


@dataclass(frozen=True)
class VendorRow:
    id: int
    version: int
    name: str
    country: str | None
    role: str
    dpa_signed_on: date | None
    dpa_review_on: date | None
    contract: ContractStatus
    activity_count: int


def list_activity_rows(workspace: Workspace) -> list[ActivityRow]:
    """Every activity as a table row, ordered by reference."""
    activity = ProcessingActivity
    query = (
        sa.select(
            col(activity.id),
            col(activity.version),
            col(activity.reference),
            col(activity.name),
            col(activity.status),
            col(activity.owner_id),
            col(Person.name),
            col(activity.controller_id),
            col(Organisation.legal_name),
            col(activity.legal_bases),
            col(activity.has_special_data),
            col(activity.has_transfers),
            col(activity.next_review),
        )
        .outerjoin(Person, col(Person.id) == col(activity.owner_id))
        .join(Organisation, col(Organisation.id) == col(activity.controller_id))
        .order_by(col(activity.reference))
    )
    with workspace.session() as session:
        return [
            ActivityRow(
                row[0],
                row[1],
                row[2],
                row[3],
                row[4],
                row[5],
                row[6] or "",
                row[7],
                row[8],
                tuple(row[9].split()),
                bool(row[10]),
                bool(row[11]),
                row[12],
            )
            for row in session.execute(query)
        ]


def get_activity(workspace: Workspace, activity_id: int) -> RecordData:
    return get_record(workspace, ACTIVITY, activity_id)


def next_reference(workspace: Workspace, prefix: str = REFERENCE_PREFIX) -> str:
    """The next free reference of the form PA-001, after the highest number in use."""
    pattern = re.compile(re.escape(prefix) + r"(\d+)$")
    with workspace.session() as session:
        references = session.exec(
            select(ProcessingActivity.reference).where(
                col(ProcessingActivity.reference).startswith(prefix)
            )
        )
        numbers = [
            int(match.group(1)) for reference in references if (match := pattern.match(reference))
        ]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def _default_controller(workspace: Workspace) -> int:
    with workspace.session() as session:
        first = session.exec(select(Organisation.id).order_by(col(Organisation.id))).first()
    if first is None:
        raise UserError(_("Add an organisation first: every activity names its controller."))
    return first


def add_activity(
    workspace: Workspace, values: Mapping[str, Any], *, actor: str | None = None
) -> ChangeResult:
    """Create an activity; reference, status and controller get sensible defaults."""
    complete = dict(values)
    complete.setdefault("reference", next_reference(workspace))
    complete.setdefault("status", ActivityStatus.DRAFT.value)
    complete.setdefault("controller_id", _default_controller(workspace))
    return apply_change(workspace, actor=actor, create=[(ACTIVITY, complete)])


def update_activity(
    workspace: Workspace,
    activity_id: int,
    changes: Mapping[str, Any],
    expected_version: int | None,
    *,
    actor: str | None = None,
) -> ChangeResult:
    return apply_change(
        workspace, actor=actor, update=[(ACTIVITY, activity_id, changes, expected_version)]
    )


def delete_activity(
    workspace: Workspace,
    activity_id: int,
    expected_version: int | None,
    *,
    actor: str | None = None,
) -> ChangeResult:
    return apply_change(workspace, actor=actor, delete=[(ACTIVITY, activity_id, expected_version)])


def duplicate_activity(
    workspace: Workspace, activity_id: int, *, actor: str | None = None
) -> ChangeResult:
    """A draft copy under the next free reference, for a similar processing."""
    original = get_activity(workspace, activity_id)
    values = {
        name: value
        for name, value in original.values.items()
        if name not in ("created_at", "updated_at")
    }
    values["reference"] = next_reference(workspace)
    values["name"] = _("Copy of {name}").format(name=original["name"])[:300]
    values["status"] = ActivityStatus.DRAFT.value
    values["last_review"] = None
    return apply_change(
        workspace,
        actor=actor,
        create=[(ACTIVITY, values)],
        summary=_("Duplicated “{name}” as {reference}").format(
            name=original["name"], reference=values["reference"]
        ),
    )


def activity_checks(
    workspace: Workspace, activity_id: int, today: date | None = None
) -> list[Finding]:
    """What the law expects of this activity's record as it stands (shown inline)."""
    record = get_activity(workspace, activity_id)
    return activity_findings(record.values, today or date.today())


# -- vendors ------------------------------------------------------------------------------


def list_vendor_rows(workspace: Workspace, today: date | None = None) -> list[VendorRow]:
    """Every vendor with its contract status and the number of activities using it."""
    today = today or date.today()
    uses = (
        sa.select(col(ActivityVendor.vendor_id), func.count().label("n"))
        .group_by(col(ActivityVendor.vendor_id))
        .subquery()
    )
    query = (
        sa.select(
            col(Vendor.id),
            col(Vendor.version),
            col(Vendor.name),
            col(Vendor.country),
            col(Vendor.role),
            col(Vendor.dpa_signed_on),
            col(Vendor.dpa_review_on),
            uses.c.n,
        )
        .outerjoin(uses, uses.c.vendor_id == col(Vendor.id))
        .order_by(func.lower(col(Vendor.name)))
    )
    with workspace.session() as session:
        return [
            VendorRow(
                row[0],
                row[1],
                row[2],
                row[3],
                row[4],
                row[5],
                row[6],
                contract_status(row[4], row[5], row[6], today),
                int(row[7] or 0),
            )
            for row in session.execute(query)
        ]


def activities_using_vendor(workspace: Workspace, vendor_id: int) -> list[tuple[int, str, str]]:
    """(id, reference, name) of each activity whose recipients or transfers name the vendor."""
    query = (
        select(ProcessingActivity.id, ProcessingActivity.reference, ProcessingActivity.name)
        .join(ActivityVendor, col(ActivityVendor.activity_id) == col(ProcessingActivity.id))
        .where(col(ActivityVendor.vendor_id) == vendor_id)
        .order_by(col(ProcessingActivity.reference))
    )
    with workspace.session() as session:
        return [(int(row[0] or 0), row[1], row[2]) for row in session.exec(query)]


def get_vendor(workspace: Workspace, vendor_id: int) -> RecordData:
    return get_record(workspace, VENDOR, vendor_id)


def add_vendor(
    workspace: Workspace, values: Mapping[str, Any], *, actor: str | None = None
) -> ChangeResult:
    return apply_change(workspace, actor=actor, create=[(VENDOR, values)])


def update_vendor(
    workspace: Workspace,
    vendor_id: int,
    changes: Mapping[str, Any],
    expected_version: int | None,
    *,
    actor: str | None = None,
) -> ChangeResult:
    return apply_change(
        workspace, actor=actor, update=[(VENDOR, vendor_id, changes, expected_version)]
    )


def delete_vendor(
    workspace: Workspace, vendor_id: int, expected_version: int | None, *, actor: str | None = None
) -> ChangeResult:
    return apply_change(workspace, actor=actor, delete=[(VENDOR, vendor_id, expected_version)])


# -- processor records (Art. 30(2)) ----------------------------------------------------------


@dataclass(frozen=True)
class ProcessorActivityRow:
    id: int
    version: int
    reference: str
    processor_id: int
    processor_name: str
    controller_name: str
    has_transfers: bool


def list_processor_activity_rows(workspace: Workspace) -> list[ProcessorActivityRow]:
    """Every processor record, ordered by reference."""
    query = (
        select(ProcessorActivity, Organisation.legal_name)
        .join(Organisation, col(Organisation.id) == col(ProcessorActivity.processor_id))
        .order_by(col(ProcessorActivity.reference))
    )
    with workspace.session() as session:
        return [
            ProcessorActivityRow(
                record.id or 0,
                record.version,
                record.reference,
                record.processor_id,
                name,
                record.controller_name,
                bool(record.transfers),
            )
            for record, name in session.exec(query)
        ]


def next_processor_reference(workspace: Workspace) -> str:
    """PR-001, PR-002, ...: processor records have their own series."""
    pattern = re.compile(r"PR-(\d+)$")
    with workspace.session() as session:
        references = session.exec(select(ProcessorActivity.reference))
        numbers = [int(m.group(1)) for r in references if (m := pattern.match(r))]
    return f"PR-{max(numbers, default=0) + 1:03d}"


def add_processor_activity(
    workspace: Workspace, values: Mapping[str, Any], *, actor: str | None = None
) -> ChangeResult:
    """Create a processor record; reference and processor get sensible defaults."""
    complete = dict(values)
    complete.setdefault("reference", next_processor_reference(workspace))
    complete.setdefault("processor_id", _default_controller(workspace))
    complete.setdefault("controller_name", _("New controller"))
    return apply_change(workspace, actor=actor, create=[(PROCESSOR_ACTIVITY, complete)])
