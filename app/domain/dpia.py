"""A data protection impact assessment (Art. 35) of one or more processing activities.

What the register already says (description, purposes, data, recipients, retention) is read
from the register when the DPIA is shown or printed, never copied in; the DPIA holds the
assessment: answers, risks, measures, reviews, opinions and the decision. Approval freezes a
version (DpiaVersion) with the hash of its content; later edits make the next version.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import IntEnum, StrEnum
from typing import Any, ClassVar

import sqlalchemy as sa
from pydantic import Field as ItemField
from pydantic import field_validator
from sqlmodel import Field

from app.domain.base import Record, UtcDateTime
from app.domain.dpia_questions import FEARED_EVENT_LABELS, FearedEvent
from app.domain.fields import FieldKind, FieldSpec
from app.domain.list_fields import Item
from app.domain.register_items import new_key
from app.domain.rich_text import sanitise_html
from app.domain.risk_matrix import MATRIX_LABELS, MatrixKind, RiskLevel, matrix
from app.errors import FieldError
from app.i18n import N_, _

MAX_RICH_TEXT = 20000


class DpiaStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions"
    REFUSED = "refused"
    PRIOR_CONSULTATION = "prior_consultation"  # Art. 36: high residual risk remains


DPIA_STATUS_LABELS = {
    DpiaStatus.DRAFT: N_("Draft"),
    DpiaStatus.IN_REVIEW: N_("In review"),
    DpiaStatus.APPROVED: N_("Approved"),
    DpiaStatus.APPROVED_WITH_CONDITIONS: N_("Approved with conditions"),
    DpiaStatus.REFUSED: N_("Refused"),
    DpiaStatus.PRIOR_CONSULTATION: N_("Prior consultation of the authority (Art. 36)"),
}
DECISIONS = (
    DpiaStatus.APPROVED,
    DpiaStatus.APPROVED_WITH_CONDITIONS,
    DpiaStatus.REFUSED,
    DpiaStatus.PRIOR_CONSULTATION,
)


class ReviewStatus(IntEnum):
    """A reviewer's verdict on a section, a measure or a risk; the numbers are the CNIL
    tool's evaluation statuses."""

    PENDING = 0
    TO_CORRECT = 1
    IMPROVABLE = 2
    ACCEPTABLE = 3


REVIEW_STATUS_LABELS = {
    ReviewStatus.PENDING: N_("Not reviewed"),
    ReviewStatus.TO_CORRECT: N_("To correct"),
    ReviewStatus.IMPROVABLE: N_("Improvable"),
    ReviewStatus.ACCEPTABLE: N_("Acceptable"),
}


class MeasureStatus(StrEnum):
    EXISTING = "existing"
    PLANNED = "planned"


MEASURE_STATUS_LABELS = {
    MeasureStatus.EXISTING: N_("In place"),
    MeasureStatus.PLANNED: N_("Planned"),
}


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


ACTION_STATUS_LABELS = {
    ActionStatus.NOT_STARTED: N_("Not started"),
    ActionStatus.IN_PROGRESS: N_("In progress"),
    ActionStatus.DONE: N_("Done"),
}


class Opinion(StrEnum):
    FAVOURABLE = "favourable"
    UNFAVOURABLE = "unfavourable"


OPINION_LABELS = {
    Opinion.FAVOURABLE: N_("Favourable: the processing can go ahead"),
    Opinion.UNFAVOURABLE: N_("Unfavourable: the processing should not go ahead as it is"),
}


class _RichItem(Item):
    """Rich-text fields of an item are sanitised like a RICH_TEXT field."""

    RICH_FIELDS: ClassVar[tuple[str, ...]] = ()

    @field_validator("*", mode="after")
    @classmethod
    def _sanitise(cls, value: Any, info: Any) -> Any:
        if info.field_name in cls.RICH_FIELDS and isinstance(value, str):
            return sanitise_html(value)
        return value


class DpiaAnswer(_RichItem):
    RICH_FIELDS: ClassVar[tuple[str, ...]] = ("text",)
    question: int = ItemField(ge=100, le=999, title=N_("Question"))
    text: str = ItemField(default="", max_length=MAX_RICH_TEXT, title=N_("Answer"))


