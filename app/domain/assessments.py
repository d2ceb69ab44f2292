"""The smaller assessments linked to a processing activity:

- its DPIA screening (Art. 35(1), (3), (4) and the WP248 criteria) with the decision taken;
- a legitimate-interests assessment (LIA) for a purpose on Art. 6(1)(f): purpose, necessity
  and balancing tests;
- a transfer impact assessment (TIA) for a transfer on SCCs or BCRs: the six steps of the
  EDPB's Recommendations 01/2020.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field

from app.domain.base import Record
from app.domain.fields import FieldKind, FieldSpec
from app.domain.screening import WP248_LABELS, Wp248Criterion, screen
from app.errors import FieldError
from app.i18n import N_, _


class Art353Case(StrEnum):
    PROFILING_DECISIONS = "a"
    LARGE_SCALE_SPECIAL = "b"
    PUBLIC_MONITORING = "c"


ART35_3_LABELS = {
    Art353Case.PROFILING_DECISIONS: N_(
        "Systematic and extensive evaluation of people, including profiling, with decisions "
        "that have legal or similarly significant effects (Art. 35(3)(a))"
    ),
    Art353Case.LARGE_SCALE_SPECIAL: N_(
        "Large-scale processing of special-category or criminal-offence data (Art. 35(3)(b))"
    ),
    Art353Case.PUBLIC_MONITORING: N_(
        "Large-scale systematic monitoring of a publicly accessible area (Art. 35(3)(c))"
    ),
}


class ScreeningDecision(StrEnum):
    UNDECIDED = "undecided"
    CARRY_OUT = "carry_out"
    NOT_NEEDED = "not_needed"


SCREENING_DECISION_LABELS = {
    ScreeningDecision.UNDECIDED: N_("Not decided yet"),
    ScreeningDecision.CARRY_OUT: N_("Carry out a DPIA"),
    ScreeningDecision.NOT_NEEDED: N_("No DPIA"),
}


class ActivityScreening(Record, table=True):
    __tablename__ = "activity_screening"

    activity_id: int = Field(
        foreign_key="processing_activity.id", sa_column_kwargs={"unique": True}
    )
    criteria: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    art35_3: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    authority_entries: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    decision: str = Field(default=ScreeningDecision.UNDECIDED.value, max_length=20)
    justification: str | None = Field(default=None, max_length=5000)
    dpia_id: int | None = Field(default=None, foreign_key="dpia.id")
    screened_on: date | None = None
    screened_by: str | None = Field(default=None, max_length=300)


SCREENING_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in [
        FieldSpec(
            "activity_id",
            N_("Processing activity"),
            FieldKind.REFERENCE,
            required=True,
            reference="processing_activity",
            unique=True,
        ),
        FieldSpec(
            "criteria",
            N_("WP248 criteria that apply"),
            FieldKind.CHOICES,
            choices=Wp248Criterion,
            choice_labels=WP248_LABELS,
        ),
        FieldSpec(
            "art35_3",
            N_("Art. 35(3) cases that apply"),
            FieldKind.CHOICES,
            choices=Art353Case,
            choice_labels=ART35_3_LABELS,
        ),
        FieldSpec(
            "authority_entries",
            N_("On the authority's list"),
            FieldKind.TEXT_LIST,
            max_items=30,
            help=N_("Entries of the lead authority's list of processing that needs a DPIA."),
        ),
        FieldSpec(
            "decision",
            N_("Decision"),
            FieldKind.CHOICE,
            required=True,
            choices=ScreeningDecision,
            choice_labels=SCREENING_DECISION_LABELS,
        ),
        FieldSpec(
            "justification",
            N_("Justification"),
            FieldKind.MULTILINE,
            max_length=5000,
            help=N_("Required when deciding against a DPIA although two or more criteria apply."),
        ),
        FieldSpec("dpia_id", N_("DPIA"), FieldKind.REFERENCE, reference="dpia"),
        FieldSpec("screened_on", N_("Screened on"), FieldKind.DATE),
        FieldSpec("screened_by", N_("Screened by")),
    ]
}


def check_screening(values: Mapping[str, Any]) -> list[FieldError]:
    if values.get("decision") != ScreeningDecision.NOT_NEEDED:
        return []
    label = _(SCREENING_FIELDS["justification"].label)
    if values.get("art35_3"):
        return [
            FieldError(
                "decision",
                _(SCREENING_FIELDS["decision"].label),
                _("an Art. 35(3) case applies: a DPIA is mandatory"),
            )
        ]
    result = screen(values.get("criteria") or [])
    if result.needs_justification and not str(values.get("justification") or "").strip():
        return [
            FieldError(
                "justification",
                label,
                _("two or more criteria apply: write why no DPIA is carried out"),
            )
        ]
    return []


class AssessmentOutcome(StrEnum):
    PASSES = "passes"
    PASSES_WITH_SAFEGUARDS = "passes_with_safeguards"
    FAILS = "fails"


LIA_OUTCOME_LABELS = {
    AssessmentOutcome.PASSES: N_("The interest can be relied on"),
    AssessmentOutcome.PASSES_WITH_SAFEGUARDS: N_("It can be relied on with the safeguards listed"),
    AssessmentOutcome.FAILS: N_("It cannot be relied on: choose another basis or stop"),
}

TIA_OUTCOME_LABELS = {
    AssessmentOutcome.PASSES: N_("The transfer tool is effective as it is"),
    AssessmentOutcome.PASSES_WITH_SAFEGUARDS: N_("Effective with the supplementary measures"),
    AssessmentOutcome.FAILS: N_("Not effective: do not transfer, or suspend"),
}


class LegitimateInterestAssessment(Record, table=True):
    __tablename__ = "lia"

    activity_id: int = Field(foreign_key="processing_activity.id", index=True)
    purpose_key: str = Field(max_length=20)
    interest: str | None = Field(default=None, max_length=5000)
    benefits: str | None = Field(default=None, max_length=5000)
    necessity: str | None = Field(default=None, max_length=5000)
    less_intrusive: str | None = Field(default=None, max_length=5000)
    data_nature: str | None = Field(default=None, max_length=5000)
    expectations: str | None = Field(default=None, max_length=5000)
    impact: str | None = Field(default=None, max_length=5000)
    safeguards: str | None = Field(default=None, max_length=5000)
    outcome: str | None = Field(default=None, max_length=30)
    assessed_on: date | None = None
    assessed_by: str | None = Field(default=None, max_length=300)
    next_review: date | None = None


def _text(name: str, label: str, help_text: str, group: str) -> FieldSpec:
    return FieldSpec(name, label, FieldKind.MULTILINE, max_length=5000, help=help_text, group=group)


_PURPOSE_TEST = N_("1. Purpose test")
_NECESSITY_TEST = N_("2. Necessity test")
_BALANCING_TEST = N_("3. Balancing test")
_CONCLUSION = N_("Conclusion")

LIA_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in [
        FieldSpec(
            "activity_id",
            N_("Processing activity"),
            FieldKind.REFERENCE,
            required=True,
            reference="processing_activity",
        ),
        FieldSpec(
            "purpose_key",
            N_("Purpose"),
            required=True,
            max_length=20,
            help=N_("The purpose of the activity that relies on legitimate interests."),
        ),
        _text(
            "interest",
            N_("What interest is pursued?"),
            N_("Yours or a third party's; it must be lawful, clear and real, not speculative."),
            _PURPOSE_TEST,
        ),
        _text(
            "benefits",
            N_("Who benefits, and how much?"),
            N_("For you, for third parties, for the people concerned or society."),
            _PURPOSE_TEST,
        ),
        _text(
            "necessity",
            N_("Is the processing necessary for that interest?"),
            N_("Does it actually help achieve it, and is it proportionate?"),
            _NECESSITY_TEST,
        ),
        _text(
            "less_intrusive",
            N_("Is there a less intrusive way?"),
            N_("Could you reach the same result with less data or another method?"),
            _NECESSITY_TEST,
        ),
        _text(
            "data_nature",
            N_("How sensitive is the data?"),
            N_("Special categories, children's data, financial or private data weigh more."),
            _BALANCING_TEST,
        ),
        _text(
            "expectations",
            N_("Would people reasonably expect it?"),
            N_("Given your relationship with them and what you told them."),
            _BALANCING_TEST,
        ),
        _text(
            "impact",
            N_("What could it do to people?"),
            N_("Possible harm, loss of control, and whether they can object."),
            _BALANCING_TEST,
        ),
        _text(
            "safeguards",
            N_("Which safeguards reduce the impact?"),
            N_("Opt-out, minimisation, pseudonymisation, short retention, transparency."),
            _BALANCING_TEST,
        ),
        FieldSpec(
            "outcome",
            N_("Outcome"),
            FieldKind.CHOICE,
            choices=AssessmentOutcome,
            choice_labels=LIA_OUTCOME_LABELS,
            group=_CONCLUSION,
        ),
        FieldSpec("assessed_on", N_("Assessed on"), FieldKind.DATE, group=_CONCLUSION),
        FieldSpec("assessed_by", N_("Assessed by"), group=_CONCLUSION),
        FieldSpec("next_review", N_("Next review"), FieldKind.DATE, group=_CONCLUSION),
    ]
}


class TransferImpactAssessment(Record, table=True):
    __tablename__ = "tia"

    activity_id: int = Field(foreign_key="processing_activity.id", index=True)
    destination: str = Field(max_length=300)
    importer: str | None = Field(default=None, max_length=300)
    transfer_map: str | None = Field(default=None, max_length=5000)
    transfer_tool: str | None = Field(default=None, max_length=5000)
    law_and_practice: str | None = Field(default=None, max_length=5000)
    supplementary_measures: str | None = Field(default=None, max_length=5000)
    procedural_steps: str | None = Field(default=None, max_length=5000)
    reevaluation: str | None = Field(default=None, max_length=5000)
    outcome: str | None = Field(default=None, max_length=30)
    assessed_on: date | None = None
    assessed_by: str | None = Field(default=None, max_length=300)
    next_review: date | None = None


_STEPS = N_("The six steps")

TIA_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in [
        FieldSpec(
            "activity_id",
            N_("Processing activity"),
            FieldKind.REFERENCE,
            required=True,
            reference="processing_activity",
        ),
        FieldSpec("destination", N_("Country or organisation"), required=True),
        FieldSpec("importer", N_("Importer")),
        _text(
            "transfer_map",
            N_("1. Know your transfer"),
            N_("What data goes where, to whom, how, and any onward transfers."),
            _STEPS,
        ),
        _text(
            "transfer_tool",
            N_("2. The transfer tool"),
            N_("The Art. 46 tool relied on: which SCC module, BCRs, ..."),
            _STEPS,
        ),
        _text(
            "law_and_practice",
            N_("3. The destination's law and practice"),
            N_(
                "Whether public authorities' access there could undermine the tool's "
                "protection, with the sources used."
            ),
            _STEPS,
        ),
        _text(
            "supplementary_measures",
            N_("4. Supplementary measures"),
            N_(
                "Technical, contractual or organisational measures that close the gaps, "
                "e.g. encryption with keys kept in the EEA."
            ),
            _STEPS,
        ),
        _text(
            "procedural_steps",
            N_("5. Procedural steps"),
            N_("Formal steps the measures need, e.g. amending the clauses."),
            _STEPS,
        ),
        _text(
            "reevaluation",
            N_("6. Re-evaluation"),
            N_("When and how the assessment is checked again."),
            _STEPS,
        ),
        FieldSpec(
            "outcome",
            N_("Outcome"),
            FieldKind.CHOICE,
            choices=AssessmentOutcome,
            choice_labels=TIA_OUTCOME_LABELS,
            group=_CONCLUSION,
        ),
        FieldSpec("assessed_on", N_("Assessed on"), FieldKind.DATE, group=_CONCLUSION),
        FieldSpec("assessed_by", N_("Assessed by"), group=_CONCLUSION),
        FieldSpec("next_review", N_("Next review"), FieldKind.DATE, group=_CONCLUSION),
    ]
}
