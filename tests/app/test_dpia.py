"""DPIAs: creation from register activities, edits that reopen a decided DPIA, decisions that
freeze a version with a stable hash (and whose undo removes it), the Art. 36 rule, the rules
on ratings and measure keys, sanitised rich text, and register facts that follow the register;
on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.domain.dpia import DpiaStatus
from app.errors import UserError, ValidationError
from app.services.changes import revert_change
from app.services.dpia import (
    content_hash,
    create_dpia,
    decide_dpia,
    dpia_snapshot,
    find_dpia,
    get_dpia,
    high_residual_risks,
    list_dpia_rows,
    list_versions,
    risk_positions,
    update_dpia,
)
from app.services.dpia_register import merged_facts, register_facts
from app.services.register import add_activity, get_activity, update_activity
from app.services.screenings import save_screening, screening_view
from app.storage.workspace import Workspace

DECIDED_ON = date(2026, 11, 20)


def _activity(ws: Workspace, name: str = "Loyalty programme", **values: Any) -> int:
    complete = {
        "name": name,
        "description": "Points for each purchase; offers matched to what people buy.",
        "purposes": [{"key": "loyal", "purpose": "Rewarding loyal customers", "basis": "6.1.b"}],
        "data_subjects": ["Customers"],
        "data_categories": [
            {"category": "Purchase history", "purpose_keys": ["loyal"], "retention_period": "3y"}
        ],
        **values,
    }
    return add_activity(ws, complete, actor="tester").record.id


def _risks(severity: int = 2, likelihood: int = 2) -> list[dict[str, Any]]:
    return [
        {
            "key": event[:6],
            "event": event,
            "current_severity": 3,
            "current_likelihood": 3,
            "residual_severity": severity,
            "residual_likelihood": likelihood,
        }
        for event in ("illegitimate_access", "unwanted_modification", "disappearance")
    ]


def _dpia(ws: Workspace, **values: Any) -> int:
    return create_dpia(ws, [_activity(ws)], values, actor="tester").record.id


def _approve(ws: Workspace, dpia_id: int) -> Any:
    version = get_dpia(ws, dpia_id).version
    return decide_dpia(
        ws, dpia_id, DpiaStatus.APPROVED, version, decided_by="Claire (DPO)", decided_on=DECIDED_ON
    )


def test_a_dpia_is_created_for_activities_with_the_three_feared_events(
    workspace: Workspace,
) -> None:
    first = _activity(workspace)
    second = _activity(workspace, "Loyalty app")
    save_screening(workspace, first, {"criteria": ["evaluation", "large_scale"]}, actor="tester")
    created = create_dpia(workspace, [first, second], actor="tester").record
    assert created["reference"] == "DPIA-001"
    assert created["title"] == "DPIA: Loyalty programme"
    assert created["status"] == DpiaStatus.DRAFT
    assert created["activity_ids"] == [first, second]
    assert [r["event"] for r in created["risks"]] == [
        "illegitimate_access",
        "unwanted_modification",
        "disappearance",
    ]
    # The screening now records that a DPIA is carried out, and which.
    screening = screening_view(workspace, first).record
    assert screening is not None
    assert (screening["decision"], screening["dpia_id"]) == ("carry_out", created.id)
    row = list_dpia_rows(workspace)[0]
    assert (row.reference, row.activities, row.risks, row.version) == (
        "DPIA-001",
        "PA-001, PA-002",
        3,
        0,
    )
    assert find_dpia(workspace, "DPIA-001").id == created.id
    assert find_dpia(workspace, str(created.id)).id == created.id
    with pytest.raises(UserError, match="DPIA-999"):
        find_dpia(workspace, "DPIA-999")


def test_a_dpia_needs_existing_activities(workspace: Workspace) -> None:
    with pytest.raises(UserError, match="at least one"):
        create_dpia(workspace, [], actor="tester")
    with pytest.raises(UserError, match="#404"):
        create_dpia(workspace, [404], actor="tester")


def test_a_decision_freezes_a_version_with_a_stable_hash(workspace: Workspace) -> None:
    dpia_id = _dpia(workspace, risks=_risks())
    result = _approve(workspace, dpia_id)
    assert [r.record_type for r in result.records] == ["dpia", "dpia_version"]
    decided = get_dpia(workspace, dpia_id)
    assert (decided["status"], decided["decided_on"]) == (DpiaStatus.APPROVED, DECIDED_ON)
    [version] = list_versions(workspace, dpia_id)
    assert (version["number"], version["status"]) == (1, "approved")
    # The hash is of what was frozen: recomputed from the stored snapshot, and from the
    # DPIA and the register as they still are, it is the same.
    assert content_hash(version["snapshot"]) == version["content_hash"]
    assert content_hash(dpia_snapshot(workspace, decided.values)) == version["content_hash"]
    assert version["snapshot"]["register"]["activities"] == [
        {"reference": "PA-001", "name": "Loyalty programme"}
    ]
    assert list_dpia_rows(workspace)[0].version == 1


def test_editing_a_decided_dpia_reopens_it_as_the_next_draft(workspace: Workspace) -> None:
    dpia_id = _dpia(workspace, risks=_risks())
    _approve(workspace, dpia_id)
    decided = get_dpia(workspace, dpia_id)
    # Workflow fields (the next review date) do not reopen it.
    update_dpia(workspace, dpia_id, {"next_review": date(2027, 11, 1)}, decided.version)
    assert get_dpia(workspace, dpia_id)["status"] == DpiaStatus.APPROVED
    current = get_dpia(workspace, dpia_id)
    answers = [{"question": 211, "text": "<p>Rewarding loyal customers.</p>"}]
    update_dpia(workspace, dpia_id, {"answers": answers}, current.version)
    reopened = get_dpia(workspace, dpia_id)
    assert reopened["status"] == DpiaStatus.DRAFT
    assert (reopened["decided_on"], reopened["decided_by"]) == (None, None)
    # The frozen version still holds what was approved; the next decision is version 2.
    [first] = list_versions(workspace, dpia_id)
    assert first["snapshot"]["dpia"]["answers"] == []
    _approve(workspace, dpia_id)
    assert [v["number"] for v in list_versions(workspace, dpia_id)] == [1, 2]


def test_undoing_a_decision_removes_its_version(workspace: Workspace) -> None:
    dpia_id = _dpia(workspace, risks=_risks())
    result = _approve(workspace, dpia_id)
    revert_change(workspace, result.change_id, actor="tester")
    assert list_versions(workspace, dpia_id) == []
    restored = get_dpia(workspace, dpia_id)
    assert (restored["status"], restored["decided_on"]) == (DpiaStatus.DRAFT, None)


def test_approval_is_refused_while_a_high_residual_risk_remains(workspace: Workspace) -> None:
    dpia_id = _dpia(workspace, risks=_risks(severity=3, likelihood=4))
    assert len(high_residual_risks(get_dpia(workspace, dpia_id).values)) == 3
    with pytest.raises(ValidationError, match=r"Art\. 36"):
        _approve(workspace, dpia_id)
    assert list_versions(workspace, dpia_id) == []
    assert get_dpia(workspace, dpia_id)["status"] == DpiaStatus.DRAFT
    # Consulting the authority is the decision left, and it freezes a version too.
    version = get_dpia(workspace, dpia_id).version
    decide_dpia(
        workspace,
        dpia_id,
        DpiaStatus.PRIOR_CONSULTATION,
        version,
        decided_by="Board",
        decided_on=DECIDED_ON,
    )
    assert get_dpia(workspace, dpia_id)["status"] == DpiaStatus.PRIOR_CONSULTATION
    assert len(list_versions(workspace, dpia_id)) == 1


def test_decisions_need_their_reasons(workspace: Workspace) -> None:
    dpia_id = _dpia(workspace, risks=_risks())
    version = get_dpia(workspace, dpia_id).version
    with pytest.raises(ValidationError, match="why"):
        decide_dpia(workspace, dpia_id, DpiaStatus.REFUSED, version, decided_by="Board")
    with pytest.raises(ValidationError, match="conditions"):
        decide_dpia(
            workspace, dpia_id, DpiaStatus.APPROVED_WITH_CONDITIONS, version, decided_by="Board"
        )
    with pytest.raises(UserError, match="not a decision"):
        decide_dpia(workspace, dpia_id, DpiaStatus.DRAFT, version, decided_by="Board")
    assert list_versions(workspace, dpia_id) == []


def test_ratings_must_fit_the_matrix(workspace: Workspace) -> None:
    dpia_id = _dpia(workspace, risks=_risks(severity=4, likelihood=1))
    positions = risk_positions(get_dpia(workspace, dpia_id).values)
    assert positions[0]["residual"][2] == "medium"
    with pytest.raises(ValidationError, match="from 1 to 3"):
        update_dpia(workspace, dpia_id, {"matrix": "ico_3x3"}, None)
    with pytest.raises(ValidationError, match="Severity with all measures: must be at most 4"):
        update_dpia(workspace, dpia_id, {"risks": _risks(severity=5)}, None)
    update_dpia(workspace, dpia_id, {"matrix": "ico_3x3", "risks": _risks(3, 3)}, None)
    assert high_residual_risks(get_dpia(workspace, dpia_id).values)


def test_risks_point_at_the_dpias_measures_by_key(workspace: Workspace) -> None:
    dpia_id = _dpia(workspace)
    risks = [{"key": "access", "event": "illegitimate_access", "measure_keys": ["crypt"]}]
    with pytest.raises(ValidationError, match="crypt"):
        update_dpia(workspace, dpia_id, {"risks": risks}, None)
    measures = [{"key": "crypt", "title": "Encryption at rest", "status": "planned"}]
    update_dpia(workspace, dpia_id, {"risks": risks, "measures": measures}, None)
    stored = get_dpia(workspace, dpia_id)
    assert stored["risks"][0]["measure_keys"] == ["crypt"]
    assert list_dpia_rows(workspace)[0].planned_measures == 1


def test_rich_text_is_sanitised(workspace: Workspace) -> None:
    hostile = (
        '<p onclick="steal()">Kept <strong>bold</strong></p><script>alert(1)</script>'
        '<style>body{display:none}</style><a href="file:///etc/passwd">link</a>'
        '<img src="file:///etc/passwd">'
    )
    dpia_id = _dpia(
        workspace,
        answers=[{"question": 111, "text": hostile}],
        measures=[{"key": "m1", "title": "Logs", "description": hostile}],
        dpo_opinion=hostile,
    )
    stored = get_dpia(workspace, dpia_id)
    for text in (
        stored["answers"][0]["text"],
        stored["measures"][0]["description"],
        stored["dpo_opinion"],
    ):
        assert text == "<p>Kept <strong>bold</strong></p>link"
    with pytest.raises(ValidationError, match="Question"):
        update_dpia(workspace, dpia_id, {"answers": [{"question": 5, "text": "x"}]}, None)


def test_register_facts_follow_the_register(workspace: Workspace) -> None:
    activity_id = _activity(
        workspace,
        transfers=[{"destination": "us", "importer": "Cloudy Inc.", "mechanism": "scc"}],
    )
    dpia_id = create_dpia(workspace, [activity_id], {"risks": _risks()}).record.id
    facts = merged_facts(register_facts(workspace, [activity_id]))
    assert facts["description"] == ["Points for each purchase; offers matched to what people buy."]
    assert facts["purposes"] == ["Rewarding loyal customers"]
    assert facts["transfers"][0].startswith("Cloudy Inc., United States")
    assert facts["retention"] == ["Purchase history: 3y"]
    _approve(workspace, dpia_id)
    activity = get_activity(workspace, activity_id)
    update_activity(workspace, activity_id, {"description": "Points only."}, activity.version)
    assert merged_facts(register_facts(workspace, [activity_id]))["description"] == ["Points only."]
    # The frozen version keeps the facts it was approved on.
    [version] = list_versions(workspace, dpia_id)
    assert version["snapshot"]["register"]["facts"]["description"] == [
        "Points for each purchase; offers matched to what people buy."
    ]
