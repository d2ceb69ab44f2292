"""The privacy policy's facts and checklist, from a register that trips every Art. 13 and
Art. 14 trigger (N01-N18); and a fact removed from the register removes its sentence.

`build_full_register` and `EXPECTED` are shared with the report, CLI and page tests.
"""

from __future__ import annotations

from typing import Any

import pytest

from app.services.changes import apply_change
from app.services.organisations import update_organisation
from app.services.policy import build_policy
from app.services.register import add_activity, add_vendor, update_activity
from app.storage.workspace import Workspace

ORG_ID = 1

# One sentence (or value) each checklist item makes the policy say, as the reader sees it.
EXPECTED = {
    "N01": ["Acme Online SAS", "privacy@acme.example"],
    "N02": ["Union Rep BV"],
    "N03": ["dpo@acme.example"],
    "N04": ["Delivering the orders customers place"],
    "N05": ["Legal basis: Contract (Art. 6(1)(b))", "Legal basis: Public task (Art. 6(1)(e))"],
    "N06": ["Our legitimate interest: Stopping card fraud against the shop"],
    "N07": ["Credit score"],
    "N08": ["Parcel Couriers SA"],
    "N09": [
        "India, to Byte Support Pvt",
        "standard contractual clauses",
        "copy of these safeguards",
    ],
    "N10": ["7 years, counted from: End of the financial year"],
    "N11": ["Have it erased.", "Take it with you."],
    "N12": ["you can withdraw your consent at any time"],
    "N13": ["Commission Nationale de l'Informatique et des Libertés (CNIL)", "www.cnil.fr"],
    "N14": ["If you do not provide it: We cannot ship your order"],
    "N15": ["Obtained from another source: Credit Agency GmbH", "publicly accessible source"],
    "N16": ["Each order gets a score from its history", "A low score blocks the order"],
    "N17": ["Your right to object.", "direct marketing"],
    "N18": ["Partner Shop GmbH handles requests for access"],
}


def _purpose(key: str, text: str, basis: str, **more: Any) -> dict[str, Any]:
    return {"key": key, "purpose": text, "basis": basis, **more}


def build_full_register(workspace: Workspace, *, hostile: str = "") -> None:
    """An organisation with a DPO, a representative and a lead authority, and two activities
    that between them trip every item. `hostile`, when given, is put into every text the
    policy prints (names, purposes, categories, recipients, sources)."""
    tag = f" {hostile}" if hostile else ""
    update_organisation(
        workspace,
        ORG_ID,
        {
            "legal_name": f"Acme Online SAS{tag}",
            "address": "1 rue de la Paix\n75002 Paris",
            "email": "privacy@acme.example",
            "phone": "+33 1 00 00 00 00",
            "dpo_kind": "external",
            "dpo_name": f"Dana Protect{tag}",
            "dpo_email": "dpo@acme.example",
            "representative_name": "Union Rep BV",
            "representative_address": "Keizersgracht 1, Amsterdam",
            "representative_email": "rep@union.example",
            "lead_authority": "Commission Nationale de l'Informatique et des Libertés (CNIL)",
        },
        None,
    )
    vendor = add_vendor(
        workspace,
        {"name": "Byte Support Pvt", "country": "IN", "role": "processor", "service": "IT support"},
    ).record.id
    add_activity(
        workspace,
        {
            "name": f"Web shop{tag}",
            "status": "active",
            "data_subjects": [f"Customers{tag}"],
            "purposes": [
                _purpose("order", f"Delivering the orders customers place{tag}", "6.1.b"),
                _purpose(
                    "fraud",
                    "Detecting fraudulent orders",
                    "6.1.f",
                    legitimate_interest=f"Stopping card fraud against the shop{tag}",
                ),
                _purpose("news", "Sending the marketing newsletter", "6.1.a"),
                _purpose(
                    "health",
                    "Adapting deliveries to a disability",
                    "6.1.b",
                    art9_condition="9.2.a",
                ),
            ],
            "data_categories": [
                {
                    "category": f"Contact details{tag}",
                    "source": "data_subject",
                    "requirement": "contract_prerequisite",
                    "consequence": f"We cannot ship your order{tag}",
                    "purpose_keys": ["order", "news"],
                    "retention_period": "7 years",
                    "retention_trigger": "End of the financial year",
                },
                {
                    "category": "Credit score",
                    "source": "third_party",
                    "source_detail": f"Credit Agency GmbH{tag}",
                    "purpose_keys": ["fraud"],
                    "retention_period": "6 months",
                    "end_action": "anonymise",
                },
                {
                    "category": "Health data",
                    "kind": "special",
                    "source": "data_subject",
                    "purpose_keys": ["health"],
                    "retention_period": "Until delivery",
                },
            ],
            "recipients": [
                {"type": "processor", "name": f"Parcel Couriers SA{tag}"},
                {"type": "processor", "name": "Byte Support Pvt", "vendor_id": vendor},
                {"type": "public_authority", "name": "Tax authority"},
                {"type": "joint_controller", "name": "Partner Shop GmbH"},
            ],
            "transfers": [
                {"destination": "IN", "vendor_id": vendor, "mechanism": "scc", "scc_module": "2"},
                {"destination": "DE", "importer": "Inside the EEA", "mechanism": "scc"},
            ],
            "automated_decisions": True,
            "automated_logic": f"Each order gets a score from its history{tag}",
            "automated_significance": "A low score blocks the order",
            "joint_controllers": "Partner Shop GmbH",
            "joint_arrangement": f"Partner Shop GmbH handles requests for access{tag}",
        },
    )
    add_activity(
        workspace,
        {
            "name": "Public register checks",
            "status": "draft",
            "data_subjects": ["Suppliers"],
            "purposes": [
                _purpose(
                    "check",
                    "Checking suppliers in the trade register",
                    "6.1.e",
                    basis_reference="Law 12/2020",
                )
            ],
            "data_categories": [
                {
                    "category": "Company officers",
                    "source": "public",
                    "source_detail": "The national trade register",
                    "retention_period": "3 years",
                }
            ],
        },
    )


