"""The audit trail as people read it: who, when, which record, which field, old and new."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, func, select

from app.domain import RECORD_TYPES, AuditEvent
from app.domain.fields import display_value
from app.i18n import N_, _
from app.services.values import decode_value
from app.storage.workspace import Workspace

ACTION_LABELS = {"create": N_("Created"), "update": N_("Changed"), "delete": N_("Deleted")}


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    change_id: str
    at: datetime
    actor: str
    action: str
    record_type: str
    record_kind: str  # translated
    record_id: int
    record_label: str
    field: str  # translated label, "" for a whole-record event
    old: str
    new: str
    summary: str


def count_history(workspace: Workspace) -> int:
    with workspace.session() as session:
        return int(session.exec(select(func.count()).select_from(AuditEvent)).one())


def list_history(
    workspace: Workspace,
    *,
    limit: int = 500,
    offset: int = 0,
    record_type: str | None = None,
    record_id: int | None = None,
) -> list[HistoryEntry]:
    """Newest first; the GUI pages through it so a long history never loads at once."""
    query = select(AuditEvent).order_by(col(AuditEvent.id).desc()).offset(offset).limit(limit)
    if record_type is not None:
        query = query.where(AuditEvent.record_type == record_type)
    if record_id is not None:
        query = query.where(AuditEvent.record_id == record_id)
    with workspace.session() as session:
        events = list(session.exec(query))
    return [_entry(event) for event in events]


def _entry(event: AuditEvent) -> HistoryEntry:
    rt = RECORD_TYPES.get(event.record_type)
    spec = rt.fields.get(event.field) if rt and event.field else None
    if spec is not None:
        old = display_value(spec, decode_value(event.old_value))
        new = display_value(spec, decode_value(event.new_value))
        field_label = _(spec.label)
    else:
        old = new = ""
        field_label = event.field or ""
    assert event.id is not None
    return HistoryEntry(
        id=event.id,
        change_id=event.change_id,
        at=event.at,
        actor=event.actor,
        action=_(ACTION_LABELS.get(event.action, event.action)),
        record_type=event.record_type,
        record_kind=_(rt.label) if rt else event.record_type,
        record_id=event.record_id,
        record_label=event.record_label,
        field=field_label,
        old=old,
        new=new,
        summary=event.summary,
    )
