"""The processor's record (Art. 30(2)): what an organisation of the workspace does for the
controllers it serves."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from app.domain.base import Record
from app.domain.fields import FieldKind, FieldSpec
from app.domain.register_items import Transfer
from app.i18n import N_


class ProcessorActivity(Record, table=True):
    __tablename__ = "processor_activity"

    reference: str = Field(max_length=40, sa_column_kwargs={"unique": True})
    processor_id: int = Field(foreign_key="organisation.id", index=True)
    controller_name: str = Field(max_length=300)
    controller_contact: str | None = Field(default=None, max_length=1000)
    controller_representative: str | None = Field(default=None, max_length=1000)
    controller_dpo: str | None = Field(default=None, max_length=1000)
    processing_categories: str | None = Field(default=None, max_length=5000)
    transfers: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    security_measures: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    security_notes: str | None = Field(default=None, max_length=5000)


_CONTROLLER = N_("Controller served")
_PROCESSING = N_("Processing")

PROCESSOR_ACTIVITY_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in [
        FieldSpec(
            "reference",
            N_("Reference"),
            required=True,
            max_length=40,
            unique=True,
            group=_PROCESSING,
        ),
        FieldSpec(
            "processor_id",
            N_("Processor"),
            FieldKind.REFERENCE,
            required=True,
            reference="organisation",
            group=_PROCESSING,
            help=N_("The organisation of this workspace acting as processor."),
        ),
        FieldSpec("controller_name", N_("Controller"), required=True, group=_CONTROLLER),
        FieldSpec(
            "controller_contact",
            N_("Controller contact"),
            FieldKind.MULTILINE,
            max_length=1000,
            group=_CONTROLLER,
        ),
        FieldSpec(
            "controller_representative",
            N_("Controller's representative"),
            FieldKind.MULTILINE,
            max_length=1000,
            group=_CONTROLLER,
        ),
        FieldSpec(
            "controller_dpo",
            N_("Controller's DPO"),
            FieldKind.MULTILINE,
            max_length=1000,
            group=_CONTROLLER,
        ),
        FieldSpec(
            "processing_categories",
            N_("Categories of processing"),
            FieldKind.MULTILINE,
            max_length=5000,
            group=_PROCESSING,
            help=N_("What you do for this controller (Art. 30(2)(b))."),
        ),
        FieldSpec(
            "transfers",
            N_("Transfers outside the EEA"),
            FieldKind.ITEMS,
            item_model=Transfer,
            max_items=50,
            group=_PROCESSING,
        ),
        FieldSpec(
            "security_measures",
            N_("Security measures"),
            FieldKind.TEXT_LIST,
            catalogue="security_measures",
            max_items=100,
            group=_PROCESSING,
        ),
        FieldSpec(
            "security_notes",
            N_("Other security measures"),
            FieldKind.MULTILINE,
            max_length=5000,
            group=_PROCESSING,
        ),
    ]
}
