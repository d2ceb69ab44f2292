"""The domain: tables, enums and validation rules (pure Python, no Qt, no database session).

RECORD_TYPES maps each auditable record type to its table and its field specs; the change
service, the history view and undo all go through it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.activity import ACTIVITY_FIELDS, ProcessingActivity, derive_activity_summary
from app.domain.assessments import (
    LIA_FIELDS,
    SCREENING_FIELDS,
    TIA_FIELDS,
    ActivityScreening,
    LegitimateInterestAssessment,
    TransferImpactAssessment,
    check_screening,
)
from app.domain.audit import AuditAction, AuditEvent
from app.domain.base import Record
from app.domain.breach import BREACH_FIELDS, Breach
from app.domain.catalogue import CATALOGUE_FIELDS, CatalogueEntry
from app.domain.collection_plan import PLAN_FIELDS, CollectionPlan
from app.domain.compliance import MUTE_FIELDS, FindingMute
from app.domain.dpia import DPIA_FIELDS, VERSION_FIELDS, Dpia, DpiaVersion, check_dpia
from app.domain.fields import FieldSpec
from app.domain.organisation import ORGANISATION_FIELDS, Organisation
from app.domain.privacy_policy import (
    POLICY_SECTION_FIELDS,
    POLICY_VERSION_FIELDS,
    PolicySectionText,
    PolicyVersion,
)
from app.domain.processor_activity import PROCESSOR_ACTIVITY_FIELDS, ProcessorActivity
from app.domain.rights_request import REQUEST_FIELDS, RightsRequest
from app.domain.team import PERSON_FIELDS, Person
from app.domain.vendor import VENDOR_FIELDS, ActivityVendor, Vendor
from app.domain.workspace_info import WorkspaceInfo
from app.errors import FieldError
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
    # Rules across fields (e.g. "a justification when deciding against a DPIA"), run on the
    # record's values as they will be stored; each problem names its field.
    check: Callable[[Mapping[str, Any]], list[FieldError]] | None = None


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
        RecordType("collection_plan", CollectionPlan, PLAN_FIELDS, N_("Collection plan"), "name"),
        RecordType("finding_mute", FindingMute, MUTE_FIELDS, N_("Accepted finding"), "rule_id"),
        RecordType("dpia", Dpia, DPIA_FIELDS, N_("DPIA"), "title", check=check_dpia),
        RecordType("dpia_version", DpiaVersion, VERSION_FIELDS, N_("DPIA version"), "number"),
        RecordType(
            "activity_screening",
            ActivityScreening,
            SCREENING_FIELDS,
            N_("DPIA screening"),
            "activity_id",
            check=check_screening,
        ),
        RecordType(
            "lia",
            LegitimateInterestAssessment,
            LIA_FIELDS,
            N_("Legitimate-interests assessment"),
            "purpose_key",
        ),
        RecordType(
            "tia",
            TransferImpactAssessment,
            TIA_FIELDS,
            N_("Transfer impact assessment"),
            "destination",
        ),
        RecordType(
            "policy_section_text",
            PolicySectionText,
            POLICY_SECTION_FIELDS,
            N_("Privacy policy wording"),
            "title",
        ),
        RecordType(
            "policy_version",
            PolicyVersion,
            POLICY_VERSION_FIELDS,
            N_("Privacy policy version"),
            "number",
        ),
    ]
}

__all__ = [
    "RECORD_TYPES",
    "ActivityScreening",
    "ActivityVendor",
    "AuditAction",
    "AuditEvent",
    "CollectionPlan",
    "Dpia",
    "DpiaVersion",
    "FindingMute",
    "LegitimateInterestAssessment",
    "Organisation",
    "Person",
    "ProcessingActivity",
    "ProcessorActivity",
    "RecordType",
    "TransferImpactAssessment",
    "Vendor",
    "WorkspaceInfo",
]
