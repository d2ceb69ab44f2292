"""The audit trail: one event per changed field, grouped by the user action that made them.

Accountability (Art. 5(2)) asks an organisation to show who changed what and when; the same
events drive undo and redo (an undo writes the inverse change, itself audited).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.domain.base import UtcDateTime, utcnow


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    __table_args__ = (sa.Index("ix_audit_event_record", "record_type", "record_id"),)

    id: int | None = Field(default=None, primary_key=True)
    # Every event written by one user action shares a change id; undo reverts a whole change.
    change_id: str = Field(max_length=36, index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, index=True)
    actor: str = Field(max_length=200)
    record_type: str = Field(max_length=60)
    record_id: int
    record_label: str = Field(default="", max_length=300)
    action: str = Field(max_length=10)
    field: str | None = Field(default=None, max_length=60)
    # Values are JSON text so that any field type (text, number, date, image) round-trips.
    old_value: str | None = Field(default=None, sa_type=sa.Text)
    new_value: str | None = Field(default=None, sa_type=sa.Text)
    # What the change was, in the user's words ("Undo: Legal name of Acme").
    summary: str = Field(default="", max_length=500)
