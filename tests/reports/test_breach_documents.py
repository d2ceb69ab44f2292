"""The breach notification to the authority (Art. 33) and the letter to the people affected
(Art. 34), read back from the PDF and the DOCX; on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import docx
import pypdf
import pytest

from app.errors import UserError
from app.reports.breach_documents import (
    build_breach_notification_context,
    export_breach_notification,
    export_breach_people_letter,
)
from app.services.breaches import add_breach, update_breach
from app.services.organisations import list_organisations, update_organisation
from app.storage.workspace import Workspace

PARIS = ZoneInfo("Europe/Paris")
PENDING = "Not yet known — to be provided in a later phase (Art. 33(4))"
HOSTILE_TITLE = "<script>alert(1)</script> Stolen laptop"
HOSTILE_DESCRIPTION = "A laptop was stolen from a car {{ 7*7 }} <b>today</b>."


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


def set_up_acme(workspace: Workspace) -> None:
    acme = list_organisations(workspace)[0]
    update_organisation(
        workspace,
        acme.id,
        {
            "address": "12 rue de la Paix\n75002 Paris",
            "dpo_kind": "internal",
            "dpo_name": "Claire Dubois",
            "dpo_email": "dpo@acme.example",
            "dpo_phone": "+33 1 23 45 67 89",
            "lead_authority": "CNIL",
        },
        acme.version,
        actor="tester",
    )


def full_breach(**values: Any) -> dict[str, Any]:
    """A breach known in full. Awareness on Saturday 29 March 2025 at 11:30 in Paris: the
    72 hours end on 1 April at 12:30 local time, summer time having begun in between."""
    return {
        "title": HOSTILE_TITLE,
        "time_zone": "Europe/Paris",
        "occurred_from": datetime(2025, 3, 28, 22, 0, tzinfo=PARIS),
        "occurred_to": datetime(2025, 3, 29, 6, 0, tzinfo=PARIS),
        "detected_at": datetime(2025, 3, 29, 9, 15, tzinfo=PARIS),
        "aware_at": datetime(2025, 3, 29, 11, 30, tzinfo=PARIS),
        "description": HOSTILE_DESCRIPTION,
        "cause": "The laptop was left in a car.",
        "types": ["confidentiality"],
        "data_categories": ["contact_details", "Order history"],
        "subject_categories": ["Customers"],
        "approx_subjects": 1200,
        "approx_records": 4500,
        "consequences": "Customers may receive convincing phishing e-mails.",
        "measures_taken": "Remote wipe requested; all passwords reset.",
        "measures_proposed": "Encrypt every laptop by June.",
        "risk_level": "high",
        "risk_reasoning": "Contact data of many customers, not encrypted.",
        "authority": "CNIL",
        **values,
    }


def test_the_notification_gives_the_four_items_of_art_33_3_and_the_timing(
    workspace: Workspace, tmp_path: Path
) -> None:
    set_up_acme(workspace)
    breach = add_breach(workspace, full_breach(), actor="tester").record
    steps: list[int] = []
    output = export_breach_notification(
        workspace,
        breach.id,
        tmp_path / "notification.pdf",
        progress=lambda percent, _message: steps.append(percent),
    )

    text = pdf_text(output)
    for expected in [
        "To the supervisory authority: CNIL",
        "Our reference: BR-001",
        "Notification of a personal data breach (Art. 33 GDPR)",
        # (a) the nature, with categories and approximate numbers of people and records.
        "(a) Nature of the breach",
        HOSTILE_DESCRIPTION,
        "Confidentiality (disclosed or accessed)",
        "Customers",
        "Approximate number of people 1,200",
        "Contact details; Order history",
        "Approximate number of records 4,500",
        # (b) the DPO.
        "(b) Contact point",
        "Data protection officer Claire Dubois",
        "dpo@acme.example",
        "+33 1 23 45 67 89",
        # (c) and (d).
        "(c) Likely consequences Customers may receive convincing phishing e-mails.",
        "(d) Measures taken or proposed",
        "Remote wipe requested; all passwords reset.",
        "Encrypt every laptop by June.",
        # Timing in the breach's zone; 72 hours of real time across the change to summer time.
        "the Europe/Paris time zone",
        "28 March 2025 at 22:00 (UTC+01:00)",
        "We became aware of it 29 March 2025 at 11:30 (UTC+01:00)",
        "Deadline to notify (72 hours, Art. 33(1)) 1 April 2025 at 12:30 (UTC+02:00)",
        # Risk and the people.
        "Likely to result in a high risk to people's rights and freedoms",
        "Contact data of many customers, not encrypted.",
        "the people affected will be informed without undue delay",
    ]:
        assert expected in text, expected
    assert PENDING not in text and "Still to be provided" not in text
    assert steps[0] == 0 and steps[-1] == 100
    metadata = pypdf.PdfReader(output).metadata
    assert metadata is not None and metadata.author == "Acme Online SAS"


def test_a_late_notification_gives_its_reasons(workspace: Workspace, tmp_path: Path) -> None:
    set_up_acme(workspace)
    breach = add_breach(
        workspace,
        full_breach(authority_notified_at=datetime(2025, 4, 2, 10, 0, tzinfo=PARIS)),
        actor="tester",
    ).record
    text = pdf_text(export_breach_notification(workspace, breach.id, tmp_path / "n.pdf"))
    assert "2 April 2025 at 10:00 (UTC+02:00), after the 72 hours" in text
    assert "[To complete: why the notification is made after the 72 hours]" in text

    update_breach(
        workspace, breach.id, {"delay_reasons": "The export's content was known on 1 April."}
    )
    text = pdf_text(export_breach_notification(workspace, breach.id, tmp_path / "n.pdf"))
    assert "Reasons for the delay (Art. 33(1)) The export's content was known on 1 April." in text


def test_items_not_known_yet_are_marked_for_a_later_phase(
    workspace: Workspace, tmp_path: Path
) -> None:
    set_up_acme(workspace)
    aware = datetime.now(UTC) - timedelta(hours=5)
    breach = add_breach(
        workspace, {"title": "Misdirected e-mail", "aware_at": aware}, actor="tester"
    ).record

    text = pdf_text(export_breach_notification(workspace, breach.id, tmp_path / "n.pdf"))

    assert "Still to be provided:" in text
    for item in [
        "(a) a description of what happened",
        "(a) the approximate number of people",
        "(a) the approximate number of records",
        "(c) the likely consequences",
        "(d) the measures taken or proposed",
    ]:
        assert item in text, item
    assert text.count(PENDING) >= 8
    assert "after the 72 hours" not in text  # still within the 72 hours
    context = build_breach_notification_context(workspace, breach.id)
    assert "(b) the contact point" not in context["to_provide"]  # the DPO is known


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"art34_exception": "a"},
            "because of this exception: Data unintelligible, e.g. encrypted (Art. 34(3)(a))",
        ),
        (
            {
                "people_told_at": datetime(2025, 3, 30, 9, 0, tzinfo=PARIS),
                "people_told_how": "e-mail",
            },
            "were informed on 30 March 2025 at 09:00 (UTC+02:00). How: e-mail.",
        ),
        ({"risk_level": "risk"}, "not likely to result in a high risk to them"),
    ],
)
def test_the_notification_says_whether_the_people_are_told(
    workspace: Workspace, tmp_path: Path, changes: dict[str, Any], expected: str
) -> None:
    set_up_acme(workspace)
    breach = add_breach(workspace, full_breach(**changes), actor="tester").record
    text = pdf_text(export_breach_notification(workspace, breach.id, tmp_path / "n.pdf"))
    assert expected in text


def test_the_notification_is_a_pdf(workspace: Workspace, tmp_path: Path) -> None:
    breach = add_breach(workspace, {"title": "Lost USB key"}, actor="tester").record
    with pytest.raises(UserError, match=r"\.pdf"):
        export_breach_notification(workspace, breach.id, tmp_path / "notification.docx")
    assert not (tmp_path / "notification.docx").exists()


def test_the_letter_to_the_people_speaks_plainly(workspace: Workspace, tmp_path: Path) -> None:
    set_up_acme(workspace)
    breach = add_breach(
        workspace,
        full_breach(authority_notified_at=datetime(2025, 3, 31, 10, 0, tzinfo=PARIS)),
        actor="tester",
    ).record

    pdf = pdf_text(export_breach_people_letter(workspace, breach.id, tmp_path / "people.pdf"))
    word_file = export_breach_people_letter(workspace, breach.id, tmp_path / "people.docx")
    word = docx_text(word_file)

    for text in (pdf, word):
        for expected in [
            "Important: an incident affecting your personal data",
            "Dear Sir or Madam,",
            HOSTILE_DESCRIPTION,
            "It happened between 28 March 2025 and 29 March 2025.",
            "Contact details",
            "What this may mean for you",
            "Customers may receive convincing phishing e-mails.",
            "What we have done",
            "Remote wipe requested; all passwords reset.",
            "Encrypt every laptop by June.",
            "We have reported the incident to CNIL",
            "What you can do",
            "We will never ask you for your password.",
            "quoting our reference BR-001",
            "You can contact our data protection officer, Claire Dubois, at dpo@acme.example",
        ]:
            assert expected in text, expected
        assert "[To complete" not in text
    document = docx.Document(str(word_file))
    styles = {paragraph.style.name for paragraph in document.paragraphs if paragraph.style}
    assert {"Heading 1", "Heading 2", "List Bullet"} <= styles


def test_the_letter_to_the_people_shows_what_is_missing(
    workspace: Workspace, tmp_path: Path
) -> None:
    set_up_acme(workspace)
    breach = add_breach(workspace, {"title": "Lost USB key"}, actor="tester").record
    text = pdf_text(export_breach_people_letter(workspace, breach.id, tmp_path / "p.pdf"))
    assert "[To complete: a plain description of what happened]" in text
    assert "[To complete: the likely consequences for the people affected]" in text
    with pytest.raises(UserError, match=r"\.pdf or \.docx"):
        export_breach_people_letter(workspace, breach.id, tmp_path / "p.html")


def test_hostile_text_is_printed_as_text(workspace: Workspace, tmp_path: Path) -> None:
    set_up_acme(workspace)
    breach = add_breach(
        workspace, full_breach(consequences="{% for x in range(3) %}x{% endfor %}"), actor="tester"
    ).record
    text = pdf_text(export_breach_notification(workspace, breach.id, tmp_path / "n.pdf"))
    assert f"Breach: {HOSTILE_TITLE}" in text
    assert HOSTILE_DESCRIPTION in text
    assert "{% for x in range(3) %}x{% endfor %}" in text
    assert "car 49" not in text
