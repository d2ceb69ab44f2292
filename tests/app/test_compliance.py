"""The compliance engine as a whole: the score and how it is explained, the areas, accepting a
finding with a reason (audited, undoable) and taking it back, and the demo workspace's mix of
findings; on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from app.domain.activity_checks import Severity
from app.domain.compliance import RULES, WEIGHTS, Area
from app.errors import ValidationError
from app.services.changes import revert_change
from app.services.compliance import CheckReport, Finding, mute_finding, run_checks, unmute_finding
from app.services.demo import create_demo_workspace
from app.services.history import list_history
from app.services.organisations import update_organisation
from app.services.policy_versions import publish_policy
from app.services.register import add_activity, add_vendor
from app.storage.workspace import Workspace

TODAY = date(2026, 11, 29)
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)

ORDERS = {"key": "orders", "purpose": "Delivering orders", "basis": "6.1.b"}
CONTACT = {"category": "Contact details", "purpose_keys": ["orders"], "retention_period": "3 years"}
HEALTH = {**CONTACT, "category": "Health data", "kind": "special"}
BIOMETRICS = {**CONTACT, "category": "Fingerprints", "kind": "special"}

# One clean activity and its controller with a published policy: 21 register rules (5 errors,
# 14 warnings, 2 information), the two policy rules (an error and a warning) and the DPO rule.
CLEAN_WEIGHT = 5 * 3 + 14 * 1 + 2 * 0 + (3 + 1) + 3


def check(ws: Workspace) -> CheckReport:
    return run_checks(ws, TODAY, NOW)


def _register(ws: Workspace, **changes: Any) -> int:
    """The organisation's contact, one activity (clean unless changed), the policy published."""
    update_organisation(
        ws, 1, {"address": "1 rue de la Paix, Paris", "email": "privacy@acme.example"}, None
    )
    values = {
        "name": "Order fulfilment",
        "status": "active",
        "purposes": [ORDERS],
        "data_subjects": ["Customers"],
        "data_categories": [CONTACT],
        "security_measures": ["Encryption at rest"],
        "last_review": date(2026, 10, 1),
        "next_review": date(2027, 10, 1),
        **changes,
    }
    activity_id = add_activity(ws, values, actor="tester").record.id
    publish_policy(ws, 1, actor="tester")
    return activity_id


def _areas(report: CheckReport) -> dict[Area, tuple[int | None, int, int, int]]:
    return {a.area: (a.score, a.checks, a.errors, a.warnings) for a in report.areas}


def _explained(report: CheckReport, passed: int, checked: int, score: int) -> None:
    assert f"{passed} of {checked} weighted checks pass: {score}%" in report.explanation
    assert report.weight_checked - report.weight_failed == passed
    assert report.weight_checked == checked
    assert report.score == score


# -- the score ------------------------------------------------------------------------------


def test_the_weights_are_three_one_and_zero() -> None:
    assert WEIGHTS == {Severity.ERROR: 3, Severity.WARNING: 1, Severity.INFO: 0}
    for rule in RULES.values():
        assert rule.title and rule.basis and rule.fix, rule.id


def test_a_workspace_with_nothing_to_check_has_no_score(workspace_target: str) -> None:
    ws = Workspace.create(workspace_target)
    try:
        report = check(ws)
    finally:
        ws.close()
    assert report.findings == [] and report.muted == []
    assert report.score is None
    assert report.explanation.startswith("Nothing to check yet")
    assert {a.score for a in report.areas} == {None}


def test_an_organisation_alone_passes_its_checks(workspace: Workspace) -> None:
    report = check(workspace)
    assert report.findings == []
    _explained(report, 3, 3, 100)
    areas = _areas(report)
    assert areas.pop(Area.ORGANISATION) == (100, 1, 0, 0)
    assert {score for score, *_ in areas.values()} == {None}


def test_a_clean_register_scores_100(workspace: Workspace) -> None:
    _register(workspace)
    report = check(workspace)
    assert report.findings == []
    _explained(report, CLEAN_WEIGHT, CLEAN_WEIGHT, 100)


def test_a_failed_warning_counts_one(workspace: Workspace) -> None:
    _register(workspace, security_measures=[])
    report = check(workspace)
    assert [(f.rule.id, f.rule.severity) for f in report.findings] == [
        ("security_missing", Severity.WARNING)
    ]
    _explained(report, CLEAN_WEIGHT - 1, CLEAN_WEIGHT, 97)


