"""A person's request about their data (Arts. 12, 15-22), kept as a log entry.

The log must not become a new store of personal data (Art. 5(1)(c)): it identifies the
requester minimally and records only whether identity was checked, never a copy of a document.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field

from app.domain.base import Record
from app.domain.fields import FieldKind, FieldSpec
from app.i18n import N_


class RequestType(StrEnum):
    ACCESS = "access"
    RECTIFICATION = "rectification"
    ERASURE = "erasure"
    RESTRICTION = "restriction"
    PORTABILITY = "portability"
    OBJECTION = "objection"
    CONSENT_WITHDRAWAL = "consent_withdrawal"
    AUTOMATED_DECISION = "automated_decision"


REQUEST_TYPE_LABELS = {
    RequestType.ACCESS: N_("Access (Art. 15)"),
    RequestType.RECTIFICATION: N_("Rectification (Art. 16)"),
    RequestType.ERASURE: N_("Erasure (Art. 17)"),
    RequestType.RESTRICTION: N_("Restriction (Art. 18)"),
    RequestType.PORTABILITY: N_("Portability (Art. 20)"),
    RequestType.OBJECTION: N_("Objection (Art. 21)"),
    RequestType.CONSENT_WITHDRAWAL: N_("Withdrawal of consent (Art. 7(3))"),
    RequestType.AUTOMATED_DECISION: N_("Automated decision (Art. 22)"),
}


class Channel(StrEnum):
    EMAIL = "email"
    WEB_FORM = "web_form"
    LETTER = "letter"
    PHONE = "phone"
    IN_PERSON = "in_person"
    OTHER = "other"


CHANNEL_LABELS = {
    Channel.EMAIL: N_("E-mail"),
    Channel.WEB_FORM: N_("Web form"),
    Channel.LETTER: N_("Letter"),
    Channel.PHONE: N_("Phone"),
    Channel.IN_PERSON: N_("In person"),
    Channel.OTHER: N_("Other"),
}


class IdentityCheck(StrEnum):
    NOT_NEEDED = "not_needed"
    REQUESTED = "requested"
    RECEIVED = "received"
    FAILED = "failed"


IDENTITY_LABELS = {
    IdentityCheck.NOT_NEEDED: N_("Not needed"),
    IdentityCheck.REQUESTED: N_("Proof asked for (clock paused)"),
    IdentityCheck.RECEIVED: N_("Proof received"),
    IdentityCheck.FAILED: N_("Could not be confirmed (Art. 11(2))"),
}


class RequestStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


REQUEST_STATUS_LABELS = {RequestStatus.OPEN: N_("Open"), RequestStatus.CLOSED: N_("Closed")}


class Outcome(StrEnum):
    FULFILLED = "fulfilled"
    PARTLY = "partly"
    REFUSED = "refused"
    NO_DATA = "no_data"


OUTCOME_LABELS = {
    Outcome.FULFILLED: N_("Fulfilled"),
    Outcome.PARTLY: N_("Partly fulfilled"),
    Outcome.REFUSED: N_("Refused"),
    Outcome.NO_DATA: N_("No data held"),
}


class RightsRequest(Record, table=True):
    __tablename__ = "rights_request"

    reference: str = Field(max_length=40, sa_column_kwargs={"unique": True})
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    types: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    received_on: date = Field(index=True)
    channel: str = Field(default=Channel.EMAIL.value, max_length=20)
    requester: str = Field(max_length=300)
    requester_contact: str | None = Field(default=None, max_length=300)
    agent: str | None = Field(default=None, max_length=300)
    identity_check: str = Field(default=IdentityCheck.NOT_NEEDED.value, max_length=20)
    identity_requested_on: date | None = None
    identity_received_on: date | None = None
    activities: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    status: str = Field(default=RequestStatus.OPEN.value, max_length=20, index=True)
    extended: bool = Field(default=False)
    extension_reason: str | None = Field(default=None, max_length=2000)
    extension_notified_on: date | None = None
    outcome: str | None = Field(default=None, max_length=20)
    refusal_ground: str | None = Field(default=None, max_length=2000)
    recipients_notified: str | None = Field(default=None, max_length=2000)
    closed_on: date | None = None
    notes: str | None = Field(default=None, max_length=5000)


_REQUEST = N_("Request")
_IDENTITY = N_("Identity")
_HANDLING = N_("Handling")

REQUEST_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in [
        FieldSpec(
            "reference", N_("Reference"), required=True, max_length=40, unique=True, group=_REQUEST
        ),
        FieldSpec(
            "organisation_id",
            N_("Organisation"),
            FieldKind.REFERENCE,
            required=True,
            reference="organisation",
            group=_REQUEST,
            help=N_(
                "The controller the request is addressed to; its country's public "
                "holidays move the deadline."
            ),
        ),
        FieldSpec(
            "types",
            N_("What is asked"),
            FieldKind.CHOICES,
            required=True,
            choices=RequestType,
            choice_labels=REQUEST_TYPE_LABELS,
            group=_REQUEST,
        ),
        FieldSpec(
            "received_on",
            N_("Received on"),
            FieldKind.DATE,
            required=True,
            group=_REQUEST,
            help=N_("The day of receipt counts as day 1 of the one-month time limit (Art. 12(3))."),
        ),
        FieldSpec(
            "channel",
            N_("Received by"),
            FieldKind.CHOICE,
            required=True,
            choices=Channel,
            choice_labels=CHANNEL_LABELS,
            group=_REQUEST,
        ),
        FieldSpec(
            "requester",
            N_("Requester"),
            required=True,
            group=_REQUEST,
            help=N_(
                "Just enough to find the person's data and reply; this log must not "
                "become another store of personal data."
            ),
        ),
        FieldSpec("requester_contact", N_("Reply to"), group=_REQUEST),
        FieldSpec(
            "agent",
            N_("Acting on their behalf"),
            group=_REQUEST,
            help=N_("A representative must show they are authorised."),
        ),
        FieldSpec(
            "identity_check",
            N_("Identity check"),
            FieldKind.CHOICE,
            required=True,
            choices=IdentityCheck,
            choice_labels=IDENTITY_LABELS,
            group=_IDENTITY,
            help=N_(
                "Ask only for what confirms identity; never keep copies of ID "
                "documents here (Art. 12(6))."
            ),
        ),
        FieldSpec(
            "identity_requested_on", N_("Proof asked for on"), FieldKind.DATE, group=_IDENTITY
        ),
        FieldSpec(
            "identity_received_on",
            N_("Proof received on"),
            FieldKind.DATE,
            group=_IDENTITY,
            help=N_("The clock stands still between these two dates."),
        ),
        FieldSpec(
            "activities",
            N_("Processing concerned"),
            FieldKind.TEXT_LIST,
            max_items=100,
            group=_HANDLING,
            help=N_("The register activities (references) the request touches."),
        ),
        FieldSpec(
            "status",
            N_("Status"),
            FieldKind.CHOICE,
            required=True,
            choices=RequestStatus,
            choice_labels=REQUEST_STATUS_LABELS,
            group=_HANDLING,
        ),
        FieldSpec(
            "extended",
            N_("Extended by two months"),
            FieldKind.BOOL,
            group=_HANDLING,
            help=N_(
                "Allowed for complex or numerous requests; the person must be told "
                "why within the first month (Art. 12(3))."
            ),
        ),
        FieldSpec(
            "extension_reason",
            N_("Why extended"),
            FieldKind.MULTILINE,
            max_length=2000,
            group=_HANDLING,
        ),
        FieldSpec(
            "extension_notified_on", N_("Requester told on"), FieldKind.DATE, group=_HANDLING
        ),
        FieldSpec(
            "outcome",
            N_("Outcome"),
            FieldKind.CHOICE,
            choices=Outcome,
            choice_labels=OUTCOME_LABELS,
            group=_HANDLING,
        ),
        FieldSpec(
            "refusal_ground",
            N_("Ground for refusal"),
            FieldKind.MULTILINE,
            max_length=2000,
            group=_HANDLING,
            help=N_(
                "Tell the person why, and that they may complain to the supervisory "
                "authority and go to court (Art. 12(4))."
            ),
        ),
        FieldSpec(
            "recipients_notified",
            N_("Recipients told"),
            FieldKind.MULTILINE,
            max_length=2000,
            group=_HANDLING,
            help=N_(
                "After a rectification, erasure or restriction, every recipient must be "
                "told unless impossible (Art. 19)."
            ),
        ),
        FieldSpec("closed_on", N_("Closed on"), FieldKind.DATE, group=_HANDLING),
        FieldSpec("notes", N_("Notes"), FieldKind.MULTILINE, max_length=5000, group=_HANDLING),
    ]
}
