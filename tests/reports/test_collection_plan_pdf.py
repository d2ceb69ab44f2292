"""The data collection plan PDF, read back as the business owner would read it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdf
import pytest

from app.errors import RecordNotFound
from app.reports import pipeline
from app.reports.collection_plan import collection_plan_context, write_collection_plan_pdf
from app.resources import RESOURCES
from app.services.organisations import list_organisations, update_organisation
from app.services.plans import create_plan
from app.storage.workspace import Workspace

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=file:///etc/passwd>"
FORMULA = "=cmd|' /C calc'!A0"


def newsletter(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": "Newsletter sign-up",
        "objective": "Tell customers about new collections once a month.",
        "channel": "newsletter",
        "channel_detail": "Sign-up box in the footer.",
        "data_subjects": ["Newsletter subscribers"],
        "purposes": [
            {"key": "news", "purpose": "Send the monthly newsletter",
             "purpose_type": "newsletter", "basis": "6.1.a"},
            {"key": "fraud", "purpose": "Block fake sign-ups", "purpose_type": "security",
             "basis": "6.1.f", "legitimate_interest": "Keep the list clean of bots."},
        ],
        "data": [
            {"key": "email", "label": "E-mail address", "catalogue_key": "email_address",
             "purpose_keys": ["news", "fraud"], "mandatory": True,
             "retention_period": "Until unsubscription", "access": "Marketing team"},
            {"key": "first", "label": "First name", "catalogue_key": "first_name",
             "purpose_keys": ["news"], "justification": "Optional, to greet subscribers.",
             "retention_period": "Until unsubscription", "retention_trigger": "Unsubscription",
             "access": "Marketing team"},
            {"key": "dob", "label": "Date of birth", "catalogue_key": "date_of_birth",
             "purpose_keys": ["news"], "decision": "remove",
             "justification": "Not needed for a newsletter."},
        ],
        "internal_access": ["Marketing team"],
        "recipients": [{"type": "processor", "name": "Mailer Ltd"}],
        "transfers": [{"destination": "US", "importer": "Mailer Ltd", "mechanism": "scc",
                       "scc_module": "2"}],
        "security_measures": ["least_privilege"],
        "information_method": "Notice under the box.",
        "rights_channel": "privacy@acme.example",
        "screening": ["evaluation", "large_scale"],
        "screening_notes": "DPIA booked for May.",
    }  # fmt: skip
    return values | changes


def read(path: Path) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(path)
    return reader, " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def image_count(page: pypdf.PageObject) -> int:
    resources = page.get("/Resources")
    if resources is None or "/XObject" not in resources:
        return 0
    xobjects = resources["/XObject"].values()
    return sum(1 for xobject in xobjects if xobject.get_object().get("/Subtype") == "/Image")


def test_the_plan_pdf_holds_every_part_of_the_plan(workspace: Workspace, tmp_path: Path) -> None:
    plan = create_plan(workspace, newsletter()).record
    output = write_collection_plan_pdf(workspace, plan.id, tmp_path / "plan.pdf")
    reader, text = read(output)
    assert reader.metadata is not None
    assert reader.metadata.title == "Data collection plan: Newsletter sign-up"
    assert reader.metadata.author == "Acme Online SAS"
    assert f"Page 3 of {len(reader.pages)}" in text

    assert "Tell customers about new collections once a month." in text
    assert "Newsletter sign-up" in text and "Sign-up box in the footer." in text
    # The data table: each piece of data kept, its purposes, basis, retention and access.
    for expected in (
        "E-mail address",
        "First name",
        "Send the monthly newsletter",
        "Consent (Art. 6(1)(a))",
        "Until unsubscription",
        "Marketing team",
    ):
        assert expected in text, expected
    # Minimisation: the data dropped and the data kept, each with its justification.
    assert "Data we decided not to collect" in text
    assert "Date of birth" in text and "Not needed for a newsletter." in text
    assert "Optional, to greet subscribers." in text
    # The legal bases and what they mean, with the interest pursued.
    assert "Keep the list clean of bots." in text
    assert "Ask for a clear opt-in" in text and "balancing test" in text
    # Sharing, security (catalogue keys shown as labels), rights.
    assert "Mailer Ltd" in text and "United States" in text
    assert "Module 2: controller to processor" in text
    assert "Least privilege" in text and "least_privilege" not in text
    assert "privacy@acme.example" in text
    # The screening, its reasons and notes.
    assert "DPIA likely required" in text and "two or more usually mean" in text
    assert "DPIA booked for May." in text
    # The Dos and Don'ts that apply, and the open actions.
    assert "Keep proof of every consent" in text
    assert "Do not use pre-ticked boxes" in text
    assert "Do not let a system alone make decisions" in text  # profiling: evaluation
    assert "Write the legitimate-interests assessment for “Block fake sign-ups”." in text
    assert "Check that the Art. 28 contract with Mailer Ltd is signed." in text
    assert "File the safeguard document for the transfer to US." in text
    # The register entry the plan created.
    assert "Register entry" in text and "PA-001" in text


def test_the_guidance_follows_the_plan(workspace: Workspace, tmp_path: Path) -> None:
    values = newsletter(screening=[], screening_notes=None, transfers=[])
    values["purposes"] = values["purposes"][:1]
    for item in values["data"]:
        item["purpose_keys"] = ["news"]
    plan = create_plan(workspace, values).record
    _reader, text = read(write_collection_plan_pdf(workspace, plan.id, tmp_path / "p.pdf"))
    assert "DPIA not likely needed" in text and "None of the nine criteria applies." in text
    assert "balancing test" not in text
    assert "Do not let a system alone make decisions" not in text
    assert "No transfer outside the EEA." in text


def test_a_draft_says_what_is_missing_and_has_no_entry_yet(
    workspace: Workspace, tmp_path: Path
) -> None:
    plan = create_plan(workspace, {"name": "Idea"}, complete=False).record
    _reader, text = read(write_collection_plan_pdf(workspace, plan.id, tmp_path / "draft.pdf"))
    assert "What is still missing" in text
    assert "Business objective: is required" in text
    assert "No register entry yet" in text


def test_the_organisation_brands_the_plan(workspace: Workspace, tmp_path: Path) -> None:
    organisation = list_organisations(workspace)[0]
    logo = (RESOURCES / "demo" / "logo.png").read_bytes()
    update_organisation(
        workspace,
        organisation.id,
        {"brand_logo": logo, "brand_colour": "#c47a2c"},
        organisation.version,
    )
    plan = create_plan(workspace, newsletter()).record
    context = collection_plan_context(workspace, plan.id)
    assert context["accent_colour"] == "#c47a2c" and context["logo_url"]
    reader, _text = read(write_collection_plan_pdf(workspace, plan.id, tmp_path / "b.pdf"))
    assert image_count(reader.pages[0]) == 1


def test_an_unknown_plan_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    with pytest.raises(RecordNotFound):
        write_collection_plan_pdf(workspace, 42, tmp_path / "none.pdf")
    assert not (tmp_path / "none.pdf").exists()


def test_hostile_answers_are_printed_as_plain_text(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    values = newsletter(objective=SCRIPT, channel_detail=IMAGE, name=f"News {SCRIPT}")
    values["data"][2]["justification"] = FORMULA
    values["data"][1]["justification"] = IMAGE
    values["purposes"][0]["purpose"] = FORMULA
    values["recipients"][0]["name"] = SCRIPT
    plan = create_plan(workspace, values).record
    asked: list[str] = []
    real_resolve = pipeline.resolve_url

    def spy(url: str, assets: Any = None) -> tuple[bytes, str]:
        asked.append(url)
        return real_resolve(url, assets)

    monkeypatch.setattr(pipeline, "resolve_url", spy)
    reader, text = read(write_collection_plan_pdf(workspace, plan.id, tmp_path / "h.pdf"))
    assert text.count(SCRIPT) >= 3  # objective, cover title, recipient
    assert text.count(IMAGE) >= 2  # channel details, justification
    assert text.count(FORMULA) >= 2  # purpose (several tables), justification
    assert (
        reader.metadata is not None
        and reader.metadata.title == f"Data collection plan: News {SCRIPT}"
    )
    assert asked == ["pwb-resource:print.css"]
    assert all(image_count(page) == 0 for page in reader.pages)