def test_a_failed_error_counts_three_once_per_record(workspace: Workspace) -> None:
    _register(workspace, data_categories=[CONTACT, HEALTH, BIOMETRICS])
    report = check(workspace)
    assert [(f.rule.id, f.rule.severity) for f in report.findings] == [
        ("art9_condition", Severity.ERROR),
        ("art9_condition", Severity.ERROR),
    ]
    assert "Health data" in report.findings[0].message
    assert "Fingerprints" in report.findings[1].message
    # Two entries fail the rule, but the activity fails it once.
    _explained(report, CLEAN_WEIGHT - 3, CLEAN_WEIGHT, 92)
    assert report.errors == report.findings


def test_information_never_lowers_the_score(workspace: Workspace) -> None:
    bills = {**ORDERS, "key": "bills", "purpose": "Sending invoices"}
    _register(workspace, purposes=[ORDERS, bills])
    report = check(workspace)
    [finding] = report.findings
    assert (finding.rule.id, finding.rule.severity) == ("purpose_without_data", Severity.INFO)
    assert report.errors == []
    _explained(report, CLEAN_WEIGHT, CLEAN_WEIGHT, 100)


def test_errors_come_first_then_warnings_then_information(workspace: Workspace) -> None:
    bills = {**ORDERS, "key": "bills", "purpose": "Sending invoices"}
    _register(
        workspace,
        purposes=[ORDERS, bills],
        data_categories=[CONTACT, HEALTH],
        security_measures=[],
    )
    report = check(workspace)
    assert [f.rule.severity for f in report.findings] == [
        Severity.ERROR,
        Severity.WARNING,
        Severity.INFO,
    ]


def test_an_activity_with_two_interests_and_no_lia_fails_the_rule_once(
    workspace: Workspace,
) -> None:
    fraud = {**ORDERS, "key": "fraud", "purpose": "Fraud checks", "basis": "6.1.f"}
    reviews = {**ORDERS, "key": "reviews", "purpose": "Product reviews", "basis": "6.1.f"}
    fraud["legitimate_interest"] = "Stopping card fraud"
    reviews["legitimate_interest"] = "Helping customers choose"
    linked = {**CONTACT, "purpose_keys": ["orders", "fraud", "reviews"]}
    _register(workspace, purposes=[ORDERS, fraud, reviews], data_categories=[linked])
    report = check(workspace)
    assert [f.rule.id for f in report.findings] == ["lia_missing", "lia_missing"]
    # Nothing in the area passes: its score is 0, not 50.
    assert _areas(report)[Area.ASSESSMENTS] == (0, 1, 2, 0)
    _explained(report, CLEAN_WEIGHT, CLEAN_WEIGHT + 3, 92)


def test_findings_are_grouped_by_area(workspace: Workspace) -> None:
    _register(workspace, security_measures=[])
    add_vendor(workspace, {"name": "Parcel Couriers SA", "role": "processor"})
    report = check(workspace)
    areas = _areas(report)
    # A processor is checked for a contract (error) and its expiry (warning); it fails the first.
    assert areas[Area.VENDORS] == (25, 2, 1, 0)
    assert areas[Area.REGISTER] == (round(100 * 28 / 29), 21, 0, 1)
    assert areas[Area.POLICY] == (100, 2, 0, 0)
    assert areas[Area.ORGANISATION] == (100, 1, 0, 0)
    for empty in (Area.ASSESSMENTS, Area.REQUESTS, Area.BREACHES):
        assert areas[empty] == (None, 0, 0, 0)
    assert [f.rule.area for f in report.findings] == [Area.VENDORS, Area.REGISTER]


def test_progress_is_reported_up_to_the_end(workspace: Workspace) -> None:
    _register(workspace)
    steps: list[int] = []
    run_checks(workspace, TODAY, NOW, progress=lambda percent, _text: steps.append(percent))
    assert steps[0] == 0 and steps[-1] == 100
    assert steps == sorted(steps)


# -- accepting a finding --------------------------------------------------------------------


def _unsigned_processor(ws: Workspace) -> Finding:
    _register(ws)
    add_vendor(ws, {"name": "Parcel Couriers SA", "role": "processor"})
    [finding] = check(ws).findings
    assert finding.rule.id == "contract_missing"
    return finding


REASON = "Signed on paper in 2019; the scan is being retrieved from the archive."


def test_an_accepted_finding_leaves_the_open_list_and_the_score(workspace: Workspace) -> None:
    finding = _unsigned_processor(workspace)
    before = check(workspace)
    assert before.score is not None and before.score < 100

    mute_finding(workspace, finding, REASON, actor="dpo")
    after = check(workspace)
    assert after.findings == [] and after.errors == []
    assert after.score == 100
    [accepted] = after.muted
    assert accepted.muted
    assert accepted.key == finding.key
    assert accepted.mute_reason == REASON
    assert (accepted.record_label, accepted.message) == (finding.record_label, finding.message)
    assert _areas(after)[Area.VENDORS] == (100, 2, 0, 0)


