"""A data collection plan: what a business wants to achieve, what data that really needs, why,
on which basis, for how long, who sees it and how it is protected, written before anything
is collected (Art. 5(1)(b)-(c) purpose limitation and minimisation, Art. 25 by design).

A plan becomes a draft processing activity of the register (`activity_id`), so nobody types
the same answers twice; plan_rules.py holds what the wizard checks and advises.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from pydantic import Field as ItemField
from sqlmodel import Field

from app.domain.base import Record
from app.domain.fields import FieldKind, FieldSpec
from app.domain.legal_bases import Art9Condition, LegalBasis
from app.domain.list_fields import MAX_ITEM_TEXT, Item
from app.domain.register_items import DataKind, EndAction, Recipient, Transfer, new_key
from app.domain.screening import WP248_LABELS, Wp248Criterion
from app.i18n import N_


class CollectionChannel(StrEnum):
    WEB_FORM = "web_form"
    CHECKOUT = "checkout"
    NEWSLETTER = "newsletter"
    APP = "app"
    IN_STORE = "in_store"
    PHONE = "phone"
    EVENT = "event"
    PARTNER = "partner"  # the data comes from someone else: Art. 14 applies
    OTHER = "other"


CHANNEL_LABELS = {
    CollectionChannel.WEB_FORM: N_("Form on our website"),
    CollectionChannel.CHECKOUT: N_("Online checkout"),
    CollectionChannel.NEWSLETTER: N_("Newsletter sign-up"),
    CollectionChannel.APP: N_("Mobile app"),
    CollectionChannel.IN_STORE: N_("In store or on paper"),
    CollectionChannel.PHONE: N_("By phone"),
    CollectionChannel.EVENT: N_("At an event or trade fair"),
    CollectionChannel.PARTNER: N_("From a partner or another company"),
    CollectionChannel.OTHER: N_("Other"),
}


class PurposeType(StrEnum):
    """What a purpose is for, in business words; it decides which data the purpose usually
    needs (minimisation) and which basis the questions lead to."""

    DELIVER = "deliver"
    ACCOUNT = "account"
    PAYMENT = "payment"
    NEWSLETTER = "newsletter"
    PERSONALISED_MARKETING = "personalised_marketing"
    LOYALTY = "loyalty"
    SUPPORT = "support"
    LEGAL_RECORDS = "legal_records"
    AGE_CHECK = "age_check"
    SECURITY = "security"
    ANALYTICS = "analytics"
    RECRUITMENT = "recruitment"
    EMPLOYMENT = "employment"
    OTHER = "other"


PURPOSE_TYPE_LABELS = {
    PurposeType.DELIVER: N_("Deliver what the customer ordered"),
    PurposeType.ACCOUNT: N_("Run the customer's account"),
    PurposeType.PAYMENT: N_("Take payment and invoice"),
    PurposeType.NEWSLETTER: N_("Send a newsletter or news by e-mail"),
    PurposeType.PERSONALISED_MARKETING: N_("Personalised offers and profiling"),
    PurposeType.LOYALTY: N_("Loyalty programme"),
    PurposeType.SUPPORT: N_("Answer questions and give support"),
    PurposeType.LEGAL_RECORDS: N_("Keep records the law requires"),
    PurposeType.AGE_CHECK: N_("Check the person's age"),
    PurposeType.SECURITY: N_("Prevent fraud and keep the service secure"),
    PurposeType.ANALYTICS: N_("Measure and improve the service"),
    PurposeType.RECRUITMENT: N_("Hire staff"),
    PurposeType.EMPLOYMENT: N_("Manage staff"),
    PurposeType.OTHER: N_("Something else"),
}


class PlanStatus(StrEnum):
    DRAFT = "draft"
    COMPLETE = "complete"


PLAN_STATUS_LABELS = {PlanStatus.DRAFT: N_("Draft"), PlanStatus.COMPLETE: N_("Complete")}


class Decision(StrEnum):
    KEEP = "keep"
    REMOVE = "remove"  # decided not to collect: kept in the plan as a minimisation decision


DECISION_LABELS = {Decision.KEEP: N_("Collect"), Decision.REMOVE: N_("Do not collect")}


class PlanPurpose(Item):
    key: str = ItemField(default_factory=new_key, max_length=20, title=N_("Key"))
    purpose: str = ItemField(min_length=1, max_length=500, title=N_("Purpose"))
    purpose_type: PurposeType = ItemField(default=PurposeType.OTHER, title=N_("Kind of purpose"))
    basis: LegalBasis | None = ItemField(default=None, title=N_("Legal basis"))
    basis_reference: str = ItemField(
        default="", max_length=MAX_ITEM_TEXT, title=N_("Law relied on")
    )
    legitimate_interest: str = ItemField(
        default="", max_length=MAX_ITEM_TEXT, title=N_("Interest pursued")
    )
    art9_condition: Art9Condition | None = ItemField(default=None, title=N_("Art. 9 condition"))
    art10_basis: str = ItemField(
        default="", max_length=MAX_ITEM_TEXT, title=N_("Art. 10 authorisation")
    )


class PlanData(Item):
    """One piece of data the plan considers collecting (a form field, a column)."""

    key: str = ItemField(default_factory=new_key, max_length=20, title=N_("Key"))
    label: str = ItemField(min_length=1, max_length=300, title=N_("Data"))
    catalogue_key: str = ItemField(default="", max_length=60, title=N_("Catalogue entry"))
    kind: DataKind = ItemField(default=DataKind.REGULAR, title=N_("Kind"))
    purpose_keys: list[str] = ItemField(
        default_factory=list, max_length=50, title=N_("Purposes served")
    )
    mandatory: bool = ItemField(default=False, title=N_("The person must provide it"))
    decision: Decision = ItemField(default=Decision.KEEP, title=N_("Decision"))
    justification: str = ItemField(
        default="", max_length=MAX_ITEM_TEXT, title=N_("Why it is needed")
    )
    retention_period: str = ItemField(default="", max_length=MAX_ITEM_TEXT, title=N_("Kept for"))
    retention_trigger: str = ItemField(
        default="", max_length=MAX_ITEM_TEXT, title=N_("Counted from")
    )
    end_action: EndAction = ItemField(default=EndAction.DELETE, title=N_("Then"))
    access: str = ItemField(default="", max_length=MAX_ITEM_TEXT, title=N_("Who can see it"))


class CollectionPlan(Record, table=True):
    __tablename__ = "collection_plan"

    reference: str = Field(max_length=40, sa_column_kwargs={"unique": True})
    name: str = Field(max_length=300)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    status: str = Field(default=PlanStatus.DRAFT.value, max_length=20)
    objective: str | None = Field(default=None, max_length=5000)
    channel: str | None = Field(default=None, max_length=20)
    channel_detail: str | None = Field(default=None, max_length=2000)
    data_subjects: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    purposes: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    data: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    internal_access: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    recipients: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    transfers: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    security_measures: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    security_notes: str | None = Field(default=None, max_length=5000)
    information_method: str | None = Field(default=None, max_length=5000)
    rights_channel: str | None = Field(default=None, max_length=5000)
    screening: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    screening_notes: str | None = Field(default=None, max_length=5000)
    activity_id: int | None = Field(default=None, foreign_key="processing_activity.id")


_GOAL = N_("Goal")
_DATA = N_("Data")
_PURPOSES = N_("Purposes and legal bases")
_SHARING = N_("Retention, access and sharing")
_SECURITY = N_("Security and rights")
_RISKS = N_("Risks")

PLAN_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in [
        FieldSpec(
            "reference",
            N_("Reference"),
            required=True,
            max_length=40,
            unique=True,
            group=_GOAL,
            help=N_("A short code for the plan, e.g. PLAN-001."),
        ),
        FieldSpec("name", N_("Name"), required=True, group=_GOAL),
        FieldSpec(
            "organisation_id",
            N_("Organisation"),
            FieldKind.REFERENCE,
            required=True,
            reference="organisation",
            group=_GOAL,
        ),
        FieldSpec(
            "status",
            N_("Status"),
            FieldKind.CHOICE,
            required=True,
            choices=PlanStatus,
            choice_labels=PLAN_STATUS_LABELS,
            group=_GOAL,
        ),
        FieldSpec(
            "objective",
            N_("Business objective"),
            FieldKind.MULTILINE,
            max_length=5000,
            group=_GOAL,
            help=N_(
                "What the business wants to achieve, in one or two sentences. Decide this "
                "before choosing any data: the purpose decides what you may collect."
            ),
        ),
        FieldSpec(
            "channel",
            N_("Where the data is collected"),
            FieldKind.CHOICE,
            choices=CollectionChannel,
            choice_labels=CHANNEL_LABELS,
            group=_GOAL,
        ),
        FieldSpec(
            "channel_detail",
            N_("Channel details"),
            FieldKind.MULTILINE,
            max_length=2000,
            group=_GOAL,
            help=N_("Which form, page, app screen or partner, for example."),
        ),
        FieldSpec(
            "data_subjects",
            N_("Whose data"),
            FieldKind.TEXT_LIST,
            catalogue="data_subject_categories",
            max_items=50,
            group=_GOAL,
        ),
        FieldSpec(
            "data",
            N_("Data to collect"),
            FieldKind.ITEMS,
            item_model=PlanData,
            max_items=100,
            group=_DATA,
            help=N_(
                "Each piece of data, the purposes it serves and how long it is kept. Data you "
                "decided not to collect stays listed, with the decision."
            ),
        ),
        FieldSpec(
            "purposes",
            N_("Purposes"),
            FieldKind.ITEMS,
            item_model=PlanPurpose,
            max_items=30,
            group=_PURPOSES,
            help=N_(
                "Why you need the data. Each purpose needs a legal basis: the law allows "
                "processing only on one of six grounds (Art. 6(1))."
            ),
        ),
        FieldSpec(
            "internal_access",
            N_("Who inside can see the data"),
            FieldKind.TEXT_LIST,
            max_items=50,
            group=_SHARING,
            help=N_("Teams or roles, e.g. customer service, marketing. Fewer is safer."),
        ),
        FieldSpec(
            "recipients",
            N_("Vendors and other recipients"),
            FieldKind.ITEMS,
            item_model=Recipient,
            max_items=100,
            group=_SHARING,
            help=N_("Companies that receive the data, such as your e-mail or hosting provider."),
        ),
        FieldSpec(
            "transfers",
            N_("Transfers outside the EEA"),
            FieldKind.ITEMS,
            item_model=Transfer,
            max_items=50,
            group=_SHARING,
            help=N_(
                "Countries outside the European Economic Area the data goes to, and what "
                "makes that lawful (Chapter V)."
            ),
        ),
        FieldSpec(
            "security_measures",
            N_("Security measures"),
            FieldKind.TEXT_LIST,
            catalogue="security_measures",
            max_items=100,
            group=_SECURITY,
        ),
        FieldSpec(
            "security_notes",
            N_("Other security notes"),
            FieldKind.MULTILINE,
            max_length=5000,
            group=_SECURITY,
        ),
        FieldSpec(
            "information_method",
            N_("How people are told"),
            FieldKind.MULTILINE,
            max_length=5000,
            group=_SECURITY,
            help=N_(
                "Where people read what you do with their data when you collect it, e.g. a "
                "short notice under the form with a link to the privacy policy (Art. 13)."
            ),
        ),
        FieldSpec(
            "rights_channel",
            N_("How people can use their rights"),
            FieldKind.MULTILINE,
            max_length=5000,
            group=_SECURITY,
            help=N_(
                "The address or form where people ask for a copy of their data, a correction "
                "or erasure; answers are due within one month (Art. 12(3))."
            ),
        ),
        FieldSpec(
            "screening",
            N_("Risk criteria that apply"),
            FieldKind.CHOICES,
            choices=Wp248Criterion,
            choice_labels=WP248_LABELS,
            group=_RISKS,
            help=N_(
                "The nine criteria of the European guidelines on DPIAs (WP248); two or more "
                "usually mean a data protection impact assessment is needed."
            ),
        ),
        FieldSpec(
            "screening_notes",
            N_("Risk notes"),
            FieldKind.MULTILINE,
            max_length=5000,
            group=_RISKS,
            help=N_(
                "If two or more criteria apply and you decide against a DPIA, write why "
                "here: the decision must be documented."
            ),
        ),
        FieldSpec(
            "activity_id",
            N_("Register entry"),
            FieldKind.REFERENCE,
            reference="processing_activity",
            group=_GOAL,
            help=N_("The processing activity of the register this plan created."),
        ),
    ]
}
