"""The demo workspace: two companies, a team, a register, a requests log and a breach
register realistic enough to show every part of the app, gaps included; on SQLite and
PostgreSQL."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from app.domain.activity_checks import Severity, activity_findings
from app.domain.adequacy import adequacy_decision
from app.domain.deadlines import extension_notice_deadline
from app.domain.plan_advice import open_actions
from app.domain.plan_rules import minimisation_flags, plan_problems
from app.domain.rights_request import Outcome, RequestType
from app.domain.vendor_contract import ContractStatus
from app.resources import load_json
from app.services.breaches import breach_risk, list_breach_rows
from app.services.catalogues import shipped_entries
from app.services.changes import RecordData, list_records
from app.services.demo import breach_values, create_demo_workspace, request_values
from app.services.history import list_history
from app.services.organisations import list_organisations
from app.services.register import (
    activities_using_vendor,
    get_activity,
    list_activity_rows,
    list_vendor_rows,
)
from app.services.requests import deadline_of, list_request_rows
from app.services.team import list_team
from app.storage.workspace import Workspace

# The day the demo's fixed dates were chosen for: one contract is then due for review soon.
CHOSEN_ON = date(2026, 11, 29)


@pytest.fixture
def demo(workspace_target: str) -> Iterator[Workspace]:
    workspace = create_demo_workspace(workspace_target)
    try:
        yield workspace
    finally:
        workspace.close()


def _activities(ws: Workspace) -> list[RecordData]:
    return [get_activity(ws, row.id) for row in list_activity_rows(ws)]


def test_the_demo_has_two_companies_a_team_and_a_register(demo: Workspace) -> None:
    organisations = {org["legal_name"]: org for org in list_organisations(demo)}
    assert list(organisations) == ["Maison Lumière SAS", "Lumière Logistik GmbH"]
    assert len(list_team(demo)) == 6
    rows = list_activity_rows(demo)
    assert len(rows) >= 15
    assert len({row.reference for row in rows}) == len(rows)
    assert {row.controller_name for row in rows} == set(organisations)
    # Every activity has an owner from the team, and the DPO owns none (Art. 38(6)); the
    # draft entries the two collection plans just made still wait for theirs.
    planned = {plan["activity_id"] for plan in list_records(demo, "collection_plan")}
    assert len(planned) == 2
    assert all(row.owner_name for row in rows if row.id not in planned)
    assert not any(row.owner_name for row in rows if row.id in planned)
    assert "Claire Dubois" not in {row.owner_name for row in rows}
    assert Counter(row.status for row in rows) == {"active": len(rows) - 3, "draft": 3}
    processor_records = list_records(demo, "processor_activity")
    assert len(processor_records) == 1
    assert processor_records[0]["processor_id"] == organisations["Lumière Logistik GmbH"].id
    assert processor_records[0]["processing_categories"]


def test_the_demo_is_created_quickly(workspace_target: str) -> None:
    # People click "Try the demo" and wait; the schema migrations are most of the time.
    started = time.perf_counter()
    workspace = create_demo_workspace(workspace_target)
    elapsed = time.perf_counter() - started
    workspace.close()
    assert elapsed < 2, f"the demo took {elapsed:.2f} s"


def test_the_demo_is_three_changes_in_the_history(demo: Workspace) -> None:
    # The register and logs in one change, the risk analysis that reads them in a second, and
    # the approval of the loyalty DPIA, which froze its version, in a third (as a user would).
    events = list_history(demo, limit=5000)
    changes: dict[str, set[str]] = {}
    for event in reversed(events):
        changes.setdefault(event.summary, set()).add(event.record_type)
    assert len({event.change_id for event in events}) == 3
    assert {event.actor for event in events} == {"demo"}
    assert list(changes) == [
        "Demo workspace created",
        "Demo risk analysis added",
        "Decision on the DPIA: Approved",
    ]
    assert changes["Demo workspace created"] == {
        "organisation",
        "person",
        "vendor",
        "processing_activity",
        "processor_activity",
        "collection_plan",
        "rights_request",
        "breach",
    }
    assert changes["Demo risk analysis added"] == {"dpia", "activity_screening", "lia", "tia"}
    assert changes["Decision on the DPIA: Approved"] == {"dpia", "dpia_version"}


def test_the_demo_has_eight_vendors_with_varied_contracts(demo: Workspace) -> None:
    rows = list_vendor_rows(demo)
    assert len(rows) == 8
    # Whatever the day: one processor has never signed, one contract has run out.
    statuses = Counter(row.contract for row in rows)
    assert statuses[ContractStatus.MISSING] == 1
    assert statuses[ContractStatus.EXPIRED] == 1
    assert statuses[ContractStatus.NOT_NEEDED] == 1
    on_the_day = Counter(row.contract for row in list_vendor_rows(demo, CHOSEN_ON))
    assert on_the_day == {
        ContractStatus.OK: 4,
        ContractStatus.DUE_SOON: 1,
        ContractStatus.EXPIRED: 1,
        ContractStatus.MISSING: 1,
        ContractStatus.NOT_NEEDED: 1,
    }
    # Every vendor serves at least one activity, and the link table agrees with the count.
    for row in rows:
        assert row.activity_count >= 1, row.name
        assert len(activities_using_vendor(demo, row.id)) == row.activity_count


def test_the_demo_transfers_to_an_adequate_and_a_non_adequate_country(demo: Workspace) -> None:
    vendors = {row.id: row for row in list_vendor_rows(demo)}
    transfers = [t for activity in _activities(demo) for t in activity["transfers"]]
    adequate = [t for t in transfers if t["mechanism"] == "adequacy"]
    assert {t["destination"] for t in adequate} >= {"US", "GB"}
    assert all(adequacy_decision(t["destination"]) is not None for t in adequate)
    under_sccs = [t for t in transfers if t["mechanism"] == "scc"]
    assert under_sccs and {t["destination"] for t in under_sccs} == {"IN"}
    for transfer in under_sccs:
        assert adequacy_decision(transfer["destination"]) is None
        assert transfer["scc_module"] == "2"
        assert transfer["safeguard_document"]
    # Each transfer names the vendor that receives it, established in the destination.
    for transfer in transfers:
        assert vendors[transfer["vendor_id"]].country == transfer["destination"]


def test_the_checks_find_a_realistic_mix(demo: Workspace) -> None:
    findings = {
        activity["reference"]: activity_findings(activity.values, CHOSEN_ON)
        for activity in _activities(demo)
    }
    with_errors = {
        reference: [f.rule for f in found if f.severity is Severity.ERROR]
        for reference, found in findings.items()
        if any(f.severity is Severity.ERROR for f in found)
    }
    # The one error is the draft that lacks an Art. 9 condition for fingerprints.
    assert with_errors == {"PA-016": ["Art. 9(2)"]}
    warned = {
        reference
        for reference, found in findings.items()
        if any(f.severity is Severity.WARNING for f in found)
    }
    assert 3 <= len(warned) <= 6
    rules = Counter(f.rule for found in findings.values() for f in found)
    assert rules["Art. 24(1)"] >= 2  # overdue reviews
    assert rules["Art. 5(1)(e)"] == 1  # the one open-ended retention period
    clean = [reference for reference, found in findings.items() if not found]
    assert len(clean) >= len(findings) // 2


def test_the_demo_uses_the_catalogue_labels(demo: Workspace) -> None:
    def labels(catalogue: str) -> set[str]:
        return {entry["label"] for entry in shipped_entries(catalogue)}

    categories, people, measures = (
        labels("data_categories"),
        labels("data_subject_categories"),
        labels("security_measures"),
    )
    kinds = {entry["label"]: entry["kind"] for entry in shipped_entries("data_categories")}
    planned = {plan["activity_id"] for plan in list_records(demo, "collection_plan")}
    for activity in _activities(demo):
        # A plan's entry names the plan's own pieces of data ("E-mail address"), not the
        # catalogue's categories; the plan tests check those.
        for category in [] if activity.id in planned else activity["data_categories"]:
            assert category["category"] in categories, category["category"]
            assert category["kind"] == kinds[category["category"]], category["category"]
        assert set(activity["data_subjects"]) <= people, activity["data_subjects"]
        assert set(activity["security_measures"]) <= measures, activity["security_measures"]
    for record in list_records(demo, "processor_activity"):
        assert set(record["security_measures"]) <= measures


def test_the_demo_register_is_complete_where_the_law_asks(demo: Workspace) -> None:
    activities = _activities(demo)
    keys_used = 0
    art14_sources = 0
    for activity in activities:
        purposes = {purpose["key"]: purpose for purpose in activity["purposes"]}
        for purpose in purposes.values():
            if purpose["basis"] == "6.1.c":
                assert purpose["basis_reference"], purpose
            if purpose["basis"] == "6.1.f":
                assert purpose["legitimate_interest"], purpose
        for category in activity["data_categories"]:
            assert category["retention_period"], category
            assert set(category["purpose_keys"]) <= set(purposes), category
            keys_used += len(category["purpose_keys"])
            art14_sources += category["source"] != "data_subject"
        assert activity["recipients"], activity["reference"]
    assert keys_used > len(activities)
    assert art14_sources >= 3

    by_reference = {activity["reference"]: activity for activity in activities}
    health = by_reference["PA-012"]
    assert all(
        p["art9_condition"] == "9.2.b" and p["national_law_reference"] for p in health["purposes"]
    )
    automated = [activity for activity in activities if activity["automated_decisions"]]
    assert len(automated) == 1
    assert automated[0]["automated_logic"] and automated[0]["automated_significance"]


def test_the_demo_uses_only_reserved_example_addresses(demo: Workspace) -> None:
    addresses = [person["email"] for person in list_team(demo)]
    addresses += [org["email"] for org in list_organisations(demo)]
    addresses += [org["dpo_email"] for org in list_organisations(demo) if org["dpo_email"]]
    addresses += [vendor["contact_email"] for vendor in list_records(demo, "vendor")]
    addresses += [
        request["requester_contact"]
        for request in list_records(demo, "rights_request")
        if request["requester_contact"]
    ]
    assert addresses and all(address.endswith(".example") for address in addresses), addresses


def test_the_shipped_register_file_names_records_the_demo_has() -> None:
    """A typo in register.json would only show when the demo is created: catch it here."""
    data = load_json("demo/workspace.json")
    register = load_json("demo/register.json")
    people = {person["name"] for person in data["team"]}
    organisations = {org["legal_name"] for org in data["organisations"]}
    vendors = {vendor["name"] for vendor in register["vendors"]}
    for activity in register["activities"]:
        assert activity["owner"] in people
        assert activity["controller"] in organisations
        for entry in activity["recipients"] + activity["transfers"]:
            if "vendor" in entry:
                assert entry["vendor"] in vendors
    for record in register["processor_activities"]:
        assert record["processor"] in organisations
    log = load_json("demo/requests_breaches.json")
    references = {activity["reference"] for activity in register["activities"]}
    for request in log["requests"]:
        assert request["organisation"] in organisations
        assert set(request["activities"]) <= references, request["reference"]
    for breach in log["breaches"]:
        assert breach["organisation"] in organisations


# --- The requests log and the breach register -------------------------------------------------

COUNTRIES = {"Maison Lumière SAS": "FR", "Lumière Logistik GmbH": "DE"}


def _state(values: dict[str, object], country: str, today: date) -> str:
    """What the requests page shows for a request on `today`."""
    if values["status"] == "closed":
        return f"closed:{values['outcome']}"
    days_left = (deadline_of(values, country, today).due - today).days
    if days_left < 0:
        return "overdue"
    if values.get("identity_check") == "requested" and not values.get("identity_received_on"):
        return "paused"
    if days_left <= 7:
        return "due_soon"
    if values.get("extended"):
        return "extended"
    return "open"


EXPECTED_STATES = {
    "overdue": 1,
    "due_soon": 1,
    "paused": 1,
    "extended": 1,
    "open": 1,
    "closed:fulfilled": 5,
    "closed:partly": 1,
    "closed:refused": 1,
    "closed:no_data": 1,
}


def test_the_demo_log_has_requests_in_every_state(demo: Workspace) -> None:
    organisations = {org.id: org for org in list_organisations(demo)}
    requests = {request["reference"]: request for request in list_records(demo, "rights_request")}
    assert len(requests) >= 12
    today = date.today()
    states = Counter(
        _state(request.values, organisations[request["organisation_id"]]["country"], today)
        for request in requests.values()
    )
    assert states == EXPECTED_STATES
    # Both companies receive requests; every right and every channel appears.
    assert {organisations[r["organisation_id"]]["legal_name"] for r in requests.values()} == set(
        COUNTRIES
    )
    assert {t for r in requests.values() for t in r["types"]} == {t.value for t in RequestType}
    assert len({r["channel"] for r in requests.values()}) == 6
    rows = {row.reference: row for row in list_request_rows(demo)}
    assert [ref for ref, row in rows.items() if row.overdue] == ["REQ-009"]
    assert [ref for ref, row in rows.items() if row.due_soon] == ["REQ-010"]
    assert not any(row.extension_late for row in rows.values())
    # The extended request says why, and told the person within the first month.
    extended = [r for r in requests.values() if r["extended"]]
    assert len(extended) == 1 and extended[0]["extension_reason"]
    assert rows[extended[0]["reference"]].deadline.explanation[0].endswith("(extended)")
    # The paused one waits for a proof without any document stored; its date moved on.
    (paused,) = [r for r in requests.values() if r["identity_check"] == "requested"]
    assert paused["identity_requested_on"] and paused["identity_received_on"] is None
    assert "waiting for proof of identity" in rows[paused["reference"]].deadline.text
    # Closed requests were answered in time, and a refusal or partial answer says why.
    for request in requests.values():
        if request["status"] == "closed":
            country = organisations[request["organisation_id"]]["country"]
            assert request["received_on"] <= request["closed_on"] <= today
            assert request["closed_on"] <= deadline_of(request.values, country, today).due
            if request["outcome"] in (Outcome.REFUSED, Outcome.PARTLY):
                assert "Art. 12(4)" in request["refusal_ground"]
        else:
            assert request["outcome"] is None and request["closed_on"] is None


def test_the_demo_requests_keep_their_state_whatever_the_day() -> None:
    """The dates are relative to the day the demo is created: the picture never changes, even
    around month ends, Easter, Christmas or a German holiday."""
    log = load_json("demo/requests_breaches.json")
    organisations = {name: number for number, name in enumerate(COUNTRIES, start=1)}
    countries = {organisations[name]: country for name, country in COUNTRIES.items()}
    today = date(2026, 1, 1)
    while today < date(2031, 1, 1):
        states: Counter[str] = Counter()
        for raw in log["requests"]:
            values = request_values(raw, organisations, today)
            country = countries[values["organisation_id"]]
            states[_state(values, country, today)] += 1
            if values.get("extended"):
                notice_by = extension_notice_deadline(values["received_on"], country, today=today)
                assert values["extension_notified_on"] <= notice_by, today
        assert states == EXPECTED_STATES, today
        today += timedelta(days=1)


def test_the_demo_has_a_notified_and_a_not_notifiable_breach(demo: Workspace) -> None:
    organisations = {org.id: org["legal_name"] for org in list_organisations(demo)}
    rows = {row.reference: row for row in list_breach_rows(demo)}
    assert list(rows) == ["BR-002", "BR-001"]  # latest awareness first
    assert {ref: row.clock_state() for ref, row in rows.items()} == {
        "BR-001": "notified",
        "BR-002": "not_notifiable",
    }
    breaches = {breach["reference"]: breach for breach in list_records(demo, "breach")}
    notified, judged = breaches["BR-001"], breaches["BR-002"]

    assert organisations[notified["organisation_id"]] == "Maison Lumière SAS"
    assert notified["types"] == ["confidentiality"] and not notified["special_or_criminal"]
    assert 100 <= notified["approx_subjects"] <= 150
    assert notified["aware_at"] < notified["authority_notified_at"] <= rows["BR-001"].clock.deadline
    assert "CNIL" in notified["authority"] and notified["authority_reference"]
    assert notified["measures_taken"] and notified["risk_level"] == "risk"
    assert breach_risk(demo, notified.id).level == "risk"

    assert organisations[judged["organisation_id"]] == "Lumière Logistik GmbH"
    assert judged["encrypted"] and judged["risk_level"] == "none"
    assert judged["authority_notified_at"] is None and judged["people_told_at"] is None
    assert "Art. 34(3)(a)" in judged["risk_reasoning"]
    assert "Art. 33(5)" in judged["risk_reasoning"]
    assert "key is not compromised" in judged["risk_reasoning"]
    assert breach_risk(demo, judged.id).level == "none"

    for breach in breaches.values():
        assert breach["time_zone"] == "Europe/Paris"
        assert breach["aware_at"] < datetime.now(UTC)
        assert breach["occurred_from"] <= breach["detected_at"] <= breach["aware_at"]
        assert breach["risk_reasoning"] and breach["closed_on"]


def test_the_breach_times_are_paris_times_whatever_the_day() -> None:
    log = load_json("demo/requests_breaches.json")
    organisations = dict.fromkeys(COUNTRIES, 1)
    # A day in winter time and one in summer time: 09:40 in Paris is 08:40 or 07:40 UTC.
    for today, utc_hour in ((date(2027, 2, 9), 8), (date(2027, 8, 10), 7)):
        values = breach_values(log["breaches"][0], organisations, today)
        assert values["aware_at"].date() == today - timedelta(days=40)
        assert values["aware_at"].astimezone(UTC).hour == utc_hour
        notified_after = values["authority_notified_at"] - values["aware_at"]
        assert timedelta(hours=48) < notified_after < timedelta(hours=72)


def test_the_demo_can_be_dated_to_any_day(workspace_target: str) -> None:
    day = date(2028, 2, 29)
    workspace = create_demo_workspace(workspace_target, today=day)
    try:
        rows = {row.reference: row for row in list_request_rows(workspace, today=day)}
        assert rows["REQ-001"].received_on == day - timedelta(days=118)
        assert [ref for ref, row in rows.items() if row.overdue] == ["REQ-009"]
        assert [ref for ref, row in rows.items() if row.due_soon] == ["REQ-010"]
        breaches = {row.reference: row for row in list_breach_rows(workspace)}
        assert breaches["BR-002"].aware_at.date() == day - timedelta(days=12)
    finally:
        workspace.close()


# --- the demo's plans -------------------------------------------------------------------------


def test_the_demo_has_a_newsletter_and_a_loyalty_plan(demo: Workspace) -> None:
    plans = {plan["name"]: plan for plan in list_records(demo, "collection_plan")}
    vendors = {row.name: row.id for row in list_vendor_rows(demo)}
    activities = {}
    for plan in plans.values():
        assert plan["status"] == "complete" and plan_problems(plan.values) == []
        activity = get_activity(demo, plan["activity_id"])
        assert (activity["status"], activity["name"]) == ("draft", plan["name"])
        assert activity["controller_id"] == plan["organisation_id"]
        activities[plan["reference"]] = activity["reference"]
    assert activities == {"PLAN-001": "PA-017", "PLAN-002": "PA-018"}
    newsletter, loyalty = (
        plans["Newsletter sign-up"],
        plans["Loyalty programme with member card"],
    )

    removed = [d["label"] for d in newsletter["data"] if d["decision"] == "remove"]
    assert removed == ["Date of birth"]
    assert newsletter["recipients"][0]["vendor_id"] == vendors["Sendloft Inc."]
    assert newsletter["transfers"][0]["vendor_id"] == vendors["Sendloft Inc."]

    # The birthday voucher keeps the date of birth, with the reason written down.
    (flag,) = minimisation_flags(loyalty.values)
    dob = next(d for d in loyalty["data"] if d["key"] == flag.data_key)
    assert dob["catalogue_key"] == "date_of_birth" and dob["decision"] == "keep"
    assert flag.resolved and dob["justification"]
    # Personalised offers from the purchase history: profiling, screened with notes.
    offers = {
        p["key"] for p in loyalty["purposes"] if p["purpose_type"] == "personalised_marketing"
    }
    history = next(d for d in loyalty["data"] if d["catalogue_key"] == "purchase_history")
    assert offers & set(history["purpose_keys"])
    assert "evaluation" in loyalty["screening"] and loyalty["screening_notes"]
    # The card provider is a processor still to be contracted: no vendor of the demo yet.
    card = loyalty["recipients"][0]
    assert card["type"] == "processor" and card["vendor_id"] is None
    assert "Check that the Art. 28 contract with Cartaplus Fidélité SAS is signed." in (
        open_actions(loyalty.values)
    )
    assert all(d["retention_period"] for d in loyalty["data"] if d["decision"] == "keep")


def test_the_demo_has_an_approved_dpia_one_in_progress_and_its_assessments(
    demo: Workspace,
) -> None:
    from app.domain.dpia_questions import QUESTIONS
    from app.services.dpia import list_dpia_rows, list_versions

    rows = {row.reference: row for row in list_dpia_rows(demo)}
    assert {ref: row.status_code for ref, row in rows.items()} == {
        "DPIA-001": "approved",
        "DPIA-002": "draft",
    }
    approved = next(d for d in list_records(demo, "dpia") if d["status"] == "approved")
    assert "loyalty" in approved["title"].lower()
    assert {a["question"] for a in approved["answers"]} == set(QUESTIONS)
    stages = ("inherent", "current", "residual")
    assert [r["event"] for r in approved["risks"]] == [
        "illegitimate_access",
        "unwanted_modification",
        "disappearance",
    ]
    assert all(
        r[f"{s}_{a}"] for r in approved["risks"] for s in stages for a in ("severity", "likelihood")
    )
    assert 8 <= len(approved["measures"]) <= 12
    planned = [m for m in approved["measures"] if m["status"] == "planned"]
    assert planned and all(m["owner"] and m["due_on"] for m in planned)
    assert approved["dpo_opinion"] and approved["people_views"] and approved["reviews"]
    (version,) = list_versions(demo, approved.id)
    assert version["status"] == "approved" and len(version["content_hash"]) == 64
    assert rows["DPIA-002"].risks == 4 and rows["DPIA-002"].highest_residual is None

    screenings = list_records(demo, "activity_screening")
    refused = [s for s in screenings if s["decision"] == "not_needed" and len(s["criteria"]) >= 2]
    assert len(screenings) >= 3 and len(refused) == 1 and refused[0]["justification"]
    assert len(list_records(demo, "lia")) == 1 and len(list_records(demo, "tia")) == 1