def test_accepting_is_audited_and_can_be_undone_and_redone(workspace: Workspace) -> None:
    finding = _unsigned_processor(workspace)
    muted = mute_finding(workspace, finding, REASON, actor="dpo")

    events = list_history(workspace, record_type="finding_mute")
    assert events and {e.change_id for e in events} == {muted.change_id}
    assert {e.actor for e in events} == {"dpo"}
    assert events[0].summary == (
        "Accepted “Processor without a signed Art. 28 contract” for Parcel Couriers SA"
    )
    assert REASON in [e.new for e in events]

    undone = revert_change(workspace, muted.change_id, actor="dpo")
    assert [f.key for f in check(workspace).findings] == [finding.key]
    assert check(workspace).muted == []

    revert_change(workspace, undone.change_id, actor="dpo")
    assert check(workspace).findings == []
    assert [f.mute_reason for f in check(workspace).muted] == [REASON]


def test_an_accepted_finding_can_be_taken_back(workspace: Workspace) -> None:
    finding = _unsigned_processor(workspace)
    mute_finding(workspace, finding, REASON, actor="dpo")
    [accepted] = check(workspace).muted
    assert accepted.mute_id is not None

    taken_back = unmute_finding(workspace, accepted.mute_id, accepted.mute_version, actor="dpo")
    report = check(workspace)
    assert [f.key for f in report.findings] == [finding.key]
    assert report.muted == []
    assert taken_back.deleted == [("finding_mute", accepted.mute_id)]
    deleted = list_history(workspace, record_type="finding_mute", record_id=accepted.mute_id)
    assert deleted[0].change_id == taken_back.change_id


@pytest.mark.parametrize("justification", ["", "   "])
def test_accepting_needs_a_justification(workspace: Workspace, justification: str) -> None:
    finding = _unsigned_processor(workspace)
    with pytest.raises(ValidationError):
        mute_finding(workspace, finding, justification)
    assert [f.key for f in check(workspace).findings] == [finding.key]


def test_accepting_one_entry_leaves_the_record_failing_until_all_are(
    workspace: Workspace,
) -> None:
    _register(workspace, data_categories=[CONTACT, HEALTH, BIOMETRICS])
    health, fingerprints = check(workspace).findings

    mute_finding(workspace, health, "Occupational health: Code du travail applies.")
    report = check(workspace)
    assert [f.key for f in report.findings] == [fingerprints.key]
    assert report.score == 92

    mute_finding(workspace, fingerprints, "Pilot stopped; data deleted next week.")
    report = check(workspace)
    assert report.findings == [] and len(report.muted) == 2
    assert report.score == 100


def test_accepting_a_finding_does_not_accept_the_same_rule_elsewhere(
    workspace: Workspace,
) -> None:
    finding = _unsigned_processor(workspace)
    mute_finding(workspace, finding, REASON)
    other = add_vendor(workspace, {"name": "Mail Relay GmbH", "role": "processor"}).record.id
    report = check(workspace)
    assert [(f.rule.id, f.record_id) for f in report.findings] == [("contract_missing", other)]
    assert [f.record_id for f in report.muted] == [finding.record_id]


# -- the demo -------------------------------------------------------------------------------


def test_the_demo_shows_a_realistic_mix(workspace_target: str) -> None:
    demo = create_demo_workspace(workspace_target, today=TODAY)
    try:
        report = check(demo)
    finally:
        demo.close()
    assert report.score is not None and 50 <= report.score <= 99
    with_errors = {f.rule.area for f in report.findings if f.rule.severity == Severity.ERROR}
    with_warnings = {f.rule.area for f in report.findings if f.rule.severity == Severity.WARNING}
    assert len(with_errors) >= 3, with_errors
    assert len(with_warnings) >= 3, with_warnings
    # Not one kind of problem repeated: a spread of rules, each finding pointing at a record.
    assert len({f.rule.id for f in report.findings}) >= 8
    for finding in report.findings:
        assert finding.record_label.strip() and finding.message.strip()
        assert finding.record_id >= 1
    by_area = _areas(report)
    for area, (score, checks, errors, warnings) in by_area.items():
        assert checks > 0, area
        assert score is not None and 0 <= score <= 100
        assert errors + warnings == sum(
            f.rule.area == area and f.rule.severity != Severity.INFO for f in report.findings
        )
