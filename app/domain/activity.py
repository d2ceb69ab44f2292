"""A processing activity: one entry of the controller's record (Art. 30(1))."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from app.domain.base import Record
from app.domain.fields import FieldKind, FieldSpec
from app.domain.register_items import DataCategory, DataKind, Purpose, Recipient, Transfer
from app.i18n import N_


class ActivityStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    RETIRED = "retired"


ACTIVITY_STATUS_LABELS = {
    ActivityStatus.DRAFT: N_("Draft"),
    ActivityStatus.ACTIVE: N_("Active"),
    ActivityStatus.RETIRED: N_("Retired"),
}


class ProcessingActivity(Record, table=True):
    __tablename__ = "processing_activity"

    reference: str = Field(max_length=40, sa_column_kwargs={"unique": True})
    name: str = Field(max_length=300)
    description: str | None = Field(default=None, max_length=5000)
    status: str = Field(default=ActivityStatus.DRAFT.value, max_length=20, index=True)
    owner_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    controller_id: int = Field(foreign_key="organisation.id", index=True)
    joint_controllers: str | None = Field(default=None, max_length=2000)
    joint_arrangement: str | None = Field(default=None, max_length=5000)
    purposes: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    data_subjects: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    data_categories: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    recipients: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    transfers: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    security_measures: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    security_notes: str | None = Field(default=None, max_length=5000)
    systems: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    automated_decisions: bool = Field(default=False)
    automated_logic: str | None = Field(default=None, max_length=5000)
    automated_significance: str | None = Field(default=None, max_length=5000)
    last_review: date | None = None
    next_review: date | None = Field(default=None, index=True)
    # Derived on every save from the lists above, so the register table can filter 10,000
    # activities without reading their JSON (see derive_activity_summary).
    legal_bases: str = Field(default="", max_length=100)
    has_special_data: bool = Field(default=False)
    has_transfers: bool = Field(default=False)


def derive_activity_summary(values: dict[str, Any]) -> dict[str, Any]:
    """The summary columns of an activity, from its lists."""
    bases = sorted({str(p.get("basis")) for p in values.get("purposes") or [] if p.get("basis")})
    kinds = {c.get("kind") for c in values.get("data_categories") or []}
    return {
        "legal_bases": " ".join(bases),
        "has_special_data": DataKind.SPECIAL.value in kinds or DataKind.CRIMINAL.value in kinds,
        "has_transfers": bool(values.get("transfers")),
    }


_GENERAL = N_("General")
_PURPOSES = N_("Purposes and legal bases")
_DATA = N_("People and data")
_SHARING = N_("Recipients and transfers")
_SECURITY = N_("Security and systems")
_AUTOMATED = N_("Automated decisions")
_REVIEW = N_("Review")

ACTIVITY_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in [
        FieldSpec(
            "reference",
            N_("Reference"),
            required=True,
            max_length=40,
            unique=True,
            group=_GENERAL,
            help=N_("A short code that identifies the activity in the register, e.g. PA-001."),
        ),
        FieldSpec("name", N_("Name"), required=True, group=_GENERAL),
        FieldSpec(
            "description", N_("Description"), FieldKind.MULTILINE, max_length=5000, group=_GENERAL
        ),
        FieldSpec(
            "status",
            N_("Status"),
            FieldKind.CHOICE,
            required=True,
            choices=ActivityStatus,
            choice_labels=ACTIVITY_STATUS_LABELS,
            group=_GENERAL,
        ),
        FieldSpec(
            "owner_id",
            N_("Business owner"),
            FieldKind.REFERENCE,
            reference="person",
            group=_GENERAL,
            help=N_("The person of the team who answers for this activity."),
        ),
        FieldSpec(
            "controller_id",
            N_("Controller"),
            FieldKind.REFERENCE,
            required=True,
            reference="organisation",
            group=_GENERAL,
            help=N_(
                "The organisation that decides why and how the data is processed (Art. 30(1)(a))."
            ),
        ),
        FieldSpec(
            "joint_controllers",
            N_("Joint controllers"),
            FieldKind.MULTILINE,
            max_length=2000,
            group=_GENERAL,
            help=N_(
                "Other organisations deciding together with you, with their contacts (Art. 26)."
            ),
        ),
        FieldSpec(
            "joint_arrangement",
            N_("Essence of the joint arrangement"),
            FieldKind.MULTILINE,
            max_length=5000,
            group=_GENERAL,
            help=N_(
                "Who does what towards the people concerned; it must be made "
                "available to them (Art. 26(2))."
            ),
        ),
        FieldSpec(
            "purposes",
            N_("Purposes"),
            FieldKind.ITEMS,
            item_model=Purpose,
            max_items=50,
            group=_PURPOSES,
            help=N_(
                "Why the data is processed, each purpose with its "
                "legal basis (Art. 30(1)(b), Art. 6(1))."
            ),
        ),
        FieldSpec(
            "data_subjects",
            N_("Categories of people"),
            FieldKind.TEXT_LIST,
            catalogue="data_subject_categories",
            max_items=50,
            group=_DATA,
            help=N_("Whose data it is: customers, employees, … (Art. 30(1)(c))."),
        ),
        FieldSpec(
            "data_categories",
            N_("Categories of data"),
            FieldKind.ITEMS,
            item_model=DataCategory,
            max_items=100,
            group=_DATA,
            help=N_(
                "What data, where it comes from, and how long it is kept (Art. 30(1)(c), (f))."
            ),
        ),
        FieldSpec(
            "recipients",
            N_("Recipients"),
            FieldKind.ITEMS,
            item_model=Recipient,
            max_items=100,
            group=_SHARING,
            help=N_("Who receives the data, inside or outside (Art. 30(1)(d))."),
        ),
        FieldSpec(
            "transfers",
            N_("Transfers outside the EEA"),
            FieldKind.ITEMS,
            item_model=Transfer,
            max_items=50,
            group=_SHARING,
            help=N_(
                "Each destination and the safeguard that allows it (Art. 30(1)(e), Chapter V)."
            ),
        ),
        FieldSpec(
            "security_measures",
            N_("Security measures"),
            FieldKind.TEXT_LIST,
            catalogue="security_measures",
            max_items=100,
            group=_SECURITY,
            help=N_(
                "The technical and organisational measures that protect the data "
                "(Art. 30(1)(g), Art. 32)."
            ),
        ),
        FieldSpec(
            "security_notes",
            N_("Other security measures"),
            FieldKind.MULTILINE,
            max_length=5000,
            group=_SECURITY,
        ),
        FieldSpec(
            "systems",
            N_("Systems"),
            FieldKind.TEXT_LIST,
            max_items=50,
            group=_SECURITY,
            help=N_("Where the data lives: applications, databases, files."),
        ),
        FieldSpec(
            "automated_decisions",
            N_("Automated decisions or profiling"),
            FieldKind.BOOL,
            group=_AUTOMATED,
            help=N_(
                "Decisions made by a machine alone that have legal or "
                "similarly significant effects (Art. 22)."
            ),
        ),
        FieldSpec(
            "automated_logic",
            N_("Logic involved"),
            FieldKind.MULTILINE,
            max_length=5000,
            group=_AUTOMATED,
        ),
        FieldSpec(
            "automated_significance",
            N_("Significance and consequences"),
            FieldKind.MULTILINE,
            max_length=5000,
            group=_AUTOMATED,
        ),
        FieldSpec("last_review", N_("Last reviewed"), FieldKind.DATE, group=_REVIEW),
        FieldSpec("next_review", N_("Next review"), FieldKind.DATE, group=_REVIEW),
    ]
}
