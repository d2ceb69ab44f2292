"""Every compliance rule, with the smallest workspace where it fires and the same workspace
put right; and the edges where a rule must stay quiet (a retired activity, a justified "no
DPIA", a DPIA sent to the authority, a breach that needs no notification, ...).

The workspaces are real SQLite files built through the services, checked on a fixed day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.domain.compliance import RULES
from app.services.breaches import add_breach, update_breach
from app.services.changes import apply_change
from app.services.compliance import Finding, run_checks
from app.services.dpia import create_dpia, decide_dpia, get_dpia, update_dpia
from app.services.organisations import add_organisation, update_organisation
from app.services.policy_versions import publish_policy
from app.services.register import add_activity, add_vendor, update_activity, update_vendor
from app.services.requests import add_request, close_request, request_deadline_for, update_request
from app.services.screenings import save_screening
from app.storage.workspace import Workspace

TODAY = date(2026, 11, 29)
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
ACTIVITY = "processing_activity"
LABEL = "PA-001 Order fulfilment"

ORDERS = {"key": "orders", "purpose": "Delivering orders", "basis": "6.1.b"}
CONTACT = {"category": "Contact details", "purpose_keys": ["orders"], "retention_period": "3 years"}


@pytest.fixture
def ws(tmp_path: Path) -> Any:
    workspace = Workspace.create(tmp_path / "rules.pwb")
    add_organisation(
        workspace,
        {
            "legal_name": "Acme Online SAS",
            "country": "FR",
            "address": "1 rue de la Paix, 75002 Paris",
            "email": "privacy@acme.example",
        },
        actor="tester",
    )
    try:
        yield workspace
    finally:
        workspace.close()


def activity(**changes: Any) -> dict[str, Any]:
    """An activity the checks have nothing to say about, with `changes` applied."""
    return {
        "name": "Order fulfilment",
        "status": "active",
        "purposes": [ORDERS],
        "data_subjects": ["Customers"],
        "data_categories": [CONTACT],
        "transfers": [],
        "security_measures": ["Encryption at rest"],
        "last_review": date(2026, 10, 1),
        "next_review": date(2027, 10, 1),
        **changes,
    }


def findings(ws: Workspace, rule_id: str, **when: Any) -> list[Finding]:
    report = run_checks(ws, when.get("today", TODAY), when.get("now", NOW))
    assert all(f.rule.id in RULES for f in report.findings)
    return [f for f in report.findings if f.rule.id == rule_id]


def only(ws: Workspace, rule_id: str, **when: Any) -> Finding:
    found = findings(ws, rule_id, **when)
    assert len(found) == 1, found
    return found[0]


def test_a_complete_workspace_has_no_finding(ws: Workspace) -> None:
    add_activity(ws, activity(), actor="tester")
    publish_policy(ws, 1, actor="tester")
    report = run_checks(ws, TODAY, NOW)
    assert report.findings == []
    assert report.score == 100


# -- the activity's own checks --------------------------------------------------------------


def _transfer(**values: Any) -> dict[str, Any]:
    return {"destination": "IN", "importer": "Byte Support Pvt", **values}


_SCC = {"mechanism": "scc", "scc_module": "2", "safeguard_document": "DPA annex 3, DMS"}
_ART9 = {**ORDERS, "art9_condition": "9.2.a"}

# rule id: (the activity with the fault, the same put right, what the message must name)
REGISTER_CASES: dict[str, tuple[dict[str, Any], dict[str, Any], str]] = {
    "no_purpose": ({"purposes": []}, {"purposes": [ORDERS]}, "at least one purpose"),
    "basis_law_missing": (
        {"purposes": [{**ORDERS, "purpose": "Keeping invoices", "basis": "6.1.c"}]},
        {
            "purposes": [
                {
                    **ORDERS,
                    "purpose": "Keeping invoices",
                    "basis": "6.1.c",
                    "basis_reference": "Code de commerce, L123-22",
                }
            ]
        },
        "Keeping invoices",
    ),
    "interest_missing": (
        {"purposes": [{**ORDERS, "purpose": "Fraud screening", "basis": "6.1.f"}]},
        {
            "purposes": [
                {
                    **ORDERS,
                    "purpose": "Fraud screening",
                    "basis": "6.1.f",
                    "legitimate_interest": "Stopping card fraud",
                }
            ]
        },
        "Fraud screening",
    ),
    "no_data_subjects": ({"data_subjects": []}, {"data_subjects": ["Customers"]}, "whose data"),
    "no_data_categories": (
        {"data_categories": []},
        {"data_categories": [CONTACT]},
        "categories of personal data",
    ),
    "art9_condition": (
        {"data_categories": [CONTACT, {**CONTACT, "category": "Health data", "kind": "special"}]},
        {
            "purposes": [_ART9],
            "data_categories": [CONTACT, {**CONTACT, "category": "Health data", "kind": "special"}],
        },
        "Health data",
    ),
    "art10_basis": (
        {"data_categories": [{**CONTACT, "category": "Criminal record", "kind": "criminal"}]},
        {
            "purposes": [{**ORDERS, "art10_basis": "Code du travail, L1221-6"}],
            "data_categories": [{**CONTACT, "category": "Criminal record", "kind": "criminal"}],
        },
        "Criminal record",
    ),
    "data_without_purpose": (
        {"data_categories": [CONTACT, {**CONTACT, "category": "Browsing", "purpose_keys": []}]},
        {"data_categories": [CONTACT, {**CONTACT, "category": "Browsing"}]},
        "Browsing",
    ),
    "purpose_without_data": (
        {"purposes": [ORDERS, {**ORDERS, "key": "bills", "purpose": "Sending invoices"}]},
        {
            "purposes": [ORDERS, {**ORDERS, "key": "bills", "purpose": "Sending invoices"}],
            "data_categories": [{**CONTACT, "purpose_keys": ["orders", "bills"]}],
        },
        "Sending invoices",
    ),
    "retention_missing": (
        {"data_categories": [{**CONTACT, "retention_period": ""}]},
        {"data_categories": [CONTACT]},
        "Contact details",
    ),
    "retention_open_ended": (
        {"data_categories": [{**CONTACT, "retention_period": "As long as necessary"}]},
        {"data_categories": [{**CONTACT, "retention_period": "3 years after the last order"}]},
        "“Contact details”: “As long as necessary”",
    ),
    "eea_transfer": (
        {"transfers": [{"destination": "DE", "mechanism": "adequacy"}]},
        {"transfers": []},
        "Germany",
    ),
    "no_adequacy": (
        {"transfers": [_transfer(mechanism="adequacy")]},
        {"transfers": [_transfer(**_SCC)]},
        "India",
    ),
    "scc_module": (
        {"transfers": [_transfer(**{**_SCC, "scc_module": None})]},
        {"transfers": [_transfer(**_SCC)]},
        "India",
    ),
    "derogation_missing": (
        {"transfers": [_transfer(mechanism="derogation")]},
        {"transfers": [_transfer(mechanism="derogation", derogation="b")]},
        "India",
    ),
    "safeguard_document": (
        {"transfers": [_transfer(**{**_SCC, "safeguard_document": ""})]},
        {"transfers": [_transfer(**_SCC)]},
        "India",
    ),
    "joint_arrangement": (
        {"joint_controllers": "Partner Shop GmbH"},
        {"joint_controllers": "Partner Shop GmbH", "joint_arrangement": "Partner answers."},
        "joint controllers",
    ),
    "automated_logic": (
        {"automated_decisions": True},
        {"automated_decisions": True, "automated_logic": "A score from the order history."},
        "automated decision",
    ),
    "review_dates": (
        {"next_review": date(2026, 9, 1)},
        {"next_review": date(2027, 9, 1)},
        "before the last one",
    ),
    "review_overdue": (
        {"next_review": date(2026, 11, 1)},
        {"last_review": TODAY, "next_review": date(2027, 11, 1)},
        "2026-11-01",
    ),
    "security_missing": (
        {"security_measures": []},
        {"security_measures": ["Access control"]},
        "security measures",
    ),
}


@pytest.mark.parametrize("rule_id", sorted(REGISTER_CASES))
def test_an_activity_rule_fires_then_passes_once_put_right(ws: Workspace, rule_id: str) -> None:
    broken, fixed, named = REGISTER_CASES[rule_id]
    activity_id = add_activity(ws, activity(**broken), actor="tester").record.id

    finding = only(ws, rule_id)
    assert (finding.record_type, finding.record_id, finding.record_label) == (
        ACTIVITY,
        activity_id,
        LABEL,
    )
    assert named in finding.message
    assert finding.rule.severity == RULES[rule_id].severity

    update_activity(ws, activity_id, fixed, None, actor="tester")
    assert findings(ws, rule_id) == []


def test_an_activity_not_reviewed_for_over_a_year_is_overdue(ws: Workspace) -> None:
    stale = activity(last_review=TODAY - timedelta(days=400), next_review=None)
    activity_id = add_activity(ws, stale, actor="tester").record.id
    assert "over a year" in only(ws, "review_overdue").message
    update_activity(ws, activity_id, {"last_review": TODAY - timedelta(days=30)}, None)
    assert findings(ws, "review_overdue") == []


def test_a_retired_activity_is_not_checked(ws: Workspace) -> None:
    wrong = activity(
        purposes=[{**ORDERS, "basis": "6.1.f"}],
        data_subjects=[],
        data_categories=[{**CONTACT, "kind": "special", "retention_period": ""}],
        transfers=[_transfer(mechanism="scc")],
        security_measures=[],
        next_review=date(2020, 1, 1),
    )
    activity_id = add_activity(ws, wrong, actor="tester").record.id
    before = run_checks(ws, TODAY, NOW)
    assert {f.rule.id for f in before.findings if f.record_id == activity_id} >= {
        "art9_condition",
        "lia_missing",
        "tia_missing",
        "security_missing",
    }

    update_activity(ws, activity_id, {"status": "retired"}, None, actor="tester")
    after = run_checks(ws, TODAY, NOW)
    assert [f for f in after.findings if f.record_type == ACTIVITY] == []
    # Nothing is left to check but the organisation itself.
    assert after.findings == []


# -- assessments ----------------------------------------------------------------------------

FRAUD = {
    "key": "fraud",
    "purpose": "Detecting fraudulent orders",
    "basis": "6.1.f",
    "legitimate_interest": "Stopping card fraud",
}
REVIEWS = {
    "key": "reviews",
    "purpose": "Publishing product reviews",
    "basis": "6.1.f",
    "legitimate_interest": "Helping other customers choose",
}


def _assessment(ws: Workspace, kind: str, values: dict[str, Any]) -> None:
    apply_change(ws, actor="tester", create=[(kind, values)])


def test_legitimate_interests_need_an_lia_for_that_purpose(ws: Workspace) -> None:
    linked = {**CONTACT, "purpose_keys": ["orders", "fraud", "reviews"]}
    shop = activity(purposes=[ORDERS, FRAUD, REVIEWS], data_categories=[linked])
    activity_id = add_activity(ws, shop, actor="tester").record.id
    assert sorted(f.detail for f in findings(ws, "lia_missing")) == ["fraud", "reviews"]

    # An LIA for another purpose does not count.
    _assessment(ws, "lia", {"activity_id": activity_id, "purpose_key": "fraud"})
    finding = only(ws, "lia_missing")
    assert (finding.record_type, finding.record_id, finding.record_label) == (
        ACTIVITY,
        activity_id,
        LABEL,
    )
    assert finding.detail == "reviews"
    assert "Publishing product reviews" in finding.message

    _assessment(ws, "lia", {"activity_id": activity_id, "purpose_key": "reviews"})
    assert findings(ws, "lia_missing") == []


def test_an_lia_of_another_activity_does_not_count(ws: Workspace) -> None:
    linked = {**CONTACT, "purpose_keys": ["orders", "fraud"]}
    first = add_activity(ws, activity(purposes=[ORDERS, FRAUD], data_categories=[linked])).record
    second = add_activity(
        ws, activity(name="Returns", purposes=[ORDERS, FRAUD], data_categories=[linked])
    ).record
    _assessment(ws, "lia", {"activity_id": first.id, "purpose_key": "fraud"})
    finding = only(ws, "lia_missing")
    assert (finding.record_id, finding.record_label) == (second.id, "PA-002 Returns")


@pytest.mark.parametrize("mechanism", ["scc", "bcr"])
def test_a_transfer_on_sccs_or_bcrs_needs_a_tia_for_that_destination(
    ws: Workspace, mechanism: str
) -> None:
    transfer = _transfer(**{**_SCC, "mechanism": mechanism})
    if mechanism == "bcr":
        transfer["scc_module"] = None
    activity_id = add_activity(ws, activity(transfers=[transfer]), actor="tester").record.id
    finding = only(ws, "tia_missing")
    assert (finding.record_type, finding.record_id, finding.record_label) == (
        ACTIVITY,
        activity_id,
        LABEL,
    )
    assert "India" in finding.message
    assert finding.detail == "IN"

    # A TIA for another destination does not count.
    _assessment(ws, "tia", {"activity_id": activity_id, "destination": "US"})
    assert only(ws, "tia_missing").detail == "IN"

    _assessment(ws, "tia", {"activity_id": activity_id, "destination": "IN"})
    assert findings(ws, "tia_missing") == []


def test_transfers_on_other_tools_need_no_tia(ws: Workspace) -> None:
    add_activity(
        ws,
        activity(
            transfers=[
                {"destination": "JP", "mechanism": "adequacy"},
                _transfer(mechanism="derogation", derogation="b"),
            ]
        ),
    )
    report = run_checks(ws, TODAY, NOW)
    assert [f for f in report.findings if f.rule.id == "tia_missing"] == []


def _screened(ws: Workspace, **values: Any) -> int:
    activity_id = add_activity(ws, activity(), actor="tester").record.id
    criteria = {"criteria": ["evaluation", "large_scale"], **values}
    save_screening(ws, activity_id, criteria, actor="tester")
    return activity_id


def test_two_criteria_without_a_dpia_or_a_reason(ws: Workspace) -> None:
    activity_id = _screened(ws)
    finding = only(ws, "dpia_screening")
    assert (finding.record_type, finding.record_id, finding.record_label) == (
        ACTIVITY,
        activity_id,
        LABEL,
    )
    assert "2 risk criteria" in finding.message


@pytest.mark.parametrize("remedy", ["dpia", "justified_no_dpia"])
def test_two_criteria_pass_with_a_dpia_or_a_justified_no(ws: Workspace, remedy: str) -> None:
    activity_id = _screened(ws)
    assert findings(ws, "dpia_screening")
    if remedy == "dpia":
        create_dpia(ws, [activity_id], actor="tester")
    else:
        save_screening(
            ws,
            activity_id,
            {
                "decision": "not_needed",
                "justification": "The scoring only sorts the warehouse queue; nobody is judged.",
            },
            actor="tester",
        )
    assert findings(ws, "dpia_screening") == []


def test_one_criterion_needs_no_dpia(ws: Workspace) -> None:
    _screened(ws, criteria=["large_scale"])
    assert findings(ws, "dpia_screening") == []


def test_deciding_to_carry_out_a_dpia_is_not_having_one(ws: Workspace) -> None:
    activity_id = _screened(ws, decision="carry_out")
    # Deciding to carry one out is not having one.
    assert [f.record_id for f in findings(ws, "dpia_screening")] == [activity_id]


def _high_risk_dpia(ws: Workspace) -> int:
    activity_id = add_activity(ws, activity(), actor="tester").record.id
    risk = {
        "event": "illegitimate_access",
        "title": "Card data leaked",
        "residual_severity": 4,
        "residual_likelihood": 3,
    }
    return create_dpia(
        ws, [activity_id], {"title": "Card payments", "risks": [risk]}, actor="tester"
    ).record.id


def test_a_high_residual_risk_needs_prior_consultation(ws: Workspace) -> None:
    dpia_id = _high_risk_dpia(ws)
    finding = only(ws, "dpia_prior_consultation")
    assert (finding.record_type, finding.record_id, finding.record_label) == (
        "dpia",
        dpia_id,
        "DPIA-001 Card payments",
    )
    assert "Card data leaked" in finding.message

    decide_dpia(ws, dpia_id, "prior_consultation", None, decided_by="DPO", decided_on=TODAY)
    assert findings(ws, "dpia_prior_consultation") == []


def test_an_untitled_risk_is_named_by_its_feared_event(ws: Workspace) -> None:
    dpia_id = _high_risk_dpia(ws)
    risks = [{**get_dpia(ws, dpia_id)["risks"][0], "title": ""}]
    update_dpia(ws, dpia_id, {"risks": risks}, None, actor="tester")
    assert "(Illegitimate access to data)" in only(ws, "dpia_prior_consultation").message


def test_a_reduced_residual_risk_needs_no_consultation(ws: Workspace) -> None:
    dpia_id = _high_risk_dpia(ws)
    risks = [{**get_dpia(ws, dpia_id)["risks"][0], "residual_likelihood": 2}]
    update_dpia(ws, dpia_id, {"risks": risks}, None, actor="tester")
    assert findings(ws, "dpia_prior_consultation") == []


# -- vendors --------------------------------------------------------------------------------


def test_a_processor_needs_a_signed_contract(ws: Workspace) -> None:
    vendor_id = add_vendor(ws, {"name": "Parcel Couriers SA", "role": "processor"}).record.id
    add_vendor(ws, {"name": "Bank SA", "role": "independent_controller"})
    finding = only(ws, "contract_missing")
    assert (finding.record_type, finding.record_id, finding.record_label) == (
        "vendor",
        vendor_id,
        "Parcel Couriers SA",
    )
    assert "Parcel Couriers SA" in finding.message

    update_vendor(ws, vendor_id, {"dpa_signed_on": date(2025, 1, 15)}, None)
    assert findings(ws, "contract_missing") == []


def test_an_expired_processor_contract(ws: Workspace) -> None:
    signed = {"name": "Parcel Couriers SA", "role": "sub_processor"}
    signed |= {"dpa_signed_on": date(2024, 1, 15), "dpa_review_on": date(2026, 6, 30)}
    vendor_id = add_vendor(ws, signed).record.id
    finding = only(ws, "contract_expired")
    assert (finding.record_type, finding.record_id) == ("vendor", vendor_id)
    assert "Parcel Couriers SA" in finding.message

    update_vendor(ws, vendor_id, {"dpa_review_on": date(2027, 6, 30)}, None)
    assert findings(ws, "contract_expired") == []


# -- privacy policy -------------------------------------------------------------------------


def test_a_policy_missing_a_mandatory_item(ws: Workspace) -> None:
    update_organisation(ws, 1, {"address": None, "email": None}, None)
    add_activity(ws, activity(), actor="tester")
    publish_policy(ws, 1, actor="tester")
    # Without any contact, people can neither reach the controller nor exercise their rights.
    controller, rights = findings(ws, "policy_missing_item")
    for finding in (controller, rights):
        assert (finding.record_type, finding.record_id, finding.record_label) == (
            "organisation",
            1,
            "Acme Online SAS",
        )
    assert "Who the controller is and how to contact it (Art. 13(1)(a))" in controller.message
    assert "The rights of access" in rights.message
    assert controller.detail != rights.detail

    update_organisation(ws, 1, {"email": "privacy@acme.example"}, None)
    assert findings(ws, "policy_missing_item") == []


def test_a_policy_older_than_the_register(ws: Workspace) -> None:
    activity_id = add_activity(ws, activity(), actor="tester").record.id
    assert "No version" in only(ws, "policy_outdated").message

    publish_policy(ws, 1, actor="tester")
    assert findings(ws, "policy_outdated") == []

    update_activity(ws, activity_id, {"data_subjects": ["Customers", "Visitors"]}, None)
    finding = only(ws, "policy_outdated")
    assert (finding.record_type, finding.record_id) == ("organisation", 1)
    assert "version 1" in finding.message

    publish_policy(ws, 1, actor="tester")
    assert findings(ws, "policy_outdated") == []


def test_an_organisation_without_activities_has_no_policy_to_check(ws: Workspace) -> None:
    add_organisation(ws, {"legal_name": "Dormant Holding SA", "country": "FR"})
    add_activity(ws, activity(), actor="tester")
    assert [f.record_id for f in findings(ws, "policy_outdated")] == [1]


# -- requests and breaches ------------------------------------------------------------------

RECEIVED = date(2027, 3, 5)
LATER = date(2027, 4, 20)  # past the one-month deadline


def _request(ws: Workspace, **values: Any) -> int:
    request = {
        "types": ["access"],
        "received_on": RECEIVED,
        "requester": "Customer #48213",
        **values,
    }
    return add_request(ws, request, actor="tester").record.id


def test_a_request_past_its_deadline(ws: Workspace) -> None:
    request_id = _request(ws)
    due = request_deadline_for(ws, request_id, LATER).due
    assert findings(ws, "request_overdue", today=due) == []

    finding = only(ws, "request_overdue", today=LATER)
    assert (finding.record_type, finding.record_id, finding.record_label) == (
        "rights_request",
        request_id,
        "REQ-001",
    )
    assert due.isoformat() in finding.message
    assert f"{(LATER - due).days} days ago" in finding.message

    close_request(ws, request_id, "fulfilled", closed_on=LATER)
    assert findings(ws, "request_overdue", today=LATER) == []


def test_an_extension_not_told_within_the_first_month(ws: Workspace) -> None:
    request_id = _request(ws, extended=True, extension_reason="Twelve years of orders to collect")
    finding = only(ws, "extension_late", today=LATER)
    assert (finding.record_type, finding.record_id, finding.record_label) == (
        "rights_request",
        request_id,
        "REQ-001",
    )
    assert "extension" in finding.message

    update_request(ws, request_id, {"extension_notified_on": date(2027, 4, 15)})
    assert findings(ws, "extension_late", today=LATER), "told too late"

    update_request(ws, request_id, {"extension_notified_on": date(2027, 3, 20)})
    assert findings(ws, "extension_late", today=LATER) == []


AWARE = datetime(2027, 3, 26, 10, 0, tzinfo=UTC)
AFTER_72H = AWARE + timedelta(hours=80)


def _breach(ws: Workspace, **values: Any) -> int:
    breach = {
        "title": "Order list e-mailed to the wrong customer",
        "time_zone": "Europe/Paris",
        "aware_at": AWARE,
        "types": ["confidentiality"],
        **values,
    }
    return add_breach(ws, breach, actor="tester").record.id


def test_a_breach_past_72_hours_neither_notified_nor_reasoned(ws: Workspace) -> None:
    breach_id = _breach(ws)
    assert findings(ws, "breach_unnotified", now=AWARE + timedelta(hours=71)) == []
    finding = only(ws, "breach_unnotified", now=AFTER_72H)
    assert (finding.record_type, finding.record_id, finding.record_label) == (
        "breach",
        breach_id,
        "BR-001 Order list e-mailed to the wrong customer",
    )
    assert "72 hours" in finding.message


@pytest.mark.parametrize(
    "remedy",
    [
        {"authority_notified_at": AWARE + timedelta(hours=30), "authority": "CNIL"},
        {
            "authority_notified_at": AWARE + timedelta(hours=90),
            "authority": "CNIL",
            "delay_reasons": "The forensic report arrived on day four.",
        },
        {"risk_level": "none", "risk_reasoning": "The file was encrypted; the key was not sent."},
    ],
    ids=["notified_in_time", "notified_late_with_reasons", "no_risk_with_reasoning"],
)
def test_a_breach_put_right(ws: Workspace, remedy: dict[str, Any]) -> None:
    breach_id = _breach(ws)
    update_breach(ws, breach_id, remedy)
    assert findings(ws, "breach_unnotified", now=AWARE + timedelta(hours=100)) == []


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"authority_notified_at": AWARE + timedelta(hours=90), "authority": "CNIL"},
            "without the reasons for the delay",
        ),
        ({"risk_level": "none"}, "no reason recorded"),
    ],
    ids=["notified_late_without_reasons", "no_risk_without_reasoning"],
)
def test_a_breach_half_put_right(ws: Workspace, values: dict[str, Any], message: str) -> None:
    breach_id = _breach(ws, **values)
    finding = only(ws, "breach_unnotified", now=AWARE + timedelta(hours=100))
    assert finding.record_id == breach_id
    assert message in finding.message


# -- organisation ---------------------------------------------------------------------------

_DPO = {"dpo_kind": "external", "dpo_name": "Dana Protect", "dpo_email": "dpo@acme.example"}


def test_a_public_body_needs_a_dpo(ws: Workspace) -> None:
    update_organisation(ws, 1, {"public_body": True}, None)
    finding = only(ws, "dpo_required")
    assert (finding.record_type, finding.record_id, finding.record_label) == (
        "organisation",
        1,
        "Acme Online SAS",
    )
    assert "public authority" in finding.message

    update_organisation(ws, 1, _DPO, None)
    assert findings(ws, "dpo_required") == []


def test_large_scale_monitoring_as_a_core_activity_needs_a_dpo(ws: Workspace) -> None:
    update_organisation(ws, 1, {"dpo_kind": "none"}, None)
    activity_id = add_activity(ws, activity(), actor="tester").record.id
    save_screening(ws, activity_id, {"criteria": ["large_scale"]})
    assert findings(ws, "dpo_required") == []

    save_screening(ws, activity_id, {"criteria": ["large_scale", "monitoring"]})
    assert "large scale" in only(ws, "dpo_required").message

    update_organisation(ws, 1, _DPO, None)
    assert findings(ws, "dpo_required") == []


def test_large_scale_special_data_needs_a_dpo(ws: Workspace) -> None:
    health = {**CONTACT, "category": "Health data", "kind": "special"}
    special = activity(purposes=[_ART9], data_categories=[health])
    activity_id = add_activity(ws, special, actor="tester").record.id
    save_screening(ws, activity_id, {"criteria": ["large_scale"]})
    assert only(ws, "dpo_required").record_id == 1


@pytest.mark.parametrize(
    ("organisation", "activity_values", "reason"),
    [
        ({"employees": 300}, None, "250 employees or more"),
        (
            {"employees": 12},
            activity(
                status="draft",
                purposes=[_ART9],
                data_categories=[{**CONTACT, "category": "Health data", "kind": "special"}],
            ),
            "special-category",
        ),
        ({"employees": 12}, activity(status="active"), "not occasional"),
    ],
    ids=["large_company", "special_data", "ongoing_processing"],
)
def test_the_records_exemption_claimed_where_it_does_not_apply(
    ws: Workspace,
    organisation: dict[str, Any],
    activity_values: dict[str, Any] | None,
    reason: str,
) -> None:
    update_organisation(ws, 1, {**organisation, "records_exemption": True}, None)
    if activity_values:
        add_activity(ws, activity_values, actor="tester")
    finding = only(ws, "records_exemption")
    assert (finding.record_type, finding.record_id, finding.record_label) == (
        "organisation",
        1,
        "Acme Online SAS",
    )
    assert reason in finding.message

    update_organisation(ws, 1, {"records_exemption": False}, None)
    assert findings(ws, "records_exemption") == []


def test_the_records_exemption_holds_for_a_small_company_with_occasional_processing(
    ws: Workspace,
) -> None:
    update_organisation(ws, 1, {"employees": 40, "records_exemption": True}, None)
    # Not in ongoing use: a one-off charity raffle the company is preparing.
    add_activity(ws, activity(name="Charity raffle", status="draft"), actor="tester")
    assert findings(ws, "records_exemption") == []


# -- every rule has its fixtures ------------------------------------------------------------

TESTED_APART = {
    "lia_missing": test_legitimate_interests_need_an_lia_for_that_purpose,
    "tia_missing": test_a_transfer_on_sccs_or_bcrs_needs_a_tia_for_that_destination,
    "dpia_screening": test_two_criteria_pass_with_a_dpia_or_a_justified_no,
    "dpia_prior_consultation": test_a_high_residual_risk_needs_prior_consultation,
    "contract_missing": test_a_processor_needs_a_signed_contract,
    "contract_expired": test_an_expired_processor_contract,
    "policy_missing_item": test_a_policy_missing_a_mandatory_item,
    "policy_outdated": test_a_policy_older_than_the_register,
    "request_overdue": test_a_request_past_its_deadline,
    "extension_late": test_an_extension_not_told_within_the_first_month,
    "breach_unnotified": test_a_breach_put_right,
    "dpo_required": test_a_public_body_needs_a_dpo,
    "records_exemption": test_the_records_exemption_claimed_where_it_does_not_apply,
}


def test_every_rule_has_a_failing_and_a_passing_fixture() -> None:
    tested: dict[str, Callable[..., None] | tuple[Any, ...]] = {**REGISTER_CASES, **TESTED_APART}
    assert sorted(tested) == sorted(RULES)
    assert not set(REGISTER_CASES) & set(TESTED_APART)


def test_the_policy_rules_follow_each_change_between_two_checks(ws: Workspace) -> None:
    """The policy's state is kept between runs (the dashboard re-checks after every change);
    a publication, an edit of the register or of the organisation must still show at once."""
    activity_id = add_activity(ws, activity(), actor="tester").record.id
    assert findings(ws, "policy_outdated")  # never published
    publish_policy(ws, 1, actor="tester")
    assert findings(ws, "policy_outdated") == []
    update_activity(ws, activity_id, {"name": "Web shop orders, renamed"}, None)
    stale = findings(ws, "policy_outdated")
    assert stale and "changed after version 1" in stale[0].message
    publish_policy(ws, 1, actor="tester")
    assert findings(ws, "policy_outdated") == []
    update_organisation(ws, 1, {"address": None, "email": None}, None)
    assert findings(ws, "policy_missing_item")