class DpiaRisk(_RichItem):
    RICH_FIELDS: ClassVar[tuple[str, ...]] = ("severity_text", "likelihood_text", "description")
    key: str = ItemField(default_factory=new_key, max_length=20, title=N_("Key"))
    event: FearedEvent = ItemField(title=N_("Feared event"))
    title: str = ItemField(default="", max_length=300, title=N_("Risk"))
    description: str = ItemField(default="", max_length=MAX_RICH_TEXT, title=N_("Description"))
    sources: list[str] = ItemField(default_factory=list, max_length=50, title=N_("Risk sources"))
    threats: list[str] = ItemField(default_factory=list, max_length=50, title=N_("Threats"))
    impacts: list[str] = ItemField(default_factory=list, max_length=50, title=N_("Impacts"))
    measure_keys: list[str] = ItemField(default_factory=list, max_length=100, title=N_("Measures"))
    severity_text: str = ItemField(
        default="", max_length=MAX_RICH_TEXT, title=N_("Why this severity")
    )
    likelihood_text: str = ItemField(
        default="", max_length=MAX_RICH_TEXT, title=N_("Why this likelihood")
    )
    inherent_severity: int = ItemField(default=0, ge=0, le=4, title=N_("Severity before measures"))
    inherent_likelihood: int = ItemField(
        default=0, ge=0, le=4, title=N_("Likelihood before measures")
    )
    current_severity: int = ItemField(
        default=0, ge=0, le=4, title=N_("Severity with existing measures")
    )
    current_likelihood: int = ItemField(
        default=0, ge=0, le=4, title=N_("Likelihood with existing measures")
    )
    residual_severity: int = ItemField(
        default=0, ge=0, le=4, title=N_("Severity with all measures")
    )
    residual_likelihood: int = ItemField(
        default=0, ge=0, le=4, title=N_("Likelihood with all measures")
    )

    @field_validator("sources", "threats", "impacts")
    @classmethod
    def _short_texts(cls, value: list[str]) -> list[str]:
        return [entry.strip()[:300] for entry in value if entry.strip()]


class DpiaMeasure(_RichItem):
    RICH_FIELDS: ClassVar[tuple[str, ...]] = ("description",)
    key: str = ItemField(default_factory=new_key, max_length=20, title=N_("Key"))
    title: str = ItemField(min_length=1, max_length=300, title=N_("Measure"))
    description: str = ItemField(default="", max_length=MAX_RICH_TEXT, title=N_("Description"))
    knowledge_key: str = ItemField(default="", max_length=60, title=N_("Knowledge base entry"))
    status: MeasureStatus = ItemField(default=MeasureStatus.EXISTING, title=N_("Status"))
    owner: str = ItemField(default="", max_length=300, title=N_("Owner"))
    due_on: date | None = ItemField(default=None, title=N_("Due date"))
    action_status: ActionStatus = ItemField(default=ActionStatus.NOT_STARTED, title=N_("Progress"))
    cnil_id: int | None = ItemField(default=None, title=N_("CNIL tool id"))


class DpiaReview(_RichItem):
    """A reviewer's verdict on one part: a section ("2.1"), a question ("2.1.212"), a
    measure ("3.1.<measure key>") or a risk ("3.2", "risk.<risk key>")."""

    RICH_FIELDS: ClassVar[tuple[str, ...]] = ("comment", "action_plan_comment")
    target: str = ItemField(min_length=1, max_length=60, title=N_("Reviewed part"))
    status: ReviewStatus = ItemField(default=ReviewStatus.PENDING, title=N_("Verdict"))
    comment: str = ItemField(default="", max_length=MAX_RICH_TEXT, title=N_("Comment"))
    action_plan_comment: str = ItemField(
        default="", max_length=MAX_RICH_TEXT, title=N_("Action for the plan")
    )
    person_in_charge: str = ItemField(default="", max_length=300, title=N_("Person in charge"))
    due_on: date | None = ItemField(default=None, title=N_("Due date"))
    reviewer: str = ItemField(default="", max_length=300, title=N_("Reviewer"))


class DpiaComment(_RichItem):
    """A free comment on a question or a measure, as the CNIL tool keeps them."""

    RICH_FIELDS: ClassVar[tuple[str, ...]] = ("text",)
    target: str = ItemField(min_length=1, max_length=60, title=N_("About"))
    text: str = ItemField(min_length=1, max_length=MAX_RICH_TEXT, title=N_("Comment"))
    author: str = ItemField(default="", max_length=300, title=N_("Author"))
    written_at: str = ItemField(default="", max_length=40, title=N_("Written at"))


