"""The domain: tables, enums and validation rules (pure Python, no Qt, no database session).

RECORD_TYPES maps each auditable record type to its table and its field specs; the change
service, the history view and undo all go through it.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.audit import AuditAction, AuditEvent
from app.domain.base import Record
from app.domain.fields import FieldSpec
from app.domain.organisation import ORGANISATION_FIELDS, Organisation
from app.domain.team import PERSON_FIELDS, Person
from app.domain.workspace_info import WorkspaceInfo
from app.i18n import N_


@dataclass(frozen=True)
class RecordType:
    name: str  # the table name, stored in audit events
    table: type[Record]
    fields: dict[str, FieldSpec]
    label: str  # marked with N_
    label_field: str  # the field that names a record in lists and in the history


RECORD_TYPES: dict[str, RecordType] = {
    rt.name: rt
    for rt in [
        RecordType(
            "organisation", Organisation, ORGANISATION_FIELDS, N_("Organisation"), "legal_name"
        ),
        RecordType("person", Person, PERSON_FIELDS, N_("Team member"), "name"),
    ]
}

__all__ = [
    "RECORD_TYPES",
    "AuditAction",
    "AuditEvent",
    "Organisation",
    "Person",
    "RecordType",
    "WorkspaceInfo",
]
