"""The domain: tables, enums and validation rules (pure Python, no Qt, no database session).

RECORD_TYPES maps each auditable record type to its table and its field specs; the change
service, the history view and undo all go through it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.domain.activity import ACTIVITY_FIELDS, ProcessingActivity, derive_activity_summary
from app.domain.audit import AuditAction, AuditEvent
from app.domain.base import Record
from app.domain.breach import BREACH_FIELDS, Breach
from app.domain.catalogue import CATALOGUE_FIELDS, CatalogueEntry
from app.domain.fields import FieldSpec
from app.domain.organisation import ORGANISATION_FIELDS, Organisation
from app.domain.processor_activity import PROCESSOR_ACTIVITY_FIELDS, ProcessorActivity
from app.domain.rights_request import REQUEST_FIELDS, RightsRequest
from app.domain.team import PERSON_FIELDS, Person
from app.domain.vendor import VENDOR_FIELDS, ActivityVendor, Vendor
from app.domain.workspace_info import WorkspaceInfo
from app.i18n import N_


@dataclass(frozen=True)
class RecordType:
    name: str  # the table name, stored in audit events
    table: type[Record]
    fields: dict[str, FieldSpec]
    label: str  # marked with N_
    label_field: str  # the field that names a record in lists and in the history
    # Columns computed from the fields on every save (not audited: they follow the fields).
    derive: Callable[[dict[str, Any]], dict[str, Any]] | None = None


RECORD_TYPES: dict[str, RecordType] = {
    rt.name: rt
    for rt in [
        RecordType(
            "organisation", Organisation, ORGANISATION_FIELDS, N_("Organisation"), "legal_name"
        ),
        RecordType("person", Person, PERSON_FIELDS, N_("Team member"), "name"),
        RecordType(
            "processing_activity",
            ProcessingActivity,
            ACTIVITY_FIELDS,
            N_("Processing activity"),
            "name",
            derive=derive_activity_summary,
        ),
        RecordType("vendor", Vendor, VENDOR_FIELDS, N_("Vendor"), "name"),
        RecordType(
            "processor_activity",
            ProcessorActivity,
            PROCESSOR_ACTIVITY_FIELDS,
            N_("Processor record"),
            "controller_name",
        ),
        RecordType(
            "catalogue_entry", CatalogueEntry, CATALOGUE_FIELDS, N_("Catalogue entry"), "label"
        ),
        RecordType("rights_request", RightsRequest, REQUEST_FIELDS, N_("Request"), "reference"),
        RecordType("breach", Breach, BREACH_FIELDS, N_("Breach"), "title"),
    ]
}

__all__ = [
    "RECORD_TYPES",
    "ActivityVendor",
    "AuditAction",
    "AuditEvent",
    "Organisation",
    "Person",
    "ProcessingActivity",
    "ProcessorActivity",
    "RecordType",
    "Vendor",
    "WorkspaceInfo",
]
