"""Letters about a rights request (access, extension, refusal), read back from the PDF and the
DOCX as the person receiving them would read them; on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest

from app.errors import UserError
from app.reports.pipeline import render_html
from app.reports.request_letters import (
    TEMPLATES,
    build_request_letter_context,
    export_request_letter,
    long_date,
)
from app.services.organisations import add_organisation, list_organisations, update_organisation
from app.services.register import add_activity
from app.services.requests import add_request, request_deadline_for, update_request
from app.storage.workspace import Workspace

HOSTILE_NAME = "<script>alert(1)</script> Jean Martin"
HOSTILE_PURPOSE = "Send the newsletter {{ 7*7 }}"
COMPLAINT = "You have the right to lodge a complaint with a data protection supervisory authority"


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


def set_up_acme(workspace: Workspace) -> int:
    acme = list_organisations(workspace)[0]
    update_organisation(
        workspace,
        acme.id,
        {
            "address": "12 rue de la Paix\n75002 Paris",
            "email": "privacy@acme.example",
            "dpo_kind": "external",
            "dpo_name": "Claire Dubois",
            "dpo_email": "dpo@acme.example",
            "lead_authority": "CNIL",
        },
        acme.version,
        actor="tester",
    )
    return acme.id


ORDERS: dict[str, Any] = {
    "reference": "PA-001",
    "name": "Customer orders",
    "status": "active",
    "purposes": [
        {"key": "order", "purpose": "Deliver the orders", "basis": "6.1.b"},
        {
            "key": "fraud",
            "purpose": "Prevent payment fraud",
            "basis": "6.1.f",
            "legitimate_interest": "Avoiding losses from stolen cards",
        },
    ],
    "data_categories": [
        {
            "category": "Postal address",
            "retention_period": "3 years",
            "retention_trigger": "the last order",
            "end_action": "anonymise",
        },
        {
            "category": "Credit score",
            "source": "third_party",
            "source_detail": "Banque de France risk file",
            "retention_period": "6 months",
        },
    ],
    "recipients": [
        {"type": "processor", "name": "Shopwave Inc."},
        {"type": "public_authority", "name": "Tax office"},
    ],
    "transfers": [{"destination": "IN", "mechanism": "scc", "scc_module": "2"}],
    "automated_decisions": True,
    "automated_logic": "Orders above 2,000 EUR with a low score are held for review.",
    "automated_significance": "Delivery is delayed by a day.",
}


def add_request_for(workspace: Workspace, **values: Any) -> int:
    complete = {
        "types": ["access"],
        "received_on": date.today() - timedelta(days=3),
        "channel": "email",
        "requester": "Jean Martin",
        "requester_contact": "jean.martin@example.org",
        "identity_check": "not_needed",
        **values,
    }
    return add_request(workspace, complete, actor="tester").record.id


def test_the_access_letter_gives_the_register_information_of_the_linked_activities(
    workspace: Workspace, tmp_path: Path
) -> None:
    set_up_acme(workspace)
    add_activity(workspace, ORDERS, actor="tester")
    add_activity(
        workspace,
        {
            "reference": "PA-002",
            "name": "Newsletter",
            "status": "active",
            "purposes": [{"key": "n", "purpose": "Send the newsletter", "basis": "6.1.a"}],
        },
        actor="tester",
    )
    request_id = add_request_for(workspace, activities=["PA-001"], received_on=date(2027, 3, 5))
    steps: list[int] = []
    output = export_request_letter(
        workspace,
        request_id,
        "access",
        tmp_path / "access.pdf",
        progress=lambda percent, _message: steps.append(percent),
    )

    text = pdf_text(output)
    for expected in [
        # Who writes to whom, when, about what.
        "Acme Online SAS",
        "12 rue de la Paix",
        "Jean Martin",
        "jean.martin@example.org",
        "Our reference: REQ-001",
        "received on 5 March 2027",
        long_date(date.today()),
        "Dear Jean Martin,",
        "We confirm that we process personal data about you",
        # Art. 15(1)(a)-(h) and 15(2), from the register.
        "Deliver the orders",
        "Contract (Art. 6(1)(b))",
        "perform a contract with you",
        "Legitimate interests (Art. 6(1)(f))",
        "Avoiding losses from stolen cards",
        "Postal address",
        "3 years, counted from the last order; then anonymised",
        "From another organisation or person: Banque de France risk file",
        "6 months",
        "Shopwave Inc.",
        "Tax office",
        "India",
        "Standard contractual clauses (Art. 46(2)(c))",
        "You can ask us for a copy of these safeguards",
        "Orders above 2,000 EUR with a low score are held for review.",
        "Delivery is delayed by a day.",
        # The other rights, the complaint and the copy.
        "rectification, Art. 16",
        "erasure, Art. 17",
        "restriction, Art. 18",
        "objection, Art. 21",
        "portability, Art. 20",
        COMPLAINT,
        "The lead supervisory authority for our organisation is CNIL.",
        "A copy of your personal data is enclosed with this letter, or provided to you separately",
        "Claire Dubois",
        "dpo@acme.example",
    ]:
        assert expected in text, expected
    # Only the linked activity: the newsletter is not part of this answer.
    assert "Send the newsletter" not in text
    assert "[To complete" not in text  # the register has everything this letter needs
    assert steps[0] == 0 and steps[-1] == 100

    metadata = pypdf.PdfReader(output).metadata
    assert metadata is not None
    assert metadata.title == "Your request for access to your personal data"
    assert metadata.author == "Acme Online SAS"


def test_without_linked_activities_the_letter_covers_the_organisations_active_ones(
    workspace: Workspace,
) -> None:
    acme_id = set_up_acme(workspace)
    other = add_organisation(workspace, {"legal_name": "Other Ltd"}, actor="tester").record
    add_activity(workspace, ORDERS, actor="tester")
    add_activity(workspace, {"name": "Draft idea", "status": "draft"}, actor="tester")
    add_activity(
        workspace,
        {"name": "Other's payroll", "status": "active", "controller_id": other.id},
        actor="tester",
    )
    request_id = add_request_for(workspace, organisation_id=acme_id)

    context = build_request_letter_context(workspace, request_id, "access")

    assert [activity["name"] for activity in context["activities"]] == ["Customer orders"]
    # A linked reference missing from the register is shown as a gap, not silently dropped.
    stale = add_request_for(workspace, activities=["PA-001", "PA-999"])
    context = build_request_letter_context(workspace, stale, "access")
    assert context["unknown_activities"] == ["PA-999"]


def test_the_access_letter_as_docx_has_real_headings_lists_and_a_table(
    workspace: Workspace, tmp_path: Path
) -> None:
    set_up_acme(workspace)
    add_activity(workspace, ORDERS, actor="tester")
    request_id = add_request_for(workspace, activities=["PA-001"])

    output = export_request_letter(workspace, request_id, "access", tmp_path / "Access.DOCX")

    document = docx.Document(str(output))
    styles = {paragraph.style.name for paragraph in document.paragraphs if paragraph.style}
    assert {"Heading 1", "Heading 2", "Heading 3", "List Bullet"} <= styles
    headings = [p.text for p in document.paragraphs if p.style and p.style.name == "Heading 1"]
    assert headings == ["Your request for access to your personal data"]
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == [
        "Your data",
        "Where it comes from",
        "How long we keep it",
    ]
    assert table.rows[2].cells[1].text == (
        "From another organisation or person: Banque de France risk file"
    )
    text = docx_text(output)
    for expected in ["Contract (Art. 6(1)(b))", "Shopwave Inc.", "India", "CNIL", COMPLAINT]:
        assert expected in text, expected
    properties = document.core_properties
    assert properties.title == "Your request for access to your personal data"
    assert properties.author == "Acme Online SAS"
    assert properties.language == "en-GB"
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297  # A4
    footer = section.footer.paragraphs[0]
    assert "REQ-001" in footer.text and "Page" in footer.text
    assert "NUMPAGES" in footer._p.xml


def test_gaps_in_the_register_are_highlighted_for_completion(
    workspace: Workspace, tmp_path: Path
) -> None:
    set_up_acme(workspace)
    add_activity(
        workspace,
        {"name": "Newsletter", "status": "active", "data_categories": [{"category": "E-mail"}]},
        actor="tester",
    )
    request_id = add_request_for(workspace)

    text = pdf_text(export_request_letter(workspace, request_id, "access", tmp_path / "a.pdf"))

    assert "[To complete: the purposes and their legal bases]" in text
    assert "[To complete: how long this data is kept, or the criteria that decide it]" in text
    assert "[To complete: who receives this data, or that nobody does]" in text


def test_every_register_code_has_plain_words_in_the_access_letter(workspace: Workspace) -> None:
    set_up_acme(workspace)
    bases = ["6.1.a", "6.1.b", "6.1.c", "6.1.d", "6.1.e", "6.1.f"]
    recipient_types = ["internal", "processor", "third_party", "public_authority"]
    mechanisms = ["adequacy", "scc", "bcr", "code_or_certification", "ad_hoc_clauses"]
    add_activity(
        workspace,
        {
            "name": "Everything",
            "status": "active",
            "purposes": [{"purpose": f"Purpose {b}", "basis": b} for b in bases],
            "data_categories": [
                {
                    "category": f"Data {s}",
                    "source": s,
                    "end_action": e,
                    "retention_period": "1 year",
                }
                for s, e in [
                    ("data_subject", "delete"),
                    ("third_party", "anonymise"),
                    ("public", "archive"),
                ]
            ],
            "recipients": [{"type": t, "name": f"Recipient {t}"} for t in recipient_types]
            + [{"type": "joint_controller", "name": "Partner"}],
            "transfers": [{"destination": "US", "mechanism": m} for m in mechanisms]
            + [{"destination": "US", "mechanism": "derogation", "derogation": "a"}],
        },
        actor="tester",
    )
    request_id = add_request_for(workspace)
    context = build_request_letter_context(workspace, request_id, "access")

    # StrictUndefined: a code without words would fail here.
    html = render_html(TEMPLATES["access"], context, title="t", author="a", language="en")

    assert "the law requires us to use the data" in html
    assert "From a publicly accessible source" in html
    assert "then archived" in html
    assert "Organisations that decide with us how the data is used" in html
    assert "an exception the GDPR allows" in html
    assert "you can withdraw it at any time" in html  # consent is among the bases


def test_the_extension_letter_gives_the_reason_and_the_new_due_date(
    workspace: Workspace, tmp_path: Path
) -> None:
    set_up_acme(workspace)
    request_id = add_request_for(workspace)
    update_request(
        workspace,
        request_id,
        {"extended": True, "extension_reason": "You asked for ten years of records."},
        actor="tester",
    )
    new_due = request_deadline_for(workspace, request_id).due

    for suffix in (".pdf", ".docx"):
        output = export_request_letter(workspace, request_id, "extension", tmp_path / f"e{suffix}")
        text = pdf_text(output) if suffix == ".pdf" else docx_text(output)
        assert f"We will therefore reply to you by {long_date(new_due)} at the latest." in text
        assert "You asked for ten years of records." in text
        assert "by two further months" in text
        assert "within the first month after receiving your request" in text
    assert new_due > date.today() + timedelta(days=80)


def test_an_extension_needs_a_reason_and_the_first_month(workspace: Workspace) -> None:
    set_up_acme(workspace)
    not_extended = add_request_for(workspace)
    with pytest.raises(UserError, match="Extended by two months"):
        build_request_letter_context(workspace, not_extended, "extension")
    too_late = add_request_for(
        workspace,
        received_on=date.today() - timedelta(days=70),
        extended=True,
        extension_reason="Many requests.",
    )
    with pytest.raises(UserError, match="first month"):
        build_request_letter_context(workspace, too_late, "extension")


def test_a_refusal_states_its_ground_and_the_remedies(workspace: Workspace, tmp_path: Path) -> None:
    set_up_acme(workspace)
    request_id = add_request_for(workspace)
    with pytest.raises(UserError, match="ground for refusal"):
        export_request_letter(workspace, request_id, "refusal", tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()

    ground = "The request repeats one we answered on 1 March."
    update_request(workspace, request_id, {"refusal_ground": ground}, actor="tester")
    text = pdf_text(export_request_letter(workspace, request_id, "refusal", tmp_path / "r.pdf"))

    assert ground in text
    assert "lodge a complaint with a data protection supervisory authority" in text
    assert "CNIL" in text
    assert "to seek a judicial remedy, by taking the matter to court (Art. 79 GDPR)" in text


def test_hostile_text_is_printed_as_text(workspace: Workspace, tmp_path: Path) -> None:
    set_up_acme(workspace)
    add_activity(
        workspace,
        {
            "reference": "PA-001",
            "name": "Newsletter <b>bold</b>",
            "status": "active",
            "purposes": [{"key": "n", "purpose": HOSTILE_PURPOSE, "basis": "6.1.a"}],
        },
        actor="tester",
    )
    request_id = add_request_for(
        workspace, requester=HOSTILE_NAME, refusal_ground="<img src=x> {% if 1 %}no{% endif %}"
    )
    for kind in ("access", "refusal"):
        pdf = pdf_text(export_request_letter(workspace, request_id, kind, tmp_path / "h.pdf"))
        word = docx_text(export_request_letter(workspace, request_id, kind, tmp_path / "h.docx"))
        for text in (pdf, word):
            assert f"Dear {HOSTILE_NAME}," in text
            if kind == "access":
                assert HOSTILE_PURPOSE in text and "Newsletter <b>bold</b>" in text
                assert "newsletter 49" not in text
            else:
                assert "<img src=x> {% if 1 %}no{% endif %}" in text


def test_only_pdf_and_docx_and_the_three_letters_are_offered(
    workspace: Workspace, tmp_path: Path
) -> None:
    request_id = add_request_for(workspace)
    exports = tmp_path / "exports"
    exports.mkdir()
    with pytest.raises(UserError, match=r"\.pdf or \.docx"):
        export_request_letter(workspace, request_id, "access", exports / "letter.odt")
    with pytest.raises(UserError, match="Unknown letter"):
        export_request_letter(workspace, request_id, "apology", exports / "letter.pdf")
    assert list(exports.iterdir()) == []
