"""Rewording policy sections: the consultant's words survive regeneration while the facts under
them hold, are set aside for review when they change, and every step is audited and undoable."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.domain import AuditEvent
from app.errors import ConflictError, UserError
from app.services.changes import revert_change
from app.services.organisations import update_organisation
from app.services.policy import build_policy
from app.services.policy_rewording import keep_rewording, reset_section, reword_section
from app.services.register import update_activity
from app.storage.workspace import Workspace
from tests.app.test_policy_register import ORG_ID, build_full_register, normalised

MY_RIGHTS = """You have rights over your data.

- See it, correct it, erase it, limit it, object, take it with you.

# Asking us
Write to dpo@acme.example; we answer within a month."""


@pytest.fixture
def full(workspace: Workspace) -> Workspace:
    build_full_register(workspace)
    return workspace


def test_a_rewording_replaces_the_generated_text_and_survives_regeneration(
    full: Workspace,
) -> None:
    reword_section(full, ORG_ID, "rights", MY_RIGHTS, actor="consultant")
    # A change elsewhere in the register: the rights section's facts stay the same.
    update_activity(full, 1, {"transfers": []}, None)
    section = build_policy(full, ORG_ID).section("rights")
    assert section is not None
    assert section.reworded and not section.review
    assert section.rewording == MY_RIGHTS  # as typed, for the editor
    assert normalised(section.text) == normalised(MY_RIGHTS)  # as published
    kinds = [block.kind for block in section.blocks]
    assert kinds == ["paragraph", "bullets", "subheading", "paragraph"]
    assert "Take it with you." in section.generated_text  # kept for comparison


def test_a_rewording_is_flagged_for_review_when_its_facts_change(full: Workspace) -> None:
    reword_section(full, ORG_ID, "rights", MY_RIGHTS)
    update_organisation(full, ORG_ID, {"dpo_email": "privacy-officer@acme.example"}, None)
    policy = build_policy(full, ORG_ID)
    section = policy.section("rights")
    assert section is not None
    assert section.review and not section.reworded
    # Set aside, not lost: the policy says the generated text, with the new address.
    assert section.rewording == MY_RIGHTS
    assert "Write to us at privacy-officer@acme.example." in section.text
    assert policy.sections_to_review == [section]

    keep_rewording(full, ORG_ID, "rights")
    section = build_policy(full, ORG_ID).section("rights")
    assert section is not None and section.reworded and section.rewording == MY_RIGHTS


def test_a_rewording_that_drops_a_required_contact_fails_the_checklist(full: Workspace) -> None:
    reword_section(full, ORG_ID, "controller", "We are a shop. Write to us.")
    policy = build_policy(full, ORG_ID)
    missing = {item.id for item in policy.missing}
    assert {"N01", "N02", "N03"} <= missing
    assert policy.draft


def test_reset_goes_back_to_the_generated_text(full: Workspace) -> None:
    reword_section(full, ORG_ID, "about", "All about us.")
    reset_section(full, ORG_ID, "about")
    section = build_policy(full, ORG_ID).section("about")
    assert section is not None and section.rewording is None
    assert "This policy explains how" in section.text
    with pytest.raises(UserError):
        reset_section(full, ORG_ID, "about")


def test_rewording_is_audited_and_undoable(full: Workspace) -> None:
    first = reword_section(full, ORG_ID, "changes", "We tell you of every change.", actor="ann")
    second = reword_section(full, ORG_ID, "changes", "We e-mail you before any change.")
    with full.session() as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.record_type == "policy_section_text")
        ).all()
    assert {event.change_id for event in events} == {first.change_id, second.change_id}
    assert any(event.actor == "ann" and event.field == "text" for event in events)

    revert_change(full, second.change_id)
    section = build_policy(full, ORG_ID).section("changes")
    assert section is not None and section.text == "We tell you of every change."
    revert_change(full, first.change_id)
    section = build_policy(full, ORG_ID).section("changes")
    assert section is not None and section.rewording is None


def test_a_stale_edit_is_refused_as_a_conflict(full: Workspace) -> None:
    stored = reword_section(full, ORG_ID, "about", "One.").record
    reword_section(full, ORG_ID, "about", "Two.", expected_version=stored.version)
    with pytest.raises(ConflictError):
        reword_section(full, ORG_ID, "about", "Three.", expected_version=stored.version)


@pytest.mark.parametrize("key", ["summary", "no-such-section"])
def test_only_sections_of_the_policy_can_be_reworded(full: Workspace, key: str) -> None:
    with pytest.raises(UserError):
        reword_section(full, ORG_ID, key, "Anything.")


def test_hostile_text_in_a_rewording_stays_text(full: Workspace) -> None:
    hostile = "<script>alert(1)</script> =cmd|' /C calc'!A0"
    reword_section(full, ORG_ID, "about", hostile)
    section = build_policy(full, ORG_ID).section("about")
    assert section is not None and normalised(section.text) == hostile
