"""The register PDF (Art. 30 record), read back as a supervisory authority would read it."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pypdf
import pytest

from app.errors import RecordNotFound
from app.reports import pipeline
from app.reports.register import build_register_context, export_register_pdf
from app.services.changes import apply_change
from app.services.organisations import add_organisation, list_organisations, update_organisation
from app.services.register import PROCESSOR_ACTIVITY, add_activity, add_vendor
from app.services.team import add_person
from app.storage.workspace import Workspace

TITLE = "Record of processing activities"


def read_pages(path: Path) -> tuple[pypdf.PdfReader, list[str]]:
    reader = pypdf.PdfReader(path)
    return reader, [" ".join(page.extract_text().split()) for page in reader.pages]


def image_count(page: pypdf.PageObject) -> int:
    resources = page.get("/Resources")
    if resources is None or "/XObject" not in resources:
        return 0
    xobjects = resources["/XObject"].values()
    return sum(1 for xobject in xobjects if xobject.get_object().get("/Subtype") == "/Image")


def acme(workspace: Workspace) -> Any:
    return list_organisations(workspace)[0]


def set_up_controller(workspace: Workspace) -> None:
    organisation = acme(workspace)
    update_organisation(
        workspace,
        organisation.id,
        {
            "address": "12 rue de la Paix\n75002 Paris",
            "email": "privacy@acme.example",
            "dpo_kind": "external",
            "dpo_name": "Claire Dubois",
            "dpo_email": "dpo@acme.example",
            "lead_authority": "CNIL",
        },
        organisation.version,
        actor="tester",
    )


def add_full_activity(workspace: Workspace) -> None:
    """An activity with every Art. 30(1) item filled in, and the vendor it uses."""
    owner = add_person(workspace, {"name": "Zoé Martin", "role": "owner"}, actor="tester")
    vendor = add_vendor(
        workspace,
        {
            "name": "Shopwave Inc.",
            "country": "US",
            "role": "processor",
            "dpa_signed_on": date(2024, 3, 1),
            "sub_processors": [{"name": "Northwind Hosting", "country": "IE"}],
        },
        actor="tester",
    ).record
    add_activity(
        workspace,
        {
            "reference": "PA-001",
            "name": "Customer orders",
            "status": "active",
            "owner_id": owner.record.id,
            "description": "Orders taken on the web shop.",
            "joint_controllers": "Partner Shops GmbH",
            "joint_arrangement": "Partner Shops answers access requests.",
            "purposes": [
                {"key": "order", "purpose": "Deliver the orders", "basis": "6.1.b"},
                {
                    "key": "health",
                    "purpose": "Adapt deliveries to disabilities",
                    "basis": "6.1.a",
                    "art9_condition": "9.2.a",
                },
            ],
            "data_subjects": ["customers"],
            "data_categories": [
                {
                    "category": "Postal address",
                    "purpose_keys": ["order"],
                    "retention_period": "3 years",
                    "retention_trigger": "the last order",
                    "end_action": "anonymise",
                },
                {
                    "category": "Mobility impairment",
                    "kind": "special",
                    "purpose_keys": ["health"],
                    "retention_period": "6 months",
                },
            ],
            "recipients": [
                {"type": "processor", "name": "Shopwave Inc.", "vendor_id": vendor.id},
                {"type": "public_authority", "name": "Tax office"},
            ],
            "transfers": [
                {
                    "destination": "IN",
                    "importer": "Shopwave Inc.",
                    "vendor_id": vendor.id,
                    "mechanism": "scc",
                    "scc_module": "2",
                    "safeguard_document": "Contracts/2024/SCC.pdf",
                }
            ],
            "security_measures": ["multi_factor_authentication", "Badge access to the office"],
            "security_notes": "Yearly penetration test.",
            "systems": ["Shopwave back office"],
            "automated_decisions": True,
            "automated_logic": "Orders above 2,000 EUR are held for review.",
            "automated_significance": "Delivery is delayed by a day.",
            "last_review": date(2025, 9, 1),
            "next_review": date(2026, 9, 1),
        },
        actor="tester",
    )


def test_every_art30_item_of_a_full_activity_is_in_the_pdf(
    workspace: Workspace, tmp_path: Path
) -> None:
    set_up_controller(workspace)
    add_full_activity(workspace)
    steps: list[int] = []
    output = export_register_pdf(
        workspace, tmp_path / "register.pdf", progress=lambda percent, _m: steps.append(percent)
    )

    reader, pages = read_pages(output)
    text = " ".join(pages)
    assert reader.metadata is not None
    assert reader.metadata.title == TITLE
    assert reader.metadata.author == "Acme Online SAS"
    for expected in [
        # (a) controller, DPO, joint controller
        "Acme Online SAS",
        "12 rue de la Paix",
        "Claire Dubois",
        "dpo@acme.example",
        "CNIL",
        "Partner Shops GmbH",
        "Partner Shops answers access requests.",
        # (b) purposes with their basis, in words
        "Deliver the orders",
        "Contract (Art. 6(1)(b))",
        "Explicit consent (Art. 9(2)(a))",
        # (c) people and data; (f) retention
        "Customers",  # the catalogue key "customers", as its label
        "Postal address",
        "3 years",
        "the last order",
        "Anonymise",
        # (d) recipients by type
        "Processor",
        "Tax office",
        "Public authority",
        # (e) transfers: where, to whom, under which safeguard, and where the proof is
        "India",
        "Standard contractual clauses (Art. 46(2)(c))",
        "Module 2: controller to processor",
        "Contracts/2024/SCC.pdf",
        # (g) security: a catalogue key as its label, typed text as typed
        "Multi-factor authentication",
        "Badge access to the office",
        "Yearly penetration test.",
        # the rest of the activity
        "Zoé Martin",
        "Orders taken on the web shop.",
        "Shopwave back office",
        "Orders above 2,000 EUR are held for review.",
        "Delivery is delayed by a day.",
        "1 September 2026",
        # the vendors annex
        "Northwind Hosting (Ireland)",
        "In place",
    ]:
        assert expected in text, expected
    assert "multi_factor_authentication" not in text
    count = len(pages)
    assert f"Page 2 of {count}" in pages[1] and f"Page {count} of {count}" in pages[-1]
    assert steps[0] == 0 and steps[-1] == 100


def test_activity_pages_are_landscape_and_the_cover_is_not(
    workspace: Workspace, tmp_path: Path
) -> None:
    add_full_activity(workspace)
    reader, pages = read_pages(export_register_pdf(workspace, tmp_path / "register.pdf"))
    sizes = [(float(page.mediabox.width), float(page.mediabox.height)) for page in reader.pages]
    assert sizes[0][0] < sizes[0][1]  # the cover
    # each page of an activity names it in the running header, so it can be read on its own
    header = "Acme Online SAS · PA-001 Customer orders"
    activity_pages = [index for index, page in enumerate(pages) if header in page]
    assert activity_pages
    for index in activity_pages:
        width, height = sizes[index]
        assert width > height and round(width / 72 * 25.4) == 297


def test_special_category_data_is_flagged(workspace: Workspace, tmp_path: Path) -> None:
    add_activity(
        workspace,
        {
            "reference": "HR-1",
            "name": "Sick leave",
            "purposes": [{"key": "pay", "purpose": "Pay sick leave", "basis": "6.1.c"}],
            "data_categories": [
                {"category": "Medical certificates", "kind": "special", "purpose_keys": ["pay"]},
                {"category": "Bank account", "purpose_keys": ["pay"]},
            ],
        },
        actor="tester",
    )
    context = build_register_context(workspace)
    activity = context["organisations"][0]["activities"][0]
    assert activity["special"] is True and activity["criminal"] is False
    assert [c["flagged"] for c in activity["data_categories"]] == [True, False]
    # Special data serves this purpose, which names no Art. 9 condition: shown as a gap.
    assert {"label": "Art. 9 condition", "value": None} in activity["purposes"][0]["details"]

    _reader, pages = read_pages(export_register_pdf(workspace, tmp_path / "register.pdf"))
    text = " ".join(pages)
    assert "Special-category data (Art. 9)" in text  # the activity's tag
    assert re.search(r"Medical certificates ⚠ Special category \(Art\. 9\)", text)
    assert "Art. 9 condition: Not recorded" in text
    assert "Law relied on: Not recorded" in text  # a legal obligation names its law (Art. 6(3))


def test_processor_record_appears_only_when_there_is_one(
    workspace: Workspace, tmp_path: Path
) -> None:
    add_activity(workspace, {"reference": "PA-1", "name": "Payroll"}, actor="tester")
    _reader, pages = read_pages(export_register_pdf(workspace, tmp_path / "without.pdf"))
    assert "Record as processor" not in " ".join(pages)

    # an organisation of the group that only processes for others
    hosting = add_organisation(workspace, {"legal_name": "Cloudy Hosting SA"}).record
    alpine = add_vendor(workspace, {"name": "Alpine Cloud AG", "role": "processor"}).record
    apply_change(
        workspace,
        actor="tester",
        create=[
            (
                PROCESSOR_ACTIVITY,
                {
                    "reference": "PR-1",
                    "processor_id": hosting.id,
                    "controller_name": "Client Bank AG",
                    "controller_contact": "privacy@client-bank.example",
                    "controller_dpo": "Hans Weber",
                    "processing_categories": "Hosting of the loan files",
                    "transfers": [
                        {"destination": "CH", "mechanism": "adequacy", "vendor_id": alpine.id}
                    ],
                    "security_measures": ["multi_factor_authentication"],
                },
            )
        ],
    )
    _reader, pages = read_pages(export_register_pdf(workspace, tmp_path / "with.pdf"))
    text = " ".join(pages)
    contents = pages[1]
    assert "Cloudy Hosting SA" in contents and "Record as processor (Art. 30(2))" in contents
    # it is described as the processor; it keeps no record as controller to give an overview of
    assert contents.count("Overview of the activities") == 1
    assert text.count("Art. 30(2)(a)") == 1 and text.count("Art. 30(1)(a)") == 1
    # a vendor the processor record names is in that organisation's annex, used by PR-1
    chapters = build_register_context(workspace)["organisations"]
    assert [v["used_by"] for v in chapters[1]["vendors"]] == [["PR-1"]]
    assert "Vendors not linked to an activity" not in text
    for expected in [
        "Client Bank AG",
        "privacy@client-bank.example",
        "Hans Weber",
        "Hosting of the loan files",
        "Switzerland",
        "Adequacy decision (Art. 45)",
        "Multi-factor authentication",
    ]:
        assert expected in text, expected


def test_contents_list_each_organisation_and_activity_with_its_page(
    workspace: Workspace, tmp_path: Path
) -> None:
    for reference, name in [("PA-10", "Recruitment"), ("PA-2", "Newsletter"), ("PA-1", "CCTV")]:
        add_activity(workspace, {"reference": reference, "name": name}, actor="tester")
    add_organisation(workspace, {"legal_name": "Idle Holding SA"}, actor="tester")

    _reader, pages = read_pages(export_register_pdf(workspace, tmp_path / "register.pdf"))
    contents = pages[1]
    assert "Acme Online SAS" in contents
    assert "Idle Holding SA" not in " ".join(pages)  # nothing recorded, no chapter
    listed = re.findall(r"(PA-\d+) · (\w+) \.+ (\d+)", contents)
    assert [(reference, name) for reference, name, _page in listed] == [
        ("PA-1", "CCTV"),
        ("PA-2", "Newsletter"),
        ("PA-10", "Recruitment"),
    ]
    for reference, name, page in listed:
        assert f"{reference} {name}" in pages[int(page) - 1]
    # an empty activity shows what the record lacks instead of leaving it out
    assert "Not recorded" in pages[int(listed[0][2]) - 1]


def test_one_organisation_or_every_organisation_with_entries(workspace: Workspace) -> None:
    other = add_organisation(workspace, {"legal_name": "Beta GmbH", "country": "DE"}).record
    add_activity(workspace, {"reference": "A-1", "name": "Acme CRM"}, actor="tester")
    add_activity(
        workspace, {"reference": "B-1", "name": "Beta CRM", "controller_id": other.id}, actor="t"
    )

    whole = build_register_context(workspace)
    assert [org["legal_name"] for org in whole["organisations"]] == ["Acme Online SAS", "Beta GmbH"]
    assert whole["organisation_name"] == "Acme Online SAS; Beta GmbH"

    with pytest.raises(RecordNotFound):
        build_register_context(workspace, organisation_id=other.id + 100)
    beta = build_register_context(workspace, organisation_id=other.id)
    assert [org["legal_name"] for org in beta["organisations"]] == ["Beta GmbH"]
    assert [a["name"] for a in beta["organisations"][0]["activities"]] == ["Beta CRM"]
    assert beta["organisation_name"] == "Beta GmbH"


def test_context_is_plain_data(workspace: Workspace) -> None:
    add_full_activity(workspace)
    moment = datetime(2026, 1, 5, 9, 30).astimezone()
    context = build_register_context(workspace, generated_at=moment)
    json.dumps(context, default=str)  # dicts, lists, strings, numbers, dates
    assert context["generated_at"] == moment
    activity = context["organisations"][0]["activities"][0]
    assert activity["transfers"][0]["destination"] == "India"
    assert activity["transfers"][0]["adequacy"] is False
    vendor = context["organisations"][0]["vendors"][0]
    assert vendor["used_by"] == ["PA-001"] and vendor["contract"] == "In place"
    assert context["unlinked_vendors"] == []


HOSTILE_NAME = "<script>alert(1)</script> Payroll"
HOSTILE_PURPOSE = "Pay {{ 7*7 }} {% if true %}x{% endif %}"
HOSTILE_CATEGORY = "url(file:///etc/passwd)"
HOSTILE_NOTE = (
    '<img src="file:///etc/passwd"><link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
)


def test_hostile_text_is_printed_literally_and_fetches_nothing(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_activity(
        workspace,
        {
            "reference": "PA-1",
            "name": HOSTILE_NAME,
            "purposes": [{"key": "p", "purpose": HOSTILE_PURPOSE, "basis": "6.1.b"}],
            "data_categories": [{"category": HOSTILE_CATEGORY, "purpose_keys": ["p"]}],
            "security_notes": HOSTILE_NOTE,
        },
        actor="tester",
    )
    asked: list[str] = []
    real_resolve = pipeline.resolve_url

    def spy(url: str, assets: Any = None) -> tuple[bytes, str]:
        asked.append(url)
        return real_resolve(url, assets)

    monkeypatch.setattr(pipeline, "resolve_url", spy)
    reader, pages = read_pages(export_register_pdf(workspace, tmp_path / "register.pdf"))
    text = " ".join(pages)
    assert HOSTILE_NAME in text
    assert HOSTILE_PURPOSE in text and "Pay 49" not in text
    assert HOSTILE_CATEGORY in text
    assert HOSTILE_NOTE in text
    assert asked == ["pwb-resource:print.css", "pwb-resource:register.css"]
    assert all(image_count(page) == 0 for page in reader.pages)
