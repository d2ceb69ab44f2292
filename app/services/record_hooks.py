"""What the change engine does around a write for some record types, beyond the fields:
keeping the activity/vendor link table in step with an activity's recipients and transfers,
and refusing to delete a record that others still point at (with the list of who does)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from app.domain import (
    ActivityVendor,
    Breach,
    CollectionPlan,
    ProcessingActivity,
    ProcessorActivity,
    Record,
    RightsRequest,
    Vendor,
)
from app.errors import FieldError, UserError, ValidationError
from app.i18n import _, ngettext

MAX_NAMED = 5


@dataclass(frozen=True)
class RecordHooks:
    after_write: Callable[[Session, Record], None] | None = None
    before_delete: Callable[[Session, Record], None] | None = None


def _named(references: list[str]) -> str:
    shown = ", ".join(references[:MAX_NAMED])
    if len(references) > MAX_NAMED:
        shown += " " + _("and {count} more").format(count=len(references) - MAX_NAMED)
    return shown


def _vendor_ids(session: Session, record: Record, fields: tuple[str, ...]) -> set[int]:
    """The vendors a record's list fields name; each must exist."""
    labels = {"recipients": _("Recipients"), "transfers": _("Transfers outside the EEA")}
    wanted: set[int] = set()
    for field_name in fields:
        for position, entry in enumerate(getattr(record, field_name) or [], start=1):
            vendor_id = entry.get("vendor_id")
            if vendor_id is None:
                continue
            if session.get(Vendor, vendor_id) is None:
                problem = _("entry {position}: vendor #{id} does not exist").format(
                    position=position, id=vendor_id
                )
                raise ValidationError([FieldError(field_name, labels[field_name], problem)])
            wanted.add(int(vendor_id))
    return wanted


def _check_processor_vendors(session: Session, record: Record) -> None:
    _vendor_ids(session, record, ("transfers",))


def _link_vendors(session: Session, record: Record) -> None:
    assert isinstance(record, ProcessingActivity) and record.id is not None
    wanted = _vendor_ids(session, record, ("recipients", "transfers"))
    session.execute(sa.delete(ActivityVendor).where(col(ActivityVendor.activity_id) == record.id))
    for vendor_id in sorted(wanted):
        session.add(ActivityVendor(activity_id=record.id, vendor_id=vendor_id))
    session.flush()


def _activities_where(session: Session, *conditions: sa.ColumnElement[bool]) -> list[str]:
    query = select(ProcessingActivity.reference).where(*conditions)
    return list(session.exec(query.order_by(col(ProcessingActivity.reference))))


def _refuse_if_owner(session: Session, record: Record) -> None:
    used = _activities_where(session, col(ProcessingActivity.owner_id) == record.id)
    if used:
        raise UserError(
            ngettext(
                "{name} owns the activity {references}; give it another owner first.",
                "{name} owns {count} activities ({references}); give them another owner first.",
                len(used),
            ).format(name=getattr(record, "name", ""), count=len(used), references=_named(used))
        )


def _refuse_if_controller(session: Session, record: Record) -> None:
    used = _activities_where(session, col(ProcessingActivity.controller_id) == record.id)
    # Everything else that names the organisation: processor records, requests, breaches.
    for table, column in (
        (ProcessorActivity, ProcessorActivity.processor_id),
        (RightsRequest, RightsRequest.organisation_id),
        (Breach, Breach.organisation_id),
    ):
        used += list(session.exec(select(table.reference).where(col(column) == record.id)))
    if used:
        raise UserError(
            ngettext(
                "{name} is named in the register entry {references}; move it to another "
                "organisation first.",
                "{name} is named in {count} register entries ({references}); move them to another "
                "organisation first.",
                len(used),
            ).format(
                name=getattr(record, "legal_name", ""), count=len(used), references=_named(used)
            )
        )


def _refuse_if_vendor_used(session: Session, record: Record) -> None:
    linked = select(ActivityVendor.activity_id).where(col(ActivityVendor.vendor_id) == record.id)
    used = _activities_where(session, col(ProcessingActivity.id).in_(linked))
    # Processor records are few; their transfers are read rather than indexed.
    used += [
        processor.reference
        for processor in session.exec(select(ProcessorActivity))
        if any(t.get("vendor_id") == record.id for t in processor.transfers or [])
    ]
    if used:
        raise UserError(
            ngettext(
                "{name} is used by {references}; remove it from its recipients and transfers "
                "first.",
                "{name} is used by {count} register entries ({references}); remove it from their "
                "recipients and transfers first.",
                len(used),
            ).format(name=getattr(record, "name", ""), count=len(used), references=_named(used))
        )


def _refuse_if_planned(session: Session, record: Record) -> None:
    query = select(CollectionPlan.reference).where(col(CollectionPlan.activity_id) == record.id)
    plans = list(session.exec(query))
    if plans:
        raise UserError(
            _(
                "{reference} is the register entry of the collection plan {plans}; remove "
                "the link on the plan first, or delete the plan."
            ).format(reference=getattr(record, "reference", ""), plans=_named(plans))
        )


HOOKS: dict[str, RecordHooks] = {
    "processing_activity": RecordHooks(after_write=_link_vendors, before_delete=_refuse_if_planned),
    "processor_activity": RecordHooks(after_write=_check_processor_vendors),
    "person": RecordHooks(before_delete=_refuse_if_owner),
    "organisation": RecordHooks(before_delete=_refuse_if_controller),
    "vendor": RecordHooks(before_delete=_refuse_if_vendor_used),
}
