"""A personal data breach (Art. 4(12)) in the breach register (Art. 33(5)): every breach is
recorded, notified or not, with the facts, the effects, the remedies and the reasoning."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from zoneinfo import available_timezones

import sqlalchemy as sa
from sqlmodel import Field

from app.domain.base import Record, UtcDateTime
from app.domain.fields import FieldKind, FieldSpec
from app.i18n import N_


class BreachType(StrEnum):
    CONFIDENTIALITY = "confidentiality"
    INTEGRITY = "integrity"
    AVAILABILITY = "availability"


BREACH_TYPE_LABELS = {
    BreachType.CONFIDENTIALITY: N_("Confidentiality (disclosed or accessed)"),
    BreachType.INTEGRITY: N_("Integrity (altered)"),
    BreachType.AVAILABILITY: N_("Availability (lost or destroyed)"),
}


# Every IANA zone this machine knows, as choices: a misspelt zone would show wrong local times.
TimeZoneName = StrEnum(  # type: ignore[misc]  # built from the machine's zone database
    "TimeZoneName", {zone: zone for zone in sorted(available_timezones())}
)


class RiskLevel(StrEnum):
    NONE = "none"
    RISK = "risk"
    HIGH = "high"


RISK_LABELS = {
    RiskLevel.NONE: N_("Unlikely to result in a risk (no notification)"),
    RiskLevel.RISK: N_("A risk: notify the authority (Art. 33)"),
    RiskLevel.HIGH: N_("A high risk: also tell the people affected (Art. 34)"),
}


class Art34Exception(StrEnum):
    UNINTELLIGIBLE = "a"
    RISK_REMOVED = "b"
    DISPROPORTIONATE = "c"


ART34_LABELS = {
    Art34Exception.UNINTELLIGIBLE: N_("Data unintelligible, e.g. encrypted (Art. 34(3)(a))"),
    Art34Exception.RISK_REMOVED: N_("Later measures removed the high risk (Art. 34(3)(b))"),
    Art34Exception.DISPROPORTIONATE: N_(
        "Disproportionate effort: public notice instead (Art. 34(3)(c))"
    ),
}


class Breach(Record, table=True):
    __tablename__ = "breach"

    reference: str = Field(max_length=40, sa_column_kwargs={"unique": True})
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    title: str = Field(max_length=300)
    time_zone: str = Field(default="UTC", max_length=60)
    occurred_from: datetime | None = Field(default=None, sa_type=UtcDateTime)
    occurred_to: datetime | None = Field(default=None, sa_type=UtcDateTime)
    detected_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    aware_at: datetime = Field(sa_type=UtcDateTime, index=True)
    controller_told_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    description: str | None = Field(default=None, max_length=5000)
    cause: str | None = Field(default=None, max_length=2000)
    types: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    data_categories: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    special_or_criminal: bool = Field(default=False)
    subject_categories: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    approx_subjects: int | None = None
    approx_records: int | None = None
    encrypted: bool = Field(default=False)
    vulnerable_people: bool = Field(default=False)
    consequences: str | None = Field(default=None, max_length=5000)
    measures_taken: str | None = Field(default=None, max_length=5000)
    measures_proposed: str | None = Field(default=None, max_length=5000)
    risk_level: str | None = Field(default=None, max_length=10)
    risk_reasoning: str | None = Field(default=None, max_length=5000)
    authority_notified_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    authority: str | None = Field(default=None, max_length=300)
    authority_reference: str | None = Field(default=None, max_length=200)
    follow_ups: str | None = Field(default=None, max_length=5000)
    delay_reasons: str | None = Field(default=None, max_length=5000)
    people_told_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    people_told_how: str | None = Field(default=None, max_length=1000)
    art34_exception: str | None = Field(default=None, max_length=5)
    lessons: str | None = Field(default=None, max_length=5000)
    closed_on: date | None = None


_WHEN = N_("When")
_WHAT = N_("What happened")
_RISK = N_("Risk assessment")
_AUTHORITY = N_("Notification to the authority (Art. 33)")
_PEOPLE = N_("Communication to the people affected (Art. 34)")
_CLOSE = N_("Closure")

BREACH_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in [
        FieldSpec(
            "reference", N_("Reference"), required=True, max_length=40, unique=True, group=_WHAT
        ),
        FieldSpec(
            "organisation_id",
            N_("Organisation"),
            FieldKind.REFERENCE,
            required=True,
            reference="organisation",
            group=_WHAT,
        ),
        FieldSpec("title", N_("Short title"), required=True, group=_WHAT),
        FieldSpec(
            "time_zone",
            N_("Time zone"),
            FieldKind.CHOICE,
            required=True,
            max_length=60,
            choices=TimeZoneName,
            group=_WHEN,
            help=N_("The zone the times below are shown in, e.g. Europe/Paris."),
        ),
        FieldSpec("occurred_from", N_("Occurred from"), FieldKind.DATETIME, group=_WHEN),
        FieldSpec("occurred_to", N_("Occurred until"), FieldKind.DATETIME, group=_WHEN),
        FieldSpec("detected_at", N_("Detected at"), FieldKind.DATETIME, group=_WHEN),
        FieldSpec(
            "aware_at",
            N_("Became aware at"),
            FieldKind.DATETIME,
            required=True,
            group=_WHEN,
            help=N_(
                "When you became reasonably certain that personal data was "
                "affected; the 72 hours run from here (Art. 33(1))."
            ),
        ),
        FieldSpec(
            "controller_told_at",
            N_("Controller told at"),
            FieldKind.DATETIME,
            group=_WHEN,
            help=N_(
                "When acting as processor: the controller must be told without undue "
                "delay (Art. 33(2))."
            ),
        ),
        FieldSpec(
            "description", N_("What happened"), FieldKind.MULTILINE, max_length=5000, group=_WHAT
        ),
        FieldSpec("cause", N_("Cause"), FieldKind.MULTILINE, max_length=2000, group=_WHAT),
        FieldSpec(
            "types",
            N_("Type"),
            FieldKind.CHOICES,
            choices=BreachType,
            choice_labels=BREACH_TYPE_LABELS,
            group=_WHAT,
        ),
        FieldSpec(
            "data_categories",
            N_("Data concerned"),
            FieldKind.TEXT_LIST,
            catalogue="data_categories",
            max_items=100,
            group=_WHAT,
        ),
        FieldSpec(
            "special_or_criminal",
            N_("Special-category or criminal data"),
            FieldKind.BOOL,
            group=_WHAT,
        ),
        FieldSpec(
            "subject_categories",
            N_("People concerned"),
            FieldKind.TEXT_LIST,
            catalogue="data_subject_categories",
            max_items=50,
            group=_WHAT,
        ),
        FieldSpec("approx_subjects", N_("About how many people"), FieldKind.COUNT, group=_WHAT),
        FieldSpec("approx_records", N_("About how many records"), FieldKind.COUNT, group=_WHAT),
        FieldSpec("encrypted", N_("Data was securely encrypted"), FieldKind.BOOL, group=_RISK),
        FieldSpec(
            "vulnerable_people",
            N_("Vulnerable people affected (children, patients…)"),
            FieldKind.BOOL,
            group=_RISK,
        ),
        FieldSpec(
            "consequences",
            N_("Likely consequences"),
            FieldKind.MULTILINE,
            max_length=5000,
            group=_RISK,
        ),
        FieldSpec(
            "measures_taken",
            N_("Measures taken"),
            FieldKind.MULTILINE,
            max_length=5000,
            group=_RISK,
        ),
        FieldSpec(
            "measures_proposed",
            N_("Measures proposed"),
            FieldKind.MULTILINE,
            max_length=5000,
            group=_RISK,
        ),
        FieldSpec(
            "risk_level",
            N_("Risk level"),
            FieldKind.CHOICE,
            choices=RiskLevel,
            choice_labels=RISK_LABELS,
            group=_RISK,
        ),
        FieldSpec(
            "risk_reasoning",
            N_("Reasoning"),
            FieldKind.MULTILINE,
            max_length=5000,
            group=_RISK,
            help=N_("Why this level; above all, why a breach is not notified (Art. 33(5))."),
        ),
        FieldSpec("authority_notified_at", N_("Notified at"), FieldKind.DATETIME, group=_AUTHORITY),
        FieldSpec("authority", N_("Authority"), group=_AUTHORITY),
        FieldSpec("authority_reference", N_("Their reference"), max_length=200, group=_AUTHORITY),
        FieldSpec(
            "follow_ups",
            N_("Follow-up information"),
            FieldKind.MULTILINE,
            max_length=5000,
            group=_AUTHORITY,
            help=N_("Information may be given in phases (Art. 33(4))."),
        ),
        FieldSpec(
            "delay_reasons",
            N_("Reasons for a late notification"),
            FieldKind.MULTILINE,
            max_length=5000,
            group=_AUTHORITY,
        ),
        FieldSpec("people_told_at", N_("People told at"), FieldKind.DATETIME, group=_PEOPLE),
        FieldSpec("people_told_how", N_("How"), max_length=1000, group=_PEOPLE),
        FieldSpec(
            "art34_exception",
            N_("Exception relied on"),
            FieldKind.CHOICE,
            choices=Art34Exception,
            choice_labels=ART34_LABELS,
            group=_PEOPLE,
        ),
        FieldSpec(
            "lessons", N_("Lessons learned"), FieldKind.MULTILINE, max_length=5000, group=_CLOSE
        ),
        FieldSpec("closed_on", N_("Closed on"), FieldKind.DATE, group=_CLOSE),
    ]
}
