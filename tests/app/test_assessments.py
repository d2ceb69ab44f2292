"""Legitimate-interests and transfer impact assessments: which ones an activity needs, saving
them through the change engine (audited, undoable), and what is refused; on SQLite and
PostgreSQL alike."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.errors import ConflictError, UserError, ValidationError
from app.services.assessments import (
    activity_id_for,
    delete_lia,
    delete_tia,
    lia_for,
    needed_assessments,
    save_lia,
    save_tia,
    tia_for,
)
from app.services.changes import revert_change
from app.services.register import add_activity
from app.storage.workspace import Workspace


def _activity(ws: Workspace, **values: Any) -> int:
    complete = {
        "name": "Customer accounts",
        "purposes": [
            {"key": "account", "purpose": "Running the account", "basis": "6.1.b"},
            {"key": "fraud", "purpose": "Preventing fraud", "basis": "6.1.f"},
            {"key": "offers", "purpose": "Offers to existing customers", "basis": "6.1.f"},
        ],
        "transfers": [
            {"destination": "us", "importer": "Cloudy Inc.", "mechanism": "scc"},
            {"destination": "US", "importer": "Mailer LLC", "mechanism": "scc"},
            {"destination": "JP", "mechanism": "adequacy"},
            {"destination": "Group Services Ltd (IN)", "mechanism": "bcr"},
        ],
        **values,
    }
    return add_activity(ws, complete, actor="tester").record.id


LIA = {
    "interest": "Stopping stolen cards being used on our shop.",
    "necessity": "Only payment patterns are checked.",
    "safeguards": "Scores are deleted after 30 days.",
    "outcome": "passes_with_safeguards",
    "assessed_on": date(2026, 11, 2),
}


def test_needed_assessments_come_from_bases_and_transfer_tools(workspace: Workspace) -> None:
    activity_id = _activity(workspace)
    needed = needed_assessments(workspace, activity_id)
    assert [(n.purpose_key, n.lia_id) for n in needed.lias] == [("fraud", None), ("offers", None)]
    # One TIA per destination on SCCs or BCRs; an adequacy decision needs none.
    assert [(n.destination, n.mechanism) for n in needed.tias] == [
        ("US", "scc"),
        ("Group Services Ltd (IN)", "bcr"),
    ]
    assert needed.tias[0].destination_name == "United States"
    assert needed.missing == 4
    save_lia(workspace, activity_id, "fraud", LIA, actor="tester")
    save_tia(workspace, activity_id, "us", {"outcome": "passes"}, actor="tester")
    needed = needed_assessments(workspace, activity_id)
    assert needed.lias[0].lia_id is not None
    assert needed.tias[0].tia_id is not None
    assert needed.missing == 2


def test_an_lia_is_created_then_updated_and_undone(workspace: Workspace) -> None:
    activity_id = _activity(workspace)
    assert lia_for(workspace, activity_id, "fraud") is None
    created = save_lia(workspace, activity_id, "fraud", LIA, actor="tester").record
    assert (created["purpose_key"], created["outcome"]) == ("fraud", "passes_with_safeguards")
    change = save_lia(
        workspace, activity_id, "fraud", {"outcome": "passes"}, created.version, actor="tester"
    )
    stored = lia_for(workspace, activity_id, "fraud")
    assert stored is not None and stored.id == created.id
    assert stored["outcome"] == "passes"
    with pytest.raises(ConflictError):
        save_lia(workspace, activity_id, "fraud", {"outcome": "fails"}, created.version)
    revert_change(workspace, change.change_id, actor="tester")
    restored = lia_for(workspace, activity_id, "fraud")
    assert restored is not None and restored["outcome"] == "passes_with_safeguards"
    delete_lia(workspace, created.id, None, actor="tester")
    assert lia_for(workspace, activity_id, "fraud") is None


def test_an_lia_belongs_to_a_purpose_of_the_activity(workspace: Workspace) -> None:
    activity_id = _activity(workspace)
    with pytest.raises(UserError, match="not a purpose"):
        save_lia(workspace, activity_id, "nope", LIA)
    with pytest.raises(UserError, match="#999"):
        save_lia(workspace, 999, "fraud", LIA)
    with pytest.raises(ValidationError, match="Outcome"):
        save_lia(workspace, activity_id, "fraud", {"outcome": "maybe"})
    assert lia_for(workspace, activity_id, "fraud") is None


def test_a_tia_is_saved_for_a_transfer_destination(workspace: Workspace) -> None:
    activity_id = _activity(workspace)
    values = {
        "importer": "Cloudy Inc.",
        "transfer_tool": "SCC module 2",
        "law_and_practice": "FISA 702 may reach the importer.",
        "supplementary_measures": "Encryption with keys kept in the EEA.",
        "outcome": "passes_with_safeguards",
        "next_review": date(2027, 11, 1),
    }
    created = save_tia(workspace, activity_id, "us", values, actor="tester").record
    assert created["destination"] == "US"
    found = tia_for(workspace, activity_id, "US")
    assert found is not None and found["supplementary_measures"].startswith("Encryption")
    with pytest.raises(UserError, match="no transfer"):
        save_tia(workspace, activity_id, "CN", values)
    delete_tia(workspace, created.id, created.version, actor="tester")
    assert tia_for(workspace, activity_id, "US") is None


def test_activities_are_found_by_reference_or_id(workspace: Workspace) -> None:
    activity_id = _activity(workspace)
    assert activity_id_for(workspace, "PA-001") == activity_id
    assert activity_id_for(workspace, str(activity_id)) == activity_id
    with pytest.raises(UserError, match="PA-404"):
        activity_id_for(workspace, "PA-404")
