"""Vendors: processors and other recipients, with their Art. 28 contract and sub-processors.
One vendor serves many activities; the link table is kept from the activities' recipients and
transfers (see app.services.register)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.domain.base import Record
from app.domain.fields import FieldKind, FieldSpec
from app.domain.register_items import SubProcessor
from app.i18n import N_


class VendorRole(StrEnum):
    PROCESSOR = "processor"
    SUB_PROCESSOR = "sub_processor"
    JOINT_CONTROLLER = "joint_controller"
    INDEPENDENT_CONTROLLER = "independent_controller"


VENDOR_ROLE_LABELS = {
    VendorRole.PROCESSOR: N_("Processor (acts on our instructions)"),
    VendorRole.SUB_PROCESSOR: N_("Sub-processor"),
    VendorRole.JOINT_CONTROLLER: N_("Joint controller"),
    VendorRole.INDEPENDENT_CONTROLLER: N_("Independent controller"),
}


class Vendor(Record, table=True):
    __tablename__ = "vendor"

    name: str = Field(max_length=300, sa_column_kwargs={"unique": True})
    country: str | None = Field(default=None, max_length=2)
    role: str = Field(default=VendorRole.PROCESSOR.value, max_length=30)
    service: str | None = Field(default=None, max_length=2000)
    contact_name: str | None = Field(default=None, max_length=300)
    contact_email: str | None = Field(default=None, max_length=300)
    dpa_signed_on: date | None = None
    dpa_review_on: date | None = None
    dpa_reference: str | None = Field(default=None, max_length=500)
    sub_processors: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    notes: str | None = Field(default=None, max_length=5000)


class ActivityVendor(SQLModel, table=True):
    """Which activities use which vendor; derived, never edited by hand."""

    __tablename__ = "activity_vendor"

    activity_id: int = Field(
        foreign_key="processing_activity.id", primary_key=True, ondelete="CASCADE"
    )
    vendor_id: int = Field(foreign_key="vendor.id", primary_key=True, index=True)


_VENDOR = N_("Vendor")
_CONTRACT = N_("Processing agreement (Art. 28)")

VENDOR_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in [
        FieldSpec("name", N_("Name"), required=True, unique=True, group=_VENDOR),
        FieldSpec(
            "country",
            N_("Country"),
            FieldKind.COUNTRY,
            group=_VENDOR,
            help=N_(
                "Where the vendor is established; outside the EEA, using it is a "
                "transfer (Chapter V)."
            ),
        ),
        FieldSpec(
            "role",
            N_("Role"),
            FieldKind.CHOICE,
            required=True,
            choices=VendorRole,
            choice_labels=VENDOR_ROLE_LABELS,
            group=_VENDOR,
        ),
        FieldSpec(
            "service", N_("Service provided"), FieldKind.MULTILINE, max_length=2000, group=_VENDOR
        ),
        FieldSpec("contact_name", N_("Contact"), group=_VENDOR),
        FieldSpec("contact_email", N_("Contact e-mail"), FieldKind.EMAIL, group=_VENDOR),
        FieldSpec(
            "dpa_signed_on",
            N_("Signed on"),
            FieldKind.DATE,
            group=_CONTRACT,
            help=N_(
                "A processor must work under a written contract with the clauses of Art. 28(3)."
            ),
        ),
        FieldSpec("dpa_review_on", N_("Review or expiry date"), FieldKind.DATE, group=_CONTRACT),
        FieldSpec(
            "dpa_reference",
            N_("Where the contract is"),
            max_length=500,
            group=_CONTRACT,
            help=N_("A document reference or location, e.g. Contracts/2025/Hosting.pdf."),
        ),
        FieldSpec(
            "sub_processors",
            N_("Sub-processors"),
            FieldKind.ITEMS,
            item_model=SubProcessor,
            max_items=100,
            group=_CONTRACT,
            help=N_("Who the vendor itself uses; each needs your authorisation (Art. 28(2))."),
        ),
        FieldSpec("notes", N_("Notes"), FieldKind.MULTILINE, max_length=5000, group=_VENDOR),
    ]
}
