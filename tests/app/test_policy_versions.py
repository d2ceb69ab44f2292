"""Published versions of the privacy policy: kept with their date, hash and register facts;
whether the register changed since; and what a new version would change."""

from __future__ import annotations

import hashlib

import pytest

from app.domain.policy_diff import ChangeKind, PublishedText, diff_sections, split_sentences
from app.domain.policy_sections import policy_text
from app.services.changes import get_record, revert_change
from app.services.policy import build_policy
from app.services.policy_rewording import reword_section
from app.services.policy_versions import (
    list_versions,
    policy_changes,
    publish_policy,
    version_sections,
)
from app.services.register import update_activity
from app.storage.workspace import Workspace
from tests.app.test_policy_register import ORG_ID, build_full_register


@pytest.fixture
def full(workspace: Workspace) -> Workspace:
    build_full_register(workspace)
    return workspace


def test_publishing_keeps_the_version_with_its_hash_and_facts(full: Workspace) -> None:
    policy = build_policy(full, ORG_ID)
    assert policy.version_label == "Draft of version 1"
    result = publish_policy(full, ORG_ID, note="First website version", actor="dpo")
    stored = get_record(full, "policy_version", result.record.id)
    assert stored["number"] == 1
    assert stored["note"] == "First website version"
    expected = hashlib.sha256(policy_text(policy.title, policy.sections).encode()).hexdigest()
    assert stored["content_hash"] == expected == policy.content_hash
    assert stored["facts_hash"] == policy.facts_hash
    assert stored["missing_items"] == []
    keys = [section["key"] for section in stored["sections"]]
    assert keys == [section.key for section in policy.sections]
    transfers = next(s for s in stored["sections"] if s["key"] == "transfers")
    assert transfers["facts"]["transfers"][0]["destination"] == "India"

    again = build_policy(full, ORG_ID)
    assert again.is_published and not again.register_changed
    assert again.version_label == "Version 1"
    versions = list_versions(full, ORG_ID)
    assert [v.number for v in versions] == [1]
    assert versions[0].published_at.tzinfo is not None


def test_the_register_changing_after_publication_is_told_with_a_readable_diff(
    full: Workspace,
) -> None:
    publish_policy(full, ORG_ID)
    update_activity(full, 1, {"transfers": []}, None)
    changes = policy_changes(full, ORG_ID)
    assert changes.register_changed and changes.text_changed
    assert changes.latest is not None and changes.latest.number == 1
    by_key = {change.key: change for change in changes.sections}
    assert by_key["transfers"].kind is ChangeKind.REMOVED
    assert any("India, to Byte Support Pvt" in s for s in by_key["transfers"].removed)

    update_activity(full, 1, {"data_subjects": ["Customers", "Visitors"]}, None)
    about = {c.key: c for c in policy_changes(full, ORG_ID).sections}["about"]
    assert about.kind is ChangeKind.CHANGED
    assert len(about.added) == 1 and "Visitors" in about.added[0]
    assert len(about.removed) == 1 and "Visitors" not in about.removed[0]


def test_a_rewording_changes_the_text_but_not_the_register(full: Workspace) -> None:
    publish_policy(full, ORG_ID)
    reword_section(full, ORG_ID, "changes", "We e-mail you before any change.")
    changes = policy_changes(full, ORG_ID)
    assert not changes.register_changed and changes.text_changed
    [change] = changes.sections
    assert change.added == ["We e-mail you before any change."]


def test_versions_number_up_and_publishing_can_be_undone(full: Workspace) -> None:
    publish_policy(full, ORG_ID)
    update_activity(full, 1, {"automated_decisions": False}, None)
    second = publish_policy(full, ORG_ID, note="No more automated decisions")
    assert [v.number for v in list_versions(full, ORG_ID)] == [2, 1]
    sections = version_sections(full, second.record.id)
    assert "automated" not in [s.key for s in sections]
    revert_change(full, second.change_id)
    assert [v.number for v in list_versions(full, ORG_ID)] == [1]


def test_a_draft_can_be_published_and_records_what_was_missing(workspace: Workspace) -> None:
    result = publish_policy(workspace, ORG_ID)
    assert "N04" in result.record["missing_items"]


def test_before_any_publication_everything_is_new(full: Workspace) -> None:
    changes = policy_changes(full, ORG_ID)
    assert changes.latest is None and not changes.register_changed
    assert all(change.kind is ChangeKind.ADDED for change in changes.sections)


def test_sentences_split_at_full_stops_but_not_inside_references() -> None:
    text = "- We keep it (Art. 6(1)(b)). Then we delete it, e.g. after 3 years.\n# Heading"
    assert split_sentences(text) == [
        "We keep it (Art. 6(1)(b)).",
        "Then we delete it, e.g. after 3 years.",
        "Heading",
    ]


def test_a_section_diff_lists_added_and_removed_sentences() -> None:
    before = [PublishedText("a", "A", "One. Two. Three."), PublishedText("b", "B", "Gone.")]
    after = [PublishedText("a", "A", "One. Deux. Three. Four."), PublishedText("c", "C", "New.")]
    changes = {change.key: change for change in diff_sections(before, after)}
    assert changes["a"].removed == ["Two."] and changes["a"].added == ["Deux.", "Four."]
    assert changes["b"].kind is ChangeKind.REMOVED and changes["b"].removed == ["Gone."]
    assert changes["c"].kind is ChangeKind.ADDED and changes["c"].added == ["New."]
