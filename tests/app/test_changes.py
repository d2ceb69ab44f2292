"""The change engine: validation, optimistic locking, audit events, undo and redo."""

from __future__ import annotations

import pytest

from app.errors import ConflictError, ValidationError
from app.services.changes import revert_change
from app.services.history import list_history
from app.services.organisations import (
    delete_organisation,
    get_organisation,
    list_organisations,
    update_organisation,
)
from app.services.team import add_person, list_team, remove_person, update_person
from app.storage.workspace import Workspace


def _org(ws: Workspace):
    return list_organisations(ws)[0]


def test_an_edit_is_stored_with_a_new_version_and_audited(workspace: Workspace) -> None:
    org = _org(workspace)
    result = update_organisation(
        workspace, org.id, {"email": "privacy@acme.example"}, org.version, actor="Alice"
    )
    assert result.record.version == org.version + 1
    assert get_organisation(workspace, org.id)["email"] == "privacy@acme.example"
    latest = list_history(workspace, limit=1)[0]
    assert (latest.actor, latest.record_label, latest.field, latest.old, latest.new) == (
        "Alice",
        "Acme Online SAS",
        "Contact e-mail",
        "—",
        "privacy@acme.example",
    )
    assert latest.change_id == result.change_id


def test_saving_over_a_newer_version_is_a_conflict(workspace: Workspace) -> None:
    org = _org(workspace)
    update_organisation(workspace, org.id, {"sector": "Retail"}, org.version, actor="Bob")
    with pytest.raises(ConflictError) as raised:
        update_organisation(workspace, org.id, {"sector": "Travel"}, org.version, actor="Alice")
    assert raised.value.current_version == org.version + 1
    assert get_organisation(workspace, org.id)["sector"] == "Retail"
    # "Keep mine": the user saves again without naming a version.
    update_organisation(workspace, org.id, {"sector": "Travel"}, None, actor="Alice")
    assert get_organisation(workspace, org.id)["sector"] == "Travel"


def test_bad_input_names_the_field_and_changes_nothing(workspace: Workspace) -> None:
    org = _org(workspace)
    events_before = len(list_history(workspace))
    with pytest.raises(ValidationError) as raised:
        update_organisation(
            workspace, org.id, {"email": "not-an-address", "country": "ZZ9"}, org.version
        )
    fields = {error.field for error in raised.value.errors}
    assert fields == {"email", "country"}
    assert "Contact e-mail" in str(raised.value)
    assert get_organisation(workspace, org.id).version == org.version
    assert len(list_history(workspace)) == events_before


def test_undo_and_redo_of_a_field_edit(workspace: Workspace) -> None:
    org = _org(workspace)
    edit = update_organisation(workspace, org.id, {"legal_name": "Acme Retail SAS"}, org.version)
    undo = revert_change(workspace, edit.change_id)
    assert get_organisation(workspace, org.id)["legal_name"] == "Acme Online SAS"
    redo = revert_change(workspace, undo.change_id, summary="Redo")
    assert get_organisation(workspace, org.id)["legal_name"] == "Acme Retail SAS"
    assert list_history(workspace, limit=1)[0].summary == "Redo"
    assert redo.change_id not in (edit.change_id, undo.change_id)


def test_undo_refuses_to_overwrite_a_later_edit(workspace: Workspace) -> None:
    org = _org(workspace)
    first = update_organisation(workspace, org.id, {"phone": "+33 1 00 00 00 00"}, org.version)
    update_organisation(workspace, org.id, {"phone": "+33 1 99 99 99 99"}, None, actor="Bob")
    with pytest.raises(ConflictError, match="changed since"):
        revert_change(workspace, first.change_id)
    assert get_organisation(workspace, org.id)["phone"] == "+33 1 99 99 99 99"


def test_undo_of_a_creation_and_of_a_deletion(workspace: Workspace) -> None:
    added = add_person(
        workspace, {"name": "Dana Data", "email": "dana@acme.example", "role": "reviewer"}
    )
    person = added.record
    revert_change(workspace, added.change_id)
    assert list_team(workspace) == []
    again = revert_change(workspace, list_history(workspace, limit=1)[0].change_id)
    restored = list_team(workspace)[0]
    assert (restored.id, restored["name"], restored["role"]) == (person.id, "Dana Data", "reviewer")
    removed = remove_person(workspace, restored.id, restored.version)
    assert list_team(workspace) == []
    revert_change(workspace, removed.change_id)
    assert list_team(workspace)[0]["email"] == "dana@acme.example"
    assert again.change_id


def test_an_unchanged_value_writes_no_event(workspace: Workspace) -> None:
    org = _org(workspace)
    before = len(list_history(workspace))
    result = update_organisation(
        workspace, org.id, {"legal_name": "  Acme Online SAS "}, org.version
    )
    assert result.record.version == org.version
    assert len(list_history(workspace)) == before


def test_the_last_organisation_cannot_be_deleted(workspace: Workspace) -> None:
    org = _org(workspace)
    with pytest.raises(Exception, match="at least one organisation"):
        delete_organisation(workspace, org.id, org.version)


def test_role_must_be_one_of_the_team_roles(workspace: Workspace) -> None:
    person = add_person(workspace, {"name": "Eve", "role": "editor"}).record
    with pytest.raises(ValidationError, match="Role"):
        update_person(workspace, person.id, {"role": "admin"}, person.version)


def test_hostile_text_is_stored_as_data(workspace: Workspace) -> None:
    org = _org(workspace)
    hostile = "<script>alert('x')</script> =cmd|' /C calc'!A0 ../../etc/passwd"
    update_organisation(workspace, org.id, {"trading_name": hostile}, org.version)
    assert get_organisation(workspace, org.id)["trading_name"] == hostile


def test_undo_and_redo_of_a_change_whose_records_refer_to_each_other(
    workspace: Workspace,
) -> None:
    """Records are reverted in the reverse order they were written: the activity goes before
    the vendor it names, and comes back after it."""
    from app.services.changes import ChangeWriter
    from app.services.register import list_activity_rows, list_vendor_rows

    controller = list_organisations(workspace)[0].id
    with workspace.writing() as session:
        writer = ChangeWriter(session, "tester", "Import")
        vendor = writer.create("vendor", {"name": "Host SAS", "role": "processor"})
        writer.create(
            "processing_activity",
            {
                "reference": "PA-001",
                "name": "Orders",
                "status": "active",
                "controller_id": controller,
                "recipients": [{"type": "processor", "name": "Host SAS", "vendor_id": vendor.id}],
            },
        )
        created = writer.result()
    undo = revert_change(workspace, created.change_id)
    assert list_activity_rows(workspace) == [] and list_vendor_rows(workspace) == []
    revert_change(workspace, undo.change_id)
    assert [row.reference for row in list_activity_rows(workspace)] == ["PA-001"]
    assert list_vendor_rows(workspace)[0].activity_count == 1
