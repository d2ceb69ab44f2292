"""The suggested risk level of a breach: each factor, how they add up, the encryption
exception, and the reasons given for each."""

from __future__ import annotations

from typing import Any

import pytest

from app.domain.breach import RiskLevel
from app.domain.breach_risk import LARGE_SCALE, suggest_risk

ENCRYPTED = (
    "The data was securely encrypted, so whoever got it cannot read it; "
    "a risk is unlikely if the key was not compromised (Art. 34(3)(a))."
)
SPECIAL = (
    "Special-category or criminal-offence data is involved: harm to the "
    "people is more likely and more serious."
)
VULNERABLE = "Vulnerable people (children, patients, employees…) are affected."
DISCLOSED = "Data was disclosed or accessed: it cannot be taken back."
LOST = "Data was lost or unavailable; consider how long and whether a backup restored it."
HIGH = (
    "Together these suggest a high risk: notify the authority and tell the "
    "people affected (Arts. 33 and 34)."
)
RISK = (
    "A risk to people's rights cannot be ruled out: notify the authority within 72 hours (Art. 33)."
)
NONE = (
    "Nothing recorded so far points to a risk; record why if you decide not to notify (Art. 33(5))."
)


def test_nothing_recorded_suggests_no_risk_and_asks_for_the_reasoning() -> None:
    suggestion = suggest_risk({})
    assert suggestion.level is RiskLevel.NONE
    assert suggestion.reasons == [NONE]


def test_a_disclosure_alone_is_a_risk_to_notify() -> None:
    suggestion = suggest_risk({"types": ["confidentiality"], "approx_subjects": 120})
    assert suggestion.level is RiskLevel.RISK
    assert suggestion.reasons == [DISCLOSED, RISK]


def test_special_category_data_weighs_double() -> None:
    alone = suggest_risk({"special_or_criminal": True})
    assert alone.level is RiskLevel.RISK
    assert alone.reasons == [SPECIAL, RISK]
    disclosed = suggest_risk({"special_or_criminal": True, "types": ["confidentiality"]})
    assert disclosed.level is RiskLevel.HIGH
    assert disclosed.reasons == [SPECIAL, DISCLOSED, HIGH]


@pytest.mark.parametrize(
    ("subjects", "counted"), [(LARGE_SCALE - 1, False), (LARGE_SCALE, True), (250_000, True)]
)
def test_a_large_number_of_people_counts_from_the_threshold(subjects: int, counted: bool) -> None:
    suggestion = suggest_risk({"approx_subjects": subjects, "types": ["integrity"]})
    large = f"About {subjects} people are affected: a large number."
    assert (large in suggestion.reasons) is counted
    assert suggestion.level is RiskLevel.RISK


def test_vulnerable_people_count() -> None:
    suggestion = suggest_risk({"vulnerable_people": True})
    assert suggestion.level is RiskLevel.RISK
    assert suggestion.reasons == [VULNERABLE, RISK]


def test_the_factors_add_up_to_a_high_risk() -> None:
    values = {"types": ["confidentiality"], "approx_subjects": 5000, "vulnerable_people": True}
    suggestion = suggest_risk(values)
    assert suggestion.level is RiskLevel.HIGH
    assert suggestion.reasons == [
        "About 5000 people are affected: a large number.",
        VULNERABLE,
        DISCLOSED,
        HIGH,
    ]
    # Two factors are not enough.
    del values["vulnerable_people"]
    assert suggest_risk(values).level is RiskLevel.RISK


def test_a_loss_alone_asks_about_backups() -> None:
    suggestion = suggest_risk({"types": ["availability"]})
    assert suggestion.level is RiskLevel.RISK
    assert suggestion.reasons == [LOST, RISK]
    # With other reasons given, the backup hint is not repeated.
    with_people = suggest_risk({"types": ["availability"], "vulnerable_people": True})
    assert LOST not in with_people.reasons


def test_an_alteration_alone_is_still_a_risk() -> None:
    suggestion = suggest_risk({"types": ["integrity"]})
    assert suggestion.level is RiskLevel.RISK
    assert suggestion.reasons == [RISK]


@pytest.mark.parametrize(
    "values",
    [
        {"types": ["confidentiality"]},
        {"types": []},
        # Encryption makes even sensitive data of many people unintelligible (Art. 34(3)(a)).
        {
            "types": ["confidentiality"],
            "special_or_criminal": True,
            "approx_subjects": 100_000,
            "vulnerable_people": True,
        },
    ],
)
def test_encrypted_data_that_was_only_disclosed_is_unlikely_to_be_a_risk(
    values: dict[str, Any],
) -> None:
    suggestion = suggest_risk({**values, "encrypted": True})
    assert suggestion.level is RiskLevel.NONE
    assert suggestion.reasons == [ENCRYPTED]


@pytest.mark.parametrize(
    ("types", "level"),
    [(["availability"], RiskLevel.RISK), (["confidentiality", "integrity"], RiskLevel.RISK)],
)
def test_encryption_does_not_help_when_data_was_lost_or_altered(
    types: list[str], level: RiskLevel
) -> None:
    # Encryption keeps data secret; it does not bring back a lost copy or undo a change.
    suggestion = suggest_risk({"types": types, "encrypted": True})
    assert suggestion.level is level
    assert ENCRYPTED not in suggestion.reasons


def test_encrypted_data_lost_without_a_backup_is_not_counted_as_disclosed() -> None:
    suggestion = suggest_risk(
        {
            "types": ["confidentiality", "availability"],
            "encrypted": True,
            "special_or_criminal": True,
        }
    )
    assert DISCLOSED not in suggestion.reasons
    assert suggestion.level is not RiskLevel.HIGH