class Dpia(Record, table=True):
    __tablename__ = "dpia"

    reference: str = Field(max_length=40, sa_column_kwargs={"unique": True})
    title: str = Field(max_length=300)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    activity_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    status: str = Field(default=DpiaStatus.DRAFT.value, max_length=30, index=True)
    matrix: str = Field(default=MatrixKind.CNIL_4X4.value, max_length=20)
    author: str | None = Field(default=None, max_length=300)
    reviewer: str | None = Field(default=None, max_length=300)
    validator: str | None = Field(default=None, max_length=300)
    answers: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    risks: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    measures: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    reviews: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    comments: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    dpo_names: str | None = Field(default=None, max_length=300)
    dpo_opinion: str | None = Field(default=None, sa_type=sa.Text)
    dpo_status: str | None = Field(default=None, max_length=20)
    people_views_sought: bool = Field(default=False)
    people_names: str | None = Field(default=None, max_length=300)
    people_views: str | None = Field(default=None, sa_type=sa.Text)
    people_views_status: str | None = Field(default=None, max_length=20)
    people_not_sought_reason: str | None = Field(default=None, sa_type=sa.Text)
    decision_conditions: str | None = Field(default=None, sa_type=sa.Text)
    rejection_reason: str | None = Field(default=None, sa_type=sa.Text)
    applied_adjustments: str | None = Field(default=None, sa_type=sa.Text)
    decided_by: str | None = Field(default=None, max_length=300)
    decided_on: date | None = None
    category: str | None = Field(default=None, max_length=300)
    next_review: date | None = None


class DpiaVersion(Record, table=True):
    """A frozen, approved version of a DPIA: its values and register facts at approval."""

    __tablename__ = "dpia_version"

    dpia_id: int = Field(foreign_key="dpia.id", index=True)
    number: int
    frozen_at: datetime = Field(sa_type=UtcDateTime)
    frozen_by: str = Field(max_length=200)
    status: str = Field(max_length=30)
    content_hash: str = Field(max_length=64)
    snapshot: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)


_GENERAL = N_("General")
_ANALYSIS = N_("Analysis")
_VALIDATION = N_("Validation")


def _rich(name: str, label: str, group: str, help_text: str = "") -> FieldSpec:
    return FieldSpec(
        name, label, FieldKind.RICH_TEXT, max_length=MAX_RICH_TEXT, group=group, help=help_text
    )


def _items(name: str, label: str, model: type[Item], limit: int) -> FieldSpec:
    return FieldSpec(
        name, label, FieldKind.ITEMS, item_model=model, max_items=limit, group=_ANALYSIS
    )


DPIA_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in [
        FieldSpec(
            "reference", N_("Reference"), required=True, max_length=40, unique=True, group=_GENERAL
        ),
        FieldSpec("title", N_("Title"), required=True, group=_GENERAL),
        FieldSpec(
            "organisation_id",
            N_("Controller"),
            FieldKind.REFERENCE,
            required=True,
            reference="organisation",
            group=_GENERAL,
        ),
        FieldSpec(
            "activity_ids",
            N_("Processing activities"),
            FieldKind.REFERENCES,
            reference="processing_activity",
            max_items=50,
            group=_GENERAL,
            help=N_("One DPIA may cover several similar processing operations (Art. 35(1))."),
        ),
        FieldSpec(
            "status",
            N_("Status"),
            FieldKind.CHOICE,
            required=True,
            choices=DpiaStatus,
            choice_labels=DPIA_STATUS_LABELS,
            max_length=30,
            group=_GENERAL,
        ),
        FieldSpec(
            "matrix",
            N_("Risk matrix"),
            FieldKind.CHOICE,
            required=True,
            choices=MatrixKind,
            choice_labels=MATRIX_LABELS,
            group=_GENERAL,
        ),
        FieldSpec("author", N_("Author"), group=_GENERAL),
        FieldSpec("reviewer", N_("Reviewer"), group=_GENERAL),
        FieldSpec("validator", N_("Validator"), group=_GENERAL),
        _items("answers", N_("Answers"), DpiaAnswer, 100),
        _items("risks", N_("Risks"), DpiaRisk, 100),
        _items("measures", N_("Measures"), DpiaMeasure, 300),
        _items("reviews", N_("Reviews"), DpiaReview, 500),
        _items("comments", N_("Comments"), DpiaComment, 500),
        FieldSpec("dpo_names", N_("Data protection officer"), group=_VALIDATION),
        _rich("dpo_opinion", N_("DPO's opinion"), _VALIDATION, N_("Art. 35(2)")),
        FieldSpec(
            "dpo_status",
            N_("DPO's conclusion"),
            FieldKind.CHOICE,
            choices=Opinion,
            choice_labels=OPINION_LABELS,
            group=_VALIDATION,
        ),
        FieldSpec(
            "people_views_sought",
            N_("Views of the people concerned sought"),
            FieldKind.BOOL,
            group=_VALIDATION,
            help=N_("Where appropriate, seek the views of the people concerned (Art. 35(9))."),
        ),
        FieldSpec("people_names", N_("Whose views were sought"), group=_VALIDATION),
        _rich("people_views", N_("Their views"), _VALIDATION),
        FieldSpec(
            "people_views_status",
            N_("Their conclusion"),
            FieldKind.CHOICE,
            choices=Opinion,
            choice_labels=OPINION_LABELS,
            group=_VALIDATION,
        ),
        _rich("people_not_sought_reason", N_("Why their views were not sought"), _VALIDATION),
        _rich("decision_conditions", N_("Conditions of the approval"), _VALIDATION),
        _rich("rejection_reason", N_("Why it was refused"), _VALIDATION),
        _rich("applied_adjustments", N_("Adjustments made"), _VALIDATION),
        FieldSpec("decided_by", N_("Decided by"), group=_VALIDATION),
        FieldSpec("decided_on", N_("Decided on"), FieldKind.DATE, group=_VALIDATION),
        FieldSpec("category", N_("Category"), group=_GENERAL),
        FieldSpec("next_review", N_("Next review"), FieldKind.DATE, group=_VALIDATION),
    ]
}


