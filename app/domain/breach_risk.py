"""A suggested risk level for a breach, from its facts, with the reasons (EDPB Guidelines
9/2022 and 01/2021 name these factors). The user decides; the suggestion explains itself."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.breach import BreachType, RiskLevel
from app.i18n import _

LARGE_SCALE = 1000


@dataclass(frozen=True)
class RiskSuggestion:
    level: RiskLevel
    reasons: list[str]


def suggest_risk(values: Mapping[str, Any]) -> RiskSuggestion:
    """Severity rises with sensitive data, volume and vulnerable people; it falls when the data
    was securely encrypted (unintelligible to whoever got it)."""
    reasons: list[str] = []
    score = 0
    types = set(values.get("types") or [])
    encrypted = bool(values.get("encrypted"))
    if encrypted and types <= {BreachType.CONFIDENTIALITY.value}:
        reasons.append(
            _(
                "The data was securely encrypted, so whoever got it cannot read it; "
                "a risk is unlikely if the key was not compromised (Art. 34(3)(a))."
            )
        )
        return RiskSuggestion(RiskLevel.NONE, reasons)
    if encrypted:
        # Encryption keeps data secret; it does not bring back lost or altered data.
        types.discard(BreachType.CONFIDENTIALITY.value)
        reasons.append(
            _("The data was encrypted, which rules out disclosure, but not its loss or alteration.")
        )
    if values.get("special_or_criminal"):
        score += 2
        reasons.append(
            _(
                "Special-category or criminal-offence data is involved: harm to the "
                "people is more likely and more serious."
            )
        )
    subjects = values.get("approx_subjects") or 0
    if subjects >= LARGE_SCALE:
        score += 1
        reasons.append(
            _("About {count} people are affected: a large number.").format(count=subjects)
        )
    if values.get("vulnerable_people"):
        score += 1
        reasons.append(_("Vulnerable people (children, patients, employees…) are affected."))
    if BreachType.CONFIDENTIALITY.value in types:
        score += 1
        reasons.append(_("Data was disclosed or accessed: it cannot be taken back."))
    if BreachType.AVAILABILITY.value in types and not reasons:
        reasons.append(
            _("Data was lost or unavailable; consider how long and whether a backup restored it.")
        )
    if score >= 3:
        level = RiskLevel.HIGH
        conclusion = _(
            "Together these suggest a high risk: notify the authority and tell the "
            "people affected (Arts. 33 and 34)."
        )
    elif score >= 1 or types:
        level = RiskLevel.RISK
        conclusion = _(
            "A risk to people's rights cannot be ruled out: notify the authority "
            "within 72 hours (Art. 33)."
        )
    else:
        level = RiskLevel.NONE
        conclusion = _(
            "Nothing recorded so far points to a risk; record why if you decide not "
            "to notify (Art. 33(5))."
        )
    return RiskSuggestion(level, [*reasons, conclusion])
