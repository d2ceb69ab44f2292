"""An organisation of the workspace: its identity, DPO, EU representative and report branding.

A workspace can hold several organisations (the companies of a group); later records name the
one acting as controller or processor.
"""

from __future__ import annotations

from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field

from app.domain.base import Record
from app.domain.fields import FieldKind, FieldSpec
from app.i18n import N_


class DpoKind(StrEnum):
    """Whether a DPO is designated (Art. 37), and whether on staff or under contract (37(6))."""

    INTERNAL = "internal"
    EXTERNAL = "external"
    NONE = "none"


DPO_KIND_LABELS = {
    DpoKind.INTERNAL: N_("Internal (a member of staff)"),
    DpoKind.EXTERNAL: N_("External (under a service contract)"),
    DpoKind.NONE: N_("No DPO designated"),
}


class Organisation(Record, table=True):
    __tablename__ = "organisation"

    legal_name: str = Field(max_length=300)
    trading_name: str | None = Field(default=None, max_length=300)
    address: str | None = Field(default=None, max_length=1000)
    country: str | None = Field(default=None, max_length=2)
    registration_number: str | None = Field(default=None, max_length=100)
    email: str | None = Field(default=None, max_length=300)
    phone: str | None = Field(default=None, max_length=40)
    employees: int | None = None
    sector: str | None = Field(default=None, max_length=200)
    public_body: bool = Field(default=False)
    records_exemption: bool = Field(default=False)

    dpo_kind: str | None = Field(default=None, max_length=20)
    dpo_name: str | None = Field(default=None, max_length=300)
    dpo_email: str | None = Field(default=None, max_length=300)
    dpo_phone: str | None = Field(default=None, max_length=40)
    no_dpo_reason: str | None = Field(default=None, max_length=2000)

    representative_name: str | None = Field(default=None, max_length=300)
    representative_address: str | None = Field(default=None, max_length=1000)
    representative_email: str | None = Field(default=None, max_length=300)
    representative_phone: str | None = Field(default=None, max_length=40)

    lead_authority: str | None = Field(default=None, max_length=300)

    brand_logo: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    brand_colour: str | None = Field(default=None, max_length=7)


_IDENTITY = N_("Identity")
_DPO = N_("Data protection officer")
_REPRESENTATIVE = N_("EU representative")
_AUTHORITY = N_("Supervisory authority")
_BRANDING = N_("Report branding")

ORGANISATION_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in [
        FieldSpec(
            "legal_name",
            N_("Legal name"),
            required=True,
            group=_IDENTITY,
            help=N_("The name registered with the companies register."),
        ),
        FieldSpec(
            "trading_name",
            N_("Trading name"),
            group=_IDENTITY,
            help=N_("The name customers know, if different."),
        ),
        FieldSpec("address", N_("Address"), FieldKind.MULTILINE, max_length=1000, group=_IDENTITY),
        FieldSpec("country", N_("Country"), FieldKind.COUNTRY, group=_IDENTITY),
        FieldSpec(
            "registration_number", N_("Registration number"), max_length=100, group=_IDENTITY
        ),
        FieldSpec(
            "email",
            N_("Contact e-mail"),
            FieldKind.EMAIL,
            group=_IDENTITY,
            help=N_("Where people can write about their data; it appears in the privacy policy."),
        ),
        FieldSpec("phone", N_("Contact phone"), FieldKind.PHONE, max_length=40, group=_IDENTITY),
        FieldSpec(
            "employees",
            N_("Number of employees"),
            FieldKind.COUNT,
            group=_IDENTITY,
            help=N_(
                "Below 250 employees a record of processing is required only for some "
                "processing (Art. 30(5))."
            ),
        ),
        FieldSpec("sector", N_("Sector"), max_length=200, group=_IDENTITY),
        FieldSpec(
            "public_body",
            N_("Public authority or body"),
            FieldKind.BOOL,
            group=_IDENTITY,
            help=N_("Public authorities and bodies must designate a DPO (Art. 37(1)(a))."),
        ),
        FieldSpec(
            "records_exemption",
            N_("Claims the record-keeping exemption"),
            FieldKind.BOOL,
            group=_IDENTITY,
            help=N_(
                "Under 250 employees, only occasional processing without risk and without "
                "special-category or criminal data is exempt (Art. 30(5)); regular processing "
                "such as payroll or customer files is not."
            ),
        ),
        FieldSpec(
            "dpo_kind",
            N_("DPO"),
            FieldKind.CHOICE,
            choices=DpoKind,
            choice_labels=DPO_KIND_LABELS,
            group=_DPO,
            help=N_(
                "A DPO is mandatory for public authorities and where core activities "
                "monitor people on a large scale or process special-category or "
                "criminal data on a large scale (Art. 37(1))."
            ),
        ),
        FieldSpec("dpo_name", N_("DPO name"), group=_DPO),
        FieldSpec(
            "dpo_email",
            N_("DPO e-mail"),
            FieldKind.EMAIL,
            group=_DPO,
            help=N_(
                "Published in the privacy policy and given to the supervisory authority "
                "(Art. 37(7))."
            ),
        ),
        FieldSpec("dpo_phone", N_("DPO phone"), FieldKind.PHONE, max_length=40, group=_DPO),
        FieldSpec(
            "no_dpo_reason",
            N_("Why no DPO"),
            FieldKind.MULTILINE,
            max_length=2000,
            group=_DPO,
            help=N_(
                "Record why a DPO is not required: accountability "
                "(Art. 5(2)) asks you to show the reasoning."
            ),
        ),
        FieldSpec(
            "representative_name",
            N_("Representative name"),
            group=_REPRESENTATIVE,
            help=N_(
                "Needed when the organisation is outside the EU/EEA and offers goods "
                "or services to, or monitors, people in the EU (Art. 27)."
            ),
        ),
        FieldSpec(
            "representative_address",
            N_("Representative address"),
            FieldKind.MULTILINE,
            max_length=1000,
            group=_REPRESENTATIVE,
        ),
        FieldSpec(
            "representative_email",
            N_("Representative e-mail"),
            FieldKind.EMAIL,
            group=_REPRESENTATIVE,
        ),
        FieldSpec(
            "representative_phone",
            N_("Representative phone"),
            FieldKind.PHONE,
            max_length=40,
            group=_REPRESENTATIVE,
        ),
        FieldSpec(
            "lead_authority",
            N_("Lead supervisory authority"),
            group=_AUTHORITY,
            help=N_(
                "The authority of the main establishment in the EU (Art. 56); people can "
                "complain to it."
            ),
        ),
        FieldSpec(
            "brand_logo",
            N_("Logo"),
            FieldKind.IMAGE,
            group=_BRANDING,
            help=N_("A PNG or JPEG image of at most 2 MB, shown on report covers."),
        ),
        FieldSpec(
            "brand_colour",
            N_("Accent colour"),
            FieldKind.COLOUR,
            max_length=7,
            group=_BRANDING,
            help=N_("Used for headings and rules in reports."),
        ),
    ]
}