def check_dpia(values: Any) -> list[FieldError]:
    """Rules across fields: a decision is dated and signed; a refusal says why; approval
    with conditions names them; measures and risks point at each other by key."""
    problems: list[FieldError] = []

    def problem(name: str, message: str) -> None:
        problems.append(FieldError(name, _(DPIA_FIELDS[name].label), message))

    status = values.get("status")
    if status in DECISIONS and not values.get("decided_on"):
        problem("decided_on", _("a decision needs its date"))
    if status == DpiaStatus.REFUSED and not values.get("rejection_reason"):
        problem("rejection_reason", _("say why the DPIA was refused"))
    if status == DpiaStatus.APPROVED_WITH_CONDITIONS and not values.get("decision_conditions"):
        problem("decision_conditions", _("name the conditions of the approval"))
    grid = matrix(values.get("matrix"))
    high = [
        risk.get("title") or _(FEARED_EVENT_LABELS.get(risk.get("event"), ""))
        for risk in values.get("risks") or []
        if grid.level(
            int(risk.get("residual_severity") or 0), int(risk.get("residual_likelihood") or 0)
        )
        is RiskLevel.HIGH
    ]
    if status in (DpiaStatus.APPROVED, DpiaStatus.APPROVED_WITH_CONDITIONS) and high:
        problem(
            "status",
            _(
                "a high residual risk remains ({risks}): reduce it, or consult the supervisory "
                "authority before processing (Art. 36)"
            ).format(risks=", ".join(high)),
        )
    measure_keys = {m.get("key") for m in values.get("measures") or []}
    size = grid.size
    for position, risk in enumerate(values.get("risks") or [], start=1):
        unknown = [k for k in risk.get("measure_keys") or [] if k not in measure_keys]
        if unknown:
            problem(
                "risks",
                _("entry {position}: measure “{key}” is not one of this DPIA's measures").format(
                    position=position, key=unknown[0]
                ),
            )
        ratings = [v for k, v in risk.items() if k.endswith(("_severity", "_likelihood"))]
        if any(int(v or 0) > size for v in ratings):
            problem(
                "risks",
                _("entry {position}: ratings go from 1 to {size} on this matrix").format(
                    position=position, size=size
                ),
            )
    return problems


VERSION_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in [
        FieldSpec("dpia_id", N_("DPIA"), FieldKind.REFERENCE, required=True, reference="dpia"),
        FieldSpec("number", N_("Version"), FieldKind.COUNT, required=True),
        FieldSpec("frozen_at", N_("Frozen at"), FieldKind.DATETIME, required=True),
        FieldSpec("frozen_by", N_("Frozen by"), required=True, max_length=200),
        FieldSpec(
            "status",
            N_("Decision"),
            FieldKind.CHOICE,
            required=True,
            choices=DpiaStatus,
            choice_labels=DPIA_STATUS_LABELS,
            max_length=30,
        ),
        FieldSpec("content_hash", N_("Content hash"), required=True, max_length=64),
        FieldSpec("snapshot", N_("Content"), FieldKind.DOCUMENT),
    ]
}