def normalised(text: str) -> str:
    """Text as compared in these tests: every run of white space one space."""
    return " ".join(text.split())


def policy_text(workspace: Workspace) -> str:
    return normalised("\n".join(s.text for s in build_policy(workspace, ORG_ID).sections))


@pytest.fixture
def full(workspace: Workspace) -> Workspace:
    build_full_register(workspace)
    return workspace


def test_every_item_applies_and_is_in_the_policy(full: Workspace) -> None:
    policy = build_policy(full, ORG_ID)
    assert [item.id for item in policy.checklist] == [f"N{n:02d}" for n in range(1, 19)]
    assert all(item.applies for item in policy.checklist)
    assert [item.id for item in policy.checklist if not item.present] == []
    assert not policy.draft
    text = normalised(" ".join(section.text for section in policy.sections))
    for item, phrases in EXPECTED.items():
        for phrase in phrases:
            assert phrase in text, (item, phrase)


def test_items_name_their_articles(full: Workspace) -> None:
    articles = {item.id: item.article for item in build_policy(full, ORG_ID).checklist}
    assert articles["N01"] == "Art. 13(1)(a), 14(1)(a)"
    assert articles["N07"] == "Art. 14(1)(d)"
    assert articles["N14"] == "Art. 13(2)(e)"
    assert articles["N17"] == "Art. 21(4)"
    assert articles["N18"] == "Art. 26(2)"


def test_a_transfer_inside_the_eea_is_no_transfer(full: Workspace) -> None:
    assert "Inside the EEA" not in policy_text(full)


@pytest.mark.parametrize(
    ("changes", "gone", "item"),
    [
        ({"transfers": []}, "India, to Byte Support Pvt", "N09"),
        ({"automated_decisions": False}, "Each order gets a score", "N16"),
        (
            {"joint_controllers": None, "joint_arrangement": None},
            "Partner Shop GmbH handles",
            "N18",
        ),
        ({"recipients": []}, "Parcel Couriers SA", "N08"),
    ],
)
def test_removing_a_fact_removes_its_sentence(
    full: Workspace, changes: dict[str, Any], gone: str, item: str
) -> None:
    assert gone in policy_text(full)
    update_activity(full, 1, changes, None)
    assert gone not in policy_text(full)
    checklist = {i.id: i for i in build_policy(full, ORG_ID).checklist}
    assert not checklist[item].applies


def test_removing_the_dpo_removes_its_contact(full: Workspace) -> None:
    update_organisation(
        full, ORG_ID, {"dpo_kind": "none", "dpo_name": None, "dpo_email": None}, None
    )
    text = policy_text(full)
    assert "data protection officer" not in text
    # Rights requests then go to the organisation itself.
    assert "Write to us at privacy@acme.example." in text
    assert not {i.id: i for i in build_policy(full, ORG_ID).checklist}["N03"].applies


def test_a_gap_in_the_register_makes_a_draft_that_names_it(full: Workspace) -> None:
    update_activity(
        full,
        1,
        {
            "purposes": [
                _purpose("order", "Delivering the orders customers place", "6.1.b"),
                _purpose("fraud", "Detecting fraudulent orders", "6.1.f"),
            ]
        },
        None,
    )
    policy = build_policy(full, ORG_ID)
    assert [item.id for item in policy.missing] == ["N06"]
    assert policy.draft
    purposes = policy.section("purposes")
    assert purposes is not None and purposes.has_gap
    assert "The legitimate interest we pursue is not yet described." in purposes.text


def test_retired_activities_are_left_out_and_drafts_kept(full: Workspace) -> None:
    assert "Checking suppliers in the trade register" in policy_text(full)
    update_activity(full, 2, {"status": "retired"}, None)
    assert "Checking suppliers in the trade register" not in policy_text(full)


def test_an_empty_register_is_a_draft_missing_its_purposes(workspace: Workspace) -> None:
    policy = build_policy(workspace, ORG_ID)
    missing = {item.id for item in policy.missing}
    assert {"N04", "N05", "N10", "N11"} <= missing
    # Without a recorded lead authority, the authority of the controller's country is named.
    complaint = policy.section("complaint")
    assert complaint is not None and "CNIL" in complaint.text


def test_another_organisation_has_its_own_policy(full: Workspace) -> None:
    second = apply_change(
        full, create=[("organisation", {"legal_name": "Other GmbH", "country": "DE"})]
    ).record.id
    policy = build_policy(full, second)
    assert policy.name == "Other GmbH"
    assert "Delivering the orders" not in " ".join(s.text for s in policy.sections)
    complaint = policy.section("complaint")
    assert complaint is not None and "BfDI" in complaint.text
