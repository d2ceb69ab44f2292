"""The inline checks of an activity: for each, a record that trips it and one that does not,
and the rule the finding names."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from app.domain.activity_checks import Finding, Severity, activity_findings

TODAY = date(2026, 11, 29)


def _purpose(key: str = "p1", basis: str = "6.1.b", **extra: Any) -> dict[str, Any]:
    return {"key": key, "purpose": f"Purpose {key}", "basis": basis, **extra}


def _category(name: str = "Contact details", keys: tuple[str, ...] = ("p1",), **extra: Any):
    return {"category": name, "purpose_keys": list(keys), "retention_period": "3 years", **extra}


def _clean() -> dict[str, Any]:
    """An activity that the checks have nothing to say about."""
    return {
        "purposes": [_purpose()],
        "data_subjects": ["Customers"],
        "data_categories": [_category()],
        "transfers": [],
        "security_measures": ["Least privilege"],
        "last_review": TODAY - timedelta(days=30),
        "next_review": TODAY + timedelta(days=335),
    }


def _with(**changes: Any) -> dict[str, Any]:
    return {**_clean(), **changes}


def _findings(values: dict[str, Any]) -> list[Finding]:
    return activity_findings(values, TODAY)


def _only(values: dict[str, Any]) -> Finding:
    findings = _findings(values)
    assert len(findings) == 1, findings
    return findings[0]


def test_a_complete_activity_has_no_findings() -> None:
    assert _findings(_clean()) == []


# -- purposes and legal bases ---------------------------------------------------------------


def test_an_activity_needs_a_purpose() -> None:
    finding = _only(_with(purposes=[]))
    assert (finding.field, finding.severity, finding.rule) == (
        "purposes",
        Severity.ERROR,
        "Art. 30(1)(b), Art. 5(1)(b)",
    )
    assert _findings(_with(purposes=[_purpose()])) == []


@pytest.mark.parametrize("basis", ["6.1.c", "6.1.e"])
def test_a_basis_resting_on_law_needs_the_law_named(basis: str) -> None:
    finding = _only(_with(purposes=[_purpose(basis=basis)]))
    assert (finding.field, finding.severity, finding.rule) == (
        "purposes",
        Severity.WARNING,
        "Art. 6(3)",
    )
    assert "Purpose p1" in finding.message
    assert (
        _findings(_with(purposes=[_purpose(basis=basis, basis_reference="Code du travail")])) == []
    )


def test_legitimate_interests_need_the_interest_stated() -> None:
    finding = _only(_with(purposes=[_purpose(basis="6.1.f")]))
    assert (finding.severity, finding.rule) == (Severity.WARNING, "Art. 6(1)(f), Art. 13(1)(d)")
    stated = _purpose(basis="6.1.f", legitimate_interest="Preventing payment fraud")
    assert _findings(_with(purposes=[stated])) == []


def test_a_purpose_without_a_name_is_named_by_its_position() -> None:
    nameless = {"key": "p1", "purpose": "", "basis": "6.1.c"}
    assert "#1" in _only(_with(purposes=[nameless])).message


# -- people and data ------------------------------------------------------------------------


def test_the_people_concerned_must_be_named() -> None:
    finding = _only(_with(data_subjects=[]))
    assert (finding.field, finding.severity, finding.rule) == (
        "data_subjects",
        Severity.WARNING,
        "Art. 30(1)(c)",
    )


def test_the_data_categories_must_be_listed() -> None:
    finding = _only(_with(data_categories=[]))
    assert (finding.field, finding.severity, finding.rule) == (
        "data_categories",
        Severity.WARNING,
        "Art. 30(1)(c)",
    )


def test_special_category_data_needs_an_art9_condition() -> None:
    health = _category("Health data", kind="special")
    finding = _only(_with(data_categories=[health]))
    assert (finding.field, finding.severity, finding.rule) == (
        "purposes",
        Severity.ERROR,
        "Art. 9(2)",
    )
    with_condition = _purpose(art9_condition="9.2.b")
    assert _findings(_with(purposes=[with_condition], data_categories=[health])) == []


def test_criminal_offence_data_needs_an_art10_authorisation() -> None:
    record = _category("Criminal convictions and offences", kind="criminal")
    finding = _only(_with(data_categories=[record]))
    assert (finding.field, finding.severity, finding.rule) == (
        "purposes",
        Severity.ERROR,
        "Art. 10",
    )
    authorised = _purpose(art10_basis="Code du travail art. L1121-1")
    assert _findings(_with(purposes=[authorised], data_categories=[record])) == []


def test_the_art9_condition_must_be_on_the_purpose_the_special_data_serves() -> None:
    values = _with(
        purposes=[_purpose("pay"), _purpose("sick", art9_condition="9.2.b")],
        data_categories=[
            _category("Contact details", ("pay", "sick")),
            _category("Health data", ("pay",), kind="special"),
        ],
    )
    assert any(finding.rule == "Art. 9(2)" for finding in _findings(values))


@pytest.mark.parametrize("keys", [(), ("gone",)])
def test_a_category_must_serve_a_purpose(keys: tuple[str, ...]) -> None:
    values = _with(data_categories=[_category(), _category("Postal address", keys)])
    finding = _only(values)
    assert (finding.field, finding.severity, finding.rule) == (
        "data_categories",
        Severity.WARNING,
        "Art. 5(1)(c)",
    )
    assert "Postal address" in finding.message


def test_a_purpose_that_uses_no_data_is_pointed_out() -> None:
    values = _with(purposes=[_purpose("p1"), _purpose("p2")])
    finding = _only(values)
    assert (finding.field, finding.severity, finding.rule) == (
        "purposes",
        Severity.INFO,
        "Art. 5(1)(c)",
    )
    assert "Purpose p2" in finding.message
    linked = _with(
        purposes=[_purpose("p1"), _purpose("p2")], data_categories=[_category(keys=("p1", "p2"))]
    )
    assert _findings(linked) == []


def test_each_category_needs_a_retention_period() -> None:
    finding = _only(_with(data_categories=[_category(retention_period="")]))
    assert (finding.field, finding.severity, finding.rule) == (
        "data_categories",
        Severity.WARNING,
        "Art. 30(1)(f), Art. 5(1)(e)",
    )


@pytest.mark.parametrize(
    "period",
    [
        "As long as necessary",
        "as long as needed for the relationship",
        "As long as required by the business",
        "Indefinitely",
        "unlimited",
        "Forever",
    ],
)
def test_an_open_ended_retention_period_is_pointed_out(period: str) -> None:
    finding = _only(_with(data_categories=[_category(retention_period=period)]))
    assert (finding.field, finding.severity, finding.rule) == (
        "data_categories",
        Severity.WARNING,
        "Art. 5(1)(e)",
    )
    assert period in finding.message


@pytest.mark.parametrize(
    "period",
    ["3 years", "10 years (Code de commerce art. L123-22)", "Until the end of the contract"],
)
def test_a_definite_retention_period_passes(period: str) -> None:
    assert _findings(_with(data_categories=[_category(retention_period=period)])) == []


# -- transfers ------------------------------------------------------------------------------


def _transfer(destination: str, mechanism: str, **extra: Any) -> dict[str, Any]:
    return {"destination": destination, "mechanism": mechanism, **extra}


def test_a_destination_in_the_eea_is_not_a_transfer() -> None:
    finding = _only(_with(transfers=[_transfer("DE", "scc")]))
    assert (finding.field, finding.severity, finding.rule) == (
        "transfers",
        Severity.INFO,
        "Art. 44",
    )
    assert "Germany" in finding.message
    # Iceland, Liechtenstein and Norway are in the EEA without being in the EU.
    assert _only(_with(transfers=[_transfer("NO", "adequacy")])).rule == "Art. 44"


def test_adequacy_needs_an_adequacy_decision() -> None:
    finding = _only(_with(transfers=[_transfer("IN", "adequacy")]))
    assert (finding.field, finding.severity, finding.rule) == (
        "transfers",
        Severity.ERROR,
        "Art. 45, Art. 46",
    )
    assert "India" in finding.message


@pytest.mark.parametrize("destination", ["US", "GB", "JP", "CH", "European Patent Organisation"])
def test_adequacy_to_an_adequate_destination_passes(destination: str) -> None:
    assert _findings(_with(transfers=[_transfer(destination, "adequacy")])) == []


def test_sccs_need_their_module() -> None:
    finding = _only(_with(transfers=[_transfer("IN", "scc", safeguard_document="SCC.pdf")]))
    assert (finding.severity, finding.rule) == (Severity.WARNING, "Decision (EU) 2021/914")
    complete = _transfer("IN", "scc", scc_module="2", safeguard_document="SCC.pdf")
    assert _findings(_with(transfers=[complete])) == []


def test_a_derogation_must_be_named() -> None:
    finding = _only(_with(transfers=[_transfer("TH", "derogation")]))
    assert (finding.severity, finding.rule) == (Severity.WARNING, "Art. 49(1)")
    assert _findings(_with(transfers=[_transfer("TH", "derogation", derogation="b")])) == []


@pytest.mark.parametrize(
    ("mechanism", "extra"),
    [("scc", {"scc_module": "2"}), ("bcr", {}), ("ad_hoc_clauses", {})],
)
def test_a_contractual_safeguard_needs_its_document_location(
    mechanism: str, extra: dict[str, Any]
) -> None:
    finding = _only(_with(transfers=[_transfer("IN", mechanism, **extra)]))
    assert (finding.severity, finding.rule) == (Severity.WARNING, "Art. 30(1)(e)")
    documented = _transfer("IN", mechanism, safeguard_document="Contracts/SCC.pdf", **extra)
    assert _findings(_with(transfers=[documented])) == []


# -- joint controllers, automated decisions, reviews, security ------------------------------


def test_joint_controllers_need_the_arrangement_described() -> None:
    finding = _only(_with(joint_controllers="Partner SAS"))
    assert (finding.field, finding.severity, finding.rule) == (
        "joint_arrangement",
        Severity.WARNING,
        "Art. 26(2)",
    )
    described = _with(joint_controllers="Partner SAS", joint_arrangement="We answer requests.")
    assert _findings(described) == []


def test_an_automated_decision_needs_its_logic_explained() -> None:
    finding = _only(_with(automated_decisions=True))
    assert (finding.field, finding.severity, finding.rule) == (
        "automated_logic",
        Severity.WARNING,
        "Art. 13(2)(f), Art. 22",
    )
    explained = _with(automated_decisions=True, automated_logic="A score from 0 to 100.")
    assert _findings(explained) == []
    # Logic written down but the box unticked: nothing to say.
    assert _findings(_with(automated_logic="Old rules")) == []


def test_the_next_review_cannot_come_before_the_last() -> None:
    values = _with(last_review=TODAY - timedelta(days=10), next_review=TODAY - timedelta(days=20))
    finding = _only(values)
    assert (finding.field, finding.severity, finding.rule) == (
        "next_review",
        Severity.ERROR,
        "Art. 24(1)",
    )


def test_an_overdue_review_is_pointed_out() -> None:
    finding = _only(_with(next_review=TODAY - timedelta(days=1)))
    assert (finding.field, finding.severity, finding.rule) == (
        "next_review",
        Severity.WARNING,
        "Art. 24(1)",
    )
    assert "2026-11-28" in finding.message
    assert _findings(_with(next_review=TODAY)) == []


def test_a_record_not_reviewed_for_a_year_is_pointed_out() -> None:
    finding = _only(_with(last_review=TODAY - timedelta(days=366), next_review=None))
    assert (finding.field, finding.severity, finding.rule) == (
        "last_review",
        Severity.WARNING,
        "Art. 24(1)",
    )
    assert _findings(_with(last_review=TODAY - timedelta(days=365), next_review=None)) == []
    # A planned review in the future answers the point.
    planned = _with(last_review=TODAY - timedelta(days=500), next_review=TODAY + timedelta(days=5))
    assert _findings(planned) == []


def test_security_measures_must_be_described() -> None:
    finding = _only(_with(security_measures=[]))
    assert (finding.field, finding.severity, finding.rule) == (
        "security_measures",
        Severity.WARNING,
        "Art. 30(1)(g), Art. 32",
    )
    notes_only = _with(security_measures=[], security_notes="Paper files in a locked cabinet.")
    assert _findings(notes_only) == []


def test_errors_come_first() -> None:
    values = _with(
        purposes=[_purpose(basis="6.1.c")],
        data_categories=[_category(), _category("Health data", kind="special")],
        transfers=[_transfer("FR", "adequacy")],
        security_measures=[],
    )
    severities = [finding.severity for finding in _findings(values)]
    assert severities == sorted(
        severities, key=[Severity.ERROR, Severity.WARNING, Severity.INFO].index
    )
    assert severities[0] is Severity.ERROR and severities[-1] is Severity.INFO
