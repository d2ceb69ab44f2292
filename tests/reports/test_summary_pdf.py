"""The workspace summary PDF, read back as a reader would see it."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PIL import Image

from app.reports import pipeline
from app.reports.summary import build_summary_context, export_summary_pdf
from app.services.organisations import add_organisation, list_organisations, update_organisation
from app.services.team import add_person
from app.storage.workspace import Workspace

HOSTILE_LEGAL_NAME = "<script>alert(1)</script> Acme"
HOSTILE_ADDRESS = '<img src="file:///etc/passwd">'
HOSTILE_TRADING_NAME = "Acme {{ 7*7 }} {% if true %}x{% endif %}"


def logo_png() -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", (120, 40), "#ffffff")
    image.paste(Image.new("RGB", (40, 40), "#c47a2c"), (0, 0))
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def first_organisation(workspace: Workspace) -> Any:
    return list_organisations(workspace)[0]


def set_up_acme(workspace: Workspace) -> None:
    acme = first_organisation(workspace)
    update_organisation(
        workspace,
        acme.id,
        {
            "trading_name": "Acme",
            "address": "12 rue de la Paix\n75002 Paris",
            "registration_number": "RCS Paris 123 456 789",
            "email": "privacy@acme.example",
            "employees": 120,
            "dpo_kind": "external",
            "dpo_name": "Claire Dubois",
            "dpo_email": "dpo@acme.example",
            "dpo_phone": "+33 1 23 45 67 89",
            "lead_authority": "CNIL",
            "brand_logo": logo_png(),
            "brand_colour": "#c47a2c",
        },
        acme.version,
        actor="tester",
    )
    for name, email, role in [
        ("Zoé Martin", "zoe@acme.example", "owner"),
        ("Bruno Keller", "bruno@acme.example", "reviewer"),
        ("Ana Lima", None, "editor"),
    ]:
        add_person(workspace, {"name": name, "email": email, "role": role}, actor="tester")


def read_pages(path: Path) -> tuple[pypdf.PdfReader, list[str]]:
    reader = pypdf.PdfReader(path)
    return reader, [" ".join(page.extract_text().split()) for page in reader.pages]


def image_count(page: pypdf.PageObject) -> int:
    resources = page.get("/Resources")
    if resources is None or "/XObject" not in resources:
        return 0
    return sum(
        1
        for xobject in resources["/XObject"].values()
        if xobject.get_object().get("/Subtype") == "/Image"
    )


def page_of(pages: list[str], text: str) -> int:
    """The number of the first page after the contents that shows `text`."""
    return next(number for number, page in enumerate(pages, start=1) if number > 2 and text in page)


def test_summary_pdf_shows_identity_dpo_and_team(workspace: Workspace, tmp_path: Path) -> None:
    set_up_acme(workspace)
    steps: list[int] = []
    exports = tmp_path / "exports"
    exports.mkdir()
    output = export_summary_pdf(
        workspace, exports / "summary.pdf", progress=lambda percent, _message: steps.append(percent)
    )

    reader, pages = read_pages(output)
    text = " ".join(pages)
    assert reader.metadata is not None
    assert reader.metadata.title == "Workspace summary"
    assert reader.metadata.author == "Acme Online SAS"
    assert reader.trailer["/Root"]["/Lang"] == "en"

    cover = pages[0]
    assert "Acme Online SAS" in cover and "Workspace summary" in cover
    assert "Document version 1" in cover and "Generated on" in cover
    assert image_count(reader.pages[0]) == 1  # the logo

    for expected in [
        "RCS Paris 123 456 789",
        "France (FR)",
        "12 rue de la Paix",
        "120",
        "External (under a service contract)",
        "Claire Dubois",
        "dpo@acme.example",
        "+33 1 23 45 67 89",
        "CNIL",
        "Zoé Martin",
        "zoe@acme.example",
        "Owner",
        "Bruno Keller",
        "Reviewer",
        "Ana Lima",
        "Editor",
        "workspace schema",
    ]:
        assert expected in text, expected
    assert "EU representative" not in text  # established in the EEA, none recorded

    count = len(pages)
    assert f"Page 2 of {count}" in pages[1] and f"Page {count} of {count}" in pages[-1]

    contents = pages[1]
    for title in [
        "Acme Online SAS",
        "Identity",
        "Data protection officer",
        "Lead supervisory authority",
        "Team",
        "About this document",
    ]:
        assert title in contents, title
    # the numbers in the contents are the pages where the sections really are
    listed = {
        title: int(number)
        for title, number in re.findall(r"(Team|About this document) \.+ (\d+)", contents)
    }
    assert listed["Team"] == page_of(pages, "The people who own")
    assert listed["About this document"] == page_of(pages, "About this document")

    assert steps[0] == 0 and steps[-1] == 100
    assert [path.name for path in exports.iterdir()] == ["summary.pdf"]


def test_hostile_text_is_printed_literally_and_fetches_nothing(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    acme = first_organisation(workspace)
    update_organisation(
        workspace,
        acme.id,
        {
            "legal_name": HOSTILE_LEGAL_NAME,
            "address": HOSTILE_ADDRESS,
            "trading_name": HOSTILE_TRADING_NAME,
            "brand_colour": None,
        },
        acme.version,
        actor="tester",
    )
    add_person(
        workspace,
        {"name": '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">', "role": "viewer"},
        actor="tester",
    )
    asked: list[str] = []
    real_resolve = pipeline.resolve_url

    def spy(url: str, assets: Any = None) -> tuple[bytes, str]:
        asked.append(url)
        return real_resolve(url, assets)

    monkeypatch.setattr(pipeline, "resolve_url", spy)
    output = export_summary_pdf(workspace, tmp_path / "summary.pdf")

    reader, pages = read_pages(output)
    text = " ".join(pages)
    assert HOSTILE_LEGAL_NAME in text
    assert HOSTILE_ADDRESS in text
    assert HOSTILE_TRADING_NAME in text and "Acme 49" not in text
    assert 'href="http://127.0.0.1:9/x.css"' in text
    assert reader.metadata is not None and reader.metadata.author == HOSTILE_LEGAL_NAME
    assert HOSTILE_LEGAL_NAME in pages[2]  # the running header shows it as text too
    assert asked == ["pwb-resource:print.css"]
    assert all(image_count(page) == 0 for page in reader.pages)


def test_context_is_plain_data(workspace: Workspace) -> None:
    set_up_acme(workspace)
    context = build_summary_context(workspace)
    json.dumps(context, default=str)  # dicts, lists, strings, numbers (and the datetime)
    assert context["document_version"] == "1"
    assert context["logo_url"] == "pwb-asset:logo"
    assert context["accent_colour"] == "#c47a2c"
    assert [person["name"] for person in context["team"]] == [
        "Ana Lima",
        "Bruno Keller",
        "Zoé Martin",
    ]
    assert context["team"][0]["email"] == "—"
    acme = context["organisations"][0]
    assert acme["dpo"]["status"] == "designated"
    assert {
        "label": "DPO",
        "value": "External (under a service contract)",
        "missing": False,
        "multiline": False,
    } in acme["dpo"]["rows"]
    titles = [entry["title"] for entry in context["toc"]]
    assert titles == [
        "Acme Online SAS",
        "Identity",
        "Data protection officer",
        "Lead supervisory authority",
        "Team",
        "About this document",
    ]


def test_dpo_and_representative_states(workspace: Workspace) -> None:
    add_organisation(
        workspace,
        {
            "legal_name": "Studio Inc.",
            "country": "US",
            "dpo_kind": "none",
            "no_dpo_reason": "Six staff, no large-scale monitoring.",
        },
        actor="tester",
    )
    add_organisation(
        workspace,
        {
            "legal_name": "Outpost Ltd",
            "country": "GB",
            "representative_name": "EU Rep GmbH",
            "representative_email": "rep@eurep.example",
        },
        actor="tester",
    )
    add_organisation(workspace, {"legal_name": "Nordic AS", "country": "NO"}, actor="tester")
    context = build_summary_context(workspace)
    by_name = {entry["legal_name"]: entry for entry in context["organisations"]}

    assert by_name["Acme Online SAS"]["dpo"] == {"status": "unknown"}
    assert by_name["Acme Online SAS"]["representative_needed"] is False

    studio = by_name["Studio Inc."]
    assert studio["dpo"] == {"status": "none", "reason": "Six staff, no large-scale monitoring."}
    assert studio["representative"] is None and studio["representative_needed"] is True
    assert studio["country_name"] == "United States"

    outpost = by_name["Outpost Ltd"]
    assert outpost["representative_needed"] is False
    assert outpost["representative"][0]["value"] == "EU Rep GmbH"

    assert by_name["Nordic AS"]["representative_needed"] is False  # Norway is in the EEA
    representative_entries = [
        entry["anchor"] for entry in context["toc"] if entry["title"] == "EU representative"
    ]
    assert representative_entries == [
        f"{studio['anchor']}-representative",
        f"{outpost['anchor']}-representative",
    ]


def test_pdf_explains_missing_dpo_reason_and_representative(
    workspace: Workspace, tmp_path: Path
) -> None:
    add_organisation(
        workspace,
        {"legal_name": "Studio Inc.", "country": "US", "dpo_kind": "none"},
        actor="tester",
    )
    _reader, pages = read_pages(export_summary_pdf(workspace, tmp_path / "summary.pdf"))
    text = " ".join(pages)
    assert "No DPO designated." in text and "No reason recorded" in text
    assert "No EU representative recorded" in text and "Art. 27" in text
    assert "outside the European Economic Area (country: United States)" in text
    assert "No team member is recorded yet." in text
