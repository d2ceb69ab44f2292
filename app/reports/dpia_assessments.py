"""What a DPIA report shows of the smaller assessments linked to the activities it covers:
their DPIA screenings (why the DPIA is carried out), their legitimate-interests assessments and
their transfer impact assessments, and the ones that are missing (a purpose on legitimate
interests without an LIA, a transfer on clauses or binding rules without a TIA).

The records are read directly, in one session: the report needs only their text and outcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import col, select

from app.domain import ActivityScreening, ProcessingActivity
from app.domain.assessments import (
    ART35_3_LABELS,
    LIA_OUTCOME_LABELS,
    SCREENING_DECISION_LABELS,
    TIA_OUTCOME_LABELS,
    Art353Case,
    LegitimateInterestAssessment,
    TransferImpactAssessment,
)
from app.domain.countries import country_name
from app.domain.legal_bases import LegalBasis
from app.domain.register_items import TRANSFER_MECHANISM_LABELS, TransferMechanism
from app.domain.screening import SCREENING_OUTCOME_LABELS, WP248_LABELS, Wp248Criterion, screen
from app.i18n import _
from app.reports.register_entries import choice_label
from app.services.screenings import authority_list
from app.storage.workspace import Workspace

# Transfers on these tools need a transfer impact assessment (EDPB Recommendations 01/2020).
TIA_MECHANISMS = {TransferMechanism.SCC.value, TransferMechanism.BCR.value}


def _destination(code: str | None) -> str:
    text = str(code or "")
    return country_name(text) or text if len(text) == 2 else text


def assessments_context(
    workspace: Workspace, activity_ids: Sequence[int], country: str | None
) -> dict[str, Any]:
    """Screenings, LIAs, TIAs and the gaps, for the activities in `activity_ids`; `country` is
    the controller's, whose authority's list the screenings refer to."""
    ids = list(activity_ids)
    with workspace.session() as session:
        activities = {
            a.id: a
            for a in session.exec(
                select(ProcessingActivity).where(col(ProcessingActivity.id).in_(ids))
            )
        }
        screenings = {
            s.activity_id: s
            for s in session.exec(
                select(ActivityScreening).where(col(ActivityScreening.activity_id).in_(ids))
            )
        }
        lias = list(
            session.exec(
                select(LegitimateInterestAssessment)
                .where(col(LegitimateInterestAssessment.activity_id).in_(ids))
                .order_by(col(LegitimateInterestAssessment.id))
            )
        )
        tias = list(
            session.exec(
                select(TransferImpactAssessment)
                .where(col(TransferImpactAssessment.activity_id).in_(ids))
                .order_by(col(TransferImpactAssessment.id))
            )
        )
        ordered = [activities[i] for i in ids if i in activities]
        _authority, entries = authority_list(country)
        by_key = {entry.key: entry.text for entry in entries}
        result = {
            "screenings": [
                _screening(activity, screenings.get(activity.id or 0), by_key)
                for activity in ordered
            ],
            "lias": [_lia(lia, activities.get(lia.activity_id)) for lia in lias],
            "tias": [_tia(tia, activities.get(tia.activity_id)) for tia in tias],
            "gaps": _gaps(ordered, lias, tias),
        }
    return result


def _screening(
    activity: ProcessingActivity, record: ActivityScreening | None, entries: dict[str, str]
) -> dict[str, Any]:
    base = {"reference": activity.reference, "name": activity.name}
    if record is None:
        return {**base, "screened": False}
    cases = [
        _(ART35_3_LABELS[Art353Case(case)])
        for case in record.art35_3 or []
        if case in {member.value for member in Art353Case}
    ]
    result = screen(
        record.criteria or [],
        art35_3=cases,
        authority_list=[entries.get(k, k) for k in record.authority_entries or []],
    )
    return {
        **base,
        "screened": True,
        "outcome_label": _(SCREENING_OUTCOME_LABELS[result.outcome]),
        "outcome": result.outcome.value,
        "reasons": list(result.reasons),
        "criteria": [_(WP248_LABELS[Wp248Criterion(c)]) for c in result.criteria],
        "decision_label": choice_label(SCREENING_DECISION_LABELS, record.decision),
        "justification": record.justification or "",
        "screened_on": record.screened_on,
        "screened_by": record.screened_by or "",
    }


def _purpose_text(activity: ProcessingActivity | None, key: str) -> str:
    for purpose in (activity.purposes if activity else None) or []:
        if purpose.get("key") == key:
            return str(purpose.get("purpose") or key)
    return key


def _lia(lia: LegitimateInterestAssessment, activity: ProcessingActivity | None) -> dict[str, Any]:
    return {
        "reference": activity.reference if activity else "",
        "purpose": _purpose_text(activity, lia.purpose_key),
        "purpose_test": [lia.interest, lia.benefits],
        "necessity_test": [lia.necessity, lia.less_intrusive],
        "balancing_test": [lia.data_nature, lia.expectations, lia.impact, lia.safeguards],
        "outcome": lia.outcome or "",
        "outcome_label": choice_label(LIA_OUTCOME_LABELS, lia.outcome) if lia.outcome else "",
        "assessed_on": lia.assessed_on,
        "assessed_by": lia.assessed_by or "",
        "next_review": lia.next_review,
    }


def _tia(tia: TransferImpactAssessment, activity: ProcessingActivity | None) -> dict[str, Any]:
    return {
        "reference": activity.reference if activity else "",
        "destination": _destination(tia.destination),
        "importer": tia.importer or "",
        "steps": [
            (_("1. Know your transfer"), tia.transfer_map),
            (_("2. The transfer tool"), tia.transfer_tool),
            (_("3. The destination's law and practice"), tia.law_and_practice),
            (_("4. Supplementary measures"), tia.supplementary_measures),
            (_("5. Procedural steps"), tia.procedural_steps),
            (_("6. Re-evaluation"), tia.reevaluation),
        ],
        "outcome": tia.outcome or "",
        "outcome_label": choice_label(TIA_OUTCOME_LABELS, tia.outcome) if tia.outcome else "",
        "assessed_on": tia.assessed_on,
        "assessed_by": tia.assessed_by or "",
        "next_review": tia.next_review,
    }


def _gaps(
    activities: list[ProcessingActivity],
    lias: list[LegitimateInterestAssessment],
    tias: list[TransferImpactAssessment],
) -> list[str]:
    assessed_purposes = {(lia.activity_id, lia.purpose_key) for lia in lias}
    assessed_destinations = {(tia.activity_id, str(tia.destination).upper()) for tia in tias}
    gaps = []
    for activity in activities:
        for purpose in activity.purposes or []:
            if purpose.get("basis") == LegalBasis.LEGITIMATE_INTERESTS.value and (
                (activity.id, purpose.get("key")) not in assessed_purposes
            ):
                gaps.append(
                    _("{reference}: no legitimate-interests assessment for “{purpose}”").format(
                        reference=activity.reference, purpose=purpose.get("purpose", "")
                    )
                )
        for transfer in activity.transfers or []:
            destination = str(transfer.get("destination") or "")
            if transfer.get("mechanism") in TIA_MECHANISMS and (
                (activity.id, destination.upper()) not in assessed_destinations
            ):
                gaps.append(
                    _(
                        "{reference}: no transfer impact assessment for {destination} ({tool})"
                    ).format(
                        reference=activity.reference,
                        destination=_destination(destination),
                        tool=choice_label(TRANSFER_MECHANISM_LABELS, transfer.get("mechanism")),
                    )
                )
    return gaps
