"""Data collection plans: the wizard's rules, the plan and its register entry written as one
change, the answers file, and what a plan tells the business; on SQLite and PostgreSQL."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from app.domain.collection_plan import Decision, PlanStatus
from app.domain.plan_advice import applicable_guidance, open_actions
from app.domain.plan_rules import PlanStep, minimisation_flags, plan_problems
from app.errors import UserError, ValidationError
from app.services.changes import list_records, revert_change
from app.services.organisations import add_organisation
from app.services.plan_answers import link_vendors, read_answers, write_answers
from app.services.plans import create_plan, find_plan, get_plan, list_plan_rows, update_plan
from app.services.register import add_vendor, delete_activity, get_activity
from app.storage.workspace import Workspace


def complete_plan() -> dict[str, Any]:
    """A webshop checkout plan that passes every check of the wizard."""
    return {
        "name": "Checkout",
        "objective": "Sell and deliver our lamps online.",
        "channel": "checkout",
        "data_subjects": ["Customers"],
        "purposes": [
            {"key": "deliver", "purpose": "Deliver orders", "purpose_type": "deliver",
             "basis": "6.1.b"},
            {"key": "tax", "purpose": "Keep invoices", "purpose_type": "legal_records",
             "basis": "6.1.c", "basis_reference": "Code de commerce L123-22"},
        ],
        "data": [
            {"key": "name", "label": "Last name", "catalogue_key": "last_name",
             "purpose_keys": ["deliver", "tax"], "mandatory": True,
             "retention_period": "10 years", "retention_trigger": "End of the financial year",
             "end_action": "archive", "access": "Sales"},
            {"key": "address", "label": "Delivery address", "catalogue_key": "delivery_address",
             "purpose_keys": ["deliver"], "mandatory": True, "retention_period": "3 years",
             "access": "Logistics"},
            {"key": "phone", "label": "Phone number", "catalogue_key": "phone_number",
             "purpose_keys": ["deliver"], "retention_period": "3 years"},
            {"key": "dob", "label": "Date of birth", "catalogue_key": "date_of_birth",
             "purpose_keys": ["deliver"], "decision": "remove",
             "justification": "Not needed to deliver."},
        ],
        "internal_access": ["Sales", "Logistics"],
        "recipients": [{"type": "processor", "name": "Parcel Express"}],
        "transfers": [{"destination": "US", "importer": "Parcel Express",
                       "mechanism": "adequacy", "safeguard_document": "DPF list"}],
        "security_measures": ["Least privilege"],
        "information_method": "Notice at the checkout.",
        "rights_channel": "privacy@acme.example",
        "screening": [],
    }  # fmt: skip


def counts(ws: Workspace) -> tuple[int, int]:
    return len(list_records(ws, "collection_plan")), len(list_records(ws, "processing_activity"))


# --- creating a plan and its register entry ---------------------------------------------------


def test_a_complete_plan_creates_its_register_entry(workspace: Workspace) -> None:
    result = create_plan(workspace, complete_plan(), actor="tester")
    plan = result.record
    assert plan.record_type == "collection_plan"
    assert plan["reference"] == "PLAN-001" and plan["status"] == PlanStatus.COMPLETE
    activity = get_activity(workspace, plan["activity_id"])
    assert activity["status"] == "draft" and activity["reference"] == "PA-001"
    assert activity["name"] == "Checkout"
    assert activity["description"] == "Sell and deliver our lamps online."
    assert [(p["key"], p["basis"]) for p in activity["purposes"]] == [
        ("deliver", "6.1.b"),
        ("tax", "6.1.c"),
    ]
    assert activity["purposes"][1]["basis_reference"] == "Code de commerce L123-22"
    categories = {c["category"]: c for c in activity["data_categories"]}
    # The data decided against is no category of the register.
    assert list(categories) == ["Last name", "Delivery address", "Phone number"]
    name = categories["Last name"]
    assert name["purpose_keys"] == ["deliver", "tax"]
    assert (name["retention_period"], name["retention_trigger"], name["end_action"]) == (
        "10 years",
        "End of the financial year",
        "archive",
    )
    # Art. 13(2)(e): mandatory data needed for a contract; optional data is optional.
    assert name["requirement"] == "contract_prerequisite" and name["consequence"]
    assert categories["Phone number"]["requirement"] == "none"
    assert {c["source"] for c in categories.values()} == {"data_subject"}
    assert activity["recipients"] == [
        {"type": "processor", "name": "Parcel Express", "vendor_id": None}
    ]
    assert activity["transfers"][0]["destination"] == "US"
    assert activity["transfers"][0]["mechanism"] == "adequacy"
    assert activity["security_measures"] == ["Least privilege"]
    assert activity["data_subjects"] == ["Customers"]


def test_data_from_a_partner_is_recorded_as_from_a_third_party(workspace: Workspace) -> None:
    values = complete_plan() | {"channel": "partner", "channel_detail": "Lists from Lampes SA"}
    activity = get_activity(workspace, create_plan(workspace, values).record["activity_id"])
    assert {c["source"] for c in activity["data_categories"]} == {"third_party"}
    assert {c["source_detail"] for c in activity["data_categories"]} == {"Lists from Lampes SA"}


def test_data_only_a_law_requires_is_a_statutory_requirement(workspace: Workspace) -> None:
    values = complete_plan()
    values["data"][0]["purpose_keys"] = ["tax"]
    activity = get_activity(workspace, create_plan(workspace, values).record["activity_id"])
    assert activity["data_categories"][0]["requirement"] == "statutory"


def test_one_undo_takes_back_the_plan_and_its_register_entry(workspace: Workspace) -> None:
    result = create_plan(workspace, complete_plan())
    assert counts(workspace) == (1, 1)
    revert_change(workspace, result.change_id)
    assert counts(workspace) == (0, 0)


def test_an_incomplete_plan_is_refused_naming_the_entry(workspace: Workspace) -> None:
    values = complete_plan()
    values["data"][1]["retention_period"] = ""
    values["purposes"][1]["basis_reference"] = ""
    with pytest.raises(ValidationError) as raised:
        create_plan(workspace, values)
    message = str(raised.value)
    assert "entry 2 (Delivery address): say how long it is kept" in message
    assert "entry 2 (Keep invoices): name the law that requires it" in message
    assert {error.field for error in raised.value.errors} == {"data", "purposes"}
    assert counts(workspace) == (0, 0)


def test_a_draft_plan_is_saved_without_a_register_entry(workspace: Workspace) -> None:
    plan = create_plan(workspace, {"name": "Idea"}, complete=False).record
    assert plan["status"] == PlanStatus.DRAFT and plan["activity_id"] is None
    assert counts(workspace) == (1, 0)
    assert find_plan(workspace, "PLAN-001").id == plan.id
    assert find_plan(workspace, str(plan.id)).id == plan.id
    with pytest.raises(UserError, match="PLAN-404"):
        find_plan(workspace, "PLAN-404")


def test_a_bad_value_is_refused_naming_the_field(workspace: Workspace) -> None:
    with pytest.raises(ValidationError, match="Where the data is collected: “fax”"):
        create_plan(workspace, complete_plan() | {"channel": "fax"})
    assert counts(workspace) == (0, 0)


def test_updating_a_complete_plan_updates_its_register_entry(workspace: Workspace) -> None:
    plan = create_plan(workspace, complete_plan()).record
    data = copy.deepcopy(plan["data"])
    data[0]["retention_period"] = "6 years"
    data[2]["decision"] = Decision.REMOVE.value
    data[2]["justification"] = "Delivery works with the e-mail address."
    result = update_plan(workspace, plan.id, {"data": data, "name": "Web checkout"}, plan.version)
    assert result.record["name"] == "Web checkout"
    activity = get_activity(workspace, plan["activity_id"])
    assert activity["name"] == "Web checkout"
    assert [c["category"] for c in activity["data_categories"]] == [
        "Last name",
        "Delivery address",
    ]
    assert activity["data_categories"][0]["retention_period"] == "6 years"
    assert counts(workspace) == (1, 1)
    # One change for both records: one undo restores both.
    revert_change(workspace, result.change_id)
    assert get_activity(workspace, plan["activity_id"])["name"] == "Checkout"
    assert get_plan(workspace, plan.id)["name"] == "Checkout"


def test_a_complete_plan_cannot_be_saved_incomplete(workspace: Workspace) -> None:
    plan = create_plan(workspace, complete_plan()).record
    with pytest.raises(ValidationError, match="Business objective: is required"):
        update_plan(workspace, plan.id, {"objective": ""}, plan.version)
    assert get_plan(workspace, plan.id)["objective"] == "Sell and deliver our lamps online."


def test_completing_a_draft_creates_its_register_entry(workspace: Workspace) -> None:
    plan = create_plan(workspace, complete_plan(), complete=False).record
    assert plan["activity_id"] is None
    result = update_plan(workspace, plan.id, {"status": "complete"}, plan.version)
    activity_id = result.record["activity_id"]
    assert activity_id is not None
    assert get_activity(workspace, activity_id)["name"] == "Checkout"


def test_the_register_entry_of_a_plan_cannot_be_deleted(workspace: Workspace) -> None:
    plan = create_plan(workspace, complete_plan()).record
    with pytest.raises(UserError, match="PA-001 is the register entry of the collection plan"):
        delete_activity(workspace, plan["activity_id"], None)
    assert counts(workspace) == (1, 1)


def test_the_list_shows_each_plan_with_its_entry(workspace: Workspace) -> None:
    create_plan(workspace, complete_plan())
    create_plan(workspace, {"name": "Idea"}, complete=False)
    rows = list_plan_rows(workspace)
    assert [(r.reference, r.status, r.data, r.removed, r.activity_reference) for r in rows] == [
        ("PLAN-001", "Complete", 3, 1, "PA-001"),
        ("PLAN-002", "Draft", 0, 0, None),
    ]
    assert rows[0].organisation == "Acme Online SAS"


# --- the wizard's rules -----------------------------------------------------------------------


def test_minimisation_flags_data_without_a_purpose_or_not_needed() -> None:
    values = complete_plan()
    values["purposes"].append(
        {"key": "news", "purpose": "Newsletter", "purpose_type": "newsletter", "basis": "6.1.a"}
    )
    values["data"] += [
        {"key": "dob2", "label": "Birthday", "catalogue_key": "date_of_birth",
         "purpose_keys": ["news"], "retention_period": "1 year"},
        {"key": "orphan", "label": "Shoe size", "purpose_keys": [], "retention_period": "1 year"},
    ]  # fmt: skip
    flags = {flag.data_key: flag for flag in minimisation_flags(values)}
    # The removed date of birth is a decision taken, not a flag.
    assert set(flags) == {"dob2", "orphan"}
    assert flags["orphan"].unused and "No purpose uses “Shoe size”" in flags["orphan"].reason
    assert not flags["dob2"].resolved and not flags["dob2"].unused
    problems = [str(p) for p in plan_problems(values, [PlanStep.MINIMISATION])]
    assert len(problems) == 1 and "“Birthday”: remove it or write why" in problems[0]
    # A justification resolves the flag; it stays visible as a decision.
    values["data"][4]["justification"] = "A birthday offer."
    assert minimisation_flags(values)[0].resolved
    assert plan_problems(values, [PlanStep.MINIMISATION]) == []


def test_a_purpose_of_another_kind_is_never_flagged() -> None:
    values = complete_plan()
    values["purposes"].append(
        {"key": "misc", "purpose": "Something", "purpose_type": "other", "basis": "6.1.a"}
    )
    values["data"].append(
        {"key": "dob2", "label": "Birthday", "catalogue_key": "date_of_birth",
         "purpose_keys": ["misc"], "retention_period": "1 year"}
    )  # fmt: skip
    assert minimisation_flags(values) == []


@pytest.mark.parametrize(
    ("kind", "field", "value", "expected"),
    [
        ("special", "art9_condition", "9.2.a", "needs an Art. 9 condition"),
        ("criminal", "art10_basis", "Code du travail", "needs the law that authorises it"),
    ],
)
def test_special_and_criminal_data_need_their_condition(
    kind: str, field: str, value: str, expected: str
) -> None:
    values = complete_plan()
    values["data"][2]["kind"] = kind
    problems = [str(p) for p in plan_problems(values)]
    assert (
        len(problems) == 1 and expected in problems[0] and "entry 3 (Phone number)" in problems[0]
    )
    values["purposes"][0][field] = value
    assert plan_problems(values) == []


def test_two_risk_criteria_need_written_notes() -> None:
    values = complete_plan() | {"screening": ["evaluation"]}
    assert plan_problems(values, [PlanStep.RISKS]) == []
    values["screening"] = ["evaluation", "large_scale"]
    (problem,) = plan_problems(values, [PlanStep.RISKS])
    assert problem.field == "screening_notes" and "two or more risk criteria" in problem.message
    values["screening_notes"] = "DPIA planned for March."
    assert plan_problems(values, [PlanStep.RISKS]) == []


def guidance_keys(values: dict[str, Any]) -> set[str]:
    return {entry.key for entry in applicable_guidance(values)}


def test_the_guidance_and_actions_follow_the_plan() -> None:
    values = complete_plan()
    keys = guidance_keys(values)
    assert {
        "always_minimise_fields",
        "contract_only_necessary",
        "vendors_processor_contract",
    } <= keys
    assert {"transfers_chapter_v_tool", "payment_use_tokens"} & keys == {"transfers_chapter_v_tool"}
    assert not keys & {"consent_keep_proof", "dpia_before_start", "partner_check_origin"}
    dos = [entry.kind for entry in applicable_guidance(values)]
    assert dos == sorted(dos)  # the Dos, then the Don'ts
    assert open_actions(values) == [
        "Check that the Art. 28 contract with Parcel Express is signed."
    ]

    values["purposes"][0] |= {"basis": "6.1.a"}
    values["purposes"].append(
        {"key": "fraud", "purpose": "Stop fraud", "purpose_type": "security", "basis": "6.1.f",
         "legitimate_interest": "Fraud costs"}
    )  # fmt: skip
    values |= {"channel": "partner", "screening": ["evaluation", "large_scale"]}
    values["transfers"][0]["safeguard_document"] = ""
    values["security_measures"] = []
    keys = guidance_keys(values)
    assert {"consent_keep_proof", "li_balancing_test", "dpia_before_start"} <= keys
    assert {"partner_check_origin", "profiling_inform"} <= keys
    actions = open_actions(values)
    assert "Set up how consent to “Deliver orders” is asked, recorded and withdrawn." in actions
    assert "Write the legitimate-interests assessment for “Stop fraud”." in actions
    assert "Carry out a data protection impact assessment before collecting." in actions
    assert "File the safeguard document for the transfer to US." in actions
    assert "Choose the security measures that protect the data." in actions


# --- the answers file -------------------------------------------------------------------------


def test_answers_round_trip_to_another_workspace(workspace: Workspace, tmp_path: Path) -> None:
    plan = create_plan(workspace, complete_plan()).record
    path = write_answers(tmp_path / "checkout.json", plan.values)
    document = json.loads(path.read_text(encoding="utf-8"))
    # Nothing local to the first workspace travels with the answers.
    assert not {"reference", "organisation_id", "activity_id", "status"} & set(document["answers"])
    assert "vendor_id" not in document["answers"]["recipients"][0]

    other = Workspace.create(tmp_path / "client.pwb")
    try:
        add_organisation(other, {"legal_name": "Client GmbH", "country": "DE"})
        vendor = add_vendor(
            other, {"name": "PARCEL EXPRESS", "country": "US", "role": "processor"}
        ).record
        answers = link_vendors(other, read_answers(path))
        copied = create_plan(other, answers).record
        assert copied["reference"] == "PLAN-001"
        assert copied["recipients"][0]["vendor_id"] == vendor.id
        assert copied["transfers"][0]["vendor_id"] == vendor.id
        for name in ("objective", "purposes", "data", "screening", "security_measures"):
            assert copied[name] == plan[name], name
        activity = get_activity(other, copied["activity_id"])
        assert activity["recipients"][0]["vendor_id"] == vendor.id
    finally:
        other.close()


def test_vendor_ids_in_an_answers_file_are_not_trusted(
    workspace: Workspace, tmp_path: Path
) -> None:
    add_vendor(workspace, {"name": "Someone Else", "country": "FR", "role": "processor"})
    document = {
        "format": "privacy-workbench/collection-plan",
        "version": 1,
        "answers": {"recipients": [{"type": "processor", "name": "Unknown", "vendor_id": 1}]},
    }
    path = tmp_path / "ids.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    answers = link_vendors(workspace, read_answers(path))
    assert answers["recipients"][0]["vendor_id"] is None


ANSWERS = '{"format": "privacy-workbench/collection-plan", "version": 1, "answers": %s}'


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{ not json", r"is not valid JSON \(line 1, column 3\)"),
        ('["a list"]', "is not a collection-plan answers file"),
        ('{"format": "something/else", "answers": {}}', "is not a collection-plan answers file"),
        ('{"format": "privacy-workbench/collection-plan", "version": 9, "answers": {}}',
         "has answers version 9"),
        (ANSWERS % '"text"', "“answers” must be an object"),
        (ANSWERS % '{"name": "x", "colour": "red"}', "colour: is not a question"),
        (ANSWERS % '{"activity_id": 3}', "activity_id: is not a question"),
    ],
)  # fmt: skip
def test_a_bad_answers_file_is_refused_clearly(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "answers.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError, match=expected) as raised:
        read_answers(path)
    assert "\n" not in str(raised.value)


def test_a_missing_or_unreadable_answers_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"absent\.json does not exist"):
        read_answers(tmp_path / "absent.json")
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"answers": "caf\xe9"}')
    with pytest.raises(UserError, match=r"latin\.json cannot be read"):
        read_answers(latin)


def test_the_plans_risk_answers_become_the_entrys_dpia_screening(workspace: Workspace) -> None:
    from app.services.screenings import screening_view

    answers = complete_plan()
    answers["screening"] = ["evaluation", "large_scale"]
    answers["screening_notes"] = "A DPIA will be carried out before launch."
    plan = create_plan(workspace, answers, actor="tester").record
    view = screening_view(workspace, plan["activity_id"])
    assert view.record is not None
    assert view.record["criteria"] == ["evaluation", "large_scale"]
    assert view.record["justification"] == "A DPIA will be carried out before launch."
    assert view.result.outcome == "likely_required"
    # Editing the plan's answers keeps the screening in step, in the same change.
    current = get_plan(workspace, plan.id)
    update_plan(workspace, plan.id, {"screening": ["evaluation"]}, current.version)
    assert screening_view(workspace, plan["activity_id"]).record["criteria"] == ["evaluation"]


def test_a_plan_without_risk_answers_leaves_no_screening(workspace: Workspace) -> None:
    from app.services.screenings import screening_view

    plan = create_plan(workspace, complete_plan(), actor="tester").record
    assert screening_view(workspace, plan["activity_id"]).record is None
